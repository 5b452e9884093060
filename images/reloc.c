// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Self-relocation.  The image is a static PIE linked at HB_LINK_BASE and
 * loaded at HB_PHYS_BASE; moving it to virtual base V means rewriting every
 * absolute pointer, which the linker listed as R_X86_64_RELATIVE entries
 * in .rela.dyn, to addend - HB_LINK_BASE + V.  They are patched through
 * the identity map before the switch; afterwards relro is mapped
 * read-only.
 */
#include "hb.h"

#if defined(__aarch64__)
#define RELOC_RELATIVE 1027   /* R_AARCH64_RELATIVE */
#else
#define RELOC_RELATIVE 8      /* R_X86_64_RELATIVE */
#endif
#define RELOC_LOAD_BIAS (HB_PHYS_BASE - HB_LINK_BASE)  /* run minus link */

struct reloc_rela {
	uint64_t offset;   /* link address of the 8 bytes to patch */
	uint64_t info;     /* symbol << 32 | type */
	int64_t addend;    /* link-time value */
};

extern const struct reloc_rela hb_rela_start[], hb_rela_end[];

/* Any other type, or a target outside relro/data (a text relocation),
 * means the image was built wrongly: refuse rather than guess. */
int reloc_apply(uint64_t base)
{
	uint64_t lo = (uint64_t)(uintptr_t)hb_relro_start - RELOC_LOAD_BIAS;
	uint64_t hi = (uint64_t)(uintptr_t)hb_data_end - RELOC_LOAD_BIAS;

	for (const struct reloc_rela *r = hb_rela_start; r < hb_rela_end; r++) {
		if ((uint32_t)r->info != RELOC_RELATIVE ||
		    r->offset < lo || r->offset + 8 > hi)
			return -1;
		*(uint64_t *)(uintptr_t)(r->offset + RELOC_LOAD_BIAS) =
			(uint64_t)r->addend - HB_LINK_BASE + base;
	}
	return 0;
}
