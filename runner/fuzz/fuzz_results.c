/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the results reader (boots.jsonl and run.json, as
 * entropy, keying, boottime, report and compare read them): anyone can
 * edit a results directory, a killed runner tears its last line.  Any
 * bytes give samples or one error naming file and line.  Input: run.json
 * up to the first NUL byte, boots.jsonl after it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "samples.h"

static char *fuzz_dir;

static void fuzz_put(const char *name, const uint8_t *p, size_t n)
{
	char *path = g_build_filename(fuzz_dir, name, NULL);

	g_file_set_contents(path, (const char *)p, (gssize)n, NULL);
	g_free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t rl = nul ? (size_t)(nul - data) : 0;
	struct samples s;
	char err[512];

	if (!fuzz_dir) {
		fuzz_dir = g_strdup_printf("/dev/shm/hb-fuzz-results-%d", (int)getpid());
		g_mkdir_with_parents(fuzz_dir, 0700);
	}
	fuzz_put("run.json", data, rl);
	fuzz_put("boots.jsonl", nul ? nul + 1 : data, nul ? size - rl - 1 : size);
	if (!samples_load(&s, &fuzz_dir, 1, err, sizeof(err))) {
		for (size_t i = 0; i < s.nsets; i++)
			samples_total(&s.sets[i]);
	}
	samples_free(&s);
	return 0;
}
