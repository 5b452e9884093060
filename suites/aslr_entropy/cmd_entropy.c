/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot entropy: bits per image and region from results directories,
 * policy checks, and the comparison of two runs (entropy.c,
 * entropy_compare.c). */
#include "cli.h"
#include "entropy.h"
#include "run.h"

#define ENTROPY_AT(m) CLI_AT(struct entropy_args, m)
#define ENTROPY_LIST(v, n) CLI_LIST_AT(struct entropy_args, v, n)

static const struct cli_opt entropy_opts[] = {
	CLI_OPT_JSON(ENTROPY_AT(json), "everything as one JSON document on stdout"),
	CLI_OPT_METRICS(ENTROPY_AT(metrics)),
	CLI_OPT_SECTION(ENTROPY_LIST(sections, nsections)),
	CLI_OPT_CONFIDENCE(ENTROPY_AT(o.confidence), NULL, "level of every bound"),
	CLI_OPT_ALPHA(ENTROPY_AT(o.alpha), NULL, "uniformity and --compare test level"),
	{ "min", 0, CLI_LIST, "REGION=BITS", ENTROPY_LIST(min, nmin),
	  .help = "policy: headline lower bound >= BITS (REGION a glob: stack, seed.*)" },
	{ "quality", 0, CLI_LIST, "REGION=N", ENTROPY_LIST(quality, nquality),
	  .help = "policy: at least N paxtest quality bits" },
	{ "uniform", 0, CLI_LIST, "R1,R2,..", ENTROPY_LIST(uniform, nuniform),
	  .help = "policy: uniformity not rejected, alpha shared by the regions (Bonferroni)" },
	{ "no-leak", 0, CLI_FLAG, NULL, ENTROPY_AT(no_leak),
	  .help = "policy: no pair of regions flagged as leaking" },
	{ "layout", 0, CLI_FLAG, NULL, ENTROPY_AT(layout),
	  .help = "policy: every boot's layout valid, registers inside the regions" },
	{ "guard", 0, CLI_SIZE, "BYTES", ENTROPY_AT(o.guard),
	  .help = "layout: gap required between regions" },
	{ "extent", 0, CLI_LIST, "REGION=BYTES", ENTROPY_LIST(o.extents, o.nextents),
	  .unset = "images/layout.h, the ELF for base", .help = "layout: a region's size" },
	{ "compare", 0, CLI_FLAG, NULL, ENTROPY_AT(compare),
	  .help = "compare results with A: A[:SECTION] B[:SECTION]...; exit 1 if one is lower" },
	CLI_OPT_BOOTSTRAP(ENTROPY_AT(bootstrap), "1000", "--compare: bootstrap replicates"),
	CLI_OPT_SEED(ENTROPY_AT(seed), "1", "--compare: bootstrap seed"),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char entropy_more[] =
	"A table per section and region: varying and paxtest quality bits, range\n"
	"bits, collision (Renyi-2) estimate with bounds, MCV min-entropy bound,\n"
	"Miller-Madow Shannon (* = saturated at log2 n), uniformity p, effective\n"
	"bits after the worst single leak, the leak matrix and layout validity.\n"
	"Estimators, formulas and pitfalls: suites/aslr_entropy/README.md.\n"
	"exit status: 0 ok, 1 a policy check failed (or --compare: a region is\n"
	"lower), 2 usage or unreadable results, 3 the --metrics file not writable\n";

static const struct cli_spec entropy_spec = {
	.cmd = "entropy",
	.usage = "[options] RESULTS_DIR... | --compare A[:SECTION] B[:SECTION]...",
	.about = "Bits of entropy of every address, register and secret across boots,\n"
		 "with lower bounds honest for the sample size.",
	.opts = entropy_opts,
	.more = entropy_more,
	CLI_OPS_RESULTS(struct entropy_args),
};

static int cmd_entropy(int argc, char **argv)
{
	struct entropy_args a = { 0 };
	int rc;

	/* the estimators' defaults are the library's: --help shows them */
	entropy_opts_default(&a.o);
	rc = cli_parse(argc, argv, &entropy_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	rc = a.compare ? entropy_compare_main(&a) : entropy_main(&a);
	cli_free(&entropy_spec, &a);
	return rc;
}

const struct cli_cmd cmd_entropy_info = {
	"entropy", cmd_entropy, "RESULTS_DIR... [--json]",
	"bits of entropy per image and region, with bounds; --compare A B",
};
