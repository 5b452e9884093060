/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for checksec's ELF reader: any bytes as an image file,
 * through libelf into elffile's tables, then the look-ups checksec makes
 * on them (the section and file offset of the entry and of every symbol,
 * the bytes of every section and segment).
 */
#include <stdint.h>

#include "elffile.h"

static void fuzz_lookups(const struct elffile *ef)
{
	size_t got;

	(void)elffile_sec_at(ef, ef->entry);
	(void)elffile_file_off(ef, ef->entry);
	for (guint i = 0; i < ef->syms->len; i++) {
		const struct elffile_sym *s = &g_array_index(ef->syms, struct elffile_sym, i);

		(void)elffile_sec_at(ef, s->value);
		(void)elffile_file_off(ef, s->value);
	}
	for (guint i = 0; i < ef->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(ef->secs, struct elffile_sec, i);
		const uint8_t *b = elffile_bytes(ef, s->off, s->size, 1u << 20, &got);
		volatile uint8_t sink = 0;

		for (size_t k = 0; b && k < got; k += 4096)
			sink ^= b[k];
		if (got)
			sink ^= b[got - 1];
		(void)sink;
	}
	for (guint i = 0; i < ef->segs->len; i++) {
		const struct elffile_seg *s = &g_array_index(ef->segs, struct elffile_seg, i);
		const uint8_t *b = elffile_bytes(ef, s->off, s->filesz, 1u << 20, &got);

		if (b && got)
			(void)*(volatile const uint8_t *)(b + got - 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elffile ef;
	char err[256];

	elffile_init(&ef);
	if (!elffile_parse(&ef, data, size, err, sizeof(err)))
		fuzz_lookups(&ef);
	elffile_free(&ef);
	return 0;
}
