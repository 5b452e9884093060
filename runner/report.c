/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot report: one static HTML page (index.html) with the run's
 * configurations, the regression gate's verdicts (compare --json-file), every
 * chart of chart_list[] as SVG (PNG, gnuplot script and data linked) and
 * every metric record.  No script, no external resource: it opens from a
 * CI artifact or a file system as it is.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>

#include "chart.h"
#include "markup.h"
#include "run.h"

static const char *report_str(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return json_string_value(b ? json_object_get(v, b) : v);
}

static const char report_style[] =
	"body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:1.5em auto;"
	"max-width:1250px;color:#222;padding:0 1em}"
	"h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;"
	"margin-top:1.6em}"
	"table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}"
	"th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
	"th{background:#f0f0f0;text-align:left}td.n{text-align:right}"
	"tr.worse td,tr.gone td{background:#fbe3e4}tr.better td{background:#e3f4e6}"
	"tr.differs td,tr.new td{background:#fdf6dc}"
	"figure{margin:1em 0;border:1px solid #ddd;padding:0.5em}"
	"figure img{width:100%;height:auto;display:block}"
	"figcaption{font-size:0.85em;color:#444;margin-top:0.4em}"
	"p.skip{color:#8a6d00;background:#fdf6dc;padding:0.4em}"
	"code{font-size:0.95em}.bad{color:#b00020;font-weight:bold}";

static void report_runinfo(FILE *f, const struct chart_ctx *c)
{
	const struct chart_run *r = chart_latest(c);
	json_t *q = json_object_get(r->run, "qemu_version"), *v;
	const char *k;

	fprintf(f, "<table>\n<tr><th>results</th><td><code>");
	markup_text(f, r->dir);
	fprintf(f, "</code></td></tr>\n<tr><th>written</th><td>");
	markup_text(f, report_str(r->run, "written", NULL) ?: "?");
	fprintf(f, "</td></tr>\n<tr><th>suite</th><td>");
	markup_text(f, report_str(r->run, "suite", "name") ?: "?");
	fprintf(f, " (<code>");
	markup_text(f, report_str(r->run, "suite", "file") ?: "?");
	fprintf(f, "</code>)</td></tr>\n<tr><th>revision</th><td><code>");
	markup_text(f, report_str(r->run, "git_revision", NULL) ?: "?");
	fprintf(f, "</code></td></tr>\n<tr><th>host</th><td>");
	markup_text(f, report_str(r->run, "host", NULL) ?: "?");
	fprintf(f, ", ");
	markup_text(f, report_str(r->run, "cpu", NULL) ?: "?");
	fprintf(f, ", ");
	markup_text(f, report_str(r->run, "kernel", "release") ?: "?");
	fprintf(f, "</td></tr>\n<tr><th>QEMU</th><td>");
	json_object_foreach(q, k, v) {
		markup_text(f, json_string_value(v));
		fprintf(f, " ");
	}
	fprintf(f, "</td></tr>\n<tr><th>history</th><td>%zu results director%s%s",
		c->nruns, c->nruns == 1 ? "y" : "ies", c->nruns > 1 ? ", oldest first: " : "");
	for (size_t i = 0; c->nruns > 1 && i < c->nruns; i++) {
		fprintf(f, "%s<code>", i ? ", " : "");
		markup_text(f, c->runs[i].dir);
		fprintf(f, "</code>");
	}
	fprintf(f, "</td></tr>\n</table>\n");
}

