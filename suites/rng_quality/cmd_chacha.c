/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot chacha: the host's RFC 8439 reference keystream on stdout. */
#include <errno.h>
#include <string.h>

#include "chacha.h"
#include "cli.h"
#include "run.h"

enum { CHACHA_KEY_OPT = 256, CHACHA_WORDS, CHACHA_BYTES, CHACHA_BLOCK_OPT };

static const struct cli_opt chacha_opts[] = {
	{ "key", CHACHA_KEY_OPT, "HEX64", "256-bit key, 64 hex digits (RFC 8439 byte order)" },
	{ "seed-words", CHACHA_WORDS, "HEX64", "key as the guest's 8 seed words" },
	{ "bytes", CHACHA_BYTES, "N[K|M|G]", "keystream bytes to write to stdout" },
	{ "block", CHACHA_BLOCK_OPT, "N", "first 64-byte block index (default 0)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct chacha_args {
	uint8_t key[32];
	int have_key;
	unsigned long long bytes, block;
};

static int chacha_opt(int id, const char *arg, void *ctx)
{
	struct chacha_args *a = ctx;
	int rc = 0;

	switch (id) {
	case CHACHA_KEY_OPT:
	case CHACHA_WORDS:
		rc = id == CHACHA_KEY_OPT ? chacha_parse_key(arg, a->key) :
			chacha_key_from_words(arg, a->key);
		if (rc)
			fprintf(stderr, "hardboot chacha: --%s: need 64 hex digits\n",
				id == CHACHA_KEY_OPT ? "key" : "seed-words");
		a->have_key = 1;
		break;
	case CHACHA_BYTES:
		rc = cli_size("bytes", arg, &a->bytes);
		break;
	case CHACHA_BLOCK_OPT:
		rc = cli_size("block", arg, &a->block);
		break;
	}
	return rc;
}

static const struct cli_spec chacha_spec = {
	.cmd = "chacha",
	.usage = "--key HEX64 --bytes N",
	.opts = chacha_opts,
};

static int cmd_chacha(int argc, char **argv)
{
	struct chacha_args a = { .have_key = 0 };
	struct chacha_stream st;
	static uint8_t buf[1 << 16];
	int first, rc;

	rc = cli_parse(argc, argv, &chacha_spec, chacha_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (!a.have_key) {
		fprintf(stderr, "hardboot chacha: --key or --seed-words is required\n");
		return HB_EXIT_USAGE;
	}
	chacha_stream_init(&st, a.key, a.block);
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
