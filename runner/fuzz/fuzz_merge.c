/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for hardboot merge: shards come from other machines.
 * Any two shard directories are merged or refused with one error, never a
 * crash, and the merged totals are those of the lines kept.  Input: four
 * parts separated by NUL bytes: shard 1's run.json and boots.jsonl, shard
 * 2's run.json and boots.jsonl.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "merge.h"

static char *fuzz_root;

static int fuzz_rm(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static void fuzz_put(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char *path = g_build_filename(dir, name, NULL);

	g_mkdir_with_parents(dir, 0700);
	g_file_set_contents(path, (const char *)p, (gssize)n, NULL);
	g_free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "run.json", "boots.jsonl" };
	const uint8_t *p = data, *end = data + size;
	char *dirs[2], *out, err[512];

	if (!fuzz_root)
		fuzz_root = g_strdup_printf("/dev/shm/hb-fuzz-merge-%d", (int)getpid());
	nftw(fuzz_root, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
	dirs[0] = g_build_filename(fuzz_root, "s1", NULL);
	dirs[1] = g_build_filename(fuzz_root, "s2", NULL);
	out = g_build_filename(fuzz_root, "m", NULL);
	for (int k = 0; k < 4; k++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);

		fuzz_put(dirs[k / 2], names[k % 2], p, n);
		p = nul ? nul + 1 : end;
	}
	merge_main(dirs, 2, out, err, sizeof(err));
	g_free(dirs[0]);
	g_free(dirs[1]);
	g_free(out);
	return 0;
}
