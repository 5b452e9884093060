/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Splitting one suite over N machines, deterministically: every shard
 * computes the same plan from the suite alone.  Sections that share a
 * `group` (the A/B pairs of one comparison) go whole to one shard, so a
 * comparison never mixes hosts; other sections are split by boot ranges.
 */
#ifndef HB_RUNNER_SHARD_H
#define HB_RUNNER_SHARD_H

#include <stddef.h>

#include "engine.h"

/* "i/N" with 1 <= i <= N */
int shard_parse(const char *s, unsigned *i, unsigned *n, char *err, size_t len);
/* Set first_boot/nboots/excluded of every section for shard i of n. */
void shard_apply(struct sec_run *sr, int nsr, unsigned i, unsigned n);

#endif
