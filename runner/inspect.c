/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub.h"
#include "inspect.h"

static const char *const inspect_names[] = {
	"RIP", "RSP", "CR0", "CR3", "CR4", "EFER",
};

/*
 * The monitor prints "RIP=0000500089237abc RFL=..." and "CR3=... CR4=...";
 * a name must start a word, or "ESP=" inside "RSP=" style prefixes and
 * "DR0=" near "CR0=" could match the wrong field.
 */
static int inspect_field(const char *text, const char *name, uint64_t *v)
{
	size_t len = strlen(name);

	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		char *end;

		if ((p != text && p[-1] != ' ' && p[-1] != '\n') || p[len] != '=')
			continue;
		errno = 0;
		*v = strtoull(p + len + 1, &end, 16);
		if (errno || end == p + len + 1)
			return -EINVAL;
		return 0;
	}
	return -ENOENT;
}

int inspect_parse_regs(const char *text, struct inspect_regs *r)
{
	uint64_t *dst[] = { &r->rip, &r->rsp, &r->cr0, &r->cr3, &r->cr4, &r->efer };

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++)
		if (inspect_field(text, inspect_names[i], dst[i]) == 0)
			r->have |= 1u << i;
	return (r->have & 3) == 3 ? 0 : -EPROTO; /* RIP and RSP at least */
}

/* Names as o["regs"] keys: lower case. */
static void inspect_put(json_t *regs, const char *name, uint64_t v)
{
	char *key = g_ascii_strdown(name, -1), val[24];

	snprintf(val, sizeof(val), "0x%016" PRIx64, v);
	json_object_set_new(regs, key, json_string(val));
	g_free(key);
}

/* x86: the monitor's text. */
static int inspect_x86(struct qmp *q, struct inspect_regs *r, json_t *regs,
		       char *err, size_t n)
{
	const uint64_t *vals[] = { &r->rip, &r->rsp, &r->cr0, &r->cr3, &r->cr4, &r->efer };
	char *text = NULL;
	int rc = qmp_hmp(q, "info registers", &text, 5000);

	if (rc) {
		snprintf(err, n, "%s", q->err);
		free(text);
		return rc;
	}
	rc = inspect_parse_regs(text, r);
	free(text);
	if (rc) {
		snprintf(err, n, "QMP info registers: no RIP/RSP in the output");
		return rc;
	}
	for (size_t i = 0; i < 6; i++)
		if (r->have & (1u << i))
			inspect_put(regs, inspect_names[i], *vals[i]);
	return 0;
}

/*
 * arm64: the gdbstub, by the names QEMU 7.2 gives (target description).
 * SCTLR_EL1 is "SCTLR" there (the register exists in both execution
 * states); the _EL1 spelling is asked for too in case a QEMU renames it.
 * The first eight are the record's keys, lower-cased.
 */
static const char *const inspect_a64_names[] = {
	"pc", "sp", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "SCTLR_EL1", "MAIR_EL1",
	"ID_AA64PFR1_EL1", "SCTLR",
};

static int inspect_arm64(const char *gdb_path, struct inspect_regs *r, json_t *regs,
			 char *err, size_t n)
{
	uint64_t v[G_N_ELEMENTS(inspect_a64_names)];
	uint64_t *dst[] = { &r->rip, &r->rsp, &r->ttbr0, &r->ttbr1, &r->tcr, &r->sctlr,
			    &r->mair, &r->pfr1 };
	struct gdbstub *g = g_new(struct gdbstub, 1);
	unsigned have = 0;
	int rc = gdbstub_connect(g, gdb_path, 5000);

	if (!rc)
		rc = gdbstub_regs(g, inspect_a64_names, G_N_ELEMENTS(inspect_a64_names),
				  v, &have, 5000);
	if (rc)
		snprintf(err, n, "%s", g->err);
	gdbstub_close(g);
	g_free(g);
	if (rc)
		return rc;
	if (!(have & (1u << 5)) && (have & (1u << 8))) {
		v[5] = v[8];
		have |= 1u << 5;
	}
	r->arm64 = 1;
	for (size_t i = 0; i < G_N_ELEMENTS(dst); i++) {
		if (!(have & (1u << i)))
			continue;
		*dst[i] = v[i];
		if (i < 2)
			r->have |= 1u << i;
		else
			r->have_a64 |= 1u << (i - 2);
		inspect_put(regs, inspect_a64_names[i], v[i]);
	}
	if ((r->have & 3) != 3) {
		snprintf(err, n, "gdbstub: no pc/sp in QEMU's target description");
		return -EPROTO;
	}
	return 0;
}

int inspect_guest(struct qmp *q, const char *gdb_path, json_t *o,
		  struct inspect_regs *out, char *err, size_t n)
{
	struct inspect_regs r;
	json_t *regs;
	int rc;

	memset(&r, 0, sizeof(r));
	/* A halted vCPU still takes interrupts; stop it so the registers
	 * are one consistent snapshot. */
	rc = qmp_execute(q, "stop", NULL, NULL, 5000);
	if (rc) {
		snprintf(err, n, "%s", q->err);
		return rc;
	}
	regs = json_object();
	rc = gdb_path ? inspect_arm64(gdb_path, &r, regs, err, n) :
			inspect_x86(q, &r, regs, err, n);
	if (rc) {
		json_decref(regs);
		return rc;
	}
	json_object_set_new(o, "regs", regs);
	if (out)
		*out = r;
	return 0;
}
