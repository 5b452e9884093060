/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * x86_64 instruction wrappers for the guest images: port I/O, CPUID, MSRs,
 * control registers and the TSC (the seeding instructions live in
 * seed.S).
 * Every architecture-specific instruction the C code uses is here, so a
 * port to another architecture replaces this one header.
 *
 * All of these run in ring 0 and many cause VM exits (cpuid, port I/O,
 * rdtsc under some hypervisors): under an emulating KVM each costs 10-30k
 * cycles, so callers issue them once and cache the answer.
 */
#ifndef HB_ARCH_H
#define HB_ARCH_H

#if defined(__aarch64__)
#include "../arm64/arch.h"
#else

#include <stdint.h>

/* Page table entry bits (Intel SDM vol. 3, 4.5). */
#define ARCH_PTE_P   (1ull << 0)  /* present */
#define ARCH_PTE_W   (1ull << 1)  /* writable */
#define ARCH_PTE_U   (1ull << 2)  /* user */
#define ARCH_PTE_D   (1ull << 6)  /* dirty (leaf entries) */
#define ARCH_PTE_PS  (1ull << 7)  /* 2 MiB page in a PD entry */
#define ARCH_PTE_NX  (1ull << 63) /* no execute; needs EFER.NXE */
#define ARCH_PAGE    4096ull
#define ARCH_BIG_PAGE (2ull << 20)

/* CPUID bits, as (leaf, register, bit) in the names. */
#define ARCH_CPUID1_ECX_RDRAND  (1u << 30)
#define ARCH_CPUID1_ECX_HV      (1u << 31)
#define ARCH_CPUID7_EBX_RDSEED  (1u << 18)
#define ARCH_CPUID7_ECX_CET_SS  (1u << 7)
#define ARCH_CPUID7_EDX_CET_IBT (1u << 20)
#define ARCH_CPUIDX1_EDX_NX     (1u << 20) /* leaf 0x80000001 */
#define ARCH_CPUIDX7_EDX_INVTSC (1u << 8)  /* leaf 0x80000007 */

/* CET (Intel SDM vol. 1, ch. 17; vol. 3, 2.5 and 4.6). */
#define ARCH_CR4_CET            (1ull << 23)
#define ARCH_MSR_S_CET          0x6a2      /* supervisor CET controls */
#define ARCH_MSR_PL0_SSP        0x6a4      /* ring-0 shadow-stack pointer */
#define ARCH_S_CET_SH_STK_EN    (1ull << 0)
#define ARCH_S_CET_ENDBR_EN     (1ull << 2)
#define ARCH_CP_VECTOR          21         /* #CP, control protection */

struct arch_cpuid {
	uint32_t a, b, c, d;
};

static inline struct arch_cpuid arch_cpuid(uint32_t leaf, uint32_t sub)
{
	struct arch_cpuid r;

	__asm__ volatile("cpuid"
			 : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			 : "a"(leaf), "c"(sub));
	return r;
}

static inline void arch_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void arch_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t arch_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* rdtsc is not ordered against earlier loads; marks want "about here". */
static inline uint64_t arch_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t arch_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void arch_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void arch_write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t arch_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t arch_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t arch_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void arch_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/*
 * The shadow-stack pointer, or 0 while shadow stacks are off: rdsspq is
 * in the NOP space, so without CET it leaves the register as it was.
 */
static inline uint64_t arch_rdssp(void)
{
	uint64_t v = 0;

	__asm__ volatile("rdsspq %0" : "+r"(v));
	return v;
}

/* Drop one stale translation after a PTE was cleared or changed. */
/* Load the GDT register; segment registers keep their cached descriptors. */
static inline void arch_lgdt(const void *base, uint16_t limit)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr = { limit, (uint64_t)(uintptr_t)base };

	__asm__ volatile("lgdt %0" : : "m"(gdtr));
}

/* Load the IDT register. */
static inline void arch_lidt(const void *base, uint16_t limit)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { limit, (uint64_t)(uintptr_t)base };

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static inline void arch_invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Spin-wait hint: lets an SMT sibling or the hypervisor run meanwhile. */
static inline void arch_pause(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* The hardware generators the seed path may read (raw.c asks too). */
static inline int arch_has_rdseed(void)
{
	return arch_cpuid(0, 0).a >= 7 && (arch_cpuid(7, 0).b & ARCH_CPUID7_EBX_RDSEED);
}

static inline int arch_has_rdrand(void)
{
	return !!(arch_cpuid(1, 0).c & ARCH_CPUID1_ECX_RDRAND);
}

/* Where raw= may put its samples before paging is final: the boot tables
 * identity-map 0..4 MiB (layout.h). */
#define ARCH_EARLY_MAP_END HB_BOOT_MAP_END

/* Keeps the compiler from moving memory accesses across it (x86 is TSO). */
static inline void arch_barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

static inline __attribute__((noreturn)) void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/*
 * Reset the machine from inside: with an IDT of limit 0 every exception
 * fails to deliver, #DF does too, and the CPU shuts down; QEMU turns the
 * shutdown into a system reset (or an exit with -no-reboot).
 */
static inline __attribute__((noreturn)) void arch_triple_fault(void)
{
	static const struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { 0, 0 };

	__asm__ volatile("lidt %0; int3" : : "m"(idtr));
	__builtin_unreachable();
}

#endif /* x86_64 */
#endif /* HB_ARCH_H */
