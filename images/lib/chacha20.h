/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ChaCha block function (RFC 8439 section 2.3) with the round count as a
 * parameter: 20 for ChaCha20; the rng-badchacha twin passes another value
 * and its own known-answer test has to catch it.
 */
#ifndef HB_CHACHA20_H
#define HB_CHACHA20_H

#include <stdint.h>

#define CHACHA_WORDS 16
#define CHACHA_BLOCK 64     /* bytes */

/*
 * Input state: 4 constant words, 8 key words, counter, 3 nonce words.
 * This module's streams put a 64-bit block index b in the counter (b's low
 * half) and nonce word 0 (b's high half); nonce word 1 selects the stream.
 * For b < 2^32 and stream 0 that is exactly RFC 8439 with an all-zero
 * nonce, so the output equals `openssl enc -chacha20` with a zero IV.
 */
void chacha_setup(uint32_t st[CHACHA_WORDS], const uint32_t key[8],
		  uint64_t block, uint32_t stream);
void chacha_block(const uint32_t in[CHACHA_WORDS], uint32_t out[CHACHA_WORDS],
		  unsigned rounds);
/* The same function, unrolled: for the bulk stream (lib/chacha20.c). */
void chacha_block_unrolled(const uint32_t in[CHACHA_WORDS],
			   uint32_t out[CHACHA_WORDS], unsigned rounds);

#endif /* HB_CHACHA20_H */
