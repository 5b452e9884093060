/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cet suite's cfi part: arm64 control-flow integrity (BTI, PAC) and
 * memory tagging (MTE) at run time.  Each payload section (an arm64 image
 * booted with attack=ret|ibt|tag) must end in its expected exception:
 * the class (and data fault status) from ESR_EL1, at the payload's
 * target.  A twin whose boots reach the target instead is a finding (the
 * section expects policy:cfi to fail).
 *
 * The exception is the guest's report (its fault record, taken from
 * ESR_EL1/FAR_EL1/ELR_EL1 in its vector).  With trace = exceptions the
 * section also has QEMU's own -d int log of each boot (qemulog.h), its one
 * outside view of a guest exception: the boot is then judged on QEMU's
 * evidence, and a guest record that disagrees with it is a failure.
 */
#ifndef HB_CET_CFI_H
#define HB_CET_CFI_H

#include <jansson.h>
#include <stdint.h>

#include "suites.h"

enum cfi_match {
	CFI_MATCH_ELR,   /* BTI: the exception is taken at the target itself */
	CFI_MATCH_PAC,   /* PAC: FAR is the target with the PAC error bits */
	CFI_MATCH_TAG,   /* MTE: FAR is the target's granule, wrong tag */
};

struct cfi_payload {
	const char *attack;     /* attack= value */
	const char *feature;    /* bti, pac, mte: the manifest's claims.cfi key */
	unsigned ec;            /* ESR_EL1.EC expected */
	int dfsc;               /* ISS[5:0] expected, or -1 */
	enum cfi_match match;
};

/* The fault a boot reported (boots.jsonl "fault"), or have = 0. */
struct cfi_fault {
	int have;
	uint64_t ec, iss, far, elr, tgt;
	int has_far;             /* QEMU's log: it states FAR only for aborts */
};

enum cfi_end { CFI_CAUGHT, CFI_HIJACKED, CFI_OTHER };

/* The first exception of QEMU's log (boots.jsonl "qemu_exceptions") as a
 * fault: have = 0 for none.  -1 when the boot has no such log. */
int cfi_qemu_fault(json_t *rec, struct cfi_fault *q);
/* Do the guest's fault record and QEMU's agree (both none, or the same
 * class, syndrome, ELR, and FAR where QEMU states one)? */
int cfi_agree(const struct cfi_fault *guest, const struct cfi_fault *qemu);
/* The payload an attack= value names, or NULL. */
const struct cfi_payload *cfi_payload_find(const char *attack);
/* How one boot ended: caught by the expected fault at the target,
 * hijacked (reached the target, "hijack" check failed), or neither. */
enum cfi_end cfi_judge_boot(const struct cfi_payload *p, const struct cfi_fault *f,
			    int hijacked);
/* The payload of a section (arm64 image, attack= in append), or NULL. */
const struct cfi_payload *cfi_section_payload(const struct section *sec);
/* Verdicts (policy "cfi") for every payload section of the suite. */
int cfi_analyze(struct suite_ctx *c);

#endif
