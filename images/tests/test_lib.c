// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Host-side table tests of the images' command-line parser, printf-lite,
 * page-table summary and ChaCha block functions (images/lib/cmdline.c,
 * fmt.c, paging.c and chacha20.c are
 * plain C and build for the host unchanged; nothing here runs a privileged
 * instruction).  Run by test/images.bats.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/arch.h"
#include "lib/chacha20.h"
#include "lib/cmdline.h"
#include "lib/fmt.h"
#include "lib/paging.h"

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

/* attack= payloads and report= lists: a bad value is named, sets nothing. */
static const struct {
	const char *line;
	enum cmdline_attack attack;
	unsigned report;
	const char *bad;
} attack_cases[] = {
	{ "attack=ret", CMDLINE_ATTACK_RET, 0, "" },
	{ "attack=ibt exit=halt", CMDLINE_ATTACK_IBT, 0, "" },
	{ "attack=smash", CMDLINE_ATTACK_SMASH, 0, "" },
	{ "attack=int21", CMDLINE_ATTACK_INT21, 0, "" },
	{ "attack=ret attack=smash", CMDLINE_ATTACK_SMASH, 0, "" },
	{ "attack=rop", CMDLINE_ATTACK_NONE, 0, "attack" },
	{ "attack=", CMDLINE_ATTACK_NONE, 0, "attack" },
	{ "attack=retx", CMDLINE_ATTACK_NONE, 0, "attack" },
	{ "report=cet", CMDLINE_ATTACK_NONE, CMDLINE_REPORT_CET, "" },
	{ "report=pages,cet,pages", CMDLINE_ATTACK_NONE,
	  CMDLINE_REPORT_CET | CMDLINE_REPORT_PAGES, "" },
	{ "report=cet report=pages", CMDLINE_ATTACK_NONE,
	  CMDLINE_REPORT_CET | CMDLINE_REPORT_PAGES, "" },
	{ "report=", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=cet,", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=,cet", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=cet,,pages", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=cet,tlb", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=cetx", CMDLINE_ATTACK_NONE, 0, "report" },
	{ "report=pages report=tlb", CMDLINE_ATTACK_NONE, CMDLINE_REPORT_PAGES, "report" },
};

static void test_attack_report(void)
{
	for (size_t i = 0; i < sizeof(attack_cases) / sizeof(attack_cases[0]); i++) {
		struct cmdline_opts o;

		memset(&o, 0x5a, sizeof(o));
		cmdline_parse(&o, attack_cases[i].line);
		CHECK(o.attack == attack_cases[i].attack, "'%s': attack %d",
		      attack_cases[i].line, o.attack);
		CHECK(o.report == attack_cases[i].report, "'%s': report %u",
		      attack_cases[i].line, o.report);
		CHECK(!strcmp(o.bad, attack_cases[i].bad), "'%s': bad '%s'",
		      attack_cases[i].line, o.bad);
	}
}

/* slow=PHASE:CYCLES and slow=none; a bad value is named and sets nothing. */
static const struct {
	const char *line;
	int have;
	enum cmdline_slow slow;
	uint64_t cycles;
	const char *bad;
} slow_cases[] = {
	{ "", 0, CMDLINE_SLOW_NONE, 0, "" },
	{ "slow=rng:2000000", 1, CMDLINE_SLOW_RNG, 2000000, "" },
	{ "slow=aslr:1", 1, CMDLINE_SLOW_ASLR, 1, "" },
	{ "slow=main:0", 1, CMDLINE_SLOW_MAIN, 0, "" },
	{ "slow=done:18446744073709551615", 1, CMDLINE_SLOW_DONE, UINT64_MAX, "" },
	{ "slow=rng:5 slow=none", 1, CMDLINE_SLOW_NONE, 0, "" },
	{ "slow=paging:5", 0, CMDLINE_SLOW_NONE, 0, "slow" },  /* before the parser runs */
	{ "slow=rng", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=rng:", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=:5", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=rng:2M", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=rng:-1", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=rngx:5", 0, CMDLINE_SLOW_NONE, 0, "slow" },
	{ "slow=rng:18446744073709551616", 0, CMDLINE_SLOW_NONE, 0, "slow" },
};

static void test_slow(void)
{
	for (size_t i = 0; i < sizeof(slow_cases) / sizeof(slow_cases[0]); i++) {
		struct cmdline_opts o;

		memset(&o, 0x5a, sizeof(o));
		cmdline_parse(&o, slow_cases[i].line);
		CHECK(o.have_slow == slow_cases[i].have && o.slow == slow_cases[i].slow &&
		      o.slow_cycles == slow_cases[i].cycles, "'%s': slow %d %d %llu",
		      slow_cases[i].line, o.have_slow, o.slow,
		      (unsigned long long)o.slow_cycles);
		CHECK(!strcmp(o.bad, slow_cases[i].bad), "'%s': bad '%s'",
		      slow_cases[i].line, o.bad);
	}
}

/* raw=N (decimal, at most 2^32) and raw_src=; a bad value is named and
 * keeps the default (no raw mode, jitter). */
static const struct {
	const char *line;
	uint64_t raw;
	enum cmdline_raw_src src;
	const char *bad;
} raw_cases[] = {
	{ "", 0, CMDLINE_RAW_JITTER, "" },
	{ "raw=1000", 1000, CMDLINE_RAW_JITTER, "" },
	{ "raw=1000 raw_src=rdseed", 1000, CMDLINE_RAW_RDSEED, "" },
	{ "raw_src=rdrand raw=1", 1, CMDLINE_RAW_RDRAND, "" },
	{ "raw=7 raw_src=tsc raw_src=jitter", 7, CMDLINE_RAW_JITTER, "" },
	{ "raw=4294967296 raw_src=tsc", 1ull << 32, CMDLINE_RAW_TSC, "" },
	{ "raw=5 raw=0", 0, CMDLINE_RAW_JITTER, "" },
	{ "raw=4294967297", 0, CMDLINE_RAW_JITTER, "raw" },
	{ "raw=1k", 0, CMDLINE_RAW_JITTER, "raw" },
	{ "raw=", 0, CMDLINE_RAW_JITTER, "raw" },
	{ "raw=-1", 0, CMDLINE_RAW_JITTER, "raw" },
	{ "raw=18446744073709551616", 0, CMDLINE_RAW_JITTER, "raw" },
	{ "raw=10 raw_src=rdtsc", 10, CMDLINE_RAW_JITTER, "raw_src" },
	{ "raw_src= raw=10", 10, CMDLINE_RAW_JITTER, "raw_src" },
	{ "raw_src=tscx", 0, CMDLINE_RAW_JITTER, "raw_src" },
	{ "raw_srcx=tsc raws=3", 0, CMDLINE_RAW_JITTER, "" },
};

static void test_raw(void)
{
	for (size_t i = 0; i < sizeof(raw_cases) / sizeof(raw_cases[0]); i++) {
		struct cmdline_opts o;

		memset(&o, 0x5a, sizeof(o));
		cmdline_parse(&o, raw_cases[i].line);
		CHECK(o.raw == raw_cases[i].raw && o.raw_src == raw_cases[i].src,
		      "'%s': raw %llu src %d", raw_cases[i].line,
		      (unsigned long long)o.raw, o.raw_src);
		CHECK(!strcmp(o.bad, raw_cases[i].bad), "'%s': bad '%s'",
		      raw_cases[i].line, o.bad);
	}
}

/*
 * The image's own page-table walk
 (the pages record) on tables built by
 * paging_map() in host memory: "physical" addresses start at PG_PHYS, and
 * virt_off turns them into pointers into the pool, as after the switch.
 */
#define PG_PHYS 0x200000ull
#define PG_POOL 16

/* The leaf entry of va, the tables followed as the CPU does. */
static uint64_t *test_pte(const struct paging *pg, uint64_t va)
{
	uint64_t t = pg->root;

	for (int l = 3; l > 0; l--)
		t = ((uint64_t *)(uintptr_t)(t + pg->virt_off))[(va >> (12 + 9 * l)) & 511] &
		    0x000ffffffffff000ull;
	return (uint64_t *)(uintptr_t)(t + pg->virt_off) + ((va >> 12) & 511);
}

static void test_paging(void)
{
	static uint64_t pool[PG_POOL][512] __attribute__((aligned(4096)));
	static const struct {
		uint64_t va, len;
		unsigned flags;
	} maps[] = {
		{ 0x500000001000ull, 3 * 4096, PAGING_X },            /* text */
		{ 0x500000004000ull, 1 * 4096, 0 },                   /* rodata */
		{ 0x500000005000ull, 2 * 4096, PAGING_W },            /* data */
		{ 0x300000006000ull, 4 * 4096, PAGING_W },            /* stack */
		{ 0x30000000b000ull, 1 * 4096, PAGING_SS },           /* shadow stack */
		{ 0x30000000c000ull, 1 * 4096, PAGING_SS | PAGING_W | PAGING_X },
	};
	struct paging pg;
	struct paging_sum a, b, c;

	memset(pool, 0, sizeof(pool));
	CHECK(paging_init(&pg, PG_PHYS, PG_POOL, 1) == 0, "paging_init");
	pg.virt_off = (uint64_t)(uintptr_t)pool - PG_PHYS;
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		CHECK(paging_map(&pg, maps[i].va, 0x100000 + 0x1000 * i, maps[i].len,
				 maps[i].flags) == 0, "map %zu", i);
	CHECK(paging_map_big(&pg, 0x400000, 0x400000, 0x200000, PAGING_W) == 0,
	      "map 2 MiB");
	paging_summarize(&pg, &a);
	CHECK(a.pages == 12 + 512 && a.x == 3 && a.wx == 0 && a.ss == 2,
	      "counts: pages %llu x %llu wx %llu ss %llu",
	      (unsigned long long)a.pages, (unsigned long long)a.x,
	      (unsigned long long)a.wx, (unsigned long long)a.ss);
	/* A shadow-stack leaf: present, dirty, NX, not writable (W and X in
	 * the flags are ignored), under writable tables. */
	CHECK(*test_pte(&pg, 0x30000000c000ull) == (0x105000ull | ARCH_PTE_P |
	      ARCH_PTE_D | ARCH_PTE_NX), "shadow-stack leaf %llx",
	      (unsigned long long)*test_pte(&pg, 0x30000000c000ull));

	/* Same tables walked again: same digest; one bit changed: another. */
	paging_summarize(&pg, &b);
	CHECK(a.sum == b.sum, "digest is stable");
	CHECK(paging_map(&pg, 0x500000006000ull, 0x1000, 4096, PAGING_W | PAGING_X) == 0,
	      "map W+X");
	paging_summarize(&pg, &c);
	CHECK(c.wx == 1 && c.x == 4 && c.sum != a.sum, "W+X page counted: wx %llu",
	      (unsigned long long)c.wx);

	/* No NX on the CPU: every page executable, nothing shadow-stack NX. */
	memset(pool, 0, sizeof(pool));
	CHECK(paging_init(&pg, PG_PHYS, PG_POOL, 0) == 0, "paging_init, no NX");
	pg.virt_off = (uint64_t)(uintptr_t)pool - PG_PHYS;
	CHECK(paging_map(&pg, 0x300000006000ull, 0x1000, 4 * 4096, PAGING_W) == 0,
	      "map without NX");
	paging_summarize(&pg, &a);
	CHECK(a.pages == 4 && a.x == 4 && a.wx == 4, "no NX: x %llu wx %llu",
	      (unsigned long long)a.x, (unsigned long long)a.wx);

	/* A pool too small fails the map instead of writing past it. */
	memset(pool, 0, sizeof(pool));
	CHECK(paging_init(&pg, PG_PHYS, 3, 1) == 0, "paging_init, 3 pages");
	pg.virt_off = (uint64_t)(uintptr_t)pool - PG_PHYS;
	CHECK(paging_map(&pg, 0x300000006000ull, 0x1000, 4096, PAGING_W) == -1,
	      "out of tables");
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

/*
 * The bulk stream's unrolled block function against the table-driven one
 * of the boot path: every word equal, for ChaCha20 and the reduced round
 * counts a broken twin may be built with, at block indices 0, 1 and one
 * past the 32-bit counter.
 */
static void test_chacha(void)
{
	static const unsigned rounds[] = { 20, 12, 8, 2, 0 };
	static const uint64_t blocks[] = { 0, 1, 0x100000000ull };
	uint32_t key[8], st[CHACHA_WORDS], a[CHACHA_WORDS], b[CHACHA_WORDS];

	for (int i = 0; i < 8; i++)
		key[i] = 0x03020100u + 0x04040404u * (uint32_t)i;
	for (size_t r = 0; r < sizeof(rounds) / sizeof(rounds[0]); r++)
		for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++) {
			chacha_setup(st, key, blocks[k], (uint32_t)r);
			chacha_block(st, a, rounds[r]);
			chacha_block_unrolled(st, b, rounds[r]);
			CHECK(!memcmp(a, b, sizeof(a)), "chacha: %u rounds, block %llu: "
			      "unrolled differs", rounds[r], (unsigned long long)blocks[k]);
		}
}

int main(void)
{
	test_cmdline();
	test_seed_words();
	test_attack_report();
	test_slow();
	test_raw();
	test_paging();
	test_fmt();
	test_chacha();
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
	return failures != 0;
}
