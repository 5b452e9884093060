// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * arm64 control-flow integrity and memory tagging at run time (cfi.h).
 *
 * Expected exceptions, measured under QEMU 7.2 TCG (shared/FIELD.md):
 *   BTI  BLR to a non-landing pad on a guarded page: EC 0x0d, taken at
 *        the target (ELR = target).
 *   PAC  a corrupted signed return: no FEAT_FPAC in 7.2, so AUTIASP does
 *        not fault; it leaves an error code in the pointer's top bits and
 *        the RET takes an instruction abort (EC 0x21) there: FAR's low 48
 *        bits are the target's, FAR itself is not the target (with TBI0
 *        the error bit is bit 53).
 *   MTE  a load with the wrong tag: EC 0x25, DFSC 0x11 (synchronous tag
 *        check); FAR is the target's 16-byte granule (QEMU reports bits
 *        11:0 as 0) with the pointer's tag.  A missing TBI gives DFSC
 *        0x04 instead: checked, not assumed.
 * Judged by class, status code and address, never by the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfi.h"
#include "results.h"

#define CFI_VA_BITS   0x0000ffffffffffffull   /* below PAC bits and tag */
#define CFI_PAGE_BITS 0x00fffffffffff000ull   /* MTE FAR: page, no tag */
#define CFI_TAG(a)    (((a) >> 56) & 0xf)

static const struct cfi_payload cfi_payloads[] = {
	{ "ret", "pac", 0x21, -1, CFI_MATCH_PAC },
	{ "ibt", "bti", 0x0d, -1, CFI_MATCH_ELR },
	{ "tag", "mte", 0x25, 0x11, CFI_MATCH_TAG },
};

const struct cfi_payload *cfi_payload_find(const char *attack)
{
	for (size_t i = 0; i < sizeof(cfi_payloads) / sizeof(cfi_payloads[0]); i++)
		if (!strcmp(cfi_payloads[i].attack, attack))
			return &cfi_payloads[i];
	return NULL;
}

static int cfi_at_target(const struct cfi_payload *p, const struct cfi_fault *f)
{
	switch (p->match) {
	case CFI_MATCH_ELR:
		return f->elr == f->tgt;
	case CFI_MATCH_PAC:
		return f->far != f->tgt && (f->far & CFI_VA_BITS) == (f->tgt & CFI_VA_BITS);
	case CFI_MATCH_TAG:
		return (f->far & CFI_PAGE_BITS) == (f->tgt & CFI_PAGE_BITS) &&
		       CFI_TAG(f->far) == CFI_TAG(f->tgt);
	}
	return 0;
}

enum cfi_end cfi_judge_boot(const struct cfi_payload *p, const struct cfi_fault *f,
			    int hijacked)
{
	if (f->have && f->tgt && f->ec == p->ec &&
	    (p->dfsc < 0 || (f->iss & 0x3f) == (uint64_t)p->dfsc) && cfi_at_target(p, f))
		return CFI_CAUGHT;
	if (!f->have && hijacked)
		return CFI_HIJACKED;
	return CFI_OTHER;
}

static int cfi_hex(json_t *o, const char *key, uint64_t *v);

int cfi_qemu_fault(json_t *rec, struct cfi_fault *q)
{
	json_t *arr = json_object_get(rec, "qemu_exceptions"), *e;
	uint64_t esr;

	memset(q, 0, sizeof(*q));
	if (!json_is_array(arr))
		return -1;
	e = json_array_get(arr, 0);
	if (!e)
		return 0; /* QEMU saw the guest take no exception */
	if (!json_is_integer(json_object_get(e, "ec")) || cfi_hex(e, "esr", &esr) ||
	    cfi_hex(e, "elr", &q->elr))
		return 0;
	q->have = 1;
	q->ec = (uint64_t)json_integer_value(json_object_get(e, "ec"));
	q->iss = esr & 0x1ffffff; /* ISS: ESR bits 24:0 */
	q->has_far = !cfi_hex(e, "far", &q->far);
	return 0;
}

int cfi_agree(const struct cfi_fault *guest, const struct cfi_fault *qemu)
{
	if (!guest->have || !qemu->have)
		return guest->have == qemu->have;
	return guest->ec == qemu->ec && guest->iss == qemu->iss &&
	       guest->elr == qemu->elr && (!qemu->has_far || guest->far == qemu->far);
}

const struct cfi_payload *cfi_section_payload(const struct section *sec)
{
	const char *a;
	char val[16];
	size_t n;

	if (!sec->img.arch || strcmp(sec->img.arch->name, "arm64") || !sec->append)
		return NULL;
	a = strstr(sec->append, "attack=");
	if (!a)
		return NULL;
	a += strlen("attack=");
	n = strcspn(a, " \t");
	if (n >= sizeof(val))
		return NULL;
	memcpy(val, a, n);
	val[n] = '\0';
	return cfi_payload_find(val);
}

struct cfi_tally {
	const char *section;
	const struct cfi_payload *p;
	unsigned n, caught, hijacked, other;
	unsigned outside, disagree;   /* boots with QEMU's log; the guest contradicted */
	char first_other[160];
	char first_disagree[200];
};

