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
