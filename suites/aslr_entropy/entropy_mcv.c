/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Most-common-value min-entropy, NIST SP 800-90B section 6.3.1:
 *
 *   p^ = (count of the most common value) / n
 *   p_u = min(1, p^ + z sqrt(p^ (1 - p^) / (n - 1))),  z = 2.576 at 99%
 *   H_min >= -log2 p_u
 *
 * z is the two-sided normal quantile of the confidence level (2.576 for
 * 0.99, as NIST).  The bound is direct (no uniformity assumed) but weak:
 * with every value distinct p^ = 1/n and it tops out near log2 n - 1.84,
 * so it can never show more than ~15 bits from 100,000 boots.  It is the
 * right headline when the values are visibly non-uniform (a biased slot
 * choice), where the collision entropy overstates what an attacker faces.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"

/* The MCV bound of a count at confidence conf: -log2 of p_u. */
double entropy_mcv_lower(size_t count, size_t n, double conf)
{
	double p, z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);

	if (n < 2)
		return 0;
	p = (double)count / (double)n;
	return fmax(0, -log2(fmin(1, p + z * sqrt(p * (1 - p) / (double)(n - 1)))));
}

static void entropy_mcv_region(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_col *c = r->col;
	struct entropy_mcv *m = &r->mcv;
	double n = (double)c->n, z = gsl_cdf_ugaussian_Pinv(1 - (1 - o->confidence) / 2);

	m->count = 0;
	m->mode = 0;
	for (size_t i = 0; i < c->nd; i++)
		if (c->cnt[i] > m->count)
			m->count = c->cnt[i], m->mode = c->dv[i];
	if (c->n < 2) {
		m->p = m->pu = 1;
		m->est = m->lo = 0;
		return;
	}
	m->p = (double)m->count / n;
	m->pu = fmin(1, m->p + z * sqrt(m->p * (1 - m->p) / (n - 1)));
	m->est = fmax(0, -log2(m->p));
	m->lo = fmax(0, -log2(m->pu));
}

static double entropy_mcv_upper(const struct entropy_mcv *m, double n, double conf)
{
	double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
	double pl = m->p - z * sqrt(m->p * (1 - m->p) / (n - 1));

	return pl > 0 ? -log2(pl) : INFINITY;
}

static void entropy_mcv_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		const struct entropy_mcv *m = &r->mcv;
		char mode[24];

		snprintf(mode, sizeof(mode), "0x%016llx", (unsigned long long)m->mode);
		json_object_set_new(json_array_get(regions, i), "mcv",
			json_pack("{s:I,s:s,s:o,s:o,s:o,s:o}", "count", (json_int_t)m->count,
				  "mode", mode, "p", metric_num(m->p),
				  "p_upper", metric_num(m->pu),
				  "estimate", metric_num(m->est),
				  "lower", metric_num(m->lo)));
	}
}

static void entropy_mcv_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		if (r->col->n < 2)
			continue;
		json_array_append_new(out, entropy_metric(s, r, "entropy_mcv_min_bits",
			r->mcv.est, "bits", "higher", r->mcv.lo,
			entropy_mcv_upper(&r->mcv, (double)r->col->n, o->confidence),
			o->confidence, "NIST SP 800-90B 6.3.1 most common value"));
	}
}

const struct entropy_family entropy_mcv_family = {
	.name = "mcv",
	.what = "NIST SP 800-90B most-common-value min-entropy",
	.region = entropy_mcv_region,
	.json = entropy_mcv_json,
	.metrics = entropy_mcv_metrics,
};
