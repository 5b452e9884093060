/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Proportions: k of n boots (failure rates, boots keyed by their seed, a
 * check's failures) or k of n lines (dieharder WEAK and FAILED lines).
 * Both runs' counts form a 2 x 2 table; Fisher's exact test (two-sided)
 * asks whether one rate explains both, for any n and even with no event
 * on one side.  It is the two-sample form of the Clopper-Pearson interval
 * the suites state: exact, conditional on the margins.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"
#include "compare.h"

/* k and n of a record: a ratio of n, or a count of n. */
static int cmp_rate_counts(json_t *m, unsigned long *k, unsigned long *n)
{
	double v = cmp_num(m, "value"), nn = cmp_num(m, "n");
	const char *unit = cmp_str(m, "unit");
	double kk = unit && !strcmp(unit, "ratio") ? v * nn : v;

	if (isnan(kk) || isnan(nn) || nn < 1 || kk < 0 || kk > nn + 1e-6 ||
	    fabs(kk - nearbyint(kk)) > 1e-6 * fmax(1, nn))
		return -1;
	*k = (unsigned long)nearbyint(kk);
	*n = (unsigned long)nn;
	return 0;
}

static void cmp_rate(struct cmp_ctx *c, struct cmp_item *it)
{
	unsigned long ka, na, kb, nb;

	(void)c;
	if (cmp_rate_counts(it->a, &ka, &na) || cmp_rate_counts(it->b, &kb, &nb)) {
		snprintf(it->note, sizeof(it->note), "no whole count k of n in the "
			 "records (value %g of n %g)", cmp_num(it->b, "value"),
			 cmp_num(it->b, "n"));
		return;
	}
	it->p = stats_fisher(ka, na, kb, nb);
	it->dir = cmp_direction(it->a, it->b);
	snprintf(it->note, sizeof(it->note), "%lu of %lu -> %lu of %lu, p = %.2g",
		 ka, na, kb, nb, it->p);
}

static const char *const cmp_rate_match[] = {
	"boot_failure_rate", "layout_invalid_rate", "rng_keyed_boots",
	"check_failure_rate", "dieharder_weak_lines", "dieharder_failed_lines",
	"*_failure_rate", NULL,
};

const struct cmp_family cmp_rate_family = {
	.name = "rate",
	.test = "Fisher exact, two-sided (k of n against k of n)",
	.match = cmp_rate_match,
	.compare = cmp_rate,
};
