// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hb_seed_collect() for arm64: the seed entry.S gathered before any C ran,
 * or, when the command line rules a source out (rdseed=0 = no RNDRRS,
 * rdrand=0 = no RNDR), a new gathering without it.
 */
#include "hb.h"

unsigned hb_seed_gather(uint64_t w[4], unsigned allow);

/* 8-aligned: seed.S stores 64-bit words, and with the MMU off (Device
 * memory) an unaligned store faults. */
uint64_t hb_seed_early_words[4] __attribute__((aligned(8)));
uint32_t hb_seed_early_src;

#define SEED_ALLOW_ALL (SEED_ALLOW_RDSEED | SEED_ALLOW_RDRAND)

int hb_seed_collect(uint32_t w[8], unsigned allow)
{
	uint64_t tmp[4];
	const uint64_t *src = hb_seed_early_words;
	unsigned kind = hb_seed_early_src;

	if ((allow & SEED_ALLOW_ALL) != SEED_ALLOW_ALL) {
		kind = hb_seed_gather(tmp, allow);
		src = tmp;
	}
	for (int i = 0; i < 4; i++) {
		w[2 * i] = (uint32_t)src[i];
		w[2 * i + 1] = (uint32_t)(src[i] >> 32);
	}
	return (int)kind;
}
