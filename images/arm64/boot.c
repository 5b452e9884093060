// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The C half of the arm64 boot: command line, seed, self-test, layout,
 * relocation, then the switch to the image's own tables with the
 * hardening on (WXN, PAC key IA, MTE tag checks); then end the boot by
 * semihosting exit or PSCI reset.
 *
 * hb_boot_early() runs with the MMU off at the load address, unrelocated:
 * only code, PC-relative data and string literals (see images/boot.c).
 *
 * PAC is switched on by the same SCTLR_EL1 write that turns on the MMU,
 * in hb_boot_switch, and the functions live before it never return: a
 * frame signed while EnIA was clear (PACIASP is then a NOP) would fail
 * its AUTIASP after the switch.
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/serial.h"
#include "arm64/cfi.h"

#define HB_FRESH_COLD 0x636f6c64u   /* "cold" */
#define HB_FRESH_USED 0x75736564u   /* "used" */
#define BOOT_GCR_RRND (1ull << 16)  /* IRG: random tags, not from RGSR */
#define BOOT_GCR_EXCL0 1ull         /* IRG never picks tag 0 */

struct hb_boot hb;
char hb_boot_cmdline[HB_CMDLINE_MAX];
uint64_t hb_boot_tsc_entry, hb_boot_tsc_paging;
uint32_t hb_boot_flags = HB_BOOT_NX;
struct arm64_cfi arm64_cfi;

static uint32_t hb_fresh_bss;
static uint32_t hb_fresh_data = HB_FRESH_COLD;

void fdt_bootargs(char *dst);
void hb_vectors(void);
extern uint64_t __stack_chk_guard;
HB_NORETURN void hb_boot_switch(uint64_t ttbr0, uint64_t sp, uint64_t entry,
				uint64_t sctlr);

HB_NORETURN void hb_end(int pass)
{
	hb_fresh_bss = 1;
	hb_fresh_data = HB_FRESH_USED;
	slow_at(CMDLINE_SLOW_DONE);
	rec_done(pass);
	switch (hb.opts.exit) {
	case CMDLINE_EXIT_RESET:
		arch_psci_reset();
	case CMDLINE_EXIT_HALT:
		arch_halt_forever();
	case CMDLINE_EXIT_POWEROFF:
	default:
		/* the x86 statuses: (v << 1) | 1 of isa-debug-exit */
		arch_semihost_exit(((pass ? HB_EXIT_PASS : HB_EXIT_FAIL) << 1) | 1);
	}
}

/* What the CPU offers (ID registers), read once before the switch. */
static void boot_features(void)
{
	uint64_t isar0 = arch_read_sysreg(ARCH_REG_ISAR0);
	uint64_t isar1 = arch_read_sysreg(ARCH_REG_ISAR1);
	uint64_t pfr1 = arch_read_sysreg(ARCH_REG_PFR1);

	arm64_cfi.has_rndr = ARCH_ID_FIELD(isar0, ARCH_ISAR0_RNDR) != 0;
	arm64_cfi.has_pac = ARCH_ID_FIELD(isar1, ARCH_ISAR1_APA) != 0 ||
			    ARCH_ID_FIELD(isar1, ARCH_ISAR1_API) != 0;
	arm64_cfi.has_bti = ARCH_ID_FIELD(pfr1, ARCH_PFR1_BT) != 0;
	/* 2 = FEAT_MTE2, tag checks; 1 is instructions only.  QEMU shows 2
	 * only with virt,mte=on (the tag memory). */
	arm64_cfi.has_mte = ARCH_ID_FIELD(pfr1, ARCH_PFR1_MTE) >= 2;
}

/* SCTLR_EL1 for the switch, and the registers it depends on. */
static uint64_t boot_sctlr(void)
{
	uint64_t sctlr = ARCH_SCTLR_RES1 | ARCH_SCTLR_M | ARCH_SCTLR_C |
			 ARCH_SCTLR_I | ARCH_SCTLR_SA;

	/* wx-violation maps its text W+X: with WXN that text could not run */
	if (HB_CFG_WX && !HB_CFG_WX_TEXT)
		sctlr |= ARCH_SCTLR_WXN;
	if (HB_CFG_PAC && arm64_cfi.has_pac) {
		/* a fresh 128-bit key every boot, from the system generator */
		arch_write_sysreg(ARCH_REG_APIAKEYLO, rng_sys_u64());
		arch_write_sysreg(ARCH_REG_APIAKEYHI, rng_sys_u64());
		sctlr |= ARCH_SCTLR_ENIA;
	}
	if (HB_CFG_MTE && arm64_cfi.has_mte) {
		arch_write_sysreg(ARCH_REG_GCR, BOOT_GCR_RRND | BOOT_GCR_EXCL0);
		arch_write_sysreg(ARCH_REG_RGSR, rng_sys_u64() & 0xffff00ull);
		sctlr |= ARCH_SCTLR_ATA;
		if (HB_CFG_MTE_CHECK)
			sctlr |= ARCH_SCTLR_TCF_SYNC;
	}
	arch_write_sysreg(mair_el1, ARCH_MAIR);
	arch_write_sysreg(tcr_el1, ARCH_TCR);
	return sctlr;
}

/* At the random base, on the random stack; never returns. */
static HB_NORETURN HB_NO_CANARY void hb_boot_late(uint64_t arg)
{
	(void)arg;
	/* first: the canary's address at the random base (SP_EL0, see arm64.mk) */
	arch_write_sysreg(sp_el0, (uint64_t)(uintptr_t)&__stack_chk_guard);
	arch_write_sysreg(vbar_el1, (uint64_t)(uintptr_t)hb_vectors);
	__asm__ volatile("isb");
	aslr_finish();
	slow_at(CMDLINE_SLOW_ASLR);
	rec_mark(HB_MARK_ASLR, arch_rdtsc());
	slow_at(CMDLINE_SLOW_MAIN);
	canary_init();
	arm64_cfi.sctlr = arch_read_sysreg(sctlr_el1);
	hb_main();
}

HB_NORETURN void hb_boot_early(void);
HB_NORETURN void hb_boot_early(void)
{
	uint64_t sctlr;

	hb.fresh = hb_fresh_bss == 0 && hb_fresh_data == HB_FRESH_COLD;
	serial_init();
	rec_start();
	rec_mark(HB_MARK_ENTRY, hb_boot_tsc_entry);
	rec_mark(HB_MARK_PAGING, hb_boot_tsc_paging);
	fdt_bootargs(hb_boot_cmdline);
	cmdline_parse(&hb.opts, hb_boot_cmdline);
	boot_features();
	/* raw=N: the source's raw samples, before the seed path reads it */
	if (hb.opts.raw)
		raw_record(&hb.opts);
	rng_seed(&hb.opts);
	hb.kat = rng_kat();
	rng_pub_rewind();
	rng_pub_block(hb.out);
	slow_at(CMDLINE_SLOW_RNG);
	rec_mark(HB_MARK_RNG, arch_rdtsc());
	if (aslr_setup() || reloc_apply(hb.base)) {
		rec_check_fail("layout", "tables");
		hb_end(0);
	}
	canary_prepare();
	sctlr = boot_sctlr();
	hb_boot_switch(aslr_cr3(), hb.stack + HB_STACK_SIZE,
		       (uint64_t)(uintptr_t)hb_boot_late + hb.delta, sctlr);
}
