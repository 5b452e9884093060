/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linker script of the arm64 images (run through cpp for layout.h).
 *
 * A static PIE (ET_DYN) linked at 0 and loaded from HB_PHYS_BASE: QEMU's
 * ELF loader puts segments at p_paddr and, when the entry lies in an
 * executable segment whose p_vaddr and p_paddr differ, starts at the
 * entry moved by the same offset (measured: QEMU 7.2).  The code is position independent and
 * moves itself to the random base (reloc.c, R_AARCH64_RELATIVE).  Every segment is page
 * aligned and holds one permission class, which the randomized mapping
 * reproduces page by page (aslr.c).
 */
#include "layout.h"

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(hb_entry)

PHDRS
{
	boot_text PT_LOAD FLAGS(5);
	boot_data PT_LOAD FLAGS(6);
	text      PT_LOAD FLAGS(5);
	rodata    PT_LOAD FLAGS(4);
	relro     PT_LOAD FLAGS(6);
	data      PT_LOAD FLAGS(6);
	dynamic   PT_DYNAMIC FLAGS(6);
	prop      PT_NOTE FLAGS(4);
	relro_ro  PT_GNU_RELRO FLAGS(4);
	stack     PT_GNU_STACK FLAGS(6);
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
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) } :relro :relro_ro
	.dynamic : { *(.dynamic) } :relro :relro_ro :dynamic
	.got : { *(.got) *(.igot) } :relro :relro_ro
	.got.plt : { *(.got.plt) *(.igot.plt) } :relro :relro_ro
	. = DATA_SEGMENT_RELRO_END(0, .);
	. = ALIGN(4096);
	hb_relro_end = .;

	hb_data_start = .;
	.data : { *(.data .data.*) } :data
	.bss : { *(.bss .bss.*) *(COMMON) } :data
	. = DATA_SEGMENT_END(.);
	. = ALIGN(4096);
	hb_data_end = .;
	.hb_backing (NOLOAD) : { *(.hb_backing) } :data
	. = ALIGN(4096);
	hb_image_end = .;

	/DISCARD/ : {
		*(.comment) *(.eh_frame) *(.eh_frame_hdr) *(.note.GNU-stack)
		*(.interp) *(.note.gnu.build-id)
	}
}

ASSERT(hb_entry == HB_LINK_BASE, "the entry is the first byte")
ASSERT(LOADADDR(.hb_backing) - ADDR(.hb_backing) == HB_PHYS_BASE - HB_LINK_BASE,
       "one load offset for the whole image")
ASSERT(SIZEOF(.boot.text) <= 4096, "the trampoline page is one page")
