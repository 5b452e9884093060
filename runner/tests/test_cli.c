/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table-driven tests of the option tables: each type stored into its field,
 * defaults, ranges, and the usage errors that name the option at fault. */
#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "unit.h"

struct t_args {
	int flag, progress, jobs;
	const char *str, *choice, *called;
	char **list;
	int nlist;
	unsigned long seed;
	long turn;
	double real, secs;
	uint64_t size;
};

#define T_AT(m) CLI_AT(struct t_args, m)

static int t_call(const char *arg, void *field, char *why, size_t n)
{
	if (strcmp(arg, "yes")) {
		snprintf(why, n, "'%s' is not yes", arg);
		return -EINVAL;
	}
	*(const char **)field = arg;
	return 0;
}

static const struct cli_opt t_opts[] = {
	{ "flag", 'f', CLI_FLAG, NULL, T_AT(flag), .help = "a flag" },
	CLI_OPT_PROGRESS(T_AT(progress)),
	CLI_OPT_JOBS(T_AT(jobs), "jobs"),
	{ "str", 's', CLI_STR, "S", T_AT(str), .def = "dflt", .help = "a string" },
	{ "choice", 0, CLI_CHOICE, "a|bb|c", T_AT(choice), .help = "a choice" },
	{ "call", 0, CLI_CALL, "yes", T_AT(called), .call = t_call, .help = "a call" },
	{ "item", 0, CLI_LIST, "X", CLI_LIST_AT(struct t_args, list, nlist), .help = "list" },
	CLI_OPT_SEED(T_AT(seed), "1", "seed"),
	{ "turn", 0, CLI_UINT, "N", T_AT(turn), .max = 9, .unset = "the suite's",
	  .help = "a long with a -1 sentinel" },
	{ "real", 0, CLI_REAL, "R", T_AT(real), .lo = 0, .hi = 1, .incl = CLI_HI_INCL,
	  .def = "0.5", .help = "a real in (0, 1]" },
	{ "secs", 0, CLI_SECONDS, "S", T_AT(secs), .help = "seconds" },
	{ "size", 0, CLI_SIZE, "N", T_AT(size), .min = 1, .def = "64M", .help = "a size" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_spec t_spec = {
	.cmd = "t", .usage = "[options] X...", .opts = t_opts,
	.operands = "one or two X", .min_ops = 1, .max_ops = 2,
};

static const struct {
	const char *argv;       /* split at spaces; "t" is argv[0] */
	int rc;                 /* 0, 1 (help) or -EINVAL */
	const char *err_has;    /* in stderr */
	const char *check;      /* what must hold of the args, see t_holds() */
} cases[] = {
	{ "t x", 0, NULL, "defaults" },
	{ "t -f --str s2 --choice bb --call yes x y", 0, NULL, "set" },
	{ "t --item a --item b -j 3 --turn 0 x", 0, NULL, "list" },
	{ "t --no-progress --real 1 --secs 86400 --size 2K --seed 4294967295 x", 0, NULL,
	  "bounds" },
	{ "t --progress x", 0, NULL, "progress" },
	{ "t --help", 1, NULL, NULL },
	{ "t", -EINVAL, "hardboot t: give one or two X", NULL },
	{ "t x y z", -EINVAL, "give one or two X", NULL },
	{ "t --jobs 0 x", -EINVAL, "hardboot t: --jobs: '0' is not a whole number in 1..256",
	  NULL },
	{ "t --jobs 3x x", -EINVAL, "--jobs: '3x'", NULL },
	{ "t --jobs -1 x", -EINVAL, "--jobs: '-1'", NULL },
	{ "t --seed 4294967296 x", -EINVAL, "--seed: '4294967296'", NULL },
	{ "t --real 0 x", -EINVAL, "--real: '0' is not a number in (0, 1]", NULL },
	{ "t --real nan x", -EINVAL, "--real: 'nan'", NULL },
	{ "t --secs 0 x", -EINVAL, "--secs: '0'", NULL },
	{ "t --size 0 x", -EINVAL, "--size: '0' is not a size", NULL },
	{ "t --size 1T x", -EINVAL, "--size: '1T'", NULL },
	{ "t --choice b x", -EINVAL, "--choice: 'b' is not one of a,bb,c", NULL },
	{ "t --call no x", -EINVAL, "hardboot t: --call: 'no' is not yes", NULL },
	{ "t --nope x", -EINVAL, "hardboot t: unknown option --nope", NULL },
	{ "t -z x", -EINVAL, "hardboot t: unknown option -z", NULL },
	{ "t x --str", -EINVAL, "hardboot t: --str needs a value", NULL },
	{ "t x -s", -EINVAL, "hardboot t: -s needs a value", NULL },
};

static int t_holds(const char *check, const struct t_args *a)
{
	if (!strcmp(check, "defaults"))
		return !a->flag && a->progress == -1 && !a->jobs && !strcmp(a->str, "dflt") &&
		       !a->choice && !a->list && !a->nlist && a->seed == 1 && a->turn == -1 &&
		       a->real == 0.5 && a->secs == 0 && a->size == 64 << 20;
	if (!strcmp(check, "set"))
		return a->flag && !strcmp(a->str, "s2") && !strcmp(a->choice, "bb") &&
		       !strcmp(a->called, "yes");
	if (!strcmp(check, "list"))
		return a->nlist == 2 && !strcmp(a->list[0], "a") && !strcmp(a->list[1], "b") &&
		       !a->list[2] && a->jobs == 3 && a->turn == 0;
	if (!strcmp(check, "bounds"))
		return a->progress == 0 && a->real == 1 && a->secs == 86400 &&
		       a->size == 2048 && a->seed == 4294967295UL;
	if (!strcmp(check, "progress"))
		return a->progress == 1;
	return 0;
}

/* Run cli_parse on argv with stderr and stdout (--help) into err. */
static int t_parse(char **argv, struct t_args *a, int *first, char *err, size_t n)
{
	FILE *f = tmpfile();
	int saved = dup(2), saved_out = dup(1), rc, argc = 0;
	size_t got;

	while (argv[argc])
		argc++;
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(f), 2);
	dup2(fileno(f), 1);
	rc = cli_parse(argc, argv, &t_spec, a, first);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, 2);
	dup2(saved_out, 1);
	close(saved);
	close(saved_out);
	rewind(f);
	got = fread(err, 1, n - 1, f);
	err[got] = '\0';
	g_strdelimit(err, "\n", ' ');
	fclose(f);
	return rc;
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		struct t_args a = { .progress = -1, .turn = -1 };
		char **argv = g_strsplit(cases[i].argv, " ", -1);
		char err[1024];
		int first = 0;
		int rc = t_parse(argv, &a, &first, err, sizeof(err));

		unit_ok(rc == cases[i].rc, "%s: rc %d", cases[i].argv, rc);
		if (cases[i].err_has)
			unit_ok(strstr(err, cases[i].err_has) != NULL, "%s: says '%s' (%s)",
				cases[i].argv, cases[i].err_has, err);
		if (cases[i].check)
			unit_ok(t_holds(cases[i].check, &a), "%s: %s", cases[i].argv,
				cases[i].check);
		if (!rc)
			cli_free(&t_spec, &a);
		unit_ok(!a.list && !a.nlist, "%s: lists given back", cases[i].argv);
		g_strfreev(argv);
	}
	return unit_done();
}
