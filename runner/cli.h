/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Command-line plumbing shared by every command.  A command's options are
 * one table: each row names the option, its type (and range), the field
 * of the command's args struct it fills and its default.  getopt_long's
 * tables, the parsing into the fields, the error naming the option at
 * fault and --help (with each option's type, range and default) are all
 * generated from that row, so help and code cannot disagree.
 *
 * A command lives in runner/cmd_NAME.c (or its suite's folder) and ends
 * with its descriptor `const struct cli_cmd cmd_NAME_info`;
 * runner/commands.h lists them all.
 */
#ifndef HB_RUNNER_CLI_H
#define HB_RUNNER_CLI_H

#include <stddef.h>
#include <stdio.h>

enum cli_type {
	CLI_END,        /* the end of a table */
	CLI_HELP,       /* --help: print it and stop */
	CLI_FLAG,       /* int := 1; no argument */
	CLI_NOFLAG,     /* int := 0, for --no-NAME beside a CLI_FLAG */
	CLI_STR,        /* const char * := the argument */
	CLI_LIST,       /* repeatable: char ** (NULL-ended) and an int count */
	CLI_UINT,       /* whole number in [min, max] into a 4- or 8-byte field */
	CLI_REAL,       /* double between lo and hi, ends included by incl */
	CLI_SECONDS,    /* double in (0, 86400] */
	CLI_SIZE,       /* N, NK, NM, NG (powers of 1024) in [min, max], 8 bytes */
	CLI_CHOICE,     /* const char * := one of arg's "a|b|c" */
	CLI_CALL,       /* call decides what the argument means and stores it */
};

/* REAL: which ends of [lo, hi] are allowed */
#define CLI_LO_INCL 1u
#define CLI_HI_INCL 2u

/*
 * A CLI_CALL option's own logic: store what arg means in field (the
 * option's field of the args struct), or return -EINVAL with why saying
 * what is wrong with it (cli_parse names the option).
 */
typedef int (*cli_call_fn)(const char *arg, void *field, char *why, size_t n);

struct cli_opt {
	const char *name;
	char letter;            /* short option, or 0 */
	enum cli_type type;
	const char *arg;        /* shown in --help ("N", "FILE"); CHOICE: "a|b|c" */
	size_t off, size;       /* the field: CLI_AT(struct args, member) */
	size_t count;           /* LIST: offsetof its int count (CLI_LIST_AT) */
	unsigned long long min, max;    /* UINT, SIZE (max 0: no limit) */
	double lo, hi;          /* REAL */
	unsigned incl;          /* REAL: CLI_LO_INCL | CLI_HI_INCL */
	/* The default as one would type it, stored before argv is parsed and
	 * shown by --help.  NULL: the field keeps what the command put there
	 * (a library's default, shown from the field), or 'unset' says in
	 * words what leaving the option out means ("CPUs", "the suite's"). */
	const char *def;
	const char *unset;
	int required;
	cli_call_fn call;       /* CALL */
	const char *help;
};

/* The field of member m in args struct T. */
#define CLI_AT(T, m) .off = offsetof(T, m), .size = sizeof(((T *)0)->m)
/* A LIST's array v and its count n in T. */
#define CLI_LIST_AT(T, v, n) CLI_AT(T, v), .count = offsetof(T, n)

#define CLI_OPT_HELP { "help", 'h', CLI_HELP, .help = "this help" }
#define CLI_OPT_END { .name = NULL, .type = CLI_END }

/*
 * Options that mean the same in every command that has them, spelled once
 * here so that they keep one name, type and range.  'at' is the field
 * (CLI_AT), help says what it is for in that command.
 */
#define CLI_OPT_JSON(at, h) { "json", 0, CLI_FLAG, NULL, at, .help = h }
#define CLI_OPT_METRICS(at) \
	{ "metrics", 0, CLI_STR, "FILE", at, \
	  .help = "append the metric records (JSON lines, docs/results.md) to FILE" }
#define CLI_OPT_SECTION(at) \
	{ "section", 0, CLI_LIST, "NAME", at, .unset = "every section", \
	  .help = "only this section" }
#define CLI_OPT_IMAGES(at) \
	{ "images", 0, CLI_STR, "DIR", at, .help = "image directory with manifest.json" }
#define CLI_OPT_ACCEL(at, u, h) \
	{ "accel", 0, CLI_CHOICE, "auto|kvm|tcg", at, .unset = u, .help = h }
#define CLI_OPT_JOBS(at, h) \
	{ "jobs", 'j', CLI_UINT, "N", at, .min = 1, .max = 256, .unset = "CPUs", .help = h }
#define CLI_OPT_BOOTS(at, u, h) \
	{ "boots", 0, CLI_UINT, "N", at, .min = 1, .max = 100000000, .unset = u, .help = h }
#define CLI_OPT_PROGRESS(at) \
	{ "progress", 0, CLI_FLAG, NULL, at, .unset = "on a TTY", \
	  .help = "progress bar even when not a TTY" }, \
	{ "no-progress", 0, CLI_NOFLAG, NULL, at, .help = "no progress bar" }
/* Statistics: a test's level, an interval's, resamples, and the seed of
 * the MT19937 generator behind them (32 bits: gsl_rng_set() keeps those). */
#define CLI_OPT_ALPHA(at, d, h) \
	{ "alpha", 0, CLI_REAL, "A", at, .lo = 0, .hi = 0.5, .def = d, .help = h }
#define CLI_OPT_CONFIDENCE(at, d, h) \
	{ "confidence", 0, CLI_REAL, "C", at, .lo = 0.5, .hi = 1, .def = d, .help = h }
#define CLI_OPT_BOOTSTRAP(at, d, h) \
	{ "bootstrap", 0, CLI_UINT, "N", at, .min = 100, .max = 1000000, .def = d, .help = h }
#define CLI_OPT_SEED(at, d, h) \
	{ "seed", 0, CLI_UINT, "N", at, .max = 0xffffffffu, .def = d, .help = h }

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /* returns the exit status */
	const char *args;
	const char *help;
};

struct cli_spec {
	const char *cmd;              /* "run" */
	const char *usage;            /* "[options] SUITE.ini | IMAGE..." */
	const char *about;            /* a paragraph for --help, or NULL */
	const struct cli_opt *opts;
	void (*more_help)(void);      /* after the options, what is computed, or NULL */
	const char *more;             /* then this text, or NULL */
	/* Operands after the options: at least min_ops, at most max_ops
	 * (CLI_ANY: no limit); operands names them in the error.  With
	 * CLI_OPS_AT they are stored in args too, as the array and count of
	 * a LIST. */
	const char *operands;         /* "one or more results directories" */
	int min_ops, max_ops;
	int store_ops;
	size_t ops_off, nops_off;
};

#define CLI_ANY (-1)
#define CLI_OPS_AT(T, v, n) \
	.store_ops = 1, .ops_off = offsetof(T, v), .nops_off = offsetof(T, n)
/* The operands of the commands that read runs: T's dirs and ndirs. */
#define CLI_OPS_RESULTS(T) \
	.operands = "one or more results directories", .min_ops = 1, \
	.max_ops = CLI_ANY, CLI_OPS_AT(T, dirs, ndirs)

/*
 * Store each option's default, then parse argv into args (the struct the
 * table's fields are in).  0: *first (unless NULL) is the first operand;
 * 1: --help was printed; -EINVAL: a usage error was printed, naming the
 * option or the operands at fault.  On 0, cli_free() gives back the lists.
 */
int cli_parse(int argc, char **argv, const struct cli_spec *spec, void *args,
	      int *first);
void cli_free(const struct cli_spec *spec, void *args);
/* cli_parse's non-zero result as the command's exit status: 0 after
 * --help, 2 for a usage error. */
int cli_status(int rc);
/* Whether a repeatable option (--section NAME) selects name: an empty list
 * selects everything. */
int cli_selected(char *const *list, int n, const char *name);

#endif
