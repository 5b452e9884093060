/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot checksec: what an ELF image was built with, read from the file
 * alone, through libelf (elffile.c) and objdump (objdump.c): any image,
 * foreign ones included; x86 and AArch64 code, chosen by e_machine
 * (checksec_arch.h).  Five checks, each pass, fail or unknown with a reason
 * (x86 names; AArch64's in brackets):
 *
 *   pie       ET_DYN: the image can be loaded anywhere; ET_EXEC is a
 *             fixed base
 *   wx        no PT_LOAD segment writable and executable, and PT_GNU_STACK
 *             not executable
 *   canary    a stack protector: calls to __stack_chk_fail, or TLS canary
 *             loads (%fs:0x28); unknown in a stripped image without either
 *   cet-note  .note.gnu.property claims IBT and SHSTK
 *             (GNU_PROPERTY_X86_FEATURE_1_AND)   [cfi-note: BTI and PAC,
 *             GNU_PROPERTY_AARCH64_FEATURE_1_AND]
 *   endbr     ENDBR64 at every indirect-branch target   [bti: bti c or jc,
 *             or PACIASP/PACIBSP]: every address-taken code address (a
 *             RIP-relative lea or an adrp + add of code, a relocation or,
 *             in a fixed-base image, a data word or immediate equal to a
 *             function's address) and every exported function.  Functions
 *             only ever called directly may lack it (gcc leaves it off
 *             static functions whose address is never taken); they are
 *             listed, not counted.  The ELF entry point is exempt: the
 *             loader jumps there before anything turns IBT on.
 *
 * The note alone is not enough: the linker ANDs it over the objects, but
 * an assembly function without endbr64 in an object that carries the note
 * (cet-noendbr) passes the note and faults under IBT; an image without a
 * single landing pad says so once instead of listing every function.
 */
#ifndef HB_RUNNER_CHECKSEC_H
#define HB_RUNNER_CHECKSEC_H

#include <glib.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum checksec_check { CS_PIE, CS_WX, CS_CANARY, CS_CET, CS_ENDBR, CS_NCHECKS };
enum checksec_verdict { CS_PASS, CS_FAIL, CS_UNKNOWN };

#define CHECKSEC_X86_IBT   1u        /* bits of the property note: x86 */
#define CHECKSEC_X86_SHSTK 2u
#define CHECKSEC_A64_BTI   1u        /* AArch64 */
#define CHECKSEC_A64_PAC   2u

struct checksec_arch;

struct checksec_opts {
	const char *objdump;             /* tool path or name; NULL: the architecture's */
	int code;                        /* 0 auto, 32 or 64 */
};

struct checksec_offender {
	uint64_t addr;
	char name[96];                   /* symbol+offset, or "" */
	char why[96];                    /* "address taken: lea at 0x5123" */
};

struct checksec_result {
	const struct checksec_arch *arch;   /* chosen by e_machine */
	char file[512], image[128];
	char elf_class[8], elf_type[8], machine[64];
	int code64, raw_disasm;
	int pie;
	uint64_t base;                   /* lowest PT_LOAD address */
	GPtrArray *wx;                   /* strings: W+X segments, exec stack */
	int has_gnu_stack, exec_stack;
	unsigned chk_calls, guard_refs, tls_canary;
	int have_symbols;
	int note_found;
	uint32_t note_and;               /* CHECKSEC_X86_* or CHECKSEC_A64_* of the note */
	unsigned funcs, funcs_endbr;     /* functions; with a landing pad for a call */
	unsigned endbr_insns;            /* landing pads of any kind */
	unsigned taken, notrack, bad_insns;
	GArray *offenders;               /* struct checksec_offender */
	GPtrArray *direct_only;          /* functions without endbr64, never taken */
	GPtrArray *taken_list;           /* "name (how at 0x...)", the first 64 */
	enum checksec_verdict v[CS_NCHECKS];
	char why[CS_NCHECKS][160];
	unsigned elf_bad;                /* ELF tables libelf refused (skipped) */
};

void checksec_result_free(struct checksec_result *r);
/* Analyse one file.  0, or -errno when the tools fail or it is no ELF. */
int checksec_image(const char *path, const struct checksec_opts *o,
		   struct checksec_result *r, char *err, size_t n);
/* 1 if every check passed (unknown is not a pass). */
int checksec_pass(const struct checksec_result *r);
json_t *checksec_json(const struct checksec_result *r);
/* Metric records (docs/results.md), one per number, appended to arr. */
void checksec_metrics(const struct checksec_result *r, json_t *arr);
void checksec_table(FILE *f, const struct checksec_result *r, size_t n);

/*
 * GNU property notes in buf (one PT_NOTE segment's bytes, note alignment
 * align): ORs the bits of property prop (GNU_PROPERTY_X86_FEATURE_1_AND,
 * GNU_PROPERTY_AARCH64_FEATURE_1_AND) into *bits and sets *found when a GNU property note is present.  Never reads outside
 * buf; a malformed note ends the walk.  elf64 picks the property padding.
 */
void checksec_notes(const uint8_t *buf, size_t len, uint64_t align, int elf64,
		    uint32_t prop, uint32_t *bits, int *found);

struct checksec_args {
	char **files;
	int nfiles;
	int json;
	const char *metrics;             /* append metric records to this file */
	struct checksec_opts o;
};

int checksec_main(const struct checksec_args *a);

/* Check k's name (pie, wx, canary, cet-note, endbr; cfi-note, bti) and its
 * policy key in the cet suite (pie, wx, canary, cet_note, endbr; cfi_note,
 * bti), for r's architecture. */
const char *checksec_check_name(const struct checksec_result *r, int k);
const char *checksec_policy_key(const struct checksec_result *r, int k);
struct verdicts;
/* A verdict per check (checks[k] 0: not judged; NULL: all) for section. */
void checksec_judge(const struct checksec_result *r, const char *section,
		    const int *checks, struct verdicts *vs, const char *suite);

#endif
