/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The 32-bit entry of every image, the switch to long mode on the boot page
 * tables and the trampoline that moves the image to its randomized virtual
 * base.
 *
 * The image is a PIE (linked at 0, loaded at HB_PHYS_BASE), but 32-bit code
 * has no RIP-relative addressing and the linker refuses absolute 32-bit
 * relocations in a PIE.  So this file only ever names addresses as "fixed
 * load address + distance inside one section", which the assembler folds
 * into a constant: BT() for .boot.text (loaded at HB_PHYS_BASE) and BD()
 * for .boot.data (loaded at HB_BOOT_DATA); link.ld asserts both load
 * addresses.  The 64-bit code is ordinary RIP-relative code.
 *
 * Neither boot section is mapped at the random base: once the image runs
 * there, the boot code, boot page tables and command line copy are gone
 * from its address space.
 */
#include "asm.h"
#include "layout.h"
#include <hardboot/proto.h>

#define BT(x) (HB_PHYS_BASE + ((x) - hb_boot_text))
#define BD(x) (HB_BOOT_DATA + ((x) - hb_boot_data))

#define PVH_START_MAGIC   0x336ec578  /* hvm_start_info.magic */
#define MB1_HEADER_MAGIC  0x1badb002
#define MB1_INFO_CMDLINE  (1 << 2)

#define CR0_PE    (1 << 0)
#define CR0_WP    (1 << 16)
#define CR0_PG    (1 << 31)
#define CR4_PAE   (1 << 5)
#define MSR_EFER  0xc0000080
#define EFER_LME  (1 << 8)
#define EFER_NXE  (1 << 11)
#define PDE_LARGE 0x83             /* present, writable, 2 MiB page */
#define PTE_TABLE 0x03             /* present, writable */

/* hb_boot_flags bits, mirrored in hb.h */
#define BOOT_INFO 1                /* start info / multiboot info seen */
#define BOOT_NX   2                /* CPU has NX, EFER.NXE is on */

	HB_ASM_CET_NOTE

#if !HB_CFG_BOOT_MULTIBOOT
	/*
	 * PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY): name "Xen", an 8-byte
	 * entry address in an ELF64.  Its segment must stay 4-aligned: QEMU
	 * finds the descriptor by rounding the name size up to p_align.
	 */
	.section .note.pvh, "a"
	.balign 4
	.long	4                          /* n_namesz */
	.long	8                          /* n_descsz */
	.long	18                         /* n_type */
	.asciz	"Xen"
	.quad	HB_PHYS_BASE               /* = hb_entry32, link.ld asserts */
#endif

	.section .boot.text, "ax"
	.code32
hb_boot_text:

/*
 * PVH and multiboot both enter here in 32-bit protected mode with paging
 * off and %ebx pointing at the boot information.  The very first
 * instruction reads the TSC: that is the "entry" mark, taken before this
 * code has spent any time of its own.
 */
HB_ASM_FUNC(hb_entry32)
	rdtsc
	movl	%eax, BD(hb_boot_tsc_entry)
	movl	%edx, BD(hb_boot_tsc_entry) + 4
	jmp	hb_entry32_body

#if HB_CFG_BOOT_MULTIBOOT
	/* Multiboot v1 header: no flags, QEMU takes the layout from the ELF. */
	.balign 4
hb_mb1_header:
	.long	MB1_HEADER_MAGIC
	.long	0
	.long	-MB1_HEADER_MAGIC
#endif

hb_entry32_body:
	cld
	/* Any exception before the image's own handlers is a triple fault. */
	lidt	BT(hb_boot_idtr_null)
	movl	%ebx, %esi
#if HB_CFG_BOOT_MULTIBOOT
	testl	$MB1_INFO_CMDLINE, (%esi)
	jz	2f
	orl	$BOOT_INFO, BD(hb_boot_flags)
	movl	16(%esi), %esi             /* multiboot_info.cmdline */
#else
	/* qboot passes 0x2badb002 in %eax: only the magic at %ebx counts. */
	cmpl	$PVH_START_MAGIC, (%esi)
	jne	2f
	orl	$BOOT_INFO, BD(hb_boot_flags)
	cmpl	$0, 28(%esi)               /* cmdline_paddr above 4 GiB */
	jne	2f
	movl	24(%esi), %esi             /* hvm_start_info.cmdline_paddr */
