/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading dieharder: result lines, whole runs that end early or say too
 * little or too much, the batteries' tables and the command line.  Every
 * way a run can be incomplete must be a harness error, never a pass.
 */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "dieharder.h"
#include "unit.h"

#define EXITED(c) ((c) << 8)  /* a waitpid() status of exit(c) */
#define KILLED(s) (s)         /* ... of death by signal s */

static const struct {
	const char *line;
	int rc;
	const char *name;
	double p;
	int grade;
} line_vec[] = {
	{ "sts_serial,3,100000,20,0.99945,WEAK", 1, "sts_serial", 0.99945, RNGSTAT_WEAK },
	{ "diehard_birthdays,0,100,100,0.48684187,PASSED", 1, "diehard_birthdays",
	  0.48684187, RNGSTAT_PASSED },
	{ "dab_dct,256,50000,1,0.00000000,FAILED", 1, "dab_dct", 0, RNGSTAT_FAILED },
	{ "sts_monobit,1,100000,100,1.00000000,FAILED", 1, "sts_monobit", 1,
	  RNGSTAT_FAILED },
	/* Our grade is from p: dieharder's word is kept but not trusted. */
	{ "diehard_runs,0,100000,100,0.00400000,PASSED", 1, "diehard_runs", 0.004,
	  RNGSTAT_WEAK },
	{ "", 0, NULL, 0, 0 },
	{ "   ", 0, NULL, 0, 0 },
	{ "#=============================================================#", 0, NULL, 0, 0 },
	{ "# stdin_input_raw(): Error: EOF", 0, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,0.99945", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,0.99945,WEAK,extra", -EINVAL, NULL, 0, 0 },
	{ "sts_serial|3|100000|20|0.99945|WEAK", -EINVAL, NULL, 0, 0 },
	/* The default table format, i.e. -D flags were not honoured. */
	{ "   diehard_birthdays|   0|       100|     100|0.62818822|  PASSED",
	  -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,nan,WEAK", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,1.5,PASSED", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,-0.1,PASSED", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,0.5x,PASSED", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,-3,100000,20,0.5,PASSED", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,,20,0.5,PASSED", -EINVAL, NULL, 0, 0 },
	{ "sts_serial,3,100000,20,0.5,GOOD", -EINVAL, NULL, 0, 0 },
	{ "sts serial,3,100000,20,0.5,PASSED", -EINVAL, NULL, 0, 0 },
	{ ",3,100000,20,0.5,PASSED", -EINVAL, NULL, 0, 0 },
	{ "rgb_lagged_sum,32,1000000,100,0.52051712,PASSED", 1, "rgb_lagged_sum",
	  0.52051712, RNGSTAT_PASSED },
};

static void test_lines(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(line_vec); i++) {
		struct dieharder_line l;
		int rc = dieharder_parse_line(line_vec[i].line, &l);

		if (line_vec[i].rc != 1) {
			unit_ok(rc == line_vec[i].rc, "line '%s' -> %d", line_vec[i].line, rc);
			continue;
		}
		unit_ok(rc == 1 && !strcmp(l.name, line_vec[i].name) &&
				fabs(l.p - line_vec[i].p) < 1e-12 &&
				(int)l.grade == line_vec[i].grade,
			"line '%s' -> %s p=%.8f %s", line_vec[i].line, l.name, l.p,
			rngstat_grade_name(l.grade));
	}
}

static const struct dieharder_test t_monobit = { "sts_monobit", 100, 100, -1, 1, 40067072, 0 };
static const struct dieharder_test t_runs = { "diehard_runs", 15, 100, -1, 2, 40067072, 0 };

