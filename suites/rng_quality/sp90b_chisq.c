/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 5.2.1-5.2.4, the chi-square tests of the IID track, each at
 * alpha = 0.001 (a p-value below it fails the test).
 *
 * Independence looks at non-overlapping pairs (binary data: m-bit
 * tuples); goodness of fit splits the sample into ten equal parts and asks
 * whether the symbol frequencies stay the same in each, which is what a
 * source drifting with temperature or supply voltage violates.  Where
 * expected counts are below 5 the standard pools cells: sorted by
 * expected count (then by tuple value), cells are gathered into bins of at
 * least 5, and a short last bin joins the one before it.  Degrees of
 * freedom are those of the reference (bins - k; 9 (bins - 1); 2^m - 2; 9).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sp90b.h"

#define CHI_ALPHA 0.001

struct chi_cell {
	uint32_t tuple;
	double e;
};

static int chi_cell_cmp(const void *a, const void *b)
{
	const struct chi_cell *x = a, *y = b;

	if (x->e != y->e)
		return x->e < y->e ? -1 : 1;
	return (x->tuple > y->tuple) - (x->tuple < y->tuple);
}

/* Pool sorted cells into bins of expectation >= 5; bin[tuple] gets each
 * cell's bin, exp[] each bin's expectation; returns the number of bins. */
static size_t chi_pool(struct chi_cell *c, size_t nc, uint32_t *bin, double *exp)
{
	size_t nb = 0;
	double cur = 0;

	qsort(c, nc, sizeof(*c), chi_cell_cmp);
	for (size_t i = 0; i < nc; i++) {
		if (cur >= 5.0) {
			exp[nb++] = cur;
			cur = 0;
		}
		bin[c[i].tuple] = (uint32_t)nb;
		cur += c[i].e;
	}
	if (nb > 0 && cur < 5.0) {
		for (size_t i = nc; i-- > 0 && bin[c[i].tuple] == nb;)
			bin[c[i].tuple] = (uint32_t)(nb - 1);
		exp[nb - 1] += cur;
	} else {
		exp[nb++] = cur;
	}
	return nb;
}

static double chi_t(const double *exp, const size_t *obs, size_t nb)
{
	double t = 0;

	for (size_t i = 0; i < nb; i++)
		t += ((double)obs[i] - exp[i]) * ((double)obs[i] - exp[i]) / exp[i];
	return t;
}

static void chi_verdict(struct sp90b_chisq *c)
{
	c->p = c->df > 0 && c->score > 0 ? gsl_cdf_chisq_Q(c->score, c->df) : 1.0;
	c->pass = c->p >= CHI_ALPHA;
}

static void chi_props(const uint8_t *s, size_t n, double *p)
{
	size_t cnt[256] = { 0 };

	for (size_t i = 0; i < n; i++)
		cnt[s[i]]++;
	for (unsigned v = 0; v < 256; v++)
		p[v] = (double)cnt[v] / (double)n;
}

/* 5.2.2: m-bit non-overlapping tuples, m the largest (<= 11) for which the
 * rarest tuple still expects 5 occurrences. */
static int chi_indep_binary(const uint8_t *s, size_t n, struct sp90b_chisq *c)
{
	size_t ones = 0, blocks, *occ;
	double p1, p0, pmin;
	unsigned m = 11;

	for (size_t i = 0; i < n; i++)
		ones += s[i];
	p1 = (double)ones / (double)n;
	p0 = 1.0 - p1;
	pmin = fmin(p0, p1);
	while (m > 1 && pow(pmin, m) * (double)(n / m) < 5)
		m--;
	if (m < 2) {
		c->score = 0;
		c->df = 0;
		return 0;
	}
	blocks = n / m;
	occ = calloc((size_t)1 << m, sizeof(*occ));
	if (!occ)
		return -ENOMEM;
	for (size_t b = 0; b < blocks; b++) {
		unsigned v = 0;

		for (unsigned j = 0; j < m; j++)
			v = v << 1 | s[b * m + j];
		occ[v]++;
	}
	c->score = 0;
	for (unsigned v = 0; v < (1u << m); v++) {
		int w = __builtin_popcount(v);
		double e = pow(p1, w) * pow(p0, (double)(m - (unsigned)w)) * (double)blocks;

		c->score += ((double)occ[v] - e) * ((double)occ[v] - e) / e;
	}
	c->df = (1 << m) - 2;
	free(occ);
	return 0;
}

