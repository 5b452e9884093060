/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.2, collision estimate, binary data only.  The sequence is
 * cut into the shortest pieces that end in a repeat: "00" and "11" take 2
 * bits, anything else 3 ("01x", "10x" always hold a repeat by the third
 * bit).  For a bit with P(most likely) = p the mean piece length is
 *   E[t] = 2 + 2p(1 - p)  (= -2p^2 + 2p + 2, the reference's reduction of
 * step 7 with F(q) = q(2q^2 + 2q + 1)),
 * so the 99% lower bound on the mean, X' = X - 2.576 s / sqrt(v), gives p
 * by the root above 1/2:  p = 1/2 + sqrt(5/4 - X'/2).  X' >= 5/2 has no
 * root: p = 1/2, one full bit (step 8).
 */
#include <errno.h>
#include <math.h>

#include "sp90b.h"

static int sp90b_collision_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	size_t i = 0, v = 0;
	double sq = 0, mean, sd, lo;

	while (i + 1 < q->n) {
		size_t t;

		if (q->s[i] == q->s[i + 1])
			t = 2;
		else if (i + 2 < q->n)
			t = 3;
		else
			break;
		v++;
		sq += (double)(t * t);
		i += t;
	}
	if (v < 2)
		return -EDOM;
	mean = (double)i / (double)v;
	sd = sqrt((sq - (double)i * mean) / (double)(v - 1));
	lo = fmax(2.0, mean - SP90B_Z * sd / sqrt((double)v));
	if (lo < 2.5) {
		e->p = 0.5 + sqrt(1.25 - 0.5 * lo);
		e->h = sp90b_bits(e->p);
	} else {
		e->p = 0.5;
		e->h = 1.0;
	}
	sp90b_est_detail(e, "v", (double)v);
	sp90b_est_detail(e, "X_bar", mean);
	sp90b_est_detail(e, "sigma_hat", sd);
	sp90b_est_detail(e, "X_bar'", lo);
	return 0;
}

const struct sp90b_estimator sp90b_collision_info = {
	.name = "collision",
	.title = "collision",
	.section = "6.3.2",
	.binary_only = 1,
	.run = sp90b_collision_run,
};
