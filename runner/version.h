/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What this hardboot is and which formats it writes and reads.  A reader
 * refuses a results or metric schema it does not know (docs/results.md);
 * the serial protocol and the bulk ring carry their own versions
 * (include/hardboot/).
 */
#ifndef HB_RUNNER_VERSION_H
#define HB_RUNNER_VERSION_H

#define HB_RELEASE "0.2.0"
/* run.json "schema" and boots.jsonl "v" */
#define HB_RESULTS_SCHEMA 1

/* The git revision the binary was built from (build/version-rev.h, made
 * by the Makefile on every build), or "unknown" outside a git tree. */
const char *version_git_rev(void);

#endif
