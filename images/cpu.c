// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The cpu and tsc records: which security-relevant CPU features the guest
 * sees, the seed source actually used, and the TSC frequency when the CPU
 * or the hypervisor states it.
 *
 * cpuid is a VM exit (~14k cycles under an emulating KVM): the four leaves
 * the features live in are read once each, and only if they exist.
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/fmt.h"

enum cpu_leaf { CPU_L1, CPU_L7, CPU_LX1, CPU_LX7, CPU_NLEAVES };
enum cpu_reg { CPU_EAX, CPU_EBX, CPU_ECX, CPU_EDX };

struct cpu_feat {
	const char *name;
	uint8_t leaf, reg;
	uint32_t bit;
};

/* In protocol order.  A table of pointers: only used after relocation. */
static const struct cpu_feat cpu_feats[] = {
	{ "rdrand", CPU_L1, CPU_ECX, ARCH_CPUID1_ECX_RDRAND },
	{ "rdseed", CPU_L7, CPU_EBX, ARCH_CPUID7_EBX_RDSEED },
	{ "nx", CPU_LX1, CPU_EDX, ARCH_CPUIDX1_EDX_NX },
	{ "cet-ss", CPU_L7, CPU_ECX, ARCH_CPUID7_ECX_CET_SS },
	{ "cet-ibt", CPU_L7, CPU_EDX, ARCH_CPUID7_EDX_CET_IBT },
	{ "invtsc", CPU_LX7, CPU_EDX, ARCH_CPUIDX7_EDX_INVTSC },
	{ "hypervisor", CPU_L1, CPU_ECX, ARCH_CPUID1_ECX_HV },
};

#define CPU_NFEATS (sizeof(cpu_feats) / sizeof(cpu_feats[0]))

static struct arch_cpuid cpu_read(uint32_t leaf, uint32_t max)
{
	struct arch_cpuid none = { 0, 0, 0, 0 };

	return leaf <= max ? arch_cpuid(leaf, 0) : none;
}

static uint32_t cpu_reg(const struct arch_cpuid *r, unsigned reg)
{
	const uint32_t regs[4] = { r->a, r->b, r->c, r->d };

	return regs[reg];
}

/*
 * TSC kHz: leaf 0x15 (crystal Hz * ratio), else leaf 0x16 (base MHz),
 * else the hypervisor timing leaf 0x40000010 (KVM with invtsc or
 * tsc-frequency; VMware).  0 when nobody says.
 */
static uint64_t cpu_tsc_khz(uint32_t max, int hypervisor)
{
	struct arch_cpuid r = cpu_read(0x15, max);

	if (r.a && r.b && r.c)
		return (uint64_t)r.c * r.b / r.a / 1000;
	r = cpu_read(0x16, max);
	if (r.a)
		return (uint64_t)r.a * 1000;
	if (hypervisor && arch_cpuid(0x40000000, 0).a >= 0x40000010)
		return arch_cpuid(0x40000010, 0).a;
	return 0;
}

void cpu_report(void)
{
	struct arch_cpuid leaf[CPU_NLEAVES];
	uint32_t max = arch_cpuid(0, 0).a;
	uint32_t max_ext = arch_cpuid(0x80000000, 0).a;
	struct fmt_line has;

	leaf[CPU_L1] = cpu_read(1, max);
	leaf[CPU_L7] = cpu_read(7, max);
	leaf[CPU_LX1] = cpu_read(0x80000001, max_ext);
	leaf[CPU_LX7] = cpu_read(0x80000007, max_ext);

	fmt_init(&has);
	for (unsigned i = 0; i < CPU_NFEATS; i++) {
		const struct cpu_feat *f = &cpu_feats[i];

		if (!(cpu_reg(&leaf[f->leaf], f->reg) & f->bit))
			continue;
		if (has.len)
			fmt_char(&has, ',');
		fmt_str(&has, f->name);
	}
	has.buf[has.len] = '\0';
	rec_cpu(has.buf, rng_src_name(),
		cpu_tsc_khz(max, leaf[CPU_L1].c & ARCH_CPUID1_ECX_HV));
}
