/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The IID track of SP 800-90B (section 5): a source may claim the MCV
 * estimate alone (6.3.1) only if its samples look independent and
 * identically distributed to all three of the permutation tests (5.1),
 * the chi-square tests (5.2.1-5.2.4) and the longest repeated substring
 * test (5.2.5).  The estimate is reported as ea_iid reports it:
 * H_original = MCV of the symbols, H_bitstring = MCV of the bitstring for
 * symbols of more than two values, min(bits, H_original, bits x H_bitstring).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "sp90b.h"

/*
 * 5.2.5: the longest repeated substring has length W.  Under IID data two
 * given W-tuples match with probability p_col^W, p_col = sum p_x^2, and
 * there are N = C(n - W + 1, 2) pairs; the test fails when even one
 * repeat that long is improbable:
 *   Pr(X >= 1) = 1 - (1 - p_col^W)^N < 1/1000.
 * log1p keeps 1 - p_col^W from rounding to 1 for W in the hundreds.
 */
int sp90b_lrs_test(const uint8_t *s, size_t n, unsigned k, size_t *w, double *pcol,
		   double *prob, int *pass)
{
	struct sp90b_seq q;
	struct sp90b_tuples *t;
	size_t cnt[256] = { 0 };
	long double pc = 0, lognone, pairs;
	int rc;

	if (n < 2)
		return -EDOM;
	for (size_t i = 0; i < n; i++)
		cnt[s[i]]++;
	for (unsigned v = 0; v < 256; v++)
		pc += ((long double)cnt[v] / n) * ((long double)cnt[v] / n);
	*pcol = (double)pc;
	if (pc > 1.0L - LDBL_EPSILON) {
		/* one symbol: every repeat is certain */
		*w = n - 1;
		*prob = 1.0;
		*pass = 1;
		return 0;
	}
	sp90b_seq_init(&q, s, n, k);
	rc = sp90b_tuples_get(&q, &t);
	if (rc == 0)
		*w = t->v;
	sp90b_seq_free(&q);
	if (rc)
		return rc;
	lognone = log1pl(-powl(pc, (long double)*w));
	pairs = (long double)(n - *w + 1) * (long double)(n - *w) / 2.0L;
	*prob = (double)(1.0L - expl(pairs * lognone));
	*pass = logl(0.999L) >= pairs * lognone;
	return 0;
}

static void sp90b_iid_mcv(const struct sp90b_data *d, struct sp90b_iid *r)
{
	struct sp90b_seq q;

	r->h_original = d->bits;
	r->h_bitstring = 1.0;
	sp90b_seq_init(&q, d->sym, d->n, d->k);
	if (sp90b_estimate(&sp90b_mcv_info, &q, &r->mcv) == 0)
		r->h_original = fmin(r->h_original, r->mcv.h);
	r->h_assessed = r->h_original;
	if (!r->bitstring)
		return;
	sp90b_seq_init(&q, d->bit, d->nbit, 2);
	if (sp90b_estimate(&sp90b_mcv_info, &q, &r->mcv_bits) == 0)
		r->h_bitstring = fmin(r->h_bitstring, r->mcv_bits.h);
	r->h_assessed = fmin(r->h_assessed, d->bits * r->h_bitstring);
}

int sp90b_iid(const struct sp90b_data *d, unsigned long seed, unsigned shuffles,
	      struct sp90b_iid *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->n = d->n;
	r->bits = d->bits;
	r->k = d->k;
	r->bitstring = d->k > 2;
	if (d->k < 2 || d->n < 10)
		return -EDOM;
	sp90b_iid_mcv(d, r);
	rc = sp90b_chisq_indep(d->sym, d->n, d->k, &r->indep);
	if (rc == 0)
		rc = sp90b_chisq_fit(d->sym, d->n, d->k, &r->fit);
	if (rc == 0)
		rc = sp90b_lrs_test(d->sym, d->n, d->k, &r->lrs.w, &r->lrs.pcol, &r->lrs.prob,
				    &r->lrs.pass);
	if (rc == 0)
		rc = sp90b_perm_run(d, d->sym, d->raw, seed, shuffles, r);
	if (rc)
		return rc;
	r->chisq_pass = r->indep.pass && r->fit.pass;
	r->pass = r->chisq_pass && r->lrs.pass && r->perm_pass;
	return 0;
}
