/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The charts' shared plumbing: results directories read once, and one
 * gnuplot process per chart drawing its SVG and PNG from a script left
 * beside them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

#include "boottime.h"
#include "chart.h"
#include "compare.h"
#include "entropy.h"
#include "results.h"

/* In the order the page shows them. */
const struct chart *const chart_list[] = {
	&chart_phases,
	&chart_overhead,
	&chart_entropy,
	&chart_trend_cost,
	&chart_trend_entropy,
	NULL,
};

static int chart_metric_add(json_t *m, void *ctx, char *why, size_t n)
{
	(void)why;
	(void)n;
	return json_array_append((json_t *)ctx, m) ? -ENOMEM : 0;
}

static int chart_load_metrics(struct chart_run *r, char *err, size_t n)
{
	return results_each_line(r->dir, "metrics.jsonl", 1, chart_metric_add,
				 r->recs, err, n);
}

/* Sections without entropy records get them computed here, by the same
 * code as `hardboot entropy --metrics`, so the chart never shows a blank
 * where a run simply skipped that step. */
static void chart_entropy_fill(struct chart_run *r)
{
	struct entropy_opts o;

	entropy_opts_default(&o);
	for (size_t i = 0; i < r->s.nsets; i++) {
		const struct sample_set *set = &r->s.sets[i];
		struct entropy_set es;
		char err[256];
		json_t *m;
		size_t k;
		int have = 0;

		json_array_foreach(r->recs, k, m) {
			const char *sub = json_string_value(json_object_get(m, "subject"));

			have |= !g_strcmp0(json_string_value(json_object_get(m, "metric")),
					   "entropy_headline_bits") && sub &&
				g_str_has_prefix(sub, set->section) &&
				sub[strlen(set->section)] == '/';
		}
		if (have || set->rows < 2)
			continue;
		memset(&es, 0, sizeof(es));
		if (!entropy_set_analyze(&es, &r->s, set, &o, err, sizeof(err))) {
			json_t *add = json_array();

			entropy_set_metrics(&es, &o, add);
			json_array_foreach(add, k, m)
				json_object_set_new(m, "derived", json_string("hardboot report"));
			json_array_extend(r->recs, add);
			json_decref(add);
		}
		entropy_set_free(&es);
	}
}

/* A plain results directory has no boottime records unless `hardboot
 * boottime --metrics` ran on it: state them here with the boottime
 * analysis itself, so every chart quotes the numbers `hardboot boottime`
 * prints (one statistic, one warm-up rule, one boot count, the baselines
 * the sections name; --baseline, when this run has it, for all). */
static void chart_boottime_fill(struct chart_run *r, const char *baseline)
{
	struct boottime_args a = { .warmup = -1 };
	char *dirs[] = { (char *)r->dir }, err[256];
	char *confirm = NULL;
	json_t *m, *doc, *add;
	size_t i;

	json_array_foreach(r->recs, i, m)
		if (!g_strcmp0(json_string_value(json_object_get(m, "metric")), "boottime_phase"))
			return;
	if (baseline && samples_find(&r->s, baseline))
		a.baseline = baseline;
	btstat_opts_default(&a.o);
	a.dirs = dirs;
	a.ndirs = 1;
	/* DIR/first of `hardboot boottime --run`: its flagged pairs were sampled
	 * again into DIR/confirm, and the verdicts are those of both samples. */
	if (g_str_has_suffix(r->dir, "/first")) {
		char *up = g_path_get_dirname(r->dir);

		confirm = g_build_filename(up, "confirm", "run.json", NULL);
		if (g_file_test(confirm, G_FILE_TEST_EXISTS)) {
			*strrchr(confirm, '/') = '\0';
			a.confirm = confirm;
		}
		g_free(up);
	}
	doc = boottime_analyse(&a, err, sizeof(err));
	if (!doc) {
		g_free(confirm);
		return;
	}
	add = boottime_records(doc);
	json_array_foreach(add, i, m)
		json_object_set_new(m, "derived", json_string("hardboot report"));
	json_array_extend(r->recs, add);
	json_decref(add);
	json_decref(doc);
	g_free(confirm);
}

const char *chart_phase_label(const char *phase)
{
	for (size_t i = 0; i < boottime_nphases; i++)
		if (!strcmp(boottime_phases[i].name, phase))
			return boottime_phases[i].label;
	return phase;
}

