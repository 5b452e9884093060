/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The arm64 stage-1 walker on synthetic guest RAM at 1 GiB (virt): tables
 * laid out by hand, one leaf per permission rule of the Arm ARM (AP[2],
 * EL0-writable implies PXN, PXNTable and APTable above a leaf, GP, the
 * MAIR memory type), the registers that change the verdict (WXN, MMU off,
 * granule, a 39-bit space that starts at level 1, the upper half), top-
 * byte tags on looked-up addresses, hostile tables, and the audit JSON.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagewalk.h"
#include "unit.h"

#define V      (1ull << 0)
#define T      (1ull << 1)            /* table (L0-2) / page (L3) */
#define ATTR(i) ((uint64_t)(i) << 2)
#define AP1    (1ull << 6)            /* EL0 access */
#define RO     (1ull << 7)
#define AF     (1ull << 10)
#define GP     (1ull << 50)
#define PXN    (1ull << 53)
#define UXN    (1ull << 54)
#define PXNTAB (1ull << 59)
#define APTAB1 (1ull << 62)

#define BASE      0x40000000ull
#define RAM_PAGES 64
#define MAIR      0x0000000000f000ffull   /* 0 normal, 1 device, 2 tagged */
#define TCR       (16ull | (1ull << 23) | (1ull << 37))   /* T0SZ 16, EPD1, TBI0 */
#define SCTLR     (PAGEWALK_A64_SCTLR_M | PAGEWALK_A64_SCTLR_ATA | (1ull << 40))

static uint64_t ram[RAM_PAGES][512] __attribute__((aligned(4096)));
static struct pagewalk_mem mem = { (const uint8_t *)ram, sizeof(ram), BASE };

#define PG(n) (BASE + (uint64_t)(n) * 4096)

static uint64_t pg(unsigned n)
{
	return PG(n);
}

static void set(unsigned table, unsigned i, uint64_t e)
{
	ram[table][i] = e;
}

static struct inspect_regs regs(uint64_t tcr, uint64_t sctlr, uint64_t ttbr0)
{
	struct inspect_regs r;

	memset(&r, 0, sizeof(r));
	r.rip = 0x80401010ull;
	r.rsp = 0x80403ff0ull;
	r.have = 3;
	r.arm64 = 1;
	r.ttbr0 = ttbr0;
	r.tcr = tcr;
	r.sctlr = sctlr;
	r.mair = MAIR;
	r.pfr1 = 0x1 | (3u << 8);   /* BT 1, MTE 3 */
	r.have_a64 = INSPECT_A64_ALL;
	return r;
}

static const struct {
	uint64_t va, pa, size;
	unsigned cls;
	int gp, tagged, x_el0;
} expect[] = {
	{ 0x40000000ull, 0x40000000ull, 1ull << 30, PAGEWALK_W, 0, 0, 0 },      /* L1 block */
	{ 0x80200000ull, 0x40200000ull, 2ull << 20, PAGEWALK_X, 1, 0, 0 },      /* L2 block */
	{ 0x80401000ull, PG(10), 4096, PAGEWALK_X, 1, 0, 0 },                   /* text */
	{ 0x80402000ull, PG(11), 4096, 0, 0, 0, 0 },                            /* rodata */
	{ 0x80403000ull, PG(12), 4096, PAGEWALK_W, 0, 1, 0 },                   /* tagged heap */
	{ 0x80404000ull, PG(13), 4096, PAGEWALK_W | PAGEWALK_X, 0, 0, 0 },      /* W+X */
	{ 0x80405000ull, PG(14), 4096, PAGEWALK_W | PAGEWALK_U, 0, 0, 1 },      /* EL0 RW */
	{ 0x80406000ull, PG(15), 4096, PAGEWALK_X, 0, 0, 0 },                   /* unguarded */
	{ 0x80600000ull, PG(16), 4096, 0, 0, 0, 0 },                            /* PXNTable */
	{ 0x80800000ull, PG(17), 4096, 0, 0, 0, 0 },                            /* APTable[1] */
};

/* L0 page 1, L1 page 2, L2 page 3, L3 pages 4-6; data from page 10. */
static void build(void)
{
	memset(ram, 0, sizeof(ram));
	set(1, 0, pg(2) | V | T);
	set(1, 1, 0x80000000ull | V | AF);                 /* block at L0: invalid */
	set(2, 1, 0x40000000ull | V | AF | PXN);            /* 1 GiB RW */
	set(2, 2, pg(3) | V | T);
	set(3, 1, 0x40200000ull | V | AF | RO | GP);        /* 2 MiB R X, guarded */
	set(3, 2, pg(4) | V | T);
	set(4, 1, pg(10) | V | T | AF | RO | GP);
	set(4, 2, pg(11) | V | T | AF | RO | PXN);
	set(4, 3, pg(12) | V | T | AF | PXN | ATTR(2));
	set(4, 4, pg(13) | V | T | AF);                     /* W+X, no GP */
	set(4, 5, pg(14) | V | T | AF | AP1);               /* EL0 RW: PXN by rule */
	set(4, 6, pg(15) | V | T | AF | RO);                /* X without GP */
	set(4, 7, pg(18) | V | AF);                         /* L3, bit 1 clear: reserved */
	set(3, 3, pg(5) | V | T | PXNTAB);
	set(5, 0, pg(16) | V | T | AF | RO);                /* would be X */
	set(3, 4, pg(6) | V | T | APTAB1);
	set(6, 0, pg(17) | V | T | AF | PXN);               /* would be W */
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
		s->match += l->cls == expect[s->n].cls && l->gp == expect[s->n].gp &&
			    l->tagged == expect[s->n].tagged && l->x_el0 == expect[s->n].x_el0;
	else
		s->order_ok = 0;
	s->n++;
}

