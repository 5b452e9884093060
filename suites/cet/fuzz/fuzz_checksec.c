/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for what checksec reads from an untrusted image: the
 * text readelf and objdump print about it, and the bytes of its notes.
 * The first byte picks the parser and, for notes, the alignment and ELF
 * class; the rest is the input.
 */
#include <stdint.h>
#include <string.h>

#include "checksec.h"
#include "objdump.h"
#include "readelf.h"

static void fuzz_insn(const struct objdump_insn *in, void *ctx)
{
	(*(size_t *)ctx) += in->mnem[0] != '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct readelf_info ri;
	size_t n = 0;
	uint32_t x86 = 0;
	int found = 0;

	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0:
		readelf_init(&ri);
		readelf_parse(&ri, (const char *)data + 1, size - 1);
		if (ri.secs->len)
			(void)readelf_sec_at(&ri, g_array_index(ri.secs, struct readelf_sec, 0).addr);
		(void)readelf_file_off(&ri, ri.entry);
		readelf_free(&ri);
		break;
	case 1:
		objdump_parse_text((const char *)data + 1, size - 1, fuzz_insn, &n);
		break;
	default:
		checksec_notes(data + 1, size - 1, data[0] & 4 ? 8 : 4, data[0] & 8,
			       &x86, &found);
		break;
	}
	return 0;
}
