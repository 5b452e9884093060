// SPDX-License-Identifier: GPL-3.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "capture.h"

enum suite_pat_base capture_base_of_regex(const char *src)
{
	const char *open = NULL, *close;

	/* the capture group: the first '(' not escaped and not in a class */
	for (const char *p = src; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '(') {
			open = p;
			break;
		}
	}
	if (!open)
		return SUITE_BASE_AUTO;
	if (open - src >= 2 && (open[-1] == 'x' || open[-1] == 'X') && open[-2] == '0')
		return SUITE_BASE_HEX;
	close = strchr(open, ')');
	if (!close)
		return SUITE_BASE_AUTO;
	{
		char g[256];
		size_t n = (size_t)(close - open - 1);

		snprintf(g, sizeof(g), "%.*s", n < sizeof(g) - 1 ? (int)n : (int)sizeof(g) - 1,
			 open + 1);
		if (strstr(g, "xdigit") || strstr(g, "a-f") || strstr(g, "A-F"))
			return SUITE_BASE_HEX;
		/* only decimal digit classes and repeat operators */
		if (!strcmp(g, "[0-9]+") || !strcmp(g, "[[:digit:]]+") ||
		    !strcmp(g, "[0-9]*") || !strcmp(g, "[[:digit:]]*"))
			return SUITE_BASE_DEC;
	}
	return SUITE_BASE_AUTO;
}

static const char *const capture_kinds[] = {
	[SUITE_PAT_ADDR] = "an address", [SUITE_PAT_SECRET] = "a secret",
	[SUITE_PAT_MARK] = "a mark's timestamp", [SUITE_PAT_DONE] = "done",
	[SUITE_PAT_HALT] = "halt",
};

static int capture_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Decimal digits into big-endian base-16 digits (schoolbook: each decimal
 * digit multiplies the number so far by 10 and adds). */
static size_t capture_dec_to_hex(const char *v, size_t len, unsigned char *nib,
				 size_t cap)
{
	size_t n = 0; /* nibbles in use, least significant first */

	for (size_t i = 0; i < len; i++) {
		unsigned carry = (unsigned)(v[i] - '0');

		for (size_t k = 0; k < n; k++) {
			unsigned x = nib[k] * 10u + carry;

			nib[k] = (unsigned char)(x & 15);
			carry = x >> 4;
		}
		while (carry && n < cap) {
			nib[n++] = (unsigned char)(carry & 15);
			carry >>= 4;
		}
	}
	return n;
}

int capture_read(enum suite_pat_kind kind, enum suite_pat_base base,
		 const char *v, size_t len, char *hex, size_t hexlen,
		 char *why, size_t whylen)
{
	unsigned char nib[CAPTURE_MAX_DIGITS + 1];
	const char *what = capture_kinds[kind];
	size_t n = 0, digits, width, lead;
	int has_af = 0, prefixed = 0;

	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		prefixed = 1;
		v += 2;
		len -= 2;
	}
	if (!len) {
		snprintf(why, whylen, "captured '' as %s: no digits", what);
		return -EINVAL;
	}
	if (len > CAPTURE_MAX_DIGITS) {
		snprintf(why, whylen, "captured %zu characters as %s: more than %d digits",
			 len, what, CAPTURE_MAX_DIGITS);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if (!capture_is_hex(v[i])) {
			snprintf(why, whylen, "captured '%.*s' as %s: '%c' is not a digit",
				 len > 40 ? 40 : (int)len, v, what, v[i]);
			return -EINVAL;
		}
		has_af |= v[i] > '9';
	}
	if (base == SUITE_BASE_AUTO) {
		if (!prefixed && !has_af) {
			snprintf(why, whylen, "captured '%.*s' as %s: digits only, hex or "
				 "decimal? state the base (.hex or .dec after the name)",
				 len > 40 ? 40 : (int)len, v, what);
			return -EINVAL;
		}
		base = SUITE_BASE_HEX;
	}
	if (base == SUITE_BASE_DEC && (prefixed || has_af)) {
		snprintf(why, whylen, "captured '%s%.*s' as %s in decimal: not decimal",
			 prefixed ? "0x" : "", len > 40 ? 40 : (int)len, v, what);
		return -EINVAL;
	}
	if (base == SUITE_BASE_DEC) {
		n = capture_dec_to_hex(v, len, nib, sizeof(nib));
	} else {
		for (size_t i = 0; i < len; i++) {
			char c = v[len - 1 - i];

			nib[n++] = (unsigned char)(c <= '9' ? c - '0' :
						   (c | 0x20) - 'a' + 10);
		}
	}
	while (n && !nib[n - 1]) /* significant digits only */
		n--;
	digits = n ? n : 1;
	if (kind != SUITE_PAT_SECRET && digits > 16) {
		snprintf(why, whylen, "captured '%.*s' as %s: %zu hex digits, more than 64 bits",
			 len > 40 ? 40 : (int)len, v, what, digits);
		return -EINVAL;
	}
	/* A secret printed without leading zeros is padded back to whole
	 * 32-bit words, so every boot gives the same columns. */
	width = kind == SUITE_PAT_SECRET ? (digits + 7) / 8 * 8 : digits;
	if (width + 1 > hexlen) {
		snprintf(why, whylen, "captured %zu digits as %s: longer than %zu hex digits",
			 len, what, hexlen - 1);
		return -EINVAL;
	}
	lead = width - (n < width ? n : width);
	memset(hex, '0', lead);
	for (size_t i = 0; i < width - lead; i++)
		hex[lead + i] = "0123456789abcdef"[nib[width - lead - 1 - i]];
	hex[width] = '\0';
	return 0;
}
