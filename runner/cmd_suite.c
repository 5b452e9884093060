/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot suite: the security suites, booted, analysed and judged. */
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "image.h"
#include "run.h"
#include "suiterun.h"
#include "suites.h"

#define SUITE_AT(m) CLI_AT(struct suiterun_args, m)

static const struct cli_opt suite_opts[] = {
	CLI_OPT_JOBS(SUITE_AT(jobs), "QEMU processes at once"),
	{ "output", 'o', CLI_STR, "DIR", SUITE_AT(outdir), .unset = "results/<run-id>",
	  .help = "results: DIR/SUITE per suite, boots reused when the plan matches" },
	CLI_OPT_BOOTS(SUITE_AT(boots), "what the policy needs",
		      "boots per section (fewer may leave a policy not proven)"),
	CLI_OPT_ACCEL(SUITE_AT(accel), "the suite files'", "accelerator"),
	CLI_OPT_IMAGES(SUITE_AT(images_dir)),
	CLI_OPT_SECTION(CLI_LIST_AT(struct suiterun_args, sections, nsections)),
	{ "junit", 0, CLI_STR, "FILE", SUITE_AT(junit), .unset = "DIR/junit.xml",
	  .help = "JUnit XML here" },
	{ "headline", 0, CLI_FLAG, NULL, SUITE_AT(headline),
	  .help = "end with one screen: per configuration, bits, RNG, CET/W^X and boot cost" },
	{ "list", 0, CLI_FLAG, NULL, SUITE_AT(list),
	  .help = "the suites, their suite files and policy keys" },
	CLI_OPT_PROGRESS(SUITE_AT(progress)),
	{ "plan", 0, CLI_FLAG, NULL, SUITE_AT(plan_only),
	  .help = "print each section's boots and how the policy sets them; boot nothing" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char suite_more[] =
	"NAME is a suite (aslr_entropy, rng_quality, cet, boottime), all, or a\n"
	"suite file whose [suite] kind names one.  IMAGE...: judge these images\n"
	"(manifest names or ELF paths) by the suite's [defaults] and [policy]\n"
	"instead of its sections.  --list shows every policy key.\n"
	"exit status: 0 every verdict ok (not proven is not a failure), 1 a\n"
	"verdict failed, 2 usage or configuration, 3 infrastructure, 130\n"
	"interrupted (boots kept)\n";

static const struct cli_spec suite_spec = {
	.cmd = "suite",
	.usage = "[options] NAME...|all [IMAGE...]",
	.about = "Run the security suites: boot what each needs, analyse, and judge the\n"
		 "results against the suite's policy.",
	.opts = suite_opts,
	.more = suite_more,
	.max_ops = CLI_ANY,
};

static int suite_is_name(const char *s)
{
	return !strcmp(s, "all") || g_str_has_suffix(s, ".ini") || suites_find(s);
}

static int cmd_suite(int argc, char **argv)
{
	struct suiterun_args a = { .progress = -1 };
	int first, rc, i;

	a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &suite_spec, &a, &first);
	if (rc)
		return cli_status(rc);
	/* suite names first, then images */
	for (i = first; i < argc && suite_is_name(argv[i]); i++)
		;
	a.names = argv + first;
	a.nnames = i - first;
	a.images = argv + i;
	a.nimages = argc - i;
	if (!a.nnames && !a.list) {
		if (first < argc)
			fprintf(stderr, "hardboot suite: no suite '%s' (suites: aslr_entropy, "
				"rng_quality, cet, boottime, all, or a suite file)\n", argv[first]);
		else
			fprintf(stderr, "hardboot suite: name a suite (or all); see hardboot suite --help\n");
		rc = HB_EXIT_USAGE;
	} else {
		rc = suiterun_main(&a);
	}
	cli_free(&suite_spec, &a);
	return rc;
}

const struct cli_cmd cmd_suite_info = {
	"suite", cmd_suite, "NAME...|all [IMAGE...]",
	"run the security suites and judge them against their policies",
};
