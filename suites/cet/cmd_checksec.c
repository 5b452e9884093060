/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot checksec: how an ELF image was hardened, from the file alone. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "checksec.h"
#include "cli.h"
#include "run.h"

#define CHECKSEC_AT(m) CLI_AT(struct checksec_args, m)

/* --code: the width objdump disassembles an ELF32 file's code at */
static int checksec_code(const char *arg, void *field, char *why, size_t n)
{
	if (strcmp(arg, "64") && strcmp(arg, "32")) {
		snprintf(why, n, "'%s' is not 64 or 32", arg);
		return -EINVAL;
	}
	*(int *)field = arg[0] == '6' ? 64 : 32;
	return 0;
}

static const struct cli_opt checksec_opts[] = {
	CLI_OPT_JSON(CHECKSEC_AT(json), "one JSON array of per-image results instead of the table"),
	CLI_OPT_METRICS(CHECKSEC_AT(metrics)),
	{ "code", 0, CLI_CALL, "64|32", CHECKSEC_AT(o.code), .call = checksec_code,
	  .def = "64", .help = "how to disassemble an ELF32 file (64: a multiboot wrapper "
	  "of x86-64 code)" },
	{ "objdump", 0, CLI_STR, "PROG", CHECKSEC_AT(o.objdump),
	  .help = "objdump to run (default: objdump for x86, aarch64-linux-gnu-objdump "
	  "for AArch64)" },
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char checksec_more[] =
	"Checks per image: pie (ET_DYN), wx (no W+X PT_LOAD, no executable\n"
	"PT_GNU_STACK), canary (calls to __stack_chk_fail or TLS canary loads),\n"
	"cet-note (.note.gnu.property claims IBT and SHSTK), endbr (ENDBR64 at\n"
	"every address-taken code address and exported function; the offenders\n"
	"are listed).  AArch64 images (by e_machine): cfi-note (BTI and PAC) and\n"
	"bti (bti c/jc or paciasp/pacibsp at the same targets).\n"
	"suites/cet/README.md explains each and what runs where.\n"
	"exit status: 0 every check passed, 1 a check failed or is unknown,\n"
	"2 usage or a file that is no ELF, 3 objdump cannot run\n";

static const struct cli_spec checksec_spec = {
	.cmd = "checksec",
	.usage = "[options] IMAGE...",
	.about = "Static hardening checks of ELF images (any image, foreign ones "
		 "included), through\nlibelf and binutils' objdump.",
	.opts = checksec_opts,
	.more = checksec_more,
	.operands = "one or more ELF images", .min_ops = 1, .max_ops = CLI_ANY,
	CLI_OPS_AT(struct checksec_args, files, nfiles),
};

static int cmd_checksec(int argc, char **argv)
{
	struct checksec_args a = { 0 };
	int rc;

	rc = cli_parse(argc, argv, &checksec_spec, &a, NULL);
	if (rc)
		return cli_status(rc);
	return checksec_main(&a);
}

const struct cli_cmd cmd_checksec_info = {
	"checksec", cmd_checksec, "IMAGE...",
	"static hardening of ELF images (x86, AArch64): PIE, W+X, canary, CET/BTI note, landing pads",
};
