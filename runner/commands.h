/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every hardboot command, in the order `hardboot help` lists them.  Adding
 * one is a file runner/cmd_NAME.c ending in `const struct cli_cmd
 * cmd_NAME_info` plus one line here.
 */
#ifndef HB_RUNNER_COMMANDS_H
#define HB_RUNNER_COMMANDS_H

#define HB_COMMANDS(X) \
	X(suite)       \
	X(run)         \
	X(stream)      \
	X(merge)       \
	X(entropy)     \
	X(plan)        \
	X(rng)         \
	X(keying)      \
	X(boottime)    \
	X(chacha)      \
	X(compare)     \
	X(report)      \
	X(checksec)    \
	X(pagetables)  \
	X(sp80090b)    \
	X(rawnoise)

#endif
