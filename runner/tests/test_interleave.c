/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The engine's boot order (engine_plan): sections one after the other, or
 * interleaved in turns with a rotating first section.  One row per plan:
 * the sections' modes and boots, the turn size, and the expected order as
 * a string of "S:first+n" jobs.
 */
#include <glib.h>
#include <string.h>

#include "engine.h"
#include "unit.h"

#define MAXSEC 4

static const struct {
	const char *what;
	int nsec;
	unsigned long boots[MAXSEC];
	int warm[MAXSEC];
	int skip[MAXSEC];
	unsigned long interleave;
	int jobs;
	const char *want;
} rows[] = {
	{ "in order, cold", 2, { 3, 2 }, { 0, 0 }, { 0, 0 }, 0, 2,
	  "0:0+1 0:1+1 0:2+1 1:0+1 1:1+1" },
	{ "in order, warm: one chunk per worker", 2, { 5, 1 }, { 1, 1 }, { 0, 0 }, 0, 2,
	  "0:0+3 0:3+2 1:0+1" },
	{ "A B, B A, A B: rotating", 2, { 3, 3 }, { 0, 0 }, { 0, 0 }, 1, 2,
	  "0:0+1 1:0+1 1:1+1 0:1+1 0:2+1 1:2+1" },
	{ "three sections rotate through first place", 3, { 3, 3, 3 }, { 0, 0, 0 }, { 0, 0, 0 }, 1, 2,
	  "0:0+1 1:0+1 2:0+1 1:1+1 2:1+1 0:1+1 2:2+1 0:2+1 1:2+1" },
	{ "turns of 2 cold boots", 2, { 4, 4 }, { 0, 0 }, { 0, 0 }, 2, 2,
	  "0:0+1 0:1+1 1:0+1 1:1+1 1:2+1 1:3+1 0:2+1 0:3+1" },
	{ "warm: one QEMU per turn", 2, { 5, 5 }, { 1, 1 }, { 0, 0 }, 2, 2,
	  "0:0+2 1:0+2 1:2+2 0:2+2 0:4+1 1:4+1" },
	{ "unequal boots: the short one drops out", 2, { 1, 3 }, { 0, 0 }, { 0, 0 }, 1, 2,
	  "0:0+1 1:0+1 1:1+1 1:2+1" },
	{ "a skipped section takes no turn", 3, { 2, 2, 2 }, { 0, 0, 0 }, { 0, 1, 0 }, 1, 2,
	  "0:0+1 2:0+1 2:1+1 0:1+1" },
};

static void plan_string(GString *s, GQueue *q)
{
	struct engine_job *j;

	while ((j = g_queue_pop_head(q))) {
		g_string_append_printf(s, "%s%d:%lu+%lu", s->len ? " " : "", j->sidx,
				       j->first, j->n);
		g_free(j);
	}
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(rows); i++) {
		struct sec_run sr[MAXSEC];
		struct engine e = { .sr = sr, .nsr = rows[i].nsec, .jobs = rows[i].jobs,
				    .interleave = rows[i].interleave };
		unsigned long want_total = 0;
		GQueue q = G_QUEUE_INIT;
		GString *s = g_string_new("");

		memset(sr, 0, sizeof(sr));
		for (int k = 0; k < rows[i].nsec; k++) {
			sr[k].nboots = rows[i].boots[k];
			sr[k].warm = rows[i].warm[k];
			sr[k].skip = rows[i].skip[k];
			if (!sr[k].skip)
				want_total += sr[k].nboots;
		}
		engine_plan(&e, &q);
		plan_string(s, &q);
		unit_ok(!strcmp(s->str, rows[i].want) && e.total == want_total,
			"%s: %s (total %lu)", rows[i].what, s->str, e.total);
		g_string_free(s, TRUE);
	}
	return unit_done();
}
