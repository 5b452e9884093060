/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare's families on pairs of metric records held in memory:
 * one row per case, BASE record, NEW record (or none), the verdict and
 * family expected.  The family comes from the kind each record declares
 * ("compare"); compare reads nothing else.  Real runs: test/compare.bats.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>
#include <stdint.h>

#include "compare.h"
#include "entropy.h"
#include "metric.h"
#include "unit.h"

#define R(metric, kind, rest) "{\"metric\":\"" metric "\",\"compare\":\"" kind "\"," rest "}"

static const struct {
	const char *what;
	const char *a, *b;          /* JSON records; NULL: absent */
	const char *verdict;
	const char *family;
} cases[] = {
	{ "failure rate 0/300 -> 20/300 (Fisher p ~ 1e-6)",
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":0"),
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0.0667,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":20"),
	  "worse", "rate" },
	{ "failure rate 0/300 -> 1/300: chance",
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":0"),
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0.0033,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":1"),
	  "same", "rate" },
	{ "failure rate 20/300 -> 0/300",
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0.0667,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":20"),
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300,\"k\":0"),
	  "better", "rate" },
	{ "keyed boots 200/200 -> 100/200",
	  R("rng_keyed_boots", "rate", "\"subject\":\"s\",\"value\":1,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200,\"k\":200"),
	  R("rng_keyed_boots", "rate", "\"subject\":\"s\",\"value\":0.5,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200,\"k\":100"),
	  "worse", "rate" },
	{ "a rate without its k",
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0.1,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":7"),
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":7,\"k\":0"),
	  "not compared", "rate" },
	{ "seed word: no collision -> constant",
	  R("rng_seed_word_bits", "collision", "\"subject\":\"s/seed.2\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":0"),
	  R("rng_seed_word_bits", "collision", "\"subject\":\"s/seed.2\",\"value\":0,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":19900"),
	  "worse", "collision" },
	{ "output collisions 0 -> 0: same, the bound is n's",
	  R("rng_output_collision_bits", "collision", "\"subject\":\"s\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":0"),
	  R("rng_output_collision_bits", "collision", "\"subject\":\"s\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":0"),
	  "same", "collision" },
	{ "a heavy value on both sides, 210 -> 351 pairs: chance by the U-statistic",
	  R("entropy_collision_bits", "collision", "\"subject\":\"s/base\",\"value\":4.6,\"unit\":\"bits\",\"better\":\"higher\",\"n\":100,\"collisions\":210,\"triples\":1330"),
	  R("entropy_collision_bits", "collision", "\"subject\":\"s/base\",\"value\":3.8,\"unit\":\"bits\",\"better\":\"higher\",\"n\":100,\"collisions\":351,\"triples\":2925"),
	  "same", "collision" },
	{ "entropy 0 -> 160 colliding pairs",
	  R("entropy_collision_bits", "collision", "\"subject\":\"s/base\",\"value\":13.2,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300,\"collisions\":0,\"triples\":0"),
	  R("entropy_collision_bits", "collision", "\"subject\":\"s/base\",\"value\":8.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300,\"collisions\":160,\"triples\":0"),
	  "worse", "collision" },
	{ "a view of the sample is shown, never judged",
	  R("entropy_headline_bits", "view", "\"subject\":\"s/base\",\"value\":13.2,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300"),
	  R("entropy_headline_bits", "view", "\"subject\":\"s/base\",\"value\":8.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300"),
	  "shown", "shown" },
	{ "uniformity p 1 -> 1 is no change",
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":1,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":1,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  "same", "pvalue" },
	{ "uniformity p 0.4 -> 1e-30: lost",
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":0.4,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":1e-30,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  "worse", "pvalue" },
	{ "uniformity rejected on both sides: the same finding",
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":1e-20,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  R("entropy_uniformity_p", "pvalue", "\"subject\":\"s/base\",\"value\":1e-30,\"unit\":\"p-value\",\"better\":\"higher\",\"n\":300,\"alpha\":1e-5"),
	  "same", "pvalue" },
	{ "dieharder PASSED -> FAILED",
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":0.4,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"PASSED\""),
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":1e-9,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"FAILED\""),
	  "worse", "assessment" },
	{ "dieharder WEAK whose rerun passed: same",
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":0.4,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"PASSED\""),
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":0.003,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"WEAK, rerun passed\""),
	  "same", "assessment" },
	{ "an assessment missing: no crash, same",
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":0.4,\"unit\":\"p\",\"better\":\"none\",\"n\":100"),
	  R("dieharder_pvalue", "assessment", "\"subject\":\"i/t/0\",\"value\":0.3,\"unit\":\"p\",\"better\":\"none\",\"n\":100"),
	  "same", "assessment" },
	{ "known answer lost",
	  R("rng_kat_match", "fact", "\"subject\":\"i\",\"value\":1,\"unit\":\"bool\",\"better\":\"higher\",\"n\":1"),
	  R("rng_kat_match", "fact", "\"subject\":\"i\",\"value\":0,\"unit\":\"bool\",\"better\":\"higher\",\"n\":1"),
	  "worse", "exact" },
	{ "seed source rdrand -> tsc",
	  R("seed_source", "fact", "\"subject\":\"s\",\"value\":\"rdrand\",\"unit\":\"source\",\"better\":\"none\",\"n\":50"),
	  R("seed_source", "fact", "\"subject\":\"s\",\"value\":\"tsc\",\"unit\":\"source\",\"better\":\"none\",\"n\":50"),
	  "worse", "exact" },
	{ "KVM fell back to TCG",
	  R("accelerator", "fact", "\"subject\":\"s\",\"value\":\"kvm\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0"),
	  R("accelerator", "fact", "\"subject\":\"s\",\"value\":\"tcg\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0,\"accel_why\":\"probe: kvm failed\""),
	  "worse", "exact" },
	{ "TCG -> KVM",
	  R("accelerator", "fact", "\"subject\":\"s\",\"value\":\"tcg\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0"),
	  R("accelerator", "fact", "\"subject\":\"s\",\"value\":\"kvm\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0"),
	  "better", "exact" },
	{ "section ran -> skipped",
	  R("section_state", "fact", "\"subject\":\"s\",\"value\":\"ran\",\"unit\":\"state\",\"better\":\"none\",\"n\":50"),
	  R("section_state", "fact", "\"subject\":\"s\",\"value\":\"skipped\",\"unit\":\"state\",\"better\":\"none\",\"n\":0,\"reason\":\"no kvm\""),
	  "worse", "exact" },
	{ "an in-guest check PASS -> SKIP on some boots",
	  R("check_skip_rate", "skips", "\"subject\":\"s/kat\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":100,\"k\":0"),
	  R("check_skip_rate", "skips", "\"subject\":\"s/kat\",\"value\":0.5,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":100,\"k\":50"),
	  "worse", "skips" },
	{ "checksec: a W+X segment appeared",
	  R("checksec_wx_segments", "fact", "\"subject\":\"i\",\"value\":0,\"unit\":\"count\",\"better\":\"lower\",\"n\":1"),
	  R("checksec_wx_segments", "fact", "\"subject\":\"i\",\"value\":1,\"unit\":\"count\",\"better\":\"lower\",\"n\":1"),
	  "worse", "exact" },
	{ "policy verdict pass -> skip",
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"kat\",\"value\":1,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"pass\",\"expected\":false"),
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"kat\",\"value\":1,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"skip\",\"expected\":false,\"why\":\"no rdrand\""),
	  "worse", "verdict" },
	{ "policy verdict pass -> not proven: the same evidence, fewer boots",
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"min_bits.base\",\"value\":1,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"pass\",\"expected\":false"),
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"min_bits.base\",\"value\":0,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"not proven\",\"expected\":false"),
	  "same", "verdict" },
	{ "a designed twin failure on both sides is no failure",
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"kat\",\"value\":1,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"fail\",\"expected\":true"),
	  R("policy_verdict", "verdict", "\"subject\":\"s\",\"policy\":\"kat\",\"value\":1,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"fail\",\"expected\":true"),
	  "same", "verdict" },
	{ "boot time across runs: a trend, never a verdict",
	  R("boottime_phase", "trend", "\"subject\":\"s/rng\",\"value\":10,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100"),
	  R("boottime_phase", "trend", "\"subject\":\"s/rng\",\"value\":99,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100"),
	  "shown", "shown" },
	{ "in-run A/B: no change -> slower",
	  R("boottime_delta", "ab", "\"subject\":\"s/rng\",\"value\":1,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100,\"interval\":[-2,4],\"confidence\":0.95,\"verdict\":\"no change\""),
	  R("boottime_delta", "ab", "\"subject\":\"s/rng\",\"value\":900,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100,\"interval\":[850,950],\"confidence\":0.95,\"verdict\":\"slower\""),
	  "worse", "ab" },
	{ "in-run A/B: no change on both sides",
	  R("boottime_delta", "ab", "\"subject\":\"s/rng\",\"value\":1,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100,\"interval\":[-2,4],\"confidence\":0.95,\"verdict\":\"no change\""),
	  R("boottime_delta", "ab", "\"subject\":\"s/rng\",\"value\":-1,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100,\"interval\":[-5,3],\"confidence\":0.95,\"verdict\":\"no change\""),
	  "same", "ab" },
	{ "in-run A/B only in NEW, slower: judged alone",
	  NULL,
	  R("boottime_delta", "ab", "\"subject\":\"s/rng\",\"value\":900,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100,\"interval\":[850,950],\"confidence\":0.95,\"verdict\":\"slower\""),
	  "worse", "ab" },
	{ "units differ",
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":10,\"k\":0"),
	  R("boot_failure_rate", "rate", "\"subject\":\"s\",\"value\":0,\"unit\":\"count\",\"better\":\"lower\",\"n\":10,\"k\":0"),
	  "not compared", "rate" },
	{ "a record gone",
	  R("rng_keyed_boots", "rate", "\"subject\":\"s\",\"value\":1,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200,\"k\":200"),
	  NULL, "gone", "rate" },
};

