// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The attack= payloads: each tries to take over control flow the way a
 * memory-corruption bug would, and every way it can end is reported:
 *
 *   caught by the stack protector  check canary=fail   (canary.c)
 *   caught by CET                  check cp=fail:near-ret / :endbranch
 *   control reached the attacker   check hijack=fail:ret / :ibt / :smash
 *   int21: the #CP handler         check cp=fail:software
 *
 * and the boot ends with done st=fail: a payload never passes a boot.  A
 * payload that somehow returns is reported as attack=fail:returned.
 */
#include "asm.h"
#include "hb.h"

#define ATTACK_SMASH_WORDS 8   /* 64 bytes into a 16-byte buffer */

/* cfi.S */
uint64_t attack_gadget(void);
void attack_ret_victim(uint64_t target);
void attack_landing(void);
HB_NORETURN void attack_hijacked(void);

static unsigned attack_kind;

static const char *attack_name(unsigned kind)
{
	switch (kind) {
	case CMDLINE_ATTACK_RET:
		return "ret";
	case CMDLINE_ATTACK_IBT:
		return "ibt";
	case CMDLINE_ATTACK_SMASH:
		return "smash";
	default:
		return "int21";
	}
}

/* attack_landing's target: control flow is the attacker's now. */
HB_NORETURN HB_NO_CANARY void attack_hijacked(void)
{
	if (HB_CFG_PROTOCOL)
		rec_check_fail("hijack", attack_name(attack_kind));
	hb_end(0);
}

/* An address the compiler cannot follow: no constant folding of the
 * arithmetic below into a RIP-relative lea of a mid-function address. */
static uint64_t attack_opaque(uint64_t v)
{
	__asm__ volatile("" : "+r"(v));
	return v;
}

/* A plain word-by-word copy the compiler must keep as written: noipa hides
 * the length from the caller's stack-protector and bounds reasoning. */
static __attribute__((noipa)) void attack_fill(uint64_t *dst, uint64_t v,
					      unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = v;
	__asm__ volatile("" : : "r"(dst) : "memory");
}

/*
 * A classic overflow: 64 bytes of the landing address into a 16-byte stack
 * buffer, over the canary (with -fstack-protector-strong) and the return
 * address.  The protector checks before the ret and ends in
 * __stack_chk_fail; without it the ret goes to attack_landing.
 */
static __attribute__((noinline)) void attack_smash(uint64_t target)
{
	uint64_t buf[2];

	attack_fill(buf, target, ATTACK_SMASH_WORDS);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

void attack_run(unsigned kind)
{
	uint64_t landing = attack_opaque((uint64_t)(uintptr_t)attack_landing);
	uint64_t (*fn)(void);

	attack_kind = kind;
	switch (kind) {
	case CMDLINE_ATTACK_RET:
		attack_ret_victim(landing);
		break;
	case CMDLINE_ATTACK_IBT:
		/* 4 bytes past the gadget's endbr64 */
		fn = (uint64_t (*)(void))(uintptr_t)
			(attack_opaque((uint64_t)(uintptr_t)attack_gadget) + 4);
		if (fn() == HB_ATTACK_GADGET_MAGIC)
			attack_hijacked();
		break;
	case CMDLINE_ATTACK_SMASH:
		attack_smash(landing);
		break;
	case CMDLINE_ATTACK_INT21:
		__asm__ volatile("int $21" : : : "memory");
		break;
	default:
		return;
	}
	if (HB_CFG_PROTOCOL)
		rec_check_fail("attack", "returned");
	hb_end(0);
}
