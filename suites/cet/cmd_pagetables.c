/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot pagetables: W^X and the rest, from the host's walk of each boot. */
#include <stdio.h>

#include "cli.h"
#include "pagetables.h"
#include "run.h"

#define PAGETABLES_AT(m) CLI_AT(struct pagetables_args, m)

static const struct cli_opt pagetables_opts[] = {
	CLI_OPT_SECTION(CLI_LIST_AT(struct pagetables_args, sections, nsections)),
	CLI_OPT_JSON(PAGETABLES_AT(json), "one JSON array of per-section results instead of TAP"),
	CLI_OPT_METRICS(PAGETABLES_AT(metrics)),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char pagetables_more[] =
	"Run the suite with 'inspect = regs,pagetables' (and 'append = exit=halt'\n"
	"plus pattern.halt for foreign images): the runner stops each guest, reads\n"
	"CR0/CR3/CR4/EFER through QMP and walks its page tables through the\n"
	"file-backed guest RAM.  Checks per section: paging, nxe, wp, wx (no page\n"
	"writable and executable for ring 0), stack-nx, heap-nx, shstk (the\n"
	"image's declared shadow stack: read-only + dirty, NX, valid token) and\n"
	"guest-walk (report=pages: the image's own walk matches the host's).\n"
	"exit status: 0 all pass or skip, 1 a check failed, 2 usage or no boots\n";

static const struct cli_spec pagetables_spec = {
	.cmd = "pagetables",
	.usage = "[options] RESULTS_DIR...",
	.about = "Memory-protection audit of inspected boots, from the host's walk of "
		 "their page\ntables: needs nothing from the guest.",
	.opts = pagetables_opts,
	.more = pagetables_more,
	CLI_OPS_RESULTS(struct pagetables_args),
};

static int cmd_pagetables(int argc, char **argv)
{
	struct pagetables_args a = { 0 };
	int rc;

	rc = cli_parse(argc, argv, &pagetables_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	rc = pagetables_main(&a);
	cli_free(&pagetables_spec, &a);
	return rc;
}

const struct cli_cmd cmd_pagetables_info = {
	"pagetables", cmd_pagetables, "RESULTS_DIR...",
	"W^X, NX stack/heap, NXE, WP, shadow stack from the host's page walk of each boot",
};
