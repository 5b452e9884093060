/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Outcomes that are facts, not samples: a known-answer test that matched
 * or not, the seed source the guests announced, the accelerator a section
 * ran under, a section or an in-guest check that ran or was skipped,
 * PASS/FAIL/SKIP verdicts.  A change needs no statistics and is never
 * noise, so it is certain: outside the Holm budget.  These are the silent
 * downgrades of a nightly run: a seed source that changed (rdrand to TSC
 * jitter), KVM fallen back to TCG, PASS turned SKIP.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "compare.h"

/* pass > skip > fail, for verdict strings; -1 unknown. */
static int compare_exact_rank(const char *s)
{
	static const struct { const char *w; int r; } words[] = {
		{ "pass", 2 }, { "ok", 2 }, { "yes", 2 }, { "true", 2 }, { "enabled", 2 },
		{ "ran", 2 }, { "skip", 1 }, { "fail", 0 }, { "no", 0 }, { "false", 0 },
		{ "disabled", 0 },
	};

	for (size_t i = 0; s && i < sizeof(words) / sizeof(words[0]); i++)
		if (!g_ascii_strncasecmp(s, words[i].w, strlen(words[i].w)))
			return words[i].r;
	return -1;
}

static void compare_exact_changed(struct compare_item *it, int dir, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void compare_exact_changed(struct compare_item *it, int dir, const char *fmt, ...)
{
	va_list ap;

	it->certain = 1;
	it->dir = dir;
	va_start(ap, fmt);
	vsnprintf(it->note, sizeof(it->note), fmt, ap);
	va_end(ap);
}

static void compare_exact_accel(struct compare_item *it, const char *xa, const char *xb)
{
	const char *why = compare_str(it->b, "accel_why") ?: "?";

	if (!strcmp(xa, "kvm") && !strcmp(xb, "tcg"))
		compare_exact_changed(it, -1, "KVM fell back to TCG (%s)", why);
	else if (!strcmp(xa, "tcg") && !strcmp(xb, "kvm"))
		compare_exact_changed(it, 1, "TCG -> KVM (%s)", why);
	else
		compare_exact_changed(it, 0, "%s -> %s (%s)", xa, xb, why);
}

static void compare_exact_judge(struct compare_ctx *c, struct compare_item *it)
{
	json_t *va = json_object_get(it->a, "value"), *vb = json_object_get(it->b, "value");
	const char *sa = json_string_value(va), *sb = json_string_value(vb);

	(void)c;
	if (json_equal(va, vb))
		return; /* same: the test is equality itself */
	if (!strcmp(it->metric, "accelerator") && sa && sb) {
		compare_exact_accel(it, sa, sb);
	} else if (!strcmp(it->metric, "seed_source")) {
		compare_exact_changed(it, -1, "seed source %s -> %s", sa ?: "?", sb ?: "?");
	} else if (!strcmp(it->metric, "section_state")) {
		int ra = compare_exact_rank(sa), rb = compare_exact_rank(sb);

		compare_exact_changed(it, rb < ra ? -1 : 1, "%s -> %s%s%s",
				  ra == 2 ? "PASS" : "SKIP", rb == 2 ? "PASS" : "SKIP",
				  compare_str(it->b, "reason") ? ": " : "",
				  compare_str(it->b, "reason") ?: "");
	} else if (sa || sb) {
		int ra = compare_exact_rank(sa), rb = compare_exact_rank(sb);

		compare_exact_changed(it, ra < 0 || rb < 0 ? 0 : rb < ra ? -1 : 1, "%s -> %s",
				  sa ?: "-", sb ?: "-");
	} else {
		char fa[64], fb[64];

		compare_fmt_value(it->a, fa, sizeof(fa));
		compare_fmt_value(it->b, fb, sizeof(fb));
		compare_exact_changed(it, compare_direction(it->a, it->b), "%s -> %s", fa, fb);
	}
}

const struct compare_family compare_exact_family = {
	.name = "exact",
	.test = "equality: a fact, not a sample (a change is certain)",
	.compare = compare_exact_judge,
};
