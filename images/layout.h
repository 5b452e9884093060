/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Physical and virtual memory layout of the hardboot images.  Shared by
 * the linker script, the assembly entry and the C code, so only plain
 * #defines live here.
 *
 * Physical (what QEMU's ELF loader fills, 1 MiB up):
 *   HB_PHYS_BASE   .boot.text  32-bit entry, GDT, trampoline (RX, 1 page)
 *   HB_BOOT_DATA   .boot.data  boot page tables, command line copy (RW)
 *   ...            .text .rodata .data.rel.ro .data .bss, then the stack
 *                  and heap backing pages
 *   2 MiB aligned  the bulk ring, outside the image (only with bulk=)
 *
 * Virtual, after the switch (every window 16 TiB apart, so a region can
 * never run into another one; everything between is unmapped):
 *   HB_WIN_HEAP  + slot * 4 KiB   heap,  2^28 slots by default
 *   HB_WIN_STACK + slot * 4 KiB   stack, 2^28 slots by default; in CET
 *                                 builds the shadow stack one guard page
 *                                 above it (HB_SHSTK_SIZE)
 *   HB_WIN_BASE  + slot * 4 KiB   image, 2^20 slots by default
 *   the ring (identity, NX) when bulk= is given
 */
#ifndef HB_LAYOUT_H
#define HB_LAYOUT_H

#if defined(__aarch64__)
/* virt: RAM from 1 GiB, QEMU puts the device tree at its start */
#define HB_RAM_BASE        0x40000000
#define HB_PHYS_BASE       0x40200000  /* where the image is loaded */
#define HB_UART_BASE       0x09000000  /* PL011 of the virt machine */
#else
#define HB_PHYS_BASE       0x100000  /* where the image is loaded */
#endif
/*
 * Link address of the image: 0 makes the ELF a PIE (ET_DYN); baseline
 * (HB_CFG_PIE = 0) links at its load address and comes out ET_EXEC, as an
 * unhardened build would.  The code is position independent either way.
 */
#if defined(HB_CFG_PIE) && !HB_CFG_PIE
#define HB_LINK_BASE       HB_PHYS_BASE
#else
#define HB_LINK_BASE       0
#endif
#define HB_BOOT_DATA       (HB_PHYS_BASE + 0x1000)  /* one page in */
#define HB_BOOT_MAP_END    0x400000  /* boot tables identity-map 0..4 MiB */

#define HB_WIN_HEAP        0x100000000000
#define HB_WIN_STACK       0x300000000000
#define HB_WIN_BASE        0x500000000000
#define HB_WIN_SIZE        0x10000000000  /* 1 TiB: 2^28 pages */

#define HB_BOOT_STACK_SIZE 0x2000
#define HB_STACK_SIZE      0x4000
#define HB_HEAP_SIZE       0x4000
#define HB_PT_POOL_PAGES   24
#define HB_SHSTK_SIZE      0x1000     /* shadow stack, one guard page above the stack */

#define HB_RING_ALIGN      0x200000
#define HB_RING_SIZE       0x400000   /* data bytes, a power of two */

#endif /* HB_LAYOUT_H */
