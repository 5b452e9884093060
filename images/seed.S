/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Collect the 256-bit boot seed: rdseed, else rdrand, else TSC jitter.
 *
 * This runs from the assembly entry path before any code that consumes
 * randomness (it is called right after the command line has been parsed,
 * because rdrand=0 / rdseed=0 there pretend an instruction is absent).
 *
 * int hb_seed_collect(uint32_t w[8], unsigned allow)
 *   allow: bit 0 rdseed may be used, bit 1 rdrand may be used
 *   returns 1 rdseed, 2 rdrand, 3 jitter (SEED_SRC_* in hb.h)
 *
 * uint64_t hb_seed_raw(uint64_t *dst, uint64_t n, unsigned src)
 *   raw=N mode (images/raw.c): n raw samples of one source, each the
 *   value before any folding, as a 64-bit word; returns how many were
 *   taken (fewer than n only when rdseed or rdrand gave up).
 *
 * Both take a sample with the same macro, so the raw samples are the
 * instructions the seed is made of, not a look-alike.
 */
#include "asm.h"

#define RDSEED_TRIES 128  /* rdseed drains fast: the DRNG guide retries with pause */
#define RDRAND_TRIES 10   /* Intel DRNG guide 5.2.1: 10 failures = broken */
/*
 * Timed cpuid exits folded into each word.  With 32, the words carried
 * about 10 bits each across 200 TCG boots on a busy host and fell below
 * 8 bits (dozens of colliding pairs) on a quiet one: TCG runs the cpuid
 * helper in nearly constant host time, so each delta adds a fraction of
 * a bit.  512 gives 1000 distinct values in 1000 boots and uniform words
 * for about 0.35 ms of TCG boot time.
 */
#define JITTER_SAMPLES 512

/* hb_seed_raw()'s src, as CMDLINE_RAW_* in lib/cmdline.h */
#define RAW_RDSEED 1
#define RAW_RDRAND 2
#define RAW_JITTER 3
#define RAW_TSC    4

/*
 * %eax = one rdseed output, or on to \fail after RDSEED_TRIES carries
 * clear.  Clobbers %ecx.
 */
.macro RDSEED_SAMPLE fail
	movl	$RDSEED_TRIES, %ecx
1:	rdseed	%eax
	jc	2f
	pause
	decl	%ecx
	jnz	1b
	jmp	\fail                      /* starved */
2:
.endm

/* %eax = one rdrand output, or on to \fail.  Clobbers %ecx. */
.macro RDRAND_SAMPLE fail
	movl	$RDRAND_TRIES, %ecx
1:	rdrand	%eax
	jc	2f
	decl	%ecx
	jnz	1b
	jmp	\fail
2:
.endm

/*
 * %rax = the TSC ticks one cpuid(0) takes: a VM exit under KVM, a helper
 * call under TCG.  The low bits of this delta are the noise (the host's
 * scheduling and cache state at that moment); its high bits are the
 * exit's mean cost.  Clobbers %rbx, %rcx, %rdx and \t0.
 */
.macro JITTER_SAMPLE t0
	rdtsc
	shlq	$32, %rdx
	orq	%rax, %rdx
	movq	%rdx, \t0                  /* t0 */
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	subq	\t0, %rax                  /* delta */
.endm

	HB_ASM_CET_NOTE
	.text

HB_ASM_FUNC(hb_seed_collect)
	endbr64
	pushq	%rbx
	movq	%rdi, %r8                  /* w */
	movl	%esi, %r9d                 /* allow */

	xorl	%eax, %eax
	cpuid
	movl	%eax, %r10d                /* highest basic leaf */

	testl	$1, %r9d
	jz	.Lrdrand
	cmpl	$7, %r10d
	jb	.Lrdrand
	movl	$7, %eax
	xorl	%ecx, %ecx
	cpuid
	btl	$18, %ebx                  /* CPUID.7.0:EBX.RDSEED */
	jnc	.Lrdrand
	xorl	%esi, %esi                 /* word index */
