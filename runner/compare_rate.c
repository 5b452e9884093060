/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Proportions (kind "rate"): k of n boots (failure rates, boots keyed by
 * their seed, a check's failures) or k of n lines (dieharder's failed
 * lines), the record's own "k" and "n".  Both runs' counts form a 2 x 2
 * table; Fisher's exact test (two-sided) asks whether one rate explains
 * both, for any n and even with no event on one side: the two-sample form
 * of the Clopper-Pearson interval the suites state.
 *
 * Skips of an in-guest check (kind "skips"): none to some is PASS -> SKIP,
 * certain (a skip is the guest saying it did not test); between two
 * non-zero shares, Fisher as for any rate.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"
#include "compare.h"

static int compare_rate_counts(json_t *m, unsigned long *k, unsigned long *n)
{
	double kk = compare_num(m, "k"), nn = compare_num(m, "n");

	if (isnan(kk) || isnan(nn) || nn < 1 || kk < 0 || kk > nn || nn > 1e15 ||
	    kk != floor(kk) || nn != floor(nn))
		return -1;
	*k = (unsigned long)kk;
	*n = (unsigned long)nn;
	return 0;
}

static int compare_rate_get(struct compare_item *it, unsigned long *ka, unsigned long *na,
			unsigned long *kb, unsigned long *nb)
{
	if (compare_rate_counts(it->a, ka, na) || compare_rate_counts(it->b, kb, nb)) {
		it->untested = 1;
		snprintf(it->note, sizeof(it->note), "no whole count k of n in the records "
			 "(k %g of n %g)", compare_num(it->b, "k"), compare_num(it->b, "n"));
		return -1;
	}
	snprintf(it->change, sizeof(it->change), "%lu/%lu -> %lu/%lu", *ka, *na, *kb, *nb);
	return 0;
}

static void compare_rate_fisher(struct compare_item *it, unsigned long ka, unsigned long na,
			    unsigned long kb, unsigned long nb)
{
	it->p = stats_fisher(ka, na, kb, nb);
	it->degenerate = (ka == 0 && kb == 0) || (ka == na && kb == nb);
	it->dir = compare_direction(it->a, it->b);
	snprintf(it->note, sizeof(it->note), "%lu of %lu -> %lu of %lu, Fisher p = %.2g",
		 ka, na, kb, nb, it->p);
}

static void compare_rate_judge(struct compare_ctx *c, struct compare_item *it)
{
	unsigned long ka, na, kb, nb;

	(void)c;
	if (!compare_rate_get(it, &ka, &na, &kb, &nb))
		compare_rate_fisher(it, ka, na, kb, nb);
}

static void compare_skips(struct compare_ctx *c, struct compare_item *it)
{
	unsigned long ka, na, kb, nb;

	(void)c;
	if (compare_rate_get(it, &ka, &na, &kb, &nb))
		return;
	if (ka == 0 && kb > 0) {
		it->certain = 1;
		it->dir = -1;
		snprintf(it->note, sizeof(it->note), "PASS -> SKIP on %lu of %lu boots", kb, nb);
	} else if (ka > 0 && kb == 0) {
		it->certain = 1;
		it->dir = 1;
		snprintf(it->note, sizeof(it->note), "SKIP -> PASS on all %lu boots", nb);
	} else if (ka > 0) {
		compare_rate_fisher(it, ka, na, kb, nb);
	}
}

const struct compare_family compare_rate_family = {
	.name = "rate",
	.test = "Fisher exact, two-sided (k of n against k of n)",
	.compare = compare_rate_judge,
};

const struct compare_family compare_skips_family = {
	.name = "skips",
	.test = "none -> some skipped is PASS -> SKIP (certain); else Fisher exact",
	.compare = compare_skips,
};
