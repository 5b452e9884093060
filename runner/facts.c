/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A suite run's facts as metric records (facts.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "facts.h"
#include "hardboot/proto.h"
#include "metric.h"
#include "samples.h"

static json_t *facts_rec(const char *metric, const char *subject, json_t *value,
			 const char *unit, unsigned long n, const char *kind,
			 const char *test)
{
	json_t *m = metric_new(metric, subject, 0, unit, "none", n);

	json_object_set_new(m, "value", value);
	json_object_set_new(m, "test", json_string(test));
	metric_compare(m, kind);
	return m;
}

static int facts_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The seed's source as a fact: the classes of source the boots used.  The
 * CPU's generators are one class: RDSEED may give up under contention (the
 * DRNG's conditioner is shared by every core and VM of the host; the
 * images retry 128 times, then read RDRAND), so on a loaded KVM host a few
 * boots of an unchanged image may seed from RDRAND, and a fact of which
 * instruction would follow the host's load; KVM falling back to TCG
 * (RDSEED -> RDRAND) is the accelerator fact's change already.  Leaving
 * the hardware for jitter, the TSC or the command line is the change that
 * matters; the per-instruction counts stay in the record's "sources".
 */
const char *facts_source_class(const char *src)
{
	static const char *const hw[] = { HB_SRC_RDSEED, HB_SRC_RDRAND, HB_SRC_RNDRRS,
					  HB_SRC_RNDR };

	for (size_t i = 0; i < G_N_ELEMENTS(hw); i++)
		if (!strcmp(src, hw[i]))
			return "hardware";
	return src;
}

static void facts_sources(const struct sample_set *set, json_t *out)
{
	GPtrArray *keys = g_ptr_array_new();
	GString *v = g_string_new(NULL);
	const char *k;
	json_t *x;

	json_object_foreach(set->srcs, k, x) {
		const char *c = facts_source_class(k);
		int dup = 0;

		for (guint i = 0; i < keys->len; i++)
			dup |= !strcmp(keys->pdata[i], c);
		if (!dup)
			g_ptr_array_add(keys, (gpointer)c);
	}
	if (keys->len) {
		qsort(keys->pdata, keys->len, sizeof(gpointer), facts_strcmp);
		for (guint i = 0; i < keys->len; i++)
			g_string_append_printf(v, "%s%s", i ? "+" : "", (char *)keys->pdata[i]);
		x = facts_rec("seed_source", set->section, json_string(v->str), "source",
			      set->rows, METRIC_FACT, "cpu.src of every boot, by class "
			      "(hardware: rdseed, rdrand, rndrrs, rndr)");
		json_object_set(x, "sources", set->srcs);
		json_array_append_new(out, x);
	}
	g_ptr_array_free(keys, TRUE);
	g_string_free(v, TRUE);
}

static void facts_checks(const struct sample_set *set, json_t *out)
{
	const char *k;
	json_t *c;

	json_object_foreach(set->checks, k, c) {
		json_int_t p = json_integer_value(json_object_get(c, "pass"));
		json_int_t f = json_integer_value(json_object_get(c, "fail"));
		json_int_t s = json_integer_value(json_object_get(c, "skip"));
		unsigned long n = (unsigned long)(p + f + s);
		char *subject = g_strdup_printf("%s/%s", set->section, k);
		json_t *m;

		if (n > 0) {
			m = metric_new("check_failure_rate", subject, (double)f / (double)n,
				       "ratio", "lower", n);
			json_object_set_new(m, "test", json_string("in-guest check: boots with fail"));
			metric_rate(m, (unsigned long)f);
			json_array_append_new(out, m);
			m = metric_new("check_skip_rate", subject, (double)s / (double)n,
				       "ratio", "lower", n);
			json_object_set_new(m, "test", json_string("in-guest check: boots with skip"));
			metric_rate(m, (unsigned long)s);
			metric_compare(m, METRIC_SKIPS);
			json_array_append_new(out, m);
		}
		g_free(subject);
	}
}

/* Sections as run.json lists them, skipped ones too. */
static void facts_sections(json_t *run, json_t *out)
{
	json_t *sec;
	size_t i;

	json_array_foreach(json_object_get(run, "sections"), i, sec) {
		const char *name = json_string_value(json_object_get(sec, "name"));
		const char *skip = json_string_value(json_object_get(sec, "skip"));
		const char *accel = json_string_value(json_object_get(sec, "accel"));
		const char *why = json_string_value(json_object_get(sec, "accel_why"));
		json_t *m;

		if (!name)
			continue;
		m = facts_rec("section_state", name, json_string(skip ? "skipped" : "ran"),
			      "state", (unsigned long)json_integer_value(
				      json_object_get(sec, "finished")), METRIC_FACT,
			      "the section ran or was skipped");
		if (skip)
			json_object_set_new(m, "reason", json_string(skip));
		json_array_append_new(out, m);
		if (skip || !accel)
			continue;
		m = facts_rec("accelerator", name, json_string(accel), "accel", 0,
			      METRIC_FACT, "accelerator the section ran under");
		json_object_set_new(m, "accel_why", json_string(why ? why : ""));
		json_array_append_new(out, m);
	}
}

int facts_records(const char *dir, json_t *out, char *err, size_t n)
{
	char *rj = g_build_filename(dir, "run.json", NULL);
	char *bj = g_build_filename(dir, "boots.jsonl", NULL);
	json_t *run = json_load_file(rj, 0, NULL);
	struct samples s;
	int rc = 0;

	if (!run) {
		snprintf(err, n, "%s: unreadable", rj);
		rc = -EINVAL;
		goto out;
	}
	facts_sections(run, out);
	if (g_file_test(bj, G_FILE_TEST_EXISTS)) {
		char *dirs[] = { (char *)dir };

		rc = samples_load(&s, dirs, 1, err, n);
		if (rc)
			goto out;
		for (size_t k = 0; k < s.nsets; k++) {
			facts_sources(&s.sets[k], out);
			facts_checks(&s.sets[k], out);
		}
		samples_free(&s);
	}
out:
	json_decref(run);
	g_free(rj);
	g_free(bj);
	return rc;
}