static const struct {
	const char *name;
	const struct dieharder_test *t;
	const char *out, *err;
	int wstatus;
	int rc;
	unsigned nl;
	const char *why; /* substring of the reason */
} run_vec[] = {
	{ "complete run", &t_monobit, "sts_monobit,1,100000,100,0.37362945,PASSED\n",
	  "", EXITED(0), 0, 1, NULL },
	{ "two lines and a comment", &t_runs,
	  "#header\ndiehard_runs,0,100000,100,0.79,PASSED\n"
	  "diehard_runs,0,100000,100,0.99645912,WEAK\n", "", EXITED(0), 0, 2, NULL },
	{ "a FAILED result is still a complete run", &t_monobit,
	  "sts_monobit,1,100000,100,0.00000000,FAILED\n", "", EXITED(0), 0, 1, NULL },
	{ "EOF and no result (exit 0)", &t_monobit, "",
	  "# stdin_input_raw(): Error: EOF\n", EXITED(0), -EPROTO, 0,
	  "Error: EOF' after 0 of 1 result lines" },
	{ "EOF after one of two lines", &t_runs,
	  "diehard_runs,0,100000,100,0.79,PASSED\n",
	  "# stdin_input_raw(): Error: EOF\n", EXITED(0), -EPROTO, 1,
	  "after 1 of 2 result lines" },
	{ "a line missing, nothing said", &t_runs,
	  "diehard_runs,0,100000,100,0.79,PASSED\n", "", EXITED(0), -EPROTO, 1,
	  "1 result lines, expected 2: a short run is never a pass" },
	{ "nothing at all", &t_monobit, "", "", EXITED(0), -EPROTO, 0,
	  "0 result lines, expected 1" },
	{ "a line too many", &t_monobit,
	  "sts_monobit,1,100000,100,0.3,PASSED\nsts_monobit,1,100000,100,0.3,PASSED\n",
	  "", EXITED(0), -EPROTO, 2, "2 result lines, expected 1" },
	{ "another test's line", &t_monobit,
	  "sts_runs,2,100000,100,0.3,PASSED\n", "", EXITED(0), -EPROTO, 0,
	  "a result of 'sts_runs'" },
	{ "file input rewound", &t_monobit,
	  "sts_monobit,1,100000,100,0.3,PASSED\n",
	  "# file_input_raw(): Rewinding f at EOF\n# rewound 1 times\n",
	  EXITED(0), -EPROTO, 1, "rewound" },
	{ "unreadable output", &t_monobit, "sts_monobit|1|100000\n", "",
	  EXITED(0), -EPROTO, 0, "unreadable output line" },
	{ "non-zero exit", &t_monobit, "sts_monobit,1,100000,100,0.3,PASSED\n", "",
	  EXITED(1), -EPROTO, 1, "exited with status 1" },
	{ "killed", &t_monobit, "", "", KILLED(9), -EPROTO, 0,
	  "killed by signal 9 after 0 of 1" },
	{ "not found (exec failed)", &t_monobit, "", "", EXITED(127), -EPROTO, 0,
	  "exited with status 127" },
};

static void test_runs(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(run_vec); i++) {
		struct dieharder_line l[4];
		unsigned nl = 99;
		char why[300] = "";
		int rc = dieharder_check_run(run_vec[i].t, run_vec[i].out, run_vec[i].err,
					     run_vec[i].wstatus, l, 4, &nl, why, sizeof(why));

		unit_ok(rc == run_vec[i].rc && nl == run_vec[i].nl &&
				(!run_vec[i].why || strstr(why, run_vec[i].why)),
			"run: %s -> %d, %u lines%s%s", run_vec[i].name, rc, nl,
			why[0] ? ": " : "", why);
	}
}

