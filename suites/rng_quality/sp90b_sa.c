/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Suffix arrays for SP 800-90B's tuple estimators (6.3.5, 6.3.6), the
 * longest repeated substring test (5.2.5) and the block-sorting
 * compressor of 5.1.11.  The counts those need for every tuple length at
 * once are in the LCP array, and a bitstring of 8 million bits rules out
 * anything quadratic: SA-IS (Nong, Zhang and Chan, "Two Efficient
 * Algorithms for Linear Time Suffix Array Construction", IEEE Trans.
 * Computers 60(10), 2011) builds the array in linear time, and Kasai et
 * al. (CPM 2001) the LCP array from it.
 *
 * Text positions are int32: a sample is at most 2^31 - 16 bits.  The end
 * of the text is a virtual sentinel smaller than every symbol.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"

#define SA_L 0
#define SA_S 1

static int sa_lms(const uint8_t *t, int32_t i)
{
	return i > 0 && t[i] == SA_S && t[i - 1] == SA_L;
}

/* bucket heads (end = 0) or one past their tails (end = 1) */
static void sa_buckets(const int32_t *s, int32_t n, int32_t k, int32_t *b, int end)
{
	int32_t sum = 0;

	memset(b, 0, (size_t)k * sizeof(*b));
	for (int32_t i = 0; i < n; i++)
		b[s[i]]++;
	for (int32_t c = 0; c < k; c++) {
		int32_t cnt = b[c];

		sum += cnt;
		b[c] = end ? sum : sum - cnt;
	}
}

/* Induce L-type suffixes left to right, then S-type right to left, from
 * the LMS suffixes already placed at the ends of their buckets. */
static void sa_induce(const int32_t *s, const uint8_t *t, int32_t *sa, int32_t n, int32_t k,
		      int32_t *b)
{
	sa_buckets(s, n, k, b, 0);
	/* the suffix before the sentinel is L-type and comes first */
	sa[b[s[n - 1]]++] = n - 1;
	for (int32_t i = 0; i < n; i++) {
		int32_t j = sa[i] - 1;

		if (sa[i] > 0 && t[j] == SA_L)
			sa[b[s[j]]++] = j;
	}
	sa_buckets(s, n, k, b, 1);
	for (int32_t i = n - 1; i >= 0; i--) {
		int32_t j = sa[i] - 1;

		if (sa[i] > 0 && t[j] == SA_S)
			sa[--b[s[j]]] = j;
	}
}

/* Whether the LMS substrings at p and q (up to and including the next LMS
 * position) are equal; the one reaching the sentinel is unique. */
static int sa_lms_equal(const int32_t *s, const uint8_t *t, int32_t n, int32_t p, int32_t q)
{
	for (int32_t d = 0;; d++) {
		int a, b;

		if (p + d == n || q + d == n)
			return 0;
		if (s[p + d] != s[q + d] || t[p + d] != t[q + d])
			return 0;
		if (d == 0)
			continue;
		a = sa_lms(t, p + d);
		b = sa_lms(t, q + d);
		if (a || b)
			return a && b;
	}
}

static int sa_is(const int32_t *s, int32_t *sa, int32_t n, int32_t k);

/* Name the sorted LMS substrings and sort the LMS suffixes through the
 * reduced string (recursively when two names coincide); leaves the sorted
 * LMS suffixes in sa[0..m). */
static int sa_reduce(const int32_t *s, const uint8_t *t, int32_t *sa, int32_t n, int32_t *pm)
{
	int32_t m = 0, names = 0, prev = -1, *s1;
	int rc = 0;

	for (int32_t i = 0; i < n; i++)
		if (sa_lms(t, sa[i]))
			sa[m++] = sa[i];
	for (int32_t i = m; i < n; i++)
		sa[i] = -1;
	/* LMS positions are at least two apart: position p's name fits at
	 * m + p/2, below n since m <= n/2 */
	for (int32_t i = 0; i < m; i++) {
		int32_t p = sa[i];

		if (prev < 0 || !sa_lms_equal(s, t, n, p, prev))
			names++;
		prev = p;
		sa[m + (p >> 1)] = names - 1;
	}
	for (int32_t i = n - 1, j = n - 1; i >= m; i--)
		if (sa[i] >= 0)
			sa[j--] = sa[i];
	s1 = sa + n - m;
	if (names < m) {
		rc = sa_is(s1, sa, m, names);
		if (rc)
			return rc;
	} else {
		for (int32_t i = 0; i < m; i++)
			sa[s1[i]] = i;
	}
	/* the reduced string's positions back to text positions */
	for (int32_t i = 1, j = 0; i < n; i++)
		if (sa_lms(t, i))
			s1[j++] = i;
	for (int32_t i = 0; i < m; i++)
		sa[i] = s1[sa[i]];
	*pm = m;
	return 0;
}

