/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entropy per region and configuration: the aslr_entropy suite's headline
 * bound (entropy_headline_bits: the 99% lower bound it quotes) as bars,
 * and a whisker up to the collision estimate where collisions allow one.
 * A bar without a whisker saw no collision: the bound is then what the
 * number of boots can show (log2(C(n,2)/4.6) bits), not what the image
 * has.  Seed words are shown as the weakest of the eight.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "stats.h"
#include "entropy.h"

static const char *const chart_regions[] = { "stack", "heap", "base", "canary", "seed" };
#define CHART_NREG (sizeof(chart_regions) / sizeof(chart_regions[0]))

/* Bound and estimate of section/region; FALSE if the run has none. */
static int chart_region_bits(const struct chart_run *r, const char *sec, const char *reg,
			     double *lb, double *est)
{
	char subject[160];
	json_t *h, *co;

	snprintf(subject, sizeof(subject), "%s/%s", sec, reg);
	h = chart_record(r, "entropy_headline_bits", subject);
	if (!h || !json_is_number(json_object_get(h, "value")))
		return 0;
	*lb = json_number_value(json_object_get(h, "value"));
	co = chart_record(r, "entropy_collision_bits", subject);
	*est = co && !json_object_get(co, "censored") &&
	       json_is_number(json_object_get(co, "value")) ?
	       json_number_value(json_object_get(co, "value")) : *lb;
	if (*est < *lb)
		*est = *lb;
	return 1;
}

static int chart_seed_bits(const struct chart_run *r, const char *sec, double *lb, double *est)
{
	int any = 0;

	*lb = INFINITY;
	for (int w = 0; w < 8; w++) {
		char reg[16];
		double l, e;

		snprintf(reg, sizeof(reg), "seed.%d", w);
		if (chart_region_bits(r, sec, reg, &l, &e) && l < *lb) {
			*lb = l;
			*est = e;
			any = 1;
		}
	}
	return any;
}

static int chart_entropy_make(const struct chart_ctx *c, FILE *dat, GString *gp,
			      struct chart_out *o, char *err, size_t n)
{
	const struct chart_run *r = chart_latest(c);
	static const char *const colors[] = {
		"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	};
	GString *tics = g_string_new(NULL);
	unsigned rows = 0;

	(void)err;
	(void)n;
	/* Boxes placed by hand, not gnuplot's histogram style, so that a
	 * region with 0 bits gets a marker and a region absent gets nothing. */
	fprintf(dat, "# x region(0 stack, 1 heap, 2 base, 3 canary, 4 seed) bound "
		"estimate (bits) section\n");
	GString *caps = g_string_new(NULL);

	for (size_t i = 0; r->have_samples && i < r->s.nsets; i++) {
		const char *sec = r->s.sets[i].section;
		double x0 = rows * (CHART_NREG + 1.5);
		int any = 0;

		for (size_t k = 0; k < CHART_NREG; k++) {
			double lb, est;
			int have = k == CHART_NREG - 1 ? chart_seed_bits(r, sec, &lb, &est) :
				chart_region_bits(r, sec, chart_regions[k], &lb, &est);

			if (!have)
				continue;
			fprintf(dat, "%.2f %zu %.3f %.3f \"%s\"\n", x0 + (double)k, k, lb, est, sec);
			any = 1;
		}
		if (!any)
			continue;
		g_string_append_printf(tics, "%s", tics->len ? ", " : "");
		chart_gp_str(tics, sec);
		g_string_append_printf(tics, " %.2f", x0 + (CHART_NREG - 1) / 2.0);
		/* What n boots can prove with no collision: log2(C(n,2) / 4.61). */
		g_string_append_printf(caps, "%.2f %.3f %zu 0\n", x0 - 0.5,
			log2((double)r->s.sets[i].rows * ((double)r->s.sets[i].rows - 1) / 2 /
			     stats_poisson_upper(0, 0.99)), CHART_NREG);
		rows++;
	}
	fprintf(dat, "\n\n# x cap_bits width 0: the most each section's boots can "
		"prove\n%s", caps->str);
	g_string_free(caps, TRUE);
	if (!rows) {
		snprintf(o->why, sizeof(o->why), "no section with address or secret samples");
		g_string_free(tics, TRUE);
		return 0;
	}
	o->drawn = 1;
	g_string_append(gp,
		"set title 'Entropy per region and configuration: 99% lower bound (bar), "
		"collision estimate (whisker)'\n"
		"set ylabel 'bits'\n"
		"set style fill solid 0.85 border rgb '#333333'\n"
		"set boxwidth 0.9\n"
		"set grid ytics lc rgb '#dddddd'\n"
		"set yrange [-0.8:*]\n"
		"set xzeroaxis lt 1 lc rgb '#000000'\n"
		"set key outside right top vertical Left reverse noautotitle\n"
		"set bmargin 5\n");
	g_string_append_printf(gp, "set xrange [-1:%.2f]\n", rows * (CHART_NREG + 1.5) - 1.5);
	g_string_append_printf(gp, "set xtics (%s) rotate by 30 right nomirror noenhanced\n"
			       "plot ", tics->str);
	for (size_t k = 0; k < CHART_NREG; k++)
		g_string_append_printf(gp, "'entropy.dat' index 0 using 1:($2 == %zu ? $3 : 1/0) with "
				       "boxes lc rgb '%s' title '%s%s', \\\n     ", k,
				       colors[k], chart_regions[k], k == CHART_NREG - 1 ?
				       " (weakest word)" : "");
	g_string_append(gp, "'' index 0 using 1:($4 > $3 ? $3 : 1/0):3:4 with yerrorbars "
			"lc rgb '#000000' pt 0 ps 0 lw 1.2 title 'up to the estimate', \\\n"
			"     '' index 0 using 1:($3 < 0.05 ? 0 : 1/0) with points pt 2 ps 0.9 lw 2 "
			"lc rgb '#000000' title '0 bits', \\\n"
			"     '' index 1 using 1:2:3:4 with vectors nohead dt 2 lw 1.5 "
			"lc rgb '#555555' title 'most the boots can prove'\n");
	g_string_free(tics, TRUE);
	return 0;
}

const struct chart chart_entropy = {
	.name = "entropy",
	.title = "Entropy per region and configuration",
	.caption = "Bars: the 99% lower bound the aslr_entropy suite quotes per region "
		   "(entropy_headline_bits); whiskers reach the collision (Rényi-2) "
		   "estimate where collisions were seen. A bar without a whisker saw no "
		   "collision: it shows what the number of boots can prove, not a ceiling "
		   "of the image.",
	.width = 1200,
	.height = 600,
	.make = chart_entropy_make,
};
