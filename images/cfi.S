/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The #CP entry stub and the hand-made control-flow targets of the attack=
 * payloads (attack.c).  Every function here whose address is taken starts
 * with endbr64, as an assembly file built for IBT must: the assembler adds
 * none by itself, yet the property note below claims IBT for the whole
 * object.  The cet-noendbr twin leaves it off the #CP entry stub, an
 * interrupt handler and so an indirect-branch target under IBT.
 */
#include "asm.h"

#define CET_CODE_SEL 0x08

	HB_ASM_CET_NOTE

	.text

/*
 * #CP entry.  A real #CP pushes an error code, "int $21" does not; the
 * frame then starts with RIP instead.  Tell them apart by the CS slot:
 * with an error code the saved CS is at 16(%rsp), without it at 8(%rsp),
 * and a saved RIP is never the selector value.  cet_cp_report(err, soft,
 * rip) never returns, so the frame is left as it is.
 */
	.balign 16
HB_ASM_FUNC(cet_cp_entry)
#if !HB_CFG_NOENDBR
	endbr64
#endif
	cmpq	$CET_CODE_SEL, 8(%rsp)
	je	1f
	movq	(%rsp), %rdi               /* error code */
	xorl	%esi, %esi
	movq	8(%rsp), %rdx              /* RIP */
	jmp	2f
1:	xorl	%edi, %edi
	movl	$1, %esi                   /* software interrupt */
	movq	(%rsp), %rdx
2:	andq	$-16, %rsp
	call	cet_cp_report
	ud2
HB_ASM_END(cet_cp_entry)

/*
 * uint64_t attack_gadget(void): returns 0 when called properly.  The ibt
 * payload calls 4 bytes in, past the endbr64, where an attacker's pointer
 * would land: without IBT that returns the magic, with IBT it is #CP
 * endbranch.
 */
	.balign 16
HB_ASM_FUNC(attack_gadget)
	endbr64
	movl	$HB_ATTACK_GADGET_MAGIC, %eax
	ret
HB_ASM_END(attack_gadget)

/*
 * void attack_ret_victim(uint64_t target): the write an attacker's
 * memory-corruption bug would do, done directly: replace this function's
 * own return address with target, then return.  With a shadow stack the
 * ret raises #CP near-ret; without one it lands on target.
 */
	.balign 16
HB_ASM_FUNC(attack_ret_victim)
	endbr64
	movq	%rdi, (%rsp)
	ret
HB_ASM_END(attack_ret_victim)

/*
 * Where a hijacked return lands: with a smashed frame and an unknown stack
 * alignment.  Realign and report; attack_hijacked() never returns.
 */
	.balign 16
HB_ASM_FUNC(attack_landing)
	endbr64
	andq	$-16, %rsp
	call	attack_hijacked
	ud2
HB_ASM_END(attack_landing)
