/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot checksec: how an ELF image was hardened, from the file alone. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "checksec.h"
#include "cli.h"
#include "run.h"

enum { CS_OPT_JSON = 256, CS_OPT_METRICS, CS_OPT_CODE, CS_OPT_READELF, CS_OPT_OBJDUMP };

static const struct cli_opt checksec_opts[] = {
	{ "json", CS_OPT_JSON, NULL, "one JSON array of per-image results instead of the table" },
	{ "metrics", CS_OPT_METRICS, "FILE", "append metric records (JSON lines) to FILE" },
	{ "code", CS_OPT_CODE, "BITS", "64 or 32: how to disassemble an ELF32 file "
	  "(default 64: a multiboot wrapper of x86-64 code)" },
	{ "readelf", CS_OPT_READELF, "PATH", "readelf to run (default readelf)" },
	{ "objdump", CS_OPT_OBJDUMP, "PATH", "objdump to run (default objdump)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static int checksec_opt(int id, const char *arg, void *ctx)
{
	struct checksec_args *a = ctx;

	switch (id) {
	case CS_OPT_JSON:
		a->json = 1;
		break;
	case CS_OPT_METRICS:
		a->metrics = arg;
		break;
	case CS_OPT_CODE:
		if (strcmp(arg, "64") && strcmp(arg, "32")) {
			fprintf(stderr, "hardboot checksec: --code: '%s' is not 64 or 32\n", arg);
			return -EINVAL;
		}
		a->o.code = arg[0] == '6' ? 64 : 32;
		break;
	case CS_OPT_READELF:
		a->o.readelf = arg;
		break;
	case CS_OPT_OBJDUMP:
		a->o.objdump = arg;
		break;
	}
	return 0;
}

static void checksec_more_help(void)
{
	printf("\nChecks per image: pie (ET_DYN), wx (no W+X PT_LOAD, no executable\n"
	       "PT_GNU_STACK), canary (calls to __stack_chk_fail or TLS canary loads),\n"
	       "cet-note (.note.gnu.property claims IBT and SHSTK), endbr (ENDBR64 at\n"
	       "every address-taken code address and exported function; the offenders\n"
	       "are listed).  suites/cet/README.md explains each and what runs where.\n"
	       "exit status: 0 every check passed, 1 a check failed or is unknown,\n"
	       "2 usage or a file that is no ELF, 3 readelf/objdump cannot run\n");
}

static const struct cli_spec checksec_spec = {
	.cmd = "checksec",
	.usage = "[options] IMAGE...",
	.about = "Static hardening checks of ELF images (any image, foreign ones "
		 "included), through\nbinutils' readelf and objdump.",
	.opts = checksec_opts,
	.more_help = checksec_more_help,
	.operands = "one or more ELF images",
};

static int cmd_checksec(int argc, char **argv)
{
	struct checksec_args a = { .o = { .readelf = "readelf", .objdump = "objdump" } };
	int first, rc;

	rc = cli_parse(argc, argv, &checksec_spec, checksec_opt, &a, &first);
	if (rc)
		return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
	a.files = argv + first;
	a.nfiles = argc - first;
	return checksec_main(&a);
}

const struct cli_cmd cmd_checksec_info = {
	"checksec", cmd_checksec, "IMAGE...",
	"static hardening of ELF images: PIE, W+X, canary, CET note, ENDBR64 offenders",
};
