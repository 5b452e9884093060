/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare: pairs the metric records of two runs, hands each pair
 * to the family of the kind the record declares (compare.h), and keeps
 * the false-alarm budget: every tested pair's p-value enters one Holm
 * step-down at the family-wise alpha, so a night with nothing changed
 * passes with probability >= 1 - alpha whatever the number of records.
 * Changes that need no statistics (a seed source that changed, KVM fallen
 * back to TCG, PASS turned SKIP, a known answer lost, a record gone) are
 * certain and bypass the budget.  Changed records of one subject are one
 * finding: one row.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_errno.h>

#include "compare.h"
#include "metric.h"
#include "results.h"
#include "run.h"
#include "stats.h"
#include "suites.h"
#include "version.h"

const char *const compare_verdict_names[COMPARE_NVERDICTS] = {
	[COMPARE_SAME] = "same",
	[COMPARE_BETTER] = "better",
	[COMPARE_WORSE] = "worse",
	[COMPARE_DIFFERS] = "differs",
	[COMPARE_GONE] = "gone",
	[COMPARE_NEW] = "new",
	[COMPARE_UNTESTED] = "not compared",
	[COMPARE_SHOWN] = "shown",
};

/* The record's kind -> its test: explicit, one line each (metric.h). */
const struct compare_kind compare_kinds[] = {
	{ METRIC_FACT, &compare_exact_family },
	{ METRIC_VERDICT, &compare_policy_family },
	{ METRIC_RATE, &compare_rate_family },
	{ METRIC_SKIPS, &compare_skips_family },
	{ METRIC_COLLISION, &compare_collision_family },
	{ METRIC_PVALUE, &compare_pvalue_family },
	{ METRIC_ASSESSMENT, &compare_verdict_family },
	{ METRIC_AB, &compare_ab_family },
	{ METRIC_TREND, &compare_shown_family },
	{ METRIC_VIEW, &compare_shown_family },
	{ METRIC_INFO, &compare_shown_family },
	{ NULL, NULL },
};

static void compare_shown(struct compare_ctx *c, struct compare_item *it)
{
	(void)c;
	snprintf(it->note, sizeof(it->note), "%s: shown, never a gate",
		 compare_str(it->b ? it->b : it->a, "compare"));
}

const struct compare_family compare_shown_family = {
	.name = "shown",
	.test = "none: a trend across nights, a view of a sample tested by another "
		"record of the subject, or context",
	.compare = compare_shown,
	.shown = 1,
};

void compare_opts_default(struct compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.01;
}

const struct compare_family *compare_family_for(json_t *rec)
{
	const char *k = compare_str(rec, "compare");

	for (const struct compare_kind *x = compare_kinds; k && x->kind; x++)
		if (!strcmp(x->kind, k))
			return x->fam;
	return NULL;
}

