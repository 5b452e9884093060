/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot merge: shards of one suite into one results directory. */
#include <errno.h>

#include "cli.h"
#include "merge.h"
#include "run.h"

enum { MERGE_OUT = 'o' };

static const struct cli_opt merge_opts[] = {
	{ "output", MERGE_OUT, "DIR", "merged results directory (must not exist)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int merge_opt(int id, const char *arg, void *ctx)
{
	if (id == MERGE_OUT)
		*(const char **)ctx = arg;
	return 0;
}

static const struct cli_spec merge_spec = {
	.cmd = "merge",
	.usage = "-o OUT DIR...",
	.about = "Every shard (hardboot run --shard i/N) of one suite file at one "
		 "revision, once each.",
	.opts = merge_opts,
};

static int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	char err[512];
	int first, rc;

	rc = cli_parse(argc, argv, &merge_spec, merge_opt, &out, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	if (!out || first >= argc) {
		fprintf(stderr, "hardboot merge: give -o OUT and the shard directories\n");
		return HB_EXIT_USAGE;
	}
	rc = merge_main(argv + first, argc - first, out, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot merge: %s\n", err);
		return rc == -EINVAL || rc == -ENOENT || rc == -EEXIST ?
			HB_EXIT_USAGE : HB_EXIT_INFRA;
	}
	fprintf(stderr, "hardboot merge: %d shards into %s\n", argc - first, out);
	return 0;
}

const struct cli_cmd cmd_merge_info = {
	"merge", cmd_merge, "-o OUT DIR...",
	"merge the results of all shards of one suite",
};
