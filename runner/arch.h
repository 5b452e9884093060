/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Guest architectures: the one table of what differs between booting an
 * x86_64 image and an arm64 one (QEMU binary, machine, how the guest's
 * exit status and reset reach QEMU, where guest RAM starts).  Everything
 * else (records, ring, outcomes, cold and warm boots) is the same.
 */
#ifndef HB_RUNNER_ARCH_H
#define HB_RUNNER_ARCH_H

#include <stdint.h>

/* Where registers of a stopped guest come from (inspect.c). */
enum arch_regs {
	ARCH_REGS_MONITOR,     /* QMP `info registers`: all the walk needs */
	ARCH_REGS_GDBSTUB,     /* -gdb: system registers the monitor lacks */
};

enum arch_exit {
	ARCH_EXIT_ISA_DEBUG,   /* -device isa-debug-exit: status (v << 1) | 1 */
	ARCH_EXIT_SEMIHOSTING, /* -semihosting: SYS_EXIT, status code & 0xff */
};

struct arch_desc {
	const char *name;          /* manifest "arch" */
	unsigned elf_machine;      /* e_machine of its ELF kernels */
	unsigned elf_machine32;    /* a 32-bit wrapper's (multiboot), or 0 */
	const char *qemu;          /* default QEMU binary */
	const char *machine;       /* default machine */
	const char *cpu;           /* default -cpu */
	enum arch_exit exit;
	const char *reset;         /* the guest's own reset, for people */
	uint64_t ram_base;         /* guest-physical address of RAM byte 0 */
	enum arch_regs regs;       /* inspection's register source */
};

extern const struct arch_desc arch_table[];
extern const unsigned arch_count;

/* By manifest name, NULL if unknown. */
const struct arch_desc *arch_by_name(const char *name);
/* By ELF e_machine, NULL if no guest architecture has it. */
const struct arch_desc *arch_by_elf(unsigned machine);
/* The host's own architecture (KVM runs only guests of it). */
const struct arch_desc *arch_host(void);
/* The full -M value for a machine name ("microvm" and "virt" get the
 * options hardboot needs); g_free it. */
char *arch_machine_line(const struct arch_desc *a, const char *machine);
/* The same as a static string: machine itself when it is not expanded. */
const char *arch_machine_expanded(const char *machine);
/* Why a machine name is expanded, or NULL when it is not. */
const char *arch_machine_why(const char *machine);

#endif
