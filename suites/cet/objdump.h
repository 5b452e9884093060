/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Instructions as binutils' `objdump -d -w --no-show-raw-insn` prints them,
 * one line each: "    5123:\tlea    0x2ed9(%rip),%rdi        # 8000 <x>" (x86,
 * AT&T syntax) or " 334:\tadrp\tx1, 1000 <x+0x10>" (A64, by the cross
 * binutils' aarch64-linux-gnu-objdump).  Only what checksec needs is kept:
 * the address, the mnemonic without its prefixes, and the addresses an
 * instruction names (a direct branch target, a RIP-relative operand's
 * resolved address, an absolute lea or adr operand, immediates; on A64 the
 * pieces of an adrp + add or adrp + ldr pair, which checksec joins, and
 * the BTI landing pads).  The text is derived from an untrusted file:
 * every field is bounded and checked.
 */
#ifndef HB_RUNNER_OBJDUMP_H
#define HB_RUNNER_OBJDUMP_H

#include <stddef.h>
#include <stdint.h>

#define OBJDUMP_NOTRACK 1u   /* "notrack" prefix: IBT does not check the target */

#define OBJDUMP_MAX_IMM 2

#define OBJDUMP_PAD_CALL 1u  /* arm64: a landing pad for BLR (bti c, bti jc, paciasp, pacibsp) */
#define OBJDUMP_PAD_JUMP 2u  /* arm64: a landing pad for BR (bti j, bti jc) */

/* Which instruction set the text is in: the operand syntax differs (x86
 * AT&T: "#" starts a comment; A64: "#" marks an immediate, "//" a comment). */
enum objdump_arch { OBJDUMP_X86, OBJDUMP_ARM64 };

struct objdump_insn {
	uint64_t addr;
	char mnem[24];
	unsigned prefixes;        /* OBJDUMP_* */
	int indirect;             /* call/jmp through a register or memory */
	int has_direct;           /* direct call/jmp/jcc */
	uint64_t direct;
	int has_rip;              /* a (%rip) operand with its "# ADDR" */
	uint64_t rip;
	int has_abs;              /* lea of a plain address (32-bit code) */
	uint64_t abs;
	int nimm;
	uint64_t imm[OBJDUMP_MAX_IMM];
	int bad;                  /* "(bad)": not an instruction */
	int seg_canary;           /* reads %fs:0x28 / %gs:0x28 / %gs:0x14, a TLS canary */
	/* A64 only */
	unsigned pad;             /* OBJDUMP_PAD_*: what kind of landing pad this is */
	int flow;                 /* any branch or return: straight-line code ends */
	int rd, rn;               /* register written, base register read (0-30), or -1 */
	int has_page;             /* adrp: the 4 KiB page it puts in rd */
	uint64_t page;
	int has_off;              /* add rd, rn, #off; or a memory operand [rn, #off] */
	uint64_t off;
	int has_lit;              /* ldr rd, ADDR: a PC-relative literal load */
	uint64_t lit;
	char sysreg[16];          /* msr SYSREG, rn: the register written */
};

/* 1 and *in filled for an instruction line, 0 for any other line. */
int objdump_parse_line(const char *line, enum objdump_arch arch, struct objdump_insn *in);

/*
 * Disassemble path (instruction set arch) and call fn for each instruction.
 * code64 (x86) disassembles as x86-64 whatever the ELF class says (an
 * ELF32 wrapper of 64-bit code).
 * When BFD refuses the file as an ELF, each executable section given as
 * (addr, off, size) triples in raw is disassembled as plain bytes instead;
 * *raw_used is set then.  Returns 0, -ENOENT (objdump cannot run) or
 * -EINVAL (objdump failed); err says why.
 */
typedef void (*objdump_fn)(const struct objdump_insn *in, void *ctx);

struct objdump_range {
	uint64_t addr, off, size;
};

int objdump_run(const char *tool, const char *path, enum objdump_arch arch, int code64,
		const struct objdump_range *raw, size_t nraw, int *raw_used,
		objdump_fn fn, void *ctx, char *err, size_t n);
/* Feed a whole objdump text to fn (tests, fuzzing); returns instructions. */
size_t objdump_parse_text(const char *text, size_t len, enum objdump_arch arch,
			  objdump_fn fn, void *ctx);

#endif
