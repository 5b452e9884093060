/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot report DIR... [-o OUT]: charts and one HTML page (page.c, chart*.c). */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "cli.h"
#include "boottime.h"
#include "run.h"

enum {
	REP_OUT = 'o',
	REP_BASELINE = 256, REP_COST, REP_COMPARE,
};

static const struct cli_opt report_opts[] = {
	{ "output", REP_OUT, "DIR", "where index.html and the charts go (default: "
	  "the last DIR/report)" },
	{ "baseline", REP_BASELINE, "SECTION", "overhead against this section (default: "
	  "the one with image baseline)" },
	{ "cost", REP_COST, "PHASE", "boot cost for overhead and trend (default qemu_cpu)" },
	{ "compare", REP_COMPARE, "FILE", "show the verdicts of hardboot compare --json FILE" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int report_opt(int id, const char *arg, void *ctx)
{
	struct report_args *a = ctx;

	switch (id) {
	case REP_OUT:
		a->out = arg;
		return 0;
	case REP_BASELINE:
		a->baseline = arg;
		return 0;
	case REP_COMPARE:
		a->compare = arg;
		return 0;
	case REP_COST:
		for (size_t i = 0; i < boottime_nphases; i++)
			if (!strcmp(boottime_phases[i].name, arg)) {
				a->cost = arg;
				return 0;
			}
		fprintf(stderr, "hardboot report: --cost: '%s' is not a boot phase:", arg);
		for (size_t i = 0; i < boottime_nphases; i++)
			fprintf(stderr, " %s", boottime_phases[i].name);
		fputc('\n', stderr);
		return -EINVAL;
	}
	return -EINVAL;
}

static void report_more_help(void)
{
	printf("\nDIRs are results directories, oldest first: the last one is the run\n"
	       "the per-configuration charts show, all of them make the trends.\n"
	       "Boot phases:");
	for (size_t i = 0; i < boottime_nphases; i++)
		printf(" %s", boottime_phases[i].name);
	printf(".\nEach chart is NAME.svg and NAME.png, drawn by NAME.gp from NAME.dat\n"
	       "(gnuplot, Debian gnuplot-nox). Exit status: 0 written, 2 usage or an\n"
	       "unreadable DIR, 3 gnuplot missing or failed (the page is still written).\n");
}

static const struct cli_spec report_spec = {
	.cmd = "report",
	.usage = "[options] DIR... [-o OUT]",
	.about = "Charts (SVG, PNG) and one static HTML page from results directories.",
	.opts = report_opts,
	.more_help = report_more_help,
	.operands = "one or more results directories",
};

static int cmd_report(int argc, char **argv)
{
	struct report_args a = { 0 };
	char *def = NULL;
	int first, rc;

	rc = cli_parse(argc, argv, &report_spec, report_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	a.dirs = argv + first;
	a.ndirs = argc - first;
	if (!a.out)
		a.out = def = g_build_filename(argv[argc - 1], "report", NULL);
	rc = report_main(&a);
	g_free(def);
	return rc;
}

const struct cli_cmd cmd_report_info = {
	"report", cmd_report, "DIR... [-o OUT]",
	"charts and one HTML page: phases, overhead, entropy, trends",
};
