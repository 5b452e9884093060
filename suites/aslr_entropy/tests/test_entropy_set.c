/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Section-wide families (leaks, layout), the headline and the metric
 * records, on boot records built in memory.  Each row describes how the
 * boots of one section are made (fixed seed) and what must come out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "entropy.h"
#include "metric.h"
#include "unit.h"

#define WIN_HEAP  0x100000000000ull
#define WIN_STACK 0x300000000000ull
#define WIN_BASE  0x500000000000ull

enum shape {
	SHAPE_HARDENED,      /* independent 28/28/20-bit slots */
	SHAPE_CORRELATED,    /* heap slot = stack slot */
	SHAPE_OVERLAP,       /* every 10th boot: heap one page into the stack */
	SHAPE_NO_GUARD,      /* every 10th boot: heap right after the stack */
	SHAPE_NONCANON,      /* every 10th boot: stack outside the canonical half */
	SHAPE_REGS,          /* registers inside, but every 10th RIP outside the
			      * image and every 10th RSP (others) off the stack */
	SHAPE_CANARY_CONST,  /* constant canary */
	SHAPE_REGS_HALT,     /* registers inside; one boot stopped at the other
			      * instruction of the halt loop (RIP 2 bytes off) */
};

struct row {
	const char *name;
	enum shape shape;
	size_t n;
	unsigned long seed;
	int flagged;              /* leak pairs flagged (a tenth of the boots at a
				   * fixed offset is a leak too) */
	double heap_eff_max;      /* heap's effective bits at most this */
	unsigned long bad, overlap, guard, noncanon, rip_out, rsp_out;
	double canary_headline_max;
};

static const struct row rows[] = {
	{ "hardened", SHAPE_HARDENED, 400, 11, 0, 64, 0, 0, 0, 0, 0, 0, 64 },
	{ "correlated", SHAPE_CORRELATED, 400, 12, 1, 0, 0, 0, 0, 0, 0, 0, 64 },
	{ "overlap", SHAPE_OVERLAP, 400, 13, 1, 64, 40, 40, 0, 0, 0, 0, 64 },
	{ "noguard", SHAPE_NO_GUARD, 400, 14, 1, 64, 40, 0, 40, 0, 0, 0, 64 },
	{ "noncanon", SHAPE_NONCANON, 400, 15, 0, 64, 40, 0, 0, 40, 0, 0, 64 },
	{ "regs", SHAPE_REGS, 400, 16, 0, 64, 80, 0, 0, 0, 40, 40, 64 },
	{ "canary-const", SHAPE_CANARY_CONST, 400, 17, 0, 64, 0, 0, 0, 0, 0, 0, 0 },
	{ "regs-halt", SHAPE_REGS_HALT, 100, 18, 0, 64, 0, 0, 0, 0, 0, 0, 64 },
};

static void add_boot(struct samples *s, const struct row *w, size_t i, gsl_rng *r)
{
	uint64_t ss = gsl_rng_get(r) & ((1u << 28) - 1), hs = gsl_rng_get(r) & ((1u << 28) - 1);
	uint64_t bs = gsl_rng_get(r) & ((1u << 20) - 1);
	uint64_t canary = ((uint64_t)gsl_rng_get(r) << 32 | gsl_rng_get(r)) & ~0xffull;
	uint64_t stack, heap, base, rip, rsp;
	char rec[1024];
	json_t *b;
	int tenth = i % 10 == 0;
	int regs = w->shape == SHAPE_REGS || w->shape == SHAPE_REGS_HALT;

	if (w->shape == SHAPE_CORRELATED)
		hs = ss;
	if (w->shape == SHAPE_CANARY_CONST)
		canary = 0x2f8e6c1a5b3d4700ull;
	stack = WIN_STACK + ss * 4096;
	heap = WIN_HEAP + hs * 4096;
	base = WIN_BASE + bs * 4096;
	if (tenth && w->shape == SHAPE_OVERLAP)
		heap = stack + 0x1000;
	if (tenth && w->shape == SHAPE_NO_GUARD)
		heap = stack + 0x4000;
	if (tenth && w->shape == SHAPE_NONCANON)
		stack |= 0x0000900000000000ull;
	rsp = stack + 0x3f80 + (w->shape == SHAPE_REGS && i % 10 == 5 ? 0x100000 : 0);
	rip = base + 0x5123 + (tenth ? 0x100000 : 0);
	if (w->shape == SHAPE_REGS_HALT)
		rip = base + (i == 7 ? 0x5450 : 0x5452);
	snprintf(rec, sizeof(rec),
		 "{\"v\":1,\"section\":\"%s\",\"boot\":%zu,\"outcome\":\"pass\",\"img\":\"t\","
		 "\"addr\":{\"stack\":\"0x%016llx\",\"heap\":\"0x%016llx\",\"base\":\"0x%016llx\"},"
		 "\"secret\":{\"canary\":\"%016llx\"}%s%016llx%s%016llx%s}",
		 w->name, i, (unsigned long long)stack, (unsigned long long)heap,
		 (unsigned long long)base, (unsigned long long)canary,
		 regs ? ",\"regs\":{\"rip\":\"0x" : ",\"x\":{\"a\":\"",
		 (unsigned long long)rip, regs ? "\",\"rsp\":\"0x" : "\",\"b\":\"",
		 (unsigned long long)rsp, "\"}");
	b = json_loads(rec, 0, NULL);
	if (!b || samples_add(s, b, NULL))
		unit_ok(0, "%s: record %zu not accepted", w->name, i);
	json_decref(b);
}