static uint64_t fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The image's digest (images/arm64/paging.c): VA, PA, size, W|X. */
static uint64_t digest(void)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(expect); i++) {
		h = fnv(h, expect[i].va);
		h = fnv(h, expect[i].pa);
		h = fnv(h, expect[i].size);
		h = fnv(h, expect[i].cls & (PAGEWALK_W | PAGEWALK_X));
	}
	return h;
}

static void test_walk(void)
{
	struct inspect_regs r = regs(TCR, SCTLR, pg(1));
	struct seen seen = { 0, 1, 0 };
	struct pagewalk_sum s;

	build();
	pagewalk_arm64(&mem, &r, on_leaf, &seen, &s);
	unit_ok(seen.n == UNIT_ARRAY_SIZE(expect) && seen.order_ok &&
		seen.match == (int)UNIT_ARRAY_SIZE(expect),
		"walk: %u leaves in address order, %d with class, GP, type right", seen.n,
		seen.match);
	unit_ok(s.sum == digest(), "walk: the digest the image's own walk computes");
	unit_ok(s.x == 512 + 3 && s.wx == 1 && s.wx_ring0 == 1 && s.x_unguarded == 2 &&
		s.tagged == 1 && s.x_el0 == 1,
		"walk: x %llu, wx %llu, unguarded %llu, tagged %llu, EL0-executable %llu",
		(unsigned long long)s.x, (unsigned long long)s.wx,
		(unsigned long long)s.x_unguarded, (unsigned long long)s.tagged,
		(unsigned long long)s.x_el0);
	unit_ok(!s.bad_tables && !s.truncated && s.levels == 4, "walk: nothing outside RAM");
}

static const struct {
	const char *what;
	uint64_t tcr, sctlr;
	unsigned ttbr0_page;
	uint64_t pages, wx_ring0;
	const char *mode;
} reg_cases[] = {
	{ "as built", TCR, SCTLR, 1, 262144 + 512 + 8, 1, "4K stage 1" },
	{ "WXN: a writable page never executes", TCR,
	  SCTLR | PAGEWALK_A64_SCTLR_WXN, 1, 262144 + 512 + 8, 0, "4K stage 1" },
	{ "39-bit space: the walk starts at level 1", (TCR & ~0x3full) | 25, SCTLR, 2,
	  262144 + 512 + 8, 1, "4K stage 1" },
	{ "MMU off", TCR, SCTLR & ~PAGEWALK_A64_SCTLR_M, 1, 0, 0, "off" },
	{ "16 KiB granule: not walked", TCR | (2ull << 14), SCTLR, 1, 0, 0, "granule/size" },
	{ "TTBR0 walks disabled (EPD0)", TCR | (1ull << 7), SCTLR, 1, 0, 0, "4K stage 1" },
};

static void test_regs(void)
{
	build();
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(reg_cases); i++) {
		struct inspect_regs r = regs(reg_cases[i].tcr, reg_cases[i].sctlr,
					     pg(reg_cases[i].ttbr0_page));
		struct pagewalk_sum s;

		pagewalk_arm64(&mem, &r, NULL, NULL, &s);
		unit_ok(s.pages == reg_cases[i].pages && s.wx_ring0 == reg_cases[i].wx_ring0 &&
			!strcmp(s.mode, reg_cases[i].mode),
			"registers: %s (%llu pages, wx_ring0 %llu, %s)", reg_cases[i].what,
			(unsigned long long)s.pages, (unsigned long long)s.wx_ring0, s.mode);
	}
}

