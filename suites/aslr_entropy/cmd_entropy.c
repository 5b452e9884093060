/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot entropy: bits per image and region from results directories,
 * policy checks, and the comparison of two runs (entropy.c,
 * entropy_compare.c). */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "entropy.h"
#include "run.h"

enum {
	ENT_JSON = 256, ENT_METRICS, ENT_SECTION, ENT_CONF, ENT_ALPHA, ENT_MIN,
	ENT_QUALITY, ENT_UNIFORM, ENT_NO_LEAK, ENT_LAYOUT, ENT_GUARD, ENT_EXTENT,
	ENT_COMPARE, ENT_BOOTSTRAP, ENT_SEED,
};

static const struct cli_opt entropy_opts[] = {
	{ "json", ENT_JSON, NULL, "everything as one JSON document on stdout" },
	{ "metrics", ENT_METRICS, NULL, "append the metric records to each section's "
	  "DIR/metrics.jsonl" },
	{ "section", ENT_SECTION, "NAME", "only this section (repeatable)" },
	{ "confidence", ENT_CONF, "C", "level of every bound (default 0.99)" },
	{ "alpha", ENT_ALPHA, "A", "uniformity and --compare test level (default 0.01)" },
	{ "min", ENT_MIN, "REGION=BITS", "policy: headline lower bound >= BITS (REGION "
	  "a glob: stack, seed.*)" },
	{ "quality", ENT_QUALITY, "REGION=N", "policy: at least N paxtest quality bits" },
	{ "uniform", ENT_UNIFORM, "R1,R2,..", "policy: uniformity not rejected, alpha "
	  "shared by the regions (Bonferroni)" },
	{ "no-leak", ENT_NO_LEAK, NULL, "policy: no pair of regions flagged as leaking" },
	{ "layout", ENT_LAYOUT, NULL, "policy: every boot's layout valid, registers "
	  "inside the regions" },
	{ "guard", ENT_GUARD, "BYTES", "layout: gap required between regions (default 4096)" },
	{ "extent", ENT_EXTENT, "REGION=BYTES", "layout: a region's size (default: "
	  "images/layout.h, the ELF for base)" },
	{ "compare", ENT_COMPARE, NULL, "compare two results: A[:SECTION] B[:SECTION]; "
	  "exit 1 if B is lower" },
	{ "bootstrap", ENT_BOOTSTRAP, "N", "--compare: bootstrap replicates (default 1000)" },
	{ "seed", ENT_SEED, "N", "--compare: bootstrap seed (default 1)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct entropy_cli {
	struct entropy_args a;
	GPtrArray *sections, *min, *quality, *uniform, *extents;
};

static int entropy_opt(int id, const char *arg, void *ctx)
{
	struct entropy_cli *c = ctx;
	unsigned long long sz;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case ENT_JSON:
		c->a.json = 1;
		break;
	case ENT_METRICS:
		c->a.metrics = 1;
		break;
	case ENT_SECTION:
		g_ptr_array_add(c->sections, (char *)arg);
		break;
	case ENT_CONF:
		rc = cli_real("confidence", arg, 0.5, 1, 0, &c->a.o.confidence);
		break;
	case ENT_ALPHA:
		rc = cli_real("alpha", arg, 0, 0.5, 0, &c->a.o.alpha);
		break;
	case ENT_MIN:
		g_ptr_array_add(c->min, (char *)arg);
		break;
	case ENT_QUALITY:
		g_ptr_array_add(c->quality, (char *)arg);
		break;
	case ENT_UNIFORM:
		g_ptr_array_add(c->uniform, (char *)arg);
		break;
	case ENT_NO_LEAK:
		c->a.no_leak = 1;
		break;
	case ENT_LAYOUT:
		c->a.layout = 1;
		break;
	case ENT_GUARD:
		rc = cli_size("guard", arg, &sz);
		c->a.o.guard = sz;
		break;
	case ENT_EXTENT:
		g_ptr_array_add(c->extents, (char *)arg);
		break;
	case ENT_COMPARE:
		c->a.compare = 1;
		break;
	case ENT_BOOTSTRAP:
		rc = cli_ulong("bootstrap", arg, 100, 1000000, &c->a.bootstrap);
		break;
	case ENT_SEED:
		rc = cli_ulong("seed", arg, 0, ~0ul, &v);
		c->a.seed = v;
		break;
	}
	return rc;
}

static void entropy_more_help(void)
{
	printf("\nA table per section and region: varying and paxtest quality bits, range\n"
	       "bits, collision (Renyi-2) estimate with bounds, MCV min-entropy bound,\n"
	       "Miller-Madow Shannon (* = saturated at log2 n), uniformity p, effective\n"
	       "bits after the worst single leak, the leak matrix and layout validity.\n"
	       "Estimators, formulas and pitfalls: suites/aslr_entropy/README.md.\n"
	       "exit status: 0 ok, 1 a policy check failed (or --compare: a region is\n"
	       "lower), 2 usage or unreadable results, 3 metrics.jsonl not writable\n");
}

static const struct cli_spec entropy_spec = {
	.cmd = "entropy",
	.usage = "[options] RESULTS_DIR... | --compare A[:SECTION] B[:SECTION]",
	.about = "Bits of entropy of every address, register and secret across boots,\n"
		 "with lower bounds honest for the sample size.",
	.opts = entropy_opts,
	.more_help = entropy_more_help,
	.operands = "one or more results directories",
};

static int cmd_entropy(int argc, char **argv)
{
	struct entropy_cli c = { .a = { .bootstrap = 1000, .seed = 1 } };
	int first, rc;

	entropy_opts_default(&c.a.o);
	c.sections = g_ptr_array_new();
	c.min = g_ptr_array_new();
	c.quality = g_ptr_array_new();
	c.uniform = g_ptr_array_new();
	c.extents = g_ptr_array_new();
	rc = cli_parse(argc, argv, &entropy_spec, entropy_opt, &c, &first);
	if (rc) {
		rc = rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
		goto out;
	}
	c.a.dirs = argv + first;
	c.a.ndirs = argc - first;
	c.a.sections = (char **)c.sections->pdata;
	c.a.nsections = (int)c.sections->len;
	c.a.min = (char **)c.min->pdata;
	c.a.nmin = (int)c.min->len;
	c.a.quality = (char **)c.quality->pdata;
	c.a.nquality = (int)c.quality->len;
	c.a.uniform = (char **)c.uniform->pdata;
	c.a.nuniform = (int)c.uniform->len;
	c.a.o.extents = (char **)c.extents->pdata;
	c.a.o.nextents = (int)c.extents->len;
	rc = c.a.compare ? entropy_compare_main(&c.a) : entropy_main(&c.a);
out:
	g_ptr_array_free(c.sections, TRUE);
	g_ptr_array_free(c.min, TRUE);
	g_ptr_array_free(c.quality, TRUE);
	g_ptr_array_free(c.uniform, TRUE);
	g_ptr_array_free(c.extents, TRUE);
	return rc;
}

const struct cli_cmd cmd_entropy_info = {
	"entropy", cmd_entropy, "RESULTS_DIR... [--json]",
	"bits of entropy per image and region, with bounds; --compare A B",
};
