// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The arm64 attack= payloads: each does what a memory-corruption bug
 * would, and every way it can end is reported:
 *
 *   ret    overwrite a saved return address (PAC): with EnIA the AUTIASP
 *          mangles it and the RET takes an instruction abort (fault.c,
 *          check pac=fail:caught); without, it lands: hijack=fail:ret
 *   ibt    BLR past a function's landing pad (BTI): on a guarded page a
 *          BTI exception (check bti=fail:caught); else hijack=fail:ibt
 *   tag    a heap access through a pointer with the wrong MTE tag: with
 *          synchronous checks a tag-check fault (check mte=fail:caught);
 *          without, the load succeeds: hijack=fail:tag
 *   smash  a stack overflow over the canary: check canary=fail
 *
 * A payload never passes a boot; one that returns is attack=fail:returned.
 */
#include "hb.h"
#include "arm64/asm.h"
#include "arm64/cfi.h"

#define ATTACK_SMASH_WORDS 8
#define ATTACK_TAG_BYTES 64
#define ATTACK_TAG_GRANULE 16
#define ATTACK_TAG_SHIFT 56

static const char *attack_name(unsigned kind)
{
	switch (kind) {
	case CMDLINE_ATTACK_RET:
		return "ret";
	case CMDLINE_ATTACK_IBT:
		return "ibt";
	case CMDLINE_ATTACK_TAG:
		return "tag";
	default:
		return "smash";
	}
}

HB_NORETURN void attack_hijacked(void);
HB_NORETURN HB_NO_CANARY void attack_hijacked(void)
{
	rec_check_fail("hijack", attack_name(arm64_cfi.attack));
	hb_end(0);
}

static uint64_t attack_opaque(uint64_t v)
{
	__asm__ volatile("" : "+r"(v));
	return v;
}

static __attribute__((noipa)) void attack_fill(uint64_t *dst, uint64_t v,
					      unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = v;
	__asm__ volatile("" : : "r"(dst) : "memory");
}

static __attribute__((noinline)) void attack_smash(uint64_t target)
{
	uint64_t buf[2];

	attack_fill(buf, target, ATTACK_SMASH_WORDS);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

/*
 * 64 heap bytes tagged with a random tag T, then one load through the
 * same address with tag T ^ 1: a use-after-retag, as a stale pointer
 * into reallocated memory would make it.
 */
static void attack_tag(void)
{
	uint64_t p = (uint64_t)(uintptr_t)heap_alloc(ATTACK_TAG_BYTES);
	uint64_t t, wrong;

	if (!arm64_cfi.has_mte || !HB_CFG_MTE) {
		rec_check_fail("tag", arm64_cfi.has_mte ? "build" : "cpuid");
		return;
	}
	t = mte_irg(p);
	for (uint64_t g = 0; g < ATTACK_TAG_BYTES; g += ATTACK_TAG_GRANULE)
		mte_stg(t + g);
	(void)mte_load(t);                               /* the right tag */
	wrong = t ^ (1ull << ATTACK_TAG_SHIFT);
	arm64_cfi.target = wrong;
	(void)mte_load(wrong);
	attack_hijacked();
}

void attack_run(unsigned kind)
{
	uint64_t landing = attack_opaque((uint64_t)(uintptr_t)attack_landing);
	uint64_t (*fn)(void);

	arm64_cfi.attack = kind;
	switch (kind) {
	case CMDLINE_ATTACK_RET:
		arm64_cfi.target = landing;
		attack_ret_victim(landing);
		break;
	case CMDLINE_ATTACK_IBT:
		/* 4 bytes past the gadget's bti c */
		fn = (uint64_t (*)(void))(uintptr_t)
			(attack_opaque((uint64_t)(uintptr_t)attack_gadget) + 4);
		arm64_cfi.target = (uint64_t)(uintptr_t)fn;
		if (fn() == HB_ATTACK_GADGET_MAGIC)
			attack_hijacked();
		break;
	case CMDLINE_ATTACK_SMASH:
		attack_smash(landing);
		break;
	case CMDLINE_ATTACK_TAG:
		attack_tag();
		break;
	default:
		return;
	}
	rec_check_fail("attack", "returned");
	hb_end(0);
}
