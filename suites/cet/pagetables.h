/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot pagetables: the memory-protection audit of boots that were run
 * with inspect = regs,pagetables (pagewalk.c put o["pagetables"] in each
 * boot).  Per section, over all its inspected boots:
 *
 *   paging     the tables were walked (4- or 5-level); paging off means
 *              every address is writable and executable
 *   nxe, wp    EFER.NXE and CR0.WP on: without NXE nothing is
 *              non-executable, without WP ring 0 writes read-only pages
 *   wx         no page writable and executable for ring 0
 *   stack-nx   the pages of addr.stack and of RSP are mapped and NX
 *   heap-nx    the page of addr.heap is mapped and NX
 *   shstk      the image's declared shadow stack (pages record) is
 *              read-only + dirty under writable tables, NX, with a valid
 *              supervisor token; SKIP when the image declares none
 *   guest-walk the image's own walk (pages record) equals the host's;
 *              SKIP when the image printed none
 *   bti-gp     arm64: every EL1-executable page guarded (GP), CPU has BTI
 *   mte-tags   arm64: the heap page Normal Tagged, SCTLR_EL1.ATA and TCF
 *              on, TCR_EL1.TBI0 on, CPU has MTE2
 * nxe and wp are x86's (SKIP on arm64), bti-gp and mte-tags arm64's.
 *
 * A check fails if it fails on any boot.  TAP lines, or JSON; metric
 * records on request.
 */
#ifndef HB_RUNNER_PAGETABLES_H
#define HB_RUNNER_PAGETABLES_H

#include <jansson.h>
#include <stddef.h>

struct pagetables_args {
	char **dirs;
	int ndirs;
	char **sections;        /* only these; NULL/0: all */
	int nsections;
	int json;
	const char *metrics;    /* append metric records to this file */
	const int *checks;      /* judge check k only if checks[k]; NULL: all */
};

int pagetables_main(const struct pagetables_args *a);

#define PAGETABLES_NCHECKS 10
/* The policy key of each check, in order: paging, nxe, wp, wx_pages,
 * nx_stack, nx_heap, shstk, guest_walk, bti_gp, mte_tags. */
extern const char *const pagetables_policy[PAGETABLES_NCHECKS];

struct verdicts;
/* Verdicts per section and check (suite names them), metric records into
 * records, and each section's checks as JSON into doc (NULL: none).
 * 0, or -errno with err. */
int pagetables_judge(const struct pagetables_args *a, struct verdicts *vs,
		     const char *suite, json_t *records, json_t *doc, char *err, size_t n);

#endif