/* Record i's JSON with the schema this hardboot writes. */
static json_t *test_rec(const char *text)
{
	json_error_t je;
	json_t *m = text ? json_loads(text, 0, &je) : NULL;

	if (m)
		json_object_set_new(m, "schema", json_integer(METRIC_SCHEMA));
	return m;
}

static void test_cases(void)
{
	struct compare_opts o;

	compare_opts_default(&o);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		struct compare_ctx c;
		struct compare_result r;
		json_t *a = test_rec(cases[i].a), *b = test_rec(cases[i].b);
		const char *v = "?", *fam = "?";
		char err[256] = "";

		compare_init_mem(&c, &o);
		if (a)
			json_array_append_new(c.a.recs, a);
		if (b)
			json_array_append_new(c.b.recs, b);
		if (compare_check_schema(&c, err, sizeof(err)))
			v = err;
		compare_run_all(&c, &r);
		if (r.n == 1 && !err[0]) {
			v = compare_verdict_names[r.items[0].v];
			fam = r.items[0].fam ? r.items[0].fam->name : "none";
		}
		unit_ok(r.n == 1 && !strcmp(v, cases[i].verdict) && !strcmp(fam, cases[i].family),
			"%s: %s by %s (want %s by %s)%s%s", cases[i].what, v, fam,
			cases[i].verdict, cases[i].family, r.n ? "; " : "",
			r.n ? r.items[0].note : "");
		compare_result_free(&r);
		compare_close(&c);
	}
}

