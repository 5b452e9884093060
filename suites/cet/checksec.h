/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot checksec: what an ELF image was built with, read from the file
 * alone through binutils (readelf.c, objdump.c) - any image, foreign ones
 * included.  Five checks, each pass, fail or unknown with a reason:
 *
 *   pie       ET_DYN: the image can be loaded anywhere; ET_EXEC is a
 *             fixed base
 *   wx        no PT_LOAD segment writable and executable, and PT_GNU_STACK
 *             not executable
 *   canary    a stack protector: calls to __stack_chk_fail, or TLS canary
 *             loads (%fs:0x28); unknown in a stripped image without either
 *   cet-note  .note.gnu.property claims IBT and SHSTK
 *             (GNU_PROPERTY_X86_FEATURE_1_AND)
 *   endbr     ENDBR64 at every indirect-branch target: every address-taken
 *             code address (a RIP-relative lea of code, a relocation or,
 *             in a fixed-base image, a data word or immediate equal to a
 *             function's address) and every exported function.  Functions
 *             only ever called directly may lack it (gcc leaves it off
 *             static functions whose address is never taken); they are
 *             listed, not counted.  The ELF entry point is exempt: the
 *             loader jumps there before anything turns IBT on.
 *
 * The note alone is not enough: the linker ANDs it over the objects, but
 * an assembly function without endbr64 in an object that carries the note
 * (cet-noendbr) passes the note and faults under IBT.
 */
#ifndef HB_RUNNER_CHECKSEC_H
#define HB_RUNNER_CHECKSEC_H

#include <glib.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum checksec_check { CS_PIE, CS_WX, CS_CANARY, CS_CET, CS_ENDBR, CS_NCHECKS };
enum checksec_verdict { CS_PASS, CS_FAIL, CS_UNKNOWN };
extern const char *const checksec_check_names[CS_NCHECKS];

#define CHECKSEC_X86_IBT   1u
#define CHECKSEC_X86_SHSTK 2u

struct checksec_opts {
	const char *readelf, *objdump;   /* tool paths or names */
	int code;                        /* 0 auto, 32 or 64 */
};

struct checksec_offender {
	uint64_t addr;
	char name[96];                   /* symbol+offset, or "" */
	char why[96];                    /* "address taken: lea at 0x5123" */
};

struct checksec_result {
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
	uint32_t x86_and;                /* CHECKSEC_X86_* of the property note */
	unsigned funcs, funcs_endbr, endbr_insns, taken, notrack, bad_insns;
	GArray *offenders;               /* struct checksec_offender */
	GPtrArray *direct_only;          /* functions without endbr64, never taken */
	GPtrArray *taken_list;           /* "name (how at 0x...)", the first 64 */
	enum checksec_verdict v[CS_NCHECKS];
	char why[CS_NCHECKS][160];
	unsigned readelf_bad_rows;
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
 * align): ORs the GNU_PROPERTY_X86_FEATURE_1_AND bits into *x86_and and
 * sets *found when a GNU property note is present.  Never reads outside
 * buf; a malformed note ends the walk.  elf64 picks the property padding.
 */
void checksec_notes(const uint8_t *buf, size_t len, uint64_t align, int elf64,
		    uint32_t *x86_and, int *found);

struct checksec_args {
	char **files;
	int nfiles;
	int json;
	const char *metrics;             /* append metric records to this file */
	struct checksec_opts o;
};

int checksec_main(const struct checksec_args *a);

/* The policy key of each check (the cet suite): pie, wx, canary, cet_note, endbr. */
extern const char *const checksec_policy[CS_NCHECKS];
struct verdicts;
/* A verdict per check (checks[k] 0: not judged; NULL: all) for section. */
void checksec_judge(const struct checksec_result *r, const char *section,
		    const int *checks, struct verdicts *vs, const char *suite);

#endif
