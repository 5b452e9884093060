// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Stack protector support (-fstack-protector-strong
 * -mstack-protector-guard=global reads __stack_chk_guard).
 *
 * The guard's low byte is zero, so a string overflow that copies up to a
 * NUL cannot rewrite it to the right value.  Drawn from the system
 * generator together with the layout; set once per boot, from a function
 * without a protector whose callers never return.
 */
#include "hb.h"

#define CANARY_CONST 0x2f8e6c1a5b3d4700ull   /* canary-const twin */
#define CANARY_LOW_BYTE 0xffull

uint64_t __stack_chk_guard;
static uint64_t canary_next;

void canary_prepare(void)
{
	if (HB_CFG_CANARY == HB_CANARY_RANDOM)
		canary_next = rng_sys_u64() & ~CANARY_LOW_BYTE;
	else if (HB_CFG_CANARY == HB_CANARY_CONST)
		canary_next = CANARY_CONST;
}

HB_NO_CANARY void canary_init(void)
{
	__stack_chk_guard = canary_next;
}

uint64_t canary_value(void)
{
	return __stack_chk_guard;
}

HB_NORETURN void __stack_chk_fail(void);
HB_NORETURN HB_NO_CANARY void __stack_chk_fail(void)
{
	if (HB_CFG_PROTOCOL)
		rec_check_fail("canary", 0);
	hb_end(0);
}
