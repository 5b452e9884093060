/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kernel command line of the protocol images (docs/protocol.md, "Command
 * line").  Words are separated by spaces; unknown words are ignored; a bad
 * value keeps the default and is reported, it never stops the boot.
 */
#ifndef HB_CMDLINE_H
#define HB_CMDLINE_H

#include <stdint.h>

enum cmdline_exit {
	CMDLINE_EXIT_POWEROFF,  /* isa-debug-exit, then halt if it is absent */
	CMDLINE_EXIT_RESET,     /* triple fault: QEMU resets (warm boots) */
	CMDLINE_EXIT_HALT,      /* cli; hlt forever, for inspection via QMP */
};

/* attack=: a payload that tries to take over control flow (attack.c) */
enum cmdline_attack {
	CMDLINE_ATTACK_NONE,
	CMDLINE_ATTACK_RET,     /* overwrite a return address */
	CMDLINE_ATTACK_IBT,     /* call through a pointer to a non-ENDBR64 target */
	CMDLINE_ATTACK_SMASH,   /* overflow a stack buffer over the return address */
	CMDLINE_ATTACK_INT21,   /* software int $21: the #CP handler without CET */
	CMDLINE_ATTACK_TAG,     /* arm64: a heap access with the wrong MTE tag */
};

/* slow=PHASE:CYCLES (the slowboot image): spin that many TSC ticks just
 * before the mark that ends PHASE (slow.c) */
enum cmdline_slow {
	CMDLINE_SLOW_NONE,
	CMDLINE_SLOW_RNG,       /* paging -> rng */
	CMDLINE_SLOW_ASLR,      /* rng -> aslr */
	CMDLINE_SLOW_MAIN,      /* aslr -> main */
	CMDLINE_SLOW_DONE,      /* main -> the done record */
};

/*
 * raw=N raw_src=SRC: record N raw samples of one early entropy source
 * before anything conditions them (images/raw.c) and hand them to the host
 * through the ring instead of the keystream.  The values are the seed
 * path's sources, in its order of preference.
 */
enum cmdline_raw_src {
	CMDLINE_RAW_RDSEED = 1, /* RDSEED's 32-bit outputs */
	CMDLINE_RAW_RDRAND,     /* RDRAND's 32-bit outputs */
	CMDLINE_RAW_JITTER,     /* TSC ticks of one timed cpuid (the default) */
	CMDLINE_RAW_TSC,        /* TSC readings (the rng-tsconly twin's source) */
};

/* Samples are 8 bytes in the ring; 2^32 of them (32 GiB) is beyond any
 * assessment and keeps 8 * N far from overflowing. */
#define CMDLINE_RAW_MAX (1ull << 32)

/* report=: optional records, comma-separated */
#define CMDLINE_REPORT_CET   1u   /* cet-ss= and cet-ibt= in the check record */
#define CMDLINE_REPORT_PAGES 2u   /* the pages record: the image's own walk */

#define CMDLINE_OUT_DEFAULT 2
#define CMDLINE_OUT_MAX     16
#define CMDLINE_NAME_MAX    16  /* bad key / do= value, NUL included */

struct cmdline_opts {
	enum cmdline_exit exit;
	uint64_t bulk;              /* bytes to stream through the ring */
	unsigned out;               /* output words in the secret record */
	int have_seed;              /* seed= given: 32 key bytes in order */
	uint32_t seed[8];
	int no_rdrand, no_rdseed;
	char bad[CMDLINE_NAME_MAX]; /* first key with a bad value, or "" */
	char act[CMDLINE_NAME_MAX]; /* do= (misbehave image) */
	enum cmdline_attack attack; /* attack= */
	unsigned report;            /* report=, CMDLINE_REPORT_* bits */
	int have_slow;              /* slow= given (slow=none included) */
	enum cmdline_slow slow;
	uint64_t slow_cycles;
	uint64_t raw;                /* raw=: samples to record, 0 = none */
	enum cmdline_raw_src raw_src; /* raw_src= */
};

/*
 * Parse s into o (defaults first).  Runs before relocation: it must not
 * use tables of pointers.
 */
void cmdline_parse(struct cmdline_opts *o, const char *s);

#endif /* HB_CMDLINE_H */
