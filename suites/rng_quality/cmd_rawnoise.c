/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot raw-noise: an image's early entropy source, raw, boot after boot,
 * into a file of restarts for hardboot sp800-90b (rawnoise.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "image.h"
#include "rawnoise.h"
#include "run.h"

enum {
	RN_OUT = 'o',
	RN_BOOTS = 256, RN_SAMPLES, RN_SOURCE, RN_BITS, RN_SHIFT, RN_RAW, RN_ACCEL,
	RN_TIMEOUT, RN_APPEND, RN_JOBS, RN_IMAGES,
};

static const struct cli_opt rn_opts[] = {
	{ "source", RN_SOURCE, "SRC", "jitter (default), rdrand, rdseed or tsc: "
	  "the guest's raw_src=" },
	{ "boots", RN_BOOTS, "N", "boots, one restart and one output row each "
	  "(default 1000)" },
	{ "samples", RN_SAMPLES, "N", "samples per boot (default 1000)" },
	{ "output", RN_OUT, "FILE", "the symbols, one per byte, boot after boot" },
	{ "bits", RN_BITS, "K", "symbol = the sample's low K bits, 1..8 (default 8)" },
	{ "shift", RN_SHIFT, "S", "... after shifting it right by S bits (default 0)" },
	{ "raw", RN_RAW, "FILE", "also the samples as they came: 8 bytes each, "
	  "little-endian" },
	{ "accel", RN_ACCEL, "auto|kvm|tcg", "accelerator (default auto: probe)" },
	{ "jobs", RN_JOBS, "N", "QEMU processes at once (default: CPUs)" },
	{ "timeout", RN_TIMEOUT, "S", "kill a boot after S seconds in all "
	  "(default: none; each phase still has the image timeout)" },
	{ "append", RN_APPEND, "STR", "extra kernel command line" },
	{ "images", RN_IMAGES, "DIR", "image directory with manifest.json" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int rn_opt(int id, const char *arg, void *ctx)
{
	struct rawnoise_args *a = ctx;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case RN_SOURCE:
		rc = cli_choice("source", arg, "jitter|rdrand|rdseed|tsc");
		if (!rc)
			rc = rawnoise_source(arg, &a->src);
		break;
	case RN_BOOTS:
		rc = cli_ulong("boots", arg, 1, 1000000, &a->boots);
		break;
	case RN_SAMPLES:
		rc = cli_ulong("samples", arg, 1, 1UL << 32, &v);
		a->samples = v;
		break;
	case RN_OUT:
		a->out = arg;
		break;
	case RN_BITS:
		rc = cli_ulong("bits", arg, 1, 8, &v);
		a->bits = (unsigned)v;
		break;
	case RN_SHIFT:
		rc = cli_ulong("shift", arg, 0, 63, &v);
		a->shift = (unsigned)v;
		break;
	case RN_RAW:
		a->raw_out = arg;
		break;
	case RN_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		a->accel = arg;
		break;
	case RN_JOBS:
		rc = cli_ulong("jobs", arg, 1, 256, &v);
		a->jobs = (int)v;
		break;
	case RN_TIMEOUT:
		rc = cli_seconds("timeout", arg, &a->timeout);
		break;
	case RN_APPEND:
		a->append = arg;
		break;
	case RN_IMAGES:
		a->images_dir = arg;
		break;
	}
	return rc;
}

static void rn_more_help(void)
{
	printf("\nEach boot is a cold boot with raw=N raw_src=SRC: the guest records N "
	       "samples\nof the source where its seed path reads it, before anything "
	       "conditions them,\nand hands them over through the ring (docs/protocol.md). "
	       "The restart tests\n(SP 800-90B 3.1.4) then read the file as BOOTS rows:\n"
	       "    hardboot sp800-90b --restart BOOTS FILE\n"
	       "What an assessment of each source means: suites/rng_quality/README.md.\n"
	       "exit status: 0, 1 a boot failed or sent impossible samples, 2 usage (also "
	       "a\nsource the guest's CPU does not offer), 3 QEMU, /dev/shm or the output, "
	       "130\ninterrupted; on failure the output files are removed\n");
}

static const struct cli_spec rn_spec = {
	.cmd = "raw-noise",
	.usage = "[options] IMAGE -o FILE",
	.about = "Boot IMAGE again and again in raw-noise mode and write the raw "
		 "samples of its\nearly entropy source, one boot per row, for an SP "
		 "800-90B assessment.",
	.opts = rn_opts,
	.more_help = rn_more_help,
	.operands = "one image",
};

static int cmd_rawnoise(int argc, char **argv)
{
	struct rawnoise_args a = { .src = RAWNOISE_JITTER, .boots = 1000, .samples = 1000,
				   .bits = 8 };
	struct rawnoise_result res;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int first, rc;

	a.images_dir = image_default_dir();
	a.jobs = cpus > 0 ? (int)cpus : 1;
	rc = cli_parse(argc, argv, &rn_spec, rn_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (first != argc - 1 || !a.out) {
		fprintf(stderr, "hardboot raw-noise: one image and -o FILE (see --help)\n");
		return HB_EXIT_USAGE;
	}
	a.image = argv[first];
	if (rawnoise_run(&a, &res)) {
		fprintf(stderr, "hardboot raw-noise: %s\n", res.err);
		return res.status ? res.status : HB_EXIT_INFRA;
	}
	fprintf(stderr, "hardboot raw-noise: %s: %lu boots x %llu %s samples in %.1f s "
		"(%.1f boots/s, cold); raw 0x%llx..0x%llx; %u distinct %u-bit symbols "
		"(shift %u) in %s; accel %s\n", res.image, res.boots,
		(unsigned long long)a.samples, rawnoise_source_name(a.src), res.secs,
		res.secs > 0 ? (double)res.boots / res.secs : 0.0,
		(unsigned long long)res.raw_min, (unsigned long long)res.raw_max,
		res.distinct, a.bits, a.shift, a.out, res.accel);
	return HB_EXIT_OK;
}

const struct cli_cmd cmd_rawnoise_info = {
	"raw-noise", cmd_rawnoise, "IMAGE -o FILE [--boots N] [--source S]",
	"raw samples of an image's early entropy source, a boot per row",
};
