/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Trends over a history of nightly results directories (oldest first):
 * per configuration, the median boot cost with its 95% distribution-free
 * interval (order statistics, stats_median_ci), and the entropy bound of
 * its weakest address region (stack, heap, base).  A step in either line
 * is what the nightly compare judges; the trend shows whether it stayed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>

#include "chart.h"
#include "stats.h"
#include "compare.h"

static const char *const chart_trend_colors[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};

/* Sections of every run, in order of first appearance. */
static GPtrArray *chart_trend_sections(const struct chart_ctx *c)
{
	GPtrArray *a = g_ptr_array_new();

	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; c->runs[r].have_samples && i < c->runs[r].s.nsets; i++) {
			const char *s = c->runs[r].s.sets[i].section;
			guint k;

			for (k = 0; k < a->len && strcmp(a->pdata[k], s); k++)
				;
			if (k == a->len)
				g_ptr_array_add(a, (gpointer)s);
		}
	return a;
}

/* Drop the sections that have no boot with this phase in any run (every
 * boot failed, or a foreign image without marks). */
static void chart_trend_keep_timed(const struct chart_ctx *c, const struct cmp_phase *ph,
				   GPtrArray *secs)
{
	for (guint k = secs->len; k-- > 0;) {
		int any = 0;

		for (size_t r = 0; !any && r < c->nruns; r++) {
			const struct sample_set *set = c->runs[r].have_samples ?
				samples_find(&c->runs[r].s, secs->pdata[k]) : NULL;
			double *v = NULL;

			any = set && cmp_phase_values(set, ph, &v) >= 2;
			g_free(v);
		}
		if (!any)
			g_ptr_array_remove_index(secs, k);
	}
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
	const struct cmp_phase *ph = chart_cost_phase(c);
	GPtrArray *secs;

	(void)err;
	(void)n;
	if (!chart_trend_history(c, o))
		return 0;
	if (!ph) {
		snprintf(o->why, sizeof(o->why), "no boot phase named %s", c->cost);
		return 0;
	}
	secs = chart_trend_sections(c);
	chart_trend_keep_timed(c, ph, secs);
	fprintf(dat, "# run label, then per section: median lo hi (%s)\n", ph->display);
	for (size_t r = 0; r < c->nruns; r++) {
		fprintf(dat, "%zu \"%s\"", r, c->runs[r].label);
		for (guint k = 0; k < secs->len; k++) {
			const struct sample_set *set = c->runs[r].have_samples ?
				samples_find(&c->runs[r].s, secs->pdata[k]) : NULL;
			double *v = NULL, lo, hi, med;
			size_t m = set ? cmp_phase_values(set, ph, &v) : 0;

			if (m >= 2) {
				gsl_sort(v, 1, m);
				med = stats_quantile(v, m, 0.5);
				stats_median_ci(v, m, 0.95, &lo, &hi, NULL);
				fprintf(dat, " %.6g %.6g %.6g", med * ph->scale, lo * ph->scale,
					hi * ph->scale);
			} else {
				fprintf(dat, " - - -");
			}
			g_free(v);
		}
		fputc('\n', dat);
	}
	o->drawn = 1;
	g_string_append_printf(gp, "set title 'Boot cost over the nightly runs: %s (%s), median "
			       "and 95%% interval' noenhanced\n", ph->label, ph->name);
	g_string_append_printf(gp, "set ylabel '%s (%s)'\n", ph->label, ph->display);
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
	secs = chart_trend_sections(c);
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
	.caption = "Median boot cost per configuration in each results directory, with "
		   "its 95% distribution-free interval (order statistics). Only runs of "
		   "one host and accelerator compare.",
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
