/* SPDX-License-Identifier: GPL-3.0-or-later */
/* arm64 hardening state of this boot, shared by boot.c, cpu.c, fault.c
 * and attack.c. */
#ifndef HB_ARM64_CFI_H
#define HB_ARM64_CFI_H

#include <stdint.h>

struct arm64_cfi {
	int has_rndr, has_pac, has_bti, has_mte;  /* ID registers */
	uint64_t sctlr;                           /* read back after the switch */
	unsigned attack;                          /* the attack= running, or 0 */
	uint64_t target;                          /* where a hijack would land */
};
extern struct arm64_cfi arm64_cfi;

__attribute__((noreturn)) void fault_report(uint64_t esr, uint64_t far,
					    uint64_t elr, uint64_t vec);

/* cfi.S */
uint64_t attack_gadget(void);
void attack_ret_victim(uint64_t target);
void attack_landing(void);
uint64_t mte_irg(uint64_t p);        /* p with a random tag (GCR_EL1 excl.) */
void mte_stg(uint64_t p);            /* set the 16-byte granule's tag */
uint64_t mte_load(uint64_t p);       /* one 64-bit load through p */

#endif
