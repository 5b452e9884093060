/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sample, and sample again what was flagged: the boottime suite's boot
 * stage (`hardboot suite boottime`) and `hardboot boottime --run SUITE`
 * / `--pr OLD NEW`, which add the report without the policy.
 *
 *   FIRST/     `run` of the whole suite, interleaved (run_suite, in-process)
 *   CONFIRM/   only if a pair was flagged: the flagged configurations and
 *              their baselines again, a fresh independent sample
 * boottime --run -o DIR: FIRST = DIR/first, CONFIRM = DIR/confirm, each
 * run's TAP in DIR/first.tap, DIR/confirm.tap; --pr also writes DIR/pr.ini.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "boottime.h"
#include "results.h"
#include "run.h"
#include "suite.h"

#define BOOTTIME_RUN_PR_BOOTS 210     /* 21 turns of 10, 1 warm-up each: n = 189 */
#define BOOTTIME_RUN_WARM_TURN 10

/* The turn size: the option, else the suite's, else 1 boot (cold) or one
 * QEMU of 10 boots (warm). */
static unsigned long boottime_run_turn(const struct suite *s, long interleave)
{
	if (interleave >= 0)
		return (unsigned long)interleave;
	if (s->interleave)
		return s->interleave;
	for (int i = 0; i < s->nsec; i++)
		if (!strcmp(s->sec[i].mode, "warm"))
			return BOOTTIME_RUN_WARM_TURN;
	return 1;
}

/* Sections of the pairs flagged in the first sample. */
static GPtrArray *boottime_run_flagged(json_t *doc)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "comparisons"), i, c) {
		const char *names[2] = {
			json_string_value(json_object_get(c, "config")),
			json_string_value(json_object_get(c, "baseline")),
		};

		if (strcmp(json_string_value(json_object_get(c, "verdict")) ?: "", "flagged"))
			continue;
		for (int k = 0; k < 2; k++) {
			int have = 0;

			for (guint j = 0; j < v->len; j++)
				have |= !strcmp(g_ptr_array_index(v, j), names[k]);
			if (!have)
				g_ptr_array_add(v, g_strdup(names[k]));
		}
	}
	return v;
}

/* One `run` of s into dir, its TAP into tap; 0 or the run's exit status
 * when that is not just boots that failed (they are counted, reported). */
static int boottime_run_one(struct suite *s, const struct run_args *tmpl, const char *dir,
			    const char *tap, unsigned long turn, char *err, size_t n)
{
	struct run_args ra = *tmpl;
	FILE *f = fopen(tap, "we");
	int rc;

	if (!f) {
		snprintf(err, n, "open %s: %s", tap, strerror(errno));
		return HB_EXIT_INFRA;
	}
	ra.outdir = dir;
	ra.interleave = (long)turn;
	rc = run_suite(s, &ra, f, stderr);
	if (fclose(f) && !rc)
		rc = HB_EXIT_INFRA;
	if (rc && rc != HB_EXIT_CHECK) {
		snprintf(err, n, "booting %s failed (exit %d), see %s", dir, rc, tap);
		return rc;
	}
	return 0;
}

int boottime_sample(struct suite *s, const struct run_args *ra, const struct btstat_opts *o,
		    const char *first, const char *first_tap, const char *confirm,
		    const char *confirm_tap, unsigned long confirm_boots, int *confirmed,
		    char *err, size_t n)
{
	unsigned long turn = boottime_run_turn(s, ra->interleave);
	struct boottime_args a = { .warmup = -1, .o = *o };
	char *dirs[] = { (char *)first };
	GPtrArray *flagged;
	struct suite s2;
	json_t *doc;
	int rc;

	*confirmed = 0;
	if (!turn) {
		snprintf(err, n, "%s: boot-time comparisons need interleaved sampling "
			 "(--interleave 0 given)", s->path ? s->path : "suite");
		return HB_EXIT_USAGE;
	}
	rc = boottime_run_one(s, ra, first, first_tap, turn, err, n);
	if (rc)
		return rc;
	a.dirs = dirs;
	a.ndirs = 1;
	doc = boottime_analyse(&a, err, n);
	if (!doc)
		return HB_EXIT_USAGE;
	flagged = boottime_run_flagged(doc);
	json_decref(doc);
	if (!flagged->len) {
		g_ptr_array_free(flagged, TRUE);
		return 0;
	}
	/* The same suite, only the flagged pairs, fresh boots: a copy that
	 * shares the sections (run_suite frees nothing). */
	s2 = *s;
	s2.sec = g_new0(struct section, (size_t)s->nsec);
	s2.nsec = 0;
	for (int i = 0; i < s->nsec; i++)
		for (guint k = 0; k < flagged->len; k++)
			if (!strcmp(s->sec[i].name, g_ptr_array_index(flagged, k))) {
				s2.sec[s2.nsec] = s->sec[i];
				if (confirm_boots)
					s2.sec[s2.nsec].boots = confirm_boots;
				s2.nsec++;
			}
	fprintf(stderr, "hardboot boottime: %u configuration(s) flagged; sampling "
		"them again to confirm\n", flagged->len);
	rc = boottime_run_one(&s2, ra, confirm, confirm_tap, turn, err, n);
	*confirmed = !rc;
	g_free(s2.sec);
	g_ptr_array_free(flagged, TRUE);
	return rc;
}

