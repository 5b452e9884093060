/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.9, MultiMMC prediction: sixteen Markov models of order
 * d = 1..16 each predict the next symbol as the one that most often
 * followed the last d symbols; the best scorer so far (ties to the higher
 * order) makes the prediction that counts.  Each model keeps at most
 * 100,000 (context, next) pairs (step 3a).  N = n - 2 predictions, bounds
 * by sp90b_predict() (steps 4-6 use 6.3.7's).
 *
 * Models are updated as the standard's step 3a does one step later: the
 * pair (x, s_i) is counted right after x predicted s_i, which is the same
 * because no other model reads that count before step i + 1.  A model
 * whose context was never seen makes no prediction, and then neither does
 * any higher order (its context is longer still).
 */
#include <errno.h>
#include <math.h>

#include "sp90b.h"

#define MMC_D 16
#define MMC_ENTRIES 100000

struct mmc_state {
	size_t score[MMC_D + 1], c, run, maxrun;
	unsigned winner;
};

static void mmc_score(struct mmc_state *st, unsigned d, unsigned cur, int right)
{
	if (right && ++st->score[d] >= st->score[st->winner])
		st->winner = d;
	if (d != cur)
		return;
	if (right) {
		st->c++;
		if (++st->run > st->maxrun)
			st->maxrun = st->run;
	} else {
		st->run = 0;
	}
}

static int mmc_step(struct sp90b_model *m, const uint8_t *s, size_t i, size_t *entries,
		    struct mmc_state *st)
{
	unsigned cur = st->winner;
	int found = 0, rc;

	for (unsigned d = 1; d <= MMC_D && d + 1 <= i; d++) {
		const uint8_t *x = s + i - d;
		unsigned y;
		uint64_t cnt;

		if (d == 1 || found)
			found = sp90b_model_predict(m, x, d, &y, &cnt);
		if (found) {
			mmc_score(st, d, cur, y == s[i]);
			rc = sp90b_model_count(m, x, d, s[i], entries[d] < MMC_ENTRIES);
			if (rc == 1)
				entries[d]++;
		} else if (entries[d] < MMC_ENTRIES) {
			rc = sp90b_model_count(m, x, d, s[i], 1);
			entries[d]++;
		} else {
			rc = 0;
		}
		if (rc == -ENOMEM)
			return rc;
	}
	return 0;
}

static int sp90b_mmc_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct sp90b_model m;
	struct mmc_state st = { .winner = 1 };
	size_t entries[MMC_D + 1] = { 0 };
	int rc;

	if (q->n < 3)
		return -EDOM;
	rc = sp90b_model_init(&m, q->k, MMC_D, q->s, q->n);
	if (rc)
		return rc;
	/* step 3a for the first symbols: each order's first pair */
	for (unsigned d = 1; d <= MMC_D && d + 1 < q->n && rc >= 0; d++) {
		rc = sp90b_model_count(&m, q->s, d, q->s[d], 1);
		entries[d] = 1;
	}
	for (size_t i = 2; i < q->n && rc >= 0; i++)
		rc = mmc_step(&m, q->s, i, entries, &st);
	sp90b_model_free(&m);
	if (rc < 0)
		return rc;
	e->p = sp90b_predict(st.c, q->n - 2, st.maxrun, q->k, e);
	e->h = sp90b_bits(e->p);
	return 0;
}

const struct sp90b_estimator sp90b_mmc_info = {
	.name = "multi_mmc",
	.title = "MultiMMC prediction",
	.section = "6.3.9",
	.run = sp90b_mmc_run,
};
