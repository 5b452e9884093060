/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "boot.h"
#include "expect.h"
#include "facts.h"
#include "image.h"
#include "junit.h"
#include "results.h"
#include "suiterun.h"
#include "suites.h"
#include "tap.h"
#include "version.h"

#define HB_SUITE_LIST(name) &suite_##name##_desc,
const struct suite_desc *const suite_descs[] = { HB_SUITES(HB_SUITE_LIST) NULL };
#undef HB_SUITE_LIST

const struct suite_desc *suites_find(const char *name)
{
	for (const struct suite_desc *const *d = suite_descs; name && *d; d++)
		if (!strcmp((*d)->name, name))
			return *d;
	return NULL;
}

static const char *suiterun_known(void)
{
	static char buf[200];

	buf[0] = '\0';
	for (const struct suite_desc *const *d = suite_descs; *d; d++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 buf[0] ? ", " : "", (*d)->name);
	return buf;
}

/* ---- one suite -------------------------------------------------------- */

struct suiterun {
	const struct suiterun_args *a;
	const struct suite_desc *d;
	char *path;                 /* its suite file */
	char *dir;                  /* OUT/NAME */
	struct suite s;
	int loaded;
	json_t *plan;               /* what the boots are: plan.json */
	json_t *planned;            /* section -> how its count was derived */
	struct run_args ra;
	int lock_fd;
	int reused;
};

/* The suite file with one section per image instead of the file's: the
 * file's [suite], [defaults] and [policy] judge images made elsewhere.
 * For an interleaved suite (boottime) the first image is the others'
 * baseline. */
static char *suiterun_images_ini(const struct suiterun *r, char *err, size_t n)
{
	GKeyFile *kf = g_key_file_new();
	GError *ge = NULL;
	gchar **groups;
	char *data;

	if (!g_key_file_load_from_file(kf, r->path, G_KEY_FILE_KEEP_COMMENTS, &ge)) {
		snprintf(err, n, "suite file %s: %s", r->path, ge->message);
		g_error_free(ge);
		g_key_file_free(kf);
		return NULL;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (gchar **g = groups; *g; g++)
		if (strcmp(*g, "suite") && strcmp(*g, "defaults") && strcmp(*g, "policy"))
			g_key_file_remove_group(kf, *g, NULL);
	g_strfreev(groups);
	for (int i = 0; i < r->a->nimages; i++) {
		char *base = g_path_get_basename(r->a->images[i]);
		char *dot = strrchr(base, '.');

		if (dot && !strcmp(dot, ".elf"))
			*dot = '\0';
		g_key_file_set_value(kf, base, "image", r->a->images[i]);
		if (i > 0 && g_key_file_has_key(kf, "suite", "interleave", NULL)) {
			char *first = g_path_get_basename(r->a->images[0]);

			if ((dot = strrchr(first, '.')) && !strcmp(dot, ".elf"))
				*dot = '\0';
			g_key_file_set_value(kf, base, "baseline", first);
			g_free(first);
		}
		g_free(base);
	}
	data = g_key_file_to_data(kf, NULL, NULL);
	g_key_file_free(kf);
	return data;
}

/* Policy names a section expects to fail must be keys of the suite. */
static int suiterun_check_expect(const struct suiterun *r, char *err, size_t n)
{
	for (int i = 0; i < r->s.nsec; i++) {
		const struct expect *x = &r->s.sec[i].exp;

		for (int p = 0; p < x->npolicies; p++)
			if (!policy_find(r->d->policy, x->policies[p]) &&
			    strcmp(x->policies[p], "boots")) {
				snprintf(err, n, "%s: [%s] key 'expect': policy:%s is not a "
					 "policy of suite %s", r->path, r->s.sec[i].name,
					 x->policies[p], r->d->name);
				return -EINVAL;
			}
	}
	return 0;
}

static int suiterun_load(struct suiterun *r, const char *name, char *err, size_t n)
{
	const struct suiterun_args *a = r->a;
	struct suite_overrides ov = { .boots = a->boots, .accel = a->accel,
				      .only = (const char *const *)a->sections,
				      .nonly = a->nsections };
	int rc;

	if (g_str_has_suffix(name, ".ini")) {
		r->path = g_strdup(name);
	} else {
		r->d = suites_find(name);
		if (!r->d) {
			snprintf(err, n, "no suite '%s' (suites: %s, or a suite file)", name,
				 suiterun_known());
			return HB_EXIT_USAGE;
		}
		r->path = g_build_filename(image_suites_dir(), r->d->file, NULL);
	}
	if (a->nimages) {
		char *data = suiterun_images_ini(r, err, n);

		if (!data)
			return HB_EXIT_USAGE;
		memset(&r->s, 0, sizeof(r->s));
		r->s.path = g_strdup(r->path);
		rc = suite_load_data(&r->s, data, strlen(data), r->path, a->images_dir,
				     err, n);
		if (!rc) {
			char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, data, -1);

			snprintf(r->s.sha256, sizeof(r->s.sha256), "%s", sum);
			g_free(sum);
		}
		g_free(data);
	} else {
		rc = suite_load(&r->s, r->path, a->images_dir, err, n);
	}
	r->loaded = 1;
	if (rc)
		return rc == -ENOENT && !g_str_has_suffix(name, ".ini") ? HB_EXIT_INFRA :
		       HB_EXIT_USAGE;
	if (!r->d) {
		r->d = suites_find(r->s.kind);
		if (!r->d) {
			snprintf(err, n, "%s: [suite] kind = %s names no suite (suites: %s)",
				 r->path, r->s.kind ? r->s.kind : "(missing)", suiterun_known());
			return HB_EXIT_USAGE;
		}
	}
	if (policy_check(&r->s, r->d->policy, err, n) ||
	    suiterun_check_expect(r, err, n) || suite_apply(&r->s, &ov, err, n))
		return HB_EXIT_USAGE;
	return 0;
}

