/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What checksec does differently per instruction set, as one descriptor
 * per architecture (checksec_x86.c, checksec_arm64.c), listed in
 * checksec_archs[] (checksec.c) and chosen by the ELF header's e_machine:
 * the disassembler that decodes its landing pads by name, the GNU property
 * that claims its control-flow protection, the landing pad's name, the
 * check and policy names, and the per-instruction reading of address
 * taking and stack-protector traces.  Only checksec's files include this.
 */
#ifndef HB_CET_CHECKSEC_ARCH_H
#define HB_CET_CHECKSEC_ARCH_H

#include <glib.h>
#include <stdint.h>

#include "elffile.h"
#include "objdump.h"

struct checksec_result;

/* One image's analysis in progress. */
struct checksec_ctx {
	const struct elffile *ri;
	struct checksec_result *r;
	int exec_image;          /* ET_EXEC: absolute words may be addresses */
	GArray *endbr;           /* uint64_t: landing pads for a call (ENDBR64, bti c/jc, paci[ab]sp) */
	GArray *jpads;           /* uint64_t: landing pads for a jump only (bti j) */
	GArray *cand;            /* struct checksec_cand */
	GArray *exempt;          /* uint64_t: code addresses no branch goes to (VBAR_EL1) */
	GArray *funcs;           /* uint64_t function starts, sorted, unique */
	GArray *chk_fail;        /* uint64_t, __stack_chk_fail and _local */
	GArray *guard;           /* uint64_t, __stack_chk_guard */
	/* A64: what adrp / adr / adrp+add put in each register, in straight-line code */
	uint64_t val[31];
	uint32_t page_ok, addr_ok;
};

struct checksec_arch {
	const char *name;             /* "x86-64", "aarch64": JSON elf.code */
	unsigned machine[2];          /* e_machine values it reads (0: none) */
	enum objdump_arch disasm;
	const char *objdump;          /* the disassembler that decodes it (Debian 12) */
	uint32_t note_prop;           /* GNU_PROPERTY_*_FEATURE_1_AND */
	const char *note_name;        /* "x86", "aarch64": whose feature bits */
	const char *bit[2];           /* names of property bits 0 and 1 */
	const char *letters;          /* their one-letter marks in the table */
	const char *flag;             /* the compiler flag that sets both */
	const char *note_check, *pads_check;     /* check names */
	const char *note_policy, *pads_policy;   /* policy keys */
	const char *note_json, *pads_json;       /* JSON object names */
	const char *with_json, *count_json;      /* "functions_with_endbr", "endbr64" */
	const char *note_metric, *pads_metric;   /* metric record names */
	const char *pad;              /* "ENDBR64", "a BTI landing pad" */
	const char *legend;           /* the table's key to its two columns */
	void (*insn)(struct checksec_ctx *c, const struct objdump_insn *in);
};

extern const struct checksec_arch checksec_arch_x86, checksec_arch_arm64;

/* An address some code or data names as a code pointer. */
struct checksec_cand {
	uint64_t target, from;
	const char *how;
};

/* Keep target as address-taken when it is code. */
void checksec_cand(struct checksec_ctx *c, uint64_t target, uint64_t from, const char *how);
/* v in the sorted, unique set a. */
int checksec_has(const GArray *a, uint64_t v);
/* The 8-byte little-endian word at address a of the file, if it is there. */
int checksec_word(const struct checksec_ctx *c, uint64_t a, uint64_t *v);

#endif
