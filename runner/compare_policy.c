/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Policy verdicts (kind "verdict"): what the suite decided at its own
 * risk, so a change needs no further statistics and is certain.  A pass
 * (or not proven) turned fail, or anything turned skip, is worse; a
 * failure the section expects (a broken twin, `expect = ... policy:NAME`)
 * is no failure.  Pass and not proven are the same evidence at two
 * sample sizes and never a change by themselves.
 */
#include <stdio.h>
#include <string.h>

#include "compare.h"

enum { POL_FAIL, POL_SKIP, POL_OPEN, POL_PASS };

static int compare_policy_state(json_t *m)
{
	const char *v = compare_str(m, "verdict") ?: "";

	if (!strcmp(v, "fail"))
		return json_is_true(json_object_get(m, "expected")) ? POL_PASS : POL_FAIL;
	if (!strcmp(v, "skip"))
		return POL_SKIP;
	if (!strcmp(v, "not proven"))
		return POL_OPEN;
	return POL_PASS;
}

static void compare_policy_judge(struct compare_ctx *c, struct compare_item *it)
{
	int sa = compare_policy_state(it->a), sb = compare_policy_state(it->b);
	const char *va = compare_str(it->a, "verdict") ?: "?", *vb = compare_str(it->b, "verdict") ?: "?";

	(void)c;
	if (sa == sb || (sa >= POL_OPEN && sb >= POL_OPEN))
		return;
	it->certain = 1;
	it->dir = sb < sa ? -1 : 1;
	if (sb == POL_SKIP)
		snprintf(it->note, sizeof(it->note), "policy %s: PASS -> SKIP: %s",
			 it->policy ?: "?", compare_str(it->b, "why") ?: compare_str(it->b, "text") ?: "");
	else
		snprintf(it->note, sizeof(it->note), "policy %s: %s -> %s: %s", it->policy ?: "?",
			 va, vb, compare_str(it->b, "text") ?: "");
	snprintf(it->change, sizeof(it->change), "%s -> %s", va, vb);
}

const struct compare_family compare_policy_family = {
	.name = "verdict",
	.test = "the suite's policy verdict at its own risk: pass -> fail or skip is "
		"certain; an expected failure is none",
	.compare = compare_policy_judge,
};
