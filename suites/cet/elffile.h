/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An ELF file read through elfutils' libelf: header, sections, segments,
 * symbols, relocations, dynamic flags, and the file's own bytes.  The file
 * is untrusted (a foreign image, or one built to confuse a reader): libelf
 * checks the tables' bounds, and a table it will not hand out (a section
 * past the end of the file, a symbol table of odd size) is skipped and
 * counted in `bad`, never guessed at.  Any ELF class, byte order and
 * machine is read; what the bytes mean per architecture is checksec's.
 *
 * Before libelf this was the text of `readelf -hlSsrdW` parsed line by
 * line: one more process per image and a format that is not an interface.
 */
#ifndef HB_CET_ELFFILE_H
#define HB_CET_ELFFILE_H

#include <elf.h>
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#define ELFFILE_PF_X 1u
#define ELFFILE_PF_W 2u
#define ELFFILE_PF_R 4u

struct elffile_seg {
	uint32_t type;          /* PT_LOAD, PT_NOTE, PT_GNU_STACK, ... */
	uint64_t off, vaddr, paddr, filesz, memsz, align;
	unsigned flags;         /* ELFFILE_PF_* */
};

struct elffile_sec {
	char name[64];
	uint32_t type;          /* SHT_PROGBITS, SHT_NOBITS, SHT_RELA, ... */
	uint64_t addr, off, size, entsize;
	int alloc, write, exec; /* SHF_ALLOC, SHF_WRITE, SHF_EXECINSTR */
};

struct elffile_sym {
	uint64_t value, size;
	int func;               /* STT_FUNC or STT_GNU_IFUNC */
	int global;             /* STB_GLOBAL or STB_WEAK */
	int visible;            /* STV_DEFAULT or STV_PROTECTED */
	int defined;            /* st_shndx names a section (not UND, ABS, COMMON) */
	char *name;
};

struct elffile_rel {
	uint64_t offset;
	uint32_t type;          /* R_X86_64_RELATIVE, R_AARCH64_RELATIVE, ... */
	uint64_t target;        /* symbol value + addend (RELA only) */
	int has_target;         /* 0: REL, whose addend is in the patched word */
};

struct elffile {
	int elf64;              /* ELFCLASS64 */
	unsigned machine;       /* e_machine: EM_X86_64, EM_AARCH64, ... */
	char type[8];           /* EXEC, DYN, REL, CORE, NONE, or 0x... */
	char machine_name[64];  /* as binutils names it: "AArch64", ... */
	uint64_t entry;
	int bind_now, flags1_pie, has_dynamic;
	GArray *segs;           /* struct elffile_seg */
	GArray *secs;           /* struct elffile_sec, without section 0 */
	GArray *syms;           /* struct elffile_sym, .dynsym and .symtab */
	GArray *rels;           /* struct elffile_rel, every SHT_REL/SHT_RELA */
	unsigned bad;           /* tables libelf refused: skipped */
	uint8_t *bytes;         /* the whole file */
	size_t size;
};

void elffile_init(struct elffile *ef);
void elffile_free(struct elffile *ef);
/* Read an ELF image from memory (copied).  0, or -EINVAL when it is no
 * ELF file; err says what libelf objected to. */
int elffile_parse(struct elffile *ef, const uint8_t *buf, size_t len,
		  char *err, size_t n);
/* Read the file at path.  0, -errno when it cannot be read, -EINVAL when
 * it is no ELF file; err names the file. */
int elffile_load(struct elffile *ef, const char *path, char *err, size_t n);
/* The section holding address a (allocated sections only), or NULL. */
const struct elffile_sec *elffile_sec_at(const struct elffile *ef, uint64_t a);
/* The file offset of address a through the PT_LOAD segments, or -1. */
int64_t elffile_file_off(const struct elffile *ef, uint64_t a);
/* The file's bytes [off, off+len) cut at cap and at the end of the file;
 * NULL (and *got 0) when nothing of it is in the file. */
const uint8_t *elffile_bytes(const struct elffile *ef, uint64_t off, uint64_t len,
			     size_t cap, size_t *got);

#endif
