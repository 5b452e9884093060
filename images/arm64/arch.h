/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AArch64 instruction wrappers for the guest images (the arm64 half of
 * lib/arch.h): system registers, the generic timer, barriers, and the two
 * ways out of a boot that QEMU's virt machine offers (semihosting exit,
 * PSCI system reset).  Every arm64-specific instruction the shared C code
 * uses is here.
 *
 * System registers are named by their encoding (S3_op1_Cn_Cm_op2) where
 * the assembler would otherwise need -march flags for the feature (RNDR,
 * PAuth keys, MTE): the images are built for plain armv8-a and probe
 * every feature at run time (ID_AA64* registers).
 */
#ifndef HB_ARM64_ARCH_H
#define HB_ARM64_ARCH_H

#include <stdint.h>

#define ARCH_PAGE     4096ull
#define ARCH_BIG_PAGE (2ull << 20)

/* Stage-1 descriptors, 4 KiB granule (Arm ARM D8.3). */
#define ARCH_PTE_VALID  (1ull << 0)
#define ARCH_PTE_TABLE  (1ull << 1)   /* table (levels 0-2) / page (level 3) */
#define ARCH_PTE_ATTR(i) ((uint64_t)(i) << 2)   /* MAIR_EL1 index */
#define ARCH_PTE_RO     (1ull << 7)   /* AP[2]: read-only */
#define ARCH_PTE_SH_IN  (3ull << 8)   /* inner shareable */
#define ARCH_PTE_AF     (1ull << 10)  /* access flag: no fault on first use */
#define ARCH_PTE_GP     (1ull << 50)  /* BTI guarded page */
#define ARCH_PTE_PXN    (1ull << 53)  /* no execution at EL1 */
#define ARCH_PTE_UXN    (1ull << 54)  /* no execution at EL0 */
#define ARCH_PTE_ADDR   0x0000fffffffff000ull

/* MAIR_EL1 slots the images use. */
#define ARCH_ATTR_NORMAL 0   /* 0xff: write-back, read/write allocate */
#define ARCH_ATTR_DEVICE 1   /* 0x00: device nGnRnE (the PL011) */
#define ARCH_ATTR_TAGGED 2   /* 0xf0: normal, tagged (MTE) */
#define ARCH_MAIR        0x0000000000f000ffull

/* TCR_EL1: 48-bit VA through TTBR0 (T0SZ 16), 4 KiB granule, write-back
 * walks, inner shareable, no TTBR1 walks (EPD1), 40-bit PA, top byte
 * ignored for TTBR0 addresses (TBI0: MTE keeps the tag there). */
#define ARCH_TCR_T0SZ   16ull
#define ARCH_TCR_WALK   ((1ull << 8) | (1ull << 10) | (3ull << 12))
#define ARCH_TCR_EPD1   (1ull << 23)
#define ARCH_TCR_IPS40  (2ull << 32)
#define ARCH_TCR_TBI0   (1ull << 37)
#define ARCH_TCR (ARCH_TCR_T0SZ | ARCH_TCR_WALK | ARCH_TCR_EPD1 | \
		  ARCH_TCR_IPS40 | ARCH_TCR_TBI0)

/* SCTLR_EL1 (Arm ARM D13.2.118). */
#define ARCH_SCTLR_M     (1ull << 0)    /* stage-1 MMU */
#define ARCH_SCTLR_C     (1ull << 2)    /* data cacheable */
#define ARCH_SCTLR_SA    (1ull << 3)    /* SP alignment check */
#define ARCH_SCTLR_I     (1ull << 12)   /* instruction cacheable */
#define ARCH_SCTLR_WXN   (1ull << 19)   /* writable implies XN */
#define ARCH_SCTLR_ENIA  (1ull << 31)   /* PAuth with key IA (PACIASP) */
#define ARCH_SCTLR_TCF_SYNC (1ull << 40) /* MTE: tag-check faults, synchronous */
#define ARCH_SCTLR_ATA   (1ull << 43)   /* MTE: EL1 may access tags */
#define ARCH_SCTLR_RES1  0x30d00800ull  /* bits RES1 without the features */

