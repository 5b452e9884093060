/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Range bits: how many slots the region's values spread over, estimated
 * from the sample's span (the German-tank problem with both ends unknown).
 *
 * Slots are the values with the alignment removed: x = (addr - min) >> a.
 * For n draws uniform over W slots, the span r = max - min of the slot
 * numbers satisfies r/(W-1) ~ Beta(n-1, 2) (the range of n uniforms;
 * continuous approximation), whose CDF is F(t) = n t^(n-1) - (n-1) t^n.
 * Hence the unbiased-in-the-limit estimate W^ = 1 + r (n+1)/(n-1) and the
 * two-sided interval at level C: W - 1 in [r / F^-1(1-(1-C)/2),
 * r / F^-1((1-C)/2)], never below the r + 1 slots seen.  (Goodman 1954;
 * Johnson 1994, "Estimating the size of a population".)
 *
 * log2 W bounds every entropy of a distribution over W slots from above;
 * it is the entropy only if the slots are equiprobable, which is what the
 * uniformity family checks.  The range is "a power of two" when 2^span
 * (span from the structure: the varying bits, low to high) lies inside the
 * interval: the values then fill an aligned 2^span window, and the
 * uniformity family can test bits one by one.
 */
#include <math.h>

#include "entropy.h"

/* Beta(n-1, 2) CDF for the range of n uniforms, n >= 2. */
static double entropy_range_cdf(double t, double n)
{
	if (t <= 0)
		return 0;
	if (t >= 1)
		return 1;
	return n * pow(t, n - 1) - (n - 1) * pow(t, n);
}

/* Inverse by bisection: 60 halvings reach double precision on [0, 1]. */
static double entropy_range_inv(double q, double n)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 60; i++) {
		double mid = (lo + hi) / 2;

		if (entropy_range_cdf(mid, n) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static void entropy_range_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_range *rg = &r->rg;
	double n = (double)c->n, a = (1 - o->confidence) / 2, rr, t_lo;

	rg->r = c->nd ? (c->dv[c->nd - 1] - c->dv[0]) >> r->st.align : 0;
	rr = (double)rg->r;
	if (c->n < 2 || rg->r == 0) {
		rg->slots = rg->slots_lo = rg->slots_hi = 1;
	} else {
		t_lo = entropy_range_inv(a, n);
		rg->slots = 1 + rr * (n + 1) / (n - 1);
		/* The sample's own span is certain; the continuous model's lower
		 * limit 1 + r / F^-1(1 - a) would exclude a fully covered range. */
		rg->slots_lo = rr + 1;
		rg->slots_hi = t_lo > 0 ? 1 + rr / t_lo : INFINITY;
	}
	rg->bits = log2(rg->slots);
	rg->bits_lo = log2(rg->slots_lo);
	rg->bits_hi = log2(rg->slots_hi);
	rg->pow2 = r->st.span > 0 && r->st.span < 64 &&
		   ldexp(1, (int)r->st.span) >= rg->slots_lo * (1 - 1e-12) &&
		   ldexp(1, (int)r->st.span) <= rg->slots_hi * (1 + 1e-12);
}

static void entropy_range_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_range *rg = &s->reg[i].rg;

		json_object_set_new(json_array_get(regions, i), "range",
			json_pack("{s:I,s:o,s:[o,o],s:o,s:[o,o],s:b}",
				  "span_slots", (json_int_t)(rg->r > (uint64_t)INT64_MAX ?
							   INT64_MAX : (json_int_t)rg->r),
				  "slots", metric_num(rg->slots),
				  "slots_interval", metric_num(rg->slots_lo),
				  metric_num(rg->slots_hi),
				  "bits", metric_num(rg->bits),
				  "bits_interval", metric_num(rg->bits_lo),
				  metric_num(rg->bits_hi), "pow2", rg->pow2));
	}
}

static void entropy_range_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				  json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		json_array_append_new(out, entropy_metric(s, r, "entropy_range_bits",
			r->rg.bits, "bits", "higher", r->rg.bits_lo, r->rg.bits_hi,
			o->confidence, "German tank: log2 of the estimated slot count, "
			"Beta(n-1,2) range interval"));
	}
}

const struct entropy_family entropy_range_family = {
	.name = "range",
	.what = "German-tank estimate of the slot count (upper bound of any entropy)",
	.region = entropy_range_region,
	.json = entropy_range_json,
	.metrics = entropy_range_metrics,
};
