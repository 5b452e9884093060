/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot stream: one guest's keystream out through the bulk ring. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "image.h"
#include "run.h"
#include "stream.h"

enum {
	STREAM_OUT = 'o',
	STREAM_BYTES = 256, STREAM_SEED, STREAM_SINK, STREAM_ACCEL, STREAM_TIMEOUT,
	STREAM_APPEND, STREAM_IMAGES,
};

static const struct cli_opt stream_opts[] = {
	{ "bytes", STREAM_BYTES, "N[K|M|G]", "keystream bytes through the ring (default 64M)" },
	{ "seed", STREAM_SEED, "HEX64", "fixed seed, key bytes in order as chacha --key "
	  "(default: the guest seeds itself)" },
	{ "output", STREAM_OUT, "FILE|-", "where the bytes go (default - = stdout)" },
	{ "sink", STREAM_SINK, NULL, "discard them on the host (generation rate)" },
	{ "accel", STREAM_ACCEL, "auto|kvm|tcg", "accelerator (default auto: probe)" },
	{ "timeout", STREAM_TIMEOUT, "S", "kill QEMU after S seconds in all "
	  "(default: none; each phase still has the image timeout)" },
	{ "append", STREAM_APPEND, "STR", "extra kernel command line" },
	{ "images", STREAM_IMAGES, "DIR", "image directory with manifest.json" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int stream_opt(int id, const char *arg, void *ctx)
{
	struct stream_args *a = ctx;
	unsigned long long bytes;
	int rc = 0;

	switch (id) {
	case STREAM_BYTES:
		rc = cli_size("bytes", arg, &bytes);
		a->bytes = bytes;
		if (!rc && !bytes) {
			fprintf(stderr, "hardboot stream: --bytes: at least 1\n");
			rc = -EINVAL;
		}
		break;
	case STREAM_SEED:
		a->seed = arg;
		break;
	case STREAM_OUT:
		a->out = arg;
		break;
	case STREAM_SINK:
		a->sink = 1;
		break;
	case STREAM_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		a->accel = arg;
		break;
	case STREAM_TIMEOUT:
		rc = cli_seconds("timeout", arg, &a->timeout);
		break;
	case STREAM_APPEND:
		a->append = arg;
		break;
	case STREAM_IMAGES:
		a->images_dir = arg;
		break;
	}
	return rc;
}

static void stream_more_help(void)
{
	printf("exit status: 0 complete, 1 the guest failed (short stream, "
	       "crash, timeout),\n2 usage, 3 QEMU, /dev/shm or the "
	       "output failed (reader went away), 130 interrupted\n");
}

static const struct cli_spec stream_spec = {
	.cmd = "stream",
	.usage = "[options] IMAGE",
	.about = "One cold boot with bulk=N; the guest's keystream leaves through "
		 "the ring in\nfile-backed guest RAM. Anything short of exactly N "
		 "bytes, done st=pass and\nthe manifest's exit status is a failure.",
	.opts = stream_opts,
	.more_help = stream_more_help,
};

static int cmd_stream(int argc, char **argv)
{
	struct stream_args a = { .bytes = 64ULL << 20 };
	struct stream_result res;
	int first, rc;

	a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &stream_spec, stream_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (a.sink && a.out) {
		fprintf(stderr, "hardboot stream: --sink and --output exclude each other\n");
		return HB_EXIT_USAGE;
	}
	if (first != argc - 1) {
		fprintf(stderr, "hardboot stream: give exactly one image (see --help)\n");
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
