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
