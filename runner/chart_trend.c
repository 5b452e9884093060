/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Trends over a history of nightly results directories (oldest first):
 * per configuration, its boot cost as the boottime analysis states it
 * (boottime_phase: the median of the QEMU processes' medians with its 95%
 * bootstrap interval), and the entropy bound of its weakest address region
 * (stack, heap, base).  A step in either line
 * is what the nightly compare judges; the trend shows whether it stayed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"

static const char *const chart_trend_colors[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};

/* Sections with a record of metric for subject SECTION/phase (phase NULL:
 * any subject SECTION/...) in any run, in order of first appearance. */
static GPtrArray *chart_trend_sections(const struct chart_ctx *c, const char *metric,
				       const char *phase)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	for (size_t r = 0; r < c->nruns; r++) {
		json_t *m;
		size_t i;

		json_array_foreach(c->runs[r].recs, i, m) {
			const char *s = json_string_value(json_object_get(m, "subject"));
			const char *slash = s ? strrchr(s, '/') : NULL;
			char *sec;
			guint k;

			if (!slash || g_strcmp0(json_string_value(json_object_get(m, "metric")),
						metric) || (phase && strcmp(slash + 1, phase)))
				continue;
			sec = g_strndup(s, (gsize)(slash - s));
			for (k = 0; k < a->len && strcmp(a->pdata[k], sec); k++)
				;
			if (k == a->len)
				g_ptr_array_add(a, sec);
			else
				g_free(sec);
		}
	}
	return a;
}

static int chart_trend_history(const struct chart_ctx *c, struct chart_out *o)
{
	if (c->nruns >= 2)
		return 1;
	snprintf(o->why, sizeof(o->why), "one results directory: a trend needs the "
		 "nightly history (give several directories, oldest first)");
	return 0;
}

static void chart_trend_plot(GString *gp, const char *file, GPtrArray *secs, int whiskers)
{
	g_string_append(gp, "plot ");
	for (guint k = 0; k < secs->len; k++) {
		g_string_append_printf(gp, "%s'%s' using 1:", k ? ", \\\n     " : "", file);
		if (whiskers)
			g_string_append_printf(gp, "%u:%u:%u", 3 + 3 * k, 4 + 3 * k, 5 + 3 * k);
		else
			g_string_append_printf(gp, "%u", 3 + k);
		/* Past ten colours the lines repeat, dashed. */
		g_string_append_printf(gp, "%s with %s lw 2 pt 7 ps 0.8 lc rgb '%s'%s title ",
				       k ? "" : ":xtic(2)", whiskers ? "yerrorlines" : "linespoints",
				       chart_trend_colors[k % G_N_ELEMENTS(chart_trend_colors)],
				       k >= G_N_ELEMENTS(chart_trend_colors) ? " dt 2" : "");
		chart_gp_str(gp, secs->pdata[k]);
	}
	g_string_append_c(gp, '\n');
}

static const char chart_trend_style[] =
	"set datafile missing '-'\n"
	"set grid xtics ytics lc rgb '#dddddd'\n"
	"set xtics rotate by 30 right nomirror noenhanced\n"
	"set bmargin 6\n"
	"set offsets 0.3, 0.3, 0, 0\n"
	"set key outside right top vertical Left reverse noenhanced\n"
	"set xlabel 'nightly run (run.json written, UTC)'\n";

static int chart_trend_cost_make(const struct chart_ctx *c, FILE *dat, GString *gp,
				 struct chart_out *o, char *err, size_t n)
{
	const char *phase = chart_cost_name(c, chart_latest(c));
	const char *unit = "us";
	GPtrArray *secs;

