/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entropy per region and configuration: the aslr_entropy suite's headline
 * bound (entropy_headline_bits: the 99% lower bound it quotes) as bars,
 * and a whisker up to the collision estimate where collisions allow one.
 * A bar without a whisker saw no collision: the bound is then what the
 * number of boots can show (log2(C(n,2)/4.6) bits), not what the image
 * has.  Every region the records have is drawn (stack, heap, base, text,
 * data, a foreign image's captures, registers sampled from outside);
 * a secret in words (seed.0 ... 7, rng.0 ...) as the weakest word.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "stats.h"
#include "entropy.h"

#define CHART_MAXREG 16

/* Regions in the order drawn: the layout first, secrets after, anything
 * else (a foreign image's own names) in the order the records give. */
static const char *const chart_order[] = {
	"stack", "heap", "base", "text", "data", "canary", "seed",
};

struct chart_regs {
	char name[CHART_MAXREG][64];
	int words[CHART_MAXREG];  /* 1: NAME.0, NAME.1, ... */
	size_t n;
};

static int chart_rank(const char *name)
{
	for (size_t i = 0; i < sizeof(chart_order) / sizeof(chart_order[0]); i++)
		if (!strcmp(chart_order[i], name))
			return (int)i;
	return !strncmp(name, "regs.", 5) ? 100 : 50;
}

/* The regions of the latest run's headline records, words grouped. */
static void chart_regs_of(const struct chart_run *r, struct chart_regs *g)
{
	json_t *m;
	size_t i;

	memset(g, 0, sizeof(*g));
	json_array_foreach(r->recs, i, m) {
		const char *s = json_string_value(json_object_get(m, "subject"));
		const char *slash = s ? strchr(s, '/') : NULL, *dot;
		char reg[64];
		int words = 0;
		size_t k;

		if (g_strcmp0(json_string_value(json_object_get(m, "metric")),
			      "entropy_headline_bits") || !slash)
			continue;
		snprintf(reg, sizeof(reg), "%s", slash + 1);
		dot = strrchr(reg, '.');
		if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1) &&
		    strncmp(reg, "regs.", 5)) {
			reg[dot - reg] = '\0';
			words = 1;
		}
		for (k = 0; k < g->n && strcmp(g->name[k], reg); k++)
			;
		if (k == g->n && g->n < CHART_MAXREG) {
			snprintf(g->name[g->n], sizeof(g->name[0]), "%s", reg);
			g->words[g->n++] = words;
		}
	}
	/* stable insertion sort by rank */
	for (size_t a = 1; a < g->n; a++)
		for (size_t b = a; b > 0 && chart_rank(g->name[b]) < chart_rank(g->name[b - 1]); b--) {
			char t[64];
			int w = g->words[b];

			memcpy(t, g->name[b], sizeof(t));
			memcpy(g->name[b], g->name[b - 1], sizeof(t));
			memcpy(g->name[b - 1], t, sizeof(t));
			g->words[b] = g->words[b - 1];
			g->words[b - 1] = w;
		}
}

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

/* The weakest word of a secret in words. */
static int chart_word_bits(const struct chart_run *r, const char *sec, const char *name,
			   double *lb, double *est)
{
	int any = 0;

	*lb = INFINITY;
	for (int w = 0; w < 64; w++) {
		char reg[80];
		double l, e;

		snprintf(reg, sizeof(reg), "%s.%d", name, w);
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
		"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
		"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
	};
	GString *tics = g_string_new(NULL);
	struct chart_regs g;
	unsigned rows = 0;

	(void)err;
	(void)n;
	chart_regs_of(r, &g);
	/* Boxes placed by hand, not gnuplot's histogram style, so that a
	 * region with 0 bits gets a marker and a region absent gets nothing. */
	fprintf(dat, "# x region(");
	for (size_t k = 0; k < g.n; k++)
		fprintf(dat, "%s%zu %s", k ? ", " : "", k, g.name[k]);
	fprintf(dat, ") bound estimate (bits) section\n");
	GString *caps = g_string_new(NULL);

	for (size_t i = 0; r->have_samples && i < r->s.nsets; i++) {
		const char *sec = r->s.sets[i].section;
		double x0 = rows * ((double)g.n + 1.5);
		int any = 0;

		for (size_t k = 0; k < g.n; k++) {
			double lb, est;
			int have = g.words[k] ? chart_word_bits(r, sec, g.name[k], &lb, &est) :
				chart_region_bits(r, sec, g.name[k], &lb, &est);

			if (!have)
				continue;
			fprintf(dat, "%.2f %zu %.3f %.3f \"%s\"\n", x0 + (double)k, k, lb, est, sec);
			any = 1;
		}
		if (!any)
			continue;
		g_string_append_printf(tics, "%s", tics->len ? ", " : "");
		chart_gp_str(tics, sec);
		g_string_append_printf(tics, " %.2f", x0 + ((double)g.n - 1) / 2.0);
		/* What n boots can prove with no collision: log2(C(n,2) / 4.61). */
		g_string_append_printf(caps, "%.2f %.3f %zu 0\n", x0 - 0.5,
			log2((double)r->s.sets[i].rows * ((double)r->s.sets[i].rows - 1) / 2 /
			     stats_poisson_upper(0, 0.99)), g.n);
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
	g_string_append_printf(gp, "set xrange [-1:%.2f]\n", rows * ((double)g.n + 1.5) - 1.5);
	g_string_append_printf(gp, "set xtics (%s) rotate by 30 right nomirror noenhanced\n"
			       "plot ", tics->str);
	for (size_t k = 0; k < g.n; k++) {
		char title[128];

		snprintf(title, sizeof(title), "%s%s", g.name[k],
			 g.words[k] ? " (weakest word)" :
			 !strncmp(g.name[k], "regs.", 5) ? " (from outside, QMP)" : "");
		g_string_append_printf(gp, "'entropy.dat' index 0 using 1:($2 == %zu ? $3 : 1/0) with "
				       "boxes lc rgb '%s' title ", k, colors[k % 10]);
		chart_gp_str(gp, title);
		g_string_append(gp, " noenhanced, \\\n     ");
	}
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
