/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot rng: a guest's generator through dieharder, or against known answers. */
#include <glib.h>
#include <string.h>

#include "cli.h"
#include "dieharder.h"
#include "image.h"
#include "rng.h"
#include "run.h"

struct rng_cli {
	struct rng_args a;
	int commands;           /* --print-commands */
};

#define RNG_AT(m) CLI_AT(struct rng_cli, a.m)

static const struct cli_opt rng_opts[] = {
	{ "battery", 0, CLI_CHOICE, "smoke|nightly|full|none", RNG_AT(battery),
	  .unset = "smoke", .help = "dieharder tests to run" },
	{ "bytes", 0, CLI_SIZE, "N[K|M|G]", RNG_AT(bytes), .min = 1,
	  .unset = "what the battery reads; --kat 4M; none 64M",
	  .help = "stream of the first boot" },
	CLI_OPT_METRICS(RNG_AT(metrics)),
	{ "reruns", 0, CLI_UINT, "R", RNG_AT(reruns), .min = 1, .max = 8, .def = "5",
	  .help = "reruns of a WEAK line (or FAILED, in a loose test) on fresh stream "
		  "before it fails" },
	{ "kat", 0, CLI_FLAG, NULL, RNG_AT(kat),
	  .help = "known-answer test: fixed key, stream vs the host's RFC 8439 and openssl" },
	{ "key", 0, CLI_STR, "HEX64", RNG_AT(key),
	  .unset = "the guest seeds itself; --kat: RFC 8439 2.3.2 key 00..1f",
	  .help = "fixed ChaCha20 key (the guest's seed=), bytes in order as chacha --key" },
	CLI_OPT_ACCEL(RNG_AT(accel), "auto: probe", "accelerator"),
	{ "timeout", 0, CLI_SECONDS, "S", RNG_AT(timeout), .unset = "none",
	  .help = "kill a boot's QEMU after S seconds in all" },
	{ "append", 0, CLI_STR, "STR", RNG_AT(append), .help = "extra kernel command line" },
	CLI_OPT_IMAGES(RNG_AT(images_dir)),
	{ "dieharder", 0, CLI_STR, "PROG", RNG_AT(dieharder), .def = "dieharder",
	  .help = "dieharder program" },
	{ "openssl", 0, CLI_STR, "PROG", RNG_AT(openssl), .def = "openssl",
	  .help = "openssl program" },
	{ "print-commands", 0, CLI_FLAG, NULL, CLI_AT(struct rng_cli, commands),
	  .help = "print the battery's dieharder command lines and bytes, boot nothing" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static void rng_batteries(void)
{
	printf("\nbatteries:\n");
	for (const struct dieharder_battery *const *b = dieharder_batteries; *b; b++)
		printf("  %-8s %zu runs, %u result lines, %.2f GB: %s\n", (*b)->name,
		       (*b)->ntests, dieharder_battery_lines(*b),
		       (double)dieharder_battery_bytes(*b) / 1e9, (*b)->about);
	printf("  none     no dieharder: the quick statistics only\n");
}

static const char rng_more[] =
	"exit status: 0 pass, 1 a check failed (FAILED, WEAK repeated, quick statistics,\n"
	"known answer, the guest's own checks), 2 usage, 3 harness error (the stream ran\n"
	"out, a result line missing, dieharder or openssl missing), 130 interrupted\n";

static const struct cli_spec rng_spec = {
	.cmd = "rng",
	.usage = "[options] IMAGE",
	.about = "Boot IMAGE in bulk mode and judge its generator: dieharder reads "
		 "the stream\nfrom the ring through a pipe (-g 200), or --kat "
		 "compares it with two\nChaCha20 references.",
	.opts = rng_opts,
	.more_help = rng_batteries,
	.more = rng_more,
	.operands = "exactly one image", .min_ops = 0, .max_ops = 1,
};

/* One line per run: what bench/rng_stream.sh feeds from a host source. */
static int rng_print_commands(const struct rng_args *a)
{
	const struct dieharder_battery *b = dieharder_battery_find(a->battery ? a->battery : "smoke");

	if (!b) {
		fprintf(stderr, "hardboot rng: --print-commands needs a dieharder battery\n");
		return HB_EXIT_USAGE;
	}
	for (size_t i = 0; i < b->ntests; i++) {
		char **argv = dieharder_argv(a->dieharder, &b->tests[i]);
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
	struct rng_cli c = { .commands = 0 };
	int first, rc;

	c.a.images_dir = image_default_dir();
	rc = cli_parse(argc, argv, &rng_spec, &c, &first);
	if (rc)
		return cli_status(rc);
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
