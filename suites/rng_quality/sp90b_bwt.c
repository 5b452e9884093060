/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The compression statistic of SP 800-90B 5.1.11: the sample written as
 * decimal values separated by spaces, compressed with bzip2, the length
 * counted.  This library does not link libbz2, so it counts what bzip2's
 * pipeline would need instead: blocks of 499,981 bytes (bzip2 -5, as the
 * reference calls it), the run-length pre-pass (runs of 4-255 bytes), the
 * Burrows-Wheeler transform, move-to-front, the zero-run code RUNA/RUNB
 * and a Huffman code over the result, plus bzip2's header and table sizes.
 * One Huffman table per block where bzip2 switches among up to six, so the
 * numbers are close to bzip2's, not equal.
 *
 * That is enough for the test: 5.1 ranks the statistic of the sample among
 * those of its own shuffles, so for IID data any statistic ranks uniformly
 * and the 0.0005 thresholds keep their meaning; what the coder decides is
 * only how much structure it sees, and block sorting sees the same
 * repeats bzip2 does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"

#define BWT_BLOCK 499981u
#define BWT_SYMS 258u       /* RUNA, RUNB, MTF 1..255, EOB */

struct bwt_work {
	uint8_t *blk;
	int32_t *sa;
	uint32_t *freq;
};

/* bzip2's first pass: a run of 4..255 equal bytes becomes 4 bytes and a
 * count.  Fills blk up to BWT_BLOCK; returns the input consumed. */
static size_t bwt_rle1(const uint8_t *in, size_t n, uint8_t *blk, size_t *len)
{
	size_t i = 0, o = 0;

	while (i < n && o + 5 <= BWT_BLOCK) {
		size_t run = 1;

		while (i + run < n && run < 255 && in[i + run] == in[i])
			run++;
		if (run >= 4) {
			memset(blk + o, in[i], 4);
			blk[o + 4] = (uint8_t)(run - 4);
			o += 5;
		} else {
			memset(blk + o, in[i], run);
			o += run;
		}
		i += run;
	}
	*len = o;
	return i;
}

/* Huffman cost of a frequency table: the sum of the weights of every merge
 * is the sum of frequency times code length. */
static uint64_t bwt_huffman_bits(const uint32_t *freq, unsigned nsym)
{
	uint64_t w[BWT_SYMS], bits = 0;
	unsigned m = 0;

	for (unsigned i = 0; i < nsym; i++)
		if (freq[i])
			w[m++] = freq[i];
	if (m == 1)
		return w[0];
	while (m > 1) {
		unsigned a = 0, b = 1;

		if (w[b] < w[a])
			a = 1, b = 0;
		for (unsigned i = 2; i < m; i++) {
			if (w[i] < w[a]) {
				b = a;
				a = i;
			} else if (w[i] < w[b]) {
				b = i;
			}
		}
		w[a] += w[b];
		bits += w[a];
		w[b] = w[--m];
	}
	return bits;
}

/* zero-run length z as bijective base-2 digits: floor(log2(z + 1)) symbols */
static void bwt_zero_run(uint32_t *freq, size_t z, size_t *nsym)
{
	for (z++; z > 1; z >>= 1) {
		freq[z & 1]++;
		(*nsym)++;
	}
}

/* Bits of one block after the transform: MTF, RUNA/RUNB, Huffman, tables. */
static uint64_t bwt_block_bits(const uint8_t *b, const int32_t *sa, size_t len, uint32_t *freq)
{
	uint8_t order[256];
	unsigned nused = 0, groups = 0;
	size_t zeros = 0, nsym = 0;
	int used[256] = { 0 };

	for (size_t i = 0; i < len; i++)
		used[b[i]] = 1;
	for (unsigned v = 0; v < 256; v++)
		if (used[v])
			order[nused++] = (uint8_t)v;
	for (unsigned g = 0; g < 16; g++)
		for (unsigned v = 0; v < 16; v++)
			if (used[g * 16 + v]) {
				groups++;
				break;
			}
	memset(freq, 0, BWT_SYMS * sizeof(*freq));
	for (size_t i = 0; i < len; i++) {
		uint8_t c = b[sa[i] ? sa[i] - 1 : (int32_t)len - 1];
		unsigned j = 0;

		while (order[j] != c)
			j++;
		if (j == 0) {
			zeros++;
			continue;
		}
		if (zeros)
			bwt_zero_run(freq, zeros, &nsym);
		zeros = 0;
		memmove(order + 1, order, j);
		order[0] = c;
		freq[j + 1]++;
		nsym++;
	}
	if (zeros)
		bwt_zero_run(freq, zeros, &nsym);
	freq[nused + 1]++;
	nsym++;
	/* magic, CRC, randomised flag, origin pointer, the used-byte map, table
	 * count, selectors (one bit per 50 symbols) and a code-length table of
	 * about 3 bits per symbol */
	return 48 + 32 + 1 + 24 + 16 + 16 * groups + 3 + 15 + (nsym + 49) / 50 +
	       5 + 3 * (uint64_t)(nused + 2) + bwt_huffman_bits(freq, nused + 2);
}

int sp90b_bwt_size(const uint8_t *buf, size_t n, size_t *bytes)
{
	struct bwt_work w = { malloc(BWT_BLOCK), malloc(BWT_BLOCK * sizeof(int32_t)),
			      malloc(BWT_SYMS * sizeof(uint32_t)) };
	uint64_t bits = 32 + 48 + 32;   /* "BZh5", end-of-stream magic and CRC */
	size_t off = 0;
	int rc = 0;

	if (!w.blk || !w.sa || !w.freq) {
		rc = -ENOMEM;
		goto out;
	}
	while (off < n) {
		size_t len;

		off += bwt_rle1(buf + off, n - off, w.blk, &len);
		rc = sp90b_suffix_array(w.blk, len, 256, w.sa);
		if (rc)
			goto out;
		bits += bwt_block_bits(w.blk, w.sa, len, w.freq);
	}
	*bytes = (size_t)((bits + 7) / 8);
out:
	free(w.blk);
	free(w.sa);
	free(w.freq);
	return rc;
}
