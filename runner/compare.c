/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare: pairs the metric records of two runs, hands each pair
 * to its family (compare.h), and keeps the false-alarm budget: every
 * family's p-value enters one Holm step-down at the family-wise alpha, so
 * a night with nothing changed passes with probability >= 1 - alpha
 * whatever the number of metrics.  Changes that need no statistics (a seed
 * source that changed, KVM fallen back to TCG, a check turned SKIP, a
 * known answer lost, a metric gone) are certain and bypass the budget.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_errno.h>

#include "stats.h"
#include "compare.h"
#include "metric.h"
#include "results.h"
#include "run.h"

const char *const cmp_verdict_names[CMP_NVERDICTS] = {
	[CMP_SAME] = "same",
	[CMP_BETTER] = "better",
	[CMP_WORSE] = "worse",
	[CMP_DIFFERS] = "differs",
	[CMP_GONE] = "gone",
	[CMP_NEW] = "new",
	[CMP_UNTESTED] = "not compared",
};

/* The table: first match wins, so specific patterns come first. */
const struct cmp_family *const cmp_families[] = {
	&cmp_exact_family,
	&cmp_rate_family,
	&cmp_entropy_family,
	&cmp_collision_family,
	&cmp_verdict_family,
	&cmp_boottime_family,
	&cmp_interval_family,
	NULL,
};

void cmp_opts_default(struct cmp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.01;
	o->noise = 0.25;
	o->quantile = 0.10;
	o->confidence = 0.95;
	o->bootstrap = 2000;
	o->seed = 1;
}

const struct cmp_family *cmp_family_for(const char *metric)
{
	for (const struct cmp_family *const *f = cmp_families; *f; f++)
		for (const char *const *m = (*f)->match; m && *m; m++)
			if (g_pattern_match_simple(*m, metric))
				return *f;
	return &cmp_interval_family;
}

double cmp_num(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *cmp_str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

int cmp_direction(json_t *a, json_t *b)
{
	const char *better = cmp_str(b, "better") ?: cmp_str(a, "better");
	double va = cmp_num(a, "value"), vb = cmp_num(b, "value");

	if (!better || isnan(va) || isnan(vb) || va == vb)
		return 0;
	if (!strcmp(better, "higher"))
		return vb > va ? 1 : -1;
	if (!strcmp(better, "lower"))
		return vb < va ? 1 : -1;
	return 0;
}

const char *cmp_section(const char *subject, char *buf, size_t n)
{
	const char *slash = strchr(subject, '/');

	g_strlcpy(buf, subject, slash && (size_t)(slash - subject) < n ?
		  (size_t)(slash - subject) + 1 : n);
	return buf;
}

json_t *cmp_run_section(const struct cmp_run *r, const char *section)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(r->run, "sections"), i, s)
		if (!g_strcmp0(cmp_str(s, "name"), section))
			return s;
	return NULL;
}

void cmp_fmt_value(json_t *rec, char *buf, size_t n)
{
	json_t *v = json_object_get(rec, "value");
	const char *unit = cmp_str(rec, "unit") ?: "";
	double x = json_number_value(v);

	if (!rec) {
		snprintf(buf, n, "-");
	} else if (json_is_string(v)) {
		snprintf(buf, n, "%s", json_string_value(v));
	} else if (!json_is_number(v)) {
		snprintf(buf, n, "-");
	} else if (!strcmp(unit, "ratio")) {
		snprintf(buf, n, "%.3g%%", 100 * x);
	} else if (!strcmp(unit, "bool")) {
		snprintf(buf, n, "%s", x != 0 ? "yes" : "no");
	} else if (!strcmp(unit, "ns") && fabs(x) >= 1e4) {
		snprintf(buf, n, "%.4g ms", x / 1e6);
	} else if (!strcmp(unit, "ticks")) {
		snprintf(buf, n, "%.4g Mticks", x / 1e6);
	} else {
		snprintf(buf, n, "%.4g%s%s", x, unit[0] ? " " : "", unit);
	}
}

/* ---- loading ------------------------------------------------------------- */

