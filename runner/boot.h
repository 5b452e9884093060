/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One boot's sample: what the guest said (records or, for foreign images,
 * pattern captures) and when the host saw it.  Kept small and flat: warm
 * mode finishes ~1000 of these per second.
 */
#ifndef HB_RUNNER_BOOT_H
#define HB_RUNNER_BOOT_H

#include <jansson.h>
#include <stdint.h>

#include "proto.h"
#include "suite.h"

enum boot_outcome {
	BOOT_PASS,     /* done st=pass and a consistent exit */
	BOOT_FAIL,     /* the guest reported a failed check */
	BOOT_CRASH,    /* guest reset, faulted or powered off without done */
	BOOT_TIMEOUT,  /* killed at the per-boot timeout */
	BOOT_ERROR,    /* QEMU or harness failure, protocol violation */
	BOOT_NOUTCOMES
};
extern const char *const boot_outcome_names[BOOT_NOUTCOMES];
/* The outcome named, or -EINVAL. */
int boot_outcome_parse(const char *name);

/* Events a line can raise for the engine. */
#define BOOT_EV_START 1   /* a start record (warm: a new boot began) */
#define BOOT_EV_DONE 2    /* done record / done pattern */
#define BOOT_EV_HALT 4    /* pattern.halt matched */
#define BOOT_EV_RING 8    /* ring record */

struct boot {
	const struct section *sec;
	unsigned long no;         /* boot number within the section */
	int64_t t0;               /* CLOCK_MONOTONIC ns: spawn or reset */
	int64_t t_first;          /* first serial byte, 0 = none yet */
	int64_t t_mark[HB_NMARKS];
	int64_t t_done;
	uint64_t tsc[HB_NMARKS];
	unsigned marks;           /* bit i: mark i seen */
	int started, done, st_pass;
	unsigned proto_errors;
	char proto_error[160];
	uint64_t console_off;     /* where this boot starts in the console log */
	json_t *o;                /* fields from records */
};

void boot_begin(struct boot *b, const struct section *sec, unsigned long no,
		int64_t t0, uint64_t console_off);
/* Feed one console line; returns BOOT_EV_* bits. */
int boot_line(struct boot *b, char *line, int truncated, int64_t now);
/* Complete the sample: outcome, reason, timings.  Returns the JSON object
 * (owned by the caller) and frees the boot's own state.  *oc comes in as
 * the engine saw it and goes out as recorded (a pass with protocol errors
 * is an error). */
json_t *boot_finish(struct boot *b, enum boot_outcome *oc, const char *reason,
		    int64_t t_end);
void boot_discard(struct boot *b);

#endif
