/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot run: boot images and record every sample under results/. */
#include "cli.h"
#include "image.h"
#include "run.h"

#define RUN_AT(m) CLI_AT(struct run_args, m)

static const struct cli_opt run_opts[] = {
	CLI_OPT_JOBS(RUN_AT(jobs), "QEMU processes at once"),
	CLI_OPT_BOOTS(RUN_AT(ov.boots), "the suite's", "boots per section"),
	CLI_OPT_ACCEL(RUN_AT(ov.accel), "the suite's", "accelerator"),
	{ "mode", 0, CLI_CHOICE, "cold|warm", RUN_AT(ov.mode), .unset = "the suite's",
	  .help = "one QEMU per boot, or guest resets" },
	{ "timeout", 0, CLI_SECONDS, "S", RUN_AT(ov.timeout), .unset = "the suite's",
	  .help = "per boot" },
	{ "output", 'o', CLI_STR, "DIR", RUN_AT(outdir), .unset = "results/<run-id>",
	  .help = "results directory" },
	{ "junit", 0, CLI_STR, "FILE", RUN_AT(junit), .help = "also write JUnit XML" },
	CLI_OPT_SECTION(CLI_LIST_AT(struct run_args, ov.only, ov.nonly)),
	{ "interleave", 0, CLI_UINT, "N", RUN_AT(interleave), .max = 100000000,
	  .unset = "[suite] interleave",
	  .help = "sections take turns of N boots, rotating; 0: in order" },
	{ "shard", 0, CLI_STR, "i/N", RUN_AT(shard),
	  .help = "run part i of N of the suite (grouped sections stay whole)" },
	CLI_OPT_IMAGES(RUN_AT(images_dir)),
	CLI_OPT_PROGRESS(RUN_AT(progress)),
	{ "no-console", 0, CLI_NOFLAG, NULL, RUN_AT(console),
	  .help = "do not keep console logs" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_spec run_spec = {
	.cmd = "run",
	.usage = "[options] SUITE.ini | IMAGE...",
	.opts = run_opts,
	.more_help = suite_print_keys,
	.operands = "a suite file or images", .min_ops = 1, .max_ops = CLI_ANY,
	CLI_OPS_AT(struct run_args, targets, ntargets),
};

static int cmd_run(int argc, char **argv)
{
	struct run_args a = { .progress = -1, .console = 1, .interleave = -1 };
	int rc;

	a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &run_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	rc = run_main(&a);
	cli_free(&run_spec, &a);
	return rc;
}

const struct cli_cmd cmd_run_info = {
	"run", cmd_run, "SUITE.ini | IMAGE...",
	"boot images and record every sample under results/",
};