static void report_sections(FILE *f, const struct chart_ctx *c)
{
	const struct chart_run *r = chart_latest(c);
	json_t *s;
	size_t i;

	fprintf(f, "<h2>Configurations</h2>\n<table>\n<tr><th>section</th><th>image</th>"
		"<th>accelerator</th><th>mode</th><th>boots</th><th>pass</th><th>fail</th>"
		"<th>crash</th><th>timeout</th><th>error</th><th>failure rate, 95%% "
		"Clopper-Pearson</th><th>seed source</th></tr>\n");
	json_array_foreach(json_object_get(r->run, "sections"), i, s) {
		const char *name = report_str(s, "name", NULL);
		json_t *oc = json_object_get(s, "outcomes");
		json_t *fr = chart_record(r, "boot_failure_rate", name);
		const struct sample_set *set = r->have_samples ? samples_find(&r->s, name) : NULL;
		static const char *const ocs[] = { "pass", "fail", "crash", "timeout", "error" };

		fprintf(f, "<tr><td>");
		markup_text(f, name);
		fprintf(f, "</td><td>");
		markup_text(f, report_str(s, "image", NULL));
		fprintf(f, "</td><td title=\"");
		markup_text(f, report_str(s, "accel_why", NULL));
		fprintf(f, "\">");
		markup_text(f, report_str(s, "accel", NULL));
		fprintf(f, "</td><td>");
		markup_text(f, report_str(s, "mode", NULL));
		if (report_str(s, "skip", NULL)) {
			fprintf(f, "</td><td colspan=\"8\" class=\"bad\">SKIP: ");
			markup_text(f, report_str(s, "skip", NULL));
			fprintf(f, "</td></tr>\n");
			continue;
		}
		fprintf(f, "</td><td class=\"n\">%lld</td>",
			(long long)json_integer_value(json_object_get(s, "finished")));
		for (size_t k = 0; k < G_N_ELEMENTS(ocs); k++) {
			json_int_t x = json_integer_value(json_object_get(oc, ocs[k]));

			fprintf(f, "<td class=\"n%s\">%lld</td>", k && x ? " bad" : "", (long long)x);
		}
		if (fr) {
			json_t *iv = json_object_get(fr, "interval");

			fprintf(f, "<td class=\"n\">%.2f%% [%.2f%%, %.2f%%]</td>",
				100 * json_number_value(json_object_get(fr, "value")),
				100 * json_number_value(json_array_get(iv, 0)),
				100 * json_number_value(json_array_get(iv, 1)));
		} else {
			fprintf(f, "<td>-</td>");
		}
		fprintf(f, "<td>");
		if (set) {
			json_t *v;
			const char *k;
			int first = 1;

			json_object_foreach(set->srcs, k, v) {
				fprintf(f, "%s", first ? "" : ", ");
				markup_text(f, k);
				fprintf(f, " %lld", (long long)json_integer_value(v));
				first = 0;
			}
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
}

/* Rows of the gate's items whose verdict is one of want ('|'-separated). */
static size_t report_verdict_rows(FILE *f, json_t *items, const char *want)
{
	gchar **w = g_strsplit(want, "|", -1);
	size_t i, shown = 0;
	json_t *it;

	json_array_foreach(items, i, it) {
		const char *v = report_str(it, "verdict", NULL);

		if (!v || !g_strv_contains((const gchar *const *)w, v))
			continue;
		if (!shown++)
			fprintf(f, "<table>\n<tr><th>verdict</th><th>metric</th><th>subject</th>"
				"<th>numbers</th><th>test</th></tr>\n");
		fprintf(f, "<tr class=\"%s\"><td>", v);
		markup_text(f, v);
		fprintf(f, "</td><td><code>");
		markup_text(f, report_str(it, "metric", NULL));
		fprintf(f, "</code></td><td><code>");
		markup_text(f, report_str(it, "subject", NULL));
		fprintf(f, "</code></td><td>");
		markup_text(f, report_str(it, "note", NULL));
		fprintf(f, "</td><td>");
		markup_text(f, report_str(it, "test", NULL));
		fprintf(f, "</td></tr>\n");
	}
	if (shown)
		fprintf(f, "</table>\n");
	g_strfreev(w);
	return shown;
}

/* The changes in the open; records only in NEW and those not compared
 * folded away: quiet unless something changed. */
static void report_compare(FILE *f, const struct chart_ctx *c)
{
	json_t *counts = json_object_get(c->compare, "counts");
	json_t *items = json_object_get(c->compare, "items");
	json_int_t nnew = json_integer_value(json_object_get(counts, "new"));
	json_int_t nun = json_integer_value(json_object_get(counts, "not compared"));

	fprintf(f, "<h2>Regression gate</h2>\n<p>");
	if (json_is_true(json_object_get(c->compare, "regression")))
		fprintf(f, "<span class=\"bad\">Regression</span>");
	else
		fprintf(f, "No regression");
	fprintf(f, ": <code>");
	markup_text(f, report_str(c->compare, "new", NULL));
	fprintf(f, "</code> against <code>");
	markup_text(f, report_str(c->compare, "base", NULL));
	fprintf(f, "</code>; %lld worse, %lld gone, %lld better, %lld same, %lld new, %lld not "
		"compared (Holm over %lld tests at a family-wise alpha of %g).</p>\n",
		(long long)json_integer_value(json_object_get(counts, "worse")),
		(long long)json_integer_value(json_object_get(counts, "gone")),
		(long long)json_integer_value(json_object_get(counts, "better")),
		(long long)json_integer_value(json_object_get(counts, "same")),
		(long long)nnew, (long long)nun,
		(long long)json_integer_value(json_object_get(c->compare, "tests")),
		json_number_value(json_object_get(c->compare, "alpha")));
	report_verdict_rows(f, items, "worse|gone|differs|better");
	if (nnew + nun) {
		fprintf(f, "<details><summary>%lld only in NEW, %lld not compared</summary>\n",
			(long long)nnew, (long long)nun);
		report_verdict_rows(f, items, "new|not compared");
		fprintf(f, "</details>\n");
	}
}

static void report_chart(FILE *f, const struct chart *ch, const struct chart_out *o)
{
	fprintf(f, "<h3 id=\"%s\">", ch->name);
	markup_text(f, ch->title);
	fprintf(f, "</h3>\n");
	if (!o->drawn) {
		fprintf(f, "<p class=\"skip\">Not drawn: ");
		markup_text(f, o->why);
		fprintf(f, "</p>\n");
		return;
	}
	fprintf(f, "<figure><img src=\"%s.svg\" alt=\"", ch->name);
	markup_text(f, ch->title);
	fprintf(f, "\"><figcaption>");
	markup_text(f, ch->caption);
	if (o->why[0]) {
		fprintf(f, " ");
		markup_text(f, o->why);
	}
	fprintf(f, " <a href=\"%s.png\">PNG</a> · <a href=\"%s.gp\">gnuplot</a> · "
		"<a href=\"%s.dat\">data</a></figcaption></figure>\n", ch->name, ch->name,
		ch->name);
}

static void report_num(FILE *f, json_t *v)
{
	if (json_is_number(v))
		fprintf(f, "%.6g", json_number_value(v));
	else if (json_is_string(v))
		markup_text(f, json_string_value(v));
	else
		fprintf(f, "-");
}

/* A record's interval as "[lo, hi]"; nothing when it has none. */
static void report_interval(FILE *f, json_t *iv)
{
	if (!json_is_array(iv))
		return;
	fprintf(f, "[");
	report_num(f, json_array_get(iv, 0));
	fprintf(f, ", ");
	report_num(f, json_array_get(iv, 1));
	fprintf(f, "]");
}

/* How the boots were sampled: the comparisons below and the charts mean
 * different things for sections run in turns and one after another. */
static void report_sampling(FILE *f, const struct chart_run *r)
{
	json_int_t il = json_integer_value(json_object_get(r->run, "interleave"));

	fprintf(f, "<p>Sampling: ");
	if (il > 0)
		fprintf(f, "interleaved, the sections took turns of %lld boot%s, rotating "
			"(each QEMU process one unit), so drift of the host fell on every "
			"configuration alike.</p>\n", (long long)il, il == 1 ? "" : "s");
	else
		fprintf(f, "one section after another, not interleaved: a difference "
			"between configurations includes whatever the host's load did "
			"meanwhile.</p>\n");
}

/* What the boot-time gate said: every boottime_delta record (a section
 * against the baseline it names), slower first, with its interval. */
static void report_boottime(FILE *f, const struct chart_run *r)
{
	static const char *const order[] = { "slower", "flagged", "faster", "no change",
					     "too few", "not compared", NULL };
	size_t rows = 0, i;
	json_t *m;

	fprintf(f, "<h2>Boot time against the baselines</h2>\n");
	report_sampling(f, r);
	for (int k = 0; order[k]; k++)
		json_array_foreach(r->recs, i, m) {
			const char *v = report_str(m, "verdict", NULL);
			json_t *iv = json_object_get(m, "interval");

			if (g_strcmp0(report_str(m, "metric", NULL), "boottime_delta") ||
			    g_strcmp0(v ? v : "not compared", order[k]))
				continue;
			if (!rows++)
				fprintf(f, "<table>\n<tr><th>section/phase</th><th>baseline</th>"
					"<th>change</th><th>95%% interval</th><th>relative</th>"
					"<th>p</th><th>verdict</th></tr>\n");
			fprintf(f, "<tr><td>");
			markup_text(f, report_str(m, "subject", NULL));
			fprintf(f, "</td><td>");
			markup_text(f, report_str(m, "baseline", NULL));
			fprintf(f, "</td><td class=\"n\">");
			report_num(f, json_object_get(m, "value"));
			fprintf(f, " ");
			markup_text(f, report_str(m, "unit", NULL));
			fprintf(f, "</td><td class=\"n\">");
			report_interval(f, iv);
			fprintf(f, "</td><td class=\"n\">");
			if (json_is_number(json_object_get(m, "rel")))
				fprintf(f, "%+.1f%%", 100 * json_number_value(json_object_get(m, "rel")));
			fprintf(f, "</td><td class=\"n\">");
			report_num(f, json_object_get(m, "p"));
			fprintf(f, "</td><td%s>", !strcmp(order[k], "slower") ? " class=\"bad\"" : "");
			markup_text(f, order[k]);
			fprintf(f, "</td></tr>\n");
		}
	if (rows)
		fprintf(f, "</table>\n<p><small>hardboot boottime\'s verdicts: a pair is "
			"<b>slower</b> or <b>faster</b> only when a second, independent sample "
			"flags it too (<code>hardboot boottime --run</code> takes it; "
			"<b>flagged</b>: no second sample was given); otherwise <b>no "
			"change</b>.</small></p>\n");
	else
		fprintf(f, "<p>No section names a baseline: nothing compared.</p>\n");
}

static void report_metrics(FILE *f, const struct chart_run *r)
{
	json_t *m;
	size_t i;

	fprintf(f, "<h2>Metric records</h2>\n<details><summary>%zu records of <code>",
		json_array_size(r->recs));
	markup_text(f, r->dir);
	fprintf(f, "</code></summary>\n<table>\n<tr><th>metric</th><th>subject</th>"
		"<th>value</th><th>unit</th><th>interval</th><th>confidence</th><th>n</th>"
		"<th>test</th></tr>\n");
	json_array_foreach(r->recs, i, m) {
		json_t *iv = json_object_get(m, "interval");

		fprintf(f, "<tr><td><code>");
		markup_text(f, report_str(m, "metric", NULL));
		fprintf(f, "</code></td><td><code>");
		markup_text(f, report_str(m, "subject", NULL));
		fprintf(f, "</code></td><td class=\"n\">");
		report_num(f, json_object_get(m, "value"));
		fprintf(f, "</td><td>");
		markup_text(f, report_str(m, "unit", NULL));
		fprintf(f, "</td><td class=\"n\">");
		report_interval(f, iv);
		fprintf(f, "</td><td class=\"n\">");
		report_num(f, json_object_get(m, "confidence"));
		fprintf(f, "</td><td class=\"n\">");
		report_num(f, json_object_get(m, "n"));
		fprintf(f, "</td><td>");
		markup_text(f, report_str(m, "test", NULL));
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n</details>\n");
}

static int report_write(const struct chart_ctx *c, const struct chart_out *outs, char *err,
		      size_t n)
{
	char *path = g_build_filename(c->out, "index.html", NULL);
	char *tmp = g_strdup_printf("%s.tmp", path);
	const struct chart_run *r = chart_latest(c);
	FILE *f = fopen(tmp, "we");
	int rc = 0;

	if (!f) {
		rc = -errno;
		snprintf(err, n, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<title>hardboot report: ");
	markup_text(f, report_str(r->run, "suite", "name") ?: r->dir);
	fprintf(f, " ");
	markup_text(f, report_str(r->run, "written", NULL) ?: "");
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>hardboot report: ",
		report_style);
	markup_text(f, report_str(r->run, "suite", "name") ?: "results");
	fprintf(f, "</h1>\n");
	report_runinfo(f, c);
	if (c->compare)
		report_compare(f, c);
	report_sections(f, c);
	report_boottime(f, r);
	fprintf(f, "<h2>Charts</h2>\n");
	for (size_t i = 0; chart_list[i]; i++)
		report_chart(f, chart_list[i], &outs[i]);
	report_metrics(f, r);
	fprintf(f, "<p><small>Written by <code>hardboot report</code>; every chart's "
		"gnuplot script and data are beside it.</small></p>\n</body>\n</html>\n");
	if (fclose(f)) {
		rc = -errno;
		snprintf(err, n, "%s: %s", tmp, strerror(errno));
	} else if (rename(tmp, path)) {
		rc = -errno;
		snprintf(err, n, "rename %s: %s", path, strerror(errno));
	}
out:
	g_free(path);
	g_free(tmp);
	return rc;
}

int report_main(const struct report_args *a)
{
	struct chart_ctx c = {
		.out = a->out, .baseline = a->baseline, .cost = a->cost,
		.bootstrap = 2000, .seed = 1,
	};
	struct chart_out outs[16];
	const char *nognuplot = chart_gnuplot_missing();
	char err[512];
	int rc = HB_EXIT_OK;
	size_t k;

	gsl_set_error_handler_off();
	c.runs = g_new0(struct chart_run, a->ndirs);
	for (int i = 0; i < a->ndirs; i++) {
		if (chart_load(&c.runs[i], a->dirs[i], a->baseline, err, sizeof(err))) {
			fprintf(stderr, "hardboot report: %s\n", err);
			c.nruns = (size_t)i + 1;
			rc = HB_EXIT_USAGE;
			goto out;
		}
		c.nruns++;
	}
	if (a->compare_json) {
		json_error_t je;

		c.compare = json_load_file(a->compare_json, 0, &je);
		if (!c.compare) {
			fprintf(stderr, "hardboot report: --compare-json %s: %s\n", a->compare_json,
				je.text);
			rc = HB_EXIT_USAGE;
			goto out;
		}
	}
	if (g_mkdir_with_parents(a->out, 0755)) {
		fprintf(stderr, "hardboot report: %s: %s\n", a->out, strerror(errno));
		rc = HB_EXIT_INFRA;
		goto out;
	}
	for (k = 0; chart_list[k] && k < G_N_ELEMENTS(outs); k++) {
		if (nognuplot) {
			memset(&outs[k], 0, sizeof(outs[k]));
			snprintf(outs[k].why, sizeof(outs[k].why), "%s", nognuplot);
			continue;
		}
		if (chart_draw(&c, chart_list[k], &outs[k], err, sizeof(err))) {
			fprintf(stderr, "hardboot report: %s\n", err);
			snprintf(outs[k].why, sizeof(outs[k].why), "%s", err);
			rc = HB_EXIT_INFRA;
		}
	}
	if (report_write(&c, outs, err, sizeof(err))) {
		fprintf(stderr, "hardboot report: %s\n", err);
		rc = HB_EXIT_INFRA;
		goto out;
	}
	if (nognuplot) {
		fprintf(stderr, "hardboot report: %s: the page has tables only\n", nognuplot);
		rc = HB_EXIT_INFRA;
	}
	for (size_t i = 0; i < k; i++)
		fprintf(stderr, "hardboot report: %-14s %s%s%s\n", chart_list[i]->name,
			outs[i].drawn ? "drawn" : "not drawn", outs[i].drawn ? "" : ": ",
			outs[i].drawn ? "" : outs[i].why);
	fprintf(stderr, "hardboot report: %s/index.html\n", a->out);
out:
	for (size_t i = 0; i < c.nruns; i++)
		chart_run_free(&c.runs[i]);
	g_free(c.runs);
	json_decref(c.compare);
	return rc;
}
