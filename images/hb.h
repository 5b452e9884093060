/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Declarations shared by the image modules (one .c per image feature) and
 * the variant configuration they are built with.
 */
#ifndef HB_H
#define HB_H

#include <stdint.h>
#include <hardboot/proto.h>

#include "layout.h"
#include "lib/cmdline.h"

/* Everything here is defined inside the image: no GOT, no interposition. */
#pragma GCC visibility push(hidden)

/*
 * arm64 hardening (images/arm64/arm64.mk sets them; 0 elsewhere): BTI
 * guarded code pages, PAC return signing with key IA, a tagged heap (MTE)
 * and synchronous tag checks on it (MTE_CHECK).
 */
#ifndef HB_CFG_BTI
#define HB_CFG_BTI 0
#endif
#ifndef HB_CFG_PAC
#define HB_CFG_PAC 0
#endif
#ifndef HB_CFG_MTE
#define HB_CFG_MTE 0
#endif
#ifndef HB_CFG_MTE_CHECK
#define HB_CFG_MTE_CHECK 0
#endif

/*
 * Variant configuration.  images.mk passes every HB_CFG_* from the
 * variant's fragment (images/variants/NAME.mk, defaults = hardened); the
 * C code tests them with plain if () so every variant compiles all paths.
 */
#define HB_CANARY_NONE   0
#define HB_CANARY_RANDOM 1
#define HB_CANARY_CONST  2
#define HB_SEED_HW       0   /* all 8 words from the hardware seed */
#define HB_SEED_HALF     1   /* words 0-1 from hardware, 2-7 zero */
#define HB_SEED_TSC      2   /* the entry TSC alone */
#define HB_SEED_FIXED    3   /* seed read and reported, key a placeholder */
#define HB_SEED_NONE     4   /* no seed collected: both keys from the entry TSC */
#define HB_RNG_CHACHA    0
#define HB_RNG_LCG       1

#if !defined(HB_IMG_NAME) || !defined(HB_CFG_PROTOCOL) ||            \
	!defined(HB_CFG_BOOT_MULTIBOOT) || !defined(HB_CFG_ASLR) ||   \
	!defined(HB_CFG_BASE_BITS) || !defined(HB_CFG_STACK_BITS) ||  \
	!defined(HB_CFG_HEAP_BITS) || !defined(HB_CFG_SLOT_BIASED) || \
	!defined(HB_CFG_HEAP_CORRELATED) || !defined(HB_CFG_CANARY) || \
	!defined(HB_CFG_SEED) || !defined(HB_CFG_RNG) ||               \
	!defined(HB_CFG_CHACHA_ROUNDS) || !defined(HB_CFG_WX) || \
	!defined(HB_CFG_PIE) || !defined(HB_CFG_CET) ||              \
	!defined(HB_CFG_NOENDBR) || !defined(HB_CFG_WX_TEXT) ||          \
	!defined(HB_CFG_SLOW) || !defined(HB_CFG_SLOW_PHASE) ||          \
	!defined(HB_CFG_SLOW_CYCLES)
#error "build through images/images.mk: a HB_CFG_* setting is missing"
#endif

#if HB_CFG_BASE_BITS > 28 || HB_CFG_STACK_BITS > 28 || HB_CFG_HEAP_BITS > 28
#error "an ASLR window holds 2^28 pages"
#endif

#define HB_NORETURN __attribute__((noreturn))
#define HB_NO_CANARY __attribute__((no_stack_protector))

/* entry.S */
#define HB_BOOT_INFO 1   /* PVH start info / multiboot info found */
#define HB_BOOT_NX   2   /* CPU has NX and EFER.NXE is on */
extern char hb_boot_cmdline[];
extern uint64_t hb_boot_tsc_entry, hb_boot_tsc_paging;
extern uint32_t hb_boot_flags;
HB_NORETURN void hb_boot_switch(uint64_t cr3, uint64_t rsp, uint64_t entry,
				uint64_t arg);

/* seed.S */
#define SEED_ALLOW_RDSEED 1u
#define SEED_ALLOW_RDRAND 2u
int hb_seed_collect(uint32_t w[8], unsigned allow);
/* n raw samples of src (CMDLINE_RAW_*), 64 bits each; returns how many */
uint64_t hb_seed_raw(uint64_t *dst, uint64_t n, unsigned src);

