/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Collect the 256-bit boot seed: RNDRRS, else RNDR, else counter jitter.
 *
 * unsigned hb_seed_gather(uint64_t w[4], unsigned allow)
 *   allow: bit 0 RNDRRS may be used, bit 1 RNDR (the cmdline's rdseed=0 /
 *   rdrand=0 pretend them absent, as on x86)
 *   returns 1 RNDRRS, 2 RNDR, 3 jitter (the x86 order: reseeded first)
 *
 * A leaf without a stack: entry.S calls it before any C, with the MMU off.
 * RNDR and RNDRRS (FEAT_RNG, ID_AA64ISAR0_EL1 bits 63:60) set NZCV to
 * 0b0100 and return 0 when no random number is available in reasonable
 * time; a few retries, then the next source.
 */
#include "arm64/asm.h"

#define RNDR_TRIES 10
#define JITTER_SAMPLES 512

#define RNDR   S3_3_C2_C4_0
#define RNDRRS S3_3_C2_C4_1

	HB_ARM64_PROP_NOTE

	.section .boot.text, "ax"

/* x9 = one 64-bit sample of \reg, or on to \fail.  Clobbers x12. */
.macro RNG_SAMPLE reg, fail
	mov	x12, #RNDR_TRIES
1:	mrs	x9, \reg
	b.ne	2f
	subs	x12, x12, #1
	b.ne	1b
	b	\fail
2:
.endm

HB_ARM64_FUNC(hb_seed_gather)
	mov	x10, x0                    /* words */
	mov	x11, x1                    /* allow */
	mrs	x9, S3_0_C0_C6_0           /* ID_AA64ISAR0_EL1 */
	ubfx	x9, x9, #60, #4
	cbz	x9, .Ljitter
	tbz	x11, #0, .Lrndr
	mov	x13, #0
.Lrrs:	RNG_SAMPLE RNDRRS, .Lrndr
	str	x9, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, #4
	b.ne	.Lrrs
	mov	w0, #1
	ret
.Lrndr:	tbz	x11, #1, .Ljitter
	mrs	x9, S3_0_C0_C6_0
	ubfx	x9, x9, #60, #4
	cbz	x9, .Ljitter
	mov	x13, #0
.Lrr:	RNG_SAMPLE RNDR, .Ljitter
	str	x9, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, #4
	b.ne	.Lrr
	mov	w0, #2
	ret
/*
 * Jitter: each word folds JITTER_SAMPLES counter deltas around a system
 * register read (an exit to QEMU's helper under TCG), rotating by 5 so
 * every delta's low bits land on different word bits.
 */
.Ljitter:
	mov	x13, #0
3:	mov	x14, #JITTER_SAMPLES
	mov	x15, #0
4:	isb
	mrs	x9, cntvct_el0
	mrs	x12, S3_0_C0_C6_0
	isb
	mrs	x12, cntvct_el0
	sub	x12, x12, x9
	ror	x15, x15, #59
	eor	x15, x15, x12
	subs	x14, x14, #1
	b.ne	4b
	str	x15, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, #4
	b.ne	3b
	mov	w0, #3
	ret
HB_ARM64_END(hb_seed_gather)

/*
 * uint64_t hb_seed_raw(uint64_t *dst, uint64_t n, unsigned src)
 *   raw=N mode (images/raw.c): n samples of one source, each a 64-bit word
 *   in the format the x86 images give (docs/protocol.md): src 1 RNDRRS and
 *   2 RNDR, the low 32 bits of each output (one sample format for both
 *   architectures; the assessment's symbols are 8 of those bits); 3 the
 *   counter ticks of one timed ID-register read, the jitter path's delta;
 *   4 CNTVCT_EL0 itself, read back to back.  Returns how many were taken:
 *   fewer than n only when RNDR(RS) gave up.  Runs with the MMU off, like
 *   the seed it mirrors, so each store is an aligned 64-bit one.
 */
HB_ARM64_FUNC(hb_seed_raw)
	mov	x10, x0                    /* dst */
	mov	x11, x1                    /* n */
	mov	x13, #0                    /* taken */
	cbz	x11, 9f
	cmp	w2, #1
	b.eq	.Lraw_rrs
	cmp	w2, #2
	b.eq	.Lraw_rr
	cmp	w2, #3
	b.eq	.Lraw_jitter
.Lraw_cnt:
	isb
	mrs	x9, cntvct_el0
	str	x9, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, x11
	b.ne	.Lraw_cnt
	b	9f
.Lraw_rrs:
	RNG_SAMPLE RNDRRS, 9f
	mov	w9, w9                     /* the low 32 bits, zero-extended */
	str	x9, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, x11
	b.ne	.Lraw_rrs
	b	9f
.Lraw_rr:
	RNG_SAMPLE RNDR, 9f
	mov	w9, w9
	str	x9, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, x11
	b.ne	.Lraw_rr
	b	9f
.Lraw_jitter:
	isb
	mrs	x9, cntvct_el0
	mrs	x12, S3_0_C0_C6_0
	isb
	mrs	x12, cntvct_el0
	sub	x12, x12, x9
	str	x12, [x10, x13, lsl #3]
	add	x13, x13, #1
	cmp	x13, x11
	b.ne	.Lraw_jitter
9:	mov	x0, x13
	ret
HB_ARM64_END(hb_seed_raw)
