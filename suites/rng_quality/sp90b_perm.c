/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 5.1, the permutation tests of the IID assumption: nineteen
 * statistics (5.1.1-5.1.11; periodicity and covariance at lags 1, 2, 8,
 * 16, 32) of the sample are ranked among the same statistics of 10,000
 * shuffles of it.  If the sample is IID its order carries nothing and it
 * ranks like any shuffle; a statistic in the top or bottom 0.05% (fewer
 * than six shuffles at or beyond it: C0 + C1 <= 5 or C1 + C2 <= 5)
 * rejects the assumption.  Nineteen tests at 0.1% each make a false
 * rejection of IID data about 2% likely; the standard accepts that.
 *
 * As the reference does, a statistic that has passed (six shuffles at or
 * above and six at or below) is not computed again: an IID sample is done
 * after a few dozen shuffles, a failing one takes all 10,000.  The
 * shuffles come from GSL's MT19937 under the seed given, not from the
 * reference's generator: counts differ from ea_iid's, verdicts do not.
 *
 * Binary samples use the standard's conversions: 8-bit blocks summed
 * (conversion I: directional runs, periodicity, covariance) or read as a
 * byte (conversion II: collisions), the runs about the median against 0.5.
 * Excursion, covariance and compression use the sample's values, the rest
 * the translated symbols, whose order is the same.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sp90b.h"

static const char *const perm_names[SP90B_NPERM] = {
	"excursion", "numDirectionalRuns", "lenDirectionalRuns", "numIncreasesDecreases",
	"numRunsMedian", "lenRunsMedian", "avgCollision", "maxCollision",
	"periodicity(1)", "periodicity(2)", "periodicity(8)", "periodicity(16)",
	"periodicity(32)", "covariance(1)", "covariance(2)", "covariance(8)",
	"covariance(16)", "covariance(32)", "compression",
};

static const unsigned perm_lags[5] = { 1, 2, 8, 16, 32 };

enum { P_EXC, P_NDIR, P_LDIR, P_INCDEC, P_NMED, P_LMED, P_AVGCOL, P_MAXCOL, P_PER,
       P_COV = P_PER + 5, P_COMP = P_COV + 5 };

struct perm_buf {
	uint8_t *c1, *c2;     /* binary: conversions I and II */
	char *text;           /* 5.1.11: values as decimal text */
	unsigned *seen;       /* 5.1.7: generation stamps per symbol */
};

/* 5.1.1: max |sum of the first i values - i mean| */
static long double perm_excursion(const uint8_t *x, size_t n, double mean)
{
	double sum = 0, best = 0;

	for (size_t i = 0; i < n; i++) {
		double d;

		sum += x[i];
		d = fabs(sum - (double)(i + 1) * mean);
		if (d > best)
			best = d;
	}
	return best;
}

/* 5.1.2-5.1.4 on x (conversion I for binary data): the sequence of
 * "up or level" (+1) / "down" (-1) steps, its runs and its balance. */
static void perm_directional(const uint8_t *x, size_t m, long double *t, const int *on)
{
	size_t runs = 0, longest = 1, cur = 1, ups = 0;
	int prev = 0;

	if (!on[P_NDIR] && !on[P_LDIR] && !on[P_INCDEC])
		return;
	for (size_t i = 0; i + 1 < m; i++) {
		int step = x[i] > x[i + 1] ? -1 : 1;

		ups += step > 0;
		if (i == 0) {
			runs = 1;
		} else if (step == prev) {
			cur++;
		} else {
			runs++;
			if (cur > longest)
				longest = cur;
			cur = 1;
		}
		prev = step;
	}
	if (cur > longest)
		longest = cur;
	t[P_NDIR] = runs;
	t[P_LDIR] = longest;
	t[P_INCDEC] = m > 1 ? (ups > m - 1 - ups ? ups : m - 1 - ups) : 0;
}

/* 5.1.5, 5.1.6: runs above-or-at / below the median */
static void perm_median(const uint8_t *x, size_t n, double median, long double *t,
			const int *on)
{
	size_t runs = n > 0, longest = 1, cur = 1;

	if (!on[P_NMED] && !on[P_LMED])
		return;
	for (size_t i = 1; i < n; i++) {
		if ((x[i] < median) == (x[i - 1] < median)) {
			cur++;
		} else {
			runs++;
			if (cur > longest)
				longest = cur;
			cur = 1;
		}
	}
	if (cur > longest)
		longest = cur;
	t[P_NMED] = runs;
	t[P_LMED] = longest;
}

