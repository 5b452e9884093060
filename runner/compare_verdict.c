/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Statistical batteries' results (kind "assessment": dieharder_pvalue,
 * rng_quick_pvalue):
 * one p-value per test and run, with the suite's assessment.  Two p-values
 * of a good generator differ by chance, so they are never compared with
 * each other; what can change is the assessment.  When exactly one side
 * fails by the suite's rule, the evidence is how extreme that side's p
 * is under "the generator is good" (p uniform): 2 min(p, 1 - p), and for
 * a WEAK repeated on a fresh stream, times the rerun's own chance of
 * WEAK (0.01).  That is a valid p-value for "the verdict changed", and
 * it enters the Holm family like any other.  Both failing or both passing
 * is "same" (p = 1): the suite's rule saw nothing new.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

/* The suite's rule: FAILED, or WEAK seen again on a fresh stream. */
static int compare_verdict_failing(json_t *m)
{
	const char *s = compare_str(m, "assessment");

	return s && (strstr(s, "FAILED") || strstr(s, "repeated"));
}

static double compare_verdict_evidence(json_t *m)
{
	double p = compare_num(m, "value"), e = 2 * fmin(p, 1 - p);

	if (isnan(e))
		return 1;
	if (strstr(compare_str(m, "assessment") ?: "", "repeated"))
		e *= 0.01;
	return fmin(1, e);
}

static void compare_verdict_judge(struct compare_ctx *c, struct compare_item *it)
{
	int fa = compare_verdict_failing(it->a), fb = compare_verdict_failing(it->b);
	const char *sa = compare_str(it->a, "assessment") ?: "?";
	const char *sb = compare_str(it->b, "assessment") ?: "?";

	(void)c;
	it->p = fa == fb ? 1 : compare_verdict_evidence(fa ? it->a : it->b);
	it->dir = fa == fb ? 0 : fb ? -1 : 1;
	snprintf(it->note, sizeof(it->note), "%s (p %.3g) -> %s (p %.3g)", sa,
		 compare_num(it->a, "value"), sb, compare_num(it->b, "value"));
}

const struct compare_family compare_verdict_family = {
	.name = "assessment",
	.test = "the suite's assessment; evidence 2 min(p, 1-p) of the failing side",
	.compare = compare_verdict_judge,
};