double compare_num(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *compare_str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

int compare_direction(json_t *a, json_t *b)
{
	const char *better = compare_str(b, "better") ?: compare_str(a, "better");
	double va = compare_num(a, "value"), vb = compare_num(b, "value");

	if (!better || isnan(va) || isnan(vb) || va == vb)
		return 0;
	if (!strcmp(better, "higher"))
		return vb > va ? 1 : -1;
	if (!strcmp(better, "lower"))
		return vb < va ? 1 : -1;
	return 0;
}

void compare_fmt_value(json_t *rec, char *buf, size_t n)
{
	json_t *v = json_object_get(rec, "value");
	const char *unit = compare_str(rec, "unit") ?: "";
	double x = json_number_value(v);

	if (!rec) {
		snprintf(buf, n, "-");
	} else if (compare_str(rec, "verdict") && !strcmp(compare_str(rec, "compare") ?: "",
						      METRIC_VERDICT)) {
		snprintf(buf, n, "%s%s", compare_str(rec, "verdict"),
			 json_is_true(json_object_get(rec, "expected")) ? " (by design)" : "");
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

static int compare_metric_add(json_t *m, void *ctx, char *why, size_t n)
{
	if (!json_is_object(m) || !compare_str(m, "metric") || !compare_str(m, "subject")) {
		snprintf(why, n, "not a metric record (metric, subject)");
		return -EINVAL;
	}
	return json_array_append((json_t *)ctx, m) ? -ENOMEM : 0;
}

/* Neither run.json nor metrics.jsonl: no results directory, and nothing
 * may pass for want of records.  hardboot suite's OUT holds one per
 * suite: name them. */
static int compare_load_which(const struct compare_run *r, const char *dir, char *err, size_t n)
{
	char *m = g_build_filename(dir, "metrics.jsonl", NULL);
	char *sj = g_build_filename(dir, "suite.json", NULL);
	json_t *doc = NULL, *s;
	int rc = 0;
	size_t i;

	if (r->run || g_file_test(m, G_FILE_TEST_EXISTS))
		goto out;
	rc = -ENOENT;
	doc = json_load_file(sj, 0, NULL);
	if (!doc) {
		snprintf(err, n, "%s: no run.json and no metrics.jsonl: not a results "
			 "directory", dir);
		goto out;
	}
	snprintf(err, n, "%s holds the runs of several suites: give one of", dir);
	json_array_foreach(json_object_get(doc, "suites"), i, s)
		snprintf(err + strlen(err), n - strlen(err), " %s",
			 compare_str(s, "dir") ?: "?");
out:
	json_decref(doc);
	g_free(m);
	g_free(sj);
	return rc;
}

static int compare_load(struct compare_run *r, const char *dir, char *err, size_t n)
{
	char *p = g_build_filename(dir, "run.json", NULL);
	char *pl = g_build_filename(dir, "plan.json", NULL);
	int rc = 0;

	r->dir = dir;
	r->recs = json_array();
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		snprintf(err, n, "%s: not a results directory", dir);
		rc = -ENOENT;
		goto out;
	}
	r->run = json_load_file(p, 0, NULL);
	r->plan = json_load_file(pl, 0, NULL);
	rc = compare_load_which(r, dir, err, n);
	if (rc)
		goto out;
	r->suite = json_string_value(json_object_get(r->plan, "suite"));
	/* No metrics at all is a result (every record will be gone), an
	 * unreadable file is not. */
	rc = results_each_line(r->dir, "metrics.jsonl", 1, compare_metric_add, r->recs, err, n);
out:
	g_free(p);
	g_free(pl);
	return rc;
}

/* The accelerator a section asked for: "accel=X requested" is explicit;
 * any other reason means auto chose it (probe, /dev/kvm unusable). */
static int compare_accel_requested(json_t *sec)
{
	const char *why = compare_str(sec, "accel_why");

	return why && !strncmp(why, "accel=", 6);
}

static json_t *compare_run_section(const struct compare_run *r, const char *section)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(r->run, "sections"), i, s)
		if (!g_strcmp0(compare_str(s, "name"), section))
			return s;
	return NULL;
}

/*
 * Runs of different suites measure different things under the same
 * section names; a changed suite file may have changed what a section
 * boots.  A run without its QEMU version cannot be checked against the
 * other's: said, not passed over.
 */
static int compare_refuse_suite(struct compare_ctx *c, char *err, size_t n)
{
	json_t *sa = json_object_get(c->a.run, "suite"), *sb = json_object_get(c->b.run, "suite");
	const char *na = compare_str(sa, "name"), *nb = compare_str(sb, "name");
	const char *ha = compare_str(sa, "sha256"), *hb = compare_str(sb, "sha256");

	if (na && nb && strcmp(na, nb)) {
		if (!c->o.force) {
			snprintf(err, n, "different suites: BASE %s, NEW %s (--force compares anyway)",
				 na, nb);
			return -EINVAL;
		}
		json_array_append_new(c->notes, json_sprintf(
			"Forced across suites: BASE %s, NEW %s.", na, nb));
	} else if (ha && hb && strcmp(ha, hb)) {
		json_array_append_new(c->notes, json_sprintf(
			"The suite file differs (sha256 %.12s in BASE, %.12s in NEW): "
			"a section may boot something else.", ha, hb));
	}
	if (c->a.run && c->b.run && (!json_object_get(c->a.run, "qemu_version") ||
				     !json_object_get(c->b.run, "qemu_version")))
		json_array_append_new(c->notes, json_sprintf(
			"No QEMU version in %s's run.json: the versions are not checked.",
			json_object_get(c->a.run, "qemu_version") ? "NEW" : "BASE"));
	return 0;
}

