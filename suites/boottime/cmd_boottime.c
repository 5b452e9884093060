/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot boottime: what each configuration costs at boot, per phase, and
 * its difference against its baseline (boottime.c, boottime_run.c). */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "boottime.h"
#include "cli.h"
#include "image.h"
#include "run.h"

enum {
	BT_JOBS = 'j', BT_OUT = 'o',
	BT_BASELINE = 256, BT_CONFIRM, BT_WARMUP, BT_JSON, BT_METRICS, BT_GATE,
	BT_ALPHA, BT_FLOOR_ABS, BT_FLOOR_REL, BT_CONF, BT_BOOTSTRAP, BT_PERMS, BT_SEED,
	BT_RUN, BT_PR, BT_BOOTS, BT_CONFIRM_BOOTS, BT_INTERLEAVE, BT_ACCEL, BT_IMAGES,
};

static const struct cli_opt boottime_opts[] = {
	{ "baseline", BT_BASELINE, "CONFIG", "compare every section against this one "
	  "(default: each section's baseline key, else the first section)" },
	{ "confirm", BT_CONFIRM, "DIR", "a second, independent run of the flagged pairs" },
	{ "warmup", BT_WARMUP, "N", "boots dropped at the start of each QEMU (warm) or "
	  "section (cold); default: the suite's warmup key" },
	{ "json", BT_JSON, NULL, "everything as one JSON document on stdout" },
	{ "metrics", BT_METRICS, NULL, "append boottime_phase and boottime_delta records "
	  "to DIR/metrics.jsonl" },
	{ "gate", BT_GATE, NULL, "exit 1 if a configuration is confirmed slower (--pr: always)" },
	{ "alpha", BT_ALPHA, "A", "family-wise level per pair, split over its phases "
	  "(default 0.01)" },
	{ "floor-abs", BT_FLOOR_ABS, "US", "noise floor: a change must exceed this many us "
	  "(default 2)" },
	{ "floor-rel", BT_FLOOR_REL, "R", "noise floor: ... and this fraction of the "
	  "baseline's median (default 0.05)" },
	{ "confidence", BT_CONF, "C", "of the bootstrap intervals (default 0.95)" },
	{ "bootstrap", BT_BOOTSTRAP, "N", "bootstrap resamples (default 2000)" },
	{ "permutations", BT_PERMS, "N", "permutation-test relabellings (default 10000)" },
	{ "seed", BT_SEED, "N", "seed of both (default 1): same samples, same answer" },
	{ "run", BT_RUN, "SUITE", "run SUITE interleaved into -o DIR, confirm what is "
	  "flagged, report" },
	{ "pr", BT_PR, NULL, "OLD.elf NEW.elf: the same image before and after a change, "
	  "interleaved in one run; implies --gate" },
	{ "output", BT_OUT, "DIR", "--run/--pr: where the runs go (default results/<run-id>)" },
	{ "boots", BT_BOOTS, "N", "--run/--pr: boots per section (overrides the suite)" },
	{ "confirm-boots", BT_CONFIRM_BOOTS, "N", "--run/--pr: boots per section of the "
	  "confirmation run (default: as the first)" },
	{ "interleave", BT_INTERLEAVE, "N", "--run/--pr: boots per turn (default: the "
	  "suite's, else 1 cold, 10 warm)" },
	{ "accel", BT_ACCEL, "auto|kvm|tcg", "--run/--pr: accelerator (overrides the suite)" },
	{ "jobs", BT_JOBS, "N", "--run/--pr: QEMU processes at once" },
	{ "images", BT_IMAGES, "DIR", "image directory with manifest.json" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int boottime_opt(int id, const char *arg, void *ctx)
{
	struct boottime_args *a = ctx;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case BT_BASELINE:
		a->baseline = arg;
		break;
	case BT_CONFIRM:
		a->confirm = arg;
		break;
	case BT_WARMUP:
		rc = cli_ulong("warmup", arg, 0, 100000000, &v);
		a->warmup = (long)v;
		break;
	case BT_JSON:
		a->json = 1;
		break;
	case BT_METRICS:
		a->metrics = 1;
		break;
	case BT_GATE:
		a->gate = 1;
		break;
	case BT_ALPHA:
		rc = cli_real("alpha", arg, 1e-9, 0.5,
			      CLI_LO_INCL | CLI_HI_INCL, &a->o.alpha);
		break;
	case BT_FLOOR_ABS:
		rc = cli_real("floor-abs", arg, 0, 1e9,
			      CLI_LO_INCL | CLI_HI_INCL, &a->o.floor_abs);
		break;
	case BT_FLOOR_REL:
		rc = cli_real("floor-rel", arg, 0, 10,
			      CLI_LO_INCL | CLI_HI_INCL, &a->o.floor_rel);
		break;
	case BT_CONF:
		rc = cli_real("confidence", arg, 0.5, 0.9999,
			      CLI_LO_INCL | CLI_HI_INCL, &a->o.confidence);
		break;
	case BT_BOOTSTRAP:
		rc = cli_ulong("bootstrap", arg, 100, 1000000, &a->o.reps);
		break;
	case BT_PERMS:
		rc = cli_ulong("permutations", arg, 99, 10000000, &a->o.perms);
		break;
	case BT_SEED:
		rc = cli_ulong("seed", arg, 0, ~0ul, &a->o.seed);
		break;
	case BT_RUN:
		a->suite = arg;
		break;
	case BT_PR:
		a->pr_old = "";
		break;
	case BT_OUT:
		a->outdir = arg;
		break;
	case BT_BOOTS:
		rc = cli_ulong("boots", arg, 1, 100000000, &a->boots);
		break;
	case BT_CONFIRM_BOOTS:
		rc = cli_ulong("confirm-boots", arg, 1, 100000000, &a->confirm_boots);
		break;
	case BT_INTERLEAVE:
		rc = cli_ulong("interleave", arg, 1, 100000000, &v);
		a->interleave = (long)v;
		break;
	case BT_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		a->accel = arg;
		break;
	case BT_JOBS:
		rc = cli_ulong("jobs", arg, 1, 256, &v);
		a->jobs = (int)v;
		break;
	case BT_IMAGES:
		a->images_dir = arg;
		break;
	}
	return rc;
}

static void boottime_more_help(void)
{
	printf("\nPer configuration (section) and phase: n, median, p90, min, MAD, in us\n"
	       "(guest phases from the TSC marks, calibrated; host phases in cold mode;\n"
	       "QEMU's CPU time).  Against its baseline: the median difference with a\n"
	       "bootstrap CI and a permutation-test p; a change is flagged when p is below\n"
	       "alpha / phases AND the difference exceeds both noise floors, and called\n"
	       "slower or faster only when a second, independent sample (--confirm, or\n"
	       "what --run takes by itself) flags it again.  Accelerators are never\n"
	       "compared.  Method, calibration and the numbers measured here:\n"
	       "suites/boottime/README.md.\n"
	       "exit status: 0 ok, 1 --gate and a configuration confirmed slower,\n"
	       "2 usage or unreadable results, 3 infrastructure, 130 interrupted\n");
}

static const struct cli_spec boottime_spec = {
	.cmd = "boottime",
	.usage = "[options] RESULTS_DIR... | --run SUITE.ini [-o DIR] | --pr OLD.elf NEW.elf",
	.about = "What each configuration costs at boot, phase by phase, measured\n"
		 "interleaved, with intervals, and whether a change is real.",
	.opts = boottime_opts,
	.more_help = boottime_more_help,
};

static int cmd_boottime(int argc, char **argv)
{
	struct boottime_args a = { .warmup = -1, .interleave = -1 };
	int first, rc, nops;

	btstat_opts_default(&a.o);
	rc = cli_parse(argc, argv, &boottime_spec, boottime_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	nops = argc - first;
	if (!a.images_dir)
		a.images_dir = image_default_dir();
	if (a.pr_old) {
		if (nops != 2 || a.suite) {
			fprintf(stderr, "hardboot boottime: --pr takes OLD.elf NEW.elf "
				"(see --help)\n");
			return HB_EXIT_USAGE;
		}
		a.pr_old = argv[first];
		a.pr_new = argv[first + 1];
		a.gate = 1;
		if (!a.baseline)
			a.baseline = "old";
		return boottime_run_main(&a);
	}
	if (a.suite) {
		if (nops) {
			fprintf(stderr, "hardboot boottime: --run takes no results directory\n");
			return HB_EXIT_USAGE;
		}
		return boottime_run_main(&a);
	}
	if (nops < 1) {
		fprintf(stderr, "hardboot boottime: give a results directory (see --help)\n");
		return HB_EXIT_USAGE;
	}
	a.dirs = argv + first;
	a.ndirs = nops;
	return boottime_main(&a);
}

const struct cli_cmd cmd_boottime_info = {
	"boottime", cmd_boottime, "RESULTS_DIR... | --run SUITE | --pr OLD NEW",
	"boot phases per configuration and against a baseline, interleaved, with CIs",
};
