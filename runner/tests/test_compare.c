/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare's families on pairs of metric records held in memory:
 * one row per case, BASE record, NEW record (or none), the verdict and
 * family expected.  No run.json and no samples here, so the entropy
 * family falls back to the records' collision counts and boot phases are
 * not compared; those paths are exercised on real runs by
 * test/compare.bats.
 */
#include <string.h>

#include <glib.h>
#include <stdint.h>

#include "compare.h"
#include "entropy.h"
#include "unit.h"

static const struct {
	const char *what;
	const char *a, *b;          /* JSON records; NULL: absent */
	const char *verdict;
	const char *family;
} cases[] = {
	{ "failure rate 0/300 -> 20/300 (Fisher p ~ 1e-6)",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0.0666666667,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "worse", "rate" },
	{ "failure rate 0/300 -> 1/300: chance",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0.00333333333,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "same", "rate" },
	{ "failure rate 20/300 -> 0/300",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0.0666666667,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":300}",
	  "better", "rate" },
	{ "keyed boots 200/200 -> 100/200",
	  "{\"metric\":\"rng_keyed_boots\",\"subject\":\"s\",\"value\":1,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200}",
	  "{\"metric\":\"rng_keyed_boots\",\"subject\":\"s\",\"value\":0.5,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200}",
	  "worse", "rate" },
	{ "a rate that is no whole count of n",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0.123456,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":7}",
	  "{\"metric\":\"boot_failure_rate\",\"subject\":\"s\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":7}",
	  "not compared", "rate" },
	{ "seed word: no collision -> constant (collisions from the estimate)",
	  "{\"metric\":\"rng_seed_word_bits\",\"subject\":\"s/seed.2\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"interval\":[12.1,null]}",
	  "{\"metric\":\"rng_seed_word_bits\",\"subject\":\"s/seed.2\",\"value\":0,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"interval\":[0,0]}",
	  "worse", "entropy" },
	{ "output collisions 0 -> 0: same, the bound is n's",
	  "{\"metric\":\"rng_output_collision_bits\",\"subject\":\"s\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":0}",
	  "{\"metric\":\"rng_output_collision_bits\",\"subject\":\"s\",\"value\":12.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":200,\"collisions\":0}",
	  "same", "collision" },
	{ "entropy record without samples: its collision counts",
	  "{\"metric\":\"entropy_collision_bits\",\"subject\":\"s/base\",\"value\":13.2,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300,\"collisions\":0}",
	  "{\"metric\":\"entropy_collision_bits\",\"subject\":\"s/base\",\"value\":8.1,\"unit\":\"bits\",\"better\":\"higher\",\"n\":300,\"collisions\":160}",
	  "worse", "entropy" },
	{ "dieharder PASSED -> FAILED",
	  "{\"metric\":\"dieharder_pvalue\",\"subject\":\"i/t/0\",\"value\":0.4,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"PASSED\"}",
	  "{\"metric\":\"dieharder_pvalue\",\"subject\":\"i/t/0\",\"value\":1e-9,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"FAILED\"}",
	  "worse", "verdict" },
	{ "dieharder WEAK whose rerun passed: same",
	  "{\"metric\":\"dieharder_pvalue\",\"subject\":\"i/t/0\",\"value\":0.4,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"PASSED\"}",
	  "{\"metric\":\"dieharder_pvalue\",\"subject\":\"i/t/0\",\"value\":0.003,\"unit\":\"p\",\"better\":\"none\",\"n\":100,\"assessment\":\"WEAK, rerun passed\"}",
	  "same", "verdict" },
	{ "quick test FAILED on both sides: nothing new",
	  "{\"metric\":\"rng_quick_pvalue\",\"subject\":\"i/chi2\",\"value\":0,\"unit\":\"p\",\"better\":\"none\",\"n\":1000,\"assessment\":\"FAILED\"}",
	  "{\"metric\":\"rng_quick_pvalue\",\"subject\":\"i/chi2\",\"value\":0,\"unit\":\"p\",\"better\":\"none\",\"n\":1000,\"assessment\":\"FAILED\"}",
	  "same", "verdict" },
	{ "known answer lost",
	  "{\"metric\":\"rng_kat_match\",\"subject\":\"i\",\"value\":1,\"unit\":\"bool\",\"better\":\"higher\",\"n\":1}",
	  "{\"metric\":\"rng_kat_match\",\"subject\":\"i\",\"value\":0,\"unit\":\"bool\",\"better\":\"higher\",\"n\":1}",
	  "worse", "exact" },
	{ "seed source rdrand -> tsc",
	  "{\"metric\":\"seed_source\",\"subject\":\"s\",\"value\":\"rdrand\",\"unit\":\"source\",\"better\":\"none\",\"n\":50}",
	  "{\"metric\":\"seed_source\",\"subject\":\"s\",\"value\":\"tsc\",\"unit\":\"source\",\"better\":\"none\",\"n\":50}",
	  "worse", "exact" },
	{ "KVM fell back to TCG",
	  "{\"metric\":\"accelerator\",\"subject\":\"s\",\"value\":\"kvm\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0}",
	  "{\"metric\":\"accelerator\",\"subject\":\"s\",\"value\":\"tcg\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0,\"accel_why\":\"probe: kvm failed\"}",
	  "worse", "exact" },
	{ "TCG -> KVM",
	  "{\"metric\":\"accelerator\",\"subject\":\"s\",\"value\":\"tcg\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0}",
	  "{\"metric\":\"accelerator\",\"subject\":\"s\",\"value\":\"kvm\",\"unit\":\"accel\",\"better\":\"none\",\"n\":0}",
	  "better", "exact" },
	{ "section ran -> skipped",
	  "{\"metric\":\"section_state\",\"subject\":\"s\",\"value\":\"ran\",\"unit\":\"state\",\"better\":\"none\",\"n\":50}",
	  "{\"metric\":\"section_state\",\"subject\":\"s\",\"value\":\"skipped\",\"unit\":\"state\",\"better\":\"none\",\"n\":0,\"reason\":\"no kvm\"}",
	  "worse", "exact" },
	{ "an in-guest check PASS -> SKIP on some boots",
	  "{\"metric\":\"check_skip_rate\",\"subject\":\"s/kat\",\"value\":0,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":100}",
	  "{\"metric\":\"check_skip_rate\",\"subject\":\"s/kat\",\"value\":0.5,\"unit\":\"ratio\",\"better\":\"lower\",\"n\":100}",
	  "worse", "exact" },
	{ "checksec: a W+X segment appeared",
	  "{\"metric\":\"checksec_wx_segments\",\"subject\":\"i\",\"value\":0,\"unit\":\"count\",\"better\":\"lower\",\"n\":1}",
	  "{\"metric\":\"checksec_wx_segments\",\"subject\":\"i\",\"value\":1,\"unit\":\"count\",\"better\":\"lower\",\"n\":1}",
	  "worse", "exact" },
	{ "unknown metric, overlapping intervals",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":9,\"interval\":[8,12],\"confidence\":0.95}",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":11,\"unit\":\"us\",\"better\":\"lower\",\"n\":9,\"interval\":[9,13],\"confidence\":0.95}",
	  "same", "interval" },
	{ "unknown metric, disjoint narrow intervals, lower is better",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":9,\"interval\":[9.9,10.1],\"confidence\":0.95}",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":20,\"unit\":\"us\",\"better\":\"lower\",\"n\":9,\"interval\":[19.9,20.1],\"confidence\":0.95}",
	  "worse", "interval" },
	{ "unknown metric, a point estimate alone",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":1}",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":30,\"unit\":\"us\",\"better\":\"lower\",\"n\":1}",
	  "not compared", "interval" },
	{ "unknown metric, identical point estimates",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":1}",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":1}",
	  "same", "interval" },
	{ "units differ",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"us\",\"better\":\"lower\",\"n\":1}",
	  "{\"metric\":\"x_rate\",\"subject\":\"s\",\"value\":10,\"unit\":\"ms\",\"better\":\"lower\",\"n\":1}",
	  "not compared", "interval" },
	{ "boot phase without run.json: not compared",
	  "{\"metric\":\"boot_phase\",\"subject\":\"s/rng\",\"value\":10,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100}",
	  "{\"metric\":\"boot_phase\",\"subject\":\"s/rng\",\"value\":99,\"unit\":\"ticks\",\"better\":\"lower\",\"n\":100}",
	  "not compared", "boottime" },
	{ "a metric gone",
	  "{\"metric\":\"rng_keyed_boots\",\"subject\":\"s\",\"value\":1,\"unit\":\"ratio\",\"better\":\"higher\",\"n\":200}",
	  NULL, "gone", "rate" },
};

