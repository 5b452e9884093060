/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hand-made targets of the arm64 attack= payloads (attack.c) and the MTE
 * instructions (FEAT_MTE: assembled for armv8.5-a+memtag here only; the
 * callers check ID_AA64PFR1_EL1 first).
 */
#include "arm64/asm.h"

	HB_ARM64_PROP_NOTE
	.arch	armv8.5-a+memtag

	.text

/* uint64_t attack_gadget(void): 0 when called at its landing pad; the
 * ibt payload calls 4 bytes in, which BTI stops on a guarded page. */
	.balign 16
HB_ARM64_FUNC(attack_gadget)
	HB_BTI_C
	movz	w0, #(HB_ATTACK_GADGET_MAGIC & 0xffff)
	movk	w0, #(HB_ATTACK_GADGET_MAGIC >> 16), lsl #16
	ret
HB_ARM64_END(attack_gadget)

/*
 * void attack_ret_victim(uint64_t target): a function with a signed
 * return address whose saved copy an overflow replaces with target (not
 * signed with the key).  AUTIASP then fails: without FEAT_FPAC (QEMU 7.2)
 * it does not fault itself but leaves an error code in the high bits, and
 * the RET takes an instruction abort there.  With EnIA clear both hints
 * are NOPs and RET lands on target.
 */
	.balign 16
HB_ARM64_FUNC(attack_ret_victim)
	HB_PACIASP
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	str	x0, [sp, #8]
	ldp	x29, x30, [sp], #16
	HB_AUTIASP
	ret
HB_ARM64_END(attack_ret_victim)

/* Where a hijacked return lands (a RET: no landing pad needed, one kept
 * for a BR).  Realign and report; attack_hijacked() never returns. */
	.balign 16
HB_ARM64_FUNC(attack_landing)
	HB_BTI_C
	mov	x9, sp
	and	x9, x9, #~15
	mov	sp, x9
	bl	attack_hijacked
1:	b	1b
HB_ARM64_END(attack_landing)

	.balign 16
HB_ARM64_FUNC(mte_irg)
	HB_BTI_C
	irg	x0, x0
	ret
HB_ARM64_END(mte_irg)

	.balign 16
HB_ARM64_FUNC(mte_stg)
	HB_BTI_C
	stg	x0, [x0]
	ret
HB_ARM64_END(mte_stg)

	.balign 16
HB_ARM64_FUNC(mte_load)
	HB_BTI_C
	ldr	x0, [x0]
	ret
HB_ARM64_END(mte_load)
