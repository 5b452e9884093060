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

static int cmd_report(int argc, char **argv)
{
	struct report_args a = { 0 };
	char *def = NULL;
	int rc;

	rc = cli_parse(argc, argv, &report_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
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
