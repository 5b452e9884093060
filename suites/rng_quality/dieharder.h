/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dieharder as a subprocess: batteries as tables of runs, the command line
 * of one run, and the reading of its machine output.
 *
 * Pitfalls this module exists for (FIELD.md, dieharder 3.31.1):
 *  - dieharder exits 0 even when a test FAILED, so its status says nothing
 *    about the generator; only the result lines do;
 *  - a stream that ends early prints "# stdin_input_raw(): Error: EOF" on
 *    stderr and may print no result at all: every run's result lines are
 *    counted against the table, and a missing line, an EOF message or a
 *    "rewound" is a harness error, never a pass;
 *  - file input (-g 201) silently rewinds and re-reads the file: only -g 200
 *    (raw stdin) is ever used, fed from a pipe;
 *  - the default output has a rands/second field whose measurement reads
 *    extra stream: the output fields are chosen explicitly with -D flags and
 *    -c ',' so each result is one line "name,ntuple,tsamples,psamples,p,
 *    assessment" and nothing else reads the stream.
 *
 * Each run is one dieharder process for one test (and one ntuple where the
 * test takes -n), so a short stream or a WEAK can be pinned on one test and
 * that test alone rerun on fresh data.
 */
#ifndef HB_RUNNER_DIEHARDER_H
#define HB_RUNNER_DIEHARDER_H

#include <stddef.h>
#include <stdint.h>

#include "rngstat.h"

/* dieharder's own defaults (-W, -X); ours are the same, both tails. */
#define DIEHARDER_P_WEAK RNGSTAT_P_WEAK
#define DIEHARDER_P_FAIL RNGSTAT_P_FAIL

struct dieharder_test {
	const char *name;   /* test_name as dieharder prints it */
	int d;              /* -d */
	int p;              /* -p psamples; 0: the test's default, as -a uses */
	int n;              /* -n ntuple; -1: not given */
	unsigned lines;     /* result lines one run prints */
	uint64_t bytes;     /* stream one run reads (dieharder 3.31.1, measured) */
	int loose;          /* its p-values crowd the tails even for a good
	                     * generator: a FAILED line is rerun like a WEAK */
};

/*
 * Share of a loose test's lines that are not PASSED for a good generator:
 * sts_serial -p 20 fed ChaCha20 under 60 keys (the host's, 1800 lines):
 * 113 not PASSED, 108 of them p > 0.995, 2 FAILED (p = 0.9999993 and
 * above); rate 0.063, 99% upper bound 0.0775, used as 0.08.  The exact KS
 * (-k 1) does not help (56 of 1020), nor -p 100 (16 of 660): the test
 * itself, not the KS step, is off.  The other smoke tests, 20 batteries:
 * 4 of 158 lines, as chance has it.
 */
#define DIEHARDER_LOOSE_RATE 0.063
#define DIEHARDER_LOOSE_Q 0.08

struct dieharder_battery {
	const char *name;   /* smoke | nightly | full */
	const char *about;
	const struct dieharder_test *tests;
	size_t ntests;
};

/* Every battery, in the order --help lists them. */
extern const struct dieharder_battery *const dieharder_batteries[];

const struct dieharder_battery *dieharder_battery_find(const char *name);
unsigned dieharder_battery_lines(const struct dieharder_battery *b);
uint64_t dieharder_battery_bytes(const struct dieharder_battery *b);

/*
 * Union bound on the chance that a good generator fails the battery with
 * R reruns: each line of a calibrated test fails at once with p < 1e-6 or
 * > 1 - 1e-6 (2e-6), or when it is WEAK (0.01) and stays WEAK or worse in
 * each of R reruns on fresh data (0.01 each); a loose test's line fails
 * only when it is not PASSED in all R + 1 runs:
 *   P <= sum over lines of (2e-6 + 0.01^(R+1))  or  DIEHARDER_LOOSE_Q^(R+1).
 */
double dieharder_false_failure(const struct dieharder_battery *b, unsigned reruns);

/* argv for one run reading raw stdin: -g 200 -d D [-p P] [-n N] -D ... -c ,
 * (g_strfreev()). */
char **dieharder_argv(const char *prog, const struct dieharder_test *t);

struct dieharder_line {
	char name[48];
	int ntuple;
	unsigned long tsamples, psamples;
	double p;
	char assessment[12];        /* dieharder's word: PASSED, WEAK, FAILED */
	enum rngstat_grade grade;   /* ours, from p, both tails */
};

/*
 * One line of stdout.  1: a result (l filled); 0: a comment or blank
 * line; -EINVAL: anything else (the output format is not what -D asked
 * for).
 */
int dieharder_parse_line(const char *line, struct dieharder_line *l);

/*
 * Everything one run said.  out and err are its whole stdout and stderr,
 * wstatus its waitpid() status.  Fills up to max lines in l and *nl.  0
 * when the run is complete: exit status 0, exactly t->lines results of
 * test t->name, nothing on stderr that says the stream failed.  Otherwise
 * -EPROTO with a one-line reason in why: a harness error.
 */
int dieharder_check_run(const struct dieharder_test *t, const char *out, const char *err,
			int wstatus, struct dieharder_line *l, unsigned max, unsigned *nl,
		 char *why, size_t n);

/* "3.31.1" from the banner dieharder prints with -l; -EINVAL if none. */
int dieharder_parse_version(const char *text, char *ver, size_t n);

#endif
