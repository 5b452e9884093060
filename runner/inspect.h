/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Looking at a guest from outside: stop it (at done, or when a suite's
 * pattern.halt matches for an image that prints nothing useful) and read
 * its registers through QMP.  These external samples do not depend on the
 * guest telling the truth, and for foreign images they are the samples.
 */
#ifndef HB_RUNNER_INSPECT_H
#define HB_RUNNER_INSPECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "qmp.h"

struct inspect_regs {
	uint64_t rip, rsp, cr0, cr3, cr4, efer;
	unsigned have;         /* bit per field, in the order above */
};

/* Parse the x86 "info registers" text of QEMU's monitor. */
int inspect_parse_regs(const char *text, struct inspect_regs *r);
/* Stop the guest and read its registers into o["regs"] (hex strings) and,
 * if out is not NULL, into *out. */
int inspect_guest(struct qmp *q, json_t *o, struct inspect_regs *out,
		  char *err, size_t n);

#endif
