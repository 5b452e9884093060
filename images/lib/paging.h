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
/*
 * A shadow-stack page: read-only and dirty in the leaf, writable above it
 * (SDM vol. 3, 4.6: the otherwise impossible combination marks shadow
 * stacks once CR4.CET is on), and NX.  PAGING_W and PAGING_X are ignored.
 */
#define PAGING_SS 4u
/* arm64 only (images/arm64/paging.c): Device memory (the UART), tagged
 * Normal memory (MTE heap), a BTI-guarded code page (descriptor GP). */
#define PAGING_DEV    8u
#define PAGING_TAGGED 16u
#define PAGING_GUARD  32u

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

/*
 * What the tables map, as the host's walk of the same tables counts it
 * (runner/pagewalk.c; docs/protocol.md, the pages record).  Sizes are in
 * 4 KiB pages, a 2 MiB page counting 512.  A leaf's class is W (writable
 * at every level), X (no NX bit at any level, or no NX at all), U (user at
 * every level) and SS (read-only, dirty leaf under writable tables).
 * sum is FNV-1a 64 over every leaf in address order: its virtual address,
 * physical address, size in bytes and class bits (W 1, X 2, U 4, SS 8),
 * each as 8 little-endian bytes.
 */
#define PAGING_CLASS_W  1u
#define PAGING_CLASS_X  2u
#define PAGING_CLASS_U  4u
#define PAGING_CLASS_SS 8u

struct paging_sum {
	uint64_t pages, wx, x, ss;
	uint64_t sum;
};

void paging_summarize(const struct paging *pg, struct paging_sum *s);

#endif /* HB_PAGING_H */
