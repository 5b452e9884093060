/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for what checksec reads from an untrusted image besides
 * its ELF tables (fuzz_elffile.c): the text objdump prints about it, and
 * the bytes of its notes.  The first byte picks the parser, the instruction
 * set (x86, A64) and, for notes, the alignment and ELF class; the rest is
 * the input.
 */
#include <elf.h>
#include <stdint.h>
#include <string.h>

#include "checksec.h"
#include "objdump.h"

static void fuzz_insn(const struct objdump_insn *in, void *ctx)
{
	(*(size_t *)ctx) += in->mnem[0] != '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	uint32_t bits = 0;
	int found = 0;

	if (!size)
		return 0;
	switch (data[0] % 2) {
	case 0:
		objdump_parse_text((const char *)data + 1, size - 1,
				   data[0] & 2 ? OBJDUMP_ARM64 : OBJDUMP_X86, fuzz_insn, &n);
		break;
	default:
		checksec_notes(data + 1, size - 1, data[0] & 4 ? 8 : 4, data[0] & 8,
			       data[0] & 2 ? GNU_PROPERTY_AARCH64_FEATURE_1_AND :
			       GNU_PROPERTY_X86_FEATURE_1_AND, &bits, &found);
		break;
	}
	return 0;
}
