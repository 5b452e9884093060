/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An ELF file as binutils' `readelf -hlSsrdW` prints it: header, sections,
 * segments, symbols, relocations, dynamic flags.  The text is parsed, not
 * trusted: a file built to confuse readelf makes it print anything, so every
 * row is checked and a row that does not parse is skipped and counted.
 *
 * readelf is used rather than our own ELF reader because it is what a
 * reviewer runs by hand, and it copes with every ELF variant a unikernel
 * tool chain emits.  Where it cannot help (the bytes of a note, the 64-bit
 * relocations of an ELF32 wrapper) checksec.c reads the file directly.
 */
#ifndef HB_RUNNER_READELF_H
#define HB_RUNNER_READELF_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#define READELF_PF_X 1u
#define READELF_PF_W 2u
#define READELF_PF_R 4u

struct readelf_seg {
	char type[24];          /* LOAD, GNU_STACK, NOTE, ... */
	uint64_t off, vaddr, paddr, filesz, memsz, align;
	unsigned flags;         /* READELF_PF_* */
};

struct readelf_sec {
	char name[64];
	char type[24];          /* PROGBITS, NOBITS, RELA, ... */
	uint64_t addr, off, size, entsize;
	int alloc, write, exec; /* flags A, W, X */
};

struct readelf_sym {
	uint64_t value, size;
	int func;               /* STT_FUNC (or GNU_IFUNC) */
	int global;             /* GLOBAL or WEAK binding */
	int visible;            /* DEFAULT or PROTECTED visibility */
	int defined;            /* Ndx is a section number */
	char *name;
};

struct readelf_rel {
	uint64_t offset;
	char type[32];          /* R_X86_64_RELATIVE, ... */
	uint64_t target;        /* addend (RELATIVE) or symbol value + addend */
	int has_target;         /* 0: REL without addend, or unparsed */
};

struct readelf_info {
	int elf64;              /* Class: ELF64 */
	char type[8];           /* EXEC, DYN, REL, CORE */
	char machine[64];
	uint64_t entry;
	int bind_now, flags1_pie, has_dynamic;
	GArray *segs;           /* struct readelf_seg */
	GArray *secs;           /* struct readelf_sec */
	GArray *syms;           /* struct readelf_sym, .symtab and .dynsym */
	GArray *rels;           /* struct readelf_rel */
	unsigned bad_rows;      /* rows that did not parse */
	int have_header;
};

void readelf_init(struct readelf_info *ri);
void readelf_free(struct readelf_info *ri);
/* Parse the text of `readelf -hlSsrdW`; never fails, counts bad rows. */
void readelf_parse(struct readelf_info *ri, const char *text, size_t len);
/* Run readelf (tool: path or name in $PATH) on path and parse it.  Returns
 * 0, -ENOENT when readelf cannot run, -EINVAL when it says the file is no
 * ELF; err names the file and what failed. */
int readelf_load(struct readelf_info *ri, const char *tool, const char *path,
		 char *err, size_t n);
/* The section holding address a (allocated sections only), or NULL. */
const struct readelf_sec *readelf_sec_at(const struct readelf_info *ri, uint64_t a);
/* The file offset of address a through the PT_LOAD segments, or -1. */
int64_t readelf_file_off(const struct readelf_info *ri, uint64_t a);

#endif
