/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A false-alarm rate measured over nights, against the rate stated for
 * one night: k alarms in n identical nights, the Clopper-Pearson 95%
 * interval of k/n (runner/stats), and whether k is consistent with a rate
 * of at most ALPHA: it is not when the lower end of the 99% interval lies
 * above ALPHA (at n = 20 and ALPHA = 0.01: 0, 1 or 2 alarms are
 * consistent, 3 are not; P(3 or more | 0.01) = 1.0e-3).
 * usage: alarm_rate K N ALPHA   exit 0 consistent, 1 not, 2 usage
 */
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"

int main(int argc, char **argv)
{
	unsigned long k, n;
	double alpha, lo95, hi95, lo99, hi99;
	char *e1, *e2, *e3;

	if (argc != 4) {
		fprintf(stderr, "usage: alarm_rate K N ALPHA\n");
		return 2;
	}
	k = strtoul(argv[1], &e1, 10);
	n = strtoul(argv[2], &e2, 10);
	alpha = strtod(argv[3], &e3);
	if (*e1 || *e2 || *e3 || !n || k > n || !(alpha > 0 && alpha < 1)) {
		fprintf(stderr, "alarm_rate: K N ALPHA: counts with K <= N, 0 < ALPHA < 1\n");
		return 2;
	}
	stats_binomial_ci(k, n, 0.95, &lo95, &hi95);
	stats_binomial_ci(k, n, 0.99, &lo99, &hi99);
	printf("false alarms: %lu of %lu nights = %.3f, 95%% CI [%.4f, %.4f] "
	       "(Clopper-Pearson); stated family-wise alpha per night %g: %s\n",
	       k, n, (double)k / (double)n, lo95, hi95, alpha,
	       lo99 > alpha ? "INCONSISTENT (99% lower bound above it)" : "consistent");
	return lo99 > alpha ? 1 : 0;
}
