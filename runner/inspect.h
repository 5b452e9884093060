/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Looking at a guest from outside: stop it (at done, or when a suite's
 * pattern.halt matches for an image that prints nothing useful) and read
 * its registers through QMP.  These external samples do not depend on the
 * guest telling the truth, and for foreign images they are the samples.
 *
 * x86: QEMU's `info registers` (RIP, RSP, CR0, CR3, CR4, EFER).  arm64:
 * QEMU 7.2's `info registers` has PC and SP but no system registers, so
 * they come from its gdbstub (gdbstub.c): the translation table bases,
 * TCR_EL1, SCTLR_EL1, MAIR_EL1 and ID_AA64PFR1_EL1, all the stage-1 walk
 * and the BTI/MTE audit need.
 */
#ifndef HB_RUNNER_INSPECT_H
#define HB_RUNNER_INSPECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "qmp.h"

struct inspect_regs {
	uint64_t rip, rsp, cr0, cr3, cr4, efer;   /* arm64: rip = PC, rsp = SP */
	unsigned have;         /* bit per field, in the order above */
	int arm64;             /* the fields below, not CR0..EFER */
	uint64_t ttbr0, ttbr1, tcr, sctlr, mair, pfr1;
	unsigned have_a64;     /* bit per field, in the order above */
};

#define INSPECT_A64_ALL 0x3fu

/* Parse the x86 "info registers" text of QEMU's monitor. */
int inspect_parse_regs(const char *text, struct inspect_regs *r);
/* Stop the guest and read its registers into o["regs"] (hex strings) and,
 * if out is not NULL, into *out; gdb_path is QEMU's gdbstub socket for an
 * arm64 guest, NULL for x86. */
int inspect_guest(struct qmp *q, const char *gdb_path, json_t *o,
		  struct inspect_regs *out, char *err, size_t n);

#endif
