/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot compare BASE NEW: the regression gate of two runs (compare.c). */
#include <errno.h>

#include "cli.h"
#include "compare.h"
#include "run.h"

enum {
	CMP_OPT_MD = 'm',
	CMP_OPT_ALPHA = 256, CMP_OPT_NOISE, CMP_OPT_CONF, CMP_OPT_FORCE, CMP_OPT_JUNIT,
	CMP_OPT_JSON, CMP_OPT_ALL, CMP_OPT_BOOTSTRAP, CMP_OPT_SEED, CMP_OPT_QUANTILE,
};

static const struct cli_opt compare_opts[] = {
	{ "markdown", CMP_OPT_MD, "FILE", "Markdown summary to FILE (default stdout)" },
	{ "junit", CMP_OPT_JUNIT, "FILE", "JUnit XML: one testcase per metric record" },
	{ "json", CMP_OPT_JSON, "FILE", "every comparison as JSON (for hardboot report)" },
	{ "alpha", CMP_OPT_ALPHA, "A", "family-wise false-alarm rate, Holm (default 0.01)" },
	{ "noise", CMP_OPT_NOISE, "F", "boot times: relative noise floor across runs "
	  "(default 0.25)" },
	{ "quantile", CMP_OPT_QUANTILE, "Q", "boot times: the quantile judged (default 0.1; "
	  "0.5 the median)" },
	{ "confidence", CMP_OPT_CONF, "C", "boot times: level of the change interval "
	  "(default 0.95)" },
	{ "bootstrap", CMP_OPT_BOOTSTRAP, "N", "boot times: bootstrap replicates "
	  "(default 2000)" },
	{ "seed", CMP_OPT_SEED, "N", "boot times: bootstrap seed (default 1)" },
	{ "force", CMP_OPT_FORCE, NULL, "compare across QEMU versions or requested "
	  "accelerators" },
	{ "all", CMP_OPT_ALL, NULL, "Markdown: list unchanged metrics unfolded" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int compare_opt(int id, const char *arg, void *ctx)
{
	struct compare_args *a = ctx;

	switch (id) {
	case CMP_OPT_MD:
		a->markdown = arg;
		return 0;
	case CMP_OPT_JUNIT:
		a->junit = arg;
		return 0;
	case CMP_OPT_JSON:
		a->json = arg;
		return 0;
	case CMP_OPT_ALPHA:
		return cli_real("alpha", arg, 0, 0.5, 0, &a->o.alpha);
	case CMP_OPT_NOISE:
		return cli_real("noise", arg, 0, 10, 0, &a->o.noise);
	case CMP_OPT_QUANTILE:
		return cli_real("quantile", arg, 0, 1, 0, &a->o.quantile);
	case CMP_OPT_CONF:
		return cli_real("confidence", arg, 0.5, 1, 0, &a->o.confidence);
	case CMP_OPT_BOOTSTRAP:
		return cli_ulong("bootstrap", arg, 100, 1000000, &a->o.bootstrap);
	case CMP_OPT_SEED:
		return cli_ulong("seed", arg, 0, ~0UL, &a->o.seed);
	case CMP_OPT_FORCE:
		a->o.force = 1;
		return 0;
	case CMP_OPT_ALL:
		a->all = 1;
		return 0;
	}
	return -EINVAL;
}

static void compare_more_help(void)
{
	printf("\nEvery metric record of BASE and NEW (metrics.jsonl, plus seed source,\n"
	       "accelerator, skipped sections and checks, boot phases from boots.jsonl)\n"
	       "is judged better, same or worse by its family's test; p-values share\n"
	       "one Holm budget. Exit status: 0 no regression, 1 a metric worse or\n"
	       "gone, 2 usage or refused (different QEMU versions or requested\n"
	       "accelerators without --force), 3 cannot write an output.\n");
}

static const struct cli_spec compare_spec = {
	.cmd = "compare",
	.usage = "[options] BASE NEW",
	.about = "Regression gate: two results directories (or merged runs), metric "
		 "by metric.",
	.opts = compare_opts,
	.more_help = compare_more_help,
};

static int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { 0 };
	int first, rc;

	cmp_opts_default(&a.o);
	rc = cli_parse(argc, argv, &compare_spec, compare_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (argc - first != 2) {
		fprintf(stderr, "hardboot compare: give BASE and NEW results directories\n");
		return HB_EXIT_USAGE;
	}
	a.base = argv[first];
	a.newdir = argv[first + 1];
	return compare_main(&a);
}

const struct cli_cmd cmd_compare_info = {
	"compare", cmd_compare, "BASE NEW",
	"regression gate: every metric of two runs, better/same/worse",
};
