/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Coverage study of the entropy bounds: for k = 4 .. 32 bits, 200 synthetic
 * samples (fixed seeds) of a uniform source over 2^k page-aligned slots,
 * half of them at the boot count that just proves k bits (few collisions:
 * where a Poisson bound is most fragile) and half at four times that
 * (clamped to [100, 20000] boots).  For each bound, the share of samples
 * where it holds for the truth (k bits of Renyi-2, min- and Shannon
 * entropy alike for a uniform source):
 *
 *   collision lower bound (99%)      H2_lo <= k          target >= 97%
 *   MCV lower bound (99%)            Hmin_lo <= k        target >= 97%
 *   headline (99%)                   <= k                target >= 97%
 *   range interval (99%)             k in [lo, hi]       target >= 97%
 *   collision interval (two 99%)     k in [lo, hi]       reported (nominal 98%)
 *   uniformity rejections (1%)       a uniform source    target <= 3%
 *
 * Prints one line per k and the totals; exits 1 when a target is missed.
 * usage: entropy_coverage [TRIALS_PER_K]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "entropy.h"
#include "plan.h"

#define COVER_TARGET 0.97
#define COVER_REJECT_MAX 0.03

struct tally {
	unsigned long trials, coll, mcv, head, range, coll2, reject;
};

static void cover_one(struct tally *t, unsigned k, size_t n, gsl_rng *r)
{
	uint64_t *v = malloc(n * sizeof(*v));
	struct entropy_opts o;
	struct entropy_col c;
	struct entropy_region reg;
	double truth = k;

	for (size_t i = 0; i < n; i++) {
		uint64_t slot = k == 32 ? gsl_rng_get(r) : gsl_rng_get(r) >> (32 - k);

		v[i] = 0x300000000000ull + (slot << 12);
	}
	entropy_opts_default(&o);
	entropy_col_init(&c, "addr.stack", "stack", 64, v, n);
	entropy_region_analyze(&reg, &c, &o);
	t->trials++;
	t->coll += reg.co.lo <= truth;
	t->mcv += reg.mcv.lo <= truth;
	t->head += reg.headline <= truth;
	t->range += reg.rg.bits_lo <= truth + 1e-9 && reg.rg.bits_hi >= truth - 1e-9;
	t->coll2 += reg.co.lo <= truth && reg.co.hi >= truth;
	t->reject += reg.un.reject;
	entropy_col_free(&c);
	free(v);
}

static double share(unsigned long a, unsigned long n)
{
	return n ? (double)a / (double)n : 0;
}

int main(int argc, char **argv)
{
	unsigned long per_k = argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
	struct tally all = { 0 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct timespec t0, t1;
	int miss = 0;

	if (per_k < 2) {
		fprintf(stderr, "usage: entropy_coverage [TRIALS_PER_K >= 2]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("coverage of the 99%% bounds, uniform sources, %lu trials per k\n", per_k);
	printf("%3s %6s %6s %8s %8s %8s %8s %9s %8s\n", "k", "n1", "n2", "H2 lo", "MCV lo",
	       "headline", "range", "H2 [lo,hi]", "uni rej");
	for (unsigned k = 4; k <= 32; k++) {
		struct tally t = { 0 };
		double prove = plan_prove_boots(k, 0.99);
		size_t n1 = (size_t)fmin(20000, fmax(100, prove));
		size_t n2 = (size_t)fmin(20000, fmax(100, 4 * prove));

		gsl_rng_set(r, 1000 + k);
		for (unsigned long i = 0; i < per_k; i++)
			cover_one(&t, k, i % 2 ? n2 : n1, r);
		printf("%3u %6zu %6zu %7.1f%% %7.1f%% %7.1f%% %7.1f%% %8.1f%% %7.1f%%\n", k, n1, n2,
		       100 * share(t.coll, t.trials), 100 * share(t.mcv, t.trials),
		       100 * share(t.head, t.trials), 100 * share(t.range, t.trials),
		       100 * share(t.coll2, t.trials), 100 * share(t.reject, t.trials));
		all.trials += t.trials;
		all.coll += t.coll;
		all.mcv += t.mcv;
		all.head += t.head;
		all.range += t.range;
		all.coll2 += t.coll2;
		all.reject += t.reject;
		/* Per k: a bound covering < 97% of 200 trials is a miss. */
		miss |= share(t.coll, t.trials) < COVER_TARGET ||
			share(t.mcv, t.trials) < COVER_TARGET ||
			share(t.head, t.trials) < COVER_TARGET ||
			share(t.range, t.trials) < COVER_TARGET;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("all %lu trials: H2 lower bound %.2f%%, MCV %.2f%%, headline %.2f%%, range "
	       "%.2f%% (targets >= %.0f%%); H2 interval %.2f%% (nominal 98%%); uniformity "
	       "rejected %.2f%% (alpha 1%%, limit %.0f%%); %.1f s\n", all.trials,
	       100 * share(all.coll, all.trials), 100 * share(all.mcv, all.trials),
	       100 * share(all.head, all.trials), 100 * share(all.range, all.trials),
	       100 * COVER_TARGET, 100 * share(all.coll2, all.trials),
	       100 * share(all.reject, all.trials), 100 * COVER_REJECT_MAX,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	miss |= share(all.reject, all.trials) > COVER_REJECT_MAX;
	printf("%s\n", miss ? "MISS: a bound covers the truth less often than its target" :
	       "ok: every bound meets its coverage target for every k");
	gsl_rng_free(r);
	return miss;
}
