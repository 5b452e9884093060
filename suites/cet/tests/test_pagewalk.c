/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The host's page-table walker on synthetic guest RAM: tables laid out by
 * hand in a buffer that stands for the RAM file, one row per mapping kind
 * (4 KiB, 2 MiB, 1 GiB, shadow stack, W+X, user), the register bits that
 * change the verdict (NXE, WP, SMEP, LA57, paging off), tables a hostile
 * guest could write (outside RAM, pointing at themselves), and the audit
 * JSON with its region, shadow-stack token and guest-walk comparison.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagewalk.h"
#include "unit.h"

#define P  (1ull << 0)
#define W  (1ull << 1)
#define U  (1ull << 2)
#define D  (1ull << 6)
#define PS (1ull << 7)
#define NX (1ull << 63)

#define RAM_PAGES 64
#define CR0 (PAGEWALK_CR0_PG | PAGEWALK_CR0_WP | 1)
#define CR4 (PAGEWALK_CR4_PAE)
#define EFER (PAGEWALK_EFER_LMA | PAGEWALK_EFER_NXE | (1ull << 8))

static uint64_t ram[RAM_PAGES][512] __attribute__((aligned(4096)));

static void set(unsigned table, unsigned i, uint64_t e)
{
	ram[table][i] = e;
}

static uint64_t pg(unsigned n)
{
	return (uint64_t)n * 4096;
}

/* The digest as docs/protocol.md (pages record) defines it. */
static uint64_t fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

static const struct {
	uint64_t va, pa, size;
	unsigned cls;
} expect[] = {
	/* PML4[0] -> PDPT page 2 */
	{ 0x0000000040000000ull, 0x40000000ull, 1ull << 30, PAGEWALK_W | PAGEWALK_X },   /* 1 GiB RWX */
	{ 0x0000000080200000ull, 0x00200000ull, 2ull << 20, PAGEWALK_W },              /* 2 MiB RW NX */
	{ 0x0000000080401000ull, 0x5000, 4096, PAGEWALK_X },                            /* text */
	{ 0x0000000080402000ull, 0x6000, 4096, 0 },                                     /* rodata */
	{ 0x0000000080403000ull, 0x7000, 4096, PAGEWALK_W },                            /* data */
	{ 0x0000000080404000ull, 0x8000, 4096, PAGEWALK_SS },                           /* shadow stack */
	{ 0x0000000080405000ull, 0x9000, 4096, PAGEWALK_W | PAGEWALK_X },               /* W+X */
	{ 0x0000000080406000ull, 0xa000, 4096, PAGEWALK_X | PAGEWALK_U },               /* user text */
	/* PML4[511] -> PDPT page 6: the canonical upper half */
	{ 0xffffff8000000000ull, 0xb000, 4096, PAGEWALK_W },
};

/*
 * Tables: PML4 page 1, PDPT page 2, PD page 3, PT page 4; upper half:
 * PDPT 6, PD 7, PT 8.  Data pages from page 5 up; the shadow stack at
 * page 8 holds its token at 0xff8.
 */
static void build(void)
{
	memset(ram, 0, sizeof(ram));
	set(1, 0, pg(2) | P | W);
	set(2, 1, 0x40000000ull | P | W | PS);                 /* 1 GiB at 1 GiB */
	set(2, 2, pg(3) | P | W);
	set(3, 1, 0x200000ull | P | W | PS | NX);              /* 2 MiB */
	set(3, 2, pg(4) | P | W);
	set(4, 1, 0x5000 | P);                                 /* R X */
	set(4, 2, 0x6000 | P | NX);                            /* R */
	set(4, 3, 0x7000 | P | W | NX | D);                    /* RW, dirty: not SS */
	set(4, 4, 0x8000 | P | D | NX);                        /* SS */
	set(4, 5, 0x9000 | P | W);                             /* W+X */
	set(4, 6, 0xa000 | P | U);                             /* user, U not above */
	set(4, 7, 0);                                          /* absent */
	set(1, 511, pg(6) | P | W);
	set(6, 0, pg(7) | P | W);
	set(7, 0, pg(9) | P | W);
	set(9, 0, 0xb000 | P | W | NX);
	ram[8][511] = 0x80404ff8ull;                            /* token, not busy */
}

struct seen {
	unsigned n;
	int order_ok, match;
};

static void on_leaf(const struct pagewalk_leaf *l, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < UNIT_ARRAY_SIZE(expect) && l->va == expect[s->n].va &&
	    l->pa == expect[s->n].pa && l->size == expect[s->n].size)
		s->match += l->cls == expect[s->n].cls;
	else
		s->order_ok = 0;
	s->n++;
}

static struct pagewalk_mem mem = { (const uint8_t *)ram, sizeof(ram), 0 };

