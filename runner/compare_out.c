/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What compare tells, one finding per row (a subject with a change, or a
 * metric family gone), worse first: a Markdown summary for a CI comment
 * (one screen on a good night), JUnit XML (one testcase per finding) and
 * JSON with every finding and every record pair.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "compare.h"
#include "metric.h"
#include "markup.h"

/* Rows of the Markdown table beyond which a line counts the rest: a CI
 * comment has a size limit (GitHub's is 65536 characters), and the JSON
 * and JUnit outputs have every finding. */
#define COMPARE_OUT_ROWS 40

/* A Markdown table cell: no pipes or newlines. */
static void compare_md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

/* "8.4 bits [7.97, 8.87]": a value with the record's own interval. */
static void compare_out_value(json_t *rec, char *buf, size_t n)
{
	json_t *iv = json_object_get(rec, "interval");
	json_t *lo = json_array_get(iv, 0), *hi = json_array_get(iv, 1);
	size_t len;

	compare_fmt_value(rec, buf, n);
	len = strlen(buf);
	if (rec && !compare_str(rec, "verdict") && (json_is_number(lo) || json_is_number(hi)) &&
	    len < n) {
		char l[24] = "", h[24] = "";

		if (json_is_number(lo))
			snprintf(l, sizeof(l), "%.4g", json_number_value(lo));
		if (json_is_number(hi))
			snprintf(h, sizeof(h), "%.4g", json_number_value(hi));
		snprintf(buf + len, n - len, " [%s, %s]", l[0] ? l : "-", h[0] ? h : "inf");
	}
}

/* The change of a pair: the family's words, or NEW - BASE. */
static void compare_out_change(const struct compare_item *it, char *buf, size_t n)
{
	double a = compare_num(it->a, "value"), b = compare_num(it->b, "value");

	if (it->change[0])
		snprintf(buf, n, "%s", it->change);
	else if (it->v == COMPARE_GONE)
		snprintf(buf, n, "gone");
	else if (it->v == COMPARE_NEW)
		snprintf(buf, n, "new");
	else if (!isnan(a) && !isnan(b))
		snprintf(buf, n, "%+.4g %s", b - a, compare_str(it->b, "unit") ?: "");
	else
		snprintf(buf, n, "%s", it->note);
}

static void compare_out_evidence(const struct compare_item *it, char *buf, size_t n)
{
	if (it->certain || it->v == COMPARE_GONE)
		snprintf(buf, n, "certain");
	else if (!isnan(it->p_adj))
		snprintf(buf, n, "p %.2g (Holm)", it->p_adj);
	else
		snprintf(buf, n, "-");
}

/* The finding's other records: "also: policy min_bits.base pass -> fail". */
static char *compare_out_also(const struct compare_result *r, const struct compare_finding *f)
{
	GString *s = g_string_new(NULL);

	for (size_t k = 0; k < f->nitems; k++) {
		const struct compare_item *it = &r->items[f->items[k]];
		char ch[160];

		if (it == f->lead)
			continue;
		compare_out_change(it, ch, sizeof(ch));
		g_string_append_printf(s, "%s%s%s%s %s: %s", s->len ? "; " : "also ", it->metric,
				       it->policy ? " " : "", it->policy ?: "",
				       compare_verdict_names[it->v], ch);
	}
	return g_string_free(s, FALSE);
}

static void compare_md_row(FILE *f, const struct compare_result *r, const struct compare_finding *fi)
{
	const struct compare_item *it = fi->lead;
	char va[96], vb[96], ch[160], ev[48];
	char *also = compare_out_also(r, fi);

	compare_out_value(it->a, va, sizeof(va));
	compare_out_value(it->b, vb, sizeof(vb));
	compare_out_change(it, ch, sizeof(ch));
	compare_out_evidence(it, ev, sizeof(ev));
	fprintf(f, "| **%s** | `", compare_verdict_names[fi->v]);
	compare_md_cell(f, fi->subject);
	fprintf(f, "` | %s%s%s | ", it->metric, it->policy ? " " : "", it->policy ?: "");
	compare_md_cell(f, va);
	fprintf(f, " | ");
	compare_md_cell(f, vb);
	fprintf(f, " | ");
	compare_md_cell(f, ch);
	fprintf(f, " | %s | ", ev);
	compare_md_cell(f, it->note);
	if (also[0]) {
		fprintf(f, "; ");
		compare_md_cell(f, also);
	}
	fprintf(f, " |\n");
	g_free(also);
}

