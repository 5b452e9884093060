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
 * ESR_EL1/FAR_EL1/ELR_EL1 in its vector): QEMU 7.2 offers no outside view
 * of a guest exception short of -d int logging.
 */
#ifndef HB_CET_CFI_H
#define HB_CET_CFI_H

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
};

enum cfi_end { CFI_CAUGHT, CFI_HIJACKED, CFI_OTHER };

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
