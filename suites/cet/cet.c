/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cet suite: was each image built for CET and W^X, does it map its
 * memory that way at run time, and does it stop a hijacked return, a bad
 * indirect branch and a smashed stack (README.md beside this file).
 *
 *   static      checksec on the image file (any ELF): pie, wx, canary,
 *               cet_note, endbr (AArch64: cfi_note, bti)
 *   page tables the host's walk of the guest's tables through its RAM file
 *               at done (inspect = regs,pagetables): paging, nxe, wp,
 *               wx_pages, nx_stack, nx_heap, shstk, guest_walk, and on
 *               arm64 (registers from QEMU's gdbstub) bti_gp, mte_tags
 *   payloads    a section per attack; each boot ends in the handler that
 *               caught it or in the hijack's landing: its `expect` is the
 *               verdict (the section's boots)
 *   cfi         arm64 payloads (cfi.c): BTI, PAC and MTE at run time, each
 *               judged by the exception class, status and target
 * A section whose boots are inspected is audited (static and page
 * tables); the payload sections are judged by their boots alone.  CET at
 * run time needs a CPU, KVM and a QEMU that expose it (requires = cet):
 * elsewhere those sections are SKIP with the reason.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "cfi.h"
#include "checksec.h"
#include "pagetables.h"
#include "suites.h"

static const struct policy_key cet_policy[] = {
	{ "pie", POLICY_REQUIRED, "required", NULL, "position independent (ET_DYN)" },
	{ "wx", POLICY_REQUIRED, "required", NULL,
	  "no W+X load segment, no executable stack (the file)" },
	{ "canary", POLICY_REQUIRED, "required", NULL,
	  "a stack protector in the code (__stack_chk_fail calls or TLS canary loads)" },
	{ "cet_note", POLICY_REQUIRED, "required", NULL,
	  "the GNU property note claims IBT and SHSTK" },
	{ "endbr", POLICY_REQUIRED, "required", NULL,
	  "ENDBR64 at every address-taken code address and exported function" },
	{ "cfi_note", POLICY_REQUIRED, "required", NULL,
	  "AArch64: the GNU property note claims BTI and PAC" },
	{ "bti", POLICY_REQUIRED, "required", NULL,
	  "AArch64: a BTI landing pad (bti c/jc, paciasp, pacibsp) at every "
	  "address-taken code address and exported function" },
	{ "paging", POLICY_REQUIRED, "required", NULL, "paging on at done" },
	{ "nxe", POLICY_REQUIRED, "required", NULL, "EFER.NXE on" },
	{ "wp", POLICY_REQUIRED, "required", NULL, "CR0.WP on" },
	{ "wx_pages", POLICY_REQUIRED, "required", NULL,
	  "no page writable and executable for ring 0 (the host's walk)" },
	{ "nx_stack", POLICY_REQUIRED, "required", NULL, "the stack's pages and RSP's page NX" },
	{ "nx_heap", POLICY_REQUIRED, "required", NULL, "the heap's page NX" },
	{ "shstk", POLICY_REQUIRED, "required", NULL,
	  "a declared shadow stack is read-only + dirty, NX, with a supervisor token" },
	{ "guest_walk", POLICY_REQUIRED, "required", NULL,
	  "the image's own walk (report=pages) equals the host's" },
	{ "bti_gp", POLICY_REQUIRED, "required", NULL,
	  "arm64: every page EL1 may execute is BTI guarded (GP), on a CPU with BTI" },
	{ "mte_tags", POLICY_REQUIRED, "required", NULL,
	  "arm64: the heap page is Normal Tagged, tag checks on (SCTLR_EL1.ATA, TCF), "
	  "TBI0 on" },
	{ "cfi", POLICY_REQUIRED, "required", NULL,
	  "arm64 payloads (attack=ret|ibt|tag) end in their expected exception at the "
	  "target: PAC EC 0x21, BTI EC 0x0d, MTE EC 0x25 DFSC 0x11" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const char *const cet_metrics[] = {
	"checksec_pie", "checksec_wx_segments", "checksec_stack_chk_fail_calls",
	"checksec_cet_note_bits", "checksec_endbr_offenders", "checksec_cfi_note_bits",
	"checksec_bti_offenders", "checksec_checks_not_passed",
	"pagetables_wx_pages", "pagetables_checks_failed",
	"pagetables_guest_walk_mismatches", "policy_verdict", NULL,
};

/* checksec once per image file, verdicts per audited section. */
static int cet_static(struct suite_ctx *c, const struct section *sec, GHashTable *seen)
{
	struct checksec_opts o = { .objdump = NULL };
	struct checksec_result r;
	int checks[CS_NCHECKS];
	json_t *m;

	if (checksec_image(sec->img.path, &o, &r, c->err, sizeof(c->err))) {
		checksec_result_free(&r);
		return HB_EXIT_USAGE;
	}
	/* the keys of the image's architecture: cet_note and endbr on x86,
	 * cfi_note and bti on AArch64 */
	for (int k = 0; k < CS_NCHECKS; k++)
		checks[k] = policy_on(c->s, sec, c->desc->policy, checksec_policy_key(&r, k));
	checksec_judge(&r, sec->name, checks, c->vs, c->name);
	/* per section, as every other record: a nightly pairs the section's
	 * records whatever image it boots tonight (the image is a field) */
	(void)seen;
	m = json_array();
	checksec_metrics(&r, m);
	{
		json_t *x;
		size_t i;

		json_array_foreach(m, i, x)
			json_object_set_new(x, "subject", json_string(sec->name));
	}
	suites_records(c, m);
	json_decref(m);
	checksec_result_free(&r);
	return 0;
}

static int cet_analyze(struct suite_ctx *c)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *audited = g_ptr_array_new();
	int rc = 0;

	for (int i = 0; i < c->s->nsec && !rc; i++) {
		const struct section *sec = &c->s->sec[i];

		if (strcmp(sec->inspect, "regs,pagetables"))
			continue;
		g_ptr_array_add(audited, sec->name);
		rc = cet_static(c, sec, seen);
	}
	for (guint i = 0; i < audited->len && !rc; i++) {
		const struct section *sec = NULL;
		char *dirs[] = { (char *)c->dir };
		char *only[] = { audited->pdata[i] };
		int checks[PAGETABLES_NCHECKS];
		struct pagetables_args pa = { .dirs = dirs, .ndirs = 1, .sections = only,
					      .nsections = 1, .checks = checks };
		json_t *m = json_array();

		for (int k = 0; k < c->s->nsec; k++)
			if (!strcmp(c->s->sec[k].name, only[0]))
				sec = &c->s->sec[k];
		for (int k = 0; k < PAGETABLES_NCHECKS; k++)
			checks[k] = policy_on(c->s, sec, c->desc->policy, pagetables_policy[k]);
		/* a section SKIPped by the run (requires = cet) has no boots:
		 * its boots verdict says why */
		if (pagetables_judge(&pa, c->vs, c->name, m, NULL, c->err,
				     sizeof(c->err)) == -EINVAL)
			rc = HB_EXIT_USAGE;
		suites_records(c, m);
		json_decref(m);
	}
	g_ptr_array_free(audited, TRUE);
	g_hash_table_destroy(seen);
	return rc ? rc : cfi_analyze(c);
}


/* W^X and CET of each image, from its audited section; CET at run time. */
static void cet_headline(const struct suite_ctx *c, struct headline *h)
{
	for (int i = 0; i < c->s->nsec; i++) {
		const struct section *sec = &c->s->sec[i];
		const struct verdict *v = suites_verdict(c, sec->name, "boots");
		char sum[200];

		if (!strcmp(sec->requires, "cet") && v && v->st == VERDICT_SKIP)
			headline_note(h, "CET at run time: SKIP: %s", v->why ? v->why : "");
		if (strcmp(sec->inspect, "regs,pagetables") || !strcmp(sec->requires, "cet"))
			continue;
		suites_summary(c, sec->name, sum, sizeof(sum));
		headline_set(h, sec->img.name, "W^X/CET", "%s", sum);
	}
}
const struct suite_desc suite_cet_desc = {
	.name = "cet",
	.about = "CET and W^X: built right (checksec), mapped right (page tables), "
		 "hijacks stopped (payloads), CET at run time",
	.file = "cet/cet.ini",
	.policy = cet_policy,
	.metrics = cet_metrics,
	.analyze = cet_analyze,
	.headline = cet_headline,
};