/* --pr: a suite of two sections, [old] the baseline of [new], warm. */
static char *boottime_run_pr_suite(const struct boottime_args *a, char *err, size_t n)
{
	char *old = realpath(a->pr_old, NULL), *new = realpath(a->pr_new, NULL);
	char *path = g_build_filename(a->outdir, "pr.ini", NULL), *text = NULL;
	GError *ge = NULL;

	if (!old || !new) {
		snprintf(err, n, "--pr %s: %s", !old ? a->pr_old : a->pr_new, strerror(errno));
		goto fail;
	}
	text = g_strdup_printf(
		"# hardboot boottime --pr: the same image built before and after a change\n"
		"[suite]\nname = pr\ninterleave = %d\n\n"
		"[defaults]\nmode = warm\nboots = %lu\nwarmup = 1\n\n"
		"[old]\nimage = %s\n\n[new]\nimage = %s\nbaseline = old\n",
		BOOTTIME_RUN_WARM_TURN, a->boots ? a->boots : BOOTTIME_RUN_PR_BOOTS, old, new);
	if (!g_file_set_contents(path, text, -1, &ge)) {
		snprintf(err, n, "%s", ge->message);
		g_error_free(ge);
		goto fail;
	}
	free(old);
	free(new);
	g_free(text);
	return path;
fail:
	free(old);
	free(new);
	g_free(text);
	g_free(path);
	return NULL;
}

int boottime_run_main(struct boottime_args *a)
{
	char err[512] = "";
	char *first = NULL, *confirm = NULL, *ftap = NULL, *ctap = NULL, *suite = NULL;
	char *outdir = a->outdir ? g_strdup(a->outdir) : results_default_dir();
	struct suite_overrides ov = { .accel = a->accel };
	struct run_args ra = { .jobs = a->jobs, .images_dir = a->images_dir, .progress = -1,
			       .console = 1, .interleave = a->interleave };
	struct suite s = { 0 };
	int rc, confirmed = 0, loaded = 0;

	a->outdir = outdir;
	if (g_mkdir_with_parents(outdir, 0755)) {
		fprintf(stderr, "hardboot boottime: %s: %s\n", outdir, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	suite = a->pr_old ? boottime_run_pr_suite(a, err, sizeof(err)) : g_strdup(a->suite);
	if (!suite) {
		rc = HB_EXIT_USAGE;
		goto out;
	}
	if (a->boots && !a->pr_old)
		ov.boots = a->boots;
	loaded = 1;
	if (suite_load(&s, suite, a->images_dir ? a->images_dir : "images/build", err,
		       sizeof(err)) || suite_apply(&s, &ov, err, sizeof(err))) {
		rc = HB_EXIT_USAGE;
		goto out;
	}
	first = g_build_filename(outdir, "first", NULL);
	confirm = g_build_filename(outdir, "confirm", NULL);
	ftap = g_build_filename(outdir, "first.tap", NULL);
	ctap = g_build_filename(outdir, "confirm.tap", NULL);
	rc = boottime_sample(&s, &ra, &a->o, first, ftap, confirm, ctap,
			     a->confirm_boots ? a->confirm_boots :
			     a->pr_old ? 0 : a->boots, &confirmed, err, sizeof(err));
	if (rc)
		goto out;
	a->dirs = &first;
	a->ndirs = 1;
	a->confirm = confirmed ? confirm : NULL;
	rc = boottime_main(a);
out:
	if (err[0])
		fprintf(stderr, "hardboot boottime: %s\n", err);
	if (loaded)
		suite_free(&s);
	g_free(first);
	g_free(confirm);
	g_free(ftap);
	g_free(ctap);
	g_free(suite);
	g_free(outdir);
	a->outdir = NULL;
	return rc;
}
