// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ChaCha block function, RFC 8439 section 2.3, general-purpose registers
 * only (the images never touch SSE state).
 *
 * The quarter rounds run from an index table instead of being unrolled:
 * TCG translates the code again after every warm reset (the reload
 * rewrites the image), and the short loop translates in about two thirds
 * of the time of the unrolled rounds.  It runs a few more instructions,
 * which only an instruction-emulating KVM notices.
 */
#include "chacha20.h"

#define CHACHA_ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

#define CHACHA_QR(x, a, b, c, d)                          \
	do {                                              \
		x[a] += x[b]; x[d] ^= x[a]; x[d] = CHACHA_ROTL(x[d], 16); \
		x[c] += x[d]; x[b] ^= x[c]; x[b] = CHACHA_ROTL(x[b], 12); \
		x[a] += x[b]; x[d] ^= x[a]; x[d] = CHACHA_ROTL(x[d], 8);  \
		x[c] += x[d]; x[b] ^= x[c]; x[b] = CHACHA_ROTL(x[b], 7);  \
	} while (0)

void chacha_setup(uint32_t st[CHACHA_WORDS], const uint32_t key[8],
		  uint64_t block, uint32_t stream)
{
	/* "expand 32-byte k", little-endian words */
	st[0] = 0x61707865;
	st[1] = 0x3320646e;
	st[2] = 0x79622d32;
	st[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		st[4 + i] = key[i];
	st[12] = (uint32_t)block;
	st[13] = (uint32_t)(block >> 32);
	st[14] = stream;
	st[15] = 0;
}

static const uint8_t chacha_qr[8][4] = {
	{ 0, 4, 8, 12 }, { 1, 5, 9, 13 }, { 2, 6, 10, 14 }, { 3, 7, 11, 15 },
	{ 0, 5, 10, 15 }, { 1, 6, 11, 12 }, { 2, 7, 8, 13 }, { 3, 4, 9, 14 },
};

void chacha_block(const uint32_t in[CHACHA_WORDS], uint32_t out[CHACHA_WORDS],
		  unsigned rounds)
{
	uint32_t x[CHACHA_WORDS];

	for (int i = 0; i < CHACHA_WORDS; i++)
		x[i] = in[i];
	for (unsigned r = 0; r < rounds; r += 2)
		for (int q = 0; q < 8; q++) {
			const uint8_t *i = chacha_qr[q];

			CHACHA_QR(x, i[0], i[1], i[2], i[3]);
		}
	for (int i = 0; i < CHACHA_WORDS; i++)
		out[i] = x[i] + in[i];
}
