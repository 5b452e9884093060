/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table-driven tests of pattern captures: bases stated, implied by the
 * regex, or refused when only the digits could tell; lengths; errors that
 * say what was captured and why. */
#include <errno.h>
#include <string.h>

#include "capture.h"
#include "unit.h"

#define A SUITE_PAT_ADDR
#define S SUITE_PAT_SECRET
#define M SUITE_PAT_MARK
#define AUTO SUITE_BASE_AUTO
#define HEX SUITE_BASE_HEX
#define DEC SUITE_BASE_DEC

static const struct {
	enum suite_pat_kind kind;
	enum suite_pat_base base;
	const char *in;
	const char *want;       /* hex, or NULL: refused */
	const char *why_has;    /* substring of the refusal */
} cases[] = {
	{ A, HEX, "7fff0000", "7fff0000", NULL },
	{ A, AUTO, "0x123", "123", NULL },
	{ A, AUTO, "deadbeef", "deadbeef", NULL },
	{ A, AUTO, "DEADBEEF", "deadbeef", NULL },
	{ A, AUTO, "123", NULL, "captured '123' as an address: digits only, hex or decimal?" },
	{ A, DEC, "123", "7b", NULL },
	{ A, DEC, "18446744073709551615", "ffffffffffffffff", NULL },
	{ A, DEC, "18446744073709551616", NULL, "17 hex digits, more than 64 bits" },
	{ A, HEX, "00000000ffff800000001000", "ffff800000001000", NULL },
	{ A, HEX, "1ffff800000001000", NULL, "17 hex digits, more than 64 bits" },
	{ A, DEC, "0x12", NULL, "in decimal: not decimal" },
	{ A, DEC, "12a", NULL, "in decimal: not decimal" },
	{ A, HEX, "12g4", NULL, "'g' is not a digit" },
	{ A, HEX, "", NULL, "no digits" },
	{ A, HEX, "0", "0", NULL },
	{ M, DEC, "1000", "3e8", NULL },
	{ S, HEX, "abc", "00000abc", NULL },
	{ S, HEX, "0ba1a0f20bf57bc00", "0ba1a0f20bf57bc00" + 1, NULL },
	{ S, HEX, "5211d20d272c74742664486a64fc776212647d7ff172647f72339780071b4e10",
	  "5211d20d272c74742664486a64fc776212647d7ff172647f72339780071b4e10", NULL },
	/* printed without its leading zero: padded back to whole words */
	{ S, HEX, "211d20d272c74742664486a64fc776212647d7ff172647f72339780071b4e10",
	  "0211d20d272c74742664486a64fc776212647d7ff172647f72339780071b4e10", NULL },
	{ S, DEC, "340282366920938463463374607431768211455",
	  "ffffffffffffffffffffffffffffffff", NULL },
	{ S, DEC, "4294967296", "0000000100000000", NULL },
	{ S, AUTO, "99", NULL, "as a secret: digits only" },
};

/* The regex says the base, or does not. */
static const struct {
	const char *re;
	enum suite_pat_base want;
} regexes[] = {
	{ "stack at 0x([0-9a-f]+)", HEX },
	{ "HB rng ([[:xdigit:]]+)", HEX },
	{ "canary ([0-9A-F]+)", HEX },
	{ "boots ([0-9]+)", DEC },
	{ "boots ([[:digit:]]+)", DEC },
	{ "value (.*)", AUTO },
	{ "\\(x\\) (\\S+)", AUTO },
	{ "no group", AUTO },
};

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		char hex[CAPTURE_MAX_DIGITS + 16] = "", why[200] = "";
		int rc = capture_read(cases[i].kind, cases[i].base, cases[i].in,
				      strlen(cases[i].in), hex, sizeof(hex), why,
				      sizeof(why));

		if (cases[i].want)
			unit_ok(rc == 0 && !strcmp(hex, cases[i].want),
				"'%s' reads as %s: %s%s", cases[i].in, cases[i].want,
				rc ? why : "got ", rc ? "" : hex);
		else
			unit_ok(rc == -EINVAL && strstr(why, cases[i].why_has),
				"'%s' refused: %s", cases[i].in, why);
	}
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(regexes); i++)
		unit_ok(capture_base_of_regex(regexes[i].re) == regexes[i].want,
			"base of '%s'", regexes[i].re);
	return unit_done();
}
