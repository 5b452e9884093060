/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for pattern captures: what a foreign image's regex
 * captured from its console, read as an address, a secret or a mark in a
 * stated or detected base.  The first byte picks kind and base; the rest
 * is the capture.  An accepted capture must come out as lower-case hex of
 * a width its kind allows; a refusal must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum suite_pat_kind kinds[] = {
		SUITE_PAT_ADDR, SUITE_PAT_SECRET, SUITE_PAT_MARK,
	};
	char hex[CAPTURE_MAX_DIGITS + 16], why[200] = "";
	enum suite_pat_kind kind;
	enum suite_pat_base base;
	size_t n;

	if (!size)
		return 0;
	kind = kinds[data[0] % 3];
	base = (enum suite_pat_base)(data[0] / 3 % 3);
	if (capture_read(kind, base, (const char *)data + 1, size - 1, hex, sizeof(hex),
			 why, sizeof(why))) {
		if (!why[0])
			abort();
		return 0;
	}
	n = strlen(hex);
	if (!n || strspn(hex, "0123456789abcdef") != n ||
	    (kind != SUITE_PAT_SECRET && n > 16) || (kind == SUITE_PAT_SECRET && n % 8))
		abort();
	return 0;
}