static void test_batteries(void)
{
	const struct dieharder_battery *smoke = dieharder_battery_find("smoke");
	const struct dieharder_battery *nightly = dieharder_battery_find("nightly");
	const struct dieharder_battery *full = dieharder_battery_find("full");
	unsigned lagged = 0;

	unit_ok(smoke && nightly && full && !dieharder_battery_find("none") &&
			!dieharder_battery_find(NULL),
		"smoke, nightly and full exist; none is not a dieharder battery");
	if (!smoke || !nightly || !full)
		return;
	unit_ok(smoke->ntests == 8 && dieharder_battery_lines(smoke) == 38,
		"smoke: 8 runs, 38 lines (got %zu, %u)", smoke->ntests,
		dieharder_battery_lines(smoke));
	unit_ok(dieharder_battery_bytes(smoke) > 360000000 && dieharder_battery_bytes(smoke) < 366000000,
		"smoke reads ~363 MB (FIELD.md): %llu",
		(unsigned long long)dieharder_battery_bytes(smoke));
	/* dieharder -a prints 114 lines, 33 of them rgb_lagged_sum 0..32. */
	unit_ok(dieharder_battery_lines(full) == 114, "full: 114 lines like -a (got %u)",
		dieharder_battery_lines(full));
	for (size_t i = 0; i < full->ntests; i++)
		lagged += full->tests[i].d == 203;
	unit_ok(lagged == 33 && dieharder_battery_lines(nightly) == 114 - 33,
		"nightly is full without rgb_lagged_sum (%u lines)",
		dieharder_battery_lines(nightly));
	unit_ok(dieharder_battery_bytes(full) > 240e9 && dieharder_battery_bytes(nightly) > 20e9 &&
			dieharder_battery_bytes(nightly) < 24e9,
		"full ~246 GB, nightly ~22 GB (FIELD.md): %.1f, %.1f",
		(double)dieharder_battery_bytes(full) / 1e9,
		(double)dieharder_battery_bytes(nightly) / 1e9);
	for (const struct dieharder_battery *const *b = dieharder_batteries; *b; b++) {
		int ok = 1;

		for (size_t i = 0; i < (*b)->ntests; i++)
			ok &= (*b)->tests[i].bytes > 0 && (*b)->tests[i].lines > 0 &&
			      (*b)->tests[i].lines <= 30;
		unit_ok(ok, "%s: every run has its bytes and 1..30 lines", (*b)->name);
	}
}

static void test_argv(void)
{
	static const struct dieharder_test t = { "rgb_bitdist", 200, 0, 5, 1, 1, 0 };
	char **a = dieharder_argv("dieharder", &t_monobit);
	char *s = g_strjoinv(" ", a);

	unit_ok(!strcmp(s, "dieharder -g 200 -d 100 -p 100 -D test_name -D ntuple "
			"-D tsamples -D psamples -D pvalues -D assessment "
			"-D no_whitespace -c ,"),
		"argv: %s", s);
	g_free(s);
	g_strfreev(a);
	a = dieharder_argv("/usr/bin/dieharder", &t);
	s = g_strjoinv(" ", a);
	unit_ok(strstr(s, " -g 200 -d 200 -n 5 -D ") && !strstr(s, "-p ") &&
			!strstr(s, "-g 201") && !strstr(s, " -f "),
		"argv with -n and the test's own psamples, never file input: %s", s);
	g_free(s);
	g_strfreev(a);
}

static void test_misc(void)
{
	const struct dieharder_battery *smoke = dieharder_battery_find("smoke");
	char v[16];

	/* 30 loose sts_serial lines and 8 calibrated ones. */
	unit_ok(fabs(dieharder_false_failure(smoke, 1) - (30 * pow(DIEHARDER_LOOSE_Q, 2) +
							  8 * (2e-6 + 1e-4))) < 1e-12,
		"false failure, smoke, 1 rerun: %.3g", dieharder_false_failure(smoke, 1));
	unit_ok(dieharder_false_failure(smoke, 5) <= 3e-5 && dieharder_false_failure(smoke, 4) > 1e-4,
		"false failure, smoke: 5 reruns (the default) are the fewest for "
		"<= 1e-4: %.3g", dieharder_false_failure(smoke, 5));
	unit_ok(dieharder_parse_version("#====#\n#            dieharder version 3.31.1 "
					"Copyright 2003 Robert G. Brown          #\n", v,
				 sizeof(v)) == 0 && !strcmp(v, "3.31.1"),
		"version from the banner: %s", v);
	unit_ok(dieharder_parse_version("Usage: foo", v, sizeof(v)) == -EINVAL &&
			dieharder_parse_version(NULL, v, sizeof(v)) == -EINVAL,
		"no banner, no version");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_lines();
	test_runs();
	test_batteries();
	test_argv();
	test_misc();
	return unit_done();
}
