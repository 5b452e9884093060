// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Seeding and the two generators.
 *
 * The boot seed is 8 raw 32-bit words (seed.S, or seed= on the command
 * line).  From it:
 *   - the public generator, whose output the secret record and the bulk
 *     ring show: ChaCha20 keyed with the seed words as little-endian bytes,
 *     nonce zero, block counter from 0 (RFC 8439; = openssl enc -chacha20);
 *   - the system generator for the layout and the stack canary: the same
 *     key on stream 1 (nonce word 1 = 1), so nothing it hands out ever
 *     appears in the public output.
 * The rng-* twins break only the public generator (its key or its
 * function), so each of them fails exactly one claimed property; layout
 * and canary stay seeded from the hardware like in hardened.
 */
#include "hb.h"
#include "lib/chacha20.h"

#define RNG_SRC_RDSEED  1   /* hb_seed_collect() return values */
#define RNG_SRC_RDRAND  2
#define RNG_SRC_JITTER  3
#define RNG_SRC_TSC     4
#define RNG_SRC_CMDLINE 5
#define RNG_SYS_STREAM  1
#define RNG_SYS_ROUNDS  20

/* Numerical Recipes' 32-bit LCG (rng-lcg twin). */
#define RNG_LCG_MUL 1664525u
#define RNG_LCG_ADD 1013904223u

static uint32_t rng_words[8];     /* the seed as reported */
static uint32_t rng_key[8];       /* public generator key */
static uint32_t rng_sys_key[8];   /* system generator key */
static int rng_src;
static uint64_t rng_pub_next;     /* public: next block index */
static uint32_t rng_lcg;          /* public, rng-lcg: LCG state */
static uint64_t rng_sys_next;     /* system: next block index */
static uint32_t rng_sys_buf[16];
static unsigned rng_sys_used = 16;

/* What a forgotten "TODO: real seed" looks like (rng-fixedseed twin). */
static const uint32_t rng_placeholder[8] = {
	0x706d6574, 0x2065756b, 0x65657320, 0x6f642064, 0x2074276e,
	0x70696873, 0x69687420, 0x00000073,
};

static void rng_copy(uint32_t dst[8], const uint32_t src[8])
{
	for (int i = 0; i < 8; i++)
		dst[i] = src[i];
}

void rng_seed(const struct cmdline_opts *o)
{
	uint32_t hw[8];
	unsigned allow = (o->no_rdseed ? 0 : SEED_ALLOW_RDSEED) |
			 (o->no_rdrand ? 0 : SEED_ALLOW_RDRAND);

	if (o->have_seed) {
		rng_copy(hw, o->seed);
		rng_src = RNG_SRC_CMDLINE;
	} else if (HB_CFG_SEED == HB_SEED_NONE) {
		/* bt-noseed: no rdseed, rdrand or jitter loop at all, so that
		 * the boot-time suite can price seeding against baseline.
		 * Both generators are keyed from the entry TSC alone. */
		for (int i = 0; i < 8; i++)
			hw[i] = 0;
		hw[0] = (uint32_t)hb_boot_tsc_entry;
		hw[1] = (uint32_t)(hb_boot_tsc_entry >> 32);
		rng_src = RNG_SRC_TSC;
	} else {
		rng_src = hb_seed_collect(hw, allow);
	}
	rng_copy(rng_sys_key, hw);
	rng_copy(rng_words, hw);

	if (HB_CFG_SEED == HB_SEED_HALF) {
		/* 8 bytes copied where 8 words were meant: 64 key bits. */
		for (int i = 2; i < 8; i++)
			rng_words[i] = 0;
	} else if (HB_CFG_SEED == HB_SEED_TSC && !o->have_seed) {
		for (int i = 0; i < 8; i++)
			rng_words[i] = 0;
		rng_words[0] = (uint32_t)hb_boot_tsc_entry;
		rng_words[1] = (uint32_t)(hb_boot_tsc_entry >> 32);
		rng_src = RNG_SRC_TSC;
	}
	if (HB_CFG_SEED == HB_SEED_FIXED)
		rng_copy(rng_key, rng_placeholder);
	else
		rng_copy(rng_key, rng_words);
}

