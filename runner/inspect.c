/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int inspect_guest(struct qmp *q, json_t *o, struct inspect_regs *out,
		  char *err, size_t n)
{
	uint64_t vals[6];
	struct inspect_regs r;
	char *text = NULL;
	json_t *regs;
	int rc;

	/* A halted vCPU still takes interrupts; stop it so the registers
	 * are one consistent snapshot. */
	rc = qmp_execute(q, "stop", NULL, NULL, 5000);
	if (!rc)
		rc = qmp_hmp(q, "info registers", &text, 5000);
	if (rc) {
		snprintf(err, n, "%s", q->err);
		free(text);
		return rc;
	}
	rc = inspect_parse_regs(text, &r);
	free(text);
	if (rc) {
		snprintf(err, n, "QMP info registers: no RIP/RSP in the output");
		return rc;
	}
	vals[0] = r.rip, vals[1] = r.rsp, vals[2] = r.cr0;
	vals[3] = r.cr3, vals[4] = r.cr4, vals[5] = r.efer;
	regs = json_object();
	for (size_t i = 0; i < 6; i++) {
		char key[8], val[24];

		if (!(r.have & (1u << i)))
			continue;
		for (size_t k = 0; k <= strlen(inspect_names[i]); k++)
			key[k] = (char)(inspect_names[i][k] >= 'A' && inspect_names[i][k] <= 'Z' ?
					inspect_names[i][k] + 32 : inspect_names[i][k]);
		snprintf(val, sizeof(val), "0x%016" PRIx64, vals[i]);
		json_object_set_new(regs, key, json_string(val));
	}
	json_object_set_new(o, "regs", regs);
	if (out)
		*out = r;
	return 0;
}
