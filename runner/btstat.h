/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot-time statistics: summaries of one configuration's durations and the
 * comparison of two configurations sampled interleaved in one run.
 *
 * A difference counts only when it is both statistically significant and
 * large enough to matter, and only after a second, independent sample
 * confirms it (the A/B gate of Firecracker's performance CI):
 *
 *   1. estimate   median(B) - median(A), a bootstrap percentile interval;
 *   2. test       a two-sided permutation test (Wilcoxon rank-sum statistic);
 *                 both from the one statistics core (stats.h);
 *   3. flag       p < alpha AND |difference| > both noise floors
 *                 (absolute, and relative to median(A));
 *   4. confirm    a flagged pair is sampled again; the verdict is "slower"
 *                 or "faster" only if the fresh sample flags it too, in
 *                 the same direction.
 *
 * Every random choice comes from one mt19937 seeded by the caller: the
 * same samples give the same interval and p-value on every machine.
 */
#ifndef HB_RUNNER_BTSTAT_H
#define HB_RUNNER_BTSTAT_H

#include <stddef.h>

/* Fewer samples per side than this: no test (a permutation p-value could
 * not go below alpha / phases, and a median's interval is meaningless). */
#define BTSTAT_MIN_N 10

struct btstat_sum {
	size_t n;
	double median, p90, min, max, mean;
	double mad;             /* median |x - median|, unscaled */
};

struct btstat_opts {
	double alpha;           /* level of each test (already divided by the family size) */
	double floor_abs;       /* |difference| must exceed this (the data's unit) ... */
	double floor_rel;       /* ... and this fraction of median(A) */
	double confidence;      /* of the bootstrap interval, e.g. 0.95 */
	unsigned long reps;     /* bootstrap replicates */
	unsigned long perms;    /* permutations */
	unsigned long seed;
};

struct btstat_cmp {
	size_t na, nb;
	double med_a, med_b;
	double diff;            /* median(B) - median(A) */
	double lo, hi;          /* its bootstrap percentile interval */
	double rel;             /* diff / median(A) */
	double p;               /* two-sided permutation p-value */
	int beyond_floor;
	int flag;               /* +1 B slower, -1 B faster, 0 not flagged */
	int tested;             /* 0: fewer than BTSTAT_MIN_N on a side */
};

enum btstat_verdict {
	BTSTAT_SAME,            /* not flagged, or flagged once and not confirmed */
	BTSTAT_SLOWER,          /* flagged twice, B above A */
	BTSTAT_FASTER,
	BTSTAT_FLAGGED,         /* flagged, no confirmation sample yet */
	BTSTAT_TOO_FEW,
	BTSTAT_NVERDICTS
};
extern const char *const btstat_verdict_names[BTSTAT_NVERDICTS];

void btstat_opts_default(struct btstat_opts *o);
/* Quantiles, medians and their intervals: runner/stats.h. */
void btstat_summary(const double *x, size_t n, struct btstat_sum *s);
/* Compare B against A; 0, or -ENOMEM. */
int btstat_compare(const double *a, size_t na, const double *b, size_t nb,
		   const struct btstat_opts *o, struct btstat_cmp *c);
/* The verdict from the first comparison and its confirmation (or NULL). */
enum btstat_verdict btstat_verdict(const struct btstat_cmp *first,
				   const struct btstat_cmp *confirm);

#endif
