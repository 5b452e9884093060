/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot wire contract, part 1: the serial records.
 *
 * Shared by the guest images (freestanding, no libc) and the host runner, so
 * it holds only constants.  docs/protocol.md is the prose version; keep both
 * in step and bump HB_PROTO_VERSION on any incompatible change.
 *
 * A record is one line on COM1:
 *
 *     HB1 <kind> key=value key=value ...\n
 *
 * "HB" is the fixed tag, "1" the protocol version.  Values never contain
 * spaces; numbers are lower-case hex without 0x unless a key says otherwise.
 * Records are deliberately terse: under TCG every byte through the 16550 is
 * a port write that costs about 1 us, and warm boots run at ~1k per second.
 */
#ifndef HARDBOOT_PROTO_H
#define HARDBOOT_PROTO_H

#define HB_PROTO_VERSION 1
#define HB_PROTO_TAG "HB1"           /* tag + version, first field of a line */
#define HB_PROTO_MAX_LINE 512        /* longest legal record, '\n' included */

/* Record kinds (second field). */
#define HB_REC_START "start"   /* img=NAME proto=1 */
#define HB_REC_CPU "cpu"       /* has=FEAT,FEAT src=SEEDSRC */
#define HB_REC_TSC "tsc"       /* khz=DEC (only when CPU/hypervisor tells) */
#define HB_REC_MARK "mark"     /* NAME=TSC, one of the HB_MARK_* names */
#define HB_REC_ADDR "addr"     /* REGION=VADDR ... (stack heap base ...) */
#define HB_REC_SECRET "secret" /* canary=HEX64 seed=HEX(8 words) out=HEX */
#define HB_REC_CHECK "check"   /* NAME=pass|fail|skip[:reason] ... */
#define HB_REC_RING "ring"     /* addr=PHYS size=BYTES len=BYTES */
#define HB_REC_DONE "done"     /* st=pass|fail */
#define HB_REC_PAGES "pages"   /* n= wx= x= ss= shstk= sum=, with report=pages */
#define HB_REC_FAULT "fault"   /* ec= iss= far= elr= vec= tgt=: an exception the guest took (arm64) */

/*
 * Phase marks, in boot order.  The value is the raw TSC read at the mark.
 *   entry  - first instruction of the PVH entry point (32-bit, paging off)
 *   paging - long mode on the image's own page tables
 *   rng    - CSPRNG keyed and its known-answer test run
 *   aslr   - running at the randomized virtual base, stack and heap mapped
 *   main   - first line of the image's main()
 */
#define HB_MARK_ENTRY "entry"
#define HB_MARK_PAGING "paging"
#define HB_MARK_RNG "rng"
#define HB_MARK_ASLR "aslr"
#define HB_MARK_MAIN "main"
#define HB_NMARKS 5

/* Seed sources reported in the cpu record's src= field. */
#define HB_SRC_RDSEED "rdseed"
#define HB_SRC_RDRAND "rdrand"
#define HB_SRC_JITTER "jitter"   /* TSC-jitter fallback */
#define HB_SRC_TSC "tsc"         /* TSC value alone (rng-tsconly twin) */
#define HB_SRC_CMDLINE "cmdline" /* seed= from the kernel command line */
#define HB_SRC_RNDRRS "rndrrs"   /* arm64 FEAT_RNG, reseeded (x86 rdseed's place) */
#define HB_SRC_RNDR "rndr"       /* arm64 FEAT_RNG (x86 rdrand's place) */

/* Raw seed: 8 little 32-bit words, the 256-bit ChaCha20 key. */
#define HB_SEED_WORDS 8

/*
 * Kernel command line understood by protocol-speaking images
 * (space separated, unknown words are ignored):
 *   exit=poweroff|reset|halt  what to do after done (default poweroff =
 *                             isa-debug-exit at HB_DEBUG_EXIT_PORT)
 *   seed=HEX64                fixed-seed test mode: key = these 32 bytes
 *   bulk=N[K|M|G]             stream N keystream bytes through the ring
 *   out=N                     number of 32-bit output words in the secret
 *                             record (default 2, at most 16)
 *   rdrand=0 rdseed=0         pretend the instruction is absent (seeding
 *                             path matrix without CPUID masking)
 *   attack=ret|ibt|smash|int21|tag a control-flow or memory-tagging attack after the checks
 *                             (suites/cet/README.md); the boot ends st=fail
 *   report=cet,pages          optional: cet-ss=/cet-ibt= checks, the pages
 *                             record
 *   raw=N raw_src=SRC         raw-noise mode: N raw 64-bit samples of
 *                             rdseed|rdrand|jitter|tsc through the ring
 *                             instead of the keystream (len = 8 N)
 */
#define HB_CMDLINE_MAX 1024

/*
 * Exit conventions.  isa-debug-exit makes QEMU exit with (v << 1) | 1.
 * Protocol images write HB_EXIT_PASS or HB_EXIT_FAIL after "done".
 * Foreign (Unikraft-style) images write 41/42 to port 0x501.
 */
#define HB_DEBUG_EXIT_PORT 0xf4
#define HB_EXIT_PASS 0   /* QEMU exit status 1 */
#define HB_EXIT_FAIL 1   /* QEMU exit status 3 */
#define HB_FOREIGN_EXIT_PORT 0x501
#define HB_FOREIGN_EXIT_OK 41    /* QEMU exit status 83 */
#define HB_FOREIGN_EXIT_CRASH 42 /* QEMU exit status 85 */

#endif /* HARDBOOT_PROTO_H */
