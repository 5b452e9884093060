/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot run: boot images and record every sample under results/. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "image.h"
#include "run.h"

enum {
	RUN_JOBS = 'j', RUN_OUT = 'o',
	RUN_BOOTS = 256, RUN_ACCEL, RUN_MODE, RUN_TIMEOUT, RUN_JUNIT, RUN_SECTION,
	RUN_IMAGES, RUN_PROGRESS, RUN_NO_PROGRESS, RUN_NO_CONSOLE, RUN_SHARD,
	RUN_INTERLEAVE,
};

static const struct cli_opt run_opts[] = {
	{ "jobs", RUN_JOBS, "N", "QEMU processes at once (default: CPUs)" },
	{ "boots", RUN_BOOTS, "N", "boots per section (overrides the suite)" },
	{ "accel", RUN_ACCEL, "auto|kvm|tcg", "accelerator (overrides the suite)" },
	{ "mode", RUN_MODE, "cold|warm", "one QEMU per boot, or guest resets" },
	{ "timeout", RUN_TIMEOUT, "S", "seconds per boot (overrides the suite)" },
	{ "output", RUN_OUT, "DIR", "results directory (default results/<run-id>)" },
	{ "junit", RUN_JUNIT, "FILE", "also write JUnit XML" },
	{ "section", RUN_SECTION, "NAME", "run only this section of the suite (repeatable)" },
	{ "interleave", RUN_INTERLEAVE, "N", "sections take turns of N boots, rotating (0: in order; "
	  "overrides [suite] interleave)" },
	{ "shard", RUN_SHARD, "i/N", "run part i of N of the suite (grouped sections stay whole)" },
	{ "images", RUN_IMAGES, "DIR", "image directory with manifest.json" },
	{ "progress", RUN_PROGRESS, NULL, "progress bar even when not a TTY" },
	{ "no-progress", RUN_NO_PROGRESS, NULL, "no progress bar" },
	{ "no-console", RUN_NO_CONSOLE, NULL, "do not keep console logs" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int run_opt(int id, const char *arg, void *ctx)
{
	struct run_args *a = ctx;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case RUN_JOBS:
		rc = cli_ulong("jobs", arg, 1, 256, &v);
		a->jobs = (int)v;
		break;
	case RUN_BOOTS:
		rc = cli_ulong("boots", arg, 1, 100000000, &a->ov.boots);
		break;
	case RUN_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		a->ov.accel = arg;
		break;
	case RUN_MODE:
		rc = cli_choice("mode", arg, "cold|warm");
		a->ov.mode = arg;
		break;
	case RUN_TIMEOUT:
		rc = cli_seconds("timeout", arg, &a->ov.timeout);
		break;
	case RUN_OUT:
		a->outdir = arg;
		break;
	case RUN_JUNIT:
		a->junit = arg;
		break;
	case RUN_SECTION:
		if (a->ov.nonly == RUN_MAX_SECTIONS) {
			fprintf(stderr, "hardboot run: at most %d --section\n", RUN_MAX_SECTIONS);
			return -EINVAL;
		}
		a->sections[a->ov.nonly++] = arg;
		a->ov.only = a->sections;
		break;
	case RUN_INTERLEAVE:
		rc = cli_ulong("interleave", arg, 0, 100000000, &v);
		a->interleave = (long)v;
		break;
	case RUN_IMAGES:
		a->images_dir = arg;
		break;
	case RUN_PROGRESS:
	case RUN_NO_PROGRESS:
		a->progress = id == RUN_PROGRESS;
		break;
	case RUN_NO_CONSOLE:
		a->console = 0;
		break;
	case RUN_SHARD:
		a->shard = arg;
		break;
	}
	return rc;
}

static const struct cli_spec run_spec = {
	.cmd = "run",
	.usage = "[options] SUITE.ini | IMAGE...",
	.opts = run_opts,
	.more_help = suite_print_keys,
	.operands = "a suite file or images",
};

static int cmd_run(int argc, char **argv)
{
	struct run_args a = { .progress = -1, .console = 1, .interleave = -1 };
	int first, rc;

	a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &run_spec, run_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	a.targets = argv + first;
	a.ntargets = argc - first;
	return run_main(&a);
}

const struct cli_cmd cmd_run_info = {
	"run", cmd_run, "SUITE.ini | IMAGE...",
	"boot images and record every sample under results/",
};