static void test_cases(void)
{
	struct cmp_opts o;

	cmp_opts_default(&o);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		struct cmp_ctx c;
		struct cmp_result r;
		json_error_t je;
		json_t *a = json_loads(cases[i].a, 0, &je);
		json_t *b = cases[i].b ? json_loads(cases[i].b, 0, &je) : NULL;
		const char *v = "?", *fam = "?";

		cmp_init_mem(&c, &o);
		json_object_set_new(a, "schema", json_integer(1));
		json_array_append_new(c.a.recs, a);
		if (b)
			json_array_append_new(c.b.recs, b);
		cmp_run_all(&c, &r);
		if (r.n == 1) {
			v = cmp_verdict_names[r.items[0].v];
			fam = r.items[0].fam ? r.items[0].fam->name : "none";
		}
		unit_ok(r.n == 1 && !strcmp(v, cases[i].verdict) && !strcmp(fam, cases[i].family),
			"%s: %s by %s (want %s by %s)%s%s", cases[i].what, v, fam,
			cases[i].verdict, cases[i].family, r.n ? "; " : "",
			r.n ? r.items[0].note : "");
		cmp_result_free(&r);
		cmp_close(&c);
	}
}

/* A record only in NEW is new; the same metric and subject twice in one
 * file counts once (the last). */