/* 5.1.7, 5.1.8: walk forward until a symbol repeats; record how many
 * symbols that took, start again after the repeat. */
static void perm_collisions(const uint8_t *x, size_t n, unsigned *seen, long double *t,
			    const int *on)
{
	size_t count = 0, sum = 0, longest = 0, i = 0;
	unsigned gen = 0;

	if (!on[P_AVGCOL] && !on[P_MAXCOL])
		return;
	memset(seen, 0, 256 * sizeof(*seen));
	while (i < n) {
		size_t j = 0;

		gen++;
		while (i + j < n && seen[x[i + j]] != gen)
			seen[x[i + j++]] = gen;
		if (i + j >= n)
			break;
		count++;
		sum += j + 1;
		if (j + 1 > longest)
			longest = j + 1;
		i += j + 1;
	}
	t[P_AVGCOL] = (double)sum / (double)count;   /* NaN without a collision */
	t[P_MAXCOL] = longest;
}

/* 5.1.9, 5.1.10 at the five lags */
static void perm_lagged(const uint8_t *per, const uint8_t *cov, size_t m, long double *t,
			const int *on)
{
	for (unsigned l = 0; l < 5; l++) {
		size_t p = perm_lags[l], same = 0;
		uint64_t prod = 0;

		if (on[P_PER + l]) {
			for (size_t i = 0; i + p < m; i++)
				same += per[i] == per[i + p];
			t[P_PER + l] = same;
		}
		if (on[P_COV + l]) {
			for (size_t i = 0; i + p < m; i++)
				prod += (uint64_t)cov[i] * cov[i + p];
			t[P_COV + l] = prod;
		}
	}
}

/* 5.1.11: "144 21 139 0" compressed */
static int perm_compression(const uint8_t *raw, size_t n, char *text, long double *t)
{
	size_t len = 0, bytes;
	int rc;

	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, i ? " %u" : "%u", raw[i]);
	rc = sp90b_bwt_size((const uint8_t *)text, len, &bytes);
	if (rc == 0)
		*t = bytes;
	return rc;
}

/* conversion I: ones per 8-bit block; conversion II: the block as a byte
 * (a short last block fills the high bits) */
static size_t perm_convert(const uint8_t *s, size_t n, uint8_t *c1, uint8_t *c2)
{
	size_t m = (n + 7) / 8;

	memset(c1, 0, m);
	memset(c2, 0, m);
	for (size_t i = 0; i < n; i++) {
		c1[i / 8] += s[i];
		c2[i / 8] |= (uint8_t)(s[i] << (7 - i % 8));
	}
	return m;
}

static int perm_stats_buf(const uint8_t *sym, const uint8_t *raw, size_t n, unsigned k,
			  double mean, double median, const int *on, long double *t,
			  struct perm_buf *b)
{
	const uint8_t *dir = sym, *col = sym, *cov = raw;
	size_t m = n;

	if (on[P_EXC])
		t[P_EXC] = perm_excursion(raw, n, mean);
	if (k == 2) {
		m = perm_convert(sym, n, b->c1, b->c2);
		dir = cov = b->c1;
		col = b->c2;
	}
	perm_directional(dir, m, t, on);
	perm_median(sym, n, k == 2 ? 0.5 : median, t, on);
	perm_collisions(col, m, b->seen, t, on);
	perm_lagged(dir, cov, m, t, on);
	return on[P_COMP] ? perm_compression(raw, n, b->text, &t[P_COMP]) : 0;
}

static void perm_buf_free(struct perm_buf *b)
{
	free(b->c1);
	free(b->c2);
	free(b->text);
	free(b->seen);
}

static int perm_buf_init(struct perm_buf *b, size_t n)
{
	b->c1 = malloc(n / 8 + 1);
	b->c2 = malloc(n / 8 + 1);
	b->text = malloc(4 * n + 1);
	b->seen = malloc(256 * sizeof(*b->seen));
	if (b->c1 && b->c2 && b->text && b->seen)
		return 0;
	perm_buf_free(b);
	return -ENOMEM;
}

int sp90b_perm_stats(const uint8_t *sym, const uint8_t *raw, size_t n, unsigned k,
		     double mean, double median, const int *active, long double *t)
{
	struct perm_buf b;
	int rc;

	if (n < 1)
		return -EDOM;
	rc = perm_buf_init(&b, n);
	if (rc)
		return rc;
	rc = perm_stats_buf(sym, raw, n, k, mean, median, active, t, &b);
	perm_buf_free(&b);
	return rc;
}

