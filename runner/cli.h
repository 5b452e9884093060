/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Command-line plumbing shared by every command: option tables (name, id,
 * argument, help) from which both getopt_long and --help are generated, and
 * checked value parsers that name the option at fault.
 *
 * A command lives in runner/cmd_NAME.c and ends with its descriptor
 * `const struct cli_cmd cmd_NAME_info`; runner/commands.h lists them all.
 */
#ifndef HB_RUNNER_CLI_H
#define HB_RUNNER_CLI_H

#include <stdio.h>

struct cli_opt {
	const char *name;
	int id;             /* < 128: also a short option */
	const char *arg;    /* NULL: a flag */
	const char *help;
};

#define CLI_OPT_HELP { "help", 'h', NULL, "this help" }
#define CLI_OPT_END { NULL, 0, NULL, NULL }

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /* returns the exit status */
	const char *args;
	const char *help;
};

/* Called for each option; non-zero stops parsing (message already printed). */
typedef int (*cli_opt_fn)(int id, const char *arg, void *ctx);

struct cli_spec {
	const char *cmd;              /* "run" */
	const char *usage;            /* "[options] SUITE.ini | IMAGE..." */
	const char *about;            /* a paragraph for --help, or NULL */
	const struct cli_opt *opts;
	void (*more_help)(void);      /* printed after the options, or NULL */
	const char *operands;         /* "one or more results directories": at
					 least one is required; NULL: none */
};

/* Parse argv.  0: *first is the first operand; 1: --help was printed;
 * -EINVAL: a usage error was printed (a missing operand too, when the
 * spec names its operands). */
int cli_parse(int argc, char **argv, const struct cli_spec *spec,
	      cli_opt_fn fn, void *ctx, int *first);
void cli_usage_opts(FILE *f, const struct cli_opt *o);

int cli_ulong(const char *opt, const char *s, unsigned long min,
	      unsigned long max, unsigned long *v);
/* N, NK, NM, NG */
int cli_size(const char *opt, const char *s, unsigned long long *v);
/* A real number for --opt between lo and hi, each end included when its
 * flag is set (CLI_LO_INCL: [lo, else (lo; CLI_HI_INCL: hi], else hi)). */
#define CLI_LO_INCL 1u
#define CLI_HI_INCL 2u
int cli_real(const char *opt, const char *s, double lo, double hi,
	     unsigned incl, double *v);
/* seconds in (0, 86400] */
int cli_seconds(const char *opt, const char *s, double *v);
/* Whether a repeatable option (--section NAME) selects name: an empty list
 * selects everything. */
int cli_selected(char *const *list, int n, const char *name);
/* one of '|'-separated choices */
int cli_choice(const char *opt, const char *s, const char *choices);

#endif
