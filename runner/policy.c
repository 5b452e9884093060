/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fnmatch.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int policy_family_match(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	/* "min_bits.*" matches min_bits.stack and min_bits.seed.* */
	if (n > 2 && !strcmp(pattern + n - 2, ".*"))
		return !strncmp(pattern, name, n - 1) && name[n - 1];
	return !strcmp(pattern, name);
}

const struct policy_key *policy_find(const struct policy_key *keys, const char *name)
{
	for (const struct policy_key *k = keys; k && k->name; k++)
		if (policy_family_match(k->name, name))
			return k;
	return NULL;
}

static int policy_choice_ok(const char *choices, const char *v)
{
	gchar **c = g_strsplit(choices, "|", -1);
	int ok = 0;

	for (gchar **p = c; *p && !ok; p++)
		ok = !strcmp(*p, v);
	g_strfreev(c);
	return ok;
}

/* Parse one value by its key's type; 0 or -EINVAL with why. */
static int policy_parse(const struct policy_key *k, const char *v, double *out,
			char *why, size_t n)
{
	char *end;
	double x;

	*out = NAN;
	if (!strcmp(v, "none"))
		return 0;
	switch (k->type) {
	case POLICY_REQUIRED:
		if (strcmp(v, "required")) {
			snprintf(why, n, "'%s' is not required or none", v);
			return -EINVAL;
		}
		*out = 1;
		return 0;
	case POLICY_CHOICE:
		if (!policy_choice_ok(k->choices, v)) {
			snprintf(why, n, "'%s' is not one of %s", v, k->choices);
			return -EINVAL;
		}
		return 0;
	case POLICY_LIST:
		if (!*v) {
			snprintf(why, n, "an empty list (use none)");
			return -EINVAL;
		}
		return 0;
	default:
		break;
	}
	errno = 0;
	x = strtod(v, &end);
	if (k->type == POLICY_PERCENT && end != v && *end == '%' && !end[1])
		x /= 100, end++;
	if (errno || end == v || *end || !isfinite(x)) {
		snprintf(why, n, "'%s' is not a number%s", v,
			 k->type == POLICY_PERCENT ? " of percent (5%)" : "");
		return -EINVAL;
	}
	if ((k->type == POLICY_BITS && (x < 0 || x > 64)) ||
	    (k->type == POLICY_COUNT && (x < 0 || x != floor(x))) ||
	    (k->type == POLICY_PROB && (x <= 0 || x >= 1)) ||
	    (k->type == POLICY_PERCENT && x < 0)) {
		static const char *const range[] = {
			[POLICY_BITS] = "bits in [0, 64]",
			[POLICY_COUNT] = "a whole number >= 0",
			[POLICY_PROB] = "a probability in (0, 1)",
			[POLICY_PERCENT] = "a percentage >= 0",
		};

		snprintf(why, n, "'%s' is not %s", v, range[k->type]);
		return -EINVAL;
	}
	*out = x;
	return 0;
}

static int policy_check_kv(const struct suite_kv *kv, const struct policy_key *keys,
			   const char *where, const char *prefix, char *err, size_t n)
{
	for (int i = 0; i < kv->n; i++) {
		const struct policy_key *k = policy_find(keys, kv->keys[i]);
		char why[200];
		double x;

		if (!k) {
			GString *names = g_string_new(NULL);

			for (const struct policy_key *p = keys; p && p->name; p++)
				g_string_append_printf(names, "%s%s", names->len ? ", " : "",
						       p->name);
			snprintf(err, n, "%s unknown policy key '%s%s' (known: %s)", where,
				 prefix, kv->keys[i], names->str);
			g_string_free(names, TRUE);
			return -EINVAL;
		}
		if (policy_parse(k, kv->vals[i], &x, why, sizeof(why))) {
			snprintf(err, n, "%s key '%s%s': %s", where, prefix, kv->keys[i], why);
			return -EINVAL;
		}
	}
	return 0;
}

int policy_check(const struct suite *s, const struct policy_key *keys,
		 char *err, size_t n)
{
	char where[300];
	const char *file = s->path ? s->path : "suite";

	snprintf(where, sizeof(where), "%s: [policy]", file);
	if (policy_check_kv(&s->policy, keys, where, "", err, n))
		return -EINVAL;
	for (int i = 0; i < s->nsec; i++) {
		snprintf(where, sizeof(where), "%s: [%s]", file, s->sec[i].name);
		if (policy_check_kv(&s->sec[i].policy, keys, where, "policy.", err, n))
			return -EINVAL;
	}
	return 0;
}

const char *policy_get(const struct suite *s, const struct section *sec,
		       const struct policy_key *keys, const char *name)
{
	const char *v = sec ? suite_kv_get(&sec->policy, name) : NULL;
	const struct policy_key *k;

	if (!v)
		v = suite_kv_get(&s->policy, name);
	if (v)
		return v;
	k = policy_find(keys, name);
	/* a family's default applies to its own name only ("min_bits.*") */
	return k && k->def && !strcmp(k->name, name) ? k->def : NULL;
}

double policy_num(const struct suite *s, const struct section *sec,
		  const struct policy_key *keys, const char *name)
{
	const char *v = policy_get(s, sec, keys, name);
	const struct policy_key *k = policy_find(keys, name);
	char why[200];
	double x;

	if (!v || !k || policy_parse(k, v, &x, why, sizeof(why)))
		return NAN;
	return x;
}

int policy_on(const struct suite *s, const struct section *sec,
	      const struct policy_key *keys, const char *name)
{
	const char *v = policy_get(s, sec, keys, name);

	return v && strcmp(v, "none");
}

static void policy_family_add(GPtrArray *out, const char *family, const char *key)
{
	if (!policy_family_match(family, key))
		return;
	for (guint i = 0; i < out->len; i++)
		if (!strcmp(out->pdata[i], key))
			return;
	g_ptr_array_add(out, g_strdup(key));
}

char **policy_family(const struct suite *s, const struct section *sec,
		     const struct policy_key *keys, const char *family)
{
	GPtrArray *out = g_ptr_array_new();

	(void)keys;
	for (int i = 0; i < s->policy.n; i++)
		policy_family_add(out, family, s->policy.keys[i]);
	for (int i = 0; sec && i < sec->policy.n; i++)
		policy_family_add(out, family, sec->policy.keys[i]);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

void policy_print_keys(const struct policy_key *keys)
{
	for (const struct policy_key *k = keys; k && k->name; k++)
		printf("  %-18s %s%s%s\n", k->name, k->help, k->def ? "; default " : "",
		       k->def ? k->def : "");
}
