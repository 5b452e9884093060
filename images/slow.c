// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The slowboot image: a known delay in one named boot phase, so that the
 * boot-time suite can prove it finds a change of a known size and sign
 * (suites/boottime/README.md).  Every image compiles this; only a build with
 * HB_CFG_SLOW spins, by its default (V_SLOW_PHASE, V_SLOW_CYCLES) or by
 * slow=PHASE:CYCLES on the command line.
 */
#include "hb.h"
#include "lib/arch.h"

/*
 * Spin until the TSC has moved on by the set number of ticks.  Counting
 * TSC ticks, not loop iterations, makes the delay the same in the unit the
 * marks are taken in, however fast the CPU (or TCG) runs the loop, and
 * whether or not the host preempts the vCPU meanwhile: the phase grows by
 * at least the set amount, plus at most one loop turn (two rdtsc, tens of
 * thousands of ticks where rdtsc itself is emulated) and whatever time the
 * host keeps the vCPU off the CPU when the deadline passes.
 */
void slow_at(enum cmdline_slow at)
{
	enum cmdline_slow phase = hb.opts.have_slow ? hb.opts.slow : HB_CFG_SLOW_PHASE;
	uint64_t n = hb.opts.have_slow ? hb.opts.slow_cycles : HB_CFG_SLOW_CYCLES;
	uint64_t t0;

	if (!HB_CFG_SLOW || phase != at || !n)
		return;
	t0 = arch_rdtsc();
	while (arch_rdtsc() - t0 < n)
		arch_pause();
}