static int compare_refuse(struct compare_ctx *c, char *err, size_t n)
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
	if (compare_refuse_suite(c, err, n))
		return -EINVAL;
	json_array_foreach(json_object_get(c->a.run, "sections"), i, s) {
		json_t *t = compare_run_section(&c->b, compare_str(s, "name"));
		const char *xa = compare_str(s, "accel"), *xb = compare_str(t, "accel");

		if (!t || !xa || !xb || !strcmp(xa, xb))
			continue;
		/* Both asked for: a different configuration, not a fallback
		 * (a fallback is judged: the accelerator record, a fact). */
		if (compare_accel_requested(s) && compare_accel_requested(t)) {
			if (!c->o.force) {
				snprintf(err, n, "[%s]: accelerator %s in BASE, %s in NEW, "
					 "both requested (--force compares anyway)",
					 compare_str(s, "name"), xa, xb);
				return -EINVAL;
			}
			json_array_append_new(c->notes, json_sprintf(
				"Forced across accelerators: [%s] %s in BASE, %s in NEW.",
				compare_str(s, "name"), xa, xb));
		}
	}
	return 0;
}

/* A results directory or guest protocol of another hardboot: its records
 * do not mean the same, so nothing is judged (rebase: re-run BASE with
 * this hardboot, or take tonight as the new base). */
static int compare_check_runs(struct compare_ctx *c, char *err, size_t n)
{
	const struct compare_run *side[2] = { &c->a, &c->b };
	json_t *s;
	size_t i;

	for (int k = 0; k < 2; k++) {
		json_int_t v = json_integer_value(json_object_get(side[k]->run, "schema"));

		if (side[k]->run && v != HB_RESULTS_SCHEMA) {
			snprintf(err, n, "not comparable: rebase: %s: run.json schema %lld, "
				 "this hardboot writes %d", side[k]->dir, (long long)v,
				 HB_RESULTS_SCHEMA);
			return -EPROTO;
		}
	}
	json_array_foreach(json_object_get(c->a.run, "sections"), i, s) {
		json_t *t = compare_run_section(&c->b, compare_str(s, "name"));
		json_t *pa = json_object_get(s, "protocol"), *pb = json_object_get(t, "protocol");

		if (pa && pb && !json_equal(pa, pb)) {
			char *ja = json_dumps(pa, JSON_ENCODE_ANY), *jb = json_dumps(pb, JSON_ENCODE_ANY);

			snprintf(err, n, "not comparable: rebase: [%s] speaks protocol %s in "
				 "BASE, %s in NEW", compare_str(s, "name"), ja, jb);
			free(ja);
			free(jb);
			return -EPROTO;
		}
	}
	return 0;
}

int compare_check_schema(struct compare_ctx *c, char *err, size_t n)
{
	const struct compare_run *side[2] = { &c->a, &c->b };
	json_t *m;
	size_t i;

	for (int k = 0; k < 2; k++)
		json_array_foreach(side[k]->recs, i, m) {
			json_int_t v = json_integer_value(json_object_get(m, "schema"));

			if (v != METRIC_SCHEMA) {
				snprintf(err, n, "not comparable: rebase: %s: metric record "
					 "schema %lld (%s %s), this hardboot writes %d",
					 side[k]->dir, (long long)v, compare_str(m, "metric"),
					 compare_str(m, "subject"), METRIC_SCHEMA);
				return -EPROTO;
			}
			if (!compare_family_for(m)) {
				snprintf(err, n, "not comparable: rebase: %s: %s %s declares "
					 "no known kind (compare: %s)", side[k]->dir,
					 compare_str(m, "metric"), compare_str(m, "subject"),
					 compare_str(m, "compare") ?: "none");
				return -EPROTO;
			}
		}
	if (c->a.suite && c->b.suite && strcmp(c->a.suite, c->b.suite)) {
		snprintf(err, n, "not comparable: BASE is suite %s, NEW suite %s",
			 c->a.suite, c->b.suite);
		return -EPROTO;
	}
	return 0;
}

void compare_init_mem(struct compare_ctx *c, const struct compare_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->o = *o;
	c->notes = json_array();
	c->a.dir = "BASE";
	c->b.dir = "NEW";
	c->a.recs = json_array();
	c->b.recs = json_array();
}