.Lseed_word:
	RDSEED_SAMPLE .Lrdrand             /* starved: fall back */
	movl	%eax, (%r8, %rsi, 4)
	incl	%esi
	cmpl	$8, %esi
	jb	.Lseed_word
	movl	$1, %eax
	popq	%rbx
	ret

.Lrdrand:
	testl	$2, %r9d
	jz	.Ljitter
	movl	$1, %eax
	cpuid
	btl	$30, %ecx                  /* CPUID.1:ECX.RDRAND */
	jnc	.Ljitter
	xorl	%esi, %esi
.Lrand_word:
	RDRAND_SAMPLE .Ljitter
	movl	%eax, (%r8, %rsi, 4)
	incl	%esi
	cmpl	$8, %esi
	jb	.Lrand_word
	movl	$2, %eax
	popq	%rbx
	ret

	/*
	 * Last resort: time a cpuid (a VM exit under KVM, a helper call under
	 * TCG) with the TSC, many times per word, and fold the deltas with a
	 * rotate-xor.  The low bits of each delta carry the host's scheduling
	 * and cache noise.  Weak by design of the platform, not of the code:
	 * the entropy suite measures what it is worth.
	 */
.Ljitter:
	xorl	%esi, %esi
.Ljit_word:
	xorl	%r11d, %r11d               /* accumulator */
	movl	$JITTER_SAMPLES, %r10d
.Ljit_sample:
	JITTER_SAMPLE %rdi
	rolq	$7, %r11
	xorq	%rax, %r11
	decl	%r10d
	jnz	.Ljit_sample
	movq	%r11, %rax
	shrq	$32, %rax
	xorl	%r11d, %eax
	movl	%eax, (%r8, %rsi, 4)
	incl	%esi
	cmpl	$8, %esi
	jb	.Ljit_word
	movl	$3, %eax
	popq	%rbx
	ret
HB_ASM_END(hb_seed_collect)

/*
 * The raw samples, one loop per source so that nothing but the store sits
 * between two samples, as nothing but the fold does in hb_seed_collect.
 * rdseed and rdrand are not checked against CPUID here: raw.c does that
 * (and honours rdseed=0, rdrand=0) before calling.  The 32-bit outputs
 * are stored zero-extended: movl clears the upper half of %rax.
 */
HB_ASM_FUNC(hb_seed_raw)
	endbr64
	pushq	%rbx
	movq	%rdi, %r8                  /* dst */
	movq	%rsi, %r9                  /* n */
	xorl	%r10d, %r10d               /* samples taken */
	cmpl	$RAW_RDSEED, %edx
	je	.Lraw_rdseed
	cmpl	$RAW_RDRAND, %edx
	je	.Lraw_rdrand
	cmpl	$RAW_TSC, %edx
	je	.Lraw_tsc

.Lraw_jitter:
	cmpq	%r9, %r10
	jae	.Lraw_out
	JITTER_SAMPLE %rdi
	movq	%rax, (%r8, %r10, 8)
	incq	%r10
	jmp	.Lraw_jitter

.Lraw_rdseed:
	cmpq	%r9, %r10
	jae	.Lraw_out
	RDSEED_SAMPLE .Lraw_out
	movq	%rax, (%r8, %r10, 8)
	incq	%r10
	jmp	.Lraw_rdseed

.Lraw_rdrand:
	cmpq	%r9, %r10
	jae	.Lraw_out
	RDRAND_SAMPLE .Lraw_out
	movq	%rax, (%r8, %r10, 8)
	incq	%r10
	jmp	.Lraw_rdrand

	/*
	 * The rng-tsconly twin's seed is one such reading (the entry mark):
	 * back-to-back rdtsc, the whole 64-bit value.
	 */
.Lraw_tsc:
	cmpq	%r9, %r10
	jae	.Lraw_out
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, (%r8, %r10, 8)
	incq	%r10
	jmp	.Lraw_tsc

.Lraw_out:
	movq	%r10, %rax
	popq	%rbx
	ret
HB_ASM_END(hb_seed_raw)
