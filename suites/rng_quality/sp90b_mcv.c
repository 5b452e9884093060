/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.1, most common value: the share p^ of the commonest
 * symbol, raised to its one-sided 99% upper bound (z = 2.576)
 *   p_u = min(1, p^ + 2.576 sqrt(p^ (1 - p^) / (n - 1))),  H = -log2 p_u.
 * Valid for any alphabet and any n >= 2; it is also the IID track's whole
 * estimate (5: "the MCV estimate of 6.3.1").
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "sp90b.h"

static int sp90b_mcv_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	size_t cnt[256], mode = 0;
	double phat;

	if (q->n < 2)
		return -EDOM;
	memset(cnt, 0, sizeof(cnt));
	for (size_t i = 0; i < q->n; i++)
		cnt[q->s[i]]++;
	for (unsigned v = 0; v < 256; v++)
		if (cnt[v] > mode)
			mode = cnt[v];
	phat = (double)mode / (double)q->n;
	e->p = sp90b_upper(phat, (double)q->n);
	e->h = sp90b_bits(e->p);
	sp90b_est_detail(e, "mode", (double)mode);
	sp90b_est_detail(e, "p_hat", phat);
	sp90b_est_detail(e, "p_u", e->p);
	return 0;
}

const struct sp90b_estimator sp90b_mcv_info = {
	.name = "mcv",
	.title = "most common value",
	.section = "6.3.1",
	.run = sp90b_mcv_run,
};
