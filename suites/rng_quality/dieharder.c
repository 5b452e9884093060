/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "dieharder.h"

/*
 * The smoke battery of FIELD.md: in ~13 s and ~363 MB it caught a counter,
 * a stuck bit, a 32-bit LCG, xorshift32 and a 1 MiB repeat.  psamples are
 * deliberately not small: too few p-samples hide flaws (a counter PASSED
 * at -p 3).  Bytes are what each run read from a pipe, measured with
 * dieharder 3.31.1 (Debian 12); consumption is fixed by the test's
 * tsamples and psamples (diehard_craps alone varies slightly).
 */
static const struct dieharder_test dieharder_smoke_tests[] = {
	{ "sts_monobit", 100, 100, -1, 1, 40067072, 0 },
	{ "diehard_count_1s_stream", 8, 100, -1, 1, 25669632, 0 },
	{ "sts_serial", 102, 20, -1, 30, 8069120, 1 },
	{ "diehard_rank_32x32", 2, 20, -1, 1, 102465536, 0 },
	{ "dab_dct", 206, 1, -1, 1, 51265536, 0 },
	{ "diehard_operm5", 1, 20, -1, 1, 80068608, 0 },
	{ "diehard_birthdays", 0, 100, -1, 1, 15429632, 0 },
	{ "diehard_runs", 15, 100, -1, 2, 40067072, 0 },
};

/*
 * The tests of `dieharder -a`, in its order and with its parameters (each
 * test's default tsamples and psamples), one run per test and ntuple.
 * -a includes the tests dieharder -l calls "Suspect" and "Do Not Use"
 * (diehard_opso, _oqso, _dna, _sums); so do we, to stay comparable.
 */
#define DIEHARDER_A_TESTS_BUT_LAGGED_SUM                                          \
	{ "diehard_birthdays", 0, 0, -1, 1, 15429632, 0 },                 \
	{ "diehard_operm5", 1, 0, -1, 1, 400068608, 0 },                   \
	{ "diehard_rank_32x32", 2, 0, -1, 1, 512065536, 0 },               \
	{ "diehard_rank_6x8", 3, 0, -1, 1, 240062464, 0 },                 \
	{ "diehard_bitstream", 4, 0, -1, 1, 104927232, 0 },                \
	{ "diehard_opso", 5, 0, -1, 1, 838881280, 0 },                     \
	{ "diehard_oqso", 6, 0, -1, 1, 559284224, 0 },                     \
	{ "diehard_dna", 7, 0, -1, 1, 262217728, 0 },                      \
	{ "diehard_count_1s_stream", 8, 0, -1, 1, 25669632, 0 },           \
	{ "diehard_count_1s_byte", 9, 0, -1, 1, 512065536, 0 },            \
	{ "diehard_parking_lot", 10, 0, -1, 1, 9666560, 0 },               \
	{ "diehard_2dsphere", 11, 0, -1, 1, 6467584, 0 },                  \
	{ "diehard_3dsphere", 12, 0, -1, 1, 4866048, 0 },                  \
	{ "diehard_squeeze", 13, 0, -1, 1, 922664960, 0 },                 \
	{ "diehard_sums", 14, 0, -1, 1, 147456, 0 },                       \
	{ "diehard_runs", 15, 0, -1, 2, 40067072, 0 },                     \
	{ "diehard_craps", 16, 0, -1, 2, 540098560, 0 },                   \
	{ "marsaglia_tsang_gcd", 17, 0, -1, 2, 8000057344, 0 },            \
	{ "sts_monobit", 100, 0, -1, 1, 40067072, 0 },                     \
	{ "sts_runs", 101, 0, -1, 1, 40067072, 0 },                        \
	{ "sts_serial", 102, 0, -1, 30, 40067072, 1 },                     \
	{ "rgb_bitdist", 200, 0, 1, 1, 80068608, 0 },                      \
	{ "rgb_bitdist", 200, 0, 2, 1, 160006144, 0 },                     \
	{ "rgb_bitdist", 200, 0, 3, 1, 240037888, 0 },                     \
	{ "rgb_bitdist", 200, 0, 4, 1, 320057344, 0 },                     \
	{ "rgb_bitdist", 200, 0, 5, 1, 400068608, 0 },                     \
	{ "rgb_bitdist", 200, 0, 6, 1, 480067584, 0 },                     \
	{ "rgb_bitdist", 200, 0, 7, 1, 560066560, 0 },                     \
	{ "rgb_bitdist", 200, 0, 8, 1, 640069632, 0 },                     \
	{ "rgb_bitdist", 200, 0, 9, 1, 720068608, 0 },                     \
	{ "rgb_bitdist", 200, 0, 10, 1, 800067584, 0 },                    \
	{ "rgb_bitdist", 200, 0, 11, 1, 880066560, 0 },                    \
	{ "rgb_bitdist", 200, 0, 12, 1, 960069632, 0 },                    \
	{ "rgb_minimum_distance", 201, 0, 2, 1, 80068608, 0 },             \
	{ "rgb_minimum_distance", 201, 0, 3, 1, 120066048, 0 },            \
	{ "rgb_minimum_distance", 201, 0, 4, 1, 160067584, 0 },            \
	{ "rgb_minimum_distance", 201, 0, 5, 1, 200069120, 0 },            \
	{ "rgb_permutations", 202, 0, 2, 1, 80027648, 0 },                 \
	{ "rgb_permutations", 202, 0, 3, 1, 120066048, 0 },                \
	{ "rgb_permutations", 202, 0, 4, 1, 160067584, 0 },                \
	{ "rgb_permutations", 202, 0, 5, 1, 200069120, 0 }

#define DIEHARDER_A_TESTS_AFTER_LAGGED_SUM                                        \
	{ "rgb_kstest_test", 204, 0, -1, 1, 40067072, 0 },                 \
	{ "dab_bytedistrib", 205, 0, -1, 1, 614465536, 0 },                \
	{ "dab_dct", 206, 0, -1, 1, 51265536, 0 },                         \
	{ "dab_filltree", 207, 0, -1, 2, 452108288, 0 },                   \
	{ "dab_filltree2", 208, 0, -1, 2, 116920320, 0 },                  \
	{ "dab_monobit2", 209, 0, -1, 1, 260067328, 0 }

/* rgb_lagged_sum with lag n reads 10^6 * 100 * (n + 1) 32-bit words. */
#define DIEHARDER_LAG(n) \
	{ "rgb_lagged_sum", 203, 0, n, 1, 400000000ull * ((n) + 1) + 65536, 0 }

static const struct dieharder_test dieharder_nightly_tests[] = {
	DIEHARDER_A_TESTS_BUT_LAGGED_SUM,
	DIEHARDER_A_TESTS_AFTER_LAGGED_SUM,
};

static const struct dieharder_test dieharder_full_tests[] = {
	DIEHARDER_A_TESTS_BUT_LAGGED_SUM,
	DIEHARDER_LAG(0), DIEHARDER_LAG(1), DIEHARDER_LAG(2), DIEHARDER_LAG(3),
	DIEHARDER_LAG(4), DIEHARDER_LAG(5), DIEHARDER_LAG(6), DIEHARDER_LAG(7),
	DIEHARDER_LAG(8), DIEHARDER_LAG(9), DIEHARDER_LAG(10), DIEHARDER_LAG(11),
	DIEHARDER_LAG(12), DIEHARDER_LAG(13), DIEHARDER_LAG(14), DIEHARDER_LAG(15),
	DIEHARDER_LAG(16), DIEHARDER_LAG(17), DIEHARDER_LAG(18), DIEHARDER_LAG(19),
	DIEHARDER_LAG(20), DIEHARDER_LAG(21), DIEHARDER_LAG(22), DIEHARDER_LAG(23),
	DIEHARDER_LAG(24), DIEHARDER_LAG(25), DIEHARDER_LAG(26), DIEHARDER_LAG(27),
	DIEHARDER_LAG(28), DIEHARDER_LAG(29), DIEHARDER_LAG(30), DIEHARDER_LAG(31),
	DIEHARDER_LAG(32),
	DIEHARDER_A_TESTS_AFTER_LAGGED_SUM,
};