static void compare_md_findings(FILE *f, const struct compare_result *r, int all)
{
	size_t max = all ? r->nfind : COMPARE_OUT_ROWS;

	fprintf(f, "| verdict | subject | record | BASE | NEW | change | evidence | numbers |\n"
		"|---|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < r->nfind && k < max; k++)
		compare_md_row(f, r, &r->find[k]);
	if (r->nfind > max)
		fprintf(f, "\n%zu more findings: compare --all, or the --json-file and --junit "
			"outputs.\n", r->nfind - max);
	fputc('\n', f);
}

static const char *compare_run_str(const struct compare_run *r, const char *a, const char *b)
{
	json_t *v = json_object_get(r->run, a);

	if (b)
		v = json_object_get(v, b);
	return json_string_value(v) ?: "?";
}

static size_t compare_out_shown(const struct compare_result *r, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->items[i].v == COMPARE_SHOWN && !g_strcmp0(compare_str(r->items[i].b ?
			r->items[i].b : r->items[i].a, "compare"), kind);
	return n;
}

/* The trend of boot times: every record, BASE -> NEW, never a verdict. */
static void compare_md_trend(FILE *f, const struct compare_result *r)
{
	fprintf(f, "<details><summary>Boot times, BASE -> NEW: a trend, never a gate "
		"(%zu records)</summary>\n\n| subject | record | BASE | NEW | change |\n"
		"|---|---|---|---|---|\n", compare_out_shown(r, METRIC_TREND));
	for (size_t i = 0; i < r->n; i++) {
		const struct compare_item *it = &r->items[i];
		double a = compare_num(it->a, "value"), b = compare_num(it->b, "value");
		char va[96], vb[96];

		if (it->v != COMPARE_SHOWN || g_strcmp0(compare_str(it->b ? it->b : it->a, "compare"),
						    METRIC_TREND))
			continue;
		compare_out_value(it->a, va, sizeof(va));
		compare_out_value(it->b, vb, sizeof(vb));
		fprintf(f, "| `%s` | %s | %s | %s | ", it->subject, it->metric, va, vb);
		if (a > 0 && !isnan(b))
			fprintf(f, "%+.1f%% |\n", 100 * (b / a - 1));
		else
			fprintf(f, "- |\n");
	}
	fprintf(f, "\n</details>\n");
}

void compare_out_markdown(FILE *f, const struct compare_ctx *c, const struct compare_result *r, int all)
{
	char rev_a[16], rev_b[16];
	json_t *note;
	size_t i;

	fprintf(f, "## hardboot compare: %s\n\n", compare_regression(r) ? "regression" :
		"no regression");
	fprintf(f, "%zu worse, %zu gone, %zu differ, %zu better, %zu new, %zu not compared; "
		"%zu subjects unchanged. Holm over %zu tests at a family-wise alpha of %g "
		"(a night with nothing changed passes with probability >= %g%%); "
		"certain changes need no test.\n\n", r->count[COMPARE_WORSE], r->count[COMPARE_GONE],
		r->count[COMPARE_DIFFERS], r->count[COMPARE_BETTER], r->count[COMPARE_NEW],
		r->count[COMPARE_UNTESTED], r->count[COMPARE_SAME], r->ntests, c->o.alpha,
		100 * (1 - c->o.alpha));
	g_strlcpy(rev_a, compare_run_str(&c->a, "git_revision", NULL), 13);
	g_strlcpy(rev_b, compare_run_str(&c->b, "git_revision", NULL), 13);
	fprintf(f, "BASE `%s` (%s, %s), NEW `%s` (%s, %s); suite %s.\n\n", c->a.dir, rev_a,
		compare_run_str(&c->a, "written", NULL), c->b.dir, rev_b,
		compare_run_str(&c->b, "written", NULL), c->b.suite ?: c->a.suite ?: "?");
	json_array_foreach(c->notes, i, note)
		fprintf(f, "%s\n\n", json_string_value(note));
	if (r->nfind)
		compare_md_findings(f, r, all);
	else
		fprintf(f, "Nothing changed beyond chance.\n\n");
	if (compare_out_shown(r, METRIC_TREND))
		compare_md_trend(f, r);
}

static void compare_junit_case(FILE *f, const struct compare_result *r, const struct compare_finding *fi)
{
	const struct compare_item *it = fi->lead;
	char va[96], vb[96], ch[160], ev[48], *also = compare_out_also(r, fi), *line;
	int fail = fi->v == COMPARE_WORSE || fi->v == COMPARE_GONE;

	compare_out_value(it->a, va, sizeof(va));
	compare_out_value(it->b, vb, sizeof(vb));
	compare_out_change(it, ch, sizeof(ch));
	compare_out_evidence(it, ev, sizeof(ev));
	line = g_strdup_printf("%s: %s -> %s (%s), %s; %s%s%s; test: %s",
			       compare_verdict_names[fi->v], va, vb, ch, ev, it->note,
			       also[0] ? "; " : "", also, it->test);
	fprintf(f, "    <testcase classname=\"compare.%s\" name=\"", compare_verdict_names[fi->v]);
	markup_text(f, fi->subject);
	fprintf(f, "\" time=\"0\">\n");
	if (fail) {
		fprintf(f, "      <failure type=\"%s\" message=\"", compare_verdict_names[fi->v]);
		markup_text(f, line);
		fprintf(f, "\"/>\n");
	} else if (fi->v == COMPARE_UNTESTED) {
		fprintf(f, "      <skipped message=\"");
		markup_text(f, line);
		fprintf(f, "\"/>\n");
	} else {
		fprintf(f, "      <system-out>");
		markup_text(f, line);
		fprintf(f, "</system-out>\n");
	}
	fprintf(f, "    </testcase>\n");
	g_free(line);
	g_free(also);
}

int compare_out_junit(const char *path, const struct compare_ctx *c, const struct compare_result *r,
	      char *err, size_t n)
{
	FILE *f = fopen(path, "we");
	size_t fails = r->count[COMPARE_WORSE] + r->count[COMPARE_GONE];

	(void)c;
	if (!f) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	/* one testcase per finding, and one for the subjects unchanged, so a
	 * good night is one passing test, not zero */
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"hardboot compare\" tests=\"%zu\" failures=\"%zu\">\n"
		"  <testsuite name=\"compare\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
		r->nfind + 1, fails, r->nfind + 1, fails, r->count[COMPARE_UNTESTED]);
	for (size_t k = 0; k < r->nfind; k++)
		compare_junit_case(f, r, &r->find[k]);
	fprintf(f, "    <testcase classname=\"compare.same\" name=\"unchanged\" time=\"0\">\n"
		"      <system-out>%zu subjects unchanged; Holm over %zu tests</system-out>\n"
		"    </testcase>\n  </testsuite>\n</testsuites>\n", r->count[COMPARE_SAME],
		r->ntests);
	if (fclose(f)) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

static json_t *compare_json_item(const struct compare_item *it)
{
	char ch[160];

	compare_out_change(it, ch, sizeof(ch));
	return json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s?,s:O?,s:O?,s:s,s:o,s:o,s:b,s:s,s:s}",
			 "metric", it->metric, "subject", it->subject, "policy", it->policy,
			 "verdict", compare_verdict_names[it->v], "family",
			 it->fam ? it->fam->name : "", "kind",
			 compare_str(it->b ? it->b : it->a, "compare"),
			 "base", json_object_get(it->a, "value"),
			 "new", json_object_get(it->b, "value"), "change", ch,
			 "p", metric_num(it->p), "p_holm", metric_num(it->p_adj),
			 "certain", it->certain, "test", it->test, "note", it->note);
}

