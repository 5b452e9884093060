// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Control-flow enforcement for ring 0, and the #CP handler.
 *
 * Every image loads an IDT whose only present gate is #CP (vector 21):
 * any other exception still finds a not-present gate, escalates to a
 * double fault with no gate either, and shuts the machine down, as before.
 * The handler reports "check cp=fail:REASON" and ends the boot; it is
 * reached by a real #CP where CET is on, and by a software "int $21"
 * anywhere, so its reporting is tested without CET.
 *
 * When CPUID.7.0 shows them (ECX bit 7 shadow stack, EDX bit 20 IBT) and
 * the image was built with -fcf-protection=full, cet_start() turns them on
 * for ring 0: CR4.CET, then IA32_PL0_SSP at the supervisor shadow-stack
 * token, IA32_S_CET (SH_STK_EN, ENDBR_EN) and setssbsy, which checks the
 * token, marks it busy and loads SSP.  The shadow-stack page is mapped
 * read-only + dirty in every CET build (aslr.c), so the host can check its
 * encoding even where the CPU has no CET.
 *
 * NO_TRACK_EN stays clear: a "notrack jmp" must land on ENDBR64 like any
 * other indirect jump.  The images are built with -fno-jump-tables, so the
 * compiler never emits one.
 */
#include "hb.h"
#include "lib/arch.h"

#define CET_IDT_GATES (ARCH_CP_VECTOR + 1)
#define CET_GATE_INTR 0x8e00u   /* present, DPL 0, 64-bit interrupt gate */
#define CET_CODE_SEL  0x08      /* the 64-bit code selector (boot.c GDT) */

/* #CP error codes (SDM vol. 3, 6.15, interrupt 21). */
#define CET_CP_NEAR_RET  1
#define CET_CP_FAR_RET   2
#define CET_CP_ENDBRANCH 3
#define CET_CP_RSTORSSP  4
#define CET_CP_SETSSBSY  5

/* cfi.S: the entry stub, which finds out whether an error code was pushed. */
void cet_cp_entry(void);
HB_NORETURN void cet_cp_report(uint64_t err, uint64_t soft, uint64_t rip);

/* Gates are 16 bytes; built at run time, since a gate splits the handler
 * address into three fields no relocation can patch. */
static uint64_t cet_idt[2 * CET_IDT_GATES] __attribute__((aligned(16)));

static void cet_idt_load(void)
{
	uint64_t h = (uint64_t)(uintptr_t)cet_cp_entry;
	uint64_t *g = &cet_idt[2 * ARCH_CP_VECTOR];

	g[0] = (h & 0xffff) | (uint64_t)CET_CODE_SEL << 16 |
	       (uint64_t)CET_GATE_INTR << 32 | (h & 0xffff0000ull) << 32;
	g[1] = h >> 32;
	arch_lidt(cet_idt, sizeof(cet_idt) - 1);
}

static const char *cet_cp_reason(uint64_t err, uint64_t soft)
{
	if (soft)
		return "software";
	switch (err & 0x7fff) {
	case CET_CP_NEAR_RET:
		return "near-ret";
	case CET_CP_FAR_RET:
		return "far-ret";
	case CET_CP_ENDBRANCH:
		return "endbranch";
	case CET_CP_RSTORSSP:
		return "rstorssp";
	case CET_CP_SETSSBSY:
		return "setssbsy";
	default:
		return "other";
	}
}

/* Called by cet_cp_entry on an aligned stack; never returns, so it never
 * needs the shadow stack's view of the interrupted frame. */
HB_NORETURN HB_NO_CANARY void cet_cp_report(uint64_t err, uint64_t soft,
					     uint64_t rip)
{
	(void)rip;
	if (HB_CFG_PROTOCOL)
		rec_check_fail("cp", cet_cp_reason(err, soft));
	hb_end(0);
}

/* What the CPU offers; nothing in a build without -fcf-protection. */
static void cet_cpuid(int *ss, int *ibt)
{
	struct arch_cpuid l7 = { 0, 0, 0, 0 };

	if (HB_CFG_CET && arch_cpuid(0, 0).a >= 7)
		l7 = arch_cpuid(7, 0);
	*ss = HB_CFG_CET && (l7.c & ARCH_CPUID7_ECX_CET_SS) && hb.shstk;
	*ibt = HB_CFG_CET && (l7.d & ARCH_CPUID7_EDX_CET_IBT);
	hb.cet_ss = HB_CFG_CET ? CET_OFF_CPUID : CET_OFF_BUILD;
	hb.cet_ibt = hb.cet_ss;
}

/*
 * Runs once, at the random base on the random stack, and never returns:
 * the moment setssbsy loads SSP the shadow stack is empty, and a ret from
 * any frame older than this one would raise #CP near-ret.  Between the
 * wrmsr that sets SH_STK_EN and setssbsy there is no call or ret either
 * (SSP is not yet valid): one asm statement holds both.
 */
HB_NORETURN HB_NO_CANARY void cet_start(void)
{
	uint64_t token = hb.shstk + HB_SHSTK_SIZE - 8;
	uint64_t s_cet = 0;
	int ss, ibt;

	cet_idt_load();
	cet_cpuid(&ss, &ibt);
	if (ss)
		s_cet |= ARCH_S_CET_SH_STK_EN;
	if (ibt)
		s_cet |= ARCH_S_CET_ENDBR_EN;
	if (s_cet) {
		/* CR4.CET needs CR0.WP, which entry.S set. */
		arch_write_cr4(arch_read_cr4() | ARCH_CR4_CET);
		if (ss)
			arch_wrmsr(ARCH_MSR_PL0_SSP, token);
		__asm__ volatile("wrmsr\n\t"
				 "testl %3, %3\n\t"
				 "jz 1f\n\t"
				 "setssbsy\n"
				 "1:"
				 : : "c"(ARCH_MSR_S_CET), "a"((uint32_t)s_cet),
				   "d"((uint32_t)(s_cet >> 32)), "r"(ss)
				 : "memory", "cc");
		/* Read back what the CPU took. */
		if (ss)
			hb.cet_ss = (arch_read_cr4() & ARCH_CR4_CET) &&
				    (arch_rdmsr(ARCH_MSR_S_CET) & ARCH_S_CET_SH_STK_EN) &&
				    arch_rdssp() == token ? CET_ON : CET_FAILED;
		if (ibt)
			hb.cet_ibt = (arch_read_cr4() & ARCH_CR4_CET) &&
				     (arch_rdmsr(ARCH_MSR_S_CET) & ARCH_S_CET_ENDBR_EN) ?
				     CET_ON : CET_FAILED;
	}
	hb_main();
}