static json_t *test_kat(const char *subject, double v)
{
	json_t *m = json_pack("{s:i,s:s,s:s,s:f,s:s,s:s,s:i,s:s}", "schema", METRIC_SCHEMA,
			      "metric", "rng_kat_match", "subject", subject, "value", v,
			      "unit", "bool", "better", "higher", "n", 1, "compare", METRIC_FACT);

	return m;
}

/* A record only in NEW is new; the same record twice in one file counts
 * once (the last). */
static void test_pairing(void)
{
	struct compare_opts o;
	struct compare_ctx c;
	struct compare_result r;

	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	json_array_append_new(c.a.recs, test_kat("i", 0));
	json_array_append_new(c.a.recs, test_kat("i", 1));
	json_array_append_new(c.b.recs, test_kat("i", 1));
	json_array_append_new(c.b.recs, test_kat("j", 1));
	compare_run_all(&c, &r);
	unit_ok(r.n == 2 && r.items[0].v == COMPARE_SAME && r.items[1].v == COMPARE_NEW &&
		r.count[COMPARE_WORSE] == 0, "pairing: a repeated record counts once (the last), "
		"a record only in NEW is new");
	compare_result_free(&r);
	compare_close(&c);
}

/* One subject, many changed records: one finding, led by the tested one. */
static void test_one_finding(void)
{
	struct compare_opts o;
	struct compare_ctx c;
	struct compare_result r;
	const char *views[] = { "entropy_headline_bits", "entropy_min_bits",
				"entropy_mcv_min_bits", "entropy_shannon_bits" };

	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	json_array_append_new(c.a.recs, test_rec(cases[8].a));
	json_array_append_new(c.b.recs, test_rec(cases[8].b));
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(views); i++) {
		json_array_append_new(c.a.recs, json_pack("{s:i,s:s,s:s,s:f,s:s,s:s,s:i,s:s}",
			"schema", METRIC_SCHEMA, "metric", views[i], "subject", "s/base",
			"value", 13.0, "unit", "bits", "better", "higher", "n", 300, "compare",
			METRIC_VIEW));
		json_array_append_new(c.b.recs, json_pack("{s:i,s:s,s:s,s:f,s:s,s:s,s:i,s:s}",
			"schema", METRIC_SCHEMA, "metric", views[i], "subject", "s/base",
			"value", 8.0, "unit", "bits", "better", "higher", "n", 300, "compare",
			METRIC_VIEW));
	}
	json_array_append_new(c.a.recs, test_rec(R("policy_verdict", "verdict", "\"subject\":\"s/base\",\"policy\":\"min_bits.base\",\"value\":0,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"not proven\"")));
	json_array_append_new(c.b.recs, test_rec(R("policy_verdict", "verdict", "\"subject\":\"s/base\",\"policy\":\"min_bits.base\",\"value\":0,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"fail\"")));
	compare_run_all(&c, &r);
	unit_ok(r.nfind == 1 && r.find[0].v == COMPARE_WORSE && r.find[0].nitems == 2 &&
		!strcmp(r.find[0].lead->metric, "entropy_collision_bits") &&
		r.count[COMPARE_WORSE] == 1 && r.ntests == 1,
		"a lost region is one finding (%zu), led by its collision test, the verdict "
		"beside it, the views shown (%zu tests)", r.nfind, r.ntests);
	compare_result_free(&r);
	compare_close(&c);
}

