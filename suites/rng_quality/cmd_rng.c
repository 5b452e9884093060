/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot rng: a guest's generator through dieharder, or against known answers. */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "cli.h"
#include "dieharder.h"
#include "image.h"
#include "rng.h"
#include "run.h"

enum {
	RNG_OUT = 'o',
	RNG_BYTES = 256, RNG_BATTERY, RNG_RERUNS, RNG_KAT, RNG_SEED, RNG_ACCEL,
	RNG_TIMEOUT, RNG_APPEND, RNG_IMAGES, RNG_DIEHARDER, RNG_OPENSSL,
	RNG_COMMANDS,
};

static const struct cli_opt rng_opts[] = {
	{ "battery", RNG_BATTERY, "smoke|nightly|full|none",
	  "dieharder tests to run (default smoke)" },
	{ "bytes", RNG_BYTES, "N[K|M|G]", "stream of the first boot (default: what "
	  "the battery reads; --kat 4M; none 64M)" },
	{ "out", RNG_OUT, "FILE", "append metric records (JSON lines) to FILE" },
	{ "reruns", RNG_RERUNS, "R", "reruns of a WEAK line (or FAILED, in a loose "
	  "test) on fresh stream before it fails (default 5)" },
	{ "kat", RNG_KAT, NULL, "known-answer test: fixed seed, stream vs the host's "
	  "RFC 8439 and openssl" },
	{ "seed", RNG_SEED, "HEX64", "fixed seed, key bytes in order (--kat default: "
	  "RFC 8439 2.3.2 key 00..1f)" },
	{ "accel", RNG_ACCEL, "auto|kvm|tcg", "accelerator (default auto: probe)" },
	{ "timeout", RNG_TIMEOUT, "S", "kill a boot's QEMU after S seconds in all "
	  "(default none)" },
	{ "append", RNG_APPEND, "STR", "extra kernel command line" },
	{ "images", RNG_IMAGES, "DIR", "image directory with manifest.json" },
	{ "dieharder", RNG_DIEHARDER, "PROG", "dieharder program (default dieharder)" },
	{ "openssl", RNG_OPENSSL, "PROG", "openssl program (default openssl)" },
	{ "print-commands", RNG_COMMANDS, NULL, "print the battery's dieharder "
	  "command lines and bytes, boot nothing" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct rng_cli {
	struct rng_args a;
	int commands;
};

static int rng_opt(int id, const char *arg, void *ctx)
{
	struct rng_cli *c = ctx;
	struct rng_args *a = &c->a;
	unsigned long long bytes;
	unsigned long v;
	int rc = 0;

	switch (id) {
	case RNG_BATTERY:
		rc = cli_choice("battery", arg, "smoke|nightly|full|none");
		a->battery = arg;
		break;
	case RNG_BYTES:
		rc = cli_size("bytes", arg, &bytes);
		a->bytes = bytes;
		if (!rc && !bytes) {
			fprintf(stderr, "hardboot rng: --bytes: at least 1\n");
			rc = -EINVAL;
		}
		break;
	case RNG_OUT:
		a->out = arg;
		break;
	case RNG_RERUNS:
		rc = cli_ulong("reruns", arg, 1, 8, &v);
		a->reruns = (unsigned)v;
		break;
	case RNG_KAT:
		a->kat = 1;
		break;
	case RNG_SEED:
		a->seed = arg;
		break;
	case RNG_ACCEL:
		rc = cli_choice("accel", arg, "auto|kvm|tcg");
		a->accel = arg;
		break;
	case RNG_TIMEOUT:
		rc = cli_seconds("timeout", arg, &a->timeout);
		break;
	case RNG_APPEND:
		a->append = arg;
		break;
	case RNG_IMAGES:
		a->images_dir = arg;
		break;
	case RNG_DIEHARDER:
		a->dieharder = arg;
		break;
	case RNG_OPENSSL:
		a->openssl = arg;
		break;
	case RNG_COMMANDS:
		c->commands = 1;
		break;
	}
	return rc;
}

static void rng_more_help(void)
{
	printf("\nbatteries:\n");
	for (const struct dh_battery *const *b = dh_batteries; *b; b++)
		printf("  %-8s %zu runs, %u result lines, %.2f GB: %s\n", (*b)->name,
		       (*b)->ntests, dh_battery_lines(*b),
		       (double)dh_battery_bytes(*b) / 1e9, (*b)->about);
	printf("  none     no dieharder: the quick statistics only\n"
	       "\nexit status: 0 pass, 1 a check failed (FAILED, WEAK repeated, "
	       "quick statistics,\nknown answer, the guest's own checks), 2 usage, "
	       "3 harness error (the stream ran\nout, a result line missing, "
	       "dieharder or openssl missing), 130 interrupted\n");
}

static const struct cli_spec rng_spec = {
	.cmd = "rng",
	.usage = "[options] IMAGE",
	.about = "Boot IMAGE in bulk mode and judge its generator: dieharder reads "
		 "the stream\nfrom the ring through a pipe (-g 200), or --kat "
		 "compares it with two\nChaCha20 references.",
	.opts = rng_opts,
	.more_help = rng_more_help,
};

/* One line per run: what bench/rng_stream.sh feeds from a host source. */
static int rng_print_commands(const struct rng_args *a)
{
	const struct dh_battery *b = dh_battery_find(a->battery ? a->battery : "smoke");

	if (!b) {
		fprintf(stderr, "hardboot rng: --print-commands needs a dieharder battery\n");
		return HB_EXIT_USAGE;
	}
	for (size_t i = 0; i < b->ntests; i++) {
		char **argv = dh_argv(a->dieharder ? a->dieharder : "dieharder",
				      &b->tests[i]);
		char *line = g_strjoinv(" ", argv);

		printf("%llu %u %s\n", (unsigned long long)b->tests[i].bytes,
		       b->tests[i].lines, line);
		g_free(line);
		g_strfreev(argv);
	}
	return 0;
}

static int cmd_rng(int argc, char **argv)
{
	struct rng_cli c = { .a = { .reruns = 5 } };
	int first, rc;

	c.a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &rng_spec, rng_opt, &c, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (c.commands)
		return rng_print_commands(&c.a);
	if (first != argc - 1) {
		fprintf(stderr, "hardboot rng: give exactly one image (see --help)\n");
		return HB_EXIT_USAGE;
	}
	c.a.image = argv[first];
	return rng_main(&c.a);
}

const struct cli_cmd cmd_rng_info = {
	"rng", cmd_rng, "IMAGE [--battery B]",
	"judge a guest's generator: dieharder through the ring, or known answers",
};
