/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a guest may claim: a transcript through boot_line() and
 * boot_finish() gives the outcome the protocol allows, not the one the
 * guest asserts.  Table-driven.
 */
#include <string.h>

#include "boot.h"
#include "unit.h"

#define MARKS "HB1 start img=t proto=1\nHB1 mark entry=1\nHB1 mark paging=2\n" \
	      "HB1 mark rng=3\nHB1 mark aslr=4\nHB1 mark main=5\n"

static const struct {
	const char *name;
	const char *transcript;   /* lines, '\n'-separated */
	enum boot_outcome oc;     /* as the engine would say from done */
	enum boot_outcome want;
	const char *reason;       /* substring of the reason, or NULL for none */
} cases[] = {
	{ "done st=pass with every check passed is a pass",
	  MARKS "HB1 check kat=pass fresh=pass\nHB1 done st=pass", BOOT_PASS, BOOT_PASS, NULL },
	{ "check kat=fail then done st=pass is a fail, the check named",
	  MARKS "HB1 check kat=fail fresh=pass\nHB1 done st=pass", BOOT_PASS, BOOT_FAIL,
	  "guest check failed: kat=fail" },
	{ "a skipped check does not fail the boot",
	  MARKS "HB1 check kat=skip:no-cpuid\nHB1 done st=pass", BOOT_PASS, BOOT_PASS, NULL },
	{ "a non-UTF-8 value is refused with its byte offset, the earlier kat=pass not kept",
	  MARKS "HB1 check kat=pass\nHB1 check kat=fail:\xff\nHB1 done st=pass", BOOT_PASS,
	  BOOT_ERROR, "protocol: not UTF-8 at byte 19: HB1 check kat=fail:\\xff" },
	{ "a non-UTF-8 key gives an error with a reason, not an empty one",
	  MARKS "HB1 check k\xc3\x28=pass\nHB1 done st=pass", BOOT_PASS, BOOT_ERROR,
	  "protocol: not UTF-8 at byte 11: HB1 check k\\xc3(=pass" },
	{ "a done with no start before it is no boot: an error (warm: a stray done)",
	  "HB1 check kat=pass\nHB1 done st=pass", BOOT_PASS, BOOT_ERROR,
	  "protocol: done before start" },
};

int main(void)
{
	struct section sec;

	memset(&sec, 0, sizeof(sec));
	sec.name = "t";
	sec.img.protocol = 1;
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		struct boot b;
		char *all = strdup(cases[i].transcript), *save = NULL, *line;
		enum boot_outcome oc = cases[i].oc;
		const char *reason;
		json_t *o;

		boot_begin(&b, &sec, 0, 0, 0);
		for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			boot_line(&b, line, 0, 1);
		o = boot_finish(&b, &oc, NULL, 2);
		reason = json_string_value(json_object_get(o, "reason"));
		unit_ok(oc == cases[i].want && json_is_object(o) &&
			(cases[i].reason ? reason && strstr(reason, cases[i].reason) : !reason),
			"%s (got %s: %s)", cases[i].name, boot_outcome_names[oc],
			reason ? reason : "-");
		json_decref(o);
		free(all);
	}
	return unit_done();
}
