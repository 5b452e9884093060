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
	  .help = "JUnit XML into FILE: one testcase per finding" },
	{ "json-file", 0, CLI_STR, "FILE", COMPARE_AT(json_file),
	  .help = "every comparison as JSON into FILE (hardboot report --compare-json)" },
	CLI_OPT_JSON(COMPARE_AT(json), "every comparison as one JSON document on stdout, "
		     "instead of the Markdown"),
	CLI_OPT_ALPHA(COMPARE_AT(o.alpha), NULL, "family-wise false-alarm rate (Holm)"),
	{ "noise", 0, CLI_REAL, "F", COMPARE_AT(o.noise), .lo = 0, .hi = 10,
	  .help = "accepted from older nightly scripts and ignored: boot times of two "
		  "runs never gate (in-run A/B records do)" },
	{ "force", 0, CLI_FLAG, NULL, COMPARE_AT(o.force),
	  .help = "compare across QEMU versions or requested accelerators" },
	{ "all", 0, CLI_FLAG, NULL, COMPARE_AT(all),
	  .help = "Markdown: every finding, however many" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char compare_more[] =
	"The metric records of BASE and NEW (metrics.jsonl, as hardboot suite\n"
	"wrote them) are paired and each is judged by the test of the kind it\n"
	"declares (docs/nightly.md); p-values share one Holm budget; the changed\n"
	"records of one subject are one finding, one row. Boot times across runs\n"
	"are a trend; their verdicts come from in-run A/B records. Exit status:\n"
	"0 no regression, 1 a finding worse or gone, 2 usage or refused\n"
	"(different QEMU versions or requested accelerators without --force),\n"
	"3 not comparable (records, results or protocol of another hardboot:\n"
	"rebase) or an output not written.\n";

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
	compare_opts_default(&a.o);
	rc = cli_parse(argc, argv, &compare_spec, &a, &first);
	if (rc)
		return cli_status(rc);
	a.base = argv[first];
	a.newdir = argv[first + 1];
	return compare_main(&a);
}

const struct cli_cmd cmd_compare_info = {
	"compare", cmd_compare, "BASE NEW",
	"regression gate: two runs' metric records, one row per finding",
};
