/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the SP 800-90B code (sp90b_*.c): a sample file is
 * whatever bytes a user hands over, so the reader, the translation, every
 * estimator of 6.3 (on the symbols and on the bitstring), the chi-square
 * and LRS tests, the permutation statistics and the restart tests must
 * survive any of them (one value, two values, tiny, periodic, 8 bits of
 * noise) without a crash, undefined behaviour or a GSL abort.  Input:
 * byte 0 picks --bits (0: infer, else 1..8) and byte 1 the restart rows;
 * the rest, at most 1,024 bytes, is the sample: 8,192 bits are enough for
 * MultiMCW and compression on the bitstring and still fuzz at ~20 runs a
 * second.  The restart tests run in their IID mode (the non-IID estimators
 * are fuzzed on the sample).
 */
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "sp90b.h"

static void fuzz_iid_parts(const struct sp90b_data *d)
{
	struct sp90b_chisq c;
	long double t[SP90B_NPERM];
	int on[SP90B_NPERM], pass;
	size_t w;
	double pcol, prob;

	sp90b_chisq_indep(d->sym, d->n, d->k, &c);
	sp90b_chisq_fit(d->sym, d->n, d->k, &c);
	sp90b_lrs_test(d->sym, d->n, d->k, &w, &pcol, &prob, &pass);
	for (int j = 0; j < SP90B_NPERM; j++)
		on[j] = 1;
	sp90b_perm_stats(d->sym, d->raw, d->n, d->k, 1.0, 1.0, on, t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sp90b_noniid r;
	static struct sp90b_restart rs;
	struct sp90b_data d;
	unsigned bits, rows;

	gsl_set_error_handler_off();
	if (size < 3 || size > 1026)
		return 0;
	bits = data[0] % 9;
	rows = data[1];
	if (sp90b_data_init(&d, data + 2, size - 2, bits))
		return 0;
	sp90b_noniid(&d, &r);
	fuzz_iid_parts(&d);
	if (rows >= 2 && d.n % rows == 0)
		sp90b_restart(&d, rows, d.bits / 2.0, 1, &rs);
	sp90b_data_free(&d);
	return 0;
}