json_t *compare_out_json(const struct compare_ctx *c, const struct compare_result *r)
{
	json_t *items = json_array(), *counts = json_object(), *finds = json_array();

	for (int v = 0; v < COMPARE_NVERDICTS; v++)
		json_object_set_new(counts, compare_verdict_names[v], json_integer((json_int_t)r->count[v]));
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(items, compare_json_item(&r->items[i]));
	for (size_t k = 0; k < r->nfind; k++) {
		const struct compare_finding *f = &r->find[k];
		json_t *recs = json_array();
		char *also = compare_out_also(r, f);

		for (size_t j = 0; j < f->nitems; j++)
			json_array_append_new(recs, compare_json_item(&r->items[f->items[j]]));
		json_array_append_new(finds, json_pack("{s:s,s:s,s:o,s:s,s:o}", "subject",
			f->subject, "verdict", compare_verdict_names[f->v], "lead",
			compare_json_item(f->lead), "also", also, "records", recs));
		g_free(also);
	}
	return json_pack("{s:i,s:s,s:s,s:s?,s:f,s:I,s:o,s:O,s:O,s:o,s:o,s:b}", "schema", 2,
			 "base", c->a.dir, "new", c->b.dir, "suite", c->b.suite ?: c->a.suite,
			 "alpha", c->o.alpha, "tests", (json_int_t)r->ntests,
			 "counts", counts, "notes", c->notes, "gone_families", r->gone_families,
			 "findings", finds, "items", items, "regression", compare_regression(r));
}
