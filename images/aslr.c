// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Address space layout randomization over virtual addresses.
 *
 * Each region gets its own window (layout.h) and a page slot drawn from the
 * system generator.  The final page tables map, with 4 KiB pages:
 *   image text          at base + offset   read, execute
 *   rodata, relro       at base + offset   read only, NX
 *   data, bss           at base + offset   read, write, NX
 *   stack, heap         at their slots     read, write, NX
 *   shadow stack        above the stack    read only + dirty, NX (CET
 *                       + a guard page    builds; aslr_map_shstk)
 *   the .boot.text page at its identity    read, execute: the trampoline
 *                                          runs from it; unmapped after
 *   the ring (bulk= only), identity, 2 MiB pages, read, write, NX
 * Nothing else: page 0, the boot tables and the command line copy are gone.
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/paging.h"

/* Page tables come from .bss; the stack and heap from pages of the image
 * that are mapped nowhere else (.hb_backing, not part of the base map). */
static uint64_t aslr_pt_pool[HB_PT_POOL_PAGES][512]
	__attribute__((aligned(4096)));
static uint8_t aslr_stack_mem[HB_STACK_SIZE]
	__attribute__((section(".hb_backing"), aligned(4096)));
static uint8_t aslr_heap_mem[HB_HEAP_SIZE]
	__attribute__((section(".hb_backing"), aligned(4096)));
static uint8_t aslr_shstk_mem[HB_SHSTK_SIZE]
	__attribute__((section(".hb_backing"), aligned(4096)));
static struct paging aslr_pg;

/*
 * A slot in [0, 2^bits).  bits <= 28 and the windows are powers of two, so
 * masking a uniform 64-bit value is exactly uniform.  The aslr-biased twin
 * instead reduces with a signed 32-bit modulo and clamps negatives to 0:
 * slot 0 then comes up about half the time.
 */
static uint64_t aslr_slot(unsigned bits)
{
	uint64_t r = rng_sys_u64();

	if (!HB_CFG_ASLR)
		return 0;
	if (HB_CFG_SLOT_BIASED) {
		int n = 1 << bits;
		int idx = (int32_t)r % n;

		if (idx < 0)
			idx = 0;
		return (uint64_t)idx;
	}
	return r & ((1ull << bits) - 1);
}

static uint64_t aslr_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;   /* identity-mapped while this runs */
}

/* baseline (HB_CFG_WX = 0) maps everything writable and executable. */
static unsigned aslr_perm(unsigned flags)
{
	return HB_CFG_WX ? flags : PAGING_W | PAGING_X;
}

static int aslr_map_image(void)
{
	uint64_t t0 = aslr_phys(hb_text_start), t1 = aslr_phys(hb_text_end);
	uint64_t r0 = aslr_phys(hb_rodata_start), r1 = aslr_phys(hb_relro_end);
	uint64_t d0 = aslr_phys(hb_data_start), d1 = aslr_phys(hb_data_end);
	/* wx-violation: the text writable too, as a kernel that patches its
	 * own code in place would keep it.  The ELF segments stay R X. */
	unsigned text = (HB_CFG_WX_TEXT ? PAGING_X | PAGING_W : PAGING_X) |
			(HB_CFG_BTI ? PAGING_GUARD : 0);   /* arm64: BTI */

	return paging_map(&aslr_pg, t0 + hb.delta, t0, t1 - t0, aslr_perm(text)) ||
	       paging_map(&aslr_pg, r0 + hb.delta, r0, r1 - r0, aslr_perm(0)) ||
	       paging_map(&aslr_pg, d0 + hb.delta, d0, d1 - d0, aslr_perm(PAGING_W));
}

/*
 * The shadow stack, one page above the stack with an unmapped guard page
 * between.  The supervisor shadow-stack token, its top 8 bytes, holds its
 * own address with the busy bit clear (SDM vol. 1, 17.2.3); it is written
 * here, through the identity map, since the page is never writable at its
 * own address.  Mapped in every CET build, whether or not the CPU has CET.
 */
static int aslr_map_shstk(void)
{
	uint64_t top = hb.stack + HB_STACK_SIZE + ARCH_PAGE + HB_SHSTK_SIZE;

	hb.shstk = 0;
	if (!HB_CFG_CET)
		return 0;
	hb.shstk = top - HB_SHSTK_SIZE;
	*(volatile uint64_t *)(uintptr_t)(aslr_phys(aslr_shstk_mem) +
					  HB_SHSTK_SIZE - 8) = top - 8;
	return paging_map(&aslr_pg, hb.shstk, aslr_phys(aslr_shstk_mem),
			  HB_SHSTK_SIZE, PAGING_SS);
}

int aslr_setup(void)
{
	uint64_t s = aslr_slot(HB_CFG_STACK_BITS);
	uint64_t h = aslr_slot(HB_CFG_HEAP_BITS);
	uint64_t b = aslr_slot(HB_CFG_BASE_BITS);

	if (HB_CFG_HEAP_CORRELATED)   /* aslr-correlated: heap follows stack */
		h = s;
	hb.stack = HB_WIN_STACK + s * ARCH_PAGE;
	hb.heap = HB_WIN_HEAP + h * ARCH_PAGE;
	hb.base = HB_WIN_BASE + b * ARCH_PAGE;
	hb.delta = hb.base - HB_PHYS_BASE;

	if (paging_init(&aslr_pg, aslr_phys(aslr_pt_pool), HB_PT_POOL_PAGES,
			hb_boot_flags & HB_BOOT_NX) ||
	    aslr_map_image() ||
	    paging_map(&aslr_pg, hb.stack, aslr_phys(aslr_stack_mem),
		       HB_STACK_SIZE, aslr_perm(PAGING_W)) ||
	    paging_map(&aslr_pg, hb.heap, aslr_phys(aslr_heap_mem),
		       HB_HEAP_SIZE, aslr_perm(PAGING_W) |
		       (HB_CFG_MTE ? PAGING_TAGGED : 0)) ||
	    aslr_map_shstk() ||
	    paging_map(&aslr_pg, HB_PHYS_BASE, HB_PHYS_BASE, ARCH_PAGE,
		       PAGING_X))
		return -1;
#ifdef HB_UART_BASE
	/* arm64: the PL011, identity-mapped as Device memory */
	if (paging_map(&aslr_pg, HB_UART_BASE, HB_UART_BASE, ARCH_PAGE,
		       PAGING_W | PAGING_DEV))
		return -1;
#endif
	if (hb.opts.bulk) {
		hb.ring = ring_place();
		if (paging_map_big(&aslr_pg, hb.ring, hb.ring, ring_map_len(),
				   PAGING_W))
			return -1;
	}
	return 0;
}

uint64_t aslr_cr3(void)
{
	return aslr_pg.root;
}

/* At the random base: reach the tables through it, drop the trampoline. */
void aslr_finish(void)
{
	aslr_pg.virt_off = hb.delta;
	paging_unmap(&aslr_pg, HB_PHYS_BASE, ARCH_PAGE);
}

/* The final tables as the image itself sees them (the pages record). */
void aslr_summary(struct paging_sum *s)
{
	paging_summarize(&aslr_pg, s);
}
