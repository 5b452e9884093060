/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "metric.h"
#include "verdict.h"

const char *const verdict_names[] = {
	[VERDICT_PASS] = "pass", [VERDICT_FAIL] = "fail",
	[VERDICT_NOT_PROVEN] = "not proven", [VERDICT_SKIP] = "skip",
};

static void verdict_free(gpointer p)
{
	struct verdict *v = p;

	g_free(v->suite);
	g_free(v->section);
	g_free(v->subject);
	g_free(v->policy);
	g_free(v->text);
	g_free(v->why);
	json_decref(v->data);
	g_free(v);
}

void verdicts_init(struct verdicts *vs)
{
	vs->v = g_ptr_array_new_with_free_func(verdict_free);
}

void verdicts_free(struct verdicts *vs)
{
	if (vs->v)
		g_ptr_array_free(vs->v, TRUE);
	vs->v = NULL;
}

struct verdict *verdict_add(struct verdicts *vs, const char *suite,
			    const char *section, const char *subject,
			    const char *policy, enum verdict_status st,
			    const char *fmt, ...)
{
	struct verdict *v = g_new0(struct verdict, 1);
	va_list ap;

	v->suite = g_strdup(suite);
	v->section = g_strdup(section ? section : "");
	v->subject = g_strdup(subject ? subject : v->section);
	v->policy = g_strdup(policy);
	v->st = st;
	va_start(ap, fmt);
	v->text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	v->data = json_object();
	g_ptr_array_add(vs->v, v);
	return v;
}

void verdict_why(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	g_free(v->why);
	va_start(ap, fmt);
	v->why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

void verdicts_expect(struct verdicts *vs, const char *suite, const struct suite *s)
{
	for (int i = 0; i < s->nsec; i++) {
		const struct section *sec = &s->sec[i];
		const struct expect *x = &sec->exp;

		for (int p = 0; p < x->npolicies; p++) {
			int failed = 0, passed = 0;

			for (guint k = 0; k < vs->v->len; k++) {
				struct verdict *v = vs->v->pdata[k];

				if (strcmp(v->suite, suite) || strcmp(v->section, sec->name) ||
				    fnmatch(x->policies[p], v->policy, 0))
					continue;
				if (v->st == VERDICT_FAIL)
					v->expected = failed = 1;
				else if (v->st == VERDICT_PASS)
					passed++;
			}
			/* it must fail somewhere; a policy judged per region or
			 * per word may pass elsewhere (rng-halfseed: words 2-7) */
			if (!failed) {
				struct verdict *v = verdict_add(vs, suite, sec->name, NULL,
					x->policies[p], VERDICT_FAIL, "%s: expected to fail "
					"%s (%s), %s", sec->name, x->policies[p], x->text,
					passed ? "it passed" : "it was not judged");

				json_object_set_new(v->data, "expected_failure",
						    json_string(x->policies[p]));
			}
		}
	}
}

int verdict_ok(const struct verdict *v)
{
	return v->st == VERDICT_PASS || v->st == VERDICT_SKIP ||
	       (v->st == VERDICT_FAIL && v->expected);
}

/* Folded: a section with more than this many verdicts not proven gets one
 * TODO line for them (a twin booted only to show its own flaw leaves most
 * other thresholds unproven); each stays a record of its own. */
#define VERDICT_FOLD 3

static unsigned verdicts_not_proven(const struct verdicts *vs, const char *suite,
				    const char *section, double *needs, GString *names)
{
	unsigned n = 0;

	*needs = 0;
	for (guint k = 0; k < vs->v->len; k++) {
		const struct verdict *v = vs->v->pdata[k];
		json_t *nb = json_object_get(v->data, "needs_boots");

		if ((suite && strcmp(v->suite, suite)) || strcmp(v->section, section) ||
		    v->st != VERDICT_NOT_PROVEN)
			continue;
		n++;
		if (json_is_number(nb) && json_number_value(nb) > *needs)
			*needs = json_number_value(nb);
		if (names)
			g_string_append_printf(names, "%s%s", names->len ? ", " : "", v->policy);
	}
	return n;
}

void verdicts_tap(const struct verdicts *vs, const char *suite, struct tap *t)
{
	GHashTable *folded = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint k = 0; k < vs->v->len; k++) {
		const struct verdict *v = vs->v->pdata[k];
		char dir[300];
		double needs;

		if (suite && strcmp(v->suite, suite))
			continue;
		if (v->st == VERDICT_NOT_PROVEN &&
		    verdicts_not_proven(vs, suite, v->section, &needs, NULL) > VERDICT_FOLD) {
			GString *names = g_string_new(NULL);
			unsigned n;

			if (g_hash_table_contains(folded, v->section)) {
				g_string_free(names, TRUE);
				continue;
			}
			g_hash_table_add(folded, v->section);
			n = verdicts_not_proven(vs, suite, v->section, &needs, names);
			if (needs > 0)
				snprintf(dir, sizeof(dir), "TODO not proven: needs up to %.0f boots",
					 needs);
			else
				snprintf(dir, sizeof(dir), "TODO not proven");
			tap_point(t, 0, dir, "%s: %u checks not proven with its boots (%s)",
				  v->section, n, names->str);
			g_string_free(names, TRUE);
			continue;
		}
		if (v->st == VERDICT_SKIP)
			snprintf(dir, sizeof(dir), "SKIP %s", v->why ? v->why : "not checked");
		else if (v->st == VERDICT_NOT_PROVEN)
			snprintf(dir, sizeof(dir), "TODO not proven%s%s", v->why ? ": " : "",
				 v->why ? v->why : "");
		if (v->st == VERDICT_FAIL && v->expected)
			tap_point(t, 1, NULL, "%s (fails %s as expected)", v->text, v->policy);
		else
			tap_point(t, verdict_ok(v), v->st == VERDICT_SKIP ||
				  v->st == VERDICT_NOT_PROVEN ? dir : NULL, "%s", v->text);
	}
	g_hash_table_destroy(folded);
}

