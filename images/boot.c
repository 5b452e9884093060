// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The C half of the boot: seed, self-test, choose and build the randomized
 * layout, relocate, switch to it; then end the boot.
 *
 * hb_boot_early() runs identity-mapped at the load address, unrelocated, so
 * it may only use code, RIP-relative data and string literals: a pointer
 * stored in data holds its link-time value until it is relocated to the
 * random base, just before the switch, and points nowhere useful here.
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/serial.h"

#define HB_FRESH_COLD 0x636f6c64u   /* "cold": .data as the ELF file has it */
#define HB_FRESH_USED 0x75736564u   /* "used" */

struct hb_boot hb;

/*
 * Set at the end of every boot, checked at the start of the next: a warm
 * (reset) boot must see .data and .bss as a cold boot does, i.e. QEMU's
 * loader must have copied the image and zero-filled .bss again.
 */
static uint32_t hb_fresh_bss;
static uint32_t hb_fresh_data = HB_FRESH_COLD;

/* The final GDT, same selectors as the boot one in entry.S; accessed bits
 * preset so the CPU never writes to this read-only copy. */
static const uint64_t hb_gdt[3] = {
	0, 0x00af9b000000ffffull, 0x00cf93000000ffffull,
};

HB_NORETURN void hb_end(int pass)
{
	hb_fresh_bss = 1;
	hb_fresh_data = HB_FRESH_USED;
	if (!HB_CFG_PROTOCOL) {
		arch_outb(HB_FOREIGN_EXIT_PORT,
			  pass ? HB_FOREIGN_EXIT_OK : HB_FOREIGN_EXIT_CRASH);
		arch_halt_forever();
	}
	slow_at(CMDLINE_SLOW_DONE);
	rec_done(pass);
	switch (hb.opts.exit) {
	case CMDLINE_EXIT_RESET:
		arch_triple_fault();
	case CMDLINE_EXIT_HALT:
		arch_halt_forever();
	case CMDLINE_EXIT_POWEROFF:
	default:
		/* No isa-debug-exit device: the write is ignored; halt. */
		arch_outb(HB_DEBUG_EXIT_PORT, pass ? HB_EXIT_PASS : HB_EXIT_FAIL);
		arch_halt_forever();
	}
}

/* Runs at the random base on the random stack; never returns, so changing
 * the stack guard here cannot trip a canary check of a live frame. */
static HB_NORETURN HB_NO_CANARY void hb_boot_late(uint64_t arg)
{
	(void)arg;
	arch_lgdt(hb_gdt, sizeof(hb_gdt) - 1);
	aslr_finish();
	slow_at(CMDLINE_SLOW_ASLR);
	if (HB_CFG_PROTOCOL)
		rec_mark(HB_MARK_ASLR, arch_rdtsc());
	slow_at(CMDLINE_SLOW_MAIN);
	canary_init();
	cet_start();   /* the #CP handler, CET if the CPU has it; hb_main() */
}

HB_NORETURN void hb_boot_early(void);
HB_NORETURN void hb_boot_early(void)
{
	hb.fresh = hb_fresh_bss == 0 && hb_fresh_data == HB_FRESH_COLD;
	serial_init();
	if (HB_CFG_PROTOCOL) {
		rec_start();
		rec_mark(HB_MARK_ENTRY, hb_boot_tsc_entry);
		rec_mark(HB_MARK_PAGING, hb_boot_tsc_paging);
	}
	cmdline_parse(&hb.opts, hb_boot_cmdline);
	/* raw=N: the source's raw samples, before the seed path reads it */
	if (HB_CFG_PROTOCOL && hb.opts.raw)
		raw_record(&hb.opts);
	rng_seed(&hb.opts);
	hb.kat = rng_kat();
	rng_pub_rewind();
	rng_pub_block(hb.out);
	slow_at(CMDLINE_SLOW_RNG);
	if (HB_CFG_PROTOCOL)
		rec_mark(HB_MARK_RNG, arch_rdtsc());
	if (aslr_setup() || reloc_apply(hb.base)) {
		if (HB_CFG_PROTOCOL)
			rec_check_fail("layout", "tables");
		hb_end(0);
	}
	canary_prepare();
	hb_boot_switch(aslr_cr3(), hb.stack + HB_STACK_SIZE,
		       (uint64_t)(uintptr_t)hb_boot_late + hb.delta, 0);
}