int compare_open(struct compare_ctx *c, const struct compare_opts *o, const char *base,
	     const char *newdir, char *err, size_t n)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->o = *o;
	c->notes = json_array();
	rc = compare_load(&c->a, base, err, n);
	if (!rc)
		rc = compare_load(&c->b, newdir, err, n);
	if (!rc)
		rc = compare_check_runs(c, err, n);
	if (!rc)
		rc = compare_check_schema(c, err, n);
	if (!rc)
		rc = compare_refuse(c, err, n);
	return rc;
}

/* ---- pairing, Holm, verdicts ----------------------------------------------- */

/* A record's identity: metric, subject and, for verdicts, the policy (one
 * subject has several: min_bits.base and uniform of sut/base). */
static char *compare_key(json_t *m)
{
	return g_strdup_printf("%s\n%s\n%s", compare_str(m, "metric"), compare_str(m, "subject"),
			       compare_str(m, "policy") ?: "");
}

/* key -> record; a record repeated (a suite run twice over one directory)
 * counts once, the last one. */
static GHashTable *compare_index(json_t *recs, GPtrArray *order)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	json_t *m;
	size_t i;

	json_array_foreach(recs, i, m) {
		char *k = compare_key(m);

		if (!g_hash_table_contains(h, k) && order)
			g_ptr_array_add(order, m);
		g_hash_table_replace(h, k, m);
	}
	return h;
}

static void compare_item_init(struct compare_item *it, json_t *a, json_t *b)
{
	json_t *m = a ? a : b;

	memset(it, 0, sizeof(*it));
	it->metric = compare_str(m, "metric");
	it->subject = compare_str(m, "subject");
	it->policy = compare_str(m, "policy");
	it->a = a;
	it->b = b;
	it->p = it->p_adj = NAN;
	it->v = COMPARE_SAME;
	it->fam = compare_family_for(m);
}

static void compare_one(struct compare_ctx *c, struct compare_item *it)
{
	const char *ua = compare_str(it->a, "unit"), *ub = compare_str(it->b, "unit");

	if (!it->fam) {
		it->v = COMPARE_UNTESTED;
		snprintf(it->note, sizeof(it->note), "no kind declared");
		return;
	}
	if (it->fam->shown) {
		it->fam->compare(c, it);
		it->v = COMPARE_SHOWN;
		return;
	}
	if (it->a && it->b && g_strcmp0(ua, ub)) {
		it->v = COMPARE_UNTESTED;
		snprintf(it->note, sizeof(it->note), "units differ: %s in BASE, %s in NEW",
			 ua ?: "none", ub ?: "none");
		return;
	}
	snprintf(it->test, sizeof(it->test), "%s", it->fam->test);
	it->fam->compare(c, it);
}

/*
 * Every tested pair one hypothesis in one Holm family, except a discrete
 * test with no event on either side (no collision, no failed boot on
 * both): its conditional p is 1 whatever the data, so it can never reject
 * and spends no share of alpha (Tarone 1990, Biometrics 46: 515-522,
 * the tests whose least attainable p exceeds the level are left out).
 */
static void compare_holm(struct compare_result *r)
{
	double *p = g_new(double, r->n ? r->n : 1), *adj = g_new(double, r->n ? r->n : 1);
	size_t *at = g_new(size_t, r->n ? r->n : 1), m = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct compare_item *it = &r->items[i];

		if (isnan(it->p) || it->certain || it->degenerate || it->v != COMPARE_SAME)
			continue;
		p[m] = it->p;
		at[m++] = i;
	}
	stats_holm(p, m, adj);
	for (size_t k = 0; k < m; k++)
		r->items[at[k]].p_adj = adj[k];
	r->ntests = m;
	g_free(p);
	g_free(adj);
	g_free(at);
}

/*
 * Whether subject's section fails a policy by design (a verdict record
 * with "expected": true on either side).  A designed twin exists to show
 * that the suite sees its flaw: its verdicts gate (one that stops failing,
 * or fails another policy, is a finding), its measured values do not --
 * rng-tsconly's seed words follow the host's load from night to night.
 */
