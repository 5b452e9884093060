// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * main() of the protocol images (baseline, hardened and the twins): report
 * what this boot got, run the in-guest checks, stream if asked, end.
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
	if (hb.opts.bulk)
		ring_stream(hb.opts.bulk);
	hb_end(pass);
}
