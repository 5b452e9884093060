/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linker script of the images (run through cpp for layout.h).
 *
 * A static PIE linked at its physical load address, p_paddr == p_vaddr,
 * so QEMU's ELF loader puts every segment where it was linked and the
 * boot code runs there unrelocated.  Every segment is page aligned and
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
	stack     PT_GNU_STACK FLAGS(6);
}

SECTIONS
{
	. = HB_PHYS_BASE;
	.boot.text : { KEEP(*(.boot.text)) } :boot_text
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
	. = ALIGN(4096);

	hb_relro_start = .;
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) } :relro
	.dynamic : { *(.dynamic) } :relro :dynamic
	.got : { *(.got) *(.igot) } :relro
	.got.plt : { *(.got.plt) *(.igot.plt) } :relro
	. = ALIGN(4096);
	hb_relro_end = .;

	hb_data_start = .;
	.data : { *(.data .data.*) } :data
	.bss : { *(.bss .bss.*) *(COMMON) } :data
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

ASSERT(hb_entry32 == HB_PHYS_BASE, "the PVH note names HB_PHYS_BASE as entry")
ASSERT(ADDR(.boot.text) == HB_PHYS_BASE, "entry.S BT() assumes this")
ASSERT(SIZEOF(.boot.text) <= 4096, "the trampoline page is one page")
ASSERT(ADDR(.boot.data) == HB_BOOT_DATA, "entry.S BD() assumes this")
ASSERT(hb_image_end <= HB_BOOT_MAP_END, "the boot tables map 4 MiB")