static int compare_is_twin(const struct compare_ctx *c, const char *subject)
{
	const json_t *sides[2] = { c->a.recs, c->b.recs };
	size_t len = strcspn(subject, "/");
	json_t *m;
	size_t i;

	for (int s = 0; s < 2; s++)
		json_array_foreach(sides[s], i, m) {
			const char *sub = compare_str(m, "subject");

			if (g_strcmp0(compare_str(m, "compare"), METRIC_VERDICT) ||
			    !json_is_true(json_object_get(m, "expected")) || !sub ||
			    strncmp(sub, subject, len) || (sub[len] && sub[len] != '/'))
				continue;
			if (g_strcmp0(compare_str(m, "verdict"), "pass"))
				return 1;
		}
	return 0;
}

static void compare_decide(const struct compare_ctx *c, struct compare_item *it)
{
	static const enum compare_verdict by_dir[3] = { COMPARE_WORSE, COMPARE_DIFFERS, COMPARE_BETTER };

	if (it->v != COMPARE_SAME)
		return;
	if (it->certain) {
		it->v = by_dir[it->dir + 1];
		return;
	}
	if (isnan(it->p)) {
		it->v = it->untested ? COMPARE_UNTESTED : COMPARE_SAME;
		return;
	}
	if (it->p_adj < c->o.alpha)
		it->v = by_dir[it->dir + 1];
	/* a designed twin's values are shown, its verdicts judged */
	if ((it->v == COMPARE_WORSE || it->v == COMPARE_BETTER || it->v == COMPARE_DIFFERS) &&
	    it->subject && compare_is_twin(c, it->subject)) {
		it->v = COMPARE_SHOWN;
		g_strlcat(it->note, it->note[0] ? "; " : "", sizeof(it->note));
		g_strlcat(it->note, "a designed twin: its verdicts gate, its values are shown",
			  sizeof(it->note));
	}
}

/* ---- metric families the suite states ------------------------------------ */

static int compare_has_metric(json_t *recs, const char *metric)
{
	json_t *m;
	size_t i;

	json_array_foreach(recs, i, m)
		if (!g_strcmp0(compare_str(m, "metric"), metric))
			return 1;
	return 0;
}

/*
 * Families the suite states (suite_desc.metrics) that NEW lacks: gone when
 * BASE had them, one finding each however many records they held; stated
 * on neither side is said in the header (nothing passes unseen).
 */
static void compare_families_gone(struct compare_ctx *c, struct compare_result *r)
{
	const struct suite_desc *d = suites_find(c->b.suite ?: c->a.suite);
	GString *neither = g_string_new(NULL);

	r->gone_families = json_array();
	for (const char *const *f = d ? d->metrics : NULL; f && *f; f++) {
		int ha = compare_has_metric(c->a.recs, *f), hb = compare_has_metric(c->b.recs, *f);

		if (ha && !hb)
			json_array_append_new(r->gone_families, json_string(*f));
		else if (!ha && !hb)
			g_string_append_printf(neither, "%s%s", neither->len ? ", " : "", *f);
	}
	if (neither->len)
		json_array_append_new(c->notes, json_sprintf("Stated by suite %s but on "
			"neither side (not judged): %s.", d->name, neither->str));
	g_string_free(neither, TRUE);
}

static int compare_family_gone(const struct compare_result *r, const char *metric)
{
	json_t *f;
	size_t i;

	json_array_foreach(r->gone_families, i, f)
		if (!g_strcmp0(json_string_value(f), metric))
			return 1;
	return 0;
}

/* ---- findings -------------------------------------------------------------- */

/* Severity of a verdict for the rows: worse first. */
static int compare_rank(enum compare_verdict v)
{
	static const int rank[COMPARE_NVERDICTS] = {
		[COMPARE_WORSE] = 7, [COMPARE_GONE] = 6, [COMPARE_DIFFERS] = 5, [COMPARE_BETTER] = 4,
		[COMPARE_NEW] = 3, [COMPARE_UNTESTED] = 2, [COMPARE_SAME] = 0, [COMPARE_SHOWN] = 0,
	};

	return rank[v];
}

static int compare_is_change(enum compare_verdict v)
{
	return compare_rank(v) >= 2;
}

