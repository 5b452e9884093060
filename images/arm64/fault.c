// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Every exception ends the boot here (entry.S's vectors): the fault
 * record with ESR_EL1's class and syndrome, FAR_EL1 and ELR_EL1, then a
 * check naming what the class means for a running attack= payload:
 *   EC 0x0d (BTI)                     check bti=fail:caught
 *   EC 0x21 at the PAC-mangled target check pac=fail:caught
 *   EC 0x25, DFSC 0x11 (tag check)    check mte=fail:caught
 *   anything else                     check fault=fail:ecXX
 * "fail" because the boot ends there; whether that is the expected
 * outcome is the host's call (suites/cet, the cfi part), judged by the
 * fault record itself, not by these names.
 */
#include "hb.h"
#include "arm64/cfi.h"
#include "lib/arch.h"

#define FAULT_ADDR_BITS 0x0000ffffffffffffull  /* VA bits, below PAC and tag */

static const char *fault_name(uint64_t ec, uint64_t iss, uint64_t far)
{
	const struct arm64_cfi *c = &arm64_cfi;

	if (ec == ARCH_EC_BTI)
		return "bti";
	if (ec == ARCH_EC_IABT && c->attack == CMDLINE_ATTACK_RET &&
	    far != c->target && (far & FAULT_ADDR_BITS) == (c->target & FAULT_ADDR_BITS))
		return "pac";
	if (ec == ARCH_EC_DABT && (iss & 0x3f) == ARCH_DFSC_TAG)
		return "mte";
	return 0;
}

HB_NORETURN HB_NO_CANARY void fault_report(uint64_t esr, uint64_t far,
					    uint64_t elr, uint64_t vec)
{
	uint64_t ec = (esr >> 26) & 0x3f, iss = esr & 0x1ffffff;
	const char *name = fault_name(ec, iss, far);

	rec_fault(ec, iss, far, elr, vec, arm64_cfi.target);
	if (name) {
		rec_check_fail(name, "caught");
	} else {
		static const char hex[] = "0123456789abcdef";
		char why[5] = { 'e', 'c', hex[(ec >> 4) & 0xf], hex[ec & 0xf], 0 };

		rec_check_fail("fault", why);
	}
	hb_end(0);
}
