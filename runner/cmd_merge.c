/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot merge: shards of one suite into one results directory. */
#include <errno.h>

#include "cli.h"
#include "merge.h"
#include "run.h"

struct merge_cli {
	const char *out;
	char **dirs;
	int ndirs;
};

static const struct cli_opt merge_opts[] = {
	{ "output", 'o', CLI_STR, "DIR", CLI_AT(struct merge_cli, out), .required = 1,
	  .help = "merged results directory (must not exist)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_spec merge_spec = {
	.cmd = "merge",
	.usage = "-o OUT DIR...",
	.about = "Every shard (hardboot run --shard i/N) of one suite file at one "
		 "revision, once each.",
	.opts = merge_opts,
	.operands = "the shard directories", .min_ops = 1, .max_ops = CLI_ANY,
	CLI_OPS_AT(struct merge_cli, dirs, ndirs),
};

static int cmd_merge(int argc, char **argv)
{
	struct merge_cli c = { .out = NULL };
	char err[512];
	int rc;

	rc = cli_parse(argc, argv, &merge_spec, &c, NULL);
	if (rc)
		return cli_status(rc);
	rc = merge_main(c.dirs, c.ndirs, c.out, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot merge: %s\n", err);
		return rc == -EINVAL || rc == -ENOENT || rc == -EEXIST ?
			HB_EXIT_USAGE : HB_EXIT_INFRA;
	}
	fprintf(stderr, "hardboot merge: %d shards into %s\n", c.ndirs, c.out);
	return 0;
}

const struct cli_cmd cmd_merge_info = {
	"merge", cmd_merge, "-o OUT DIR...",
	"merge the results of all shards of one suite",
};
