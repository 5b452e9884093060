/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot keying: is each boot's generator keyed differently and fully? */
#include "cli.h"
#include "keying.h"
#include "run.h"

#define KEYING_AT(m) CLI_AT(struct keying_args, m)

static const struct cli_opt keying_opts[] = {
	CLI_OPT_SECTION(CLI_LIST_AT(struct keying_args, sections, nsections)),
	{ "min-bits", 0, CLI_REAL, "B", KEYING_AT(min_bits), .lo = 0, .hi = 256,
	  .incl = CLI_LO_INCL | CLI_HI_INCL, .def = "8",
	  .help = "seed-word rule: every word >= B bits at 99%" },
	CLI_OPT_METRICS(KEYING_AT(metrics)),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char keying_more[] =
	"Run the suite with 'append = out=16' so every boot prints its "
	"first 64 output\nbytes. Checks per section: boot self-test (kat), "
	"keyed (output = ChaCha20 of\nthe reported seed), unique (no two "
	"boots share those 64 bytes), seed words\n(each word's Renyi-2 99% "
	"lower bound >= --min-bits); a section with src=cmdline\non every "
	"boot is fixed-seed mode and must instead repeat one output.\n"
	"exit status: 0 all pass, 1 a check failed, 2 usage or results "
	"without the\nneeded records\n";

static const struct cli_spec keying_spec = {
	.cmd = "keying",
	.usage = "[options] RESULTS_DIR...",
	.about = "Keying checks of each section's generator across the recorded "
		 "boots: what no\nstatistical battery can see.",
	.opts = keying_opts,
	.more = keying_more,
	CLI_OPS_RESULTS(struct keying_args),
};

static int cmd_keying(int argc, char **argv)
{
	struct keying_args a = { 0 };
	int rc;

	rc = cli_parse(argc, argv, &keying_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	rc = keying_main(&a);
	cli_free(&keying_spec, &a);
	return rc;
}

const struct cli_cmd cmd_keying_info = {
	"keying", cmd_keying, "RESULTS_DIR...",
	"keying checks: unique output per boot, seed words, keyed by the seed",
};