#endif
	/* Copy the command line into the image, where warm resets reset it. */
	testl	%esi, %esi
	jz	2f
	movl	$BD(hb_boot_cmdline), %edi
	movl	$HB_CMDLINE_MAX - 1, %ecx
1:	lodsb
	testb	%al, %al
	jz	2f
	stosb
	loop	1b
2:
	/* NX exists on every x86_64 CPU QEMU models, but check: EFER.NXE on a
	 * CPU without it is a #GP, and an NX bit in a PTE a reserved-bit #PF. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	3f
	movl	$0x80000001, %eax
	cpuid
	btl	$20, %edx
	jnc	3f
	orl	$BOOT_NX, BD(hb_boot_flags)
3:
	/* Boot page tables: identity map 0..4 MiB with two 2 MiB pages. */
	movl	$BD(hb_boot_pdpt) + PTE_TABLE, BD(hb_boot_pml4)
	movl	$BD(hb_boot_pd) + PTE_TABLE, BD(hb_boot_pdpt)
	movl	$0x000000 + PDE_LARGE, BD(hb_boot_pd)
	movl	$0x200000 + PDE_LARGE, BD(hb_boot_pd) + 8

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$BD(hb_boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$BOOT_NX, BD(hb_boot_flags)
	jz	4f
	orl	$EFER_NXE, %eax
4:	wrmsr
	/* CR0.WP: read-only pages stay read-only for ring 0 too. */
	movl	%cr0, %eax
	orl	$CR0_PG | CR0_WP | CR0_PE, %eax
	movl	%eax, %cr0
	lgdt	BT(hb_boot_gdtr)
	ljmp	$8, $BT(hb_entry64)
HB_ASM_END(hb_entry32)

	/*
	 * Descriptors are pre-marked accessed, so the CPU never writes to
	 * them: the final copy of this GDT lives in read-only memory.
	 */
	.balign 8
hb_boot_gdt:
	.quad	0
	.quad	0x00af9b000000ffff         /* 0x08: 64-bit code, DPL 0 */
	.quad	0x00cf93000000ffff         /* 0x10: flat data */
hb_boot_gdt_end:
hb_boot_gdtr:
	.word	hb_boot_gdt_end - hb_boot_gdt - 1
	.long	BT(hb_boot_gdt)
hb_boot_idtr_null:
	.word	0
	.long	0

	.code64
hb_entry64:
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, hb_boot_tsc_paging(%rip)
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	hb_boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	call	hb_boot_early
5:	hlt
	jmp	5b

/*
 * void hb_boot_switch(uint64_t cr3, uint64_t rsp, void (*entry)(uint64_t),
 *                     uint64_t arg)
 *
 * Load the final page tables and continue at the randomized base.  The
 * instruction after "mov cr3" is fetched through the new tables, so this
 * page is also mapped at its identity address there (read-only, executable)
 * until the new code unmaps it.  A zero return address on the fresh stack
 * ends frame-pointer walks and keeps the ABI's call alignment.
 */
HB_ASM_FUNC(hb_boot_switch)
	endbr64
	movq	%rdi, %cr3
	movq	%rsi, %rsp
	movq	%rcx, %rdi
	xorl	%ebp, %ebp
	pushq	$0
	jmpq	*%rdx
HB_ASM_END(hb_boot_switch)

/*
 * Boot-time data: NOBITS, so QEMU's loader zero-fills it on every load and
 * every system reset.  The page tables must start zeroed; nothing here
 * clears them.
 */
	.section .boot.data, "aw", @nobits
	.balign 4096
hb_boot_data:
hb_boot_pml4:
	.skip	4096
hb_boot_pdpt:
	.skip	4096
hb_boot_pd:
	.skip	4096
	.globl	hb_boot_cmdline
	.hidden	hb_boot_cmdline
hb_boot_cmdline:
	.skip	HB_CMDLINE_MAX
	.globl	hb_boot_tsc_entry
	.hidden	hb_boot_tsc_entry
hb_boot_tsc_entry:
	.skip	8
	.globl	hb_boot_tsc_paging
	.hidden	hb_boot_tsc_paging
hb_boot_tsc_paging:
	.skip	8
	.globl	hb_boot_flags
	.hidden	hb_boot_flags
hb_boot_flags:
	.skip	4

	.section .hb_backing, "aw", @nobits
	.balign 16
hb_boot_stack:
	.skip	HB_BOOT_STACK_SIZE
hb_boot_stack_top:
