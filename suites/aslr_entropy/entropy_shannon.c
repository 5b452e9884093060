/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Histogram (plug-in) Shannon entropy with the Miller-Madow correction:
 *
 *   H^ = -sum_v (k_v/n) log2 (k_v/n)
 *   H_MM = H^ + (m - 1) / (2 n ln 2),   m = number of distinct values seen
 *
 * (Miller 1955; Paninski 2003, "Estimation of entropy and mutual
 * information", for the bias and variance.)  Interval: H_MM +- z sd with
 * the delta-method variance (sum_v p_v log2^2 p_v - H^2) / n, z the
 * two-sided normal quantile of the confidence level.
 *
 * Pitfall: the plug-in estimate cannot exceed log2 n.  When every boot
 * saw a different value it says "log2 n", nothing about the source; the
 * result is then flagged saturated and only means "at least that much
 * under the histogram's own assumptions".
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"

static void entropy_shannon_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_shannon *sh = &r->sh;
	double n = (double)c->n, h = 0, h2 = 0, sd, z;

	if (c->n == 0) {
		sh->plugin = sh->mm = sh->lo = sh->hi = 0;
		sh->saturated = 0;
		return;
	}
	for (size_t i = 0; i < c->nd; i++) {
		double p = (double)c->cnt[i] / n, l = log2(p);

		h -= p * l;
		h2 += p * l * l;
	}
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - o->confidence) / 2);
	sd = sqrt(fmax(0, h2 - h * h) / n);
	sh->plugin = h;
	sh->mm = h + ((double)c->nd - 1) / (2 * n * M_LN2);
	sh->lo = fmax(0, sh->mm - z * sd);
	sh->hi = sh->mm + z * sd;
	sh->saturated = c->nd == c->n && c->n > 1;
}

static void entropy_shannon_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_shannon *sh = &s->reg[i].sh;

		json_object_set_new(json_array_get(regions, i), "shannon",
			json_pack("{s:o,s:o,s:[o,o],s:b,s:I}",
				  "plugin", metric_num(sh->plugin),
				  "miller_madow", metric_num(sh->mm),
				  "interval", metric_num(sh->lo), metric_num(sh->hi),
				  "saturated", sh->saturated,
				  "distinct", (json_int_t)s->reg[i].col->nd));
	}
}

static void entropy_shannon_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				    json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		json_t *m = entropy_metric(s, r, "entropy_shannon_bits", r->sh.mm, "bits",
					   "higher", r->sh.lo, r->sh.hi, o->confidence,
					   "histogram Shannon, Miller-Madow corrected");

		if (r->sh.saturated)
			json_object_set_new(m, "censored",
				json_string("every value distinct: saturated at log2 n"));
		json_array_append_new(out, m);
	}
}

const struct entropy_family entropy_shannon_family = {
	.name = "shannon",
	.what = "histogram Shannon entropy, Miller-Madow corrected",
	.region = entropy_shannon_region,
	.json = entropy_shannon_json,
	.metrics = entropy_shannon_metrics,
};
