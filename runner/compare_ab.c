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

static int cmp_ab_slower(json_t *m)
{
	return !strcmp(cmp_str(m, "verdict") ?: "", "slower");
}

static int cmp_ab_faster(json_t *m)
{
	return !strcmp(cmp_str(m, "verdict") ?: "", "faster");
}

static int cmp_ab_interval(json_t *m, double *lo, double *hi, double *se)
{
	json_t *iv = json_object_get(m, "interval");
	double conf = cmp_num(m, "confidence");

	if (!json_is_number(json_array_get(iv, 0)) || !json_is_number(json_array_get(iv, 1)))
		return -1;
	*lo = json_number_value(json_array_get(iv, 0));
	*hi = json_number_value(json_array_get(iv, 1));
	if (!isfinite(*lo) || !isfinite(*hi) || *hi < *lo || !(conf > 0 && conf < 1))
		return -1;
	*se = (*hi - *lo) / 2 / gsl_cdf_ugaussian_Pinv((1 + conf) / 2);
	return 0;
}

static void cmp_ab_fmt(json_t *m, char *buf, size_t n)
{
	double lo, hi, se, rel = cmp_num(m, "rel");

	if (!m) {
		snprintf(buf, n, "-");
	} else if (!cmp_ab_interval(m, &lo, &hi, &se)) {
		snprintf(buf, n, "%+.4g [%+.4g, %+.4g] %s%s", cmp_num(m, "value"), lo, hi,
			 cmp_str(m, "unit") ?: "", cmp_str(m, "unit") ? "" : "");
		if (!isnan(rel))
			snprintf(buf + strlen(buf), n - strlen(buf), " (%+.1f%%)", 100 * rel);
	} else {
		snprintf(buf, n, "%s", cmp_str(m, "verdict") ?: "?");
	}
}

/* Both slower: did the cost grow beyond both intervals? */
static void cmp_ab_both(struct cmp_item *it)
{
	double la, ha, sa, lb, hb, sb, z;

	if (cmp_ab_interval(it->a, &la, &ha, &sa) || cmp_ab_interval(it->b, &lb, &hb, &sb)) {
		it->untested = 1;
		snprintf(it->note, sizeof(it->note), "slower on both sides, no interval to "
			 "weigh the costs");
		return;
	}
	if (!(hb < la || lb > ha)) {
		it->p = 1;
		return;
	}
	z = (cmp_num(it->b, "value") - cmp_num(it->a, "value")) /
	    sqrt(sa * sa + sb * sb);
	it->p = isfinite(z) ? fmin(1, erfc(fabs(z) / M_SQRT2)) : 0;
	it->dir = lb > ha ? -1 : 1;
}

static void cmp_ab(struct cmp_ctx *c, struct cmp_item *it)
{
	int sa = it->a ? cmp_ab_slower(it->a) : 0, sb = cmp_ab_slower(it->b);
	char fa[96], fb[96];

	(void)c;
	cmp_ab_fmt(it->a, fa, sizeof(fa));
	cmp_ab_fmt(it->b, fb, sizeof(fb));
	snprintf(it->note, sizeof(it->note), "in-run A/B against %s: %s -> %s (%s -> %s)",
		 cmp_str(it->b, "baseline") ?: "its baseline",
		 it->a ? cmp_str(it->a, "verdict") ?: "?" : "-",
		 cmp_str(it->b, "verdict") ?: "?", fa, fb);
	snprintf(it->change, sizeof(it->change), "%s", fb);
	if (!it->a && (sb || cmp_ab_faster(it->b))) {
		it->certain = 1;
		it->dir = sb ? -1 : 1;
	} else if (it->a && sa != sb) {
		it->certain = 1;
		it->dir = sb ? -1 : 1;
	} else if (sa && sb) {
		cmp_ab_both(it);
	}
}

const struct cmp_family cmp_ab_family = {
	.name = "ab",
	.test = "the in-run A/B verdict (interleaved boots, bootstrap interval, "
		"confirmed by a second sample); boot times across runs never gate",
	.compare = cmp_ab,
};