const char *chart_cost_name(const struct chart_ctx *c, const struct chart_run *r)
{
	json_t *m;
	size_t i;

	if (c->cost)
		return c->cost;
	json_array_foreach(r->recs, i, m) {
		const char *s = json_string_value(json_object_get(m, "subject"));

		if (!g_strcmp0(json_string_value(json_object_get(m, "metric")), "boottime_phase") &&
		    s && g_str_has_suffix(s, "/qemu_cpu"))
			return "qemu_cpu";
	}
	return "guest";
}

/*
 * The output of `hardboot suite` (DIR/suite.json): one run made of its
 * suites' folders.  Boot times come from the boottime suite's folder (its
 * run and samples: the phases and overhead charts), every suite's metric
 * records go in (entropy from aslr_entropy, nothing recomputed).  0 when
 * dir is such an output, 1 when it is a plain results directory.
 */
static int chart_load_suite(struct chart_run *r, const char *dir, char *err, size_t n)
{
	char *sj = g_build_filename(dir, "suite.json", NULL);
	json_t *doc = json_load_file(sj, 0, NULL), *s;
	const char *timing = NULL;
	size_t i;
	int rc = 0;

	g_free(sj);
	if (!doc)
		return 1;
	json_array_foreach(json_object_get(doc, "suites"), i, s) {
		const char *d = json_string_value(json_object_get(s, "dir"));
		const char *kind = json_string_value(json_object_get(s, "suite"));

		if (!d)
			continue;
		rc = results_each_line(d, "metrics.jsonl", 1, chart_metric_add, r->recs, err, n);
		if (rc)
			break;
		if (kind && !strcmp(kind, "boottime"))
			timing = d;
	}
	if (!rc && timing) {
		char *p = g_build_filename(timing, "run.json", NULL);
		char *dirs[] = { (char *)timing };

		json_decref(r->run);
		r->run = json_load_file(p, 0, NULL);
		g_free(p);
		rc = samples_load(&r->s, dirs, 1, err, n);
		if (rc)
			samples_free(&r->s);
		r->have_samples = !rc;
	}
	json_decref(doc);
	return rc;
}

int chart_load(struct chart_run *r, const char *dir, const char *baseline, char *err,
	       size_t n)
{
	char *p = g_build_filename(dir, "run.json", NULL);
	char *b = g_build_filename(dir, "boots.jsonl", NULL);
	const char *w;
	int rc;

	memset(r, 0, sizeof(*r));
	r->dir = dir;
	r->recs = json_array();
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		snprintf(err, n, "%s: not a results directory", dir);
		rc = -ENOENT;
		goto out;
	}
	r->run = json_load_file(p, 0, NULL);
	w = json_string_value(json_object_get(r->run, "written"));
	/* "2026-11-25T21:24:57Z" -> "11-25 21:24:57" */
	if (w && strlen(w) >= 16)
		snprintf(r->label, sizeof(r->label), "%.5s %.8s", w + 5, w + 11);
	else {
		char *base = g_path_get_basename(dir);

		snprintf(r->label, sizeof(r->label), "%.31s", base);
		g_free(base);
	}
	rc = chart_load_suite(r, dir, err, n);
	if (rc <= 0)
		goto out;
	rc = chart_load_metrics(r, err, n);
	if (!rc && g_file_test(b, G_FILE_TEST_EXISTS)) {
		char *dirs[] = { (char *)dir };

		rc = samples_load(&r->s, dirs, 1, err, n);
		if (rc)
			samples_free(&r->s);
		r->have_samples = !rc;
	}
	if (!rc && r->have_samples) {
		chart_entropy_fill(r);
		chart_boottime_fill(r, baseline);
	}
out:
	g_free(p);
	g_free(b);
	return rc;
}

void chart_run_free(struct chart_run *r)
{
	if (r->have_samples)
		samples_free(&r->s);
	json_decref(r->run);
	json_decref(r->recs);
	memset(r, 0, sizeof(*r));
}

const struct chart_run *chart_latest(const struct chart_ctx *c)
{
	return &c->runs[c->nruns - 1];
}

json_t *chart_record(const struct chart_run *r, const char *metric, const char *subject)
{
	json_t *m, *found = NULL;
	size_t i;

	/* The last one wins, as in compare: a step rerun over a directory
	 * appends its records again. */
	json_array_foreach(r->recs, i, m)
		if (!g_strcmp0(json_string_value(json_object_get(m, "metric")), metric) &&
		    (!subject || !g_strcmp0(json_string_value(json_object_get(m, "subject")),
					    subject)))
			found = m;
	return found;
}

