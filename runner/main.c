/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot: boot hardened unikernel images in QEMU by the hundred and
 * measure what their hardening really gives.  Only main() prints usage and
 * exits; every subcommand returns its exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chacha.h"
#include "image.h"
#include "run.h"
#include "stream.h"
#include "suite.h"

/* ---- option tables ------------------------------------------------------ */

enum opt_id {
	OPT_JOBS = 'j', OPT_OUT = 'o', OPT_HELP = 'h',
	OPT_BOOTS = 256, OPT_ACCEL, OPT_MODE, OPT_TIMEOUT, OPT_JUNIT,
	OPT_SECTION, OPT_IMAGES, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_NO_CONSOLE,
	OPT_KEY, OPT_BYTES, OPT_BLOCK, OPT_SEED, OPT_SINK, OPT_APPEND,
};

struct cli_opt {
	const char *name;
	int id;
	const char *arg;    /* NULL: flag */
	const char *help;
};

static const struct cli_opt run_opts[] = {
	{ "jobs", OPT_JOBS, "N", "QEMU processes at once (default: CPUs)" },
	{ "boots", OPT_BOOTS, "N", "boots per section (overrides the suite)" },
	{ "accel", OPT_ACCEL, "auto|kvm|tcg", "accelerator (overrides the suite)" },
	{ "mode", OPT_MODE, "cold|warm", "one QEMU per boot, or guest resets" },
	{ "timeout", OPT_TIMEOUT, "S", "seconds per boot (overrides the suite)" },
	{ "output", OPT_OUT, "DIR", "results directory (default results/<run-id>)" },
	{ "junit", OPT_JUNIT, "FILE", "also write JUnit XML" },
	{ "section", OPT_SECTION, "NAME", "run only this section of the suite" },
	{ "images", OPT_IMAGES, "DIR", "image directory with manifest.json" },
	{ "progress", OPT_PROGRESS, NULL, "progress bar even when not a TTY" },
	{ "no-progress", OPT_NO_PROGRESS, NULL, "no progress bar" },
	{ "no-console", OPT_NO_CONSOLE, NULL, "do not keep console logs" },
	{ "help", OPT_HELP, NULL, "this help" },
	{ NULL, 0, NULL, NULL },
};

static const struct cli_opt chacha_opts[] = {
	{ "key", OPT_KEY, "HEX64", "256-bit key, 64 hex digits (RFC 8439 byte order)" },
	{ "seed-words", OPT_KEY + 100, "HEX64", "key as the guest's 8 seed words" },
	{ "bytes", OPT_BYTES, "N[K|M|G]", "keystream bytes to write to stdout" },
	{ "block", OPT_BLOCK, "N", "first 64-byte block index (default 0)" },
	{ "help", OPT_HELP, NULL, "this help" },
	{ NULL, 0, NULL, NULL },
};

static const struct cli_opt stream_opts[] = {
	{ "bytes", OPT_BYTES, "N[K|M|G]", "keystream bytes through the ring (default 64M)" },
	{ "seed", OPT_SEED, "HEX64", "fixed seed, key bytes in order as chacha --key "
	  "(default: the guest seeds itself)" },
	{ "output", OPT_OUT, "FILE|-", "where the bytes go (default - = stdout)" },
	{ "sink", OPT_SINK, NULL, "discard them on the host (generation rate)" },
	{ "accel", OPT_ACCEL, "auto|kvm|tcg", "accelerator (default auto: probe)" },
	{ "timeout", OPT_TIMEOUT, "S", "kill QEMU after S seconds in all "
	  "(default: none; each phase still has the image timeout)" },
	{ "append", OPT_APPEND, "STR", "extra kernel command line" },
	{ "images", OPT_IMAGES, "DIR", "image directory with manifest.json" },
	{ "help", OPT_HELP, NULL, "this help" },
	{ NULL, 0, NULL, NULL },
};

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct cli_opt *opts;
	const char *args;
	const char *help;
};

static void cli_usage_opts(FILE *f, const struct cli_opt *o)
{
	for (; o && o->name; o++) {
		char left[64];

		if (o->id < 128)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
}

/* getopt_long tables from ours, so --help and parsing cannot disagree. */
static struct option *cli_getopt(const struct cli_opt *o, char *shorts, size_t n)
{
	size_t cnt = 0, si = 0;
	struct option *lo;

	while (o[cnt].name)
		cnt++;
	lo = g_new0(struct option, cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		lo[i].name = o[i].name;
		lo[i].has_arg = o[i].arg ? required_argument : no_argument;
		lo[i].val = o[i].id;
		if (o[i].id < 128 && si + 3 < n) {
			shorts[si++] = (char)o[i].id;
			if (o[i].arg)
				shorts[si++] = ':';
		}
	}
	shorts[si] = '\0';
	return lo;
}

static int cli_ulong(const char *opt, const char *s, unsigned long min,
		     unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || *v < min || *v > max) {
		fprintf(stderr, "hardboot: --%s: '%s' is not a whole number in %lu..%lu\n",
			opt, s, min, max);
		return -EINVAL;
	}
	return 0;
}

