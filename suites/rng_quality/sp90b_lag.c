/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.8, lag prediction: 128 predictors, predictor d guessing
 * that the next symbol repeats the one d places back; the best scorer so
 * far (ties to the larger lag) makes the prediction that counts.  Periodic
 * structure, such as a jitter source locked to a timer, scores here.
 * N = n - 1 predictions; the bound is 6.3.7's (steps 9-11, 99%):
 * sp90b_predict().
 *
 * Only lags that would have been right gain a point, so each symbol keeps
 * its last 128 positions and a step visits only those, nearest first: the
 * same order as d = 1..128, at a fraction of the cost on large alphabets.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sp90b.h"

#define LAG_D 128

struct lag_ring {
	size_t pos[LAG_D];
	unsigned head, len;   /* pos[(head - 1 - j) % D]: j-th latest */
};

static int sp90b_lag_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct lag_ring *ring;
	size_t score[LAG_D + 1] = { 0 }, best = 0, c = 0, run = 0, maxrun = 0;
	size_t winner = 1;

	if (q->n < 3)
		return -EDOM;
	ring = calloc(256, sizeof(*ring));
	if (!ring)
		return -ENOMEM;
	for (size_t i = 0; i < q->n; i++) {
		struct lag_ring *r = &ring[q->s[i]];

		if (i > 0) {
			if (q->s[i - winner] == q->s[i]) {
				c++;
				if (++run > maxrun)
					maxrun = run;
			} else {
				run = 0;
			}
		}
		for (unsigned j = 0; j < r->len; j++) {
			size_t d = i - r->pos[(r->head + LAG_D - 1 - j) % LAG_D];

			if (d > LAG_D)
				break;
			if (++score[d] >= best) {
				best = score[d];
				winner = d;
			}
		}
		r->pos[r->head] = i;
		r->head = (r->head + 1) % LAG_D;
		if (r->len < LAG_D)
			r->len++;
	}
	free(ring);
	e->p = sp90b_predict(c, q->n - 1, maxrun, q->k, e);
	e->h = sp90b_bits(e->p);
	return 0;
}

const struct sp90b_estimator sp90b_lag_info = {
	.name = "lag",
	.title = "lag prediction",
	.section = "6.3.8",
	.run = sp90b_lag_run,
};
