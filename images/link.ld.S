/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linker script of the images (run through cpp for layout.h).
 *
 * A static PIE linked at address 0 (so the ELF is ET_DYN, a real PIE to
 * any checker) with load addresses from HB_PHYS_BASE up: QEMU's ELF loader
 * puts each segment at its p_paddr, and the boot code runs there
 * position-independently until the image relocates itself (reloc.c).  Every segment is page aligned and
 * holds one permission class, which is what the randomized mapping
 * reproduces page by page (aslr.c).
 */
#include "layout.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(hb_entry32)

PHDRS
{
	boot_text PT_LOAD FLAGS(5);   /* R X */
	boot_data PT_LOAD FLAGS(6);   /* R W, NOBITS */
	text      PT_LOAD FLAGS(5);
	rodata    PT_LOAD FLAGS(4);
	relro     PT_LOAD FLAGS(6);   /* written once, by the relocation */
	data      PT_LOAD FLAGS(6);
	dynamic   PT_DYNAMIC FLAGS(6);
	note      PT_NOTE FLAGS(4);     /* PVH entry, 4-aligned (entry.S) */
	prop      PT_NOTE FLAGS(4);     /* CET marking, 8-aligned */
#if HB_CFG_WX
	relro_ro  PT_GNU_RELRO FLAGS(4); /* mapped read-only after relocation */
	stack     PT_GNU_STACK FLAGS(6); /* the stack is NX */
#else
	stack     PT_GNU_STACK FLAGS(7); /* baseline maps everything RWX */
#endif
}

SECTIONS
{
	. = HB_LINK_BASE;
	.boot.text : AT(HB_PHYS_BASE) { KEEP(*(.boot.text)) } :boot_text
	. = ALIGN(4096);
	.boot.data (NOLOAD) : { KEEP(*(.boot.data)) } :boot_data

	. = ALIGN(4096);
	hb_text_start = .;
	.text : { *(.text .text.*) } :text
	. = ALIGN(4096);
	hb_text_end = .;

	hb_rodata_start = .;
	.rodata : { *(.rodata .rodata.*) } :rodata
	.note.hb : {
		KEEP(*(.note.pvh))
	} :rodata :note
	.note.gnu.property : { *(.note.gnu.property) } :rodata :prop
	.rela.dyn : {
		hb_rela_start = .;
		*(.rela.*)
		hb_rela_end = .;
	} :rodata
	.dynsym : { *(.dynsym) } :rodata
	.dynstr : { *(.dynstr) } :rodata
	.hash : { *(.hash) } :rodata
	.gnu.hash : { *(.gnu.hash) } :rodata
	. = DATA_SEGMENT_ALIGN(4096, 4096);

	hb_relro_start = .;
#if HB_CFG_WX
#define RELRO :relro :relro_ro
#else
#define RELRO :relro
#endif
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) } RELRO
	.dynamic : { *(.dynamic) } RELRO :dynamic
	.got : { *(.got) *(.igot) } RELRO
	.got.plt : { *(.got.plt) *(.igot.plt) } RELRO
	. = DATA_SEGMENT_RELRO_END(0, .);
	. = ALIGN(4096);
	hb_relro_end = .;

	hb_data_start = .;
	.data : { *(.data .data.*) } :data
	.bss : { *(.bss .bss.*) *(COMMON) } :data
	. = DATA_SEGMENT_END(.);
	. = ALIGN(4096);
	hb_data_end = .;
	/* Stack, heap and boot stack pages: mapped at their own slots only. */
	.hb_backing (NOLOAD) : { *(.hb_backing) } :data
	. = ALIGN(4096);
	hb_image_end = .;

	/DISCARD/ : {
		*(.comment) *(.eh_frame) *(.eh_frame_hdr) *(.note.GNU-stack)
		*(.interp) *(.note.gnu.build-id)
	}
}

ASSERT(hb_entry32 == HB_LINK_BASE, "the PVH note names HB_PHYS_BASE as entry")
ASSERT(LOADADDR(.boot.text) == HB_PHYS_BASE, "entry.S BT() assumes this")
ASSERT(SIZEOF(.boot.text) <= 4096, "the trampoline page is one page")
ASSERT(LOADADDR(.boot.data) == HB_BOOT_DATA, "entry.S BD() assumes this")
ASSERT(LOADADDR(.hb_backing) - ADDR(.hb_backing) == HB_PHYS_BASE - HB_LINK_BASE,
       "one load offset for the whole image")
ASSERT(hb_image_end + HB_PHYS_BASE - HB_LINK_BASE <= HB_BOOT_MAP_END,
       "the boot tables map 4 MiB")