static void test_walk(void)
{
	struct pagewalk_sum s;
	struct seen seen = { 0, 1, 0 };
	uint64_t h = 0xcbf29ce484222325ull, pages = 0;

	build();
	/* the user page needs U at every level to be U */
	set(1, 0, pg(2) | P | W | U);
	set(2, 2, pg(3) | P | W | U);
	set(3, 2, pg(4) | P | W | U);
	pagewalk(&mem, CR0, pg(1), CR4, EFER, on_leaf, &seen, &s);
	unit_ok(seen.n == UNIT_ARRAY_SIZE(expect) && seen.order_ok &&
		seen.match == (int)UNIT_ARRAY_SIZE(expect),
		"walk: %u leaves in address order, %d classes right", seen.n, seen.match);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(expect); i++) {
		h = fnv(h, expect[i].va);
		h = fnv(h, expect[i].pa);
		h = fnv(h, expect[i].size);
		h = fnv(h, expect[i].cls);
		pages += expect[i].size / 4096;
	}
	unit_ok(s.sum == h, "walk: digest as the pages record defines it");
	unit_ok(s.pages == pages && s.ss == 1 && s.levels == 4 && !strcmp(s.mode, "4-level"),
		"walk: %llu pages, 1 shadow-stack page", (unsigned long long)s.pages);
	unit_ok(s.x == 262144 + 3 && s.wx == 262144 + 1 && s.wx_ring0 == s.wx,
		"walk: x %llu wx %llu (the 1 GiB page and one 4 KiB page)",
		(unsigned long long)s.x, (unsigned long long)s.wx);
	unit_ok(!s.bad_tables && !s.truncated, "walk: nothing outside RAM");
}

static const struct {
	const char *what;
	uint64_t cr0, cr4, efer;
	uint64_t x, wx_ring0;
	const char *mode;
} reg_cases[] = {
	{ "as built", CR0, CR4, EFER, 262147, 262145, "4-level" },
	{ "NXE off: NX bits mean nothing", CR0, CR4, EFER & ~PAGEWALK_EFER_NXE,
	  262144 + 512 + 7, 262144 + 512 + 3, "4-level" },
	{ "WP off: ring 0 writes read-only code", CR0 & ~PAGEWALK_CR0_WP, CR4, EFER,
	  262147, 262147, "4-level" },
	{ "SMEP: ring 0 cannot run the user page", CR0 & ~PAGEWALK_CR0_WP,
	  CR4 | PAGEWALK_CR4_SMEP, EFER, 262147, 262146, "4-level" },
	{ "paging off", CR0 & ~PAGEWALK_CR0_PG, CR4, EFER, 0, 0, "off" },
	{ "32-bit PAE", CR0, CR4, EFER & ~PAGEWALK_EFER_LMA, 0, 0, "32-bit PAE" },
};

static void test_regs(void)
{
	build();
	set(1, 0, pg(2) | P | W | U);
	set(2, 2, pg(3) | P | W | U);
	set(3, 2, pg(4) | P | W | U);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(reg_cases); i++) {
		struct pagewalk_sum s;

		pagewalk(&mem, reg_cases[i].cr0, pg(1), reg_cases[i].cr4, reg_cases[i].efer,
			 NULL, NULL, &s);
		unit_ok(s.x == reg_cases[i].x && s.wx_ring0 == reg_cases[i].wx_ring0 &&
			!strcmp(s.mode, reg_cases[i].mode),
			"registers: %s (x %llu, wx_ring0 %llu, %s)", reg_cases[i].what,
			(unsigned long long)s.x, (unsigned long long)s.wx_ring0, s.mode);
	}
}

static void test_lookup(void)
{
	struct pagewalk_leaf l;

	build();
	unit_ok(!pagewalk_lookup(&mem, CR0, pg(1), CR4, EFER, 0x80404123ull, &l) &&
		l.cls == PAGEWALK_SS && l.pa == 0x8000 && l.size == 4096,
		"lookup: the shadow-stack page");
	unit_ok(!pagewalk_lookup(&mem, CR0, pg(1), CR4, EFER, 0x80212345ull, &l) &&
		l.size == (2u << 20) && l.va == 0x80200000ull && l.pa == 0x200000,
		"lookup: inside a 2 MiB page");
	unit_ok(pagewalk_lookup(&mem, CR0, pg(1), CR4, EFER, 0x80407000ull, &l) == -ENOENT,
		"lookup: an absent PTE");
	unit_ok(pagewalk_lookup(&mem, CR0, pg(1), CR4, EFER, 0x7f0000000000ull, &l) == -ENOENT,
		"lookup: an absent PML4 entry");
	unit_ok(!pagewalk_lookup(&mem, CR0, pg(1), CR4, EFER, 0xffffff8000000010ull, &l) &&
		l.va == 0xffffff8000000000ull, "lookup: the upper half");
	unit_ok(pagewalk_lookup(&mem, CR0 & ~PAGEWALK_CR0_PG, pg(1), CR4, EFER, 0x5000, &l) ==
		-ENOENT, "lookup: paging off");
}