/* A schema of another hardboot, or a record without a kind: not comparable. */
/* A designed twin (a section that fails a policy by design): a weaker
 * value is shown, not a regression; a verdict that is no longer the designed one is. */
static void test_twin(void)
{
	struct compare_opts o;
	struct compare_ctx c;
	struct compare_result r;
	const char *fail = R("policy_verdict", "verdict", "\"subject\":\"s/seed.1\",\"policy\":\"seed_word_bits\",\"value\":0,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"fail\",\"expected\":true");

	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	json_array_append_new(c.a.recs, test_rec(cases[8].a));
	json_array_append_new(c.b.recs, test_rec(cases[8].b));
	json_array_append_new(c.a.recs, test_rec(fail));
	json_array_append_new(c.b.recs, test_rec(fail));
	compare_run_all(&c, &r);
	unit_ok(r.count[COMPARE_WORSE] == 0 && !compare_regression(&r),
		"a designed twin's weaker value is shown, not a regression (%zu worse)",
		r.count[COMPARE_WORSE]);
	compare_result_free(&r);
	compare_close(&c);

	compare_init_mem(&c, &o);
	json_array_append_new(c.a.recs, test_rec(fail));
	json_array_append_new(c.b.recs, test_rec(R("policy_verdict", "verdict", "\"subject\":\"s/seed.1\",\"policy\":\"seed_word_bits\",\"value\":0,\"unit\":\"ok\",\"better\":\"higher\",\"n\":1,\"verdict\":\"fail\",\"expected\":false")));
	compare_run_all(&c, &r);
	unit_ok(compare_regression(&r), "a designed twin that no longer fails as designed (its "
		"verdict an unexpected fail) is a regression");
	compare_result_free(&r);
	compare_close(&c);
}


static void test_schema(void)
{
	struct compare_opts o;
	struct compare_ctx c;
	char err[256] = "";
	int rc;

	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	json_array_append_new(c.a.recs, json_pack("{s:i,s:s,s:s,s:i}", "schema", 1, "metric",
						  "x", "subject", "s", "value", 1));
	rc = compare_check_schema(&c, err, sizeof(err));
	unit_ok(rc == -EPROTO && strstr(err, "not comparable: rebase") &&
		strstr(err, "schema 1"), "schema 1 records: %s", err);
	compare_close(&c);
	compare_init_mem(&c, &o);
	json_array_append_new(c.b.recs, json_pack("{s:i,s:s,s:s,s:i}", "schema", METRIC_SCHEMA,
						  "metric", "x", "subject", "s", "value", 1));
	rc = compare_check_schema(&c, err, sizeof(err));
	unit_ok(rc == -EPROTO && strstr(err, "declares no known kind"), "no kind: %s", err);
	compare_close(&c);
}

