/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The boottime suite: what each hardening costs at boot, phase by phase,
 * each configuration against its baseline, sampled interleaved so that the
 * host's load falls on all of them alike; pairs flagged in a first sample
 * are sampled again, and a change counts only if both samples show it
 * (README.md beside this file).
 *
 * Policy: max_overhead.PHASE = X% bounds a configuration's median change
 * in PHASE against its baseline's median.  Judged on the bootstrap
 * interval of the change (the confirmed, pooled one when the pair was
 * flagged):
 *   pass        the interval's upper end is within X% of the baseline
 *   fail        its lower end is beyond X%, and both samples agree
 *               (btstat's verdict "slower")
 *   not proven  anything between: the boots cannot tell yet
 * Timings never compare across accelerators; every record carries its own.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "boottime.h"
#include "suites.h"

static const struct policy_key bts_policy[] = {
	{ "alpha", POLICY_PROB, "0.01", NULL,
	  "family-wise level of each configuration's comparison with its baseline "
	  "(Bonferroni over its phases)" },
	{ "max_overhead.*", POLICY_PERCENT, NULL, NULL,
	  "max_overhead.PHASE = X%: the configuration's median change in PHASE "
	  "(paging, rng, aslr, main, guest, qemu_cpu, ...) against its baseline <= X%" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const char *const bts_metrics[] = {
	"boottime_phase", "boottime_delta", "policy_verdict", NULL,
};

static void bts_opts(const struct suite_ctx *c, struct btstat_opts *o)
{
	btstat_opts_default(o);
	o->alpha = policy_num(c->s, NULL, c->desc->policy, "alpha");
}

static int bts_boot(struct suite_ctx *c)
{
	char *confirm = g_build_filename(c->dir, "confirm", NULL);
	char *ftap = g_build_filename(c->dir, "run.tap", NULL);
	char *ctap = g_build_filename(c->dir, "confirm.tap", NULL);
	struct btstat_opts o;
	int confirmed, rc;

	bts_opts(c, &o);
	rc = boottime_sample(c->s, c->ra, &o, c->dir, ftap, confirm, ctap, 0, &confirmed,
			     c->err, sizeof(c->err));
	g_free(confirm);
	g_free(ftap);
	g_free(ctap);
	return rc;
}

static double bts_num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* One comparison against the max_overhead of its phase. */
static void bts_judge(struct suite_ctx *c, const struct section *sec, json_t *cmp,
		      double limit)
{
	const char *phase = json_string_value(json_object_get(cmp, "phase"));
	const char *bv = json_string_value(json_object_get(cmp, "verdict")) ?: "?";
	const char *unit = json_string_value(json_object_get(cmp, "unit")) ?: "";
	json_t *est = json_object_get(cmp, "pooled") ?: json_object_get(cmp, "first");
	double base = bts_num(est, "median_baseline"), lo = bts_num(est, "lo");
	double hi = bts_num(est, "hi"), diff = bts_num(est, "diff");
	double allowed = limit * base;
	char policy[64], subject[128];
	enum verdict_status st;
	struct verdict *v;

	snprintf(policy, sizeof(policy), "max_overhead.%s", phase);
	snprintf(subject, sizeof(subject), "%s/%s", sec->name, phase);
	if (!strcmp(bv, "not compared") || isnan(hi) || isnan(lo) || isnan(base)) {
		v = verdict_add(c->vs, c->name, sec->name, subject, policy, VERDICT_SKIP,
				"%s: %s overhead", subject, phase);
		verdict_why(v, "%s", json_string_value(json_object_get(cmp, "note")) ?:
			    "too few boots to compare");
		return;
	}
	st = hi <= allowed ? VERDICT_PASS : lo > allowed && !strcmp(bv, "slower") ?
	     VERDICT_FAIL : VERDICT_NOT_PROVEN;
	v = verdict_add(c->vs, c->name, sec->name, subject, policy, st,
			"%s: %+.4g %s [%+.4g, %+.4g] (%+.1f%%) against [%s] (%s), %s %g%%",
			subject, diff, unit, lo, hi, base > 0 ? 100 * diff / base : 0.0,
			json_string_value(json_object_get(cmp, "baseline")) ?: "?", bv,
			st == VERDICT_PASS ? "within" : st == VERDICT_FAIL ? "beyond" :
			"not shown within", 100 * limit);
	if (st == VERDICT_NOT_PROVEN)
		verdict_why(v, "the interval straddles %+.4g %s (%g%% of the baseline's "
			    "median): more boots or a quieter host", allowed, unit, 100 * limit);
	json_object_set_new(v->data, "value", json_real(diff));
	json_object_set_new(v->data, "interval", json_pack("[f,f]", lo, hi));
	json_object_set_new(v->data, "threshold", json_real(allowed));
	json_object_set_new(v->data, "accel", json_incref(json_object_get(cmp, "accel")));
}

static int bts_analyze(struct suite_ctx *c)
{
	char *confirm = g_build_filename(c->dir, "confirm", NULL);
	char *dirs[] = { (char *)c->dir };
	struct boottime_args a = { .dirs = dirs, .ndirs = 1, .warmup = -1 };
	json_t *doc, *cmp, *m;
	size_t i;

	bts_opts(c, &a.o);
	if (!access(confirm, F_OK))
		a.confirm = confirm;
	doc = boottime_analyse(&a, c->err, sizeof(c->err));
	g_free(confirm);
	if (!doc)
		return HB_EXIT_USAGE;
	m = boottime_records(doc);
	suites_records(c, m);
	json_decref(m);
	json_array_foreach(json_object_get(doc, "comparisons"), i, cmp) {
		const char *name = json_string_value(json_object_get(cmp, "config"));
		const char *phase = json_string_value(json_object_get(cmp, "phase"));
		const struct section *sec = NULL;
		char key[64];
		double limit;

		for (int k = 0; k < c->s->nsec; k++)
			if (name && !strcmp(c->s->sec[k].name, name))
				sec = &c->s->sec[k];
		if (!sec || !phase)
			continue;
		snprintf(key, sizeof(key), "max_overhead.%s", phase);
		limit = policy_num(c->s, sec, c->desc->policy, key);
		if (!isnan(limit))
			bts_judge(c, sec, cmp, limit);
	}
	json_decref(doc);
	return 0;
}


/* Each configuration's guest boot cost against its baseline. */
static void bts_headline(const struct suite_ctx *c, struct headline *h)
{
	for (int i = 0; i < c->s->nsec; i++) {
		const struct section *sec = &c->s->sec[i];
		char subject[128];
		json_t *m, *iv;
		const char *acc;

		if (strcmp(sec->name, sec->img.name) || !sec->baseline[0])
			continue;
		snprintf(subject, sizeof(subject), "%s/guest", sec->name);
		m = suites_record(c, "boottime_delta", subject);
		if (!m || !json_is_number(json_object_get(m, "value")))
			continue;
		iv = json_object_get(m, "interval");
		acc = json_string_value(json_object_get(m, "accel"));
		headline_set(h, sec->img.name, "boot cost (guest)",
			     "%+.0f us [%+.0f, %+.0f] vs %s%s", json_number_value(json_object_get(m, "value")),
			     json_number_value(json_array_get(iv, 0)),
			     json_number_value(json_array_get(iv, 1)), sec->baseline,
			     suites_mark(suites_verdict(c, subject, "max_overhead.guest")));
		if (acc)
			headline_note(h, "boot cost: median change per QEMU process, 95%% "
				      "interval, under %s%s", acc, !strcmp(acc, "tcg") ?
				      " (emulated: validates the method, not a hardening's "
				      "cost on hardware)" : "");
	}
}
const struct suite_desc suite_boottime_desc = {
	.name = "boottime",
	.about = "what each hardening costs at boot, per phase, interleaved against "
		 "its baseline, flagged pairs confirmed",
	.file = "boottime/boottime.ini",
	.policy = bts_policy,
	.metrics = bts_metrics,
	.boot = bts_boot,
	.analyze = bts_analyze,
	.headline = bts_headline,
};