static void test_pairing(void)
{
	struct cmp_opts o;
	struct cmp_ctx c;
	struct cmp_result r;

	cmp_opts_default(&o);
	cmp_init_mem(&c, &o);
	json_array_append_new(c.a.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
		"rng_kat_match", "subject", "i", "value", 0.0, "unit", "bool", "better",
		"higher", "n", 1));
	json_array_append_new(c.a.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
		"rng_kat_match", "subject", "i", "value", 1.0, "unit", "bool", "better",
		"higher", "n", 1));
	json_array_append_new(c.b.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
		"rng_kat_match", "subject", "i", "value", 1.0, "unit", "bool", "better",
		"higher", "n", 1));
	json_array_append_new(c.b.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
		"rng_kat_match", "subject", "j", "value", 1.0, "unit", "bool", "better",
		"higher", "n", 1));
	cmp_run_all(&c, &r);
	unit_ok(r.n == 2 && r.items[0].v == CMP_SAME && r.items[1].v == CMP_NEW &&
		r.count[CMP_WORSE] == 0, "pairing: a repeated record counts once (the last), "
		"a record only in NEW is new");
	cmp_result_free(&r);
	cmp_close(&c);
}

/* Holm: many tests, one strong change; the budget is shared. */
static void test_holm_family(void)
{
	struct cmp_opts o;
	struct cmp_ctx c;
	struct cmp_result r;

	cmp_opts_default(&o);
	cmp_init_mem(&c, &o);
	for (int i = 0; i < 50; i++) {
		char sub[16];

		snprintf(sub, sizeof(sub), "s%d", i);
		/* 0 of 100 against 4 of 100: Fisher p = 0.12 each, never a change */
		json_array_append_new(c.a.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
			"boot_failure_rate", "subject", sub, "value", 0.0, "unit", "ratio",
			"better", "lower", "n", 100));
		json_array_append_new(c.b.recs, json_pack("{s:s,s:s,s:f,s:s,s:s,s:i}", "metric",
			"boot_failure_rate", "subject", sub, "value", i ? 0.04 : 0.3, "unit",
			"ratio", "better", "lower", "n", 100));
	}
	cmp_run_all(&c, &r);
	unit_ok(r.ntests == 50 && r.count[CMP_WORSE] == 1 && r.items[0].v == CMP_WORSE &&
		r.count[CMP_SAME] == 49, "holm over 50 rates: the 30%% one worse, the 4%% "
		"ones same (%zu tests, %zu worse)", r.ntests, r.count[CMP_WORSE]);
	cmp_result_free(&r);
	cmp_close(&c);
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
	test_holm_family();
	test_heavy_collisions();
	return unit_done();
}
