/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot compare BASE NEW: the regression gate of two runs (compare.c). */
#include "cli.h"
#include "compare.h"
#include "run.h"

#define COMPARE_AT(m) CLI_AT(struct compare_args, m)

static const struct cli_opt compare_opts[] = {
	{ "markdown", 'm', CLI_STR, "FILE", COMPARE_AT(markdown),
	  .unset = "stdout, unless --json", .help = "the Markdown summary into FILE" },
	{ "junit", 0, CLI_STR, "FILE", COMPARE_AT(junit),
	  .help = "JUnit XML into FILE: one testcase per metric record" },
	{ "json-file", 0, CLI_STR, "FILE", COMPARE_AT(json_file),
	  .help = "every comparison as JSON into FILE (hardboot report --compare-json)" },
	CLI_OPT_JSON(COMPARE_AT(json), "every comparison as one JSON document on stdout, "
		     "instead of the Markdown"),
	CLI_OPT_ALPHA(COMPARE_AT(o.alpha), NULL, "family-wise false-alarm rate (Holm)"),
	{ "noise", 0, CLI_REAL, "F", COMPARE_AT(o.noise), .lo = 0, .hi = 10,
	  .help = "boot times: relative noise floor across runs" },
	{ "quantile", 0, CLI_REAL, "Q", COMPARE_AT(o.quantile), .lo = 0, .hi = 1,
	  .help = "boot times: the quantile judged (0.5: the median)" },
	CLI_OPT_CONFIDENCE(COMPARE_AT(o.confidence), NULL,
			   "boot times: level of the change interval"),
	CLI_OPT_BOOTSTRAP(COMPARE_AT(o.bootstrap), NULL, "boot times: bootstrap replicates"),
	CLI_OPT_SEED(COMPARE_AT(o.seed), NULL, "boot times: bootstrap seed"),
	{ "force", 0, CLI_FLAG, NULL, COMPARE_AT(o.force),
	  .help = "compare across QEMU versions or requested accelerators" },
	{ "all", 0, CLI_FLAG, NULL, COMPARE_AT(all),
	  .help = "Markdown: list unchanged metrics unfolded" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char compare_more[] =
	"Every metric record of BASE and NEW (metrics.jsonl, plus seed source,\n"
	"accelerator, skipped sections and checks, boot phases from boots.jsonl)\n"
	"is judged better, same or worse by its family's test; p-values share\n"
	"one Holm budget. Exit status: 0 no regression, 1 a metric worse or\n"
	"gone, 2 usage or refused (different QEMU versions or requested\n"
	"accelerators without --force), 3 cannot write an output.\n";

static const struct cli_spec compare_spec = {
	.cmd = "compare",
	.usage = "[options] BASE NEW",
	.about = "Regression gate: two results directories (or merged runs), metric "
		 "by metric.",
	.opts = compare_opts,
	.more = compare_more,
	.operands = "BASE and NEW results directories", .min_ops = 2, .max_ops = 2,
};

static int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { 0 };
	int first, rc;

	/* the statistics' defaults are the library's: --help shows them */
	cmp_opts_default(&a.o);
	rc = cli_parse(argc, argv, &compare_spec, &a, &first);
	if (rc)
		return cli_status(rc);
	a.base = argv[first];
	a.newdir = argv[first + 1];
	return compare_main(&a);
}

const struct cli_cmd cmd_compare_info = {
	"compare", cmd_compare, "BASE NEW",
	"regression gate: every metric of two runs, better/same/worse",
};
