/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * checksec on AArch64.  BTI's landing pads are `bti c` (for BLR, and BR
 * through x16/x17), `bti j` (BR), `bti jc` (both), and PACIASP/PACIBSP,
 * which act as `bti c` (with SCTLR_ELx.BT set they admit BR only from
 * x16/x17; BLR always).  A plain `bti` admits nothing.  The property note
 * is GNU_PROPERTY_AARCH64_FEATURE_1_AND with BTI and PAC
 * (-mbranch-protection=standard sets both).
 *
 * A64 has no PC-relative operand that names a whole address: a pointer is
 * built by `adrp` (its 4 KiB page) and an `add` (the low 12 bits), often a
 * few instructions apart, so each register's adrp page is followed through
 * straight-line code and forgotten at the next branch or write.  `adr`
 * names the address at once; `ldr xN, LABEL` loads a literal word.
 *
 * Disassembly by the cross binutils' aarch64-linux-gnu-objdump: Capstone
 * 4.0.2 prints BTI and PACIASP as bare `hint #0x22` / `#0x19` and cannot
 * decode MTE's irg/stg at all (measured: README.md).
 */
#include <elf.h>
#include <string.h>

#include "checksec.h"
#include "checksec_arch.h"

static void checksec_a64_set(struct checksec_ctx *c, int reg, uint64_t v, int page)
{
	uint32_t bit = 1u << reg;

	c->val[reg] = v;
	c->page_ok = page ? c->page_ok | bit : c->page_ok & ~bit;
	c->addr_ok = page ? c->addr_ok & ~bit : c->addr_ok | bit;
}

static void checksec_a64_forget(struct checksec_ctx *c, int reg)
{
	if (reg < 0) {
		c->page_ok = c->addr_ok = 0;
		return;
	}
	c->page_ok &= ~(1u << reg);
	c->addr_ok &= ~(1u << reg);
}

static int checksec_a64_page(const struct checksec_ctx *c, int reg)
{
	return reg >= 0 && (c->page_ok >> reg & 1);
}

/* A word the code loads: the stack guard's address (through the GOT or
 * a literal), __stack_chk_fail's (a call through the GOT, as gcc emits it
 * with -fno-plt), or in a fixed-base image a function's address. */
static void checksec_a64_load(struct checksec_ctx *c, uint64_t a, uint64_t from,
			      const char *how)
{
	struct checksec_result *r = c->r;
	uint64_t w;

	if (checksec_has(c->guard, a)) {
		r->guard_refs++;
		return;
	}
	if (checksec_word(c, a, &w)) {
		if (checksec_has(c->guard, w))
			r->guard_refs++;
		else if (checksec_has(c->chk_fail, w))
			r->chk_calls++;   /* -fno-plt: adrp, ldr from the GOT, blr */
		else if (c->exec_image && checksec_has(c->funcs, w))
			checksec_cand(c, w, from, how);
	}
}

static int checksec_a64_pad(struct checksec_ctx *c, const struct objdump_insn *in)
{
	if (!in->pad)
		return 0;
	g_array_append_val(in->pad & OBJDUMP_PAD_CALL ? c->endbr : c->jpads, in->addr);
	c->r->endbr_insns++;
	return 1;
}

static void checksec_arm64_insn(struct checksec_ctx *c, const struct objdump_insn *in)
{
	struct checksec_result *r = c->r;

	if (in->bad) {
		r->bad_insns++;
		checksec_a64_forget(c, -1);
		return;
	}
	if (checksec_a64_pad(c, in))
		return;
	if (in->has_direct && checksec_has(c->chk_fail, in->direct))
		r->chk_calls++;
	/* the exception vector table: an exception is taken, not branched
	 * to, and PSTATE.BTYPE is cleared on entry, so no landing pad */
	if (in->sysreg[0] && !g_ascii_strncasecmp(in->sysreg, "vbar_el", 7) &&
	    in->rn >= 0 && (c->addr_ok >> in->rn & 1))
		g_array_append_val(c->exempt, c->val[in->rn]);
	if (in->flow) {
		checksec_a64_forget(c, -1);
		return;
	}
	if (in->has_abs) {
		checksec_cand(c, in->abs, in->addr, "adr");
		if (in->rd >= 0)
			checksec_a64_set(c, in->rd, in->abs, 0);
		return;
	}
	if (in->has_page && in->rd >= 0) {
		checksec_a64_set(c, in->rd, in->page, 1);
		return;
	}
	if (!strcmp(in->mnem, "add") && in->has_off && checksec_a64_page(c, in->rn)) {
		uint64_t a = c->val[in->rn] + in->off;

		checksec_cand(c, a, in->addr, "adrp+add");
		if (checksec_has(c->guard, a))
			r->guard_refs++;
		if (in->rd >= 0)
			checksec_a64_set(c, in->rd, a, 0);
		return;
	}
	if (!strncmp(in->mnem, "ldr", 3) && in->has_off && checksec_a64_page(c, in->rn))
		checksec_a64_load(c, c->val[in->rn] + in->off, in->addr, "adrp+ldr");
	if (in->has_lit)
		checksec_a64_load(c, in->lit, in->addr, "literal");
	if (in->rd >= 0)
		checksec_a64_forget(c, in->rd);
}

const struct checksec_arch checksec_arch_arm64 = {
	.name = "aarch64",
	.machine = { EM_AARCH64, 0 },
	.disasm = OBJDUMP_ARM64,
	.objdump = "aarch64-linux-gnu-objdump",
	.note_prop = GNU_PROPERTY_AARCH64_FEATURE_1_AND,
	.note_name = "aarch64",
	.bit = { "BTI", "PAC" },
	.letters = "BP",
	.flag = "-mbranch-protection=standard",
	.note_check = "cfi-note",
	.pads_check = "bti",
	.note_policy = "cfi_note",
	.pads_policy = "bti",
	.note_json = "cfi_note",
	.pads_json = "bti",
	.with_json = "functions_with_pad",
	.count_json = "landing_pads",
	.note_metric = "checksec_cfi_note_bits",
	.pads_metric = "checksec_bti_offenders",
	.pad = "BTI landing pad",
	.legend = "cfi-note: B = BTI, P = PAC;\n bti: offenders / address-taken targets",
	.insn = checksec_arm64_insn,
};