/* 64, 4K, 64M, 1G */
static int cli_size(const char *opt, const char *s, unsigned long long *v)
{
	char *end;
	unsigned long long mul = 1;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10, end++;
	else if (*end == 'M')
		mul = 1ULL << 20, end++;
	else if (*end == 'G')
		mul = 1ULL << 30, end++;
	if (errno || end == s || *end || s[0] == '-' || *v > (~0ULL) / mul) {
		fprintf(stderr, "hardboot: --%s: '%s' is not a size (N, NK, NM, NG)\n",
			opt, s);
		return -EINVAL;
	}
	*v *= mul;
	return 0;
}

/* ---- run ---------------------------------------------------------------- */

static int cmd_run(int argc, char **argv)
{
	struct run_args a = { .progress = -1, .console = 1 };
	char shorts[32];
	struct option *lo = cli_getopt(run_opts, shorts, sizeof(shorts));
	int c, rc = 0;
	unsigned long v;

	a.images_dir = image_default_dir();
	while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_JOBS:
			rc = cli_ulong("jobs", optarg, 1, 256, &v);
			a.jobs = (int)v;
			break;
		case OPT_BOOTS:
			rc = cli_ulong("boots", optarg, 1, 100000000, &a.ov.boots);
			break;
		case OPT_ACCEL:
			a.ov.accel = optarg;
			if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") &&
			    strcmp(optarg, "tcg")) {
				fprintf(stderr, "hardboot: --accel: '%s' is not auto, kvm or tcg\n",
					optarg);
				rc = -EINVAL;
			}
			break;
		case OPT_MODE:
			a.ov.mode = optarg;
			if (strcmp(optarg, "cold") && strcmp(optarg, "warm")) {
				fprintf(stderr, "hardboot: --mode: '%s' is not cold or warm\n",
					optarg);
				rc = -EINVAL;
			}
			break;
		case OPT_TIMEOUT: {
			char *end;

			a.ov.timeout = strtod(optarg, &end);
			if (end == optarg || *end || !isfinite(a.ov.timeout) ||
			    a.ov.timeout <= 0 || a.ov.timeout > 86400) {
				fprintf(stderr, "hardboot: --timeout: '%s' is not a number "
					"of seconds in (0, 86400]\n", optarg);
				rc = -EINVAL;
			}
			break;
		}
		case OPT_OUT:
			a.outdir = optarg;
			break;
		case OPT_JUNIT:
			a.junit = optarg;
			break;
		case OPT_SECTION:
			a.ov.only = optarg;
			break;
		case OPT_IMAGES:
			a.images_dir = optarg;
			break;
		case OPT_PROGRESS:
			a.progress = 1;
			break;
		case OPT_NO_PROGRESS:
			a.progress = 0;
			break;
		case OPT_NO_CONSOLE:
			a.console = 0;
			break;
		case OPT_HELP:
			printf("usage: hardboot run [options] SUITE.ini | IMAGE...\n");
			cli_usage_opts(stdout, run_opts);
			printf("\n");
			suite_print_keys();
			g_free(lo);
			return 0;
		default:
			rc = -EINVAL;
		}
	}
	g_free(lo);
	if (rc)
		return HB_EXIT_USAGE;
	if (optind >= argc) {
		fprintf(stderr, "hardboot run: give a suite file or images (see --help)\n");
		return HB_EXIT_USAGE;
	}
	a.targets = argv + optind;
	a.ntargets = argc - optind;
	return run_main(&a);
}

/* ---- chacha: the host's reference keystream ------------------------------ */

static int cmd_chacha(int argc, char **argv)
{
	char shorts[32];
	struct option *lo = cli_getopt(chacha_opts, shorts, sizeof(shorts));
	unsigned long long bytes = 0, block = 0;
	uint8_t key[32];
	int c, rc = 0, have_key = 0;
	struct chacha_stream st;
	static uint8_t buf[1 << 16];

	while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_KEY:
		case OPT_KEY + 100:
			rc = c == OPT_KEY ? chacha_parse_key(optarg, key) :
				chacha_key_from_words(optarg, key);
			if (rc)
				fprintf(stderr, "hardboot chacha: --%s: need 64 hex digits\n",
					c == OPT_KEY ? "key" : "seed-words");
			have_key = 1;
			break;
		case OPT_BYTES:
			rc = cli_size("bytes", optarg, &bytes);
			break;
		case OPT_BLOCK:
			rc = cli_size("block", optarg, &block);
			break;
		case OPT_HELP:
			printf("usage: hardboot chacha --key HEX64 --bytes N\n");
			cli_usage_opts(stdout, chacha_opts);
			g_free(lo);
			return 0;
		default:
			rc = -EINVAL;
		}
	}
	g_free(lo);
	if (rc || !have_key) {
		if (!rc)
			fprintf(stderr, "hardboot chacha: --key or --seed-words is required\n");
		return HB_EXIT_USAGE;
	}
	chacha_stream_init(&st, key, block);
	while (bytes) {
		size_t n = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);

		chacha_stream_read(&st, buf, n);
		if (fwrite(buf, 1, n, stdout) != n) {
			fprintf(stderr, "hardboot chacha: write to stdout: %s\n",
				strerror(errno));
			return HB_EXIT_INFRA;
		}
		bytes -= n;
	}
	return fflush(stdout) ? HB_EXIT_INFRA : 0;
}

