/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot boottime --run SUITE / --pr OLD NEW: sample, and sample again
 * what was flagged.
 *
 *   DIR/first/    `hardboot run` of the whole suite, interleaved
 *   DIR/confirm/  only if a pair was flagged: the flagged configurations
 *                 and their baselines again, a fresh independent sample
 *   DIR/first.tap, DIR/confirm.tap   each run's TAP
 *   DIR/pr.ini    --pr: the suite written for the two images
 *
 * Each run is a child `hardboot run` (this same executable), so a run here
 * is exactly what the user would get by hand, results directory and all.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "boottime.h"
#include "results.h"
#include "run.h"
#include "suite.h"

#define BOOTTIME_RUN_PR_BOOTS 210     /* 21 turns of 10, 1 warm-up each: n = 189 */
#define BOOTTIME_RUN_WARM_TURN 10

/* `hardboot run ARGS`, stdout to tap; the exit status, or -errno. */
static int boottime_run_child(GPtrArray *args, const char *tap)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	pid_t pid;
	int st;

	if (len <= 0)
		return -errno;
	exe[len] = '\0';
	g_ptr_array_insert(args, 0, exe);
	g_ptr_array_add(args, NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open(tap, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(HB_EXIT_INFRA);
		execv(exe, (char **)args->pdata);
		_exit(HB_EXIT_INFRA);
	}
	/* Ctrl-C reaches the child too (same process group): it stops its
	 * boots, keeps its results and exits 130, which is passed on. */
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	g_ptr_array_remove_index(args, args->len - 1);
	g_ptr_array_remove_index(args, 0);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static void boottime_run_common(GPtrArray *v, const struct boottime_args *a,
				unsigned long interleave, char *buf, size_t n)
{
	g_ptr_array_add(v, "run");
	snprintf(buf, n, "%lu", interleave);
	g_ptr_array_add(v, "--interleave");
	g_ptr_array_add(v, buf);
	if (a->accel) {
		g_ptr_array_add(v, "--accel");
		g_ptr_array_add(v, (char *)a->accel);
	}
	if (a->images_dir) {
		g_ptr_array_add(v, "--images");
		g_ptr_array_add(v, (char *)a->images_dir);
	}
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

/* The turn size: the option, else the suite's, else 1 boot (cold) or one
 * QEMU of 10 boots (warm). */
static unsigned long boottime_run_turn(const struct boottime_args *a, const char *suite,
				       char *err, size_t n, int *rc)
{
	struct suite s;
	unsigned long turn = 1;

	*rc = 0;
	if (suite_load(&s, suite, a->images_dir ? a->images_dir : "images/build", err, n)) {
		*rc = HB_EXIT_USAGE;
		suite_free(&s);
		return 0;
	}
	if (a->interleave >= 0)
		turn = (unsigned long)a->interleave;
	else if (s.interleave)
		turn = s.interleave;
	else
		for (int i = 0; i < s.nsec; i++)
			if (!strcmp(s.sec[i].mode, "warm"))
				turn = BOOTTIME_RUN_WARM_TURN;
	if (!turn) {
		snprintf(err, n, "%s: boot-time comparisons need interleaved sampling "
			 "(--interleave 0 given)", suite);
		*rc = HB_EXIT_USAGE;
	}
	suite_free(&s);
	return turn;
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

int boottime_run_main(struct boottime_args *a)
{
	char err[512], turnbuf[32], boots[32], jobs[32];
	char *first = NULL, *confirm = NULL, *tap = NULL, *suite = NULL, *outdir;
	GPtrArray *args = g_ptr_array_new(), *flagged = NULL;
	unsigned long turn;
	json_t *doc = NULL;
	int rc;

	outdir = a->outdir ? g_strdup(a->outdir) : results_default_dir();
	a->outdir = outdir;
	if (g_mkdir_with_parents(outdir, 0755)) {
		fprintf(stderr, "hardboot boottime: %s: %s\n", outdir, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	suite = a->pr_old ? boottime_run_pr_suite(a, err, sizeof(err)) : g_strdup(a->suite);
	if (!suite) {
		fprintf(stderr, "hardboot boottime: %s\n", err);
		rc = HB_EXIT_USAGE;
		goto out;
	}
	turn = boottime_run_turn(a, suite, err, sizeof(err), &rc);
	if (rc) {
		fprintf(stderr, "hardboot boottime: %s\n", err);
		goto out;
	}
	first = g_build_filename(outdir, "first", NULL);
	tap = g_build_filename(outdir, "first.tap", NULL);
	boottime_run_common(args, a, turn, turnbuf, sizeof(turnbuf));
	if (a->boots && !a->pr_old) {
		snprintf(boots, sizeof(boots), "%lu", a->boots);
		g_ptr_array_add(args, "--boots");
		g_ptr_array_add(args, boots);
	}
	if (a->jobs > 0) {
		snprintf(jobs, sizeof(jobs), "%d", a->jobs);
		g_ptr_array_add(args, "-j");
		g_ptr_array_add(args, jobs);
	}
	g_ptr_array_add(args, "-o");
	g_ptr_array_add(args, first);
	g_ptr_array_add(args, suite);
	rc = boottime_run_child(args, tap);
	/* 1: some boots did not pass; they are counted and reported. */
	if (rc != HB_EXIT_OK && rc != HB_EXIT_CHECK) {
		fprintf(stderr, "hardboot boottime: hardboot run failed (exit %d), see %s\n",
			rc, tap);
		rc = rc < 0 ? HB_EXIT_INFRA : rc;
		goto out;
	}
	a->dirs = &first;
	a->ndirs = 1;
	a->confirm = NULL;
	doc = boottime_analyse(a, err, sizeof(err));
	if (!doc) {
		fprintf(stderr, "hardboot boottime: %s\n", err);
		rc = HB_EXIT_USAGE;
		goto out;
	}
	flagged = boottime_run_flagged(doc);
	if (flagged->len) {
		/* The same command line, only the flagged pairs, fresh boots. */
		g_ptr_array_set_size(args, 0);
		boottime_run_common(args, a, turn, turnbuf, sizeof(turnbuf));
		if (a->confirm_boots || (a->boots && !a->pr_old)) {
			snprintf(boots, sizeof(boots), "%lu",
				 a->confirm_boots ? a->confirm_boots : a->boots);
			g_ptr_array_add(args, "--boots");
			g_ptr_array_add(args, boots);
		}
		if (a->jobs > 0) {
			g_ptr_array_add(args, "-j");
			g_ptr_array_add(args, jobs);
		}
		for (guint i = 0; i < flagged->len; i++) {
			g_ptr_array_add(args, "--section");
			g_ptr_array_add(args, g_ptr_array_index(flagged, i));
		}
		confirm = g_build_filename(outdir, "confirm", NULL);
		g_free(tap);
		tap = g_build_filename(outdir, "confirm.tap", NULL);
		g_ptr_array_add(args, "-o");
		g_ptr_array_add(args, confirm);
		g_ptr_array_add(args, suite);
		fprintf(stderr, "hardboot boottime: %u configuration(s) flagged; sampling "
			"them again to confirm\n", flagged->len);
		rc = boottime_run_child(args, tap);
		if (rc != HB_EXIT_OK && rc != HB_EXIT_CHECK) {
			fprintf(stderr, "hardboot boottime: hardboot run failed (exit %d), "
				"see %s\n", rc, tap);
			rc = rc < 0 ? HB_EXIT_INFRA : rc;
			goto out;
		}
		a->confirm = confirm;
	}
	rc = boottime_main(a);
out:
	json_decref(doc);
	if (flagged)
		g_ptr_array_free(flagged, TRUE);
	g_ptr_array_free(args, TRUE);
	g_free(first);
	g_free(confirm);
	g_free(tap);
	g_free(suite);
	g_free(outdir);
	a->outdir = NULL;
	return rc;
}
