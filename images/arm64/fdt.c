// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The kernel command line on arm64: QEMU puts -append into the device
 * tree's /chosen/bootargs and the tree at the start of RAM (an ELF kernel
 * gets no register pointing at it).  A walk of the flattened tree's
 * structure block (devicetree spec v0.4, ch. 5), big-endian, 4-aligned
 * tokens; runs with the MMU off, before relocation.
 */
#include "hb.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u
#define FDT_MAX_WORDS  (1u << 20)   /* a bound on a corrupt tree */

static uint32_t fdt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int fdt_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static uint32_t fdt_pad(uint32_t n)
{
	return (n + 3) & ~3u;
}

static void fdt_copy(char *dst, const uint8_t *v, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < HB_CMDLINE_MAX && i < len && v[i]; i++)
		dst[i] = (char)v[i];
	dst[i] = '\0';
}

void fdt_bootargs(char *dst);
void fdt_bootargs(char *dst)
{
	const uint8_t *fdt = (const uint8_t *)(uintptr_t)HB_RAM_BASE;
	const uint8_t *p, *strs;
	int depth = 0, in_chosen = 0;

	dst[0] = '\0';
	if (fdt_be32(fdt) != FDT_MAGIC)
		return;
	p = fdt + fdt_be32(fdt + 8);
	strs = fdt + fdt_be32(fdt + 12);
	for (uint32_t n = 0; n < FDT_MAX_WORDS; n++) {
		uint32_t tok = fdt_be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			uint32_t len = 0;

			while (p[len])
				len++;
			depth++;
			in_chosen = depth == 2 && fdt_streq(name, "chosen");
			p += fdt_pad(len + 1);
		} else if (tok == FDT_END_NODE) {
			depth--;
			in_chosen = 0;
		} else if (tok == FDT_PROP) {
			uint32_t len = fdt_be32(p), off = fdt_be32(p + 4);

			if (in_chosen && fdt_streq((const char *)strs + off, "bootargs")) {
				fdt_copy(dst, p + 8, len);
				return;
			}
			p += 8 + fdt_pad(len);
		} else if (tok != FDT_NOP) {
			return;   /* FDT_END or garbage */
		}
	}
}
