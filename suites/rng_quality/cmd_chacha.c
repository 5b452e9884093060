/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot chacha: the host's RFC 8439 reference keystream on stdout. */
#include <errno.h>
#include <string.h>

#include "chacha.h"
#include "cli.h"
#include "run.h"

struct chacha_cli_key {
	uint8_t b[CHACHA_KEY];
	int set;
};

struct chacha_args {
	struct chacha_cli_key key;      /* --key or --seed-words */
	unsigned long long bytes, block;
};

#define CHACHA_AT(m) CLI_AT(struct chacha_args, m)

/* --key and --seed-words: rc is what their parser said of arg */
static int chacha_opt_done(struct chacha_cli_key *k, int rc, const char *arg,
			   char *why, size_t n)
{
	k->set = !rc;
	if (rc)
		snprintf(why, n, "'%s' is not 64 hex digits", arg);
	return rc ? -EINVAL : 0;
}

static int chacha_opt_key(const char *arg, void *field, char *why, size_t n)
{
	struct chacha_cli_key *k = field;

	return chacha_opt_done(k, chacha_parse_key(arg, k->b), arg, why, n);
}

static int chacha_opt_words(const char *arg, void *field, char *why, size_t n)
{
	struct chacha_cli_key *k = field;

	return chacha_opt_done(k, chacha_key_from_words(arg, k->b), arg, why, n);
}

static const struct cli_opt chacha_opts[] = {
	{ "key", 0, CLI_CALL, "HEX64", CHACHA_AT(key), .call = chacha_opt_key,
	  .help = "256-bit key, 64 hex digits (RFC 8439 byte order)" },
	{ "seed-words", 0, CLI_CALL, "HEX64", CHACHA_AT(key), .call = chacha_opt_words,
	  .help = "the key as the guest's 8 seed words" },
	{ "bytes", 0, CLI_SIZE, "N[K|M|G]", CHACHA_AT(bytes),
	  .help = "keystream bytes to write to stdout" },
	{ "block", 0, CLI_SIZE, "N", CHACHA_AT(block), .help = "first 64-byte block index" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_spec chacha_spec = {
	.cmd = "chacha",
	.usage = "--key HEX64 --bytes N",
	.opts = chacha_opts,
};

static int cmd_chacha(int argc, char **argv)
{
	struct chacha_args a = { .bytes = 0 };
	struct chacha_stream st;
	static uint8_t buf[1 << 16];
	int rc;

	rc = cli_parse(argc, argv, &chacha_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	if (!a.key.set) {
		fprintf(stderr, "hardboot chacha: --key or --seed-words is required\n");
		return HB_EXIT_USAGE;
	}
	chacha_stream_init(&st, a.key.b, a.block);
	while (a.bytes) {
		size_t n = a.bytes < sizeof(buf) ? (size_t)a.bytes : sizeof(buf);

		chacha_stream_read(&st, buf, n);
		if (fwrite(buf, 1, n, stdout) != n) {
			fprintf(stderr, "hardboot chacha: write to stdout: %s\n",
				strerror(errno));
			return HB_EXIT_INFRA;
		}
		a.bytes -= n;
	}
	return fflush(stdout) ? HB_EXIT_INFRA : 0;
}

const struct cli_cmd cmd_chacha_info = {
	"chacha", cmd_chacha, "--key HEX64 --bytes N",
	"write the RFC 8439 ChaCha20 keystream (the host's reference)",
};
