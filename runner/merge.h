/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef HB_RUNNER_MERGE_H
#define HB_RUNNER_MERGE_H

#include <stddef.h>

/* Merge the results directories of all shards of one suite into outdir
 * (which must not exist).  0 or -errno with err naming the shard at fault. */
int merge_main(char *const *dirs, int n, const char *outdir, char *err, size_t len);

#endif
