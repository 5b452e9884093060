/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arm64 stage-1 translation tables, EL1&0 regime, 4 KiB granule, walked
 * from outside (Arm ARM D8: VMSAv8-64 translation).  The registers come
 * from QEMU's gdbstub at done (inspect.c), the tables from the RAM file;
 * guest RAM starts at m->base (1 GiB on virt).
 *
 * Permissions combine down the walk as the MMU combines them:
 *   W   AP[2] clear at the leaf and no APTable[1] above it
 *   U   AP[1] set at the leaf (EL0 may access) and no APTable[0] above
 *   X   executable at EL1: PXN clear at the leaf, no PXNTable above, and
 *       not writable at EL0 (such pages are PXN by rule, D8.4.1)
 * SCTLR_EL1.WXN makes every writable page execute-never: with it on no
 * page is W+X for EL1 whatever the descriptors say (wx_ring0), while the
 * class stays the descriptors' so the count compares with the image's own
 * walk.  Per leaf also: GP (bit 50, BTI guarded), UXN for EL0, and the
 * memory type from MAIR_EL1 (0xF0: Normal, Tagged, for MTE).
 */
#include <errno.h>
#include <string.h>

#include "pagewalk.h"

#define A64_VALID    (1ull << 0)
#define A64_TABLE    (1ull << 1)   /* levels 0-2: table; level 3: page */
#define A64_AP1      (1ull << 6)   /* EL0 access */
#define A64_AP2      (1ull << 7)   /* read-only */
#define A64_GP       (1ull << 50)
#define A64_PXN      (1ull << 53)
#define A64_UXN      (1ull << 54)
#define A64_PXNTABLE (1ull << 59)
#define A64_UXNTABLE (1ull << 60)
#define A64_APTABLE0 (1ull << 61)  /* no EL0 access below */
#define A64_APTABLE1 (1ull << 62)  /* no write below */
#define A64_ADDR     0x0000fffffffff000ull
#define A64_MAX_TABLES (1u << 16)

struct a64 {
	const struct pagewalk_mem *m;
	const struct inspect_regs *r;
	pagewalk_fn fn;
	void *ctx;
	struct pagewalk_sum *s;
	uint64_t leaves, tables;
	int start;                 /* first level: 0 for 48-bit VAs */
	unsigned vabits;
	uint64_t va_top;           /* TTBR1: the upper half's fixed ones */
};

/* Bits above the table walk's: what TTBR0 and TTBR1 each translate. */
static unsigned a64_vabits(uint64_t tcr, int upper)
{
	return 64 - (unsigned)((tcr >> (upper ? 16 : 0)) & 0x3f);
}

static int a64_granule_4k(uint64_t tcr, int upper)
{
	/* TG0 = 0b00 and TG1 = 0b10 mean 4 KiB */
	return upper ? ((tcr >> 30) & 3) == 2 : ((tcr >> 14) & 3) == 0;
}

static uint64_t a64_entry(const struct a64 *w, uint64_t table, unsigned i, int *ok)
{
	uint64_t off = table - w->m->base, e;

	*ok = table >= w->m->base && off < w->m->size && w->m->size - off >= 8ull * (i + 1);
	if (!*ok)
		return 0;
	memcpy(&e, w->m->ram + off + 8ull * i, sizeof(e));
	return e;
}

static unsigned a64_attr(const struct inspect_regs *r, uint64_t e)
{
	return (unsigned)(r->mair >> (8 * ((e >> 2) & 7))) & 0xff;
}

static void a64_fill(const struct a64 *w, struct pagewalk_leaf *l, uint64_t va,
		     uint64_t e, uint64_t size, uint64_t or_up)
{
	int el0w, w1;

	memset(l, 0, sizeof(*l));
	l->va = va;
	l->pa = e & A64_ADDR & ~(size - 1);
	l->size = size;
	w1 = !(e & A64_AP2) && !(or_up & A64_APTABLE1);
	if (w1)
		l->cls |= PAGEWALK_W;
	if ((e & A64_AP1) && !(or_up & A64_APTABLE0))
		l->cls |= PAGEWALK_U;
	el0w = w1 && (l->cls & PAGEWALK_U);
	if (!(e & A64_PXN) && !(or_up & A64_PXNTABLE) && !el0w)
		l->cls |= PAGEWALK_X;
	l->x_el0 = (l->cls & PAGEWALK_U) && !(e & A64_UXN) && !(or_up & A64_UXNTABLE);
	l->gp = !!(e & A64_GP);
	l->tagged = a64_attr(w->r, e) == 0xf0;
	l->wx_ring0 = w1 && (l->cls & PAGEWALK_X) &&
		      !(w->r->sctlr & PAGEWALK_A64_SCTLR_WXN);
}

static void a64_leaf(struct a64 *w, uint64_t va, uint64_t e, uint64_t size, uint64_t or_up)
{
	struct pagewalk_sum *s = w->s;
	struct pagewalk_leaf l;
	uint64_t pages = size / 4096;

	a64_fill(w, &l, va, e, size, or_up);
	/* the image's digest (images/arm64/paging.c) counts W|X only */
	pagewalk_account(s, &l, PAGEWALK_W | PAGEWALK_X);
	if ((l.cls & PAGEWALK_X) && !l.gp)
		s->x_unguarded += pages;
	if (l.x_el0)
		s->x_el0 += pages;
	if (l.tagged)
		s->tagged += pages;
	if (w->fn)
		w->fn(&l, w->ctx);
}

static int a64_is_leaf(int level, uint64_t e)
{
	return level == 3 || !(e & A64_TABLE);
}

/* A block is allowed at levels 1 and 2 only; a level-3 entry with bit 1
 * clear is reserved: both are faults, not mappings. */