/* ID register fields (4 bits each). */
#define ARCH_ID_FIELD(v, lsb) (((v) >> (lsb)) & 0xf)
#define ARCH_ISAR0_RNDR 60   /* ID_AA64ISAR0_EL1: RNDR, RNDRRS */
#define ARCH_ISAR1_APA  4    /* ID_AA64ISAR1_EL1: PAuth, QARMA */
#define ARCH_ISAR1_API  8    /*                   PAuth, other algorithm */
#define ARCH_PFR1_BT    0    /* ID_AA64PFR1_EL1: BTI */
#define ARCH_PFR1_MTE   8    /*                  MTE (2 = with tag checks) */

/* ESR_EL1 exception classes the images report (Arm ARM D17.2.37). */
#define ARCH_EC_UNKNOWN  0x00
#define ARCH_EC_BTI      0x0d
#define ARCH_EC_IABT     0x21   /* instruction abort, same EL */
#define ARCH_EC_DABT     0x25   /* data abort, same EL */
#define ARCH_DFSC_TAG    0x11   /* synchronous tag-check fault */

#define ARCH_STR(x) #x
#define ARCH_XSTR(x) ARCH_STR(x)
#define arch_read_sysreg(name) ({                                  \
	uint64_t v_;                                               \
	__asm__ volatile("mrs %0, " ARCH_XSTR(name) : "=r"(v_));   \
	v_; })
#define arch_write_sysreg(name, v) \
	__asm__ volatile("msr " ARCH_XSTR(name) ", %0" : : "r"((uint64_t)(v)) : "memory")

#define ARCH_REG_ISAR0 S3_0_C0_C6_0   /* ID_AA64ISAR0_EL1 */
#define ARCH_REG_ISAR1 S3_0_C0_C6_1   /* ID_AA64ISAR1_EL1 */
#define ARCH_REG_PFR1  S3_0_C0_C4_1   /* ID_AA64PFR1_EL1 */
#define ARCH_REG_APIAKEYLO S3_0_C2_C1_0
#define ARCH_REG_APIAKEYHI S3_0_C2_C1_1
#define ARCH_REG_GCR   S3_0_C1_C0_6   /* GCR_EL1: tags IRG may pick */
#define ARCH_REG_RGSR  S3_0_C1_C0_5   /* RGSR_EL1: IRG's seed */

/*
 * The phase-mark counter: CNTVCT_EL0, the generic timer's virtual count
 * (CNTFRQ_EL0 ticks per second).  Named after x86's so the shared code
 * (main.c, slow.c) reads "the boot's tick counter" on both.  The isb
 * keeps the read from being taken early, as rdtsc's callers expect
 * "about here".
 */
static inline uint64_t arch_rdtsc(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t arch_cntfrq(void)
{
	return arch_read_sysreg(cntfrq_el0);
}

static inline void arch_pause(void)
{
	__asm__ volatile("yield" : : : "memory");
}

/*
 * FEAT_RNG: RNDRRS (reseeded, the rdseed of the command line's rdseed=0)
 * and RNDR (the rdrand) come together, ID_AA64ISAR0_EL1.RNDR.
 */
static inline int arch_has_rdseed(void)
{
	return ARCH_ID_FIELD(arch_read_sysreg(ARCH_REG_ISAR0), ARCH_ISAR0_RNDR) != 0;
}

static inline int arch_has_rdrand(void)
{
	return arch_has_rdseed();
}

/* raw= runs with the MMU off: every RAM address is reachable. */
#define ARCH_EARLY_MAP_END (~0ull)

/* The ring is shared with the host: order the data before the head. */
static inline void arch_barrier(void)
{
	__asm__ volatile("dmb ish" : : : "memory");
}

static inline __attribute__((noreturn)) void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf; wfi");
}

/*
 * Semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit
 * (0x20026): QEMU (-semihosting) exits with code & 0xff.  Without
 * -semihosting, HLT is undefined: the boot ends in the fault handler.
 */
static inline __attribute__((noreturn)) void arch_semihost_exit(unsigned code)
{
	uint64_t blk[2] = { 0x20026, code };
	register uint64_t x0 __asm__("x0") = 0x18;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)blk;

	__asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
	arch_halt_forever();
}

/* PSCI SYSTEM_RESET over HVC (virt's conduit at EL1): QEMU reloads the
 * ELF and starts it again; with -no-reboot it exits. */
static inline __attribute__((noreturn)) void arch_psci_reset(void)
{
	register uint64_t x0 __asm__("x0") = 0x84000009;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
	arch_halt_forever();
}

#endif /* HB_ARM64_ARCH_H */
