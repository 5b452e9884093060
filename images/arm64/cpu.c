// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The arm64 cpu and tsc records, and the check record of what the boot
 * switched on: BTI (guarded code pages), PAC (SCTLR_EL1.EnIA with a
 * per-boot key), MTE (SCTLR_EL1.ATA and TCF synchronous).  The tsc record
 * carries CNTFRQ_EL0 in kHz: the marks count CNTVCT_EL0 ticks.
 */
#include "hb.h"
#include "arm64/cfi.h"
#include "lib/arch.h"
#include "lib/fmt.h"

static void cpu_feat(struct fmt_line *l, int has, const char *name)
{
	if (!has)
		return;
	if (l->len)
		fmt_char(l, ',');
	fmt_str(l, name);
}

/* pass when asked for, offered and read back; skip:build or skip:cpuid */
static const char *cpu_state(int built, int has, int readback)
{
	if (!built)
		return "skip:build";
	if (!has)
		return "skip:cpuid";
	return readback ? "pass" : "fail:readback";
}

void cpu_report(void)
{
	const struct arm64_cfi *c = &arm64_cfi;
	uint64_t s = c->sctlr;
	struct fmt_line has;

	fmt_init(&has);
	cpu_feat(&has, c->has_rndr, "rndr");
	cpu_feat(&has, c->has_bti, "bti");
	cpu_feat(&has, c->has_pac, "pac");
	cpu_feat(&has, c->has_mte, "mte");
	has.buf[has.len] = '\0';
	rec_cpu(has.buf, rng_src_name(), arch_cntfrq() / 1000);
	rec_cfi(cpu_state(HB_CFG_BTI, c->has_bti, 1),
		cpu_state(HB_CFG_PAC, c->has_pac, !!(s & ARCH_SCTLR_ENIA)),
		cpu_state(HB_CFG_MTE && HB_CFG_MTE_CHECK, c->has_mte,
			  (s & ARCH_SCTLR_ATA) && (s & ARCH_SCTLR_TCF_SYNC)));
}
