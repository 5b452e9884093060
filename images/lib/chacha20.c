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

/*
 * The same block function with the double round written out on sixteen
 * locals, for the bulk stream only.  Under TCG every x[] access of the
 * table-driven loop above is a softmmu load or store (the index comes
 * from memory, so the array cannot live in registers), and the stream runs
 * this millions of times: here the compiler keeps most of the state in
 * registers.  It is a separate function so that a protocol boot, which
 * never streams, never translates its longer code.
 */
#define CHACHA_QRV(a, b, c, d)                                  \
	do {                                                    \
		a += b; d ^= a; d = CHACHA_ROTL(d, 16);         \
		c += d; b ^= c; b = CHACHA_ROTL(b, 12);         \
		a += b; d ^= a; d = CHACHA_ROTL(d, 8);          \
		c += d; b ^= c; b = CHACHA_ROTL(b, 7);          \
	} while (0)

void chacha_block_unrolled(const uint32_t in[CHACHA_WORDS],
			   uint32_t out[CHACHA_WORDS], unsigned rounds)
{
	uint32_t x0 = in[0], x1 = in[1], x2 = in[2], x3 = in[3];
	uint32_t x4 = in[4], x5 = in[5], x6 = in[6], x7 = in[7];
	uint32_t x8 = in[8], x9 = in[9], x10 = in[10], x11 = in[11];
	uint32_t x12 = in[12], x13 = in[13], x14 = in[14], x15 = in[15];

	for (unsigned r = 0; r < rounds; r += 2) {
		CHACHA_QRV(x0, x4, x8, x12);
		CHACHA_QRV(x1, x5, x9, x13);
		CHACHA_QRV(x2, x6, x10, x14);
		CHACHA_QRV(x3, x7, x11, x15);
		CHACHA_QRV(x0, x5, x10, x15);
		CHACHA_QRV(x1, x6, x11, x12);
		CHACHA_QRV(x2, x7, x8, x13);
		CHACHA_QRV(x3, x4, x9, x14);
	}
	out[0] = x0 + in[0]; out[1] = x1 + in[1];
	out[2] = x2 + in[2]; out[3] = x3 + in[3];
	out[4] = x4 + in[4]; out[5] = x5 + in[5];
	out[6] = x6 + in[6]; out[7] = x7 + in[7];
	out[8] = x8 + in[8]; out[9] = x9 + in[9];
	out[10] = x10 + in[10]; out[11] = x11 + in[11];
	out[12] = x12 + in[12]; out[13] = x13 + in[13];
	out[14] = x14 + in[14]; out[15] = x15 + in[15];
}
