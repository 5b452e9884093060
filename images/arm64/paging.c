// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * arm64 stage-1 tables, 4 KiB granule, 48-bit VA (levels 0-3), from a
 * static pool of zeroed pages; the interface of lib/paging.h.
 *
 * Permissions per leaf (Arm ARM D8.4): AP[2] set = read-only, PXN = no
 * execution at EL1, UXN always (nothing runs at EL0), AF preset so the
 * first use never faults.  Table descriptors carry no limits: the leaf
 * decides.  A writable leaf is never executable here (the baseline
 * variant asks for PAGING_W | PAGING_X and gets both).
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/paging.h"

#define PG_ENTRIES 512
#define PG_LEVELS  4

static uint64_t *pg_ptr(const struct paging *pg, uint64_t phys)
{
	return (uint64_t *)(uintptr_t)(phys + pg->virt_off);
}

static uint64_t pg_alloc(struct paging *pg)
{
	uint64_t p;
	uint64_t *t;

	if (pg->used >= pg->cap)
		return 0;
	p = pg->pool + (uint64_t)pg->used++ * ARCH_PAGE;
	t = pg_ptr(pg, p);
	for (int i = 0; i < PG_ENTRIES; i++)
		t[i] = 0;
	return p;
}

int paging_init(struct paging *pg, uint64_t pool_phys, unsigned pages,
		int have_nx)
{
	(void)have_nx;   /* PXN always exists on arm64 */
	pg->pool = pool_phys;
	pg->cap = pages;
	pg->used = 0;
	pg->virt_off = 0;
	pg->nx = ARCH_PTE_PXN;
	pg->root = pg_alloc(pg);
	return pg->root ? 0 : -1;
}

static unsigned pg_index(uint64_t va, int level)
{
	return (unsigned)(va >> (39 - 9 * level)) & (PG_ENTRIES - 1);
}

/* The table at `level` for va, made on the way down; NULL if out of pool. */
static uint64_t *pg_table(struct paging *pg, uint64_t va, int level)
{
	uint64_t *t = pg_ptr(pg, pg->root);

	for (int l = 0; l < level; l++) {
		uint64_t *e = &t[pg_index(va, l)];

		if (!(*e & ARCH_PTE_VALID)) {
			uint64_t p = pg_alloc(pg);

			if (!p)
				return 0;
			*e = p | ARCH_PTE_VALID | ARCH_PTE_TABLE;
		}
		t = pg_ptr(pg, *e & ARCH_PTE_ADDR);
	}
	return t;
}

static uint64_t pg_leaf_bits(unsigned flags)
{
	uint64_t v = ARCH_PTE_VALID | ARCH_PTE_AF | ARCH_PTE_UXN;

	if (flags & PAGING_DEV)
		v |= ARCH_PTE_ATTR(ARCH_ATTR_DEVICE);
	else
		v |= ARCH_PTE_SH_IN | ARCH_PTE_ATTR((flags & PAGING_TAGGED) ?
						    ARCH_ATTR_TAGGED : ARCH_ATTR_NORMAL);
	if (!(flags & PAGING_W))
		v |= ARCH_PTE_RO;
	if (!(flags & PAGING_X))
		v |= ARCH_PTE_PXN;
	if ((flags & PAGING_X) && (flags & PAGING_GUARD))
		v |= ARCH_PTE_GP;
	return v;
}

int paging_map(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
	       unsigned flags)
{
	uint64_t bits = pg_leaf_bits(flags) | ARCH_PTE_TABLE;   /* page */

	for (uint64_t off = 0; off < len; off += ARCH_PAGE) {
		uint64_t *t = pg_table(pg, va + off, 3);

		if (!t)
			return -1;
		t[pg_index(va + off, 3)] = (pa + off) | bits;
	}
	return 0;
}

int paging_map_big(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
		   unsigned flags)
{
	uint64_t bits = pg_leaf_bits(flags);   /* level-2 block: bit 1 clear */

	for (uint64_t off = 0; off < len; off += ARCH_BIG_PAGE) {
		uint64_t *t = pg_table(pg, va + off, 2);

		if (!t)
			return -1;
		t[pg_index(va + off, 2)] = (pa + off) | bits;
	}
	return 0;
}

void paging_unmap(struct paging *pg, uint64_t va, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += ARCH_PAGE) {
		uint64_t *t = pg_table(pg, va + off, 3);

		if (t)
			t[pg_index(va + off, 3)] = 0;
		__asm__ volatile("dsb ishst; tlbi vaae1, %0; dsb ish; isb"
				 : : "r"((va + off) >> 12) : "memory");
	}
}

/* FNV-1a 64 over 8 little-endian bytes of v. */
static void pg_fnv(uint64_t *h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		*h ^= (v >> (8 * i)) & 0xff;
		*h *= 0x100000001b3ull;
	}
}

static void pg_sum_leaf(struct paging_sum *s, uint64_t va, uint64_t e,
			uint64_t size)
{
	unsigned cls = 0;
	uint64_t n = size / ARCH_PAGE;

	if (!(e & ARCH_PTE_RO))
		cls |= PAGING_CLASS_W;
	if (!(e & ARCH_PTE_PXN))
		cls |= PAGING_CLASS_X;
	s->pages += n;
	if (cls & PAGING_CLASS_X)
		s->x += n;
	if ((cls & PAGING_CLASS_W) && (cls & PAGING_CLASS_X))
		s->wx += n;
	pg_fnv(&s->sum, va);
	pg_fnv(&s->sum, e & ARCH_PTE_ADDR);
	pg_fnv(&s->sum, size);
	pg_fnv(&s->sum, cls);
}

static void pg_walk(const struct paging *pg, uint64_t table, int level,
		    uint64_t va, struct paging_sum *s)
{
	const uint64_t *t = pg_ptr(pg, table);

	for (unsigned i = 0; i < PG_ENTRIES; i++) {
		uint64_t e = t[i];
		uint64_t v = va | (uint64_t)i << (39 - 9 * level);

		if (!(e & ARCH_PTE_VALID))
			continue;
		if (level == 3 || !(e & ARCH_PTE_TABLE))
			pg_sum_leaf(s, v, e, level == 3 ? ARCH_PAGE :
				    level == 2 ? ARCH_BIG_PAGE : 1ull << 30);
		else
			pg_walk(pg, e & ARCH_PTE_ADDR, level + 1, v, s);
	}
}

void paging_summarize(const struct paging *pg, struct paging_sum *s)
{
	s->pages = s->wx = s->x = s->ss = 0;
	s->sum = 0xcbf29ce484222325ull;
	pg_walk(pg, pg->root, 0, 0, s);
}