/* the value at position idx of the sorted symbols */
static double perm_nth(const size_t *cnt, size_t idx)
{
	size_t acc = 0;

	for (unsigned v = 0; v < 256; v++) {
		acc += cnt[v];
		if (acc > idx)
			return v;
	}
	return 255;
}

/* calc_stats of the reference: the mean of the values, the median of the
 * symbols (0.5 for binary data, 5.1.5 and 5.1.6 say so) */
static void perm_center(const struct sp90b_data *d, const uint8_t *sym, const uint8_t *raw,
			double *mean, double *median)
{
	size_t cnt[256] = { 0 }, half = d->n / 2;
	double sum = 0;

	for (size_t i = 0; i < d->n; i++) {
		sum += raw[i];
		cnt[sym[i]]++;
	}
	*mean = sum / (double)d->n;
	if (d->k == 2)
		*median = 0.5;
	else if (d->n % 2)
		*median = perm_nth(cnt, half);
	else
		*median = (perm_nth(cnt, half - 1) + perm_nth(cnt, half)) / 2.0;
}

/*
 * Uniform in [0, n) from MT19937's 32-bit outputs by multiplying and
 * keeping the high half, rejecting the few low halves that would bias it
 * (Lemire, "Fast random integer generation in an interval", ACM TOMACS
 * 29(1), 2019): no division per draw, and a failing sample needs 10,000
 * shuffles of up to a million symbols.
 */
static uint32_t perm_below(gsl_rng *g, uint32_t n)
{
	uint64_t m = (uint64_t)gsl_rng_get(g) * n;

	if ((uint32_t)m < n) {
		uint32_t t = (uint32_t)-n % n;

		while ((uint32_t)m < t)
			m = (uint64_t)gsl_rng_get(g) * n;
	}
	return (uint32_t)(m >> 32);
}

static void perm_shuffle(gsl_rng *g, uint8_t *a, uint8_t *b, size_t n)
{
	for (size_t i = n; i-- > 1;) {
		size_t j = perm_below(g, (uint32_t)(i + 1));
		uint8_t x = a[i], y = b[i];

		a[i] = a[j], a[j] = x;
		b[i] = b[j], b[j] = y;
	}
}

static void perm_count(struct sp90b_perm *p, long double tp, int *on)
{
	if (tp > p->t)
		p->c0++;
	else if (tp == p->t)
		p->c1++;
	else
		p->c2++;
	p->pass = p->c0 + p->c1 > 5 && p->c1 + p->c2 > 5;
	if (p->pass)
		*on = 0;
}

int sp90b_perm_run(const struct sp90b_data *d, const uint8_t *sym, const uint8_t *raw,
		   unsigned long seed, unsigned shuffles, struct sp90b_iid *r)
{
	uint8_t *s = malloc(d->n), *v = malloc(d->n);
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	int on[SP90B_NPERM], rc = -ENOMEM, left = SP90B_NPERM;
	long double t[SP90B_NPERM], tp[SP90B_NPERM];
	double mean, median;
	struct perm_buf b;

	if (!s || !v || !g || perm_buf_init(&b, d->n))
		goto out;
	for (unsigned j = 0; j < SP90B_NPERM; j++)
		on[j] = 1;
	perm_center(d, sym, raw, &mean, &median);
	rc = perm_stats_buf(sym, raw, d->n, d->k, mean, median, on, t, &b);
	for (unsigned j = 0; j < SP90B_NPERM; j++)
		r->perm[j] = (struct sp90b_perm){ .name = perm_names[j], .t = t[j] };
	memcpy(s, sym, d->n);
	memcpy(v, raw, d->n);
	gsl_rng_set(g, seed);
	r->seed = seed;
	r->shuffles = shuffles;
	for (r->done = 0; rc == 0 && left > 0 && r->done < shuffles; r->done++) {
		perm_shuffle(g, s, v, d->n);
		rc = perm_stats_buf(s, v, d->n, d->k, mean, median, on, tp, &b);
		for (unsigned j = 0; rc == 0 && j < SP90B_NPERM; j++)
			if (on[j]) {
				perm_count(&r->perm[j], tp[j], &on[j]);
				left -= !on[j];
			}
	}
	r->perm_pass = rc == 0;
	for (unsigned j = 0; j < SP90B_NPERM; j++)
		r->perm_pass &= r->perm[j].pass;
	perm_buf_free(&b);
out:
	gsl_rng_free(g);
	free(s);
	free(v);
	return rc;
}