/* link.ld.  Taken RIP-relative, as C does, each gives the address the
 * image runs at now: physical before the switch, virtual after it. */
extern char hb_text_start[], hb_text_end[], hb_rodata_start[];
extern char hb_relro_start[], hb_relro_end[], hb_data_start[], hb_data_end[];
extern char hb_image_end[];

/* boot.c: the state of this boot.  Values only, no pointers: the image
 * moves while it is in use. */
struct hb_boot {
	struct cmdline_opts opts;
	uint64_t delta;              /* virtual minus physical, image */
	uint64_t base, stack, heap;  /* region starts, virtual */
	uint64_t ring;               /* ring physical address, 0 = none */
	uint64_t shstk;              /* shadow-stack page, virtual; 0 = none */
	int cet_ss, cet_ibt;         /* CET_* below: what cet_start() did */
	int fresh;                   /* RAM looked cold at entry */
	int kat;                     /* known-answer test passed */
	int raw;                     /* RAW_* below: what raw_record() did */
	uint32_t out[CMDLINE_OUT_MAX]; /* first public output words */
};
extern struct hb_boot hb;
HB_NORETURN void hb_end(int pass);

/* record.c: one function per record kind */
void rec_start(void);
void rec_mark(const char *name, uint64_t tsc);
void rec_cpu(const char *has, const char *src, uint64_t khz);
void rec_addr(void);
void rec_secret(void);
int rec_checks(void);   /* the check record; 1 if every check passed */
void rec_pages(void);   /* the pages record (report=pages) */
void rec_check_fail(const char *name, const char *reason);
void rec_ring(uint64_t addr, uint64_t size, uint64_t len);
void rec_done(int pass);
void rec_cfi(const char *bti, const char *pac, const char *mte);
void rec_fault(uint64_t ec, uint64_t iss, uint64_t far, uint64_t elr,
	       uint64_t vec, uint64_t tgt);

/* rng.c */
void rng_seed(const struct cmdline_opts *o);
int rng_kat(void);
const char *rng_src_name(void);
const uint32_t *rng_seed_words(void);
void rng_pub_rewind(void);
void rng_pub_block(uint32_t out[16]);
void rng_pub_stream(uint32_t out[16]);   /* the same blocks, for the ring */
uint64_t rng_sys_u64(void);

/* aslr.c, reloc.c, heap.c */
int aslr_setup(void);
uint64_t aslr_cr3(void);
void aslr_finish(void);
struct paging_sum;
void aslr_summary(struct paging_sum *s);
int reloc_apply(uint64_t base);  /* base: virtual address of HB_LINK_BASE */
void *heap_alloc(uint64_t n);

/* raw.c: raw=N, the samples out through the ring before the seed is taken */
#define RAW_NONE       0   /* no raw= */
#define RAW_DONE       1   /* recorded, the host has them all */
#define RAW_SKIP_CPUID 2   /* the CPU does not offer raw_src= (or it is masked) */
void raw_record(const struct cmdline_opts *o);

/* slow.c: the slowboot image's delay, called just before each mark */
void slow_at(enum cmdline_slow at);

/* canary.c, cpu.c, ring.c */
void canary_prepare(void);   /* draw it: before the switch */
void canary_init(void);      /* set the guard: at the random base */
uint64_t canary_value(void);
void cpu_report(void);
uint64_t ring_place(void);
uint64_t ring_map_len(void);
void ring_stream(uint64_t len);

/* cet.c: the IDT with its #CP handler, CET when the CPU has it */
#define CET_OFF_BUILD 0   /* built without CET (baseline) */
#define CET_OFF_CPUID 1   /* the CPU does not offer it */
#define CET_ON        2   /* enabled and read back */
#define CET_FAILED    3   /* offered, but the read-back disagrees */
HB_NORETURN void cet_start(void);  /* IDT, CET on, then hb_main() */

/* attack.c: the payloads of attack=, each ends the boot */
void attack_run(unsigned kind);

/* main.c, foreign.c or misbehave.c: what the image is for */
HB_NORETURN void hb_main(void);

#pragma GCC visibility pop

#endif /* HB_H */
