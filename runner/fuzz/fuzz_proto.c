/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for everything that reads guest serial output: the line
 * splitter, the record parser and the boot accumulator, fed in random-sized
 * chunks as a pipe would deliver them.
 */
#include <stdint.h>
#include <string.h>

#include "boot.h"
#include "proto.h"

static struct section fuzz_sec = { .name = "fuzz", .img = { .protocol = 1 } };

static int fuzz_line(void *ctx, char *line, size_t len, int truncated)
{
	struct boot *b = ctx;

	(void)len;
	boot_line(b, line, truncated, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_splitter sp;
	struct boot b;
	enum boot_outcome oc = BOOT_PASS;
	json_t *o;
	size_t off = 0;

	if (!size)
		return 0;
	proto_splitter_init(&sp);
	boot_begin(&b, &fuzz_sec, 0, 0, 0);
	/* First byte picks the chunk size, like reads from a pipe. */
	while (off < size - 1) {
		size_t chunk = (size_t)data[0] % 97 + 1;

		if (chunk > size - 1 - off)
			chunk = size - 1 - off;
		proto_feed(&sp, (const char *)data + 1 + off, chunk, fuzz_line, &b);
		off += chunk;
	}
	proto_flush(&sp, fuzz_line, &b);
	o = boot_finish(&b, &oc, NULL, 2);
	json_decref(o);
	return 0;
}
