/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the entropy estimators: results are read back from
 * disk, so every family must survive any values at all (one boot, all
 * equal, all distinct, 64-bit spans, constant high or low bits) without a
 * crash, undefined behaviour or a GSL abort.  Input: byte 0 picks how many
 * address columns (1..4) and whether registers are present; then 8 bytes
 * per value, row by row, at most 2000 rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "entropy.h"

static const char *const fuzz_cols[] = { "stack", "heap", "base", "canary" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct samples s = { .runs = json_array() };
	struct entropy_opts o;
	struct entropy_set es;
	unsigned ncol, regs;
	size_t row = 0, off = 1;
	char err[200];

	if (size < 1) {
		json_decref(s.runs);
		return 0;
	}
	ncol = data[0] % 4 + 1;
	regs = data[0] >> 7;
	while (off + 8 * (ncol + 2 * regs) <= size && row < 2000) {
		json_t *b = json_pack("{s:i,s:s,s:I,s:s,s:{},s:{},s:{}}", "v", 1, "section", "f",
				      "boot", (json_int_t)row, "outcome", "pass", "addr",
				      "secret", "regs");
		char hex[24];

		for (unsigned c = 0; c < ncol + 2 * regs; c++, off += 8) {
			uint64_t v;

			memcpy(&v, data + off, 8);
			snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)v);
			if (c < ncol && c < 3)
				json_object_set_new(json_object_get(b, "addr"), fuzz_cols[c],
						    json_string(hex));
			else if (c < ncol)
				json_object_set_new(json_object_get(b, "secret"), "canary",
						    json_string(hex + 2));
			else
				json_object_set_new(json_object_get(b, "regs"),
						    c == ncol ? "rip" : "rsp", json_string(hex));
		}
		samples_add(&s, b, NULL);
		json_decref(b);
		row++;
	}
	if (s.nsets) {
		json_t *m = json_array(), *doc;

		entropy_opts_default(&o);
		if (entropy_set_analyze(&es, &s, &s.sets[0], &o, err, sizeof(err)) == 0) {
			entropy_set_metrics(&es, &o, m);
			doc = entropy_set_json(&es, &o);
			json_decref(doc);
		}
		entropy_set_free(&es);
		json_decref(m);
	}
	samples_free(&s);
	return 0;
}