static void test_lookup(void)
{
	struct inspect_regs r = regs(TCR, SCTLR, pg(1));
	struct pagewalk_leaf l;

	build();
	unit_ok(!pagewalk_arm64_lookup(&mem, &r, 0x0a00000080403010ull, &l) && l.tagged &&
		l.va == 0x80403000ull, "lookup: a tagged heap pointer (TBI0) finds its page");
	r.tcr &= ~PAGEWALK_A64_TCR_TBI0;
	unit_ok(pagewalk_arm64_lookup(&mem, &r, 0x0a00000080403010ull, &l) == -ENOENT,
		"lookup: without TBI0 the tag is an address outside the space");
	r.tcr |= PAGEWALK_A64_TCR_TBI0;
	unit_ok(!pagewalk_arm64_lookup(&mem, &r, 0x80212345ull, &l) && l.size == (2u << 20) &&
		l.pa == 0x40200000ull, "lookup: inside a 2 MiB block");
	unit_ok(pagewalk_arm64_lookup(&mem, &r, 0x80407000ull, &l) == -ENOENT,
		"lookup: a reserved level-3 entry is no mapping");
	unit_ok(pagewalk_arm64_lookup(&mem, &r, 0x8000000000ull, &l) == -ENOENT,
		"lookup: a block descriptor at level 0 is no mapping");
	/* the upper half through TTBR1, when TCR enables it */
	memset(ram[7], 0, sizeof(ram[7]));
	set(7, 511, pg(8) | V | T);
	memset(ram[8], 0, sizeof(ram[8]));
	set(8, 511, pg(9) | V | T);
	memset(ram[9], 0, sizeof(ram[9]));
	set(9, 511, pg(19) | V | T);
	memset(ram[19], 0, sizeof(ram[19]));
	set(19, 511, pg(20) | V | T | AF | PXN);
	unit_ok(pagewalk_arm64_lookup(&mem, &r, 0xfffffffffffff010ull, &l) == -ENOENT,
		"lookup: the upper half is not translated while EPD1 is set");
	r.tcr = (r.tcr & ~(1ull << 23)) | (16ull << 16) | (2ull << 30);
	r.ttbr1 = pg(7);
	unit_ok(!pagewalk_arm64_lookup(&mem, &r, 0xfffffffffffff010ull, &l) &&
		l.va == 0xfffffffffffff000ull && l.pa == pg(20) && (l.cls & PAGEWALK_W),
		"lookup: the upper half through TTBR1");
}

static void test_hostile(void)
{
	struct inspect_regs r = regs(TCR, SCTLR, pg(1));
	struct pagewalk_sum s;

	build();
	set(3, 5, 0x1000ull | V | T);                   /* below RAM */
	set(3, 6, (BASE + sizeof(ram) + 4096) | V | T);  /* past its end */
	pagewalk_arm64(&mem, &r, NULL, NULL, &s);
	unit_ok(s.bad_tables == 2, "hostile: tables outside RAM are counted: %u", s.bad_tables);
	memset(ram, 0, sizeof(ram));
	for (unsigned i = 0; i < 512; i++)
		ram[1][i] = pg(1) | V | T;
	r.tcr = (TCR & ~0x3full) | 25;   /* level 1 start: each L1-2 entry loops */
	pagewalk_arm64(&mem, &r, NULL, NULL, &s);
	unit_ok(s.truncated && s.pages <= PAGEWALK_MAX_LEAVES,
		"hostile: self-referencing tables stop at the bound (%llu pages)",
		(unsigned long long)s.pages);
	r = regs(TCR, SCTLR, 1ull << 40);
	pagewalk_arm64(&mem, &r, NULL, NULL, &s);
	unit_ok(s.bad_tables == 1 && s.pages == 0, "hostile: TTBR0 outside RAM");
}

static void test_audit(void)
{
	struct inspect_regs r = regs(TCR, SCTLR | PAGEWALK_A64_SCTLR_WXN, pg(1));
	char sum[24];
	json_t *boot, *o, *rg;

	build();
	snprintf(sum, sizeof(sum), "%016llx", (unsigned long long)digest());
	boot = json_pack("{s:{s:s,s:s},s:{s:i,s:i,s:i,s:i,s:s,s:s}}",
			 "addr", "stack", "0x80403000", "heap", "0x0a00000080403000",
			 "pages", "n", 262144 + 512 + 8, "wx", 1, "x", 515, "ss", 0,
			 "shstk", "0", "sum", sum);
	o = pagewalk_audit(&mem, &r, boot);
	rg = json_object_get(o, "regions");
	unit_ok(!strcmp(json_string_value(json_object_get(o, "arch")), "arm64") &&
		json_is_true(json_object_get(o, "wxn")) &&
		json_integer_value(json_object_get(o, "wx_ring0")) == 0 &&
		json_integer_value(json_object_get(o, "x_unguarded")) == 2,
		"audit: arm64, WXN on, no W+X for EL1, 2 unguarded pages");
	unit_ok(json_is_true(json_object_get(json_object_get(rg, "heap"), "tagged")) &&
		json_is_true(json_object_get(json_object_get(rg, "sp"), "mapped")) &&
		!json_object_get(rg, "rsp"),
		"audit: the tagged heap pointer's page is Normal Tagged; SP named sp");
	unit_ok(json_is_true(json_object_get(json_object_get(o, "guest"), "match")),
		"audit: the image's own walk matches (pages, W+X, X, digest)");
	unit_ok(json_is_true(json_object_get(json_object_get(o, "cpu"), "bti")) &&
		json_integer_value(json_object_get(json_object_get(o, "cpu"), "mte")) == 3 &&
		json_integer_value(json_object_get(o, "tcf")) == 1,
		"audit: CPU features and tag-check mode decoded");
	json_decref(o);
	json_decref(boot);
}

int main(void)
{
	test_walk();
	test_regs();
	test_lookup();
	test_hostile();
	test_audit();
	return unit_done();
}
