/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot plan: boots needed for an entropy claim (plan.c). */
#include "cli.h"
#include "plan.h"
#include "run.h"

#define PLAN_AT(m) CLI_AT(struct plan_args, m)

static const struct cli_opt plan_opts[] = {
	{ "bits", 0, CLI_REAL, "N", PLAN_AT(bits), .lo = 0, .hi = 64.5, .required = 1,
	  .help = "the claim: at least N bits" },
	{ "true", 0, CLI_REAL, "M", PLAN_AT(true_bits), .lo = 0, .hi = 64.5,
	  .unset = "not asked",
	  .help = "the source really has M bits: boots that keep it from failing N" },
	CLI_OPT_CONFIDENCE(PLAN_AT(conf), "0.99", "level of the bound and of the +-estimate"),
	{ "risk", 0, CLI_REAL, "P", PLAN_AT(risk), .lo = 0, .hi = 0.5, .def = "1e-4",
	  .help = "--true: allowed false-failure probability" },
	{ "halfwidth", 0, CLI_REAL, "H", PLAN_AT(half), .lo = 0, .hi = 8, .def = "0.5",
	  .help = "estimate to +-H bits" },
	CLI_OPT_JSON(PLAN_AT(json), "the figures as JSON"),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char plan_more[] =
	"The collision bound shows at most ~2 log2(n) - 3.2 bits from n boots, and\n"
	"a source just above a threshold fails it often: plan thresholds and boot\n"
	"counts together.  Assumes a uniform source; see suites/aslr_entropy/README.md.\n"
	"exit status: 0, 1 when no boot count meets --true, 2 usage\n";

static const struct cli_spec plan_spec = {
	.cmd = "plan",
	.usage = "--bits N [--true M] [options]",
	.about = "Boots needed to prove >= N bits at the confidence level and to estimate\n"
		 "N bits to +-H; with --true M, the boots that keep a source with M real\n"
		 "bits from failing the N-bit threshold with probability above --risk.",
	.opts = plan_opts,
	.more = plan_more,
};

static int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .true_bits = -1 };
	int rc;

	rc = cli_parse(argc, argv, &plan_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	return plan_main(&a);
}

const struct cli_cmd cmd_plan_info = {
	"plan", cmd_plan, "--bits N [--true M]",
	"boots needed to prove N bits, to estimate them, to keep M from failing N",
};
