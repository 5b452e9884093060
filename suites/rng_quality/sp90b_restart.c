/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 3.1.4, restart tests: the source is restarted r times (the
 * standard: 1,000) and c samples (1,000) are taken after each; row i holds
 * restart i.  An image's early entropy is exactly this: what the seeding
 * path reads in the first microseconds after each boot.  A source that
 * starts from the same state every time (a TSC that resets, an RNG seeded
 * before the hardware is ready) looks fine along a row and constant down a
 * column.
 *
 * 3.1.4.3 sanity check: the most common value's count in each row (of c)
 * and each column (of r) must not exceed the (1 - alpha) quantile of
 * Binomial(c or r, p = 2^-H_I), alpha = 0.01 / (r + c) (Bonferroni over
 * the r + c counts; 5e-6 for 1,000 x 1,000).  NIST's ea_restart simulates
 * its cutoff from a near-uniform distribution instead of the binomial the
 * standard names, so its cutoff may differ by a count or two.
 *
 * 3.1.4.4 validation: the row-major sample (rows concatenated) gives H_r
 * and the column-major one H_c, both by the non-IID estimators (by the
 * MCV alone for an IID source); the test passes if min(H_r, H_c) >= H_I/2.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sp90b.h"

/* smallest u with P(Binomial(m, p) > u) <= alpha */
static unsigned restart_cutoff(size_t m, double p, double alpha)
{
	unsigned u = (unsigned)floor((double)m * p);

	if (p >= 1.0)
		return (unsigned)m;
	while (u < m && gsl_cdf_binomial_Q(u, p, (unsigned)m) > alpha)
		u++;
	return u;
}

/* the largest count of any symbol within one line of `len` symbols taken
 * every `step` symbols from `start` */
static size_t restart_mode(const uint8_t *s, size_t start, size_t step, size_t len)
{
	size_t cnt[256] = { 0 }, best = 0;

	for (size_t i = 0; i < len; i++)
		if (++cnt[s[start + i * step]] > best)
			best = cnt[s[start + i * step]];
	return best;
}

static void restart_sanity(const struct sp90b_data *d, struct sp90b_restart *r)
{
	double p = exp2(-r->h_i);
	unsigned cut_r = restart_cutoff(r->cols, p, r->alpha);
	unsigned cut_c = restart_cutoff(r->rows, p, r->alpha);

	for (size_t i = 0; i < r->rows; i++) {
		size_t x = restart_mode(d->sym, i * r->cols, 1, r->cols);

		if (x > r->x_r)
			r->x_r = x;
	}
	for (size_t j = 0; j < r->cols; j++) {
		size_t x = restart_mode(d->sym, j, r->cols, r->rows);

		if (x > r->x_c)
			r->x_c = x;
	}
	r->x_max = r->x_r > r->x_c ? r->x_r : r->x_c;
	r->cutoff = cut_r > cut_c ? cut_r : cut_c;
	r->sanity_pass = r->x_r <= cut_r && r->x_c <= cut_c;
}

/* H of one dataset: the MCV for an IID source, else every estimator */
static int restart_h(const struct sp90b_data *d, const uint8_t *s, int iid,
		     struct sp90b_est *est, double *h)
{
	struct sp90b_seq q;
	int rc = 0;

	sp90b_seq_init(&q, s, d->n, d->k);
	if (iid) {
		*h = d->bits;
		if (sp90b_estimate(&sp90b_mcv_info, &q, &est[0]) == 0)
			*h = fmin(*h, est[0].h);
		for (unsigned i = 1; i < SP90B_NEST; i++)
			est[i] = (struct sp90b_est){ .status = -ENOTSUP, .why = "IID source: MCV only",
						     .h = NAN, .p = NAN };
	} else {
		rc = sp90b_noniid_seq(&q, est, d->bits, h);
	}
	sp90b_seq_free(&q);
	return rc;
}

int sp90b_restart(const struct sp90b_data *d, size_t rows, double h_i, int iid,
		  struct sp90b_restart *r)
{
	uint8_t *col;
	int rc;

	memset(r, 0, sizeof(*r));
	if (rows < 2 || d->n % rows || d->n / rows < 2 || !(h_i >= 0) || h_i > d->bits)
		return -EINVAL;
	r->rows = rows;
	r->cols = d->n / rows;
	r->h_i = h_i;
	r->iid = iid;
	r->alpha = 0.01 / (double)(r->rows + r->cols);
	restart_sanity(d, r);
	col = malloc(d->n);
	if (!col)
		return -ENOMEM;
	for (size_t j = 0; j < r->cols; j++)
		for (size_t i = 0; i < r->rows; i++)
			col[j * r->rows + i] = d->sym[i * r->cols + j];
	rc = restart_h(d, d->sym, iid, r->row_est, &r->h_r);
	if (rc == 0)
		rc = restart_h(d, col, iid, r->col_est, &r->h_c);
	free(col);
	if (rc)
		return rc;
	r->validation_pass = fmin(r->h_r, r->h_c) >= h_i / 2;
	r->pass = r->sanity_pass && r->validation_pass;
	return 0;
}
