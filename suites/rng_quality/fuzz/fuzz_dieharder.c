/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the reading of dieharder's output: whatever a
 * dieharder (or whatever runs in its place) prints on stdout and stderr
 * must come out as a complete run or a harness error, never a crash.
 * The first byte picks the test from the smoke table and splits the rest
 * into stdout and stderr.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dieharder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct dieharder_battery *smoke = dieharder_battery_find("smoke");
	struct dieharder_line l[8];
	char why[300];
	unsigned nl;
	size_t cut;
	char *out, *err;

	if (size < 2)
		return 0;
	cut = 1 + (size - 1) * data[0] / 256;
	out = malloc(cut);
	err = malloc(size - cut + 1);
	memcpy(out, data + 1, cut - 1);
	out[cut - 1] = '\0';
	memcpy(err, data + cut, size - cut);
	err[size - cut] = '\0';
	/* Odd first byte: exit status 0; even: exit status 1. */
	dieharder_check_run(&smoke->tests[data[0] % smoke->ntests], out, err,
			    data[0] & 1 ? 0 : 256, l, 8, &nl, why, sizeof(why));
	free(out);
	free(err);
	return 0;
}