static int cfi_hex(json_t *o, const char *key, uint64_t *v)
{
	const char *s = json_string_value(json_object_get(o, key));
	char *end;

	if (!s)
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return errno || *end || end == s ? -1 : 0;
}

static int cfi_boot(json_t *rec, void *ctx, char *why, size_t n)
{
	struct cfi_tally *t = ctx;
	json_t *fo = json_object_get(rec, "fault");
	const char *sec = json_string_value(json_object_get(rec, "section"));
	const char *hj = json_string_value(json_object_get(json_object_get(rec, "checks"),
							    "hijack"));
	struct cfi_fault f = { 0 }, q;

	(void)why;
	(void)n;
	if (!sec || strcmp(sec, t->section))
		return 0;
	if (fo) {
		f.have = 1;
		f.ec = (uint64_t)json_integer_value(json_object_get(fo, "ec"));
		f.iss = (uint64_t)json_integer_value(json_object_get(fo, "iss"));
		if (cfi_hex(fo, "far", &f.far) || cfi_hex(fo, "elr", &f.elr) ||
		    cfi_hex(fo, "tgt", &f.tgt))
			f.have = 0;
	}
	t->n++;
	if (!cfi_qemu_fault(rec, &q)) {
		/* QEMU's evidence judges the boot; the guest's must agree */
		t->outside++;
		if (!cfi_agree(&f, &q) && !t->disagree++)
			snprintf(t->first_disagree, sizeof(t->first_disagree),
				 "guest %s EC 0x%02llx ELR 0x%llx, QEMU %s EC 0x%02llx ELR 0x%llx",
				 f.have ? "fault" : "no fault", (unsigned long long)f.ec,
				 (unsigned long long)f.elr, q.have ? "exception" : "none",
				 (unsigned long long)q.ec, (unsigned long long)q.elr);
		q.tgt = f.tgt;
		f = q;
	}
	switch (cfi_judge_boot(t->p, &f, hj && !strncmp(hj, "fail", 4))) {
	case CFI_CAUGHT:
		t->caught++;
		break;
	case CFI_HIJACKED:
		t->hijacked++;
		break;
	default:
		if (!t->other++)
			snprintf(t->first_other, sizeof(t->first_other),
				 f.have ? "EC 0x%02llx ISS 0x%llx FAR 0x%llx, target 0x%llx" :
				 "no fault and no hijack", (unsigned long long)f.ec,
				 (unsigned long long)f.iss, (unsigned long long)f.far,
				 (unsigned long long)f.tgt);
	}
	return 0;
}

static void cfi_verdict(struct suite_ctx *c, const struct cfi_tally *t)
{
	const struct cfi_payload *p = t->p;
	char want[64];

	snprintf(want, sizeof(want), "EC 0x%02x%s", p->ec, p->dfsc >= 0 ? ", DFSC 0x11" : "");
	if (!t->n) {
		struct verdict *v = verdict_add(c->vs, c->name, t->section, NULL, "cfi",
						VERDICT_SKIP, "%s: attack=%s: no boots",
						t->section, p->attack);
		verdict_why(v, "no boots of this section in %s", c->dir);
		return;
	}
	if (t->disagree) {
		verdict_add(c->vs, c->name, t->section, NULL, "cfi", VERDICT_FAIL,
			    "%s: attack=%s: the guest's fault record contradicts QEMU's "
			    "exception log in %u/%u boots (first: %s)", t->section, p->attack,
			    t->disagree, t->outside, t->first_disagree);
		return;
	}
	if (t->caught == t->n) {
		char by[80];

		if (t->outside == t->n)
			snprintf(by, sizeof(by), "QEMU's exception log, the guest's report agreeing");
		else
			snprintf(by, sizeof(by), "the guest's report");
		verdict_add(c->vs, c->name, t->section, NULL, "cfi", VERDICT_PASS,
			    "%s: attack=%s: %s at the target in %u/%u boots (%s stopped it; "
			    "%s)", t->section, p->attack, want, t->caught, t->n, p->feature, by);
		return;
	}
	if (t->hijacked)
		verdict_add(c->vs, c->name, t->section, NULL, "cfi", VERDICT_FAIL,
			    "%s: attack=%s: finding: %u/%u boots reached the attacker's "
			    "target with no fault (%s did not stop it; expected %s%s)",
			    t->section, p->attack, t->hijacked, t->n, p->feature, want,
			    t->outside == t->n ? "; QEMU's exception log has none" : "");
	else
		verdict_add(c->vs, c->name, t->section, NULL, "cfi", VERDICT_FAIL,
			    "%s: attack=%s: %u/%u boots ended in another way (%s), "
			    "expected %s at the target", t->section, p->attack, t->other,
			    t->n, t->first_other, want);
}

int cfi_analyze(struct suite_ctx *c)
{
	for (int i = 0; i < c->s->nsec; i++) {
		const struct section *sec = &c->s->sec[i];
		struct cfi_tally t = { .section = sec->name };
		int rc;

		t.p = cfi_section_payload(sec);
		if (!t.p || !policy_on(c->s, sec, c->desc->policy, "cfi"))
			continue;
		rc = results_each_line(c->dir, "boots.jsonl", 1, cfi_boot, &t, c->err,
				       sizeof(c->err));
		if (rc)
			return HB_EXIT_INFRA;
		cfi_verdict(c, &t);
	}
	return 0;
}
