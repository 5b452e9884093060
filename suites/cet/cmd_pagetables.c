/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot pagetables: W^X and the rest, from the host's walk of each boot. */
#include <glib.h>
#include <stdio.h>

#include "cli.h"
#include "pagetables.h"
#include "run.h"

enum { PT_OPT_SECTION = 256, PT_OPT_JSON, PT_OPT_METRICS };

static const struct cli_opt pagetables_opts[] = {
	{ "section", PT_OPT_SECTION, "NAME", "only this section (repeatable)" },
	{ "json", PT_OPT_JSON, NULL, "one JSON array of per-section results instead of TAP" },
	{ "metrics", PT_OPT_METRICS, "FILE", "append metric records (JSON lines) to FILE" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

struct pagetables_cli {
	struct pagetables_args a;
	GPtrArray *sections;
};

static int pagetables_opt(int id, const char *arg, void *ctx)
{
	struct pagetables_cli *c = ctx;

	switch (id) {
	case PT_OPT_SECTION:
		g_ptr_array_add(c->sections, (char *)arg);
		break;
	case PT_OPT_JSON:
		c->a.json = 1;
		break;
	case PT_OPT_METRICS:
		c->a.metrics = arg;
		break;
	}
	return 0;
}

static void pagetables_more_help(void)
{
	printf("\nRun the suite with 'inspect = regs,pagetables' (and 'append = exit=halt'\n"
	       "plus pattern.halt for foreign images): the runner stops each guest, reads\n"
	       "CR0/CR3/CR4/EFER through QMP and walks its page tables through the\n"
	       "file-backed guest RAM.  Checks per section: paging, nxe, wp, wx (no page\n"
	       "writable and executable for ring 0), stack-nx, heap-nx, shstk (the\n"
	       "image's declared shadow stack: read-only + dirty, NX, valid token) and\n"
	       "guest-walk (report=pages: the image's own walk matches the host's).\n"
	       "exit status: 0 all pass or skip, 1 a check failed, 2 usage or no boots\n");
}

static const struct cli_spec pagetables_spec = {
	.cmd = "pagetables",
	.usage = "[options] RESULTS_DIR...",
	.about = "Memory-protection audit of inspected boots, from the host's walk of "
		 "their page\ntables: needs nothing from the guest.",
	.opts = pagetables_opts,
	.more_help = pagetables_more_help,
	.operands = "one or more results directories",
};

static int cmd_pagetables(int argc, char **argv)
{
	struct pagetables_cli c = { { 0 }, g_ptr_array_new() };
	int first, rc;

	rc = cli_parse(argc, argv, &pagetables_spec, pagetables_opt, &c, &first);
	if (rc) {
		g_ptr_array_free(c.sections, TRUE);
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	}
	c.a.dirs = argv + first;
	c.a.ndirs = argc - first;
	c.a.sections = (char **)c.sections->pdata;
	c.a.nsections = (int)c.sections->len;
	rc = pagetables_main(&c.a);
	g_ptr_array_free(c.sections, TRUE);
	return rc;
}

const struct cli_cmd cmd_pagetables_info = {
	"pagetables", cmd_pagetables, "RESULTS_DIR...",
	"W^X, NX stack/heap, NXE, WP, shadow stack from the host's page walk of each boot",
};
