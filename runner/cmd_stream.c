/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot stream: one guest's keystream out through the bulk ring. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "image.h"
#include "run.h"
#include "stream.h"

#define STREAM_AT(m) CLI_AT(struct stream_args, m)

static const struct cli_opt stream_opts[] = {
	{ "bytes", 0, CLI_SIZE, "N[K|M|G]", STREAM_AT(bytes), .min = 1,
	  .def = "64M", .help = "keystream bytes through the ring" },
	{ "key", 0, CLI_STR, "HEX64", STREAM_AT(key), .unset = "the guest seeds itself",
	  .help = "fixed ChaCha20 key (the guest's seed=), bytes in order as chacha --key" },
	{ "output", 'o', CLI_STR, "FILE|-", STREAM_AT(out), .unset = "- (stdout)",
	  .help = "where the bytes go" },
	{ "sink", 0, CLI_FLAG, NULL, STREAM_AT(sink),
	  .help = "discard them on the host (generation rate)" },
	CLI_OPT_ACCEL(STREAM_AT(accel), "auto: probe", "accelerator"),
	{ "timeout", 0, CLI_SECONDS, "S", STREAM_AT(timeout),
	  .unset = "none; each phase still has the image timeout",
	  .help = "kill QEMU after S seconds in all" },
	{ "append", 0, CLI_STR, "STR", STREAM_AT(append), .help = "extra kernel command line" },
	CLI_OPT_IMAGES(STREAM_AT(images_dir)),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char stream_more[] =
	"exit status: 0 complete, 1 the guest failed (short stream, "
	"crash, timeout),\n2 usage, 3 QEMU, /dev/shm or the "
	"output failed (reader went away), 130 interrupted\n";

static const struct cli_spec stream_spec = {
	.cmd = "stream",
	.usage = "[options] IMAGE",
	.about = "One cold boot with bulk=N; the guest's keystream leaves through "
		 "the ring in\nfile-backed guest RAM. Anything short of exactly N "
		 "bytes, done st=pass and\nthe manifest's exit status is a failure.",
	.opts = stream_opts,
	.more = stream_more,
	.operands = "exactly one image", .min_ops = 1, .max_ops = 1,
};

static int cmd_stream(int argc, char **argv)
{
	struct stream_args a = { 0 };
	struct stream_result res;
	int first, rc;

	a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &stream_spec, &a, &first);
	if (rc)
		return cli_status(rc);
	if (a.sink && a.out) {
		fprintf(stderr, "hardboot stream: --sink and --output exclude each other\n");
		return HB_EXIT_USAGE;
	}
	a.image = argv[first];
	if (stream_run(&a, &res)) {
		fprintf(stderr, "hardboot stream: %s\n", res.err);
		return res.status ? res.status : HB_EXIT_INFRA;
	}
	/* MB = 10^6 bytes, as FIELD.md's channel table. */
	fprintf(stderr, "hardboot stream: %s: %llu bytes to %s in %.3f s = %.1f MB/s "
		"(boot to exit %.3f s = %.1f MB/s end to end); accel %s; seed %s\n",
		res.image, (unsigned long long)res.moved, res.out_name, res.stream_s,
		res.stream_s > 0 ? (double)res.moved / res.stream_s / 1e6 : 0.0,
		res.total_s,
		res.total_s > 0 ? (double)res.moved / res.total_s / 1e6 : 0.0,
		res.accel, res.seed_src[0] ? res.seed_src : "unreported");
	return 0;
}

const struct cli_cmd cmd_stream_info = {
	"stream", cmd_stream, "IMAGE [--bytes N]",
	"stream a guest's keystream out through the bulk ring",
};