static int cmp_metric_add(json_t *m, void *ctx, char *why, size_t n)
{
	json_int_t schema = json_integer_value(json_object_get(m, "schema"));

	if (!json_is_object(m) || !cmp_str(m, "metric") || !cmp_str(m, "subject")) {
		snprintf(why, n, "not a metric record (metric, subject)");
		return -EINVAL;
	}
	if (schema != METRIC_SCHEMA) {
		snprintf(why, n, "metric schema %lld, this hardboot reads %d",
			 (long long)schema, METRIC_SCHEMA);
		return -EINVAL;
	}
	return json_array_append((json_t *)ctx, m) ? -ENOMEM : 0;
}

/* No metrics at all is a result (every record will be "gone"), an
 * unreadable file is not. */
static int cmp_load_metrics(struct cmp_run *r, char *err, size_t n)
{
	return results_each_line(r->dir, "metrics.jsonl", 1, cmp_metric_add,
				 r->recs, err, n);
}

static int cmp_load(struct cmp_run *r, const char *dir, char *err, size_t n)
{
	char *p = g_build_filename(dir, "run.json", NULL);
	char *b = g_build_filename(dir, "boots.jsonl", NULL);
	int rc = 0;

	r->dir = dir;
	r->recs = json_array();
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		snprintf(err, n, "%s: not a results directory", dir);
		rc = -ENOENT;
		goto out;
	}
	r->run = json_load_file(p, 0, NULL);
	if (r->run && json_integer_value(json_object_get(r->run, "schema")) != 1) {
		snprintf(err, n, "%s: run.json schema %lld, this hardboot reads 1", dir,
			 (long long)json_integer_value(json_object_get(r->run, "schema")));
		rc = -EINVAL;
		goto out;
	}
	rc = cmp_load_metrics(r, err, n);
	if (!rc && g_file_test(b, G_FILE_TEST_EXISTS)) {
		char *dirs[] = { (char *)dir };

		rc = samples_load(&r->s, dirs, 1, err, n);
		r->have_samples = !rc;
		if (rc)
			samples_free(&r->s);
	}
out:
	g_free(p);
	g_free(b);
	return rc;
}

/* The accelerator a section asked for: "accel=X requested" is explicit;
 * any other reason means auto chose it (probe, /dev/kvm unusable). */
static int cmp_accel_requested(json_t *sec)
{
	const char *why = cmp_str(sec, "accel_why");

	return why && !strncmp(why, "accel=", 6);
}

static int cmp_refuse(struct cmp_ctx *c, char *err, size_t n)
{
	json_t *qa = json_object_get(c->a.run, "qemu_version");
	json_t *qb = json_object_get(c->b.run, "qemu_version");
	json_t *s;
	size_t i;

	if (qa && qb && !json_equal(qa, qb)) {
		char *ja = json_dumps(qa, JSON_COMPACT), *jb = json_dumps(qb, JSON_COMPACT);

		if (!c->o.force)
			snprintf(err, n, "different QEMU versions: BASE %s, NEW %s "
				 "(--force compares anyway)", ja, jb);
		else
			json_array_append_new(c->notes, json_sprintf(
				"Forced across QEMU versions: BASE %s, NEW %s.", ja, jb));
		free(ja);
		free(jb);
		if (!c->o.force)
			return -EINVAL;
	}
	json_array_foreach(json_object_get(c->a.run, "sections"), i, s) {
		json_t *t = cmp_run_section(&c->b, cmp_str(s, "name"));
		const char *xa = cmp_str(s, "accel"), *xb = cmp_str(t, "accel");

		if (!t || !xa || !xb || !strcmp(xa, xb))
			continue;
		/* Both asked for: a different configuration, not a fallback
		 * (a fallback is judged: see compare_exact.c). */
		if (cmp_accel_requested(s) && cmp_accel_requested(t)) {
			if (!c->o.force) {
				snprintf(err, n, "[%s]: accelerator %s in BASE, %s in NEW, "
					 "both requested (--force compares anyway)",
					 cmp_str(s, "name"), xa, xb);
				return -EINVAL;
			}
			json_array_append_new(c->notes, json_sprintf(
				"Forced across accelerators: [%s] %s in BASE, %s in NEW; "
				"its boot times are not compared.", cmp_str(s, "name"), xa, xb));
		}
	}
	return 0;
}

/* A merged run (hardboot merge) records each shard's host: boots from
 * several machines are no one machine's boot times. */
