/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the host-side walk of a guest's page tables: the
 * tables are guest RAM, written by a possibly hostile guest, and the walk
 * follows its pointers.  Whatever the control registers and the RAM say
 * (loops, pointers past the end, 1 GiB pages, 5 levels), the audit stays
 * inside the RAM and ends.  Input: rip, rsp, cr0, cr3, cr4, efer (8 bytes
 * each, little endian), then guest RAM from physical 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagewalk.h"

#define FUZZ_REGS 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inspect_regs r = { 0 };
	struct pagewalk_mem m;
	uint64_t v[6];
	json_t *boot, *o;
	uint8_t *ram;
	size_t len;

	if (size < FUZZ_REGS)
		return 0;
	memcpy(v, data, sizeof(v));
	r.rip = v[0], r.rsp = v[1], r.cr0 = v[2], r.cr3 = v[3], r.cr4 = v[4], r.efer = v[5];
	r.have = 0x3f;
	/* RAM a whole number of pages, as QEMU's is: the tail zero-filled */
	len = ((size - FUZZ_REGS) + 4095) & ~(size_t)4095;
	if (len > (1u << 20))
		len = 1u << 20;
	ram = calloc(1, len ? len : 4096);
	memcpy(ram, data + FUZZ_REGS, size - FUZZ_REGS < len ? size - FUZZ_REGS : len);
	m.ram = ram;
	m.size = len;
	boot = json_pack("{s:{s:s,s:s},s:{s:s}}", "addr", "stack", "0x0000000000005000",
			 "heap", "0x0000000000200000", "pages", "shstk", "0x0000000000700000");
	o = pagewalk_audit(&m, &r, boot);
	json_decref(o);
	json_decref(boot);
	free(ram);
	return 0;
}
