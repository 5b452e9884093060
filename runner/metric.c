/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "metric.h"

json_t *metric_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *metric_new(const char *name, const char *subject, double value,
		   const char *unit, const char *better, unsigned long n)
{
	return json_pack("{s:i,s:s,s:s,s:o,s:s,s:s,s:I}", "schema", METRIC_SCHEMA,
			 "metric", name, "subject", subject, "value", metric_num(value),
			 "unit", unit, "better", better, "n", (json_int_t)n);
}

void metric_interval(json_t *m, double lo, double hi, double confidence,
		     const char *test)
{
	json_object_set_new(m, "interval", json_pack("[o,o]", metric_num(lo), metric_num(hi)));
	json_object_set_new(m, "confidence", json_real(confidence));
	json_object_set_new(m, "test", json_string(test));
}

/*
 * Beta quantile by bisection on the CDF.  GSL's gsl_cdf_beta_Pinv fails to
 * converge for ordinary arguments (P = 0.975, a = 3, b = 258: 2 failures in
 * 260 boots) and its default error handler then aborts the process; the
 * CDF itself is robust.  100 halvings of [0, 1] reach 1e-30.
 */
static double metric_beta_inv(double p, double a, double b)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (gsl_cdf_beta_P(mid, a, b) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * Clopper & Pearson (1934): the interval inverts two one-sided binomial
 * tests, via the beta quantiles  lo = B^-1(a/2; k, n-k+1),
 * hi = B^-1(1-a/2; k+1, n-k).  Exact (conservative) for any n, so a zero
 * failure count over 30 boots still reports an upper bound near 11.6%.
 */
void metric_binomial_ci(unsigned long k, unsigned long n, double confidence,
			double *lo, double *hi)
{
	double a = 1.0 - confidence;

	if (n == 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	*lo = k == 0 ? 0.0 : metric_beta_inv(a / 2, (double)k, (double)(n - k + 1));
	*hi = k == n ? 1.0 : metric_beta_inv(1 - a / 2, (double)(k + 1), (double)(n - k));
}
