/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Facts of a run that no suite states as a metric but that a nightly must
 * not lose silently, stated here as metric records (docs/results.md) from
 * run.json and boots.jsonl, so that compare judges them like the rest:
 *
 *   section_state        SECTION        ran | skipped (run.json skip)
 *   accelerator          SECTION        kvm | tcg, with accel_why
 *   seed_source          SECTION        the sources the guests announced
 *   check_failure_rate   SECTION/CHECK  boots whose in-guest check failed
 *   check_skip_rate      SECTION/CHECK  boots that skipped it
 *   boot_phase           SECTION/PHASE  median duration (compare_boottime.c)
 *
 * Each carries "derived" naming its source.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "stats.h"
#include "compare.h"
#include "metric.h"

static json_t *cmp_derive_rec(const char *metric, const char *subject, json_t *value,
			      const char *unit, const char *better, unsigned long n,
			      const char *from, const char *test)
{
	json_t *m = json_pack("{s:i,s:s,s:s,s:o,s:s,s:s,s:I,s:s,s:s}", "schema",
			      METRIC_SCHEMA, "metric", metric, "subject", subject,
			      "value", value, "unit", unit, "better", better,
			      "n", (json_int_t)n, "test", test, "derived", from);

	return m;
}

static int cmp_derive_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void cmp_derive_sources(struct cmp_run *r, const struct sample_set *set)
{
	GPtrArray *keys = g_ptr_array_new();
	GString *v = g_string_new(NULL);
	const char *k;
	json_t *x;

	json_object_foreach(set->srcs, k, x)
		g_ptr_array_add(keys, (gpointer)k);
	if (!keys->len)
		goto out;
	qsort(keys->pdata, keys->len, sizeof(gpointer), cmp_derive_strcmp);
	for (guint i = 0; i < keys->len; i++)
		g_string_append_printf(v, "%s%s", i ? "+" : "", (char *)keys->pdata[i]);
	x = cmp_derive_rec("seed_source", set->section, json_string(v->str), "source",
			   "none", set->rows, "boots.jsonl", "cpu.src of every boot");
	json_object_set(x, "sources", set->srcs);
	json_array_append_new(r->recs, x);
out:
	g_ptr_array_free(keys, TRUE);
	g_string_free(v, TRUE);
}

static void cmp_derive_checks(struct cmp_run *r, const struct sample_set *set)
{
	const char *k;
	json_t *c;

	json_object_foreach(set->checks, k, c) {
		json_int_t p = json_integer_value(json_object_get(c, "pass"));
		json_int_t f = json_integer_value(json_object_get(c, "fail"));
		json_int_t s = json_integer_value(json_object_get(c, "skip"));
		char *subject = g_strdup_printf("%s/%s", set->section, k);
		double n = (double)(p + f + s);

		if (n > 0) {
			json_array_append_new(r->recs, cmp_derive_rec("check_failure_rate",
				subject, json_real((double)f / n), "ratio", "lower",
				(unsigned long)n, "boots.jsonl", "in-guest check: boots with fail"));
			json_array_append_new(r->recs, cmp_derive_rec("check_skip_rate",
				subject, json_real((double)s / n), "ratio", "lower",
				(unsigned long)n, "boots.jsonl", "in-guest check: boots with skip"));
		}
		g_free(subject);
	}
}

/* In warm mode the runner reads the host's timestamps in batches (several
 * boots' records in one read): wall-clock phases are no measurement there,
 * and are not stated.  The guest's TSC phases and QEMU's CPU time are. */
static void cmp_derive_phases(struct cmp_run *r, const struct sample_set *set)
{
	for (size_t i = 0; i < cmp_nphases; i++) {
		const struct cmp_phase *ph = &cmp_phases[i];
		double *v;
		size_t n;
		char *subject;

		if (!ph->from && g_str_has_prefix(ph->to, "host_ns.") &&
		    !g_strcmp0(set->mode, "warm"))
			continue;
		n = cmp_phase_values(set, ph, &v);
		subject = g_strdup_printf("%s/%s", set->section, ph->name);

		if (n) {
			json_t *m;

			m = cmp_derive_rec("boot_phase", subject, json_real(stats_median(v, n)),
					   ph->unit, "lower", n, "boots.jsonl", ph->what);
			json_object_set_new(m, "aggregate", json_string("median"));
			json_object_set_new(m, "accel", json_string(set->accel ?: "?"));
			json_object_set_new(m, "mode", json_string(set->mode ?: "?"));
			json_array_append_new(r->recs, m);
		}
		g_free(subject);
		g_free(v);
	}
}

void cmp_derive(struct cmp_run *r)
{
	json_t *sec;
	size_t i;

	/* Sections as run.json lists them, skipped ones too. */
	json_array_foreach(json_object_get(r->run, "sections"), i, sec) {
		const char *name = cmp_str(sec, "name"), *skip = cmp_str(sec, "skip");
		json_t *m;

		if (!name)
			continue;
		m = cmp_derive_rec("section_state", name, json_string(skip ? "skipped" : "ran"),
				   "state", "none", (unsigned long)json_integer_value(
					   json_object_get(sec, "finished")), "run.json",
				   "the section ran or was skipped");
		if (skip)
			json_object_set_new(m, "reason", json_string(skip));
		json_array_append_new(r->recs, m);
		if (!skip && cmp_str(sec, "accel")) {
			m = cmp_derive_rec("accelerator", name, json_string(cmp_str(sec, "accel")),
					   "accel", "none", 0, "run.json",
					   "accelerator the section ran under");
			json_object_set_new(m, "accel_why",
					    json_string(cmp_str(sec, "accel_why") ?: ""));
			json_array_append_new(r->recs, m);
		}
	}
	for (size_t k = 0; r->have_samples && k < r->s.nsets; k++) {
		const struct sample_set *set = &r->s.sets[k];

		cmp_derive_sources(r, set);
		cmp_derive_checks(r, set);
		cmp_derive_phases(r, set);
	}
}
