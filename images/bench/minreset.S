/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The least a kernel can do per warm boot: the baseline the image targets
 * of bench/boot_throughput.sh and bench/entropy.sh are judged against.
 *
 * Entered by PVH in 32-bit protected mode with paging off, it writes the
 * protocol's last line, "HB1 done st=pass", to COM1 and triple-faults: an
 * empty IDT makes int3 a double and then a triple fault, which QEMU turns
 * into a system reset (the runner's warm line has no -no-reboot).  No
 * paging, no long mode, no TSC: what is left is QEMU's own cost of a reset,
 * the reload of a one-page image and the translation of a few blocks.
 */
#define COM1 0x3f8

	.section .note.pvh, "a"
	.balign 4
	.long	4                          /* n_namesz */
	.long	8                          /* n_descsz */
	.long	18                         /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.quad	minreset_entry

	.text
	.code32
	.globl	minreset_entry
minreset_entry:
	movl	$minreset_line, %esi
	movl	$minreset_line_end - minreset_line, %ecx
	movw	$COM1, %dx
	rep outsb                          /* QEMU's UART takes bytes at once */
	lidt	minreset_idtr
	int3

	.balign 8
minreset_idtr:
	.word	0
	.long	0
minreset_line:
	.ascii	"HB1 done st=pass\n"
minreset_line_end:
