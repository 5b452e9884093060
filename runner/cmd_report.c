/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot report DIR... [-o OUT]: charts and one HTML page (page.c, chart*.c). */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "cli.h"
#include "boottime.h"
#include "run.h"

#define REPORT_AT(m) CLI_AT(struct report_args, m)

/* --cost: a boot phase of boottime_phases[] */
static int report_cost(const char *arg, void *field, char *why, size_t n)
{
	GString *names = g_string_new(NULL);

	for (size_t i = 0; i < boottime_nphases; i++) {
		if (!strcmp(boottime_phases[i].name, arg)) {
			*(const char **)field = arg;
			g_string_free(names, TRUE);
			return 0;
		}
		g_string_append_printf(names, " %s", boottime_phases[i].name);
	}
	snprintf(why, n, "'%s' is not a boot phase:%s", arg, names->str);
	g_string_free(names, TRUE);
	return -EINVAL;
}

static const struct cli_opt report_opts[] = {
	{ "output", 'o', CLI_STR, "DIR", REPORT_AT(out), .unset = "the last DIR/report",
	  .help = "where index.html and the charts go" },
	{ "baseline", 0, CLI_STR, "SECTION", REPORT_AT(baseline),
	  .unset = "the section with image baseline", .help = "overhead against this section" },
	{ "cost", 0, CLI_CALL, "PHASE", REPORT_AT(cost), .call = report_cost,
	  .def = "qemu_cpu", .help = "boot cost for overhead and trend" },
	{ "compare-json", 0, CLI_STR, "FILE", REPORT_AT(compare_json),
	  .help = "show the verdicts of hardboot compare --json-file FILE" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static void report_phases(void)
{
	printf("\nBoot phases (--cost):");
	for (size_t i = 0; i < boottime_nphases; i++)
		printf(" %s", boottime_phases[i].name);
	printf(".\n");
}

static const char report_more[] =
	"DIRs are results directories, oldest first: the last one is the run\n"
	"the per-configuration charts show, all of them make the trends.\n"
	"Each chart is NAME.svg and NAME.png, drawn by NAME.gp from NAME.dat\n"
	"(gnuplot, Debian gnuplot-nox). Exit status: 0 written, 2 usage or an\n"
	"unreadable DIR, 3 gnuplot missing or failed (the page is still written).\n";

static const struct cli_spec report_spec = {
	.cmd = "report",
	.usage = "[options] DIR... [-o OUT]",
	.about = "Charts (SVG, PNG) and one static HTML page from results directories.",
	.opts = report_opts,
	.more_help = report_phases,
	.more = report_more,
	CLI_OPS_RESULTS(struct report_args),
};

/*
 * A results directory has run.json and boots.jsonl (a `hardboot suite`
 * output suite.json).
 * `hardboot boottime --run -o DIR` writes two runs, DIR/first (every pair
 * judged on it) and DIR/confirm (the flagged pairs sampled again): DIR
 * stands for DIR/first, whose page then carries the confirmed verdicts.
 * Anything else is named with the directory to give.
 */
static int report_resolve(struct report_args *a, GPtrArray *dirs)
{
	for (int i = 0; i < a->ndirs; i++) {
		const char *d = a->dirs[i];
		char *rj = g_build_filename(d, "run.json", NULL);
		char *sj = g_build_filename(d, "suite.json", NULL);
		char *bj = g_build_filename(d, "boots.jsonl", NULL);
		char *first = g_build_filename(d, "first", NULL);
		char *fj = g_build_filename(first, "run.json", NULL);
		int plain = g_file_test(rj, G_FILE_TEST_EXISTS) || g_file_test(sj, G_FILE_TEST_EXISTS) ||
			    g_file_test(bj, G_FILE_TEST_EXISTS);
		int bt = !plain && g_file_test(fj, G_FILE_TEST_EXISTS);

		g_free(rj);
		g_free(sj);
		g_free(bj);
		g_free(fj);
		if (bt) {
			char *cj = g_build_filename(d, "confirm", "run.json", NULL);

			fprintf(stderr, "hardboot report: %s is a boottime --run directory: the page "
				"is of its first sample, %s%s%s%s\n", d, first,
				g_file_test(cj, G_FILE_TEST_EXISTS) ? " (its flagged pairs confirmed "
				"with " : " (nothing was flagged: no confirmation sample)",
				g_file_test(cj, G_FILE_TEST_EXISTS) ? d : "",
				g_file_test(cj, G_FILE_TEST_EXISTS) ? "/confirm)" : "");
			g_free(cj);
			g_ptr_array_add(dirs, first);
			continue;
		}
		g_free(first);
		if (!plain && g_file_test(d, G_FILE_TEST_IS_DIR)) {
			fprintf(stderr, "hardboot report: %s: no run.json: give a results directory "
				"(hardboot run -o DIR), a boottime --run directory or a hardboot suite "
				"output\n", d);
			return -ENOENT;
		}
		g_ptr_array_add(dirs, g_strdup(d));
	}
	a->dirs = (char **)dirs->pdata;
	return 0;
}

static int cmd_report(int argc, char **argv)
{
	struct report_args a = { 0 };
	GPtrArray *dirs;
	char *def = NULL;
	int rc;

	rc = cli_parse(argc, argv, &report_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	dirs = g_ptr_array_new_with_free_func(g_free);
	if (report_resolve(&a, dirs)) {
		g_ptr_array_free(dirs, TRUE);
		return HB_EXIT_USAGE;
	}
	if (!a.out)
		a.out = def = g_build_filename(a.dirs[a.ndirs - 1], "report", NULL);
	rc = report_main(&a);
	g_free(def);
	g_ptr_array_free(dirs, TRUE);
	return rc;
}

const struct cli_cmd cmd_report_info = {
	"report", cmd_report, "DIR... [-o OUT]",
	"charts and one HTML page: phases, overhead, entropy, trends",
};
