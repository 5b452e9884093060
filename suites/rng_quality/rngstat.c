/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rngstat.h"

void rngstat_init(struct rngstat *s)
{
	memset(s, 0, sizeof(*s));
}

/*
 * The hot loop runs on every streamed byte (hundreds of MB per battery),
 * so bits are counted eight bytes at a time and the pair products use the
 * previous byte carried in a register.
 */
void rngstat_feed(struct rngstat *s, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint64_t uv = 0, ones = 0;
	unsigned prev = s->last;
	size_t i = 0;

	if (!n)
		return;
	if (!s->n)
		s->first = p[0];
	else
		uv += (uint64_t)prev * p[0];
	prev = p[0];
	s->hist[p[0]]++;
	ones += (uint64_t)__builtin_popcount(p[0]);
	for (i = 1; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		ones += (uint64_t)__builtin_popcountll(w);
		for (int k = 0; k < 8; k++) {
			unsigned b = p[i + k];

			s->hist[b]++;
			uv += (uint64_t)prev * b;
			prev = b;
		}
	}
	for (; i < n; i++) {
		unsigned b = p[i];

		ones += (uint64_t)__builtin_popcount(b);
		s->hist[b]++;
		uv += (uint64_t)prev * b;
		prev = b;
	}
	s->last = (uint8_t)prev;
	s->ones += ones;
	s->sum_uv += uv;
	s->n += n;
}

enum rngstat_grade rngstat_grade(double p, int two_sided)
{
	if (isnan(p) || p < RNGSTAT_P_FAIL ||
	    (two_sided && p > 1.0 - RNGSTAT_P_FAIL))
		return RNGSTAT_FAILED;
	if (p < RNGSTAT_P_WEAK || (two_sided && p > 1.0 - RNGSTAT_P_WEAK))
		return RNGSTAT_WEAK;
	return RNGSTAT_PASSED;
}

const char *rngstat_grade_name(enum rngstat_grade g)
{
	static const char *const names[] = { "PASSED", "WEAK", "FAILED" };

	return g <= RNGSTAT_FAILED ? names[g] : "?";
}

/*
 * Pearson chi-square, 256 equiprobable bins, df = 255; alpha as above,
 * both tails; n / 256 >= 5 per bin is needed for the chi-square
 * approximation, so below 1280 bytes the test is not run.
 *   X^2 = sum (O_i - E)^2 / E,  E = n / 256;  p = Q(X^2; 255).
 */
static void rngstat_chi2(const struct rngstat *s, struct rngstat_result *r)
{
	double e = (double)s->n / 256.0, x2 = 0;

	r->name = "byte_chi2";
	if (s->n < 5 * 256) {
		r->stat = r->p = NAN;
		snprintf(r->note, sizeof(r->note), "needs >= 1280 bytes");
		r->grade = RNGSTAT_FAILED;
		return;
	}
	for (int v = 0; v < 256; v++) {
		double d = (double)s->hist[v] - e;

		x2 += d * d / e;
	}
	r->stat = x2;
	r->p = gsl_cdf_chisq_Q(x2, 255.0);
	r->grade = rngstat_grade(r->p, 1);
	if (r->p > 1.0 - RNGSTAT_P_WEAK)
		snprintf(r->note, sizeof(r->note), "too uniform (a counter?)");
}

/*
 * NIST SP 800-22 rev1a 2.1, frequency (monobit) test over all 8n bits:
 *   S = ones - zeros,  s_obs = |S| / sqrt(8n),  p = erfc(s_obs / sqrt 2).
 * NIST recommends n >= 100 bits; alpha as above, lower tail only.
 */
static void rngstat_monobit(const struct rngstat *s, struct rngstat_result *r)
{
	double bits = 8.0 * (double)s->n;
	double sum = 2.0 * (double)s->ones - bits;

	r->name = "monobit";
	if (bits < 100) {
		r->stat = r->p = NAN;
		snprintf(r->note, sizeof(r->note), "needs >= 100 bits");
		r->grade = RNGSTAT_FAILED;
		return;
	}
	r->stat = sum / sqrt(bits);
	r->p = gsl_sf_erfc(fabs(r->stat) / M_SQRT2);
	r->grade = rngstat_grade(r->p, 0);
	if (r->grade != RNGSTAT_PASSED)
		snprintf(r->note, sizeof(r->note), "%.6f of the bits are ones",
			 (double)s->ones / bits);
}

/*
 * Knuth, TAOCP vol. 2 (3rd ed.), 3.3.2 K, eqs. (23)-(24): the circular
 * serial correlation of U_0..U_{n-1} (U_n = U_0)
 *   C = (n sum U_j U_{j+1} - (sum U_j)^2) / (n sum U_j^2 - (sum U_j)^2)
 * has, for independent U, mean mu = -1/(n-1) and standard deviation
 *   sigma = sqrt(n(n-3)/(n+1)) / (n-1)   (n > 2),
 * about 1/sqrt(n); z = (C - mu) / sigma, p = erfc(|z| / sqrt 2).  The
 * normal approximation is fine for n in the thousands and up; alpha as
 * above, two-sided in C, so lower tail in p.  Sums from the histogram are
 * exact integers; long double keeps n sum U^2 - (sum U)^2 (two numbers of
 * ~2^90 for a 100 GB stream) from cancelling away.
 */
static void rngstat_serial(const struct rngstat *s, struct rngstat_result *r)
{
	long double n = (long double)s->n, su = 0, su2 = 0, num, den, c;
	double mu, sigma, z;

	r->name = "serial_correlation";
	if (s->n < 3) {
		r->stat = r->p = NAN;
		snprintf(r->note, sizeof(r->note), "needs >= 3 bytes");
		r->grade = RNGSTAT_FAILED;
		return;
	}
	for (int v = 0; v < 256; v++) {
		su += (long double)s->hist[v] * v;
		su2 += (long double)s->hist[v] * v * v;
	}
	num = n * ((long double)s->sum_uv + (long double)s->last * s->first) -
	      su * su;
	den = n * su2 - su * su;
	if (den == 0) {
		r->stat = NAN;
		r->p = 0;
		r->grade = RNGSTAT_FAILED;
		snprintf(r->note, sizeof(r->note), "constant stream");
		return;
	}
	c = num / den;
	mu = -1.0 / ((double)s->n - 1.0);
	sigma = sqrt((double)s->n * ((double)s->n - 3.0) / ((double)s->n + 1.0)) /
		((double)s->n - 1.0);
	z = ((double)c - mu) / sigma;
	r->stat = (double)c;
	r->p = gsl_sf_erfc(fabs(z) / M_SQRT2);
	r->grade = rngstat_grade(r->p, 0);
}

void rngstat_results(const struct rngstat *s,
		     struct rngstat_result r[RNGSTAT_NTESTS])
{
	memset(r, 0, sizeof(*r) * RNGSTAT_NTESTS);
	rngstat_chi2(s, &r[RNGSTAT_CHI2]);
	rngstat_monobit(s, &r[RNGSTAT_MONOBIT]);
	rngstat_serial(s, &r[RNGSTAT_SERIAL]);
}
