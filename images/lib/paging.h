/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * 4-level x86_64 page tables built from a static pool of zeroed pages.
 *
 * Tables are named by physical address; virt_off turns one into a pointer
 * (0 while the image runs identity-mapped, the image's relocation delta
 * once the pool is reached through the randomized mapping).
 */
#ifndef HB_PAGING_H
#define HB_PAGING_H

#include <stdint.h>

#define PAGING_W 1u   /* writable */
#define PAGING_X 2u   /* executable; without it the page is NX */

struct paging {
	uint64_t root;      /* physical address of the PML4 */
	uint64_t pool;      /* physical address of the first pool page */
	unsigned used, cap; /* pool pages handed out / available */
	uint64_t virt_off;
	uint64_t nx;        /* the NX bit, or 0 when the CPU has no NX */
};

/* Take the PML4 from the pool.  Returns 0, or -1 if the pool is empty. */
int paging_init(struct paging *pg, uint64_t pool_phys, unsigned pages,
		int have_nx);
/* Map [va, va+len) to [pa, pa+len) with 4 KiB pages; -1 if out of tables. */
int paging_map(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
	       unsigned flags);
/* The same with 2 MiB pages (va, pa, len 2 MiB aligned). */
int paging_map_big(struct paging *pg, uint64_t va, uint64_t pa, uint64_t len,
		   unsigned flags);
/* Remove 4 KiB mappings and flush them from this CPU's TLB. */
void paging_unmap(struct paging *pg, uint64_t va, uint64_t len);

#endif /* HB_PAGING_H */