/* Holm: many tests, one strong change; the budget is shared. */
static void test_holm_family(void)
{
	struct compare_opts o;
	struct compare_ctx c;
	struct compare_result r;

	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	for (int i = 0; i < 50; i++) {
		char sub[16];

		snprintf(sub, sizeof(sub), "s%d", i);
		/* 0 of 100 against 4 of 100: Fisher p = 0.12 each, never a change */
		json_array_append_new(c.a.recs, json_pack("{s:i,s:s,s:s,s:f,s:s,s:s,s:i,s:i,s:s}",
			"schema", METRIC_SCHEMA, "metric", "boot_failure_rate", "subject", sub,
			"value", 0.0, "unit", "ratio", "better", "lower", "n", 100, "k", 0,
			"compare", METRIC_RATE));
		json_array_append_new(c.b.recs, json_pack("{s:i,s:s,s:s,s:f,s:s,s:s,s:i,s:i,s:s}",
			"schema", METRIC_SCHEMA, "metric", "boot_failure_rate", "subject", sub,
			"value", i ? 0.04 : 0.3, "unit", "ratio", "better", "lower", "n", 100,
			"k", i ? 4 : 30, "compare", METRIC_RATE));
	}
	compare_run_all(&c, &r);
	unit_ok(r.ntests == 50 && r.count[COMPARE_WORSE] == 1 && r.items[0].v == COMPARE_WORSE &&
		r.count[COMPARE_SAME] == 49, "holm over 50 rates: the 30%% one worse, the 4%% "
		"ones same (%zu tests, %zu worse)", r.ntests, r.count[COMPARE_WORSE]);
	compare_result_free(&r);
	compare_close(&c);
}

/* A region whose first `heavy` boots share one value and the others are
 * all distinct (page-aligned addresses, like a biased slot choice). */
static void test_region(struct entropy_region *r, struct entropy_col *c, size_t n,
			size_t heavy, uint64_t salt)
{
	uint64_t *v = g_new(uint64_t, n);
	struct entropy_opts o;

	for (size_t i = 0; i < n; i++)
		v[i] = i < heavy ? 0x400000 : 0x400000 + ((i * 2654435761u + salt) % 1000003) * 4096;
	entropy_opts_default(&o);
	entropy_col_init(c, "addr.stack", "stack", 64, v, n);
	entropy_region_analyze(r, c, &o);
	g_free(v);
}

/*
 * The collision test of entropy --compare on a heavy value: two samples of
 * one distribution (a fifth of the boots on one slot) collide 210 and 351
 * times by chance; counted as Poisson that is p ~ 1e-9, the U-statistic's
 * variance says chance.  A real loss (every boot on that slot) stays
 * certain.
 */
static void test_heavy_collisions(void)
{
	struct entropy_region ra, rb, rc;
	struct entropy_col ca, cb, cc;
	struct entropy_cmp ec;

	test_region(&ra, &ca, 100, 21, 1);
	test_region(&rb, &cb, 100, 27, 2);
	test_region(&rc, &cc, 100, 100, 3);
	entropy_compare_region(&ra, &rb, &ec);
	unit_ok(ra.co.c == 210 && rb.co.c == 351 && ec.p_coll > 0.01,
		"heavy value, same distribution: 210 vs 351 colliding pairs, collision p %.3g "
		"(the Poisson count alone would say ~1e-9)", ec.p_coll);
	entropy_compare_region(&ra, &rc, &ec);
	unit_ok(ec.p < 1e-10 && !strcmp(ec.direction, "lower"),
		"every boot on the heavy value: p %.3g, %s", ec.p, ec.direction);
	entropy_col_free(&ca);
	entropy_col_free(&cb);
	entropy_col_free(&cc);
}

int main(void)
{
	test_cases();
	test_pairing();
	test_one_finding();
	test_twin();
	test_schema();
	test_holm_family();
	test_heavy_collisions();
	return unit_done();
}