/* The row's subject: a gone family's name, else the record's subject. */
static const char *compare_finding_key(const struct compare_result *r, const struct compare_item *it)
{
	return it->v == COMPARE_GONE && compare_family_gone(r, it->metric) ? it->metric : it->subject;
}

/* The lead of a row: the worst item, numbers (a test) before a verdict. */
static int compare_better_lead(const struct compare_item *x, const struct compare_item *lead)
{
	if (!lead || compare_rank(x->v) > compare_rank(lead->v))
		return 1;
	if (compare_rank(x->v) < compare_rank(lead->v))
		return 0;
	return lead->fam == &compare_policy_family && x->fam != &compare_policy_family;
}

static int compare_finding_order(const void *pa, const void *pb)
{
	const struct compare_finding *a = pa, *b = pb;

	if (compare_rank(a->v) != compare_rank(b->v))
		return compare_rank(b->v) - compare_rank(a->v);
	return strcmp(a->subject, b->subject);
}

static void compare_findings(struct compare_result *r)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *same = g_hash_table_new(g_str_hash, g_str_equal);

	r->find = g_new0(struct compare_finding, r->n + 1);
	for (size_t i = 0; i < r->n; i++) {
		struct compare_item *it = &r->items[i];
		const char *key = compare_finding_key(r, it);
		struct compare_finding *f;
		gpointer idx;

		if (!compare_is_change(it->v)) {
			if (it->v == COMPARE_SAME)
				g_hash_table_add(same, (gpointer)it->subject);
			continue;
		}
		if (g_hash_table_lookup_extended(h, key, NULL, &idx)) {
			f = &r->find[GPOINTER_TO_SIZE(idx) - 1];
		} else {
			f = &r->find[r->nfind++];
			f->subject = key;
			f->items = g_new(size_t, r->n);
			f->p_adj = NAN;
			g_hash_table_insert(h, (gpointer)key, GSIZE_TO_POINTER(r->nfind));
		}
		f->items[f->nitems++] = i;
		if (compare_better_lead(it, f->lead))
			f->lead = it;
	}
	for (size_t k = 0; k < r->nfind; k++) {
		struct compare_finding *f = &r->find[k];

		f->v = f->lead->v;
		f->certain = f->lead->certain;
		f->p_adj = f->lead->p_adj;
		g_hash_table_remove(same, f->subject);
		r->count[f->v]++;
	}
	qsort(r->find, r->nfind, sizeof(*r->find), compare_finding_order);
	r->count[COMPARE_SAME] = g_hash_table_size(same);
	g_hash_table_destroy(h);
	g_hash_table_destroy(same);
}

static void compare_gone_item(struct compare_result *r, struct compare_item *it)
{
	it->v = COMPARE_GONE;
	if (compare_family_gone(r, it->metric))
		snprintf(it->note, sizeof(it->note), "the suite states %s and NEW has "
			 "none: the analysis did not run or stopped stating it", it->metric);
	else
		snprintf(it->note, sizeof(it->note), "in BASE, missing from NEW: the "
			 "suite did not measure it");
}

void compare_run_all(struct compare_ctx *c, struct compare_result *r)
{
	GPtrArray *oa = g_ptr_array_new(), *ob = g_ptr_array_new();
	GHashTable *ha = compare_index(c->a.recs, oa), *hb = compare_index(c->b.recs, ob);

	memset(r, 0, sizeof(*r));
	compare_families_gone(c, r);
	r->items = g_new0(struct compare_item, oa->len + ob->len + 1);
	for (guint i = 0; i < oa->len; i++) {
		char *k = compare_key(g_ptr_array_index(oa, i));
		struct compare_item *it = &r->items[r->n++];

		compare_item_init(it, g_hash_table_lookup(ha, k), g_hash_table_lookup(hb, k));
		if (!it->b && (compare_family_gone(r, it->metric) || (it->fam && !it->fam->shown)))
			compare_gone_item(r, it);
		else if (!it->b)
			it->v = COMPARE_SHOWN;
		else
			compare_one(c, it);
		g_free(k);
	}
	for (guint i = 0; i < ob->len; i++) {
		char *k = compare_key(g_ptr_array_index(ob, i));

		if (!g_hash_table_contains(ha, k)) {
			struct compare_item *it = &r->items[r->n++];

			compare_item_init(it, NULL, g_hash_table_lookup(hb, k));
			/* an in-run A/B record judges itself: tonight against
			 * the last good night's images in one run */
			if (it->fam == &compare_ab_family) {
				compare_one(c, it);
			} else if (it->fam && it->fam->shown) {
				it->v = COMPARE_SHOWN;
			} else {
				it->v = COMPARE_NEW;
				snprintf(it->note, sizeof(it->note), "only in NEW");
			}
		}
		g_free(k);
	}
	compare_holm(r);
	for (size_t i = 0; i < r->n; i++)
		compare_decide(c, &r->items[i]);
	compare_findings(r);
	g_hash_table_destroy(ha);
	g_hash_table_destroy(hb);
	g_ptr_array_free(oa, TRUE);
	g_ptr_array_free(ob, TRUE);
}