void chart_gp_str(GString *gp, const char *s)
{
	g_string_append_c(gp, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			g_string_append_c(gp, '\'');
		g_string_append_c(gp, *s);
	}
	g_string_append_c(gp, '\'');
}

const char *chart_gnuplot_missing(void)
{
	static char why[128];
	char *path = g_find_program_in_path("gnuplot");

	if (path) {
		g_free(path);
		return NULL;
	}
	snprintf(why, sizeof(why), "gnuplot not found in PATH (Debian: gnuplot-nox)");
	return why;
}

/* Both terminals exist in Debian's gnuplot-nox: svg, and pngcairo (cairo
 * renders the same fonts as the SVG viewer will, antialiased). */
static void chart_script(GString *s, const struct chart *ch, const GString *body)
{
	g_string_append_printf(s, "# hardboot report: %s\n# rerun: gnuplot %s.gp\n"
			       "set encoding utf8\n"
			       "set terminal svg size %d,%d dynamic enhanced "
			       "font 'DejaVu Sans,13' background rgb 'white'\n"
			       "set output '%s.svg'\n", ch->title, ch->name,
			       ch->width, ch->height, ch->name);
	g_string_append(s, body->str);
	g_string_append_printf(s, "\nset terminal pngcairo size %d,%d enhanced "
			       "font 'DejaVu Sans,10' background rgb 'white'\n"
			       "set output '%s.png'\nreplot\nunset output\n",
			       ch->width, ch->height, ch->name);
}

static int chart_gnuplot(const struct chart_ctx *c, const struct chart *ch,
			 char *err, size_t n)
{
	char *gp = g_strdup_printf("%s.gp", ch->name);
	char *argv[] = { (char *)"gnuplot", gp, NULL };
	char *out = NULL, *errs = NULL;
	GError *ge = NULL;
	int status = 0, rc = 0;

	if (!g_spawn_sync(c->out, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
			  &errs, &status, &ge)) {
		snprintf(err, n, "gnuplot %s: %s", gp, ge->message);
		g_error_free(ge);
		rc = -ENOENT;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		char *nl = errs ? strchr(g_strstrip(errs), '\n') : NULL;

		if (nl)
			*nl = '\0';
		snprintf(err, n, "gnuplot %s/%s failed: %s", c->out, gp,
			 errs && *errs ? errs : "non-zero exit");
		rc = -EIO;
	} else if (errs && *g_strstrip(errs)) {
		/* Warnings (a series with no point, ...) do not cost the chart. */
		fprintf(stderr, "hardboot report: gnuplot %s: %s\n", gp, errs);
	}
	g_free(out);
	g_free(errs);
	g_free(gp);
	return rc;
}

int chart_draw(const struct chart_ctx *c, const struct chart *ch, struct chart_out *o,
	       char *err, size_t n)
{
	char *dp = g_strdup_printf("%s/%s.dat", c->out, ch->name);
	char *sp = g_strdup_printf("%s/%s.gp", c->out, ch->name);
	GString *body = g_string_new(NULL), *script = g_string_new(NULL);
	FILE *dat = NULL;
	GError *ge = NULL;
	int rc = 0;

	memset(o, 0, sizeof(*o));
	if (ch->skip) {
		snprintf(o->why, sizeof(o->why), "%s", ch->skip);
		goto out;
	}
	dat = fopen(dp, "we");
	if (!dat) {
		rc = -errno;
		snprintf(err, n, "%s: %s", dp, strerror(errno));
		goto out;
	}
	rc = ch->make(c, dat, body, o, err, n);
	if (fclose(dat) && !rc) {
		rc = -errno;
		snprintf(err, n, "%s: %s", dp, strerror(errno));
	}
	if (rc || !o->drawn)
		goto out;
	chart_script(script, ch, body);
	if (!g_file_set_contents(sp, script->str, (gssize)script->len, &ge)) {
		snprintf(err, n, "%s: %s", sp, ge->message);
		g_error_free(ge);
		rc = -EIO;
		goto out;
	}
	rc = chart_gnuplot(c, ch, err, n);
	if (rc)
		o->drawn = 0;
out:
	g_string_free(body, TRUE);
	g_string_free(script, TRUE);
	g_free(dp);
	g_free(sp);
	return rc;
}
