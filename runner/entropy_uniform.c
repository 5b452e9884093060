/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Uniformity of a region's slots over the inferred range.  The collision
 * entropy equals the min-entropy only for a uniform source, and the usual
 * ASLR bugs are non-uniform: a signed modulo that lands on slot 0 half the
 * time, a modulo by a non-power of two that favours low slots.
 *
 * Range: slots x = addr >> a (a = alignment).  When the values fill an
 * aligned 2^span window (entropy_range.c) x is the span bits and the range
 * is [0, 2^span); otherwise [min, max] of the sample, a slight
 * conditioning on the extremes that costs < 2/n of the count in the end
 * bins.
 *
 * Three kinds of test, each Pearson chi-square or exact binomial:
 *   - goodness of fit over B bins of equal width, B the largest bin count
 *     with n/B >= 5 expected values (a power of two and the top bits of x
 *     for a 2^span range), df = B - 1;
 *   - residues x mod m for m = 2..16 (powers of two skipped for a 2^span
 *     range, where the bit tests cover them), df = m - 1, expected counts
 *     exact for the range: this is where modulo bias shows;
 *   - for a 2^span range only: each bit of x against p = 1/2, exact
 *     two-sided binomial.
 * The region's p is Bonferroni over all of them: min p times the number of
 * tests, so the test rejects a uniform source with probability <= alpha.
 * (Pearson 1900; Knuth TAOCP vol. 2, 3.3.1 for the 5-per-bin rule.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"

#define UNIFORM_MIN_N 20
#define UNIFORM_PER_BIN 5.0
#define UNIFORM_MAX_MOD 16

/* Slot numbers of the tested range, and its size W (a long double: a
 * 2^64 window does not fit in 64 bits). */
static uint64_t *entropy_uniform_slots(const struct entropy_region *r, long double *w)
{
	const struct entropy_col *c = r->col;
	uint64_t *x = malloc((c->n ? c->n : 1) * sizeof(*x));
	uint64_t mask = r->st.span >= 64 ? ~0ull : (1ull << r->st.span) - 1;

	for (size_t i = 0; i < c->n; i++)
		x[i] = r->rg.pow2 ? (c->v[i] >> r->st.align) & mask :
			(c->v[i] - c->dv[0]) >> r->st.align;
	*w = r->rg.pow2 ? ldexpl(1, (int)r->st.span) : (long double)r->rg.r + 1;
	return x;
}

static double entropy_uniform_chi2_bins(const uint64_t *x, size_t n, long double w,
					const struct entropy_region *r, unsigned *bins,
					double *stat)
{
	double bmax = floor((double)n / UNIFORM_PER_BIN), chi = 0;
	unsigned b, shift = 0;
	double *obs;

	if ((long double)bmax >= w) {
		b = (unsigned)w;
	} else if (r->rg.pow2) {
		unsigned lb = (unsigned)floor(log2(bmax));

		b = 1u << lb;
		shift = r->st.span - lb;
	} else {
		b = (unsigned)bmax;
	}
	*bins = b;
	if (b < 2)
		return NAN;
	obs = calloc(b, sizeof(*obs));
	for (size_t i = 0; i < n; i++) {
		unsigned k;

		if ((long double)b == w)
			k = (unsigned)x[i];
		else if (r->rg.pow2)
			k = (unsigned)(x[i] >> shift);
		else
			k = (unsigned)((unsigned __int128)x[i] * b / (unsigned __int128)(w));
		obs[k < b ? k : b - 1] += 1;
	}
	for (unsigned k = 0; k < b; k++) {
		/* slots in bin k: ceil((k+1) W / b) - ceil(k W / b) */
		long double lo = ceill((long double)k * w / b), hi = ceill((long double)(k + 1) * w / b);
		double e = (double)((hi - lo) / w) * (double)n;

		if (e > 0)
			chi += (obs[k] - e) * (obs[k] - e) / e;
	}
	free(obs);
	*stat = chi;
	return entropy_chi2_q(chi, b - 1);
}

static double entropy_uniform_residue(const uint64_t *x, size_t n, long double w, unsigned m)
{
	double obs[UNIFORM_MAX_MOD] = { 0 }, chi = 0;

	for (size_t i = 0; i < n; i++)
		obs[x[i] % m] += 1;
	for (unsigned j = 0; j < m; j++) {
		/* values of [0, W) congruent to j: floor((W - 1 - j) / m) + 1 */
		long double cnt = w > 0x1p53L ? w / m : floorl((w - 1 - j) / m) + 1;
		double e = (double)(cnt / w) * (double)n;

		if (e > 0)
			chi += (obs[j] - e) * (obs[j] - e) / e;
	}
	return entropy_chi2_q(chi, m - 1);
}

static void entropy_uniform_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_uniform *u = &r->un;
	long double w;
	uint64_t *x;
	double minp = 1;

	*u = (struct entropy_uniform){ .resid_p = 1, .bits_p = 1, .chi2_p = 1, .p = 1 };
	if (c->nd < 2) {
		snprintf(u->range, sizeof(u->range), "not tested: constant");
		return;
	}
	if (c->n < UNIFORM_MIN_N) {
		snprintf(u->range, sizeof(u->range), "not tested: fewer than %d values",
			 UNIFORM_MIN_N);
		return;
	}
	x = entropy_uniform_slots(r, &w);
	if (r->rg.pow2)
		snprintf(u->range, sizeof(u->range), "2^%u slots of 2^%u bytes (aligned window)",
			 r->st.span, r->st.align);
	else
		snprintf(u->range, sizeof(u->range), "%.0Lf slots of 2^%u bytes (sample min..max)",
			 w, r->st.align);
	u->tested = 1;
	u->chi2_p = entropy_uniform_chi2_bins(x, c->n, w, r, &u->bins, &u->chi2);
	if (isfinite(u->chi2_p)) {
		u->ntests++;
		minp = fmin(minp, u->chi2_p);
	}
	for (unsigned m = 2; m <= UNIFORM_MAX_MOD; m++) {
		double p;

		if ((r->rg.pow2 && !(m & (m - 1))) || w < (long double)m * 4 ||
		    (double)c->n / m < UNIFORM_PER_BIN)
			continue;
		p = entropy_uniform_residue(x, c->n, w, m);
		u->nmods++;
		if (p < u->resid_p || u->nmods == 1)
			u->resid_p = p, u->worst_mod = m;
	}
	u->ntests += u->nmods;
	minp = fmin(minp, u->resid_p);
	if (r->rg.pow2) {
		for (unsigned b = 0; b < r->st.span; b++) {
			double k = 0, p;

			for (size_t i = 0; i < c->n; i++)
				k += (double)(x[i] >> b & 1);
			p = entropy_binom_two_sided(k, (double)c->n, 0.5);
			u->nbits++;
			if (p < u->bits_p || u->nbits == 1)
				u->bits_p = p, u->worst_bit = b + r->st.align;
		}
		u->ntests += u->nbits;
		minp = fmin(minp, u->bits_p);
	}
	free(x);
	u->p = fmin(1, minp * (u->ntests ? u->ntests : 1));
	u->reject = u->p < o->alpha;
}

