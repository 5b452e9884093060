/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot plan: boots needed for an entropy claim (plan.c). */
#include <errno.h>

#include "cli.h"
#include "plan.h"
#include "run.h"

enum { PLAN_BITS = 256, PLAN_TRUE, PLAN_CONF, PLAN_RISK, PLAN_HALF, PLAN_JSON };

static const struct cli_opt plan_opts[] = {
	{ "bits", PLAN_BITS, "N", "the claim: at least N bits (required)" },
	{ "true", PLAN_TRUE, "M", "the source really has M bits: boots that keep it "
	  "from failing N" },
	{ "confidence", PLAN_CONF, "C", "level of the bound and of the +-estimate "
	  "(default 0.99)" },
	{ "risk", PLAN_RISK, "P", "--true: allowed false-failure probability (default 1e-4)" },
	{ "halfwidth", PLAN_HALF, "H", "estimate to +-H bits (default 0.5)" },
	{ "json", PLAN_JSON, NULL, "the figures as JSON" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int plan_opt(int id, const char *arg, void *ctx)
{
	struct plan_args *a = ctx;

	switch (id) {
	case PLAN_BITS:
		return cli_real("bits", arg, 0, 64.5, 0, &a->bits);
	case PLAN_TRUE:
		return cli_real("true", arg, 0, 64.5, 0, &a->true_bits);
	case PLAN_CONF:
		return cli_real("confidence", arg, 0.5, 1, 0, &a->conf);
	case PLAN_RISK:
		return cli_real("risk", arg, 0, 0.5, 0, &a->risk);
	case PLAN_HALF:
		return cli_real("halfwidth", arg, 0, 8, 0, &a->half);
	case PLAN_JSON:
		a->json = 1;
		return 0;
	}
	return 0;
}

static void plan_more_help(void)
{
	printf("\nThe collision bound shows at most ~2 log2(n) - 3.2 bits from n boots, and\n"
	       "a source just above a threshold fails it often: plan thresholds and boot\n"
	       "counts together.  Assumes a uniform source; see suites/aslr_entropy/README.md.\n"
	       "exit status: 0, 1 when no boot count meets --true, 2 usage\n");
}

static const struct cli_spec plan_spec = {
	.cmd = "plan",
	.usage = "--bits N [--true M] [options]",
	.about = "Boots needed to prove >= N bits at the confidence level and to estimate\n"
		 "N bits to +-H; with --true M, the boots that keep a source with M real\n"
		 "bits from failing the N-bit threshold with probability above --risk.",
	.opts = plan_opts,
	.more_help = plan_more_help,
};

static int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .bits = -1, .true_bits = -1, .conf = 0.99, .risk = 1e-4,
			       .half = 0.5 };
	int first, rc;

	rc = cli_parse(argc, argv, &plan_spec, plan_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (a.bits < 0 || first < argc) {
		fprintf(stderr, "hardboot plan: --bits N is required, and nothing else "
			"(see --help)\n");
		return HB_EXIT_USAGE;
	}
	return plan_main(&a);
}

const struct cli_cmd cmd_plan_info = {
	"plan", cmd_plan, "--bits N [--true M]",
	"boots needed to prove N bits, to estimate them, to keep M from failing N",
};