static int sa_is(const int32_t *s, int32_t *sa, int32_t n, int32_t k)
{
	uint8_t *t;
	int32_t *b, m;
	int rc;

	if (n == 1)
		sa[0] = 0;
	if (n <= 1)
		return 0;
	t = malloc((size_t)n);
	b = malloc((size_t)k * sizeof(*b));
	if (!t || !b) {
		free(t);
		free(b);
		return -ENOMEM;
	}
	t[n - 1] = SA_L;
	for (int32_t i = n - 2; i >= 0; i--)
		t[i] = s[i] < s[i + 1] || (s[i] == s[i + 1] && t[i + 1] == SA_S) ? SA_S : SA_L;
	/* step 1: sort the LMS substrings by induction */
	for (int32_t i = 0; i < n; i++)
		sa[i] = -1;
	sa_buckets(s, n, k, b, 1);
	for (int32_t i = 1; i < n; i++)
		if (sa_lms(t, i))
			sa[--b[s[i]]] = i;
	sa_induce(s, t, sa, n, k, b);
	/* step 2: sort the LMS suffixes */
	rc = sa_reduce(s, t, sa, n, &m);
	if (rc == 0) {
		/* step 3: place them at their bucket ends, largest first, and
		 * induce every other suffix from them */
		for (int32_t i = m; i < n; i++)
			sa[i] = -1;
		sa_buckets(s, n, k, b, 1);
		for (int32_t i = m - 1; i >= 0; i--) {
			int32_t j = sa[i];

			sa[i] = -1;
			sa[--b[s[j]]] = j;
		}
		sa_induce(s, t, sa, n, k, b);
	}
	free(t);
	free(b);
	return rc;
}

int sp90b_suffix_array(const uint8_t *s, size_t n, unsigned k, int32_t *sa)
{
	int32_t *w;
	int rc;

	if (n > SP90B_MAX_BITS || k == 0 || k > 256)
		return -EINVAL;
	if (n == 0)
		return 0;
	w = malloc(n * sizeof(*w));
	if (!w)
		return -ENOMEM;
	/* a symbol at or above k (a caller's slip) widens the buckets instead
	 * of writing past them */
	for (size_t i = 0; i < n; i++) {
		w[i] = s[i];
		if (s[i] >= k)
			k = s[i] + 1u;
	}
	rc = sa_is(w, sa, (int32_t)n, (int32_t)k);
	free(w);
	return rc;
}

/* Kasai et al.: walk the text in order; the common prefix with the
 * suffix's predecessor in the array shrinks by at most one per step. */
int sp90b_lcp(const uint8_t *s, size_t n, const int32_t *sa, int32_t *lcp)
{
	int32_t *rank, h = 0, nn = (int32_t)n;

	if (n == 0)
		return 0;
	rank = malloc(n * sizeof(*rank));
	if (!rank)
		return -ENOMEM;
	for (int32_t i = 0; i < nn; i++)
		rank[sa[i]] = i;
	lcp[0] = 0;
	for (int32_t i = 0; i < nn; i++) {
		int32_t r = rank[i];

		if (r == 0) {
			h = 0;
			continue;
		}
		for (int32_t j = sa[r - 1]; i + h < nn && j + h < nn && s[i + h] == s[j + h];)
			h++;
		lcp[r] = h;
		if (h > 0)
			h--;
	}
	free(rank);
	return 0;
}
