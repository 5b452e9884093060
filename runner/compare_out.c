/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What compare tells: a Markdown summary for a CI comment (changes first,
 * the unchanged folded away, the false-alarm budget and the boot-time
 * caveat stated), JUnit XML (one testcase per metric record: worse and
 * gone are failures, not compared is skipped) and JSON for hardboot report.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "compare.h"
#include "metric.h"
#include "markup.h"

/* Order of the Markdown rows: what needs a reader first. */
static const enum cmp_verdict cmp_out_order[] = {
	CMP_WORSE, CMP_GONE, CMP_DIFFERS, CMP_BETTER, CMP_NEW, CMP_UNTESTED, CMP_SAME,
};

static int cmp_out_is_change(enum cmp_verdict v)
{
	return v != CMP_SAME && v != CMP_UNTESTED;
}

/* A Markdown table cell: no pipes or newlines. */
static void cmp_md_cell(FILE *f, const char *s)
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

static void cmp_md_row(FILE *f, const struct cmp_item *it)
{
	char va[64], vb[64], p[32];

	cmp_fmt_value(it->a, va, sizeof(va));
	cmp_fmt_value(it->b, vb, sizeof(vb));
	if (it->certain)
		snprintf(p, sizeof(p), "certain");
	else if (isnan(it->p_adj))
		snprintf(p, sizeof(p), "-");
	else
		snprintf(p, sizeof(p), "%.2g", it->p_adj);
	fprintf(f, "| %s%s%s | `%s` | `", cmp_out_is_change(it->v) ? "**" : "",
		cmp_verdict_names[it->v], cmp_out_is_change(it->v) ? "**" : "", it->metric);
	cmp_md_cell(f, it->subject);
	fprintf(f, "` | ");
	cmp_md_cell(f, va);
	fprintf(f, " | ");
	cmp_md_cell(f, vb);
	fprintf(f, " | %s | ", p);
	cmp_md_cell(f, it->note);
	fprintf(f, " | ");
	cmp_md_cell(f, it->test);
	fprintf(f, " |\n");
}

/* Rows of the changes, or of the rest; at most max rows (0: all), then a
 * line saying how many more: a CI comment has a size limit (GitHub's is
 * 65536 characters), and the JSON and JUnit outputs have every record. */
static void cmp_md_table(FILE *f, const struct cmp_result *r, int changes, size_t max)
{
	size_t shown = 0, more = 0;

	fprintf(f, "| verdict | metric | subject | BASE | NEW | p (Holm) | numbers | test |\n"
		"|---|---|---|---|---|---|---|---|\n");
	for (size_t o = 0; o < G_N_ELEMENTS(cmp_out_order); o++) {
		if (cmp_out_is_change(cmp_out_order[o]) != changes)
			continue;
		for (size_t i = 0; i < r->n; i++) {
			if (r->items[i].v != cmp_out_order[o])
				continue;
			if (max && shown == max) {
				more++;
				continue;
			}
			cmp_md_row(f, &r->items[i]);
			shown++;
		}
	}
	if (more)
		fprintf(f, "\n%zu more rows: compare --all, or the --json-file and --junit outputs.\n",
			more);
}

static const char *cmp_run_str(const struct cmp_run *r, const char *a, const char *b)
{
	json_t *v = json_object_get(r->run, a);

	if (b)
		v = json_object_get(v, b);
	return json_string_value(v) ?: "?";
}

static void cmp_qemu(const struct cmp_run *r, char *buf, size_t n)
{
	json_t *q = json_object_get(r->run, "qemu_version"), *v;
	const char *k;

	buf[0] = '\0';
	json_object_foreach(q, k, v) {
		const char *s = json_string_value(v) ?: "?";
		const char *ver = strstr(s, "version ");

		g_strlcat(buf, buf[0] ? ", " : "", n);
		g_strlcat(buf, ver ? ver + 8 : s, n);
	}
	if (!buf[0])
		snprintf(buf, n, "?");
}

