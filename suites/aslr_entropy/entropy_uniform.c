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
 *
 * A rejected region is tried again at 4 KiB and then 2 MiB slots: pointers
 * into a region (pattern captures, registers) take a few offsets within
 * a page, so their fine slots are not uniform while their pages can be.
 * A page number is a function of the value, so its min-entropy bound is
 * one for the value too (H_min(f(X)) <= H_min(X)).
 * (Pearson 1900; Knuth TAOCP vol. 2, 3.3.1 for the 5-per-bin rule.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"
#include "metric.h"
#include "stats.h"

#define UNIFORM_MIN_N 20
#define UNIFORM_PER_BIN 5.0
#define UNIFORM_MAX_MOD 16

/* The slot space under test: x in [0, w), w = 2^span for an aligned
 * window (then bits can be tested one by one), slots of 2^align bytes. */
struct uniform_view {
	int pow2;
	unsigned span, align;
	long double w;          /* a 2^64 window does not fit in 64 bits */
};

/* Slot numbers of the region's values in its full view. */
static uint64_t *entropy_uniform_slots(const struct entropy_region *r, struct uniform_view *vw)
{
	const struct entropy_col *c = r->col;
	uint64_t *x = malloc((c->n ? c->n : 1) * sizeof(*x));
	uint64_t mask = r->st.span >= 64 ? ~0ull : (1ull << r->st.span) - 1;

	for (size_t i = 0; i < c->n; i++)
		x[i] = r->rg.pow2 ? (c->v[i] >> r->st.align) & mask :
			(c->v[i] - c->dv[0]) >> r->st.align;
	vw->pow2 = r->rg.pow2;
	vw->span = r->st.span;
	vw->align = r->st.align;
	vw->w = r->rg.pow2 ? ldexpl(1, (int)r->st.span) : (long double)r->rg.r + 1;
	return x;
}

static double entropy_uniform_chi2_bins(const uint64_t *x, size_t n,
					const struct uniform_view *vw, unsigned *bins,
					double *stat)
{
	double bmax = floor((double)n / UNIFORM_PER_BIN), chi = 0;
	long double w = vw->w;
	unsigned b, shift = 0;
	double *obs;

	if ((long double)bmax >= w) {
		b = (unsigned)w;
	} else if (vw->pow2) {
		unsigned lb = (unsigned)floor(log2(bmax));

		b = 1u << lb;
		shift = vw->span - lb;
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
		else if (vw->pow2)
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
	return stats_chi2_q(chi, b - 1);
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
	return stats_chi2_q(chi, m - 1);
}

/* Every test on one view: chi-square bins, residues, bits; Bonferroni. */
static void entropy_uniform_tests(const uint64_t *x, size_t n, const struct uniform_view *vw,
				  double alpha, struct entropy_uniform *u)
{
	double minp = 1;

	u->tested = 1;
	u->ntests = u->nmods = u->nbits = 0;
	u->resid_p = u->bits_p = 1;
	u->chi2_p = entropy_uniform_chi2_bins(x, n, vw, &u->bins, &u->chi2);
	if (isfinite(u->chi2_p)) {
		u->ntests++;
		minp = fmin(minp, u->chi2_p);
	}
	for (unsigned m = 2; m <= UNIFORM_MAX_MOD; m++) {
		double p;

		if ((vw->pow2 && !(m & (m - 1))) || vw->w < (long double)m * 4 ||
		    (double)n / m < UNIFORM_PER_BIN)
			continue;
		p = entropy_uniform_residue(x, n, vw->w, m);
		u->nmods++;
		if (p < u->resid_p || u->nmods == 1)
			u->resid_p = p, u->worst_mod = m;
	}
	u->ntests += u->nmods;
	minp = fmin(minp, u->resid_p);
	if (vw->pow2) {
		for (unsigned b = 0; b < vw->span; b++) {
			double k = 0, p;

			for (size_t i = 0; i < n; i++)
				k += (double)(x[i] >> b & 1);
			p = stats_binom_two_sided(k, (double)n, 0.5);
			u->nbits++;
			if (p < u->bits_p || u->nbits == 1)
				u->bits_p = p, u->worst_bit = b + vw->align;
		}
		u->ntests += u->nbits;
		minp = fmin(minp, u->bits_p);
	}
	u->p = fmin(1, minp * (u->ntests ? u->ntests : 1));
	u->reject = u->p < alpha;
}

/*
 * After a rejection, 4 KiB and then 2 MiB slots: x >> j with align + j =
 * 12 or 21.  The distinct values are sorted and the view is monotone in
 * the value, so the coarse collision counts come from runs of equal
 * coarse slots.
 */
static void entropy_uniform_coarse(const struct entropy_region *r, const uint64_t *x,
				   const struct uniform_view *vw, const struct entropy_opts *o,
				   struct entropy_uniform *u)
{
	static const unsigned grains[] = { 12, 21 };
	const struct entropy_col *c = r->col;
	uint64_t *y = malloc((c->n ? c->n : 1) * sizeof(*y));
	uint64_t mask = vw->span >= 64 ? ~0ull : (1ull << vw->span) - 1;

	for (size_t g = 0; g < sizeof(grains) / sizeof(grains[0]) && !u->coarse_ok; g++) {
		struct entropy_uniform t = { 0 };
		struct uniform_view cv = *vw;
		unsigned j;
		double cc = 0, tt = 0;

		if (grains[g] <= vw->align || grains[g] - vw->align >= vw->span)
			continue;
		j = grains[g] - vw->align;
		cv.span = vw->span - j;
		cv.align = grains[g];
		cv.w = vw->pow2 ? ldexpl(1, (int)cv.span) : floorl((vw->w - 1) / ldexpl(1, (int)j)) + 1;
		for (size_t i = 0; i < c->n; i++)
			y[i] = x[i] >> j;
		entropy_uniform_tests(y, c->n, &cv, o->alpha, &t);
		u->coarse_bits = grains[g];
		u->coarse_p = t.p;
		u->coarse_ok = !t.reject;
		for (size_t i = 0; i < c->nd;) {
			uint64_t s = vw->pow2 ? ((c->dv[i] >> vw->align) & mask) >> j :
				((c->dv[i] - c->dv[0]) >> vw->align) >> j;
			double k = 0;

			for (; i < c->nd; i++) {
				uint64_t s2 = vw->pow2 ? ((c->dv[i] >> vw->align) & mask) >> j :
					((c->dv[i] - c->dv[0]) >> vw->align) >> j;

				if (s2 != s)
					break;
				k += (double)c->cnt[i];
			}
			cc += k * (k - 1) / 2;
			tt += k * (k - 1) * (k - 2) / 6;
		}
		entropy_collision_from_counts(&u->coarse_co, (double)c->n, cc, tt, o->confidence);
	}
	free(y);
}

static void entropy_uniform_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_uniform *u = &r->un;
	struct uniform_view vw;
	uint64_t *x;

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
	x = entropy_uniform_slots(r, &vw);
	if (vw.pow2)
		snprintf(u->range, sizeof(u->range), "2^%u slots of 2^%u bytes (aligned window)",
			 vw.span, vw.align);
	else
		snprintf(u->range, sizeof(u->range), "%.0Lf slots of 2^%u bytes (sample min..max)",
			 vw.w, vw.align);
	entropy_uniform_tests(x, c->n, &vw, o->alpha, u);
	if (u->reject)
		entropy_uniform_coarse(r, x, &vw, o, u);
	free(x);
}

static void entropy_uniform_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_uniform *u = &s->reg[i].un;

		json_object_set_new(json_array_get(regions, i), "uniformity",
			json_pack("{s:b,s:s,s:i,s:o,s:o,s:i,s:i,s:o,s:i,s:i,s:o,s:i,s:o,s:b}",
				  "tested", u->tested, "range", u->range,
				  "bins", u->bins, "chi2", metric_num(u->chi2),
				  "chi2_p", metric_num(u->chi2_p),
				  "moduli", u->nmods, "worst_modulus", u->worst_mod,
				  "residue_p", metric_num(u->resid_p),
				  "bits", u->nbits, "worst_bit", u->worst_bit,
				  "bits_p", metric_num(u->bits_p),
				  "tests", u->ntests, "p", metric_num(u->p),
				  "reject", u->reject));
		if (u->coarse_bits)
			json_object_set_new(json_object_get(json_array_get(regions, i), "uniformity"),
				"coarse", json_pack("{s:i,s:o,s:b,s:o}", "slot_bits", u->coarse_bits,
						    "p", metric_num(u->coarse_p),
						    "uniform", u->coarse_ok, "collision",
						    entropy_collision_json_obj(&u->coarse_co)));
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
		metric_compare(m, METRIC_PVALUE);
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