int compare_regression(const struct compare_result *r)
{
	return r->count[COMPARE_WORSE] + r->count[COMPARE_GONE] > 0;
}

void compare_result_free(struct compare_result *r)
{
	for (size_t k = 0; k < r->nfind; k++)
		g_free(r->find[k].items);
	g_free(r->find);
	g_free(r->items);
	json_decref(r->gone_families);
	memset(r, 0, sizeof(*r));
}

void compare_close(struct compare_ctx *c)
{
	struct compare_run *side[2] = { &c->a, &c->b };

	for (int i = 0; i < 2; i++) {
		json_decref(side[i]->run);
		json_decref(side[i]->plan);
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
static int compare_markdown(const struct compare_args *a, const struct compare_ctx *c,
			    const struct compare_result *r)
{
	FILE *md = stdout;

	if (!a->markdown && a->json)
		return 0;
	if (a->markdown && !(md = fopen(a->markdown, "we"))) {
		fprintf(stderr, "hardboot compare: --markdown %s: %s\n", a->markdown,
			strerror(errno));
		return HB_EXIT_INFRA;
	}
	compare_out_markdown(md, c, r, a->all);
	if (md != stdout && fclose(md)) {
		fprintf(stderr, "hardboot compare: --markdown %s: %s\n", a->markdown,
			strerror(errno));
		return HB_EXIT_INFRA;
	}
	return 0;
}

/* Every comparison as JSON: on stdout (--json), into --json-file FILE. */
static int compare_json(const struct compare_args *a, const struct compare_ctx *c,
			const struct compare_result *r)
{
	json_t *doc;
	char err[512];
	int rc = 0;

	if (!a->json && !a->json_file)
		return 0;
	doc = compare_out_json(c, r);
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
	struct compare_ctx c;
	struct compare_result r;
	char err[512];
	int rc;

	/* GSL's default handler aborts on a domain error deep in a tail; a
	 * NaN p-value is reported as "not compared" instead. */
	gsl_set_error_handler_off();
	rc = compare_open(&c, &a->o, a->base, a->newdir, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot compare: %s\n", err);
		compare_close(&c);
		return rc == -EPROTO ? COMPARE_NOT_COMPARABLE :
		       rc == -EINVAL || rc == -ENOENT ? HB_EXIT_USAGE : HB_EXIT_INFRA;
	}
	compare_run_all(&c, &r);
	rc = compare_markdown(a, &c, &r);
	if (!rc && a->junit && compare_out_junit(a->junit, &c, &r, err, sizeof(err))) {
		fprintf(stderr, "hardboot compare: %s\n", err);
		rc = HB_EXIT_INFRA;
	}
	if (!rc)
		rc = compare_json(a, &c, &r);
	if (!rc)
		rc = compare_regression(&r) ? HB_EXIT_CHECK : HB_EXIT_OK;
	fprintf(stderr, "hardboot compare: %zu worse, %zu gone, %zu better, %zu differ, "
		"%zu new, %zu not compared, %zu subjects same; Holm over %zu tests at "
		"alpha %g\n", r.count[COMPARE_WORSE], r.count[COMPARE_GONE], r.count[COMPARE_BETTER],
		r.count[COMPARE_DIFFERS], r.count[COMPARE_NEW], r.count[COMPARE_UNTESTED],
		r.count[COMPARE_SAME], r.ntests, c.o.alpha);
	compare_result_free(&r);
	compare_close(&c);
	return rc;
}
