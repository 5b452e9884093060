/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A suite's p-value of "the property holds" (kind "pvalue": the
 * uniformity of a region, entropy_uniform.c).  Two p-values of a sound
 * source are uniform on [0, 1] and differ by chance, so they are never
 * subtracted; the evidence of a change is the smaller one.  Under "both
 * hold", P(min(pA, pB) <= t) <= 2t, so 2 min(pA, pB) is a valid p-value
 * for "one side lost the property", and it enters the Holm family.  Both
 * sides rejected at the record's alpha is the same finding twice (p = 1).
 * 1 -> 1 is no change.
 */
#include <math.h>
#include <stdio.h>

#include "compare.h"

static void compare_pvalue_judge(struct compare_ctx *c, struct compare_item *it)
{
	double pa = compare_num(it->a, "value"), pb = compare_num(it->b, "value");
	double alpha = compare_num(it->b, "alpha");

	(void)c;
	if (isnan(pa) || isnan(pb)) {
		it->untested = 1;
		snprintf(it->note, sizeof(it->note), "no p-value on one side");
		return;
	}
	if (!isnan(alpha) && pa < alpha && pb < alpha) {
		it->p = 1;
		snprintf(it->note, sizeof(it->note), "rejected on both sides (p %.2g, %.2g "
			 "< %g)", pa, pb, alpha);
		return;
	}
	it->p = fmin(1, 2 * fmin(pa, pb));
	it->dir = pb < pa ? -1 : pb > pa ? 1 : 0;
	snprintf(it->note, sizeof(it->note), "p %.3g -> %.3g; evidence 2 min = %.2g",
		 pa, pb, it->p);
	snprintf(it->change, sizeof(it->change), "p %.3g -> %.3g", pa, pb);
}

const struct compare_family compare_pvalue_family = {
	.name = "pvalue",
	.test = "the suite's test of the property on each side; 2 min(pA, pB) in Holm",
	.compare = compare_pvalue_judge,
};
