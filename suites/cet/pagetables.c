/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "metric.h"
#include "pagetables.h"
#include "results.h"
#include "run.h"
#include "tap.h"
#include "verdict.h"

enum pt_check { PT_PAGING, PT_NXE, PT_WP, PT_WX, PT_STACK, PT_HEAP, PT_SHSTK,
		PT_GUEST, PT_BTI, PT_MTE, PT_NCHECKS };

static const char *const pt_names[PT_NCHECKS] = {
	"paging", "nxe", "wp", "wx", "stack-nx", "heap-nx", "shstk", "guest-walk",
	"bti-gp", "mte-tags",
};

struct pt_sec {
	char *name;
	unsigned long boots, uninspected;
	unsigned long seen[PT_NCHECKS], failed[PT_NCHECKS];
	char why[PT_NCHECKS][200];      /* the first failure */
	char mode[16];
	long long pages_max, x_max, wx_max, ss_max, guest_mismatch;
	char shstk_va[24];
	int arm64;                      /* the walk was arm64's */
	long long tagged_max;
};

static struct pt_sec *pt_find(GPtrArray *secs, const char *name)
{
	struct pt_sec *s;

	for (guint i = 0; i < secs->len; i++)
		if (!strcmp(((struct pt_sec *)secs->pdata[i])->name, name))
			return secs->pdata[i];
	s = g_new0(struct pt_sec, 1);
	s->name = g_strdup(name);
	g_ptr_array_add(secs, s);
	return s;
}

static void pt_free(gpointer p)
{
	struct pt_sec *s = p;

	g_free(s->name);
	g_free(s);
}

static void pt_result(struct pt_sec *s, enum pt_check k, int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void pt_result(struct pt_sec *s, enum pt_check k, int ok, const char *fmt, ...)
{
	va_list ap;

	s->seen[k]++;
	if (ok)
		return;
	if (!s->failed[k]++) {
		va_start(ap, fmt);
		vsnprintf(s->why[k], sizeof(s->why[k]), fmt, ap);
		va_end(ap);
	}
}

static long long pt_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static const char *pt_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "?";
}

