/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.7, MultiMCW prediction: four predictors guess the next
 * symbol as the most common value of the last w = 63, 255, 1023, 4095
 * symbols (a tie goes to the value seen most recently); the one with the
 * best score so far (ties to the larger window) makes the prediction that
 * counts.  From C correct of N = n - 63 predictions and the longest run of
 * correct ones, sp90b_predict() gives the 99% bounds of steps 9-11.  A
 * source whose bias drifts slowly (a ring oscillator warming up) is caught
 * here when it is invisible to the whole-sample MCV.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"

#define MCW_WINDOWS 4

static const size_t mcw_w[MCW_WINDOWS] = { 63, 255, 1023, 4095 };

struct mcw_win {
	size_t cnt[256];
	size_t last[256];  /* latest position of each value */
	unsigned mode;
};

static void mcw_add(struct mcw_win *w, unsigned x, size_t i)
{
	w->cnt[x]++;
	w->last[x] = i;
	/* the newest value wins a tie */
	if (w->cnt[x] >= w->cnt[w->mode])
		w->mode = x;
}

/* The mode left the window: the most common value, latest on a tie. */
static void mcw_rescan(struct mcw_win *w, unsigned k)
{
	unsigned best = w->mode;

	for (unsigned x = 0; x < k; x++)
		if (w->cnt[x] > w->cnt[best] ||
		    (w->cnt[x] == w->cnt[best] && w->cnt[x] && w->last[x] > w->last[best]))
			best = x;
	w->mode = best;
}

static void mcw_slide(struct mcw_win *w, unsigned out, unsigned in, size_t i, unsigned k)
{
	w->cnt[out]--;
	w->cnt[in]++;
	w->last[in] = i;
	if (out == w->mode)
		mcw_rescan(w, k);
	else if (w->cnt[in] >= w->cnt[w->mode])
		w->mode = in;
}

static int sp90b_mcw_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct mcw_win *win;
	size_t score[MCW_WINDOWS] = { 0 }, c = 0, run = 0, maxrun = 0;
	unsigned winner = 0;

	if (q->n < mcw_w[MCW_WINDOWS - 1] + 1)
		return -EDOM;
	win = calloc(MCW_WINDOWS, sizeof(*win));
	if (!win)
		return -ENOMEM;
	for (unsigned j = 0; j < MCW_WINDOWS; j++)
		for (size_t i = 0; i < mcw_w[j]; i++)
			mcw_add(&win[j], q->s[i], i);
	for (size_t i = mcw_w[0]; i < q->n; i++) {
		unsigned x = q->s[i];

		if (win[winner].mode == x) {
			c++;
			if (++run > maxrun)
				maxrun = run;
		} else {
			run = 0;
		}
		for (unsigned j = 0; j < MCW_WINDOWS; j++)
			if (i >= mcw_w[j] && win[j].mode == x && ++score[j] >= score[winner])
				winner = j;
		for (unsigned j = 0; j < MCW_WINDOWS; j++)
			if (i >= mcw_w[j])
				mcw_slide(&win[j], q->s[i - mcw_w[j]], x, i, q->k);
	}
	free(win);
	e->p = sp90b_predict(c, q->n - mcw_w[0], maxrun, q->k, e);
	e->h = sp90b_bits(e->p);
	return 0;
}

const struct sp90b_estimator sp90b_mcw_info = {
	.name = "multi_mcw",
	.title = "MultiMCW prediction",
	.section = "6.3.7",
	.run = sp90b_mcw_run,
};
