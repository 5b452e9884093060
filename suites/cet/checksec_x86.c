/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * checksec on x86 (x86-64, and i386 or an ELF32 wrapper of x86-64 code):
 * IBT's landing pad is ENDBR64 (ENDBR32 in 32-bit code); the property note
 * is GNU_PROPERTY_X86_FEATURE_1_AND with IBT and SHSTK.  binutils'
 * objdump decodes ENDBR64 by name (so does Capstone 4.0.2: README.md).
 */
#include <elf.h>
#include <string.h>

#include "checksec.h"
#include "checksec_arch.h"

/* One instruction: a landing pad, an address taken by a RIP-relative lea
 * (or a plain lea in 32-bit code, or an immediate in a fixed-base image),
 * a call to __stack_chk_fail, a TLS canary load. */
static void checksec_x86_insn(struct checksec_ctx *c, const struct objdump_insn *in)
{
	struct checksec_result *r = c->r;

	if (in->bad) {
		r->bad_insns++;
		return;
	}
	if (!strcmp(in->mnem, "endbr64") || (!r->code64 && !strcmp(in->mnem, "endbr32"))) {
		g_array_append_val(c->endbr, in->addr);
		r->endbr_insns++;
		return;
	}
	if (in->indirect && (in->prefixes & OBJDUMP_NOTRACK))
		r->notrack++;
	if (in->has_direct && checksec_has(c->chk_fail, in->direct))
		r->chk_calls++;
	if (in->seg_canary)
		r->tls_canary++;
	if (in->has_rip && checksec_has(c->guard, in->rip))
		r->guard_refs++;
	if (in->has_rip && !strncmp(in->mnem, "lea", 3))
		checksec_cand(c, in->rip, in->addr, "lea");
	if (in->has_abs)
		checksec_cand(c, in->abs, in->addr, "lea");
	if (c->exec_image)
		for (int i = 0; i < in->nimm; i++)
			if (checksec_has(c->funcs, in->imm[i]))
				checksec_cand(c, in->imm[i], in->addr, "immediate");
}

const struct checksec_arch checksec_arch_x86 = {
	.name = "x86-64",
	.machine = { EM_X86_64, EM_386 },
	.disasm = OBJDUMP_X86,
	.objdump = "objdump",
	.note_prop = GNU_PROPERTY_X86_FEATURE_1_AND,
	.note_name = "x86",
	.bit = { "IBT", "SHSTK" },
	.letters = "IS",
	.flag = "-fcf-protection",
	.note_check = "cet-note",
	.pads_check = "endbr",
	.note_policy = "cet_note",
	.pads_policy = "endbr",
	.note_json = "cet_note",
	.pads_json = "endbr",
	.with_json = "functions_with_endbr",
	.count_json = "endbr64",
	.note_metric = "checksec_cet_note_bits",
	.pads_metric = "checksec_endbr_offenders",
	.pad = "ENDBR64",
	.legend = "cet-note: I = IBT, S = SHSTK;\n endbr: offenders / address-taken targets",
	.insn = checksec_x86_insn,
};