static const struct dieharder_battery dieharder_smoke = {
	"smoke", "caught a counter, stuck bit, 32-bit LCG, xorshift32, 1 MiB repeat",
	dieharder_smoke_tests, G_N_ELEMENTS(dieharder_smoke_tests),
};

static const struct dieharder_battery dieharder_nightly = {
	"nightly", "the tests of dieharder -a but rgb_lagged_sum",
	dieharder_nightly_tests, G_N_ELEMENTS(dieharder_nightly_tests),
};

static const struct dieharder_battery dieharder_full = {
	"full", "the tests of dieharder -a (224 GB of it rgb_lagged_sum)",
	dieharder_full_tests, G_N_ELEMENTS(dieharder_full_tests),
};

const struct dieharder_battery *const dieharder_batteries[] = {
	&dieharder_smoke, &dieharder_nightly, &dieharder_full, NULL,
};

const struct dieharder_battery *dieharder_battery_find(const char *name)
{
	for (const struct dieharder_battery *const *b = dieharder_batteries; *b; b++)
		if (name && !strcmp((*b)->name, name))
			return *b;
	return NULL;
}

unsigned dieharder_battery_lines(const struct dieharder_battery *b)
{
	unsigned n = 0;

	for (size_t i = 0; i < b->ntests; i++)
		n += b->tests[i].lines;
	return n;
}

uint64_t dieharder_battery_bytes(const struct dieharder_battery *b)
{
	uint64_t n = 0;

	for (size_t i = 0; i < b->ntests; i++)
		n += b->tests[i].bytes;
	return n;
}

double dieharder_false_failure(const struct dieharder_battery *b, unsigned reruns)
{
	double p = 0;

	for (size_t i = 0; i < b->ntests; i++)
		p += b->tests[i].lines * (b->tests[i].loose ?
			pow(DIEHARDER_LOOSE_Q, reruns + 1.0) :
			2 * DIEHARDER_P_FAIL + pow(2 * DIEHARDER_P_WEAK, reruns + 1.0));
	return p;
}

char **dieharder_argv(const char *prog, const struct dieharder_test *t)
{
	GPtrArray *a = g_ptr_array_new();
	static const char *const fields[] = {
		"test_name", "ntuple", "tsamples", "psamples", "pvalues",
		"assessment", "no_whitespace",
	};

	g_ptr_array_add(a, g_strdup(prog));
	g_ptr_array_add(a, g_strdup("-g"));
	g_ptr_array_add(a, g_strdup("200"));
	g_ptr_array_add(a, g_strdup("-d"));
	g_ptr_array_add(a, g_strdup_printf("%d", t->d));
	if (t->p > 0) {
		g_ptr_array_add(a, g_strdup("-p"));
		g_ptr_array_add(a, g_strdup_printf("%d", t->p));
	}
	if (t->n >= 0) {
		g_ptr_array_add(a, g_strdup("-n"));
		g_ptr_array_add(a, g_strdup_printf("%d", t->n));
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		g_ptr_array_add(a, g_strdup("-D"));
		g_ptr_array_add(a, g_strdup(fields[i]));
	}
	g_ptr_array_add(a, g_strdup("-c"));
	g_ptr_array_add(a, g_strdup(","));
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

static int dieharder_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end ? -EINVAL : 0;
}