void cmp_markdown(FILE *f, const struct cmp_ctx *c, const struct cmp_result *r, int all)
{
	size_t changes = 0;
	char qa[160], qb[160], rev_a[16], rev_b[16];
	json_t *note;
	size_t i;

	for (i = 0; i < r->n; i++)
		changes += cmp_out_is_change(r->items[i].v);
	fprintf(f, "## hardboot compare: %s\n\n", r->count[CMP_WORSE] + r->count[CMP_GONE] ?
		"regression" : "no regression");
	fprintf(f, "%zu worse, %zu gone, %zu differ, %zu better, %zu new, %zu same, "
		"%zu not compared (%zu metric records).\n\n", r->count[CMP_WORSE],
		r->count[CMP_GONE], r->count[CMP_DIFFERS], r->count[CMP_BETTER],
		r->count[CMP_NEW], r->count[CMP_SAME], r->count[CMP_UNTESTED], r->n);
	cmp_qemu(&c->a, qa, sizeof(qa));
	cmp_qemu(&c->b, qb, sizeof(qb));
	g_strlcpy(rev_a, cmp_run_str(&c->a, "git_revision", NULL), 13);
	g_strlcpy(rev_b, cmp_run_str(&c->b, "git_revision", NULL), 13);
	fprintf(f, "| | BASE | NEW |\n|---|---|---|\n");
	fprintf(f, "| results | `%s` | `%s` |\n", c->a.dir, c->b.dir);
	fprintf(f, "| written | %s | %s |\n", cmp_run_str(&c->a, "written", NULL),
		cmp_run_str(&c->b, "written", NULL));
	fprintf(f, "| revision | %s | %s |\n", rev_a, rev_b);
	fprintf(f, "| suite | %s | %s |\n", cmp_run_str(&c->a, "suite", "name"),
		cmp_run_str(&c->b, "suite", "name"));
	fprintf(f, "| QEMU | %s | %s |\n", qa, qb);
	fprintf(f, "| host | %s, %s | %s, %s |\n\n", cmp_run_str(&c->a, "host", NULL),
		cmp_run_str(&c->a, "cpu", NULL), cmp_run_str(&c->b, "host", NULL),
		cmp_run_str(&c->b, "cpu", NULL));
	fprintf(f, "False alarms: Holm's step-down over %zu tests at a family-wise "
		"alpha of %g, so a night with nothing changed passes with probability "
		">= %g%%. Certain changes (seed source, accelerator, PASS -> SKIP, known "
		"answers, metrics gone) need no test.\n\n", r->ntests, c->o.alpha,
		100 * (1 - c->o.alpha));
	if (c->same_host)
		fprintf(f, "Boot times: two runs on the same host, compared per section "
			"only under the same accelerator and mode, by the %g%% quantile "
			"of each phase (the boots the host's load touched least); a change "
			"must be significant and its %g%% interval outside +-%g%%: two "
			"runs drift, where an interleaved A/B run would use +-5%%.\n\n",
			100 * c->o.quantile, 100 * c->o.confidence, 100 * c->o.noise);
	else
		fprintf(f, "Boot times: not compared (%s): timings of two runs compare "
			"only on the same host and accelerator.\n\n", c->host_why);
	json_array_foreach(c->notes, i, note)
		fprintf(f, "%s\n\n", json_string_value(note));
	if (changes) {
		fprintf(f, "### Changes\n\n");
		cmp_md_table(f, r, 1, all ? 0 : 60);
		fputc('\n', f);
	} else {
		fprintf(f, "Nothing changed beyond chance.\n\n");
	}
	if (all) {
		fprintf(f, "### Unchanged and not compared\n\n");
		cmp_md_table(f, r, 0, all ? 0 : 25);
	} else {
		fprintf(f, "<details><summary>%zu unchanged, %zu not compared</summary>\n\n",
			r->count[CMP_SAME], r->count[CMP_UNTESTED]);
		cmp_md_table(f, r, 0, all ? 0 : 25);
		fprintf(f, "\n</details>\n");
	}
}

