/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The guest's page tables, walked from outside: CR3 from QMP (arm64:
 * TTBR0/1, TCR, SCTLR, MAIR from QEMU's gdbstub), the tables read from the
 * file that backs guest RAM (file offset = guest-physical address minus
 * where RAM starts).  QEMU's `info mem` and `info tlb` cannot show no-execute; this
 * can, and it needs nothing from the guest, so foreign images get the same
 * audit.  Nothing the guest wrote is trusted: a table outside RAM is
 * counted and skipped, and the walk stops after PAGEWALK_MAX_LEAVES leaf
 * entries, so tables that point back at themselves cannot stall the runner.
 *
 * The counts and the digest are defined exactly as the images' own walk
 * (images/lib/paging.h, the pages record), so the two can be compared:
 * pages in 4 KiB units; class W (writable at every level), X (no NX bit on
 * the walk, or EFER.NXE off), U (user at every level), SS (read-only,
 * dirty leaf under writable tables: a shadow-stack page once CR4.CET is
 * on); sum = FNV-1a 64 over every leaf's VA, PA, size and class bits.
 */
#ifndef HB_RUNNER_PAGEWALK_H
#define HB_RUNNER_PAGEWALK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "inspect.h"

#define PAGEWALK_W  1u
#define PAGEWALK_X  2u
#define PAGEWALK_U  4u
#define PAGEWALK_SS 8u

#define PAGEWALK_MAX_LEAVES (1u << 24)

/* Control-register bits the walk depends on (Intel SDM vol. 3, 2.5). */
#define PAGEWALK_CR0_WP   (1ull << 16)
#define PAGEWALK_CR0_PG   (1ull << 31)
#define PAGEWALK_CR4_PAE  (1ull << 5)
#define PAGEWALK_CR4_LA57 (1ull << 12)
#define PAGEWALK_CR4_SMEP (1ull << 20)
#define PAGEWALK_CR4_CET  (1ull << 23)
#define PAGEWALK_EFER_LMA (1ull << 10)
#define PAGEWALK_EFER_NXE (1ull << 11)

/* arm64 (Arm ARM D13.2): SCTLR_EL1, TCR_EL1, ID_AA64PFR1_EL1 fields. */
#define PAGEWALK_A64_SCTLR_M    (1ull << 0)
#define PAGEWALK_A64_SCTLR_WXN  (1ull << 19)
#define PAGEWALK_A64_SCTLR_ENIA (1ull << 31)
#define PAGEWALK_A64_SCTLR_ATA  (1ull << 43)
#define PAGEWALK_A64_TCF(sctlr) ((unsigned)((sctlr) >> 40) & 3)
#define PAGEWALK_A64_TCR_TBI0   (1ull << 37)
#define PAGEWALK_A64_PFR1_BT(p) ((unsigned)(p) & 0xf)
#define PAGEWALK_A64_PFR1_MTE(p) ((unsigned)((p) >> 8) & 0xf)

struct pagewalk_mem {
	const uint8_t *ram;       /* guest-physical base .. base + size */
	uint64_t size;
	uint64_t base;            /* where RAM starts: 0 on x86, 1 GiB on virt */
};

struct pagewalk_leaf {
	uint64_t va, pa, size;    /* size in bytes: 4 KiB, 2 MiB or 1 GiB */
	unsigned cls;             /* PAGEWALK_* */
	int wx_ring0;             /* writable and executable for ring 0 (EL1) */
	int x_el0, gp, tagged;    /* arm64: EL0-executable, BTI guarded, MTE */
};

typedef void (*pagewalk_fn)(const struct pagewalk_leaf *l, void *ctx);

struct pagewalk_sum {
	int levels;               /* 4 or 5; 0: not walked (see mode) */
	const char *mode;         /* "4-level", "5-level", "off", "32-bit", ... */
	uint64_t pages, wx, x, ss, sum;
	uint64_t wx_ring0;        /* W+X as ring 0 sees it: CR0.WP off makes
	                           * every page writable, SMEP hides user pages */
	uint64_t x_unguarded;     /* arm64: EL1-executable pages without GP */
	uint64_t x_el0, tagged;   /* arm64: EL0-executable, Normal Tagged */
	unsigned bad_tables;      /* table entries pointing outside RAM */
	int truncated;            /* stopped at PAGEWALK_MAX_LEAVES */
};

/* Walk every present leaf in address order; fn may be NULL. */
void pagewalk(const struct pagewalk_mem *m, uint64_t cr0, uint64_t cr3,
	      uint64_t cr4, uint64_t efer, pagewalk_fn fn, void *ctx,
	      struct pagewalk_sum *s);
/* The leaf that maps va; 0 and *l filled, or -ENOENT. */
int pagewalk_lookup(const struct pagewalk_mem *m, uint64_t cr0, uint64_t cr3,
		    uint64_t cr4, uint64_t efer, uint64_t va,
		    struct pagewalk_leaf *l);

/* The digest's step: FNV-1a 64 over the 8 little-endian bytes of v. */
uint64_t pagewalk_fnv(uint64_t h, uint64_t v);
/* One leaf into the counts and the digest, its class masked by sum_cls
 * there (the image's own walk digests only the classes it knows). */
void pagewalk_account(struct pagewalk_sum *s, const struct pagewalk_leaf *l,
		      unsigned sum_cls);

/* arm64 (pagewalk_arm64.c): the same from TTBR0/1, TCR, SCTLR, MAIR. */
void pagewalk_arm64(const struct pagewalk_mem *m, const struct inspect_regs *r,
		    pagewalk_fn fn, void *ctx, struct pagewalk_sum *s);
int pagewalk_arm64_lookup(const struct pagewalk_mem *m, const struct inspect_regs *r,
			  uint64_t va, struct pagewalk_leaf *l);
/* va without its top-byte tag where TCR_EL1.TBIn says there is one. */
uint64_t pagewalk_arm64_untag(const struct inspect_regs *r, uint64_t va);

/*
 * The audit of one stopped guest into o["pagetables"]: counts, W+X and
 * shadow-stack ranges, the pages holding addr.stack, addr.heap, RSP and the
 * image's shadow stack (pages.shstk), its token, and the comparison with
 * the image's own walk (o["pages"]) when it printed one.  fd is the RAM
 * file, base the guest-physical address of its first byte, size its
 * length in bytes.
 */
int pagewalk_guest(int fd, uint64_t base, uint64_t size, const struct inspect_regs *r,
		   json_t *o, char *err, size_t n);
json_t *pagewalk_audit(const struct pagewalk_mem *m, const struct inspect_regs *r,
		       json_t *boot);

/* A sparse file for guest RAM in /dev/shm (else $TMPDIR): its descriptor,
 * path in path[n]; -errno on failure, err says which call. */
int pagewalk_memfile(char *path, size_t n, unsigned long mib, char *err, size_t en);

#endif
