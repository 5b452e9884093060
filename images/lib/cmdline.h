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
};

/*
 * Parse s into o (defaults first).  Runs before relocation: it must not
 * use tables of pointers.
 */
void cmdline_parse(struct cmdline_opts *o, const char *s);

#endif /* HB_CMDLINE_H */