int cmp_junit(const char *path, const struct cmp_ctx *c, const struct cmp_result *r,
	      char *err, size_t n)
{
	FILE *f = fopen(path, "we");

	(void)c;
	if (!f) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"hardboot compare\" tests=\"%zu\" failures=\"%zu\">\n",
		r->n, r->count[CMP_WORSE] + r->count[CMP_GONE]);
	for (const struct cmp_family *const *fam = cmp_families; *fam; fam++) {
		size_t tests = 0, fails = 0, skips = 0;

		for (size_t i = 0; i < r->n; i++) {
			if (r->items[i].fam != *fam)
				continue;
			tests++;
			fails += r->items[i].v == CMP_WORSE || r->items[i].v == CMP_GONE;
			skips += r->items[i].v == CMP_UNTESTED;
		}
		if (!tests)
			continue;
		fprintf(f, "  <testsuite name=\"compare.%s\" tests=\"%zu\" failures=\"%zu\" "
			"skipped=\"%zu\">\n", (*fam)->name, tests, fails, skips);
		for (size_t i = 0; i < r->n; i++) {
			const struct cmp_item *it = &r->items[i];
			char va[64], vb[64], *line;

			if (it->fam != *fam)
				continue;
			cmp_fmt_value(it->a, va, sizeof(va));
			cmp_fmt_value(it->b, vb, sizeof(vb));
			line = g_strdup_printf("%s: %s -> %s%s%s%s%s", cmp_verdict_names[it->v],
					       va, vb, it->note[0] ? "; " : "", it->note,
					       it->test[0] ? "; test: " : "", it->test);
			fprintf(f, "    <testcase classname=\"compare.%s\" name=\"", (*fam)->name);
			markup_text(f, it->metric);
			fprintf(f, " ");
			markup_text(f, it->subject);
			fprintf(f, "\" time=\"0\">\n");
			if (it->v == CMP_WORSE || it->v == CMP_GONE) {
				fprintf(f, "      <failure type=\"%s\" message=\"", cmp_verdict_names[it->v]);
				markup_text(f, line);
				fprintf(f, "\"/>\n");
			} else if (it->v == CMP_UNTESTED) {
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
		}
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	if (fclose(f)) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

json_t *cmp_json(const struct cmp_ctx *c, const struct cmp_result *r)
{
	json_t *items = json_array(), *counts = json_object();

	for (int v = 0; v < CMP_NVERDICTS; v++)
		json_object_set_new(counts, cmp_verdict_names[v], json_integer((json_int_t)r->count[v]));
	for (size_t i = 0; i < r->n; i++) {
		const struct cmp_item *it = &r->items[i];

		json_array_append_new(items, json_pack(
			"{s:s,s:s,s:s,s:s,s:O?,s:O?,s:o,s:o,s:b,s:s,s:s}",
			"metric", it->metric, "subject", it->subject,
			"verdict", cmp_verdict_names[it->v], "family", it->fam ? it->fam->name : "",
			"base", json_object_get(it->a, "value"), "new", json_object_get(it->b, "value"),
			"p", metric_num(it->p), "p_holm", metric_num(it->p_adj),
			"certain", it->certain, "test", it->test, "note", it->note));
	}
	return json_pack("{s:i,s:s,s:s,s:f,s:f,s:f,s:b,s:s,s:I,s:o,s:O,s:o,s:b}", "schema", 1,
			 "base", c->a.dir, "new", c->b.dir, "alpha", c->o.alpha,
			 "noise", c->o.noise, "quantile", c->o.quantile, "same_host", c->same_host,
			 "host_why", c->host_why, "tests", (json_int_t)r->ntests,
			 "counts", counts, "notes", c->notes, "items", items,
			 "regression", r->count[CMP_WORSE] + r->count[CMP_GONE] > 0);
}