void verdicts_records(const struct verdicts *vs, const char *suite, json_t *out)
{
	for (guint k = 0; k < vs->v->len; k++) {
		const struct verdict *v = vs->v->pdata[k];
		json_t *m;

		if (suite && strcmp(v->suite, suite))
			continue;
		/* value: 1 when ok; the record's own fields say what was seen */
		m = metric_new("policy_verdict", v->subject, verdict_ok(v) ? 1 : 0,
			       "ok", "higher", 1);
		/* "boots" (every boot as expected) is k of n boots: judged by
		 * its rate, boot_failure_rate (Fisher), so that one boot lost
		 * to a loaded host is not a certain change */
		metric_compare(m, strcmp(v->policy, "boots") ? METRIC_VERDICT : METRIC_VIEW);
		json_object_set_new(m, "suite", json_string(v->suite));
		json_object_set_new(m, "section", json_string(v->section));
		json_object_set_new(m, "policy", json_string(v->policy));
		json_object_set_new(m, "verdict", json_string(verdict_names[v->st]));
		json_object_set_new(m, "expected", json_boolean(v->expected));
		json_object_set_new(m, "text", json_string(v->text));
		if (v->why)
			json_object_set_new(m, "why", json_string(v->why));
		{
			/* the numbers judged; "value" is the record's own (1 when ok) */
			json_t *d = json_deep_copy(v->data);

			if (json_object_get(d, "value")) {
				json_object_set(d, "measured", json_object_get(d, "value"));
				json_object_del(d, "value");
			}
			json_object_update(m, d);
			json_decref(d);
		}
		json_array_append_new(out, m);
	}
}

void verdicts_junit(const struct verdicts *vs, const char *suite, struct junit *j)
{
	junit_suite(j, suite);
	for (guint k = 0; k < vs->v->len; k++) {
		const struct verdict *v = vs->v->pdata[k];
		char name[300];

		if (strcmp(v->suite, suite))
			continue;
		snprintf(name, sizeof(name), "%s %s", v->policy, v->subject);
		if (v->st == VERDICT_SKIP || v->st == VERDICT_NOT_PROVEN)
			junit_case(j, suite, name, 0, JUNIT_SKIP, v->why ? v->why :
				   verdict_names[v->st], NULL, v->text);
		else
			junit_case(j, suite, name, 0, verdict_ok(v) ? JUNIT_PASS : JUNIT_FAIL,
				   v->text, v->text, v->expected ? "a designed failure, "
				   "seen as expected" : NULL);
	}
}

void verdicts_count(const struct verdicts *vs, const char *suite, unsigned *ok,
		    unsigned *failed, unsigned *not_proven, unsigned *skipped,
		    unsigned *expected)
{
	*ok = *failed = *not_proven = *skipped = *expected = 0;
	for (guint k = 0; k < vs->v->len; k++) {
		const struct verdict *v = vs->v->pdata[k];

		if (suite && strcmp(v->suite, suite))
			continue;
		*not_proven += v->st == VERDICT_NOT_PROVEN;
		*skipped += v->st == VERDICT_SKIP;
		*expected += v->st == VERDICT_FAIL && v->expected;
		if (v->st == VERDICT_NOT_PROVEN || v->st == VERDICT_SKIP)
			continue;
		if (verdict_ok(v))
			(*ok)++;
		else
			(*failed)++;
	}
}
