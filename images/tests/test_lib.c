// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Host-side table tests of the images' command-line parser and printf-lite
 * (images/lib/cmdline.c, images/lib/fmt.c are plain C and build for the
 * host unchanged).  Run by test/images.bats.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/cmdline.h"
#include "lib/fmt.h"

static int failures;

#define CHECK(cond, ...)                                         \
	do {                                                     \
		if (!(cond)) {                                   \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);                     \
			printf("\n");                            \
			failures++;                              \
		}                                                \
	} while (0)

struct cmdline_case {
	const char *line;
	enum cmdline_exit exit;
	uint64_t bulk;
	unsigned out;
	int have_seed, no_rdrand, no_rdseed;
	const char *bad, *act;
};

static const struct cmdline_case cmdline_cases[] = {
	{ "", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "", "" },
	{ "exit=reset", CMDLINE_EXIT_RESET, 0, 2, 0, 0, 0, "", "" },
	{ "exit=halt out=16 bulk=64M", CMDLINE_EXIT_HALT, 64ull << 20, 16, 0, 0, 0, "", "" },
	{ "bulk=1 bulk=3k", CMDLINE_EXIT_POWEROFF, 3072, 2, 0, 0, 0, "", "" },
	{ "bulk=16G", CMDLINE_EXIT_POWEROFF, 16ull << 30, 2, 0, 0, 0, "", "" },
	{ "rdrand=0 rdseed=0", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 1, 1, "", "" },
	{ "rdrand=0 rdrand=1", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "", "" },
	{ "do=hang", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "", "hang" },
	{ "do=averyveryverylongmodename", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "", "averyveryverylo" },
	/* unknown words, words without '=', empty keys, runs of spaces */
	{ "  quiet  console=ttyS0 =x exit= ", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "exit", "" },
	/* bad values keep the default and name the first bad key */
	{ "exit=later out=3", CMDLINE_EXIT_POWEROFF, 0, 3, 0, 0, 0, "exit", "" },
	{ "out=0", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "out", "" },
	{ "out=17", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "out", "" },
	{ "out=1k", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "out", "" },
	{ "bulk=", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "bulk", "" },
	{ "bulk=12X", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "bulk", "" },
	{ "bulk=M", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "bulk", "" },
	{ "bulk=18446744073709551616", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "bulk", "" },
	{ "bulk=17179869184G", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "bulk", "" },
	{ "rdseed=yes", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "rdseed", "" },
	{ "seed=12", CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "seed", "" },
	{ "seed=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",
	  CMDLINE_EXIT_POWEROFF, 0, 2, 0, 0, 0, "seed", "" },
	{ "seed=000102030405060708090A0B0C0D0E0F101112131415161718191a1b1c1d1e1f",
	  CMDLINE_EXIT_POWEROFF, 0, 2, 1, 0, 0, "", "" },
};

static void test_cmdline(void)
{
	for (size_t i = 0; i < sizeof(cmdline_cases) / sizeof(cmdline_cases[0]); i++) {
		const struct cmdline_case *c = &cmdline_cases[i];
		struct cmdline_opts o;

		memset(&o, 0x5a, sizeof(o));   /* the parser sets every default */
		cmdline_parse(&o, c->line);
		CHECK(o.exit == c->exit, "'%s': exit %d", c->line, o.exit);
		CHECK(o.bulk == c->bulk, "'%s': bulk %llu", c->line,
		      (unsigned long long)o.bulk);
		CHECK(o.out == c->out, "'%s': out %u", c->line, o.out);
		CHECK(o.have_seed == c->have_seed, "'%s': have_seed", c->line);
		CHECK(o.no_rdrand == c->no_rdrand, "'%s': no_rdrand", c->line);
		CHECK(o.no_rdseed == c->no_rdseed, "'%s': no_rdseed", c->line);
		CHECK(!strcmp(o.bad, c->bad), "'%s': bad '%s'", c->line, o.bad);
		CHECK(!strcmp(o.act, c->act), "'%s': act '%s'", c->line, o.act);
	}
}

/* seed= is the 32 key bytes in order; the words are them little-endian. */
static void test_seed_words(void)
{
	struct cmdline_opts o;

	cmdline_parse(&o, "seed=000102030405060708090a0b0c0d0e0f"
			  "101112131415161718191a1b1c1d1e1f");
	CHECK(o.have_seed && o.seed[0] == 0x03020100 && o.seed[7] == 0x1f1e1d1c,
	      "seed words %08x .. %08x", o.seed[0], o.seed[7]);
}

/* fmt_vprintf without the compiler's format check, for broken formats. */
static void unchecked(struct fmt_line *l, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	fmt_vprintf(l, f, ap);
	va_end(ap);
}

static void test_fmt(void)
{
	struct fmt_line l;
	char big[700];

	fmt_init(&l);
	fmt_printf(&l, "a=%lx b=%016lx c=%08x d=%lu e=%s%c%%", (uint64_t)0,
		   (uint64_t)0xab00, 0x1234u, (uint64_t)18446744073709551615ull,
		   "x", 'y');
	l.buf[l.len] = '\0';
	CHECK(!strcmp(l.buf, "a=0 b=000000000000ab00 c=00001234 "
			     "d=18446744073709551615 e=xy%"), "fmt: '%s'", l.buf);

	fmt_init(&l);
	fmt_hex(&l, UINT64_MAX, 0);
	fmt_hex(&l, 1, 99);                /* width clamps at 16 digits */
	l.buf[l.len] = '\0';
	CHECK(!strcmp(l.buf, "ffffffffffffffff0000000000000001"), "hex: '%s'", l.buf);

	/* Overlong lines are cut, always leaving room for the '\n'. */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fmt_init(&l);
	fmt_printf(&l, "%s%lx", big, (uint64_t)0x1234);
	CHECK(l.len == FMT_LINE_MAX - 1, "cut at %u", l.len);

	/* A format ending in '%' stops cleanly. */
	fmt_init(&l);
	unchecked(&l, "tail%");
	CHECK(l.len == 4, "trailing %%: len %u", l.len);
}

int main(void)
{
	test_cmdline();
	test_seed_words();
	test_fmt();
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
	return failures != 0;
}
