/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `hardboot run`: suite or images in, results directory and TAP out. */
#ifndef HB_RUNNER_RUN_H
#define HB_RUNNER_RUN_H

#include <stdio.h>

#include "suite.h"

/* Exit statuses of the hardboot command. */
#define HB_EXIT_OK 0
#define HB_EXIT_CHECK 1     /* a boot failed a check (fail/crash/timeout/error) */
#define HB_EXIT_USAGE 2     /* usage or configuration error */
#define HB_EXIT_INFRA 3     /* no QEMU, disk full, ... */
#define HB_EXIT_INTR 130    /* SIGINT/SIGTERM; results so far are kept */

struct run_args {
	int jobs;
	struct suite_overrides ov;
	const char *outdir;
	int own_dir;            /* outdir is the caller's (made and locked by it): may exist */
	const char *junit;
	const char *images_dir;
	int progress;           /* -1 auto (TTY), 0 off, 1 on */
	int console;            /* keep console logs */
	const char *shard;      /* "i/N", or NULL */
	long interleave;        /* boots per turn; -1: the suite's */
	char **targets;
	int ntargets;
};

int run_main(const struct run_args *a);
/* The run of a loaded suite (a's targets unused): boots, results in
 * a->outdir, TAP on tapf, the summary line on logf; returns the exit status
 * run_main would.  s is borrowed: shard selection edits only a copy. */
int run_suite(struct suite *s, const struct run_args *a, FILE *tapf, FILE *logf);

#endif
