// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The cpu and tsc records: which security-relevant CPU features the guest
 * sees, the seed source actually used, and the TSC frequency when the CPU
 * or the hypervisor states it.
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/fmt.h"

enum cpu_reg { CPU_EBX, CPU_ECX, CPU_EDX };

struct cpu_feat {
	const char *name;
	uint32_t leaf;
	enum cpu_reg reg;
	uint32_t bit;
};

/* In protocol order.  A table of pointers: only used after relocation. */
static const struct cpu_feat cpu_feats[] = {
	{ "rdrand", 1, CPU_ECX, ARCH_CPUID1_ECX_RDRAND },
	{ "rdseed", 7, CPU_EBX, ARCH_CPUID7_EBX_RDSEED },
	{ "nx", 0x80000001, CPU_EDX, ARCH_CPUIDX1_EDX_NX },
	{ "cet-ss", 7, CPU_ECX, ARCH_CPUID7_ECX_CET_SS },
	{ "cet-ibt", 7, CPU_EDX, ARCH_CPUID7_EDX_CET_IBT },
	{ "invtsc", 0x80000007, CPU_EDX, ARCH_CPUIDX7_EDX_INVTSC },
	{ "hypervisor", 1, CPU_ECX, ARCH_CPUID1_ECX_HV },
};

#define CPU_NFEATS (sizeof(cpu_feats) / sizeof(cpu_feats[0]))

/* cpuid is a VM exit: ask each leaf once, and only if it exists. */
static struct arch_cpuid cpu_leaf(uint32_t leaf)
{
	static struct arch_cpuid cache[CPU_NFEATS];
	static uint32_t cached[CPU_NFEATS];
	static uint32_t max_basic, max_ext;
	struct arch_cpuid none = { 0, 0, 0, 0 };
	unsigned i;

	if (!max_basic) {
		max_basic = arch_cpuid(0, 0).a;
		max_ext = arch_cpuid(0x80000000, 0).a;
	}
	if (leaf < 0x80000000 ? leaf > max_basic : leaf > max_ext)
		return none;
	for (i = 0; i < CPU_NFEATS && cached[i]; i++)
		if (cached[i] == leaf + 1)
			return cache[i];
	if (i == CPU_NFEATS)
		return arch_cpuid(leaf, 0);
	cached[i] = leaf + 1;
	cache[i] = arch_cpuid(leaf, 0);
	return cache[i];
}

static uint32_t cpu_reg(struct arch_cpuid r, enum cpu_reg reg)
{
	return reg == CPU_EBX ? r.b : reg == CPU_ECX ? r.c : r.d;
}

/*
 * TSC kHz: leaf 0x15 (crystal Hz * ratio), else leaf 0x16 (base MHz),
 * else the hypervisor timing leaf 0x40000010 (KVM with invtsc or
 * tsc-frequency; VMware).  0 when nobody says.
 */
static uint64_t cpu_tsc_khz(void)
{
	struct arch_cpuid r = cpu_leaf(0x15);

	if (r.a && r.b && r.c)
		return (uint64_t)r.c * r.b / r.a / 1000;
	r = cpu_leaf(0x16);
	if (r.a)
		return (uint64_t)r.a * 1000;
	if (cpu_reg(cpu_leaf(1), CPU_ECX) & ARCH_CPUID1_ECX_HV &&
	    arch_cpuid(0x40000000, 0).a >= 0x40000010)
		return arch_cpuid(0x40000010, 0).a;
	return 0;
}

void cpu_report(void)
{
	char has[96];
	size_t n = 0;
	uint64_t khz;

	has[0] = '\0';
	for (unsigned i = 0; i < CPU_NFEATS; i++) {
		const struct cpu_feat *f = &cpu_feats[i];

		if (!(cpu_reg(cpu_leaf(f->leaf), f->reg) & f->bit))
			continue;
		n += fmt_format(has + n, sizeof(has) - n, "%s%s",
				n ? "," : "", f->name);
	}
	rec_printf("cpu has=%s src=%s", n ? has : "-", rng_src_name());
	khz = cpu_tsc_khz();
	if (khz)
		rec_printf("tsc khz=%lu", khz);
}
