/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the host-side walk of an arm64 guest's stage-1
 * tables: the tables are guest RAM, written by a possibly hostile guest,
 * and TCR_EL1 decides the walk's shape (granule, size, start level,
 * halves).  Whatever the registers and the RAM say, the audit stays inside
 * the RAM and ends.  Input: TTBR0, TTBR1, TCR, SCTLR, MAIR, ID_AA64PFR1
 * (8 bytes each, little endian), then guest RAM from physical 1 GiB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagewalk.h"

#define FUZZ_REGS 48
#define FUZZ_BASE 0x40000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inspect_regs r;
	struct pagewalk_mem m;
	uint64_t v[6];
	json_t *boot, *o;
	uint8_t *ram;
	size_t len;

	if (size < FUZZ_REGS)
		return 0;
	memcpy(v, data, sizeof(v));
	memset(&r, 0, sizeof(r));
	r.arm64 = 1;
	r.rip = FUZZ_BASE + 0x1010, r.rsp = FUZZ_BASE + 0x3ff0, r.have = 3;
	r.ttbr0 = v[0], r.ttbr1 = v[1], r.tcr = v[2], r.sctlr = v[3], r.mair = v[4];
	r.pfr1 = v[5];
	r.have_a64 = INSPECT_A64_ALL;
	len = ((size - FUZZ_REGS) + 4095) & ~(size_t)4095;
	if (len > (1u << 20))
		len = 1u << 20;
	ram = calloc(1, len ? len : 4096);
	memcpy(ram, data + FUZZ_REGS, size - FUZZ_REGS < len ? size - FUZZ_REGS : len);
	m.ram = ram;
	m.size = len;
	m.base = FUZZ_BASE;
	boot = json_pack("{s:{s:s,s:s},s:{s:i,s:s}}", "addr", "stack", "0x0000000040005000",
			 "heap", "0x0a00000040006000", "pages", "n", 3, "sum", "0");
	o = pagewalk_audit(&m, &r, boot);
	json_decref(o);
	json_decref(boot);
	free(ram);
	return 0;
}