static void entropy_uniform_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_uniform *u = &s->reg[i].un;

		json_object_set_new(json_array_get(regions, i), "uniformity",
			json_pack("{s:b,s:s,s:i,s:o,s:o,s:i,s:i,s:o,s:i,s:i,s:o,s:i,s:o,s:b}",
				  "tested", u->tested, "range", u->range,
				  "bins", u->bins, "chi2", entropy_json_num(u->chi2),
				  "chi2_p", entropy_json_num(u->chi2_p),
				  "moduli", u->nmods, "worst_modulus", u->worst_mod,
				  "residue_p", entropy_json_num(u->resid_p),
				  "bits", u->nbits, "worst_bit", u->worst_bit,
				  "bits_p", entropy_json_num(u->bits_p),
				  "tests", u->ntests, "p", entropy_json_num(u->p),
				  "reject", u->reject));
	}
}

static void entropy_uniform_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				    json_t *out)
{
	(void)o;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		json_t *m;

		if (!r->un.tested)
			continue;
		m = entropy_metric(s, r, "entropy_uniformity_p", r->un.p, "p-value", "higher",
				   NAN, NAN, 0, "chi-square bins, residues mod 2..16, "
				   "per-bit binomial; Bonferroni");
		json_object_set_new(m, "alpha", json_real(o->alpha));
		json_object_set_new(m, "reject", json_boolean(r->un.reject));
		json_array_append_new(out, m);
	}
}

const struct entropy_family entropy_uniform_family = {
	.name = "uniformity",
	.what = "chi-square over the inferred range, residues (modulo bias), per-bit tests",
	.region = entropy_uniform_region,
	.json = entropy_uniform_json,
	.metrics = entropy_uniform_metrics,
};