static void cmp_host_shards(struct cmp_ctx *c, const struct cmp_run *r, const char *side)
{
	const char *first = cmp_str(r->run, "host");
	json_t *sh;
	size_t i;

	json_array_foreach(json_object_get(r->run, "merged_from"), i, sh) {
		const char *h = cmp_str(sh, "host");

		if (c->same_host && g_strcmp0(h, first)) {
			c->same_host = 0;
			snprintf(c->host_why, sizeof(c->host_why), "%s is merged from shards of "
				 "several hosts (%s, %s)", side, first ?: "?", h ?: "?");
		}
	}
}

/* Boot times are comparable only from one machine kind: same host name,
 * CPU model and kernel (the accelerator is checked per section). */
static void cmp_host(struct cmp_ctx *c)
{
	const char *keys[] = { "host", "cpu" };

	c->same_host = c->a.run && c->b.run;
	if (!c->same_host)
		snprintf(c->host_why, sizeof(c->host_why), "no run.json on one side");
	for (size_t i = 0; c->same_host && i < G_N_ELEMENTS(keys); i++) {
		const char *x = cmp_str(c->a.run, keys[i]), *y = cmp_str(c->b.run, keys[i]);

		if (g_strcmp0(x, y)) {
			c->same_host = 0;
			snprintf(c->host_why, sizeof(c->host_why), "%s differs: %s in BASE, "
				 "%s in NEW", keys[i], x ?: "?", y ?: "?");
		}
	}
	if (c->same_host && !json_equal(json_object_get(c->a.run, "kernel"),
					json_object_get(c->b.run, "kernel"))) {
		c->same_host = 0;
		snprintf(c->host_why, sizeof(c->host_why), "host kernel differs");
	}
	cmp_host_shards(c, &c->a, "BASE");
	cmp_host_shards(c, &c->b, "NEW");
}

void cmp_init_mem(struct cmp_ctx *c, const struct cmp_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->o = *o;
	c->notes = json_array();
	c->a.dir = "BASE";
	c->b.dir = "NEW";
	c->a.recs = json_array();
	c->b.recs = json_array();
	snprintf(c->host_why, sizeof(c->host_why), "no run.json on one side");
}

int cmp_open(struct cmp_ctx *c, const struct cmp_opts *o, const char *base,
	     const char *newdir, char *err, size_t n)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->o = *o;
	c->notes = json_array();
	rc = cmp_load(&c->a, base, err, n);
	if (!rc)
		rc = cmp_load(&c->b, newdir, err, n);
	if (!rc)
		rc = cmp_refuse(c, err, n);
	if (rc)
		return rc;
	cmp_host(c);
	cmp_derive(&c->a);
	cmp_derive(&c->b);
	return 0;
}

/* ---- pairing, Holm, verdicts ----------------------------------------------- */

static char *cmp_key(json_t *m)
{
	return g_strdup_printf("%s\n%s", cmp_str(m, "metric"), cmp_str(m, "subject"));
}

/* metric+subject -> record; a record repeated (a suite run twice over one
 * directory) counts once, the last one. */
static GHashTable *cmp_index(json_t *recs, GPtrArray *order)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	json_t *m;
	size_t i;

	json_array_foreach(recs, i, m) {
		char *k = cmp_key(m);

		if (!g_hash_table_contains(h, k) && order)
			g_ptr_array_add(order, m);
		g_hash_table_replace(h, k, m);
	}
	return h;
}

static void cmp_item_init(struct cmp_item *it, json_t *a, json_t *b)
{
	json_t *m = a ? a : b;

	memset(it, 0, sizeof(*it));
	it->metric = cmp_str(m, "metric");
	it->subject = cmp_str(m, "subject");
	it->a = a;
	it->b = b;
	it->p = it->p_adj = NAN;
	it->v = CMP_SAME;
}

