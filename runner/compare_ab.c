/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot time (kind "ab": boottime_delta).  Two nightly runs are no A/B
 * experiment: the host's load, frequency and caches drift between them
 * (~30% on this project's shared 2-vCPU host), so boot times of two runs
 * are a trend (boottime_phase, kind "trend") and never gate.  A boot-time
 * verdict comes only from an A/B within one run: the boottime suite boots
 * a configuration and its baseline interleaved and states the difference
 * with its interval and its own verdict (slower, faster, no change), at
 * its alpha and confirmed by a second sample (suites/boottime/README.md).
 * That verdict is the decision, so a change of it is certain:
 *   - slower in NEW where BASE was not: worse; the reverse: better;
 *   - a record only in NEW (tonight against the last good night's images,
 *     booted in one run by ci/nightly.sh): its verdict alone;
 *   - slower on both sides: worse only if the two intervals of the cost
 *     are disjoint and NEW's lies above, with a Wald p from their widths
 *     in the Holm family.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "compare.h"

static int compare_ab_slower(json_t *m)
{
	return !strcmp(compare_str(m, "verdict") ?: "", "slower");
}

static int compare_ab_faster(json_t *m)
{
	return !strcmp(compare_str(m, "verdict") ?: "", "faster");
}

static int compare_ab_interval(json_t *m, double *lo, double *hi, double *se)
{
	json_t *iv = json_object_get(m, "interval");
	double conf = compare_num(m, "confidence");

	if (!json_is_number(json_array_get(iv, 0)) || !json_is_number(json_array_get(iv, 1)))
		return -1;
	*lo = json_number_value(json_array_get(iv, 0));
	*hi = json_number_value(json_array_get(iv, 1));
	if (!isfinite(*lo) || !isfinite(*hi) || *hi < *lo || !(conf > 0 && conf < 1))
		return -1;
	*se = (*hi - *lo) / 2 / gsl_cdf_ugaussian_Pinv((1 + conf) / 2);
	return 0;
}

static void compare_ab_fmt(json_t *m, char *buf, size_t n)
{
	double lo, hi, se, rel = compare_num(m, "rel");

	if (!m) {
		snprintf(buf, n, "-");
	} else if (!compare_ab_interval(m, &lo, &hi, &se)) {
		snprintf(buf, n, "%+.4g [%+.4g, %+.4g] %s%s", compare_num(m, "value"), lo, hi,
			 compare_str(m, "unit") ?: "", compare_str(m, "unit") ? "" : "");
		if (!isnan(rel))
			snprintf(buf + strlen(buf), n - strlen(buf), " (%+.1f%%)", 100 * rel);
	} else {
		snprintf(buf, n, "%s", compare_str(m, "verdict") ?: "?");
	}
}

/* Both slower: did the cost grow beyond both intervals? */
static void compare_ab_both(struct compare_item *it)
{
	double la, ha, sa, lb, hb, sb, z;

	if (compare_ab_interval(it->a, &la, &ha, &sa) || compare_ab_interval(it->b, &lb, &hb, &sb)) {
		it->untested = 1;
		snprintf(it->note, sizeof(it->note), "slower on both sides, no interval to "
			 "weigh the costs");
		return;
	}
	if (!(hb < la || lb > ha)) {
		it->p = 1;
		return;
	}
	z = (compare_num(it->b, "value") - compare_num(it->a, "value")) /
	    sqrt(sa * sa + sb * sb);
	it->p = isfinite(z) ? fmin(1, erfc(fabs(z) / M_SQRT2)) : 0;
	it->dir = lb > ha ? -1 : 1;
}

static void compare_ab_judge(struct compare_ctx *c, struct compare_item *it)
{
	int sa = it->a ? compare_ab_slower(it->a) : 0, sb = compare_ab_slower(it->b);
	char fa[96], fb[96];

	(void)c;
	compare_ab_fmt(it->a, fa, sizeof(fa));
	compare_ab_fmt(it->b, fb, sizeof(fb));
	snprintf(it->note, sizeof(it->note), "in-run A/B against %s: %s -> %s (%s -> %s)",
		 compare_str(it->b, "baseline") ?: "its baseline",
		 it->a ? compare_str(it->a, "verdict") ?: "?" : "-",
		 compare_str(it->b, "verdict") ?: "?", fa, fb);
	snprintf(it->change, sizeof(it->change), "%s", fb);
	if (!it->a && (sb || compare_ab_faster(it->b))) {
		it->certain = 1;
		it->dir = sb ? -1 : 1;
	} else if (it->a && sa != sb) {
		it->certain = 1;
		it->dir = sb ? -1 : 1;
	} else if (sa && sb) {
		compare_ab_both(it);
	}
}

const struct compare_family compare_ab_family = {
	.name = "ab",
	.test = "the in-run A/B verdict (interleaved boots, bootstrap interval, "
		"confirmed by a second sample); boot times across runs never gate",
	.compare = compare_ab_judge,
};
