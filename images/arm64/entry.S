/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arm64 entry, exception vectors and the switch to the randomized layout.
 *
 * QEMU's virt machine starts an ELF kernel at e_entry at EL1 with the MMU
 * and caches off; nothing is set up (no registers, no stack).  The device
 * tree is at the start of RAM (HB_RAM_BASE).  Before any C code runs, the
 * entry takes the counter, sets a boot stack and the vectors, and
 * collects the 256-bit seed (seed.S): the generator is keyed from
 * RNDRRS/RNDR before anything else could consume randomness.
 *
 * C code then runs with the MMU off (data accesses are Device memory:
 * the images are built with -mstrict-align so nothing is unaligned).
 */
#include "layout.h"
#include "arm64/asm.h"

	HB_ARM64_PROP_NOTE

	.section .boot.text, "ax"
	.balign 8
HB_ARM64_FUNC(hb_entry)
	mrs	x9, cntvct_el0
	adr	x10, hb_boot_tsc_entry
	str	x9, [x10]
	adr	x9, hb_boot_stack_top
	mov	sp, x9
	adr	x9, hb_vectors
	msr	vbar_el1, x9
	adr	x9, __stack_chk_guard       /* the canary, -mstack-protector-guard=sysreg */
	msr	sp_el0, x9
	isb
	/* seed before any C: hb_seed_early_src = hb_seed_gather(words, all) */
	adr	x0, hb_seed_early_words
	mov	x1, #3
	bl	hb_seed_gather
	adr	x9, hb_seed_early_src
	str	w0, [x9]
	mrs	x9, cntvct_el0
	adr	x10, hb_boot_tsc_paging
	str	x9, [x10]
	mov	x29, #0
	mov	x30, #0
	bl	hb_boot_early
1:	wfi
	b	1b
HB_ARM64_END(hb_entry)

/*
 * void hb_boot_switch(uint64_t ttbr0, uint64_t sp, uint64_t entry,
 *                     uint64_t sctlr): the image's tables on (MAIR and TCR
 * were set by the caller), then a call to entry at the random base on the
 * random stack.  This page is identity-mapped in those tables, so the
 * instruction after the SCTLR write is fetched through them.  blr, not
 * br: the target's landing pad (bti c or paciasp) accepts a call.
 */
HB_ARM64_FUNC(hb_boot_switch)
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x3
	isb
	mov	sp, x1
	mov	x29, #0
	mov	x0, #0
	blr	x2
1:	wfi
	b	1b
HB_ARM64_END(hb_boot_switch)

/*
 * Vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes.  Every entry
 * reports the exception and ends the boot: nothing here ever returns to
 * the faulting code.  x3 says which entry (0-15) was taken.
 */
	.text
	.balign 2048
HB_ARM64_FUNC(hb_vectors)
	.set	n, 0
	.rept	16
	.balign	0x80
	mov	x3, #n
	b	hb_vec_common
	.set	n, n + 1
	.endr
HB_ARM64_END(hb_vectors)

HB_ARM64_FUNC(hb_vec_common)
	mrs	x0, esr_el1
	mrs	x1, far_el1
	mrs	x2, elr_el1
	mov	x9, sp
	and	x9, x9, #~15
	mov	sp, x9
	mov	x29, #0
	bl	fault_report
1:	wfi
	b	1b
HB_ARM64_END(hb_vec_common)

	.section .boot.data, "aw", %nobits
	.balign 16
	.space	HB_BOOT_STACK_SIZE
hb_boot_stack_top:
