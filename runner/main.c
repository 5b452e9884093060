/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot: boot hardened unikernel images in QEMU by the hundred and
 * measure what their hardening really gives.  main() dispatches to the
 * commands listed in commands.h; each returns its exit status and only
 * main() exits.
 */
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "hardboot/proto.h"
#include "hardboot/ring.h"
#include "image.h"
#include "metric.h"
#include "run.h"
#include "version.h"

#define HB_DECLARE(name) extern const struct cli_cmd cmd_##name##_info;
HB_COMMANDS(HB_DECLARE)

#define HB_LIST(name) &cmd_##name##_info,
static const struct cli_cmd *const cli_cmds[] = { HB_COMMANDS(HB_LIST) NULL };

static int cmd_help(void)
{
	printf("usage: hardboot COMMAND [options]\n\ncommands:\n");
	for (const struct cli_cmd *const *c = cli_cmds; *c; c++)
		printf("  %-8s %-24s %s\n", (*c)->name, (*c)->args, (*c)->help);
	printf("\n'hardboot COMMAND --help' for a command's options.\n"
	       "exit status: 0 all passed, 1 a boot failed a check, 2 usage or\n"
	       "configuration error, 3 infrastructure error, 130 interrupted\n");
	return 0;
}

static int cmd_version(void)
{
	printf("hardboot %s (git %s)\n", HB_RELEASE, version_git_rev());
	printf("results schema %d, metric records schema %d, serial protocol %s, "
	       "bulk ring version %d\n", HB_RESULTS_SCHEMA, METRIC_SCHEMA,
	       HB_PROTO_TAG, HB_RING_VERSION);
	printf("images %s, suites %s\n", image_default_dir(), image_suites_dir());
	return 0;
}

int main(int argc, char **argv)
{
	/* A closed pipe or socket (QMP of an exited QEMU, a reader that went
	 * away) is an error to report, not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	/* GSL's default handler abort()s on a domain error (a quantile at an
	 * extreme argument): statistics code checks results instead, and a
	 * dying runner would tear the line it was writing. */
	gsl_set_error_handler_off();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		cmd_help();
		return HB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h"))
		return cmd_help();
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
		return cmd_version();
	for (const struct cli_cmd *const *c = cli_cmds; *c; c++)
		if (!strcmp((*c)->name, argv[1]))
			return (*c)->fn(argc - 1, argv + 1);
	fprintf(stderr, "hardboot: unknown command '%s' (see hardboot help)\n", argv[1]);
	return HB_EXIT_USAGE;
}