const char *rng_src_name(void)
{
	switch (rng_src) {
#if defined(__aarch64__)
	case RNG_SRC_RDSEED: return HB_SRC_RNDRRS;
	case RNG_SRC_RDRAND: return HB_SRC_RNDR;
#else
	case RNG_SRC_RDSEED: return HB_SRC_RDSEED;
	case RNG_SRC_RDRAND: return HB_SRC_RDRAND;
#endif
	case RNG_SRC_TSC: return HB_SRC_TSC;
	case RNG_SRC_CMDLINE: return HB_SRC_CMDLINE;
	default: return HB_SRC_JITTER;
	}
}

const uint32_t *rng_seed_words(void)
{
	return rng_words;
}

/*
 * Known answers for the public block function: RFC 8439 2.3.2 (key
 * 00..1f, nonce 000000090000004a00000000, counter 1) and A.1 test
 * vector 1 (all zero, first four words).
 */
int rng_kat(void)
{
	static const uint32_t key[8] = {
		0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c,
		0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c,
	};
	static const uint32_t want[16] = {
		0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3,
		0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
		0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9,
		0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
	};
	static const uint32_t zero[8];
	static const uint32_t want0[4] = {
		0xade0b876, 0x903df1a0, 0xe56a5d40, 0x28bd8653,
	};
	uint32_t st[CHACHA_WORDS], out[CHACHA_WORDS];
	uint32_t diff = 0;

	chacha_setup(st, key, 1, 0);
	st[13] = 0x09000000;
	st[14] = 0x4a000000;
	chacha_block(st, out, HB_CFG_CHACHA_ROUNDS);
	for (int i = 0; i < 16; i++)
		diff |= out[i] ^ want[i];
	chacha_setup(st, zero, 0, 0);
	chacha_block(st, out, HB_CFG_CHACHA_ROUNDS);
	for (int i = 0; i < 4; i++)
		diff |= out[i] ^ want0[i];
	return diff == 0;
}

void rng_pub_rewind(void)
{
	rng_pub_next = 0;
	rng_lcg = rng_key[0];
}

/* The next public block; stream != 0 takes the unrolled block function
 * (the bulk ring), whose output is the same. */
static void rng_pub_next_block(uint32_t out[16], int stream)
{
	uint32_t st[CHACHA_WORDS];

	if (HB_CFG_RNG == HB_RNG_LCG) {
		for (int i = 0; i < 16; i++) {
			rng_lcg = rng_lcg * RNG_LCG_MUL + RNG_LCG_ADD;
			out[i] = rng_lcg;
		}
		return;
	}
	chacha_setup(st, rng_key, rng_pub_next++, 0);
	if (stream)
		chacha_block_unrolled(st, out, HB_CFG_CHACHA_ROUNDS);
	else
		chacha_block(st, out, HB_CFG_CHACHA_ROUNDS);
}

void rng_pub_block(uint32_t out[16])
{
	rng_pub_next_block(out, 0);
}

void rng_pub_stream(uint32_t out[16])
{
	rng_pub_next_block(out, 1);
}

uint64_t rng_sys_u64(void)
{
	uint64_t v;

	if (rng_sys_used > 14) {
		uint32_t st[CHACHA_WORDS];

		chacha_setup(st, rng_sys_key, rng_sys_next++, RNG_SYS_STREAM);
		chacha_block(st, rng_sys_buf, RNG_SYS_ROUNDS);
		rng_sys_used = 0;
	}
	v = rng_sys_buf[rng_sys_used] |
	    (uint64_t)rng_sys_buf[rng_sys_used + 1] << 32;
	rng_sys_used += 2;
	return v;
}
