/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot boottime: what each configuration costs at boot, per phase, and
 * its difference against its baseline (boottime.c, boottime_run.c). */
#include "boottime.h"
#include "cli.h"
#include "image.h"
#include "run.h"

struct boottime_cli {
	struct boottime_args a;
	int pr;                 /* --pr OLD.elf NEW.elf */
};

#define BOOTTIME_AT(m) CLI_AT(struct boottime_cli, a.m)

static const struct cli_opt boottime_opts[] = {
	{ "baseline", 0, CLI_STR, "SECTION", BOOTTIME_AT(baseline),
	  .unset = "each section's baseline key, else the first section",
	  .help = "compare every section against this one" },
	{ "confirm", 0, CLI_STR, "DIR", BOOTTIME_AT(confirm),
	  .help = "a second, independent run of the flagged pairs" },
	{ "warmup", 0, CLI_UINT, "N", BOOTTIME_AT(warmup), .max = 100000000,
	  .unset = "the suite's warmup key",
	  .help = "boots dropped at the start of each QEMU (warm) or section (cold)" },
	CLI_OPT_JSON(BOOTTIME_AT(json), "everything as one JSON document on stdout"),
	CLI_OPT_METRICS(BOOTTIME_AT(metrics)),
	{ "gate", 0, CLI_FLAG, NULL, BOOTTIME_AT(gate),
	  .help = "exit 1 if a configuration is confirmed slower (--pr: always)" },
	CLI_OPT_ALPHA(BOOTTIME_AT(o.alpha), NULL,
		      "family-wise level per pair, split over its phases"),
	{ "floor-abs", 0, CLI_REAL, "US", BOOTTIME_AT(o.floor_abs), .lo = 0, .hi = 1e9,
	  .incl = CLI_LO_INCL | CLI_HI_INCL,
	  .help = "noise floor: a change must exceed this many us" },
	{ "floor-rel", 0, CLI_REAL, "R", BOOTTIME_AT(o.floor_rel), .lo = 0, .hi = 10,
	  .incl = CLI_LO_INCL | CLI_HI_INCL,
	  .help = "noise floor: ... and this fraction of the baseline's median" },
	CLI_OPT_CONFIDENCE(BOOTTIME_AT(o.confidence), NULL, "of the bootstrap intervals"),
	CLI_OPT_BOOTSTRAP(BOOTTIME_AT(o.reps), NULL, "bootstrap resamples"),
	{ "permutations", 0, CLI_UINT, "N", BOOTTIME_AT(o.perms), .min = 99, .max = 10000000,
	  .help = "permutation-test relabellings" },
	CLI_OPT_SEED(BOOTTIME_AT(o.seed), NULL, "seed of both: same samples, same answer"),
	{ "run", 0, CLI_STR, "SUITE", BOOTTIME_AT(suite),
	  .help = "run SUITE interleaved into -o DIR, confirm what is flagged, report" },
	{ "pr", 0, CLI_FLAG, NULL, CLI_AT(struct boottime_cli, pr),
	  .help = "OLD.elf NEW.elf: the same image before and after a change, "
		  "interleaved in one run; implies --gate" },
	{ "output", 'o', CLI_STR, "DIR", BOOTTIME_AT(outdir), .unset = "results/<run-id>",
	  .help = "--run/--pr: where the runs go" },
	CLI_OPT_BOOTS(BOOTTIME_AT(boots), "the suite's", "--run/--pr: boots per section"),
	{ "confirm-boots", 0, CLI_UINT, "N", BOOTTIME_AT(confirm_boots), .min = 1,
	  .max = 100000000, .unset = "as the first",
	  .help = "--run/--pr: boots per section of the confirmation run" },
	{ "interleave", 0, CLI_UINT, "N", BOOTTIME_AT(interleave), .min = 1,
	  .max = 100000000, .unset = "the suite's, else 1 cold, 10 warm",
	  .help = "--run/--pr: boots per turn" },
	CLI_OPT_ACCEL(BOOTTIME_AT(accel), "the suite's", "--run/--pr: accelerator"),
	CLI_OPT_JOBS(BOOTTIME_AT(jobs), "--run/--pr: QEMU processes at once"),
	CLI_OPT_IMAGES(BOOTTIME_AT(images_dir)),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char boottime_more[] =
	"Per configuration (section) and phase: n, median, p90, min, MAD, in us\n"
	"(guest phases from the TSC marks, calibrated; host phases in cold mode;\n"
	"QEMU's CPU time).  Against its baseline: the median difference with a\n"
	"bootstrap CI and a permutation-test p; a change is flagged when p is below\n"
	"alpha / phases AND the difference exceeds both noise floors, and called\n"
	"slower or faster only when a second, independent sample (--confirm, or\n"
	"what --run takes by itself) flags it again.  Accelerators are never\n"
	"compared.  Method, calibration and the numbers measured here:\n"
	"suites/boottime/README.md.\n"
	"exit status: 0 ok, 1 --gate and a configuration confirmed slower,\n"
	"2 usage or unreadable results, 3 infrastructure, 130 interrupted\n";

static const struct cli_spec boottime_spec = {
	.cmd = "boottime",
	.usage = "[options] RESULTS_DIR... | --run SUITE.ini [-o DIR] | --pr OLD.elf NEW.elf",
	.about = "What each configuration costs at boot, phase by phase, measured\n"
		 "interleaved, with intervals, and whether a change is real.",
	.opts = boottime_opts,
	.more = boottime_more,
	.max_ops = CLI_ANY, CLI_OPS_AT(struct boottime_cli, a.dirs, a.ndirs),
};

static int cmd_boottime(int argc, char **argv)
{
	struct boottime_cli c = { .a = { .warmup = -1, .interleave = -1 } };
	struct boottime_args *a = &c.a;
	int rc;

	/* the statistics' defaults are the library's: --help shows them */
	btstat_opts_default(&a->o);
	a->images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &boottime_spec, &c, NULL);
	if (rc)
		return cli_status(rc);
	if (c.pr) {
		/* the operands are the images, not results directories */
		if (a->ndirs != 2 || a->suite) {
			fprintf(stderr, "hardboot boottime: --pr takes OLD.elf NEW.elf "
				"(see --help)\n");
			return HB_EXIT_USAGE;
		}
		a->pr_old = a->dirs[0];
		a->pr_new = a->dirs[1];
		a->gate = 1;
		if (!a->baseline)
			a->baseline = "old";
		return boottime_run_main(a);
	}
	if (a->suite) {
		if (a->ndirs) {
			fprintf(stderr, "hardboot boottime: --run takes no results directory\n");
			return HB_EXIT_USAGE;
		}
		return boottime_run_main(a);
	}
	if (a->ndirs < 1) {
		fprintf(stderr, "hardboot boottime: give a results directory (see --help)\n");
		return HB_EXIT_USAGE;
	}
	return boottime_main(a);
}

const struct cli_cmd cmd_boottime_info = {
	"boottime", cmd_boottime, "RESULTS_DIR... | --run SUITE | --pr OLD NEW",
	"boot phases per configuration and against a baseline, interleaved, with CIs",
};
