/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.10, LZ78Y prediction: one dictionary of contexts of
 * length 1..16 (at most 65,536 of them, step 3a), each counting what
 * followed it; the prediction is the follower with the highest count over
 * all contexts that match the last symbols, the longest context winning a
 * tie.  N = n - 17 predictions, bounds by sp90b_predict().  Contexts seen
 * before always count a new follower; new contexts stop at the cap, so a
 * long sample is judged by the patterns of its beginning, as the standard
 * intends.
 */
#include <errno.h>
#include <math.h>

#include "sp90b.h"

#define LZ_B 16
#define LZ_MAX 65536

static int lz_step(struct sp90b_model *m, const uint8_t *s, size_t i, size_t *size,
		   int *have, unsigned *pred)
{
	uint64_t best = 0;

	*have = 0;
	for (unsigned len = LZ_B; len >= 1; len--) {
		const uint8_t *x = s + i - len;
		unsigned y;
		uint64_t cnt;
		int rc = 0;

		if (sp90b_model_predict(m, x, len, &y, &cnt)) {
			if (cnt > best) {
				best = cnt;
				*pred = y;
				*have = 1;
			}
			rc = sp90b_model_count(m, x, len, s[i], 1);
		} else if (*size < LZ_MAX) {
			rc = sp90b_model_count(m, x, len, s[i], 1);
			(*size)++;
		}
		if (rc == -ENOMEM)
			return rc;
	}
	return 0;
}

static int sp90b_lz78y_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct sp90b_model m;
	size_t size = 0, c = 0, run = 0, maxrun = 0;
	int rc;

	if (q->n < LZ_B + 2)
		return -EDOM;
	rc = sp90b_model_init(&m, q->k, LZ_B, q->s, q->n);
	if (rc)
		return rc;
	/* the contexts ending just before s[16], each followed by s[16] */
	for (unsigned len = 1; len <= LZ_B && rc >= 0; len++, size++)
		rc = sp90b_model_count(&m, q->s + LZ_B - len, len, q->s[LZ_B], 1);
	for (size_t i = LZ_B + 1; i < q->n && rc >= 0; i++) {
		unsigned pred = 0;
		int have;

		rc = lz_step(&m, q->s, i, &size, &have, &pred);
		if (have && pred == q->s[i]) {
			c++;
			if (++run > maxrun)
				maxrun = run;
		} else {
			run = 0;
		}
	}
	sp90b_model_free(&m);
	if (rc < 0)
		return rc;
	e->p = sp90b_predict(c, q->n - LZ_B - 1, maxrun, q->k, e);
	e->h = sp90b_bits(e->p);
	return 0;
}

const struct sp90b_estimator sp90b_lz78y_info = {
	.name = "lz78y",
	.title = "LZ78Y prediction",
	.section = "6.3.10",
	.run = sp90b_lz78y_run,
};