/* Boot counts the file does not give, from the policy; what they are. */
static void suiterun_plan(struct suiterun *r, struct suite_ctx *c)
{
	json_t *secs = json_array();

	r->planned = json_object();
	for (int i = 0; i < r->s.nsec; i++) {
		struct section *sec = &r->s.sec[i];
		char why[300] = "";

		if (!sec->boots_set && !r->a->boots && r->d->plan) {
			unsigned long b = r->d->plan(c, sec, why, sizeof(why));

			if (b)
				sec->boots = b;
		}
		if (why[0])
			json_object_set_new(r->planned, sec->name, json_string(why));
		json_t *pats = json_object();

		for (int p = 0; p < sec->npat; p++)
			json_object_set_new(pats, sec->pat[p].key, json_string(sec->pat[p].source));
		json_array_append_new(secs, json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:o}",
			"name", sec->name, "image", sec->img.name, "image_sha256",
			sec->img.sha256, "boots", (json_int_t)sec->boots, "mode", sec->mode,
			"accel", sec->accel, "cpu", sec->cpu, "machine", sec->machine,
			"append", sec->append ? sec->append : "", "qemu_args",
			sec->qemu_args ? sec->qemu_args : "", "inspect", sec->inspect, "qemu", sec->qemu,
			"reset", sec->reset, "memory", (json_int_t)sec->memory, "patterns", pats));
	}
	/* what the boots are, not how they are judged: a changed policy or
	 * expect line re-judges the same boots */
	r->plan = json_pack("{s:s,s:I,s:o}", "suite", r->d->name, "interleave",
			    (json_int_t)r->s.interleave, "sections", secs);
}

/* OUT/NAME: boots of this plan are reused; of another plan, refused. */
static int suiterun_reuse(struct suiterun *r, char *err, size_t n)
{
	char *pj = g_build_filename(r->dir, "plan.json", NULL);
	char *rj = g_build_filename(r->dir, "run.json", NULL);
	json_t *old = NULL, *run = NULL;
	int rc = 0;

	if (access(r->dir, F_OK)) {
		rc = 0; /* a new folder: boot */
	} else if (!(old = json_load_file(pj, 0, NULL))) {
		snprintf(err, n, "%s exists but holds no suite's boots (no plan.json): "
			 "give another -o", r->dir);
		rc = HB_EXIT_USAGE;
	} else if (!json_equal(old, r->plan)) {
		snprintf(err, n, "%s holds boots of another plan (suite file, images, boot "
			 "counts or accelerator differ): give another -o, or remove it", r->dir);
		rc = HB_EXIT_USAGE;
	} else if (!(run = json_load_file(rj, 0, NULL)) ||
		   strcmp(json_string_value(json_object_get(run, "state")) ?: "", "complete")) {
		snprintf(err, n, "%s holds an unfinished run of this plan (state %s): "
			 "its boots are kept; give another -o", r->dir,
			 run ? json_string_value(json_object_get(run, "state")) ?: "?" : "unreadable");
		rc = HB_EXIT_USAGE;
	} else {
		r->reused = 1;
	}
	json_decref(old);
	json_decref(run);
	g_free(pj);
	g_free(rj);
	return rc;
}