static void cmp_one(struct cmp_ctx *c, struct cmp_item *it)
{
	const char *ua = cmp_str(it->a, "unit"), *ub = cmp_str(it->b, "unit");

	it->fam = cmp_family_for(it->metric);
	if (it->fam->skip) {
		it->v = CMP_UNTESTED;
		snprintf(it->note, sizeof(it->note), "%s", it->fam->skip);
		return;
	}
	if (g_strcmp0(ua, ub)) {
		it->v = CMP_UNTESTED;
		snprintf(it->note, sizeof(it->note), "units differ: %s in BASE, %s in NEW",
			 ua ?: "none", ub ?: "none");
		return;
	}
	snprintf(it->test, sizeof(it->test), "%s", it->fam->test);
	it->fam->compare(c, it);
}

/* One p per hypothesis: items that share a test count once in Holm. */
static void cmp_holm(struct cmp_result *r)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	double *p = g_new(double, r->n ? r->n : 1), *adj = g_new(double, r->n ? r->n : 1);
	size_t m = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct cmp_item *it = &r->items[i];
		gpointer idx;

		if (isnan(it->p) || it->certain || it->v == CMP_UNTESTED)
			continue;
		if (!it->hyp[0])
			snprintf(it->hyp, sizeof(it->hyp), "%s\n%s", it->metric, it->subject);
		if (g_hash_table_lookup_extended(h, it->hyp, NULL, &idx)) {
			size_t j = GPOINTER_TO_SIZE(idx) - 1;

			p[j] = fmin(p[j], it->p);
			continue;
		}
		p[m] = it->p;
		g_hash_table_insert(h, it->hyp, GSIZE_TO_POINTER(m + 1));
		m++;
	}
	stats_holm(p, m, adj);
	for (size_t i = 0; i < r->n; i++) {
		struct cmp_item *it = &r->items[i];
		gpointer idx;

		if (!it->hyp[0] || !g_hash_table_lookup_extended(h, it->hyp, NULL, &idx))
			continue;
		it->p_adj = adj[GPOINTER_TO_SIZE(idx) - 1];
	}
	r->ntests = m;
	g_hash_table_destroy(h);
	g_free(p);
	g_free(adj);
}

static void cmp_decide(const struct cmp_ctx *c, struct cmp_item *it)
{
	static const enum cmp_verdict by_dir[3] = { CMP_WORSE, CMP_DIFFERS, CMP_BETTER };

	if (it->v != CMP_SAME)
		return;
	if (it->certain) {
		it->v = by_dir[it->dir + 1];
		return;
	}
	if (isnan(it->p)) {
		it->v = it->note[0] || !it->test[0] ? CMP_UNTESTED : CMP_SAME;
		return;
	}
	if (it->p_adj < c->o.alpha && !it->within_noise)
		it->v = by_dir[it->dir + 1];
}

void cmp_run_all(struct cmp_ctx *c, struct cmp_result *r)
{
	GPtrArray *oa = g_ptr_array_new(), *ob = g_ptr_array_new();
	GHashTable *ha = cmp_index(c->a.recs, oa), *hb = cmp_index(c->b.recs, ob);

	memset(r, 0, sizeof(*r));
	r->items = g_new0(struct cmp_item, oa->len + ob->len + 1);
	for (guint i = 0; i < oa->len; i++) {
		char *k = cmp_key(g_ptr_array_index(oa, i));
		json_t *a = g_hash_table_lookup(ha, k), *b = g_hash_table_lookup(hb, k);
		struct cmp_item *it = &r->items[r->n++];

		cmp_item_init(it, a, b);
		if (!b) {
			it->v = CMP_GONE;
			it->fam = cmp_family_for(it->metric);
			snprintf(it->note, sizeof(it->note), "in BASE, missing from NEW: "
				 "the suite did not measure it");
		} else {
			cmp_one(c, it);
		}
		g_free(k);
	}
	for (guint i = 0; i < ob->len; i++) {
		char *k = cmp_key(g_ptr_array_index(ob, i));

		if (!g_hash_table_contains(ha, k)) {
			struct cmp_item *it = &r->items[r->n++];

			cmp_item_init(it, NULL, g_hash_table_lookup(hb, k));
			it->v = CMP_NEW;
			it->fam = cmp_family_for(it->metric);
			snprintf(it->note, sizeof(it->note), "only in NEW");
		}
		g_free(k);
	}
	cmp_holm(r);
	for (size_t i = 0; i < r->n; i++) {
		cmp_decide(c, &r->items[i]);
		r->count[r->items[i].v]++;
	}
	g_hash_table_destroy(ha);
	g_hash_table_destroy(hb);
	g_ptr_array_free(oa, TRUE);
	g_ptr_array_free(ob, TRUE);
}