	(void)err;
	(void)n;
	if (!chart_trend_history(c, o))
		return 0;
	secs = chart_trend_sections(c, "boottime_phase", phase);
	if (!secs->len) {
		snprintf(o->why, sizeof(o->why), "no boottime phase %s in any run", phase);
		g_ptr_array_free(secs, TRUE);
		return 0;
	}
	fprintf(dat, "# run label, then per section: %s value lo hi\n", phase);
	for (size_t r = 0; r < c->nruns; r++) {
		fprintf(dat, "%zu \"%s\"", r, c->runs[r].label);
		for (guint k = 0; k < secs->len; k++) {
			char subj[200];
			json_t *m, *iv;

			snprintf(subj, sizeof(subj), "%s/%s", (char *)secs->pdata[k], phase);
			m = chart_record(&c->runs[r], "boottime_phase", subj);
			iv = m ? json_object_get(m, "interval") : NULL;
			if (m && json_array_size(iv) == 2) {
				unit = json_string_value(json_object_get(m, "unit")) ?: unit;
				fprintf(dat, " %.6g %.6g %.6g",
					json_number_value(json_object_get(m, "value")),
					json_number_value(json_array_get(iv, 0)),
					json_number_value(json_array_get(iv, 1)));
			} else {
				fprintf(dat, " - - -");
			}
		}
		fputc('\n', dat);
	}
	o->drawn = 1;
	g_string_append_printf(gp, "set title 'Boot cost over the nightly runs: %s (%s), "
			       "median of per-process medians and 95%% interval' noenhanced\n",
			       chart_phase_label(phase), phase);
	g_string_append_printf(gp, "set ylabel '%s (%s)'\n", chart_phase_label(phase), unit);
	/* Log scale: a 10% step looks alike for a 5 ms warm boot and a 300 ms
	 * cold one. */
	g_string_append(gp, "set logscale y\nset format y '%g'\n");
	g_string_append(gp, chart_trend_style);
	chart_trend_plot(gp, "trend_cost.dat", secs, 1);
	g_ptr_array_free(secs, TRUE);
	return 0;
}

/* The weakest address region's bound, or NAN. */
static double chart_trend_weakest(const struct chart_run *r, const char *sec)
{
	static const char *const regs[] = { "stack", "heap", "base" };
	double w = NAN;

	for (size_t i = 0; i < G_N_ELEMENTS(regs); i++) {
		char subject[160];
		json_t *h;

		snprintf(subject, sizeof(subject), "%s/%s", sec, regs[i]);
		h = chart_record(r, "entropy_headline_bits", subject);
		if (h && json_is_number(json_object_get(h, "value")) &&
		    !(json_number_value(json_object_get(h, "value")) >= w))
			w = json_number_value(json_object_get(h, "value"));
	}
	return w;
}

static int chart_trend_entropy_make(const struct chart_ctx *c, FILE *dat, GString *gp,
				    struct chart_out *o, char *err, size_t n)
{
	GPtrArray *secs, *with = g_ptr_array_new();

	(void)err;
	(void)n;
	if (!chart_trend_history(c, o)) {
		g_ptr_array_free(with, TRUE);
		return 0;
	}
	secs = chart_trend_sections(c, "entropy_headline_bits", NULL);
	for (guint k = 0; k < secs->len; k++)
		for (size_t r = 0; r < c->nruns; r++)
			if (!isnan(chart_trend_weakest(&c->runs[r], secs->pdata[k]))) {
				g_ptr_array_add(with, secs->pdata[k]);
				break;
			}
	fprintf(dat, "# run label, then per section: bits of the weakest of stack, heap, base\n");
	for (size_t r = 0; r < c->nruns; r++) {
		fprintf(dat, "%zu \"%s\"", r, c->runs[r].label);
		for (guint k = 0; k < with->len; k++) {
			double w = chart_trend_weakest(&c->runs[r], with->pdata[k]);

			if (isnan(w))
				fprintf(dat, " -");
			else
				fprintf(dat, " %.3f", w);
		}
		fputc('\n', dat);
	}
	if (with->len) {
		o->drawn = 1;
		g_string_append(gp, "set title 'Entropy over the nightly runs: weakest address "
				"region, 99% lower bound'\n"
				"set ylabel 'bits'\nset yrange [0:*]\n");
		g_string_append(gp, chart_trend_style);
		chart_trend_plot(gp, "trend_entropy.dat", with, 0);
	} else {
		snprintf(o->why, sizeof(o->why), "no entropy records of stack, heap or base");
	}
	g_ptr_array_free(secs, TRUE);
	g_ptr_array_free(with, TRUE);
	return 0;
}

const struct chart chart_trend_cost = {
	.name = "trend_cost",
	.title = "Boot cost over the nightly runs",
	.caption = "Boot cost per configuration in each results directory as hardboot "
		   "boottime states it (the median of the QEMU processes' medians), with "
		   "its 95% bootstrap interval. Only runs of one host and accelerator "
		   "compare.",
	.width = 1100,
	.height = 520,
	.make = chart_trend_cost_make,
};

const struct chart chart_trend_entropy = {
	.name = "trend_entropy",
	.title = "Entropy over the nightly runs",
	.caption = "Per configuration, the 99% lower bound of its weakest address region "
		   "(stack, heap or base) in each results directory.",
	.width = 1100,
	.height = 520,
	.make = chart_trend_entropy_make,
};