int dieharder_parse_line(const char *line, struct dieharder_line *l)
{
	gchar **f;
	unsigned long nt;
	char *end;
	int rc = -EINVAL;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return 0;
	memset(l, 0, sizeof(*l));
	f = g_strsplit(line, ",", -1);
	if (g_strv_length(f) != 6 || !f[0][0] || strlen(f[0]) >= sizeof(l->name) ||
	    strlen(f[5]) >= sizeof(l->assessment))
		goto out;
	for (const char *c = f[0]; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '_')
			goto out;
	snprintf(l->name, sizeof(l->name), "%s", f[0]);
	if (dieharder_ulong(f[1], &nt) || nt > 100000 || dieharder_ulong(f[2], &l->tsamples) ||
	    dieharder_ulong(f[3], &l->psamples))
		goto out;
	l->ntuple = (int)nt;
	errno = 0;
	l->p = strtod(f[4], &end);
	if (errno || end == f[4] || *end || !(l->p >= 0 && l->p <= 1))
		goto out;
	if (strcmp(f[5], "PASSED") && strcmp(f[5], "WEAK") && strcmp(f[5], "FAILED"))
		goto out;
	snprintf(l->assessment, sizeof(l->assessment), "%s", f[5]);
	/* dieharder's own thresholds are ours; grade from p, not its word. */
	l->grade = rngstat_grade(l->p, 1);
	rc = 1;
out:
	g_strfreev(f);
	return rc;
}

/* Messages on stderr that mean the stream, not the generator, failed. */
static const char *const dieharder_stream_errors[] = {
	"rewound", "EOF", "Error", "error",
};

int dieharder_check_run(const struct dieharder_test *t, const char *out, const char *err,
			int wstatus, struct dieharder_line *l, unsigned max, unsigned *nl,
		 char *why, size_t n)
{
	gchar **lines = g_strsplit(out ? out : "", "\n", -1);
	unsigned got = 0;
	int rc = 0;

	*nl = 0;
	for (gchar **ln = lines; *ln && !rc; ln++) {
		struct dieharder_line one;
		int r = dieharder_parse_line(*ln, &one);

		if (r < 0) {
			snprintf(why, n, "%s: unreadable output line '%.80s'", t->name, *ln);
			rc = -EPROTO;
		} else if (r > 0) {
			if (strcmp(one.name, t->name)) {
				snprintf(why, n, "%s: a result of '%s' in its output",
					 t->name, one.name);
				rc = -EPROTO;
			} else {
				if (got < max)
					l[got] = one;
				got++;
			}
		}
	}
	g_strfreev(lines);
	for (size_t i = 0; i < G_N_ELEMENTS(dieharder_stream_errors) && !rc && err; i++) {
		const char *hit = strstr(err, dieharder_stream_errors[i]);

		if (hit) {
			const char *nl_ = strchr(hit, '\n');
			const char *bol = hit;

			while (bol > err && bol[-1] != '\n')
				bol--;
			snprintf(why, n, "%s: dieharder said '%.*s' after %u of %u "
				 "result lines: the stream ended or failed, not the "
				 "generator", t->name,
				 (int)((nl_ ? nl_ : hit + strlen(hit)) - bol), bol,
				 got, t->lines);
			rc = -EPROTO;
		}
	}
	if (!rc && !(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)) {
		if (WIFSIGNALED(wstatus))
			snprintf(why, n, "%s: dieharder killed by signal %d after %u "
				 "of %u result lines", t->name, WTERMSIG(wstatus),
				 got, t->lines);
		else
			snprintf(why, n, "%s: dieharder exited with status %d after %u "
				 "of %u result lines", t->name, WEXITSTATUS(wstatus),
				 got, t->lines);
		rc = -EPROTO;
	}
	if (!rc && got != t->lines) {
		snprintf(why, n, "%s: %u result lines, expected %u: %s", t->name,
			 got, t->lines, got < t->lines ? "a short run is never a pass" :
			 "this dieharder does not run the test as the table says");
		rc = -EPROTO;
	}
	*nl = got < max ? got : max;
	return rc;
}

int dieharder_parse_version(const char *text, char *ver, size_t n)
{
	const char *p = text ? strstr(text, "dieharder version ") : NULL;
	size_t len = 0;

	if (!p)
		return -EINVAL;
	p += strlen("dieharder version ");
	while (p[len] && (g_ascii_isdigit(p[len]) || p[len] == '.'))
		len++;
	if (!len || len >= n)
		return -EINVAL;
	memcpy(ver, p, len);
	ver[len] = '\0';
	return 0;
}