void cmp_result_free(struct cmp_result *r)
{
	g_free(r->items);
	memset(r, 0, sizeof(*r));
}

void cmp_close(struct cmp_ctx *c)
{
	struct cmp_run *side[2] = { &c->a, &c->b };

	for (int i = 0; i < 2; i++) {
		cmp_entropy_free(side[i]);
		if (side[i]->have_samples)
			samples_free(&side[i]->s);
		json_decref(side[i]->run);
		json_decref(side[i]->recs);
	}
	json_decref(c->notes);
	memset(c, 0, sizeof(*c));
}

/* ---- the command ---------------------------------------------------------- */

static int compare_write_json(const char *path, json_t *doc, char *err, size_t n)
{
	if (json_dump_file(doc, path, JSON_INDENT(1) | JSON_REAL_PRECISION(10))) {
		snprintf(err, n, "--json-file %s: %s", path, strerror(errno ? errno : EIO));
		return -EIO;
	}
	return 0;
}

/* The Markdown summary: into --markdown FILE, else on stdout unless --json
 * has stdout.  0 or HB_EXIT_INFRA. */
static int compare_markdown(const struct compare_args *a, const struct cmp_ctx *c,
			    const struct cmp_result *r)
{
	FILE *md = stdout;

	if (!a->markdown && a->json)
		return 0;
	if (a->markdown && !(md = fopen(a->markdown, "we"))) {
		fprintf(stderr, "hardboot compare: --markdown %s: %s\n", a->markdown,
			strerror(errno));
		return HB_EXIT_INFRA;
	}
	cmp_markdown(md, c, r, a->all);
	if (md != stdout && fclose(md)) {
		fprintf(stderr, "hardboot compare: --markdown %s: %s\n", a->markdown,
			strerror(errno));
		return HB_EXIT_INFRA;
	}
	return 0;
}

/* Every comparison as JSON: on stdout (--json), into --json-file FILE. */
static int compare_json(const struct compare_args *a, const struct cmp_ctx *c,
			const struct cmp_result *r)
{
	json_t *doc;
	char err[512];
	int rc = 0;

	if (!a->json && !a->json_file)
		return 0;
	doc = cmp_json(c, r);
	if (a->json_file && compare_write_json(a->json_file, doc, err, sizeof(err))) {
		fprintf(stderr, "hardboot compare: %s\n", err);
		rc = HB_EXIT_INFRA;
	}
	if (!rc && a->json) {
		json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		putchar('\n');
	}
	json_decref(doc);
	return rc;
}

int compare_main(const struct compare_args *a)
{
	struct cmp_ctx c;
	struct cmp_result r;
	char err[512];
	int rc;

	/* GSL's default handler aborts on a domain error deep in a tail; a
	 * NaN p-value is reported as "not compared" instead. */
	gsl_set_error_handler_off();
	rc = cmp_open(&c, &a->o, a->base, a->newdir, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot compare: %s\n", err);
		cmp_close(&c);
		return rc == -EINVAL || rc == -ENOENT ? HB_EXIT_USAGE : HB_EXIT_INFRA;
	}
	cmp_run_all(&c, &r);
	rc = compare_markdown(a, &c, &r);
	if (!rc && a->junit && cmp_junit(a->junit, &c, &r, err, sizeof(err))) {
		fprintf(stderr, "hardboot compare: %s\n", err);
		rc = HB_EXIT_INFRA;
	}
	if (!rc)
		rc = compare_json(a, &c, &r);
	if (!rc)
		rc = r.count[CMP_WORSE] + r.count[CMP_GONE] ? HB_EXIT_CHECK : HB_EXIT_OK;
	fprintf(stderr, "hardboot compare: %zu worse, %zu gone, %zu better, %zu same, "
		"%zu not compared; Holm over %zu tests at alpha %g\n", r.count[CMP_WORSE],
		r.count[CMP_GONE], r.count[CMP_BETTER], r.count[CMP_SAME],
		r.count[CMP_UNTESTED], r.ntests, c.o.alpha);
	cmp_result_free(&r);
	cmp_close(&c);
	return rc;
}
