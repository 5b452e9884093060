// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * main() of the protocol images (baseline, hardened and the twins): report
 * what this boot got, run the in-guest checks, report the page tables and
 * run an attack= payload if asked, stream if asked, end.
 */
#include "hb.h"
#include "lib/arch.h"

HB_NORETURN void hb_main(void)
{
	int pass;

	rec_mark(HB_MARK_MAIN, arch_rdtsc());
	cpu_report();
	rec_addr();
	rec_secret();
	pass = rec_checks();
	if (hb.opts.report & CMDLINE_REPORT_PAGES)
		rec_pages();
	if (hb.opts.attack)
		attack_run(hb.opts.attack);   /* ends the boot, one way or another */
	if (hb.opts.bulk && !hb.opts.raw)   /* raw=: the ring carried samples */
		ring_stream(hb.opts.bulk);
	hb_end(pass);
}
