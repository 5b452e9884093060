/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The non-IID track of SP 800-90B (3.1.3, 6.3): every estimator of 6.3 on
 * the sample, H_original = the least of them.  For symbols of more than
 * one bit (more than two values present) the sample is also read as a
 * bitstring and every estimator runs on that too, H_bitstring = the least
 * (per bit); the assessment is
 *   min(bits, H_original, bits x H_bitstring)
 * as ea_non_iid's "initial entropy" (-i, all bits -a) reports it.  With
 * exactly two values the sample is binary: the three binary-only
 * estimators (6.3.2-6.3.4) run on it and no bitstring is made.
 */
#include <errno.h>
#include <math.h>

#include "sp90b.h"

const struct sp90b_estimator *const sp90b_estimators[SP90B_NEST] = {
	&sp90b_mcv_info,
	&sp90b_collision_info,
	&sp90b_markov_info,
	&sp90b_compress_info,
	&sp90b_tuple_info,
	&sp90b_lrs_info,
	&sp90b_mcw_info,
	&sp90b_lag_info,
	&sp90b_mmc_info,
	&sp90b_lz78y_info,
};

int sp90b_noniid_seq(struct sp90b_seq *q, struct sp90b_est est[SP90B_NEST], double cap,
		     double *h)
{
	*h = cap;
	for (unsigned i = 0; i < SP90B_NEST; i++) {
		int rc = sp90b_estimate(sp90b_estimators[i], q, &est[i]);

		if (rc == -ENOMEM)
			return rc;
		if (rc == 0)
			*h = fmin(*h, est[i].h);
	}
	return 0;
}

int sp90b_noniid(const struct sp90b_data *d, struct sp90b_noniid *r)
{
	struct sp90b_seq q;
	int rc;

	*r = (struct sp90b_noniid){ .n = d->n, .nbit = d->nbit, .bits = d->bits, .k = d->k,
				    .h_original = d->bits, .h_bitstring = 1.0 };
	if (d->k < 2) {
		/* one value: nothing to predict, no entropy (the reference
		 * refuses such a file) */
		r->h_original = r->h_assessed = 0;
		return 0;
	}
	r->bitstring = d->k > 2;
	sp90b_seq_init(&q, d->sym, d->n, d->k);
	rc = sp90b_noniid_seq(&q, r->orig, d->bits, &r->h_original);
	sp90b_seq_free(&q);
	if (rc)
		return rc;
	r->h_assessed = fmin(d->bits, r->h_original);
	if (!r->bitstring)
		return 0;
	sp90b_seq_init(&q, d->bit, d->nbit, 2);
	rc = sp90b_noniid_seq(&q, r->bstr, 1.0, &r->h_bitstring);
	sp90b_seq_free(&q);
	if (rc)
		return rc;
	r->h_assessed = fmin(r->h_assessed, d->bits * r->h_bitstring);
	return 0;
}
