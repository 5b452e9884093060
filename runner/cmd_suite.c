/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot suite: the security suites, booted, analysed and judged. */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "image.h"
#include "run.h"
#include "suiterun.h"
#include "suites.h"

enum {
	SU_JOBS = 'j', SU_OUT = 'o',
	SU_BOOTS = 256, SU_ACCEL, SU_JUNIT, SU_SECTION, SU_IMAGES, SU_PROGRESS,
	SU_NO_PROGRESS, SU_HEADLINE, SU_LIST, SU_PLAN,
};

static const struct cli_opt suite_opts[] = {
	{ "jobs", SU_JOBS, "N", "QEMU processes at once (default: CPUs)" },
	{ "output", SU_OUT, "DIR", "results: DIR/SUITE per suite, boots reused when the "
	  "plan matches (default results/<run-id>)" },
	{ "boots", SU_BOOTS, "N", "boots per section instead of what the policy needs "
	  "(fewer may leave a policy not proven)" },
	{ "accel", SU_ACCEL, "auto|kvm|tcg", "accelerator (overrides the suite files)" },
	{ "images", SU_IMAGES, "DIR", "image directory with manifest.json" },
	{ "section", SU_SECTION, "NAME", "only this section of each suite (repeatable)" },
	{ "junit", SU_JUNIT, "FILE", "JUnit XML here (default DIR/junit.xml)" },
	{ "headline", SU_HEADLINE, NULL, "end with one screen: per configuration, bits, RNG, "
	  "CET/W^X and boot cost" },
	{ "list", SU_LIST, NULL, "the suites, their suite files and policy keys" },
	{ "plan", SU_PLAN, NULL, "print each section's boots and how the policy sets "
	  "them; boot nothing" },
	{ "progress", SU_PROGRESS, NULL, "progress bar even when not a TTY" },
	{ "no-progress", SU_NO_PROGRESS, NULL, "no progress bar" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct suite_cli {
	struct suiterun_args a;
	GPtrArray *sections;
};

static int suite_opt(int id, const char *arg, void *ctx)
{
	struct suite_cli *c = ctx;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case SU_JOBS:
		rc = cli_ulong("jobs", arg, 1, 256, &v);
		c->a.jobs = (int)v;
		break;
	case SU_OUT:
		c->a.outdir = arg;
		break;
	case SU_BOOTS:
		rc = cli_ulong("boots", arg, 1, 100000000, &c->a.boots);
		break;
	case SU_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		c->a.accel = arg;
		break;
	case SU_IMAGES:
		c->a.images_dir = arg;
		break;
	case SU_SECTION:
		g_ptr_array_add(c->sections, (char *)arg);
		break;
	case SU_JUNIT:
		c->a.junit = arg;
		break;
	case SU_HEADLINE:
		c->a.headline = 1;
		break;
	case SU_LIST:
		c->a.list = 1;
		break;
	case SU_PLAN:
		c->a.plan_only = 1;
		break;
	case SU_PROGRESS:
	case SU_NO_PROGRESS:
		c->a.progress = id == SU_PROGRESS;
		break;
	}
	return rc;
}

static void suite_more_help(void)
{
	printf("\nNAME is a suite (aslr_entropy, rng_quality, cet, boottime), all, or a\n"
	       "suite file whose [suite] kind names one.  IMAGE...: judge these images\n"
	       "(manifest names or ELF paths) by the suite's [defaults] and [policy]\n"
	       "instead of its sections.  --list shows every policy key.\n"
	       "exit status: 0 every verdict ok (not proven is not a failure), 1 a\n"
	       "verdict failed, 2 usage or configuration, 3 infrastructure, 130\n"
	       "interrupted (boots kept)\n");
}

static const struct cli_spec suite_spec = {
	.cmd = "suite",
	.usage = "[options] NAME...|all [IMAGE...]",
	.about = "Run the security suites: boot what each needs, analyse, and judge the\n"
		 "results against the suite's policy.",
	.opts = suite_opts,
	.more_help = suite_more_help,
};

static int suite_is_name(const char *s)
{
	return !strcmp(s, "all") || g_str_has_suffix(s, ".ini") || suites_find(s);
}

static int cmd_suite(int argc, char **argv)
{
	struct suite_cli c = { .a = { .progress = -1 } };
	int first, rc, i;

	c.sections = g_ptr_array_new();
	c.a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &suite_spec, suite_opt, &c, &first);
	if (rc) {
		g_ptr_array_free(c.sections, TRUE);
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	}
	/* suite names first, then images */
	for (i = first; i < argc && suite_is_name(argv[i]); i++)
		;
	c.a.names = argv + first;
	c.a.nnames = i - first;
	c.a.images = argv + i;
	c.a.nimages = argc - i;
	c.a.sections = (char **)c.sections->pdata;
	c.a.nsections = (int)c.sections->len;
	if (!c.a.nnames && !c.a.list) {
		if (first < argc)
			fprintf(stderr, "hardboot suite: no suite '%s' (suites: aslr_entropy, "
				"rng_quality, cet, boottime, all, or a suite file)\n", argv[first]);
		else
			fprintf(stderr, "hardboot suite: name a suite (or all); see hardboot suite --help\n");
		g_ptr_array_free(c.sections, TRUE);
		return HB_EXIT_USAGE;
	}
	rc = suiterun_main(&c.a);
	g_ptr_array_free(c.sections, TRUE);
	return rc;
}

const struct cli_cmd cmd_suite_info = {
	"suite", cmd_suite, "NAME...|all [IMAGE...]",
	"run the security suites and judge them against their policies",
};