static int pt_true(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* A region's page must be mapped and not executable. */
static void pt_region_nx(struct pt_sec *s, enum pt_check k, json_t *regions,
			 const char *const *names, size_t n)
{
	int any = 0, ok = 1;
	char why[200] = "";

	for (size_t i = 0; i < n; i++) {
		json_t *r = json_object_get(regions, names[i]);

		if (!r)
			continue;
		any = 1;
		if (!pt_true(r, "mapped")) {
			ok = 0;
			snprintf(why, sizeof(why), "%s %s is not mapped", names[i], pt_str(r, "va"));
		} else if (pt_true(r, "executable") && ok) {
			ok = 0;
			snprintf(why, sizeof(why), "%s %s is executable (%s)", names[i],
				 pt_str(r, "va"), pt_str(r, "perm"));
		}
	}
	if (any)
		pt_result(s, k, ok, "%s", why);
}

/* arm64: every page EL1 may execute is guarded (GP), on a CPU with BTI. */
static void pt_bti(struct pt_sec *s, json_t *pt)
{
	json_t *bt = json_object_get(json_object_get(pt, "cpu"), "bti");
	long long n = pt_int(pt, "x_unguarded");

	if (json_is_false(bt)) {
		pt_result(s, PT_BTI, 0, "the CPU has no BTI (ID_AA64PFR1_EL1.BT = 0): "
			  "guarded pages guard nothing");
		return;
	}
	pt_result(s, PT_BTI, n == 0, "%lld of %lld EL1-executable pages not guarded "
		  "(descriptor bit 50, GP, clear)", n, pt_int(pt, "x"));
}

/*
 * arm64: the heap's page is Normal Tagged (MAIR 0xF0) and tag checks are
 * on for EL1 (SCTLR_EL1.ATA, TCF not 0) with top-byte-ignore for the
 * tagged pointers (TCR_EL1.TBI0), on a CPU with MTE2.
 */
static void pt_mte(struct pt_sec *s, json_t *pt, json_t *heap)
{
	json_t *mte = json_object_get(json_object_get(pt, "cpu"), "mte");
	long long tcf = pt_int(pt, "tcf");

	if (!heap || !pt_true(heap, "mapped"))
		return;   /* heap-nx says it is not mapped */
	if (json_is_integer(mte) && json_integer_value(mte) < 2)
		pt_result(s, PT_MTE, 0, "the CPU has no MTE2 (ID_AA64PFR1_EL1.MTE = %lld)",
			  (long long)json_integer_value(mte));
	else if (!pt_true(heap, "tagged"))
		pt_result(s, PT_MTE, 0, "heap %s is not Normal Tagged memory (MAIR attribute)",
			  pt_str(heap, "va"));
	else if (!pt_true(pt, "ata"))
		pt_result(s, PT_MTE, 0, "SCTLR_EL1.ATA is clear: EL1 cannot use tags");
	else if (tcf == 0)
		pt_result(s, PT_MTE, 0, "SCTLR_EL1.TCF = 0: tag mismatches are not checked");
	else
		pt_result(s, PT_MTE, pt_true(pt, "tbi0"), "TCR_EL1.TBI0 is clear: a tagged "
			  "pointer is a translation fault, not a tag check");
}

static void pt_boot(struct pt_sec *s, json_t *pt)
{
	static const char *const stack[] = { "stack", "rsp", "sp" }, *const heap[] = { "heap" };
	json_t *regions = json_object_get(pt, "regions"), *r;
	int walked = pt_true(pt, "walked");

	s->boots++;
	s->arm64 = !strcmp(pt_str(pt, "arch"), "arm64");
	snprintf(s->mode, sizeof(s->mode), "%s", pt_str(pt, "mode"));
	pt_result(s, PT_PAGING, walked, "paging %s: not walked, every address is "
		  "writable and executable%s", pt_str(pt, "mode"),
		  strcmp(pt_str(pt, "mode"), "off") ? " or unchecked" : "");
	if (!s->arm64) {
		pt_result(s, PT_NXE, pt_true(pt, "nxe"),
			  "EFER.NXE is off: no page is non-executable");
		pt_result(s, PT_WP, pt_true(pt, "wp"),
			  "CR0.WP is off: ring 0 writes read-only pages");
	}
	if (!walked) {
		pt_result(s, PT_WX, 0, "paging %s: everything W+X", pt_str(pt, "mode"));
		pt_result(s, PT_STACK, 0, "paging %s: the stack is executable", pt_str(pt, "mode"));
		pt_result(s, PT_HEAP, 0, "paging %s: the heap is executable", pt_str(pt, "mode"));
		return;
	}
	if (pt_int(pt, "pages") > s->pages_max)
		s->pages_max = pt_int(pt, "pages");
	if (pt_int(pt, "x") > s->x_max)
		s->x_max = pt_int(pt, "x");
	if (pt_int(pt, "wx_ring0") > s->wx_max)
		s->wx_max = pt_int(pt, "wx_ring0");
	if (pt_int(pt, "ss") > s->ss_max)
		s->ss_max = pt_int(pt, "ss");
	r = json_array_get(json_object_get(pt, "wx_ranges"), 0);
	pt_result(s, PT_WX, pt_int(pt, "wx_ring0") == 0 && !pt_true(pt, "truncated"),
		  "%lld W+X pages for %s, first at %s (%lld pages %s)%s",
		  pt_int(pt, "wx_ring0"), s->arm64 ? "EL1" : "ring 0", r ? pt_str(r, "va") : "?", r ? pt_int(r, "pages") : 0,
		  r ? pt_str(r, "perm") : "?",
		  pt_true(pt, "truncated") ? "; walk truncated" : "");
	pt_region_nx(s, PT_STACK, regions, stack, G_N_ELEMENTS(stack));
	pt_region_nx(s, PT_HEAP, regions, heap, G_N_ELEMENTS(heap));
	if (s->arm64) {
		if (pt_int(pt, "tagged") > s->tagged_max)
			s->tagged_max = pt_int(pt, "tagged");
		pt_bti(s, pt);
		pt_mte(s, pt, json_object_get(regions, "heap"));
	}
	r = json_object_get(regions, "shstk");
	if (r) {
		int enc = pt_true(r, "encoding_ok"), tok = pt_true(r, "token_ok");

		snprintf(s->shstk_va, sizeof(s->shstk_va), "%s", pt_str(r, "va"));
		pt_result(s, PT_SHSTK, enc && tok, "shadow stack %s: %s (perm %s, token %s)",
			  pt_str(r, "va"), !enc ? "not read-only + dirty + NX" :
			  "bad supervisor token", pt_str(r, "perm"), pt_str(r, "token"));
	}
	r = json_object_get(pt, "guest");
	if (r) {
		char diff[120] = "";
		size_t i, len = 0;
		json_t *d;

		json_array_foreach(json_object_get(r, "differs"), i, d)
			len += (size_t)snprintf(diff + len, len < sizeof(diff) ? sizeof(diff) - len : 0,
						"%s%s", i ? "," : "", json_string_value(d));
		if (!pt_true(r, "match"))
			s->guest_mismatch++;
		pt_result(s, PT_GUEST, pt_true(r, "match"),
			  "the image's own walk differs in %s", diff);
	}
}

struct pt_load_ctx {
	const struct pagetables_args *a;
	GPtrArray *secs;
};

static int pt_load_boot(json_t *b, void *ctx, char *why, size_t n)
{
	struct pt_load_ctx *c = ctx;
	const char *sec = json_string_value(json_object_get(b, "section"));
	json_t *pt = json_object_get(b, "pagetables");
	struct pt_sec *s;

	(void)why;
	(void)n;
	if (!sec || !cli_selected(c->a->sections, c->a->nsections, sec))
		return 0;
	s = pt_find(c->secs, sec);
	if (pt)
		pt_boot(s, pt);
	else
		s->uninspected++;
	return 0;
}

static int pt_load(const struct pagetables_args *a, GPtrArray *secs, char *err, size_t n)
{
	struct pt_load_ctx c = { a, secs };

	for (int d = 0; d < a->ndirs; d++) {
		int rc = results_each_line(a->dirs[d], "boots.jsonl", 0, pt_load_boot, &c,
					   err, n);

		if (rc)
			return rc;
	}
	return 0;
}

/* ok, not ok or SKIP, with the reason, for one check of one section. */
static int pt_verdict(const struct pt_sec *s, enum pt_check k, char *why, size_t n)
{
	if (!s->boots) {
		snprintf(why, n, "no boot was inspected with inspect = regs,pagetables");
		return -1;
	}
	if (!s->seen[k]) {
		if (k == PT_NXE || k == PT_WP)
			snprintf(why, n, "arm64 has no %s", k == PT_NXE ?
				 "EFER.NXE: PXN needs no enable bit" :
				 "CR0.WP: EL1 always honours read-only pages");
		else if ((k == PT_BTI || k == PT_MTE) && !s->arm64)
			snprintf(why, n, "x86 has no %s", k == PT_BTI ? "guarded pages (IBT is "
				 "the endbr and CET sections' part)" : "memory tagging");
		else if (k == PT_SHSTK && s->arm64)
			snprintf(why, n, "arm64 shadow stacks (GCS) are not in QEMU 7.2");
		else if (k == PT_SHSTK)
			snprintf(why, n, "no shadow stack declared by the image (%lld page%s "
				 "encoded read-only + dirty)", s->ss_max, s->ss_max == 1 ? "" : "s");
		else if (k == PT_GUEST)
			snprintf(why, n, "the image printed no walk of its own (report=pages)");
		else
			snprintf(why, n, "no %s address in the boots", k == PT_HEAP ? "heap" : "stack");
		return -1;
	}
	if (s->failed[k]) {
		snprintf(why, n, "%s (%lu of %lu boots)", s->why[k], s->failed[k], s->seen[k]);
		return 0;
	}
	switch (k) {
	case PT_PAGING:
		snprintf(why, n, "%s on %lu boot%s", s->mode, s->boots, s->boots == 1 ? "" : "s");
		break;
	case PT_NXE:
		snprintf(why, n, "EFER.NXE on");
		break;
	case PT_WP:
		snprintf(why, n, "CR0.WP on");
		break;
	case PT_WX:
		snprintf(why, n, "no W+X page for %s (up to %lld pages mapped, %lld "
			 "executable)", s->arm64 ? "EL1" : "ring 0", s->pages_max, s->x_max);
		break;
	case PT_BTI:
		snprintf(why, n, "every EL1-executable page guarded (up to %lld), CPU has BTI",
			 s->x_max);
		break;
	case PT_MTE:
		snprintf(why, n, "heap page Normal Tagged (up to %lld tagged pages), ATA on, "
			 "tag checks on, TBI0 on", s->tagged_max);
		break;
	case PT_STACK:
		snprintf(why, n, "stack pages NX");
		break;
	case PT_HEAP:
		snprintf(why, n, "heap page NX");
		break;
	case PT_SHSTK:
		snprintf(why, n, "read-only + dirty, NX, supervisor token valid (last %s)",
			 s->shstk_va);
		break;
	default:
		snprintf(why, n, "the image's own walk matches: pages, W+X, X, shadow "
			 "stack, digest");
		break;
	}
	return 1;
}

static void pt_metric(json_t *arr, const struct pt_sec *s, const char *name, double v,
		      const char *unit, const char *better, const char *test)
{
	json_t *m = metric_new(name, s->name, v, unit, better, s->boots);

	json_object_set_new(m, "test", json_string(test));
	json_object_set_new(m, "aggregate", json_string("max over boots"));
	metric_compare(m, METRIC_FACT);
	json_array_append_new(arr, m);
}

/* The policy keys of the checks (the cet suite's [policy]). */
const char *const pagetables_policy[PAGETABLES_NCHECKS] = {
	"paging", "nxe", "wp", "wx_pages", "nx_stack", "nx_heap", "shstk", "guest_walk",
	"bti_gp", "mte_tags",
};

int pagetables_judge(const struct pagetables_args *a, struct verdicts *vs,
		     const char *suite, json_t *records, json_t *doc, char *err, size_t n)
{
	GPtrArray *secs = g_ptr_array_new_with_free_func(pt_free);

	if (pt_load(a, secs, err, n)) {
		g_ptr_array_free(secs, TRUE);
		return -EINVAL;
	}
	if (!secs->len) {
		snprintf(err, n, "no boots%s in the results",
			 a->nsections ? " of the named sections" : "");
		g_ptr_array_free(secs, TRUE);
		return -ENOENT;
	}
	for (guint i = 0; i < secs->len; i++) {
		const struct pt_sec *s = secs->pdata[i];
		json_t *checks = json_object();
		unsigned failed = 0;

		for (int k = 0; k < PT_NCHECKS; k++) {
			char why[320];
			int v = pt_verdict(s, (enum pt_check)k, why, sizeof(why));
			struct verdict *vd;

			failed += v == 0;
			if (!a->checks || a->checks[k]) {
				vd = verdict_add(vs, suite, s->name, NULL, pagetables_policy[k],
						 v < 0 ? VERDICT_SKIP : v ? VERDICT_PASS :
						 VERDICT_FAIL, "%s: %s%s%s", s->name,
						 pt_names[k], v < 0 ? "" : ": ", v < 0 ? "" : why);
				if (v < 0)
					verdict_why(vd, "%s", why);
			}
			json_object_set_new(checks, pt_names[k], json_pack("{s:s,s:s}",
				"result", v < 0 ? "skip" : v ? "pass" : "fail", "why", why));
		}
		if (doc)
			json_array_append_new(doc, json_pack("{s:s,s:I,s:I,s:o}", "section",
				s->name, "boots", (json_int_t)s->boots, "uninspected",
				(json_int_t)s->uninspected, "checks", checks));
		else
			json_decref(checks);
		if (s->boots) {
			pt_metric(records, s, "pagetables_wx_pages", (double)s->wx_max, "pages",
				  "lower", s->arm64 ? "host page walk (TTBR0/1 from the gdbstub "
				  "through the RAM file)" : "host page walk (CR3 through the RAM file)");
			pt_metric(records, s, "pagetables_checks_failed", failed, "count",
				  "lower", "hardboot pagetables");
			if (s->seen[PT_GUEST])
				pt_metric(records, s, "pagetables_guest_walk_mismatches",
					  (double)s->guest_mismatch, "count", "lower",
					  "guest pages record vs host walk");
		}
	}
	g_ptr_array_free(secs, TRUE);
	return 0;
}

int pagetables_main(const struct pagetables_args *a)
{
	json_t *out = json_array(), *metrics = json_array();
	struct verdicts vs;
	char err[512];
	int code = HB_EXIT_OK, rc;

	verdicts_init(&vs);
	rc = pagetables_judge(a, &vs, "pagetables", metrics, out, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot pagetables: %s\n", err);
		code = HB_EXIT_USAGE;
	} else {
		unsigned ok, failed, np, skipped, expected;

		verdicts_count(&vs, NULL, &ok, &failed, &np, &skipped, &expected);
		code = failed ? HB_EXIT_CHECK : HB_EXIT_OK;
		if (a->json) {
			char *txt = json_dumps(out, JSON_INDENT(1));

			printf("%s\n", txt);
			free(txt);
		} else {
			struct tap t;

			tap_begin(&t, NULL);
			verdicts_tap(&vs, NULL, &t);
			tap_plan(&t, t.n);
		}
		if (a->metrics &&
		    results_append_records(a->metrics, metrics, err, sizeof(err))) {
			fprintf(stderr, "hardboot pagetables: %s\n", err);
			code = HB_EXIT_INFRA;
		}
	}
	verdicts_free(&vs);
	json_decref(out);
	json_decref(metrics);
	return code;
}
