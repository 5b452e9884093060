/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot keying: is each boot's generator keyed differently and fully? */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "cli.h"
#include "keying.h"
#include "run.h"

enum { KEYING_OUT = 'o', KEYING_SECTION = 256, KEYING_MIN_BITS };

static const struct cli_opt keying_opts[] = {
	{ "section", KEYING_SECTION, "NAME", "only this section (repeatable)" },
	{ "min-bits", KEYING_MIN_BITS, "B", "seed-word rule: every word >= B bits "
	  "at 99% (default 8)" },
	{ "out", KEYING_OUT, "FILE", "append metric records (JSON lines) to FILE" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct keying_cli {
	struct keying_args a;
	GPtrArray *sections;
};

static int keying_opt(int id, const char *arg, void *ctx)
{
	struct keying_cli *c = ctx;

	switch (id) {
	case KEYING_SECTION:
		g_ptr_array_add(c->sections, (char *)arg);
		break;
	case KEYING_MIN_BITS:
		return cli_real("min-bits", arg, 0, 256, CLI_LO_INCL | CLI_HI_INCL,
				&c->a.min_bits);
	case KEYING_OUT:
		c->a.out = arg;
		break;
	}
	return 0;
}

static void keying_more_help(void)
{
	printf("\nRun the suite with 'append = out=16' so every boot prints its "
	       "first 64 output\nbytes. Checks per section: boot self-test (kat), "
	       "keyed (output = ChaCha20 of\nthe reported seed), unique (no two "
	       "boots share those 64 bytes), seed words\n(each word's Renyi-2 99%% "
	       "lower bound >= --min-bits); a section with src=cmdline\non every "
	       "boot is fixed-seed mode and must instead repeat one output.\n"
	       "exit status: 0 all pass, 1 a check failed, 2 usage or results "
	       "without the\nneeded records\n");
}

static const struct cli_spec keying_spec = {
	.cmd = "keying",
	.usage = "[options] RESULTS_DIR...",
	.about = "Keying checks of each section's generator across the recorded "
		 "boots: what no\nstatistical battery can see.",
	.opts = keying_opts,
	.more_help = keying_more_help,
	.operands = "one or more results directories",
};

static int cmd_keying(int argc, char **argv)
{
	struct keying_cli c = { .a = { .min_bits = 8 } };
	int first, rc;

	c.sections = g_ptr_array_new();
	rc = cli_parse(argc, argv, &keying_spec, keying_opt, &c, &first);
	if (rc) {
		g_ptr_array_free(c.sections, TRUE);
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	}
	c.a.dirs = argv + first;
	c.a.ndirs = argc - first;
	c.a.sections = (char **)c.sections->pdata;
	c.a.nsections = (int)c.sections->len;
	rc = keying_main(&c.a);
	g_ptr_array_free(c.sections, TRUE);
	return rc;
}

const struct cli_cmd cmd_keying_info = {
	"keying", cmd_keying, "RESULTS_DIR...",
	"keying checks: unique output per boot, seed words, keyed by the seed",
};