/* 5.2.1: pairs (s[2i], s[2i+1]) against p_a p_b floor(n/2). */
struct chi_work {
	struct chi_cell *cell;
	uint32_t *bin;
	double *exp;
	size_t *obs;
};

static void chi_work_free(struct chi_work *w)
{
	free(w->cell);
	free(w->bin);
	free(w->exp);
	free(w->obs);
}

static int chi_indep_general(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c)
{
	size_t nc = (size_t)k * k, nb;
	struct chi_work w = { malloc(nc * sizeof(*w.cell)), malloc(nc * sizeof(*w.bin)),
			      malloc(nc * sizeof(*w.exp)), calloc(nc, sizeof(*w.obs)) };
	double p[256];

	if (!w.cell || !w.bin || !w.exp || !w.obs) {
		chi_work_free(&w);
		return -ENOMEM;
	}
	chi_props(s, n, p);
	for (unsigned a = 0; a < k; a++)
		for (unsigned b = 0; b < k; b++)
			w.cell[a * k + b] = (struct chi_cell){ a * k + b,
							       p[a] * p[b] * floor((double)n * 0.5) };
	nb = chi_pool(w.cell, nc, w.bin, w.exp);
	for (size_t i = 0; i + 1 < n; i += 2)
		w.obs[w.bin[s[i] * k + s[i + 1]]]++;
	c->score = chi_t(w.exp, w.obs, nb);
	c->df = (int)nb - (int)k;
	chi_work_free(&w);
	return 0;
}
int sp90b_chisq_indep(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if (n < 2 || k < 2)
		return -EDOM;
	rc = k == 2 ? chi_indep_binary(s, n, c) : chi_indep_general(s, n, k, c);
	if (rc == 0)
		chi_verdict(c);
	return rc;
}

/* 5.2.4: zeros and ones in each tenth against (1 - p, p) floor(n/10), df 9 */
static void chi_fit_binary(const uint8_t *s, size_t n, struct sp90b_chisq *c)
{
	size_t sub = n / 10, ones = 0;
	double p, e0, e1;

	for (size_t i = 0; i < n; i++)
		ones += s[i];
	p = (double)ones / (double)n;
	e0 = (1.0 - p) * (double)sub;
	e1 = p * (double)sub;
	c->score = 0;
	for (unsigned b = 0; b < 10; b++) {
		size_t o1 = 0, o0;

		for (size_t j = 0; j < sub; j++)
			o1 += s[b * sub + j];
		o0 = sub - o1;
		c->score += ((double)o0 - e0) * ((double)o0 - e0) / e0 +
			    ((double)o1 - e1) * ((double)o1 - e1) / e1;
	}
	c->df = 9;
}

/* 5.2.3: each tenth's symbol counts against p_x floor(n/10), pooled. */
static int chi_fit_general(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c)
{
	struct chi_cell cell[256];
	uint32_t bin[256];
	double p[256], exp[256];
	size_t nb, sub = n / 10;

	chi_props(s, n, p);
	for (unsigned a = 0; a < k; a++)
		cell[a] = (struct chi_cell){ a, p[a] * floor((double)n / 10.0) };
	nb = chi_pool(cell, k, bin, exp);
	c->score = 0;
	for (unsigned b = 0; b < 10; b++) {
		size_t obs[256] = { 0 };

		for (size_t j = 0; j < sub; j++)
			obs[bin[s[b * sub + j]]]++;
		c->score += chi_t(exp, obs, nb);
	}
	c->df = 9 * ((int)nb - 1);
	return 0;
}

int sp90b_chisq_fit(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c)
{
	memset(c, 0, sizeof(*c));
	if (n < 10 || k < 2)
		return -EDOM;
	if (k == 2)
		chi_fit_binary(s, n, c);
	else
		chi_fit_general(s, n, k, c);
	chi_verdict(c);
	return 0;
}
