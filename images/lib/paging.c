// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Page-table construction.  Intermediate entries are present + writable +
 * executable; the leaf entry alone decides the permissions (the CPU ANDs
 * the W bits and ORs the NX bits along the walk, Intel SDM vol. 3, 4.6).
 * The pool pages are .bss, zeroed by QEMU's loader: nothing here clears.
 */
#include "arch.h"
#include "paging.h"

#define PAGING_ADDR_MASK 0x000ffffffffff000ull

static uint64_t *paging_table(const struct paging *pg, uint64_t phys)
{
	return (uint64_t *)(uintptr_t)(phys + pg->virt_off);
}

static uint64_t paging_alloc(struct paging *pg)
{
	if (pg->used == pg->cap)
		return 0;
	return pg->pool + ARCH_PAGE * pg->used++;
}

int paging_init(struct paging *pg, uint64_t pool_phys, unsigned pages,
		int have_nx)
{
	pg->pool = pool_phys;
	pg->cap = pages;
	pg->used = 0;
	pg->virt_off = 0;
	pg->nx = have_nx ? ARCH_PTE_NX : 0;
	pg->root = paging_alloc(pg);
	return pg->root ? 0 : -1;
}

/*
 * The entry for va at the given level (3 = PML4 ... 0 = PT), creating the
 * tables above it; NULL when the pool runs dry.
 */
static uint64_t *paging_walk(struct paging *pg, uint64_t va, int level)
{
	uint64_t table = pg->root;

	for (int l = 3; l > level; l--) {
		uint64_t *e = paging_table(pg, table) + ((va >> (12 + 9 * l)) & 511);

		if (!(*e & ARCH_PTE_P)) {
			uint64_t t = paging_alloc(pg);

			if (!t)
				return 0;
			*e = t | ARCH_PTE_P | ARCH_PTE_W;
		}
		table = *e & PAGING_ADDR_MASK;
	}
	return paging_table(pg, table) + ((va >> (12 + 9 * level)) & 511);
}

static uint64_t paging_leaf_bits(const struct paging *pg, unsigned flags)
{
	uint64_t bits = ARCH_PTE_P;

	if (flags & PAGING_SS)   /* read-only + dirty: a shadow stack */
		return bits | ARCH_PTE_D | pg->nx;
	if (flags & PAGING_W)
		bits |= ARCH_PTE_W;
	if (!(flags & PAGING_X))
		bits |= pg->nx;
	return bits;
}

int paging_map(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
	       unsigned flags)
{
	uint64_t bits = paging_leaf_bits(pg, flags);

	for (uint64_t off = 0; off < len; off += ARCH_PAGE) {
		uint64_t *e = paging_walk(pg, va + off, 0);

		if (!e)
			return -1;
		*e = (pa + off) | bits;
	}
	return 0;
}

int paging_map_big(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
		   unsigned flags)
{
	uint64_t bits = paging_leaf_bits(pg, flags) | ARCH_PTE_PS;

	for (uint64_t off = 0; off < len; off += ARCH_BIG_PAGE) {
		uint64_t *e = paging_walk(pg, va + off, 1);

		if (!e)
			return -1;
		*e = (pa + off) | bits;
	}
	return 0;
}

void paging_unmap(struct paging *pg, uint64_t va, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += ARCH_PAGE) {
		uint64_t *e = paging_walk(pg, va + off, 0);

		if (e)
			*e = 0;
		arch_invlpg(va + off);
	}
}

/* FNV-1a 64 over the 8 little-endian bytes of v. */
static uint64_t paging_fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void paging_leaf(struct paging_sum *s, uint64_t va, uint64_t e,
			uint64_t size, unsigned cls)
{
	uint64_t pages = size / ARCH_PAGE;

	s->pages += pages;
	if ((cls & PAGING_CLASS_W) && (cls & PAGING_CLASS_X))
		s->wx += pages;
	if (cls & PAGING_CLASS_X)
		s->x += pages;
	if (cls & PAGING_CLASS_SS)
		s->ss += pages;
	s->sum = paging_fnv(s->sum, va);
	s->sum = paging_fnv(s->sum, e & PAGING_ADDR_MASK & ~(size - 1));
	s->sum = paging_fnv(s->sum, size);
	s->sum = paging_fnv(s->sum, cls);
}

/* and_all/or_all: the entries of the walk ANDed/ORed; upper: ANDed above the leaf. */
static unsigned paging_class(const struct paging *pg, uint64_t and_all,
			     uint64_t or_all, uint64_t upper, uint64_t leaf)
{
	unsigned cls = 0;

	if (and_all & ARCH_PTE_W)
		cls |= PAGING_CLASS_W;
	if (!pg->nx || !(or_all & ARCH_PTE_NX))
		cls |= PAGING_CLASS_X;
	if (and_all & ARCH_PTE_U)
		cls |= PAGING_CLASS_U;
	if (!(leaf & ARCH_PTE_W) && (leaf & ARCH_PTE_D) && (upper & ARCH_PTE_W))
		cls |= PAGING_CLASS_SS;
	return cls;
}

/*
 * Walk every present entry.  Permissions combine down the walk: W and U
 * only if every level grants them, NX if any level sets it (SDM vol. 3,
 * 4.6).  No recursion and no pointer tables: three nested loops over the
 * levels below the PML4.
 */
void paging_summarize(const struct paging *pg, struct paging_sum *s)
{
	const uint64_t *l4 = paging_table(pg, pg->root);

	s->pages = s->wx = s->x = s->ss = 0;
	s->sum = 0xcbf29ce484222325ull;
	for (uint64_t i4 = 0; i4 < 512; i4++) {
		uint64_t e4 = l4[i4], va4 = i4 << 39;
		const uint64_t *l3;

		if (!(e4 & ARCH_PTE_P))
			continue;
		if (va4 & (1ull << 47))
			va4 |= 0xffff000000000000ull;   /* canonical upper half */
		l3 = paging_table(pg, e4 & PAGING_ADDR_MASK);
		for (uint64_t i3 = 0; i3 < 512; i3++) {
			uint64_t e3 = l3[i3], va3 = va4 | i3 << 30, and3, or3;
			const uint64_t *l2;

			if (!(e3 & ARCH_PTE_P))
				continue;
			and3 = e4 & e3;
			or3 = e4 | e3;
			if (e3 & ARCH_PTE_PS) {   /* 1 GiB page */
				paging_leaf(s, va3, e3, ARCH_BIG_PAGE * 512,
					    paging_class(pg, and3, or3, e4, e3));
				continue;
			}
			l2 = paging_table(pg, e3 & PAGING_ADDR_MASK);
			for (uint64_t i2 = 0; i2 < 512; i2++) {
				uint64_t e2 = l2[i2], va2 = va3 | i2 << 21;
				const uint64_t *l1;

				if (!(e2 & ARCH_PTE_P))
					continue;
				if (e2 & ARCH_PTE_PS) {
					paging_leaf(s, va2, e2, ARCH_BIG_PAGE,
						    paging_class(pg, and3 & e2, or3 | e2, and3, e2));
					continue;
				}
				l1 = paging_table(pg, e2 & PAGING_ADDR_MASK);
				for (uint64_t i1 = 0; i1 < 512; i1++) {
					uint64_t e1 = l1[i1];

					if (e1 & ARCH_PTE_P)
						paging_leaf(s, va2 | i1 << 12, e1, ARCH_PAGE,
							    paging_class(pg, and3 & e2 & e1,
									 or3 | e2 | e1,
									 and3 & e2, e1));
				}
			}
		}
	}
}
