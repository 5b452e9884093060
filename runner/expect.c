/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "expect.h"

#define EXPECT_POLICY "policy:"

static int expect_name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && !strchr("_.-*?[]", *s))
			return 0;
	return 1;
}

int expect_parse(struct expect *x, const char *s, char *err, size_t n)
{
	gchar **w = g_strsplit_set(s ? s : "", " \t,", -1);
	GString *norm = g_string_new(NULL);
	int k = 0, oc = -1, rc = 0;

	memset(x, 0, sizeof(*x));
	for (gchar **p = w; *p && !rc; p++) {
		if (!**p)
			continue;
		if (k++ == 0) {
			oc = boot_outcome_parse(*p);
			if (oc < 0) {
				snprintf(err, n, "'%s' is not an outcome (pass, fail, "
					 "crash, timeout, error)", *p);
				rc = -EINVAL;
			}
			g_string_append(norm, *p);
			continue;
		}
		if (!strncmp(*p, EXPECT_POLICY, strlen(EXPECT_POLICY))) {
			const char *name = *p + strlen(EXPECT_POLICY);

			if (!expect_name_ok(name) || x->npolicies == EXPECT_MAX) {
				snprintf(err, n, "'%s': a policy name is letters, digits, "
					 "'_', '.', '-', globs (at most %d)", *p, EXPECT_MAX);
				rc = -EINVAL;
				break;
			}
			x->policies[x->npolicies++] = g_strdup(name);
		} else {
			char *eq = strchr(*p, '=');

			if (eq)
				*eq = '\0'; /* CHECK=VALUE: the value is free text */
			if (!expect_name_ok(*p) || x->nchecks == EXPECT_MAX) {
				snprintf(err, n, "'%s': a check name is letters, digits, "
					 "'_', '.', '-', globs (at most %d)", *p, EXPECT_MAX);
				rc = -EINVAL;
				break;
			}
			if (eq)
				*eq = '=';
			x->checks[x->nchecks++] = g_strdup(*p);
		}
		g_string_append_printf(norm, " %s", *p);
	}
	g_strfreev(w);
	if (!rc && oc < 0) {
		oc = BOOT_PASS;
		g_string_append(norm, "pass");
	}
	/* Checks fail only in a boot that ends done st=fail. */
	if (!rc && x->nchecks && oc != BOOT_FAIL) {
		snprintf(err, n, "failing checks need 'fail' first (expect = fail %s)",
			 x->checks[0]);
		rc = -EINVAL;
	}
	x->outcome = oc < 0 ? BOOT_PASS : oc;
	x->text = g_string_free(norm, FALSE);
	if (rc)
		expect_free(x);
	return rc;
}

void expect_free(struct expect *x)
{
	for (int i = 0; i < x->nchecks; i++)
		g_free(x->checks[i]);
	for (int i = 0; i < x->npolicies; i++)
		g_free(x->policies[i]);
	g_free(x->text);
	memset(x, 0, sizeof(*x));
}

/* The name part of "CHECK" or "CHECK=VALUE". */
static int expect_is(const char *item, const char *check)
{
	size_t n = strcspn(item, "=");

	return strlen(check) == n && !strncmp(item, check, n);
}

static int expect_listed(const struct expect *x, const char *check)
{
	for (int i = 0; i < x->nchecks; i++)
		if (expect_is(x->checks[i], check))
			return 1;
	return 0;
}

/* "CHECK": its value starts with fail; "CHECK=VALUE": it is VALUE. */
static int expect_item_seen(json_t *checks, const char *item)
{
	const char *eq = strchr(item, '=');
	char name[64];
	const char *v;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(item, "="), item);
	v = json_string_value(json_object_get(checks, name));
	return v && (eq ? !strcmp(v, eq + 1) : !strncmp(v, "fail", 4));
}

/* A check failed when its value starts with "fail" (kat=fail,
 * hijack=fail:ret). */
static int expect_check_failed(json_t *checks, const char *name)
{
	const char *v = json_string_value(json_object_get(checks, name));

	return v && !strncmp(v, "fail", 4);
}

int expect_boot(const struct expect *x, json_t *o, char *why, size_t n)
{
	const char *oc = json_string_value(json_object_get(o, "outcome"));
	json_t *checks = json_object_get(o, "checks"), *v;
	const char *k;

	why[0] = '\0';
	if (!oc || strcmp(oc, boot_outcome_names[x->outcome])) {
		const char *r = json_string_value(json_object_get(o, "reason"));

		snprintf(why, n, "%s%s%s, expected %s", oc ? oc : "no outcome",
			 r ? ": " : "", r ? r : "", x->text);
		return 0;
	}
	if (x->outcome != BOOT_FAIL || !x->nchecks)
		return 1; /* a bare "fail": any failed check */
	for (int i = 0; i < x->nchecks; i++)
		if (!expect_item_seen(checks, x->checks[i])) {
			const char *val;
			char name[64];

			snprintf(name, sizeof(name), "%.*s", (int)strcspn(x->checks[i], "="),
				 x->checks[i]);
			val = json_string_value(json_object_get(checks, name));
			snprintf(why, n, "check %s%s%s, expected %s", name, val ? "=" : " ",
				 val ? val : "absent", x->text);
			return 0;
		}
	json_object_foreach(checks, k, v)
		if (expect_check_failed(checks, k) && !expect_listed(x, k)) {
			snprintf(why, n, "check %s=%s failed too, expected %s", k,
				 json_string_value(v), x->text);
			return 0;
		}
	return 1;
}

int expect_policy(const struct expect *x, const char *name)
{
	for (int i = 0; i < x->npolicies; i++)
		if (!strcmp(x->policies[i], name))
			return 1;
	return 0;
}

int expect_failure(const struct expect *x)
{
	return x->outcome != BOOT_PASS || x->npolicies > 0;
}