/* One suite at a time per OUT/NAME: the .bats files of a suite share it. */
static int suiterun_lock(struct suiterun *r, const char *out, char *err, size_t n)
{
	char *path = g_strdup_printf("%s/.%s.lock", out, r->s.name);

	r->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (r->lock_fd < 0 || flock(r->lock_fd, LOCK_EX)) {
		snprintf(err, n, "lock %s: %s", path, strerror(errno));
		g_free(path);
		return HB_EXIT_INFRA;
	}
	g_free(path);
	return 0;
}

static int suiterun_boot(struct suiterun *r, struct suite_ctx *c)
{
	char *tap = g_build_filename(r->dir, "run.tap", NULL);
	char *pj = g_build_filename(r->dir, "plan.json", NULL);
	FILE *f;
	int rc;

	if (g_mkdir_with_parents(r->dir, 0755)) {
		snprintf(c->err, sizeof(c->err), "mkdir %s: %s", r->dir, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	/* plan.json first: a folder interrupted mid-run says what it held */
	if (json_dump_file(r->plan, pj, JSON_INDENT(1) | JSON_SORT_KEYS)) {
		snprintf(c->err, sizeof(c->err), "write %s: %s", pj, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	if (r->d->boot) {
		rc = r->d->boot(c);
		goto out;
	}
	f = fopen(tap, "we");
	if (!f) {
		snprintf(c->err, sizeof(c->err), "open %s: %s", tap, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	rc = run_suite(&r->s, &r->ra, f, stderr);
	if (fclose(f) && !rc)
		rc = HB_EXIT_INFRA;
	if (rc && rc != HB_EXIT_CHECK)
		snprintf(c->err, sizeof(c->err), "booting the suite failed (exit %d); "
			 "its TAP: %s", rc, tap);
	else
		rc = 0; /* boots that failed are the verdicts' business */
out:
	g_free(tap);
	g_free(pj);
	return rc;
}

/* Every record the suite stated, and its verdicts, into OUT/NAME. */
static int suiterun_write(struct suiterun *r, struct suite_ctx *c)
{
	char by[80];
	json_t *all = json_deep_copy(c->records);

	verdicts_records(c->vs, r->s.name, all);
	snprintf(by, sizeof(by), "suite %s", r->s.name);
	if (results_replace_records(r->dir, "metrics.jsonl", by, all, c->err,
				    sizeof(c->err))) {
		json_decref(all);
		return HB_EXIT_INFRA;
	}
	json_decref(all);
	return 0;
}

static void suiterun_header(const struct suiterun *r, struct tap *t)
{
	GString *pol = g_string_new(NULL);

	for (int i = 0; i < r->s.policy.n; i++)
		g_string_append_printf(pol, "%s%s = %s", i ? ", " : "", r->s.policy.keys[i],
				       r->s.policy.vals[i]);
	tap_diag(t, "suite %s (%s): %s", r->s.name, r->d->name, r->d->about);
	tap_diag(t, "%s: %s; policy: %s", r->s.name, r->path, pol->len ? pol->str : "defaults");
	for (int i = 0; i < r->s.nsec; i++) {
		const struct section *sec = &r->s.sec[i];
		const char *why = json_string_value(json_object_get(r->planned, sec->name));

		tap_diag(t, "%s [%s]: %s, %lu boots%s%s%s", r->s.name, sec->name,
			 sec->img.name, sec->boots, why ? " (" : "", why ? why : "",
			 why ? ")" : "");
	}
	tap_diag(t, "%s: boots %s %s", r->s.name, r->reused ? "reused from" : "in", r->dir);
	g_string_free(pol, TRUE);
}

/* --plan: what a run would boot, and why, with nothing booted. */
static void suiterun_print_plan(const struct suiterun *r)
{
	unsigned long total = 0;

	printf("suite %s (%s), %s:\n", r->s.name, r->d->name, r->path);
	for (int i = 0; i < r->s.nsec; i++) {
		const struct section *sec = &r->s.sec[i];
		const char *why = json_string_value(json_object_get(r->planned, sec->name));

		printf("  %-18s %-18s %7lu boots %-4s  %s\n", sec->name, sec->img.name,
		       sec->boots, sec->mode ? sec->mode : "cold",
		       why ? why : "set in the suite file");
		total += sec->boots;
	}
	printf("  %lu boots in all\n", total);
}

static int suiterun_one(const struct suiterun_args *a, const char *name, const char *out,
			struct verdicts *vs, struct junit *j, struct tap *t, json_t *summary,
			struct headline *h)
{
	struct suiterun r = { .a = a, .lock_fd = -1 };
	struct suite_ctx c = { .vs = vs, .log = stderr };
	char err[512] = "";
	unsigned ok, failed, np, skipped, expected;
	int rc;

	rc = suiterun_load(&r, name, err, sizeof(err));
	if (rc)
		goto out;
	r.dir = g_build_filename(out, r.s.name, NULL);
	r.ra = (struct run_args){ .jobs = a->jobs, .outdir = r.dir, .own_dir = 1, .images_dir = a->images_dir,
				  .progress = a->progress, .console = 1, .interleave = -1 };
	c.desc = r.d;
	c.name = r.s.name;
	c.s = &r.s;
	c.dir = r.dir;
	c.ra = &r.ra;
	c.records = json_array();
	suiterun_plan(&r, &c);
	if (a->plan_only) {
		suiterun_print_plan(&r);
		goto out;
	}
	rc = suiterun_lock(&r, out, err, sizeof(err));
	if (!rc)
		rc = suiterun_reuse(&r, err, sizeof(err));
	if (rc)
		goto out;
	suiterun_header(&r, t);
	if (!r.reused) {
		rc = suiterun_boot(&r, &c);
		if (rc) {
			snprintf(err, sizeof(err), "%s", c.err);
			goto out;
		}
	}
	c.reused = r.reused;
	suites_boots_verdicts(&c);
	rc = r.d->analyze(&c);
	if (rc) {
		snprintf(err, sizeof(err), "suite %s: %s", r.s.name, c.err);
		goto out;
	}
	/* the run's facts (accelerator, seed source, checks skipped): compare
	 * reads records only */
	if (facts_records(r.dir, c.records, err, sizeof(err))) {
		fprintf(stderr, "hardboot: suite %s: %s: its facts are not stated\n",
			r.s.name, err);
		err[0] = '\0';
	}
	verdicts_expect(vs, r.s.name, &r.s);
	if (h && r.d->headline)
		r.d->headline(&c, h);
	verdicts_tap(vs, r.s.name, t);
	verdicts_junit(vs, r.s.name, j);
	rc = suiterun_write(&r, &c);
	if (rc) {
		snprintf(err, sizeof(err), "%s", c.err);
		goto out;
	}
	verdicts_count(vs, r.s.name, &ok, &failed, &np, &skipped, &expected);
	tap_diag(t, "%s: %u ok (%u failures as designed), %u failed, %u not proven, "
		 "%u skipped", r.s.name, ok, expected, failed, np, skipped);
	json_array_append_new(summary, json_pack("{s:s,s:s,s:s,s:O,s:O,s:b,s:{s:i,s:i,s:i,s:i,s:i}}",
		"suite", r.s.name, "file", r.path, "dir", r.dir, "plan", r.plan,
		"planned", r.planned, "reused", r.reused, "verdicts", "ok", (int)ok,
		"failed", (int)failed, "not_proven", (int)np, "skipped", (int)skipped,
		"expected_failures", (int)expected));
	rc = failed ? HB_EXIT_CHECK : 0;
out:
	if (err[0]) {
		fprintf(stderr, "hardboot: %s\n", err);
		tap_diag(t, "%s: %s", r.d ? r.d->name : name, err);
	}
	if (r.lock_fd >= 0)
		close(r.lock_fd);
	if (r.loaded)
		suite_free(&r.s);
	json_decref(c.records);
	json_decref(r.plan);
	json_decref(r.planned);
	g_free(r.path);
	g_free(r.dir);
	return rc;
}

/* ---- the command -------------------------------------------------------- */

static void suiterun_list(void)
{
	for (const struct suite_desc *const *d = suite_descs; *d; d++) {
		printf("%s: %s\n  suite file: %s/%s\n  policy keys ([policy], or policy.KEY "
		       "in a section):\n", (*d)->name, (*d)->about, image_suites_dir(),
		       (*d)->file);
		policy_print_keys((*d)->policy);
		printf("  metric records:");
		for (const char *const *m = (*d)->metrics; m && *m; m++)
			printf(" %s", *m);
		printf("\n\n");
	}
}

static int suiterun_worse(int a, int b)
{
	static const int rank[] = { [HB_EXIT_OK] = 0, [HB_EXIT_CHECK] = 1,
				    [HB_EXIT_USAGE] = 3, [HB_EXIT_INFRA] = 4 };

	if (a == HB_EXIT_INTR || b == HB_EXIT_INTR)
		return HB_EXIT_INTR;
	return rank[a] >= rank[b] ? a : b;
}

int suiterun_main(const struct suiterun_args *a)
{
	GPtrArray *names = g_ptr_array_new();
	struct verdicts vs;
	struct junit j;
	struct tap t;
	char *out, *junit, err[512];
	json_t *summary = json_array(), *doc;
	struct headline hl;
	int code = 0;

	headline_init(&hl);

	if (a->list) {
		suiterun_list();
		headline_free(&hl);
		g_ptr_array_free(names, TRUE);
		json_decref(summary);
		return 0;
	}
	for (int i = 0; i < a->nnames; i++) {
		if (!strcmp(a->names[i], "all"))
			for (const struct suite_desc *const *d = suite_descs; *d; d++)
				g_ptr_array_add(names, (char *)(*d)->name);
		else
			g_ptr_array_add(names, a->names[i]);
	}
	out = a->outdir ? g_strdup(a->outdir) : results_default_dir();
	if (g_mkdir_with_parents(out, 0755)) {
		fprintf(stderr, "hardboot: mkdir %s: %s\n", out, strerror(errno));
		g_free(out);
		g_ptr_array_free(names, TRUE);
		json_decref(summary);
		return HB_EXIT_INFRA;
	}
	verdicts_init(&vs);
	junit_init(&j);
	tap_begin(&t, NULL);
	for (guint i = 0; i < names->len; i++) {
		int rc = suiterun_one(a, names->pdata[i], out, &vs, &j, &t, summary,
				      a->headline ? &hl : NULL);

		code = suiterun_worse(code, rc);
		if (rc == HB_EXIT_INTR)
			break;
	}
	if (a->headline) {
		char *txt;
		size_t len;
		FILE *m = open_memstream(&txt, &len);

		headline_note(&hl, "marks: * a failure the configuration is built to show "
			      "(a broken twin), ! a failure, ? not proven with these boots");
		headline_print(&hl, m);
		fclose(m);
		tap_diag(&t, "headline, %s:", out);
		tap_diag(&t, "%s", txt);
		free(txt);
	}
	tap_plan(&t, t.n);
	junit = a->junit ? g_strdup(a->junit) : g_build_filename(out, "junit.xml", NULL);
	if (junit_write(&j, junit, err, sizeof(err))) {
		fprintf(stderr, "hardboot: %s\n", err);
		code = suiterun_worse(code, HB_EXIT_INFRA);
	}
	doc = json_pack("{s:i,s:s,s:s,s:o}", "schema", HB_RESULTS_SCHEMA, "hardboot",
			HB_RELEASE, "dir", out, "suites", summary);
	{
		char *sj = g_build_filename(out, "suite.json", NULL);

		if (json_dump_file(doc, sj, JSON_INDENT(1)))
			code = suiterun_worse(code, HB_EXIT_INFRA);
		g_free(sj);
	}
	fprintf(stderr, "hardboot: %d verdicts, %d failed; results in %s\n", t.n, t.failed, out);
	json_decref(doc);
	junit_free(&j);
	verdicts_free(&vs);
	headline_free(&hl);
	g_free(junit);
	g_free(out);
	g_ptr_array_free(names, TRUE);
	return code;
}

/* ---- helpers for the suites ---------------------------------------------- */

void suites_records(struct suite_ctx *c, json_t *records)
{
	json_array_extend(c->records, records);
}

/* Every boot of a section against its expect as the suite file says now
 * (reused boots were run under an older file). */
struct suites_boots {
	struct suite_ctx *c;
	unsigned long *n, *ok;
	char **why;
};

static int suites_boot_line(json_t *rec, void *ctx, char *why, size_t n)
{
	struct suites_boots *b = ctx;
	const char *name = json_string_value(json_object_get(rec, "section"));

	(void)why;
	(void)n;
	for (int k = 0; name && k < b->c->s->nsec; k++) {
		char w[200];

		if (strcmp(b->c->s->sec[k].name, name))
			continue;
		b->n[k]++;
		if (expect_boot(&b->c->s->sec[k].exp, rec, w, sizeof(w)))
			b->ok[k]++;
		else if (!b->why[k])
			b->why[k] = g_strdup_printf("boot %lld: %s",
				(long long)json_integer_value(json_object_get(rec, "boot")), w);
	}
	return 0;
}

void suites_boots_verdicts(struct suite_ctx *c)
{
	char *rj = g_build_filename(c->dir, "run.json", NULL);
	json_t *run = json_load_file(rj, 0, NULL), *sec;
	int ns = c->s->nsec;
	struct suites_boots b = { c, g_new0(unsigned long, (size_t)ns + 1),
				  g_new0(unsigned long, (size_t)ns + 1),
				  g_new0(char *, (size_t)ns + 1) };
	char err[512];
	size_t i;

	if (results_each_line(c->dir, "boots.jsonl", 1, suites_boot_line, &b, err, sizeof(err)))
		fprintf(c->log, "hardboot: %s\n", err);
	for (int k = 0; k < ns; k++) {
		const struct section *s = &c->s->sec[k];
		const char *skip = NULL;
		struct verdict *v;

		json_array_foreach(json_object_get(run, "sections"), i, sec)
			if (!strcmp(json_string_value(json_object_get(sec, "name")) ?: "", s->name))
				skip = json_string_value(json_object_get(sec, "skip"));
		if (skip) {
			v = verdict_add(c->vs, c->name, s->name, NULL, "boots", VERDICT_SKIP,
					"%s: boots", s->name);
			verdict_why(v, "%s", skip);
			continue;
		}
		v = verdict_add(c->vs, c->name, s->name, NULL, "boots",
				b.n[k] > 0 && b.ok[k] == b.n[k] ? VERDICT_PASS : VERDICT_FAIL,
				"%s: %lu/%lu boots %s%s%s", s->name, b.ok[k], b.n[k],
				s->exp.outcome != BOOT_PASS ? "as expected: " : "passed",
				s->exp.outcome != BOOT_PASS ? s->exp.text : "",
				b.why[k] ? "; first not: " : "");
		if (b.why[k]) {
			char *t = g_strconcat(v->text, b.why[k], NULL);

			g_free(v->text);
			v->text = t;
		}
		json_object_set_new(v->data, "expect", json_string(s->exp.text));
		json_object_set_new(v->data, "n", json_integer((json_int_t)b.n[k]));
		json_object_set_new(v->data, "as_expected", json_integer((json_int_t)b.ok[k]));
	}
	json_decref(run);
	g_free(rj);
	g_free(b.n);
	g_free(b.ok);
	g_strfreev(b.why);
}

/* ---- for the suites' headline columns ------------------------------------ */

const struct verdict *suites_verdict(const struct suite_ctx *c, const char *subject,
				     const char *policy)
{
	for (guint k = 0; k < c->vs->v->len; k++) {
		const struct verdict *v = c->vs->v->pdata[k];

		if (!strcmp(v->suite, c->name) && !strcmp(v->subject, subject) &&
		    !strcmp(v->policy, policy))
			return v;
	}
	return NULL;
}

json_t *suites_record(const struct suite_ctx *c, const char *metric, const char *subject)
{
	size_t i;
	json_t *m;

	json_array_foreach(c->records, i, m)
		if (!g_strcmp0(json_string_value(json_object_get(m, "metric")), metric) &&
		    !g_strcmp0(json_string_value(json_object_get(m, "subject")), subject))
			return m;
	return NULL;
}

const char *suites_mark(const struct verdict *v)
{
	if (!v || v->st == VERDICT_PASS || v->st == VERDICT_SKIP)
		return "";
	if (v->st == VERDICT_NOT_PROVEN)
		return "?";
	return v->expected ? "*" : "!";
}

/* A section's non-pass verdicts, "name*, name!"; "ok" when none. */
void suites_summary(const struct suite_ctx *c, const char *section, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (guint k = 0; k < c->vs->v->len; k++) {
		const struct verdict *v = c->vs->v->pdata[k];
		const char *m = suites_mark(v);

		if (strcmp(v->suite, c->name) || strcmp(v->section, section) || !*m ||
		    (len && strstr(out, v->policy)))
			continue;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s%s",
					len ? ", " : "", v->policy, m);
	}
	if (!out[0])
		snprintf(out, n, "ok");
}
