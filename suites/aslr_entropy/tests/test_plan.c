/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot planning: the prove counts of FIELD.md, the --true counts checked
 * against the false-failure probability over every larger n, and the
 * +-0.5-bit count checked by simulating the estimator (fixed seed).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "entropy.h"
#include "plan.h"
#include "unit.h"

static const struct { double bits, n; } prove[] = {
	/* FIELD.md rounds lambda_u(0) to 4.61: 69, 777, 3.1k, 12.4k, 50k */
	{ 9, 70 }, { 16, 778 }, { 20, 3109 }, { 24, 12432 }, { 28, 49724 },
};

static const struct { double bits, true_bits, risk, n, allowed; } truth[] = {
	{ 20, 28, 1e-4, 4200, 2 },   /* hardened stack and heap vs 20 bits */
	{ 16, 20, 1e-4, 1383, 6 },   /* hardened base vs 16 bits */
	{ 20, 32, 1e-4, 3732, 1 },   /* a seed word vs 20 bits */
	{ 20, 20, 1e-4, -1, -1 },    /* no margin: impossible */
};

/* Fraction of simulated samples whose collision estimate misses +-half. */
static double simulate(double bits, double n, double half, int trials, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t nn = (size_t)n, slots = (size_t)exp2(bits), miss = 0;
	size_t *cnt = calloc(slots, sizeof(*cnt));

	gsl_rng_set(r, seed);
	for (int t = 0; t < trials; t++) {
		double c = 0, est;

		for (size_t i = 0; i < slots; i++)
			cnt[i] = 0;
		for (size_t i = 0; i < nn; i++)
			c += (double)cnt[gsl_rng_uniform_int(r, slots)]++;
		est = c > 0 ? log2(n * (n - 1) / 2 / c) : INFINITY;
		miss += fabs(est - bits) > half;
	}
	free(cnt);
	gsl_rng_free(r);
	return (double)miss / trials;
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(prove); i++) {
		double n = plan_prove_boots(prove[i].bits, 0.99);

		unit_ok(n == prove[i].n && plan_cap_bits(n, 0.99) >= prove[i].bits &&
			plan_cap_bits(n - 1, 0.99) < prove[i].bits,
			"prove %g bits: %.0f boots (the first n whose cap reaches it)",
			prove[i].bits, n);
	}
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(truth); i++) {
		struct plan_true t;
		double n, allowed, p, worst = 0, worst_n = -1;
		int ok;

		plan_true_boots(truth[i].bits, truth[i].true_bits, 0.99, truth[i].risk, &t);
		n = t.boots, allowed = t.allowed, p = t.p;
		ok = n == truth[i].n && allowed == truth[i].allowed;
		if (n > 0) {
			/* every larger n keeps the risk, and the largest risk on
			 * the way is the one plan states: scan every n up to 4x,
			 * then a grid */
			for (double m = n; m <= 16 * n; m += m < 4 * n ? 1 : floor(n / 97)) {
				double f = plan_false_failure(m, truth[i].bits,
							      truth[i].true_bits, 0.99);

				ok &= f <= truth[i].risk;
				if (f > worst)
					worst = f, worst_n = m;
			}
			ok &= plan_false_failure(n - 1, truth[i].bits, truth[i].true_bits, 0.99) >
			      truth[i].risk;
			ok &= fabs(t.worst - worst) <= 1e-12 * worst && t.worst_n == worst_n;
		}
		unit_ok(ok, "true %g bits vs %g: %.0f boots, <= %.0f collisions pass, P = %.2g; "
			"at most %.3g (at %.0f; scan: %.3g at %.0f)", truth[i].true_bits,
			truth[i].bits, n, allowed, p, t.worst, t.worst_n, worst, worst_n);
	}
	/* The figures of the plan's own report: 20 of 28 bits passes with two
	 * collisions from 4200 boots at P = 5.8e-6, but the risk climbs to
	 * 9.77e-6 at 4590, just before a third collision is allowed. */
	{
		struct plan_true t;

		plan_true_boots(20, 28, 0.99, 1e-4, &t);
		unit_ok(fabs(t.p - 5.8e-6) < 0.05e-6 && fabs(t.worst - 9.77e-6) < 0.005e-6 &&
			t.worst_n == 4590, "20 of 28 bits: P = %.3g at %.0f, at most %.3g at %.0f",
			t.p, t.boots, t.worst, t.worst_n);
	}
	{
		double n = plan_estimate_boots(8, 0.5, 0.99);
		double miss = simulate(8, n, 0.5, 4000, 42);

		/* 4000 trials: the binomial sd of a 1% miss rate is 0.16% */
		unit_ok(n > 150 && n < 220 && miss <= 0.015,
			"estimate 8 bits +-0.5 at 99%%: %.0f boots; simulated miss rate %.4f", n, miss);
		miss = simulate(8, floor(n * 0.5), 0.5, 4000, 43);
		unit_ok(miss > 0.01, "half as many boots miss more often (%.4f)", miss);
	}
	return unit_done();
}
