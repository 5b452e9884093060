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

#define RN_AT(m) CLI_AT(struct rawnoise_args, m)

/* --source: the guest's raw_src= */
static int rn_source(const char *arg, void *field, char *why, size_t n)
{
	if (rawnoise_source(arg, field)) {
		snprintf(why, n, "'%s' is not jitter, rdrand, rdseed or tsc", arg);
		return -EINVAL;
	}
	return 0;
}

static const struct cli_opt rn_opts[] = {
	{ "source", 0, CLI_CALL, "SRC", RN_AT(src), .call = rn_source, .def = "jitter",
	  .help = "jitter, rdrand, rdseed or tsc: the guest's raw_src=" },
	CLI_OPT_BOOTS(RN_AT(boots), NULL, "boots, one restart and one output row each"),
	{ "samples", 0, CLI_UINT, "N", RN_AT(samples), .min = 1, .max = 1ULL << 32,
	  .def = "1000", .help = "samples per boot" },
	{ "output", 'o', CLI_STR, "FILE", RN_AT(out), .required = 1,
	  .help = "the symbols, one per byte, boot after boot" },
	{ "bits", 0, CLI_UINT, "K", RN_AT(bits), .min = 1, .max = 8, .def = "8",
	  .help = "symbol = the sample's low K bits" },
	{ "shift", 0, CLI_UINT, "S", RN_AT(shift), .min = 0, .max = 63, .def = "0",
	  .help = "... after shifting it right by S bits" },
	{ "raw", 0, CLI_STR, "FILE", RN_AT(raw_out),
	  .help = "also the samples as they came: 8 bytes each, little-endian" },
	CLI_OPT_ACCEL(RN_AT(accel), "auto: probe", "accelerator"),
	CLI_OPT_JOBS(RN_AT(jobs), "QEMU processes at once"),
	{ "timeout", 0, CLI_SECONDS, "S", RN_AT(timeout), .unset = "none; each phase "
	  "still has the image timeout", .help = "kill a boot after S seconds in all" },
	{ "append", 0, CLI_STR, "STR", RN_AT(append), .help = "extra kernel command line" },
	{ "qemu-args", 0, CLI_STR, "ARGS", RN_AT(qemu_args), .help = "more QEMU options, "
	  "shell-quoted, as a suite file's qemu_args (\"-seed 1\": arm64's RNDR then "
	  "repeats every boot)" },
	CLI_OPT_IMAGES(RN_AT(images_dir)),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char rn_more[] =
	"Each boot is a cold boot with raw=N raw_src=SRC: the guest records N samples\n"
	"of the source where its seed path reads it, before anything conditions them,\n"
	"and hands them over through the ring (docs/protocol.md).  The restart tests\n"
	"(SP 800-90B 3.1.4) then read the file as BOOTS rows:\n"
	"    hardboot sp800-90b --restart BOOTS FILE\n"
	"What an assessment of each source means: suites/rng_quality/README.md.\n"
	"exit status: 0, 1 a boot failed or sent impossible samples, 2 usage (also a\n"
	"source the guest's CPU does not offer), 3 QEMU, /dev/shm or the output, 130\n"
	"interrupted; on failure the output files are removed\n";

static const struct cli_spec rn_spec = {
	.cmd = "raw-noise",
	.usage = "[options] IMAGE -o FILE",
	.about = "Boot IMAGE again and again in raw-noise mode and write the raw "
		 "samples of its\nearly entropy source, one boot per row, for an SP "
		 "800-90B assessment.",
	.opts = rn_opts,
	.more = rn_more,
	.operands = "one image", .min_ops = 1, .max_ops = 1,
};

static int cmd_rawnoise(int argc, char **argv)
{
	struct rawnoise_args a = { .boots = 1000 };
	struct rawnoise_result res;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int first, rc;

	a.images_dir = image_default_dir();
	a.jobs = cpus > 0 ? (int)cpus : 1;
	rc = cli_parse(argc, argv, &rn_spec, &a, &first);
	if (rc)
		return cli_status(rc);
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
