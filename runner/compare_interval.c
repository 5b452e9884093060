/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The default for metrics no family knows: their own intervals.  A change
 * needs both intervals (at the records' confidence) to be disjoint, and a
 * Wald z from their widths, z = (b - a) / sqrt(se_a^2 + se_b^2) with
 * se = half-width / z_{(1+conf)/2}, to survive Holm with the rest, so the
 * family-wise budget holds here too.  Overlapping intervals are "same".
 * A record without a two-sided interval is a point estimate: never
 * compared (a bare threshold on a point estimate is no test), unless both
 * values are identical.  Verdict-like strings are compared exactly.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

#include "compare.h"

static int cmp_interval_get(json_t *m, double *lo, double *hi, double *conf)
{
	json_t *iv = json_object_get(m, "interval");

	*conf = cmp_num(m, "confidence");
	if (!json_is_number(json_array_get(iv, 0)) || !json_is_number(json_array_get(iv, 1)))
		return -1;
	*lo = json_number_value(json_array_get(iv, 0));
	*hi = json_number_value(json_array_get(iv, 1));
	if (!isfinite(*lo) || !isfinite(*hi) || *hi < *lo || !(*conf > 0 && *conf < 1))
		return -1;
	return 0;
}

static void cmp_interval(struct cmp_ctx *c, struct cmp_item *it)
{
	json_t *va = json_object_get(it->a, "value"), *vb = json_object_get(it->b, "value");
	double la, ha, ca, lb, hb, cb, sa, sb, z;

	if (json_is_string(va) || json_is_string(vb)) {
		snprintf(it->test, sizeof(it->test), "%s", cmp_exact_family.test);
		cmp_exact_family.compare(c, it);
		return;
	}
	if (cmp_interval_get(it->a, &la, &ha, &ca) || cmp_interval_get(it->b, &lb, &hb, &cb)) {
		if (json_equal(va, vb)) {
			snprintf(it->test, sizeof(it->test), "identical values");
			return;
		}
		snprintf(it->note, sizeof(it->note), "no two-sided interval: a point "
			 "estimate alone is never compared");
		return;
	}
	sa = (ha - la) / 2 / gsl_cdf_ugaussian_Pinv((1 + ca) / 2);
	sb = (hb - lb) / 2 / gsl_cdf_ugaussian_Pinv((1 + cb) / 2);
	if (sa + sb <= 0) {
		it->p = json_equal(va, vb) ? 1 : 0;
	} else {
		z = (json_number_value(vb) - json_number_value(va)) / sqrt(sa * sa + sb * sb);
		it->p = fmin(1, erfc(fabs(z) / M_SQRT2));
	}
	it->dir = cmp_direction(it->a, it->b);
	it->within_noise = !(hb < la || lb > ha);
	snprintf(it->note, sizeof(it->note), "[%.4g, %.4g] -> [%.4g, %.4g]%s, Wald p %.2g",
		 la, ha, lb, hb, it->within_noise ? " overlap" : " disjoint", it->p);
}

const struct cmp_family cmp_interval_family = {
	.name = "interval",
	.test = "interval overlap at the records' confidence (Wald p in Holm)",
	.match = (const char *const[]){ "*", NULL },
	.compare = cmp_interval,
};