/* ---- stream: a guest's keystream through the bulk ring ------------------- */

static int cmd_stream(int argc, char **argv)
{
	struct stream_args a = { .bytes = 64ULL << 20 };
	struct stream_result res;
	char shorts[32];
	struct option *lo = cli_getopt(stream_opts, shorts, sizeof(shorts));
	unsigned long long bytes;
	int c, rc = 0;

	a.images_dir = image_default_dir();
	while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_BYTES:
			rc = cli_size("bytes", optarg, &bytes);
			a.bytes = bytes;
			if (!rc && !bytes) {
				fprintf(stderr, "hardboot stream: --bytes: at least 1\n");
				rc = -EINVAL;
			}
			break;
		case OPT_SEED:
			a.seed = optarg;
			break;
		case OPT_OUT:
			a.out = optarg;
			break;
		case OPT_SINK:
			a.sink = 1;
			break;
		case OPT_ACCEL:
			a.accel = optarg;
			if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") &&
			    strcmp(optarg, "tcg")) {
				fprintf(stderr, "hardboot: --accel: '%s' is not auto, kvm or tcg\n",
					optarg);
				rc = -EINVAL;
			}
			break;
		case OPT_TIMEOUT: {
			char *end;

			a.timeout = strtod(optarg, &end);
			if (end == optarg || *end || !isfinite(a.timeout) ||
			    a.timeout <= 0 || a.timeout > 86400) {
				fprintf(stderr, "hardboot: --timeout: '%s' is not a number "
					"of seconds in (0, 86400]\n", optarg);
				rc = -EINVAL;
			}
			break;
		}
		case OPT_APPEND:
			a.append = optarg;
			break;
		case OPT_IMAGES:
			a.images_dir = optarg;
			break;
		case OPT_HELP:
			printf("usage: hardboot stream [options] IMAGE\n"
			       "One cold boot with bulk=N; the guest's keystream leaves "
			       "through the ring in\nfile-backed guest RAM. Anything "
			       "short of exactly N bytes, done st=pass and\nthe "
			       "manifest's exit status is a failure.\n");
			cli_usage_opts(stdout, stream_opts);
			printf("exit status: 0 complete, 1 the guest failed (short stream, "
			       "crash, timeout),\n2 usage, 3 QEMU, /dev/shm or the "
			       "output failed (reader went away), 130 interrupted\n");
			g_free(lo);
			return 0;
		default:
			rc = -EINVAL;
		}
	}
	g_free(lo);
	if (rc)
		return HB_EXIT_USAGE;
	if (a.sink && a.out) {
		fprintf(stderr, "hardboot stream: --sink and --output exclude each other\n");
		return HB_EXIT_USAGE;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "hardboot stream: give exactly one image (see --help)\n");
		return HB_EXIT_USAGE;
	}
	a.image = argv[optind];
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

/* ---- the command table -------------------------------------------------- */

static int cmd_help(int argc, char **argv);

static const struct cli_cmd cli_cmds[] = {
	{ "run", cmd_run, run_opts, "SUITE.ini | IMAGE...",
	  "boot images and record every sample under results/" },
	{ "chacha", cmd_chacha, chacha_opts, "--key HEX64 --bytes N",
	  "write the RFC 8439 ChaCha20 keystream (the host's reference)" },
	{ "stream", cmd_stream, stream_opts, "IMAGE [--bytes N]",
	  "stream a guest's keystream out through the bulk ring" },
	{ "help", cmd_help, NULL, "", "this help" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("usage: hardboot COMMAND [options]\n\ncommands:\n");
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		printf("  %-8s %-24s %s\n", c->name, c->args, c->help);
	printf("\n'hardboot COMMAND --help' for a command's options.\n"
	       "exit status: 0 all passed, 1 a boot failed a check, 2 usage or\n"
	       "configuration error, 3 infrastructure error, 130 interrupted\n");
	return 0;
}

int main(int argc, char **argv)
{
	/* A closed pipe or socket (QMP of an exited QEMU, a reader that went
	 * away) is an error to report, not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		cmd_help(0, NULL);
		return HB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(0, NULL);
	if (!strcmp(argv[1], "--version")) {
		printf("hardboot 0.1\n");
		return 0;
	}
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "hardboot: unknown command '%s' (see hardboot help)\n", argv[1]);
	return HB_EXIT_USAGE;
}
