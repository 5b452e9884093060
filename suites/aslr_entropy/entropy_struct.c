/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Bit structure of a region across boots, the way paxtest reports it:
 * AND and OR every sample; a bit that is 0 in the AND and 1 in the OR
 * varied.  Constant low bits are the alignment (a 4 KiB-aligned mapping
 * keeps its low 12 bits at 0 on every boot: they carry nothing).
 *
 * paxtest's "quality bits" = varying bits minus weak ones, a bit being
 * weak when its count of ones strays to 35% or 65% (entropy_struct_is_weak
 * below, in paxtest's integer arithmetic).  It is a count, not an entropy,
 * kept so results compare with paxtest.  The per-bit entropy sum
 * sum_i h(p_i), h(p) = -p log2 p - (1-p) log2(1-p), is always an upper
 * bound of the Shannon entropy (subadditivity: H(X) <= sum_i H(X_i)), met
 * only when the bits are independent: a 469-slot range shows 9 varying
 * bits but holds 8.87 (FIELD.md).
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"

/*
 * paxtest (randbody.c) in its own integer arithmetic: a varying bit is
 * weak when its count of ones is <= (35 n)/100 or >= (65 n)/100, the
 * divisions truncating.  At n = 25 (paxtest's own sample) a bit with 16
 * ones is weak (16 >= 16), where a real-valued 64% would not be.
 */
int entropy_struct_is_weak(size_t ones, size_t n)
{
	return ones <= 35 * n / 100 || ones >= 65 * n / 100;
}

/* P(a balanced bit looks weak in n samples): the binomial tails beyond
 * the two integer thresholds. */
double entropy_struct_weak_p(size_t n)
{
	unsigned lo = (unsigned)(35 * n / 100), hi = (unsigned)(65 * n / 100);

	if (!n)
		return 1;
	return gsl_cdf_binomial_P(lo, 0.5, (unsigned)n) +
	       (hi ? gsl_cdf_binomial_Q(hi - 1, 0.5, (unsigned)n) : 1);
}

static double entropy_struct_h(double p)
{
	if (p <= 0 || p >= 1)
		return 0;
	return -p * log2(p) - (1 - p) * log2(1 - p);
}

static void entropy_struct_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_structure *st = &r->st;
	uint64_t and_m = ~0ull, or_m = 0, var;
	size_t ones[64] = { 0 };

	(void)o;
	/* Over distinct values weighted by their counts: O(nd * 64). */
	for (size_t i = 0; i < c->nd; i++) {
		uint64_t x = c->dv[i];

		and_m &= x;
		or_m |= x;
		for (uint64_t y = x; y; y &= y - 1)
			ones[__builtin_ctzll(y)] += c->cnt[i];
	}
	if (c->width < 64)
		and_m &= (1ull << c->width) - 1;
	if (!c->nd)
		and_m = 0;
	var = and_m ^ or_m;
	st->and_mask = and_m;
	st->or_mask = or_m;
	st->varying = (unsigned)__builtin_popcountll(var);
	st->align = var ? (unsigned)__builtin_ctzll(var) : 0;
	st->span = var ? 64 - (unsigned)__builtin_clzll(var) - st->align : 0;
	st->weak = 0;
	st->bitsum = 0;
	for (unsigned b = 0; b < 64; b++) {
		double p = c->n ? (double)ones[b] / (double)c->n : 0;

		st->ones[b] = p;
		if (!(var >> b & 1))
			continue;
		if (entropy_struct_is_weak(ones[b], c->n))
			st->weak++;
		st->bitsum += entropy_struct_h(p);
	}
	st->quality = st->varying - st->weak;
}

static void entropy_struct_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_structure *st = &s->reg[i].st;
		char a[24], o[24];

		snprintf(a, sizeof(a), "0x%016llx", (unsigned long long)st->and_mask);
		snprintf(o, sizeof(o), "0x%016llx", (unsigned long long)st->or_mask);
		json_object_set_new(json_array_get(regions, i), "structure",
			json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:i,s:o}", "and", a, "or", o,
				  "align", st->align, "varying", st->varying,
				  "weak", st->weak, "quality", st->quality,
				  "span", st->span, "bitsum", metric_num(st->bitsum)));
	}
}

static void entropy_struct_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				   json_t *out)
{
	(void)o;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		json_array_append_new(out, entropy_metric(s, r, "entropy_varying_bits",
			r->st.varying, "count", "higher", NAN, NAN, 0,
			"AND/OR of all samples (paxtest)"));
		json_array_append_new(out, entropy_metric(s, r, "entropy_quality_bits",
			r->st.quality, "count", "higher", NAN, NAN, 0,
			"paxtest quality bits: varying bits with ones in ((35n)/100, (65n)/100), integer division"));
		json_array_append_new(out, entropy_metric(s, r, "entropy_bitsum_bits",
			r->st.bitsum, "bits", "higher", NAN, NAN, 0,
			"sum of per-bit binary entropies: an upper bound of Shannon entropy (subadditivity)"));
	}
}

const struct entropy_family entropy_struct_family = {
	.name = "structure",
	.what = "alignment, varying and paxtest quality bits, per-bit entropy sum",
	.region = entropy_struct_region,
	.json = entropy_struct_json,
	.metrics = entropy_struct_metrics,
};