static void check_row(const struct row *w)
{
	struct samples s = { .runs = json_array() };
	struct entropy_opts o;
	struct entropy_set es;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	char *ext[] = { "base=0x30000" }, err[200];
	const struct entropy_layout *l = &es.layout;
	int flagged = 0;
	long heap, canary;
	json_t *m = json_array(), *doc;

	gsl_rng_set(r, w->seed);
	for (size_t i = 0; i < w->n; i++)
		add_boot(&s, w, i, r);
	/* One failed boot: counted, not a sample. */
	{
		json_t *b = json_pack("{s:i,s:s,s:i,s:s,s:s}", "v", 1, "section", w->name,
				      "boot", (int)w->n, "outcome", "crash", "reason", "x");

		samples_add(&s, b, NULL);
		json_decref(b);
	}
	entropy_opts_default(&o);
	o.extents = ext;
	o.nextents = 1;
	unit_ok(entropy_set_analyze(&es, &s, samples_find(&s, w->name), &o, err,
				    sizeof(err)) == 0, "%s: analyzed", w->name);
	for (size_t k = 0; k < es.npairs; k++)
		flagged += es.pairs[k].flagged;
	unit_ok(es.npairs == 6 && flagged == w->flagged, "%s: %d of %zu pairs flagged (want %d)",
		w->name, flagged, es.npairs, w->flagged);
	heap = entropy_set_find(&es, "heap");
	unit_ok(heap >= 0 && es.reg[heap].effective <= w->heap_eff_max + 1e-9,
		"%s: heap effective %.2f bits (at most %g)%s%s", w->name,
		heap >= 0 ? es.reg[heap].effective : -1, w->heap_eff_max,
		heap >= 0 && es.reg[heap].leak_by[0] ? ", leaked by " : "",
		heap >= 0 ? es.reg[heap].leak_by : "");
	unit_ok(l->rows == w->n && l->bad == w->bad && l->overlap == w->overlap &&
		l->guard == w->guard && l->noncanon == w->noncanon && l->rip_out == w->rip_out &&
		l->rsp_out == w->rsp_out, "%s: layout %lu/%lu bad (overlap %lu, guard %lu, "
		"noncanonical %lu, rip outside %lu, rsp outside %lu)%s%s", w->name, l->bad,
		l->rows, l->overlap, l->guard, l->noncanon, l->rip_out, l->rsp_out, l->first_bad >= 0 ? ": " : "",
		l->first_bad >= 0 ? l->first_why : "");
	if (w->shape == SHAPE_REGS)
		unit_ok(l->rsp_rows == w->n && l->rip_rows == w->n,
			"%s: RSP and RIP checked in every boot", w->name);
	/* The offset in the page is where the vCPU stopped, not layout: a
	 * nightly flapped on it (uniformity p 1 -> 3e-55 for one such boot). */
	if (w->shape == SHAPE_REGS_HALT) {
		long k = entropy_set_find(&es, "regs.rip");

		unit_ok(k >= 0 && es.reg[k].un.tested && !es.reg[k].un.reject,
			"%s: RIP's page is uniform (p = %.3g), whichever instruction of the "
			"halt loop it stopped at", w->name, k >= 0 ? es.reg[k].un.p : -1);
	}
	canary = entropy_set_find(&es, "canary");
	unit_ok(canary >= 0 && es.reg[canary].headline <= w->canary_headline_max &&
		es.reg[canary].st.quality == (w->shape == SHAPE_CANARY_CONST ? 0 : 56),
		"%s: canary %.2f bits, %u quality bits", w->name,
		canary >= 0 ? es.reg[canary].headline : -1,
		canary >= 0 ? es.reg[canary].st.quality : 0);
	/* Metric records: valid records of this schema, JSON-safe numbers. */
	entropy_set_metrics(&es, &o, m);
	{
		size_t i, ok = 1;
		json_t *rec;

		json_array_foreach(m, i, rec)
			ok &= json_integer_value(json_object_get(rec, "schema")) == METRIC_SCHEMA &&
			      json_is_string(json_object_get(rec, "metric")) &&
			      json_is_string(json_object_get(rec, "unit")) &&
			      json_is_string(json_object_get(rec, "better")) &&
			      json_object_get(rec, "value") != NULL;
		unit_ok(ok && json_array_size(m) > 20, "%s: %zu metric records, all well formed",
			w->name, json_array_size(m));
	}
	doc = entropy_set_json(&es, &o);
	unit_ok(json_integer_value(json_object_get(json_object_get(doc, "boots"), "crash")) == 1 &&
		json_integer_value(json_object_get(doc, "n")) == (json_int_t)w->n,
		"%s: the failed boot is counted, not sampled", w->name);
	json_decref(doc);
	json_decref(m);
	entropy_set_free(&es);
	samples_free(&s);
	gsl_rng_free(r);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(rows); i++)
		check_row(&rows[i]);
	return unit_done();
}
