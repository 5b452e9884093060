/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Collision (Renyi-2) entropy: how often two boots got the same value.
 *
 *   c = sum_v C(k_v, 2) colliding pairs among the C(n,2) pairs of boots,
 *   q = sum_v p_v^2 estimated by c / C(n,2),  H2 = -log2 q.
 *
 * Bounds at level C (one-sided each; C = 0.99 by default): c is close to
 * Poisson with mean C(n,2) q when the values are near-uniform (its
 * variance is C(n,2)(q - q^2) + 6 C(n,3)(s3 - q^2), s3 = sum p_v^3, and
 * s3 = q^2 for a uniform source), so the Garwood limits
 *   lambda_u(c) = chi2_{2(c+1)}(C) / 2   (4.61, 6.64, 8.41 for c = 0, 1, 2)
 *   lambda_l(c) = chi2_{2c}(1 - C) / 2
 * give H2 >= log2(C(n,2) / lambda_u(c)) and H2 <= log2(C(n,2) / lambda_l(c)).
 * A skewed source has the extra variance term; it is estimated from the
 * colliding triples t = sum_v C(k_v, 3) (s3 ~ t / C(n,3)) and added as
 * z_C * sqrt(6 C(n,3) (s3 - q^2)) to the Poisson limit, which is
 * conservative (sqrt(a + b) <= sqrt(a) + sqrt(b)).
 *
 * With no collision the bound is log2(C(n,2) / 4.61) ~ 2 log2 n - 3.2: the
 * most n boots can ever show, whatever the source.  H_min >= H2 / 2 always
 * and H_min ~ H2 when the values are uniform.  (Renyi 1961; Bar-Yossef et
 * al., "Counting distinct elements", for the collision estimator; Garwood
 * 1936 for the Poisson limits.)
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "entropy.h"
#include "metric.h"
#include "stats.h"

void entropy_collision_counts(const size_t *cnt, size_t nd, double *c, double *t)
{
	double cc = 0, tt = 0;

	for (size_t i = 0; i < nd; i++) {
		double k = (double)cnt[i];

		cc += k * (k - 1) / 2;
		tt += k * (k - 1) * (k - 2) / 6;
	}
	*c = cc;
	*t = tt;
}

void entropy_collision_from_counts(struct entropy_collision *co, double n,
				   double c, double t, double conf)
{
	double z = gsl_cdf_ugaussian_Pinv(conf), triples, q, s3, extra, cu, cl;

	co->n = n;
	co->c = c;
	co->t = t;
	co->valid = n >= 2;
	co->pairs = n * (n - 1) / 2;
	if (!co->valid) {
		co->est = co->lo = co->hi = co->cap = NAN;
		return;
	}
	triples = co->pairs * (n - 2) / 3;
	q = c / co->pairs;
	s3 = triples > 0 ? t / triples : 0;
	extra = triples > 0 && s3 > q * q ? 6 * triples * (s3 - q * q) : 0;
	cu = stats_poisson_upper(c, conf) + z * sqrt(extra);
	cl = stats_poisson_lower(c, conf) - z * sqrt(extra);
	/* H2 of a constant is 0; bounds never go below it. */
	co->est = c > 0 ? fmax(0, log2(co->pairs / c)) : INFINITY;
	co->lo = fmax(0, log2(co->pairs / cu));
	co->hi = cl > 0 ? fmax(0, log2(co->pairs / cl)) : INFINITY;
	co->cap = fmax(0, log2(co->pairs / stats_poisson_upper(0, conf)));
}

static void entropy_collision_region(struct entropy_region *r, const struct entropy_opts *o)
{
	double c, t;

	entropy_collision_counts(r->col->cnt, r->col->nd, &c, &t);
	entropy_collision_from_counts(&r->co, (double)r->col->n, c, t, o->confidence);
}

json_t *entropy_collision_json_obj(const struct entropy_collision *co)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "pairs", metric_num(co->pairs),
			 "collisions", metric_num(co->c),
			 "estimate", metric_num(co->est),
			 "lower", metric_num(co->lo),
			 "upper", metric_num(co->hi),
			 "cap", metric_num(co->cap));
}

static void entropy_collision_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	(void)set;
	for (size_t i = 0; i < s->nreg; i++)
		json_object_set_new(json_array_get(regions, i), "collision",
				    entropy_collision_json_obj(&s->reg[i].co));
}

/* Triples of boots on one value: sum of C(k, 3) over the value counts. */
static double entropy_collision_triples(const struct entropy_col *c)
{
	double t = 0;

	for (size_t v = 0; v < c->nd; v++) {
		double k = (double)c->cnt[v];

		t += k * (k - 1) * (k - 2) / 6;
	}
	return t;
}

static void entropy_collision_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				      json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		const struct entropy_collision *co = &r->co;
		/* Without a collision there is no point estimate: the record
		 * carries the lower bound as its value and says so. */
		json_t *m;

		if (!co->valid)
			continue;
		m = entropy_metric(s, r, "entropy_collision_bits",
				   isfinite(co->est) ? co->est : co->lo, "bits", "higher",
				   co->lo, co->hi, 2 * o->confidence - 1,
				   "Renyi-2 collision estimator, Garwood Poisson bounds");
		json_object_set_new(m, "collisions", json_real(co->c));
		/* with the collisions, what a two-run test needs of the
		 * U-statistic's variance (hardboot compare, compare_collision.c) */
		json_object_set_new(m, "triples", json_real(entropy_collision_triples(r->col)));
		metric_compare(m, METRIC_COLLISION);
		/* Two one-sided bounds at C make a two-sided interval at 2C - 1;
		 * the lower one alone holds at C. */
		json_object_set_new(m, "lower_confidence", json_real(o->confidence));
		if (!isfinite(co->est))
			json_object_set_new(m, "censored",
				json_string("no collision: value is the lower bound"));
		json_array_append_new(out, m);
	}
}

const struct entropy_family entropy_collision_family = {
	.name = "collision",
	.what = "Renyi-2 collision entropy with Poisson bounds",
	.region = entropy_collision_region,
	.json = entropy_collision_json,
	.metrics = entropy_collision_metrics,
};