static void test_hostile(void)
{
	struct pagewalk_sum s;

	/* A table beyond the RAM file: counted, skipped. */
	build();
	set(3, 3, (uint64_t)(RAM_PAGES + 10) * 4096 | P | W);
	set(3, 4, ((uint64_t)RAM_PAGES * 4096 - 8) | P | W);   /* last page, misaligned */
	pagewalk(&mem, CR0, pg(1), CR4, EFER, NULL, NULL, &s);
	unit_ok(s.bad_tables == 1, "hostile: a table outside RAM is counted: %u", s.bad_tables);

	/* Every entry of every level points at the same page: 512^4 leaves
	 * unless the walk is bounded. */
	memset(ram, 0, sizeof(ram));
	for (unsigned i = 0; i < 512; i++)
		ram[1][i] = pg(1) | P | W;
	pagewalk(&mem, CR0, pg(1), CR4, EFER, NULL, NULL, &s);
	unit_ok(s.truncated && s.pages <= PAGEWALK_MAX_LEAVES,
		"hostile: self-referencing tables stop at the bound (%llu pages)",
		(unsigned long long)s.pages);
	/* CR3 itself outside RAM */
	pagewalk(&mem, CR0, 1ull << 40, CR4, EFER, NULL, NULL, &s);
	unit_ok(s.bad_tables == 1 && s.pages == 0, "hostile: CR3 outside RAM");
}

static void test_la57(void)
{
	struct pagewalk_sum s;
	struct pagewalk_leaf l;

	memset(ram, 0, sizeof(ram));
	set(1, 1, pg(2) | P | W);   /* PML5[1]: VA bit 48 */
	set(2, 0, pg(3) | P | W);
	set(3, 0, pg(4) | P | W);
	set(4, 0, pg(5) | P | W);
	set(5, 0, 0x9000 | P | NX);
	pagewalk(&mem, CR0, pg(1), CR4 | PAGEWALK_CR4_LA57, EFER, NULL, NULL, &s);
	unit_ok(s.levels == 5 && s.pages == 1 && s.x == 0, "LA57: 5-level walk");
	unit_ok(!pagewalk_lookup(&mem, CR0, pg(1), CR4 | PAGEWALK_CR4_LA57, EFER,
				 1ull << 48, &l) && l.pa == 0x9000, "LA57: lookup");
}

static void test_audit(void)
{
	struct inspect_regs r = { .rip = 0x80403010ull, .rsp = 0x80403ff0ull, .cr0 = CR0,
				  .cr3 = pg(1), .cr4 = CR4, .efer = EFER, .have = 0x3f };
	json_t *boot = json_pack("{s:{s:s,s:s},s:{s:i,s:i,s:i,s:i,s:s,s:s}}",
				 "addr", "stack", "0x80403000", "heap", "0x80402000",
				 "pages", "n", 0, "wx", 0, "x", 0, "ss", 1,
				 "shstk", "0x0000000080404000", "sum", "0x1");
	json_t *o, *rg;

	build();
	o = pagewalk_audit(&mem, &r, boot);
	rg = json_object_get(o, "regions");
	unit_ok(json_is_true(json_object_get(o, "walked")) &&
		json_integer_value(json_object_get(o, "wx_ring0")) == 262145,
		"audit: walked, W+X counted");
	unit_ok(json_is_false(json_object_get(json_object_get(rg, "stack"), "executable")) &&
		json_is_true(json_object_get(json_object_get(rg, "rsp"), "mapped")),
		"audit: stack and RSP pages mapped, NX");
	unit_ok(json_is_false(json_object_get(json_object_get(rg, "heap"), "writable")),
		"audit: the 'heap' here is the read-only page");
	unit_ok(json_is_true(json_object_get(json_object_get(rg, "shstk"), "encoding_ok")) &&
		json_is_true(json_object_get(json_object_get(rg, "shstk"), "token_ok")),
		"audit: shadow stack read-only + dirty + NX, token valid");
	unit_ok(json_is_false(json_object_get(json_object_get(o, "guest"), "match")) &&
		json_array_size(json_object_get(json_object_get(o, "guest"), "differs")) == 4,
		"audit: a guest walk that disagrees names n, wx, x and sum");
	unit_ok(json_array_size(json_object_get(o, "wx_ranges")) == 2 &&
		json_array_size(json_object_get(o, "ss_ranges")) == 1,
		"audit: W+X and shadow-stack ranges");
	json_decref(o);

	/* a busy token is fine, a wrong one is not; a writable SS page is none */
	ram[8][511] = 0x80404ff9ull;
	o = pagewalk_audit(&mem, &r, boot);
	unit_ok(json_is_true(json_object_get(json_object_get(json_object_get(o, "regions"),
		"shstk"), "token_busy")), "audit: busy token");
	json_decref(o);
	ram[8][511] = 0x12345678ull;
	set(4, 4, 0x8000 | P | D);   /* executable now */
	o = pagewalk_audit(&mem, &r, boot);
	rg = json_object_get(json_object_get(o, "regions"), "shstk");
	unit_ok(json_is_false(json_object_get(rg, "token_ok")) &&
		json_is_false(json_object_get(rg, "encoding_ok")),
		"audit: bad token, executable shadow stack");
	json_decref(o);
	json_decref(boot);
}

int main(void)
{
	test_walk();
	test_regs();
	test_lookup();
	test_hostile();
	test_la57();
	test_audit();
	return unit_done();
}