static int a64_valid(int level, uint64_t e)
{
	if (!(e & A64_VALID))
		return 0;
	if (level == 3)
		return !!(e & A64_TABLE);
	return (e & A64_TABLE) || level == 1 || level == 2;
}

static unsigned a64_entries(const struct a64 *w, int level)
{
	unsigned shift = 12 + 9 * (unsigned)(3 - level);

	if (level != w->start)
		return 512;
	return w->vabits - shift >= 9 ? 512 : 1u << (w->vabits - shift);
}

static void a64_table(struct a64 *w, uint64_t table, int level, uint64_t va,
		      uint64_t or_up)
{
	unsigned shift = 12 + 9 * (unsigned)(3 - level), n = a64_entries(w, level);

	if (++w->tables > A64_MAX_TABLES) {
		w->s->truncated = 1;
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		int ok;
		uint64_t e = a64_entry(w, table, i, &ok), v = va | (uint64_t)i << shift;

		if (!ok) {
			w->s->bad_tables++;
			return;
		}
		if (!a64_valid(level, e))
			continue;
		if (w->leaves >= PAGEWALK_MAX_LEAVES || w->tables > A64_MAX_TABLES) {
			w->s->truncated = 1;
			return;
		}
		if (a64_is_leaf(level, e)) {
			w->leaves++;
			a64_leaf(w, w->va_top | v, e, 1ull << shift, or_up);
			continue;
		}
		a64_table(w, e & A64_ADDR, level + 1, v, or_up | e);
	}
}

/* One half's walk parameters; -EOPNOTSUPP for what is not walked. */
static int a64_half(struct a64 *w, int upper)
{
	uint64_t tcr = w->r->tcr;

	if (tcr & (1ull << (upper ? 23 : 7)))
		return -ENOENT;            /* EPDn: this half is not translated */
	if (!a64_granule_4k(tcr, upper) || (tcr & (1ull << 59)))
		return -EOPNOTSUPP;        /* 16/64 KiB granule, or 52-bit (DS) */
	w->vabits = a64_vabits(tcr, upper);
	if (w->vabits < 25 || w->vabits > 48)
		return -EOPNOTSUPP;
	w->start = 4 - (int)((w->vabits - 12 + 8) / 9);
	w->va_top = upper ? ~0ull << w->vabits : 0;
	return 0;
}

static int a64_setup(struct a64 *w, const struct pagewalk_mem *m,
		     const struct inspect_regs *r, struct pagewalk_sum *s)
{
	int lo, hi;

	memset(w, 0, sizeof(*w));
	memset(s, 0, sizeof(*s));
	w->m = m;
	w->r = r;
	w->s = s;
	s->sum = 0xcbf29ce484222325ull;
	if (!(r->sctlr & PAGEWALK_A64_SCTLR_M)) {
		s->mode = "off";
		return -ENOENT;
	}
	lo = a64_half(w, 0);
	hi = a64_half(w, 1);
	if (lo == -EOPNOTSUPP || hi == -EOPNOTSUPP) {
		s->mode = "granule/size";
		return -EOPNOTSUPP;
	}
	s->levels = 4;
	s->mode = "4K stage 1";
	return 0;
}

void pagewalk_arm64(const struct pagewalk_mem *m, const struct inspect_regs *r,
		    pagewalk_fn fn, void *ctx, struct pagewalk_sum *s)
{
	struct a64 w;

	if (a64_setup(&w, m, r, s))
		return;
	w.fn = fn;
	w.ctx = ctx;
	/* lower half (TTBR0), then upper (TTBR1), each when TCR enables it */
	if (!a64_half(&w, 0))
		a64_table(&w, r->ttbr0 & 0x0000fffffffffffeull, w.start, 0, 0);
	if (!a64_half(&w, 1))
		a64_table(&w, r->ttbr1 & 0x0000fffffffffffeull, w.start, 0, 0);
}

uint64_t pagewalk_arm64_untag(const struct inspect_regs *r, uint64_t va)
{
	/* TBI0/TBI1: the top byte is a tag, not part of the address */
	if (!(va & (1ull << 55)) && (r->tcr & (1ull << 37)))
		return va & 0x00ffffffffffffffull;
	if ((va & (1ull << 55)) && (r->tcr & (1ull << 38)))
		return va | 0xff00000000000000ull;
	return va;
}

int pagewalk_arm64_lookup(const struct pagewalk_mem *m, const struct inspect_regs *r,
			  uint64_t va, struct pagewalk_leaf *l)
{
	struct pagewalk_sum s;
	struct a64 w;
	int upper;
	uint64_t table, or_up = 0;

	if (a64_setup(&w, m, r, &s))
		return -ENOENT;
	va = pagewalk_arm64_untag(r, va);
	upper = !!(va & (1ull << 63));
	if (a64_half(&w, upper))
		return -ENOENT;
	/* outside the half's range: a translation fault */
	if (upper ? (va & w.va_top) != w.va_top : w.vabits < 64 && (va >> w.vabits))
		return -ENOENT;
	table = (upper ? r->ttbr1 : r->ttbr0) & 0x0000fffffffffffeull;
	for (int level = w.start; level <= 3; level++) {
		unsigned shift = 12 + 9 * (unsigned)(3 - level);
		unsigned idx = (unsigned)((va >> shift) & (a64_entries(&w, level) - 1));
		int ok;
		uint64_t e = a64_entry(&w, table, idx, &ok);

		if (!ok || !a64_valid(level, e))
			return -ENOENT;
		if (a64_is_leaf(level, e)) {
			a64_fill(&w, l, va & ~((1ull << shift) - 1), e, 1ull << shift, or_up);
			return 0;
		}
		or_up |= e;
		table = e & A64_ADDR;
	}
	return -ENOENT;
}
