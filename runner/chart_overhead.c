/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What each configuration costs against the baseline: the relative change
 * of the median boot cost, median(config) / median(baseline) - 1, with
 * its 95% percentile-bootstrap interval as whiskers (stats.c).  The
 * cost is QEMU's CPU time per boot by default (task-clock: steadier than
 * wall time on a shared host); --cost picks another phase.  Only
 * configurations under the baseline's accelerator and mode are drawn: a
 * cold boot against a warm one measures QEMU's start-up, not hardening.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "stats.h"
#include "compare.h"

const struct cmp_phase *chart_cost_phase(const struct chart_ctx *c)
{
	for (size_t i = 0; i < cmp_nphases; i++)
		if (!strcmp(cmp_phases[i].name, c->cost ? c->cost : "qemu_cpu"))
			return &cmp_phases[i];
	return NULL;
}

static const struct sample_set *chart_baseline(const struct chart_ctx *c,
					       const struct chart_run *r)
{
	for (size_t i = 0; i < r->s.nsets; i++) {
		const struct sample_set *set = &r->s.sets[i];

		if (c->baseline ? !strcmp(set->section, c->baseline) :
		    !g_strcmp0(set->image, "baseline"))
			return set;
	}
	return NULL;
}

static int chart_overhead_make(const struct chart_ctx *c, FILE *dat, GString *gp,
			       struct chart_out *o, char *err, size_t n)
{
	const struct chart_run *r = chart_latest(c);
	const struct cmp_phase *ph = chart_cost_phase(c);
	const struct sample_set *base = r->have_samples ? chart_baseline(c, r) : NULL;
	GString *other = g_string_new(NULL);
	double *bv = NULL, bmed;
	size_t nb, rows = 0;

	(void)err;
	(void)n;
	if (!ph) {
		snprintf(o->why, sizeof(o->why), "no boot phase named %s", c->cost);
		goto out;
	}
	if (!base) {
		snprintf(o->why, sizeof(o->why), "no baseline: no section %s%s in %s "
			 "(--baseline SECTION)", c->baseline ? c->baseline : "with image ",
			 c->baseline ? "" : "baseline", r->dir);
		goto out;
	}
	nb = cmp_phase_values(base, ph, &bv);
	if (nb < STATS_MIN_N) {
		snprintf(o->why, sizeof(o->why), "baseline [%s]: %zu boots with %s, fewer "
			 "than %d", base->section, nb, ph->name, STATS_MIN_N);
		goto out;
	}
	fprintf(dat, "# section change%% lo%% hi%% median_%s boots\n", ph->display);
	for (size_t i = 0; i < r->s.nsets; i++) {
		const struct sample_set *set = &r->s.sets[i];
		double *v, est, lo, hi;
		size_t m;

		if (set == base)
			continue;
		if (g_strcmp0(set->accel, base->accel) || g_strcmp0(set->mode, base->mode)) {
			g_string_append_printf(other, "%s%s (%s, %s)", other->len ? ", " : "",
					       set->section, set->accel ?: "?", set->mode ?: "?");
			continue;
		}
		m = cmp_phase_values(set, ph, &v);
		if (m >= STATS_MIN_N) {
			struct stats_boot so = { c->bootstrap, c->seed, 0.95 };

			stats_quantile_change(bv, nb, v, m, 0.5, &so, &est, &lo, &hi);
			fprintf(dat, "\"%s\" %.3f %.3f %.3f %.6g %zu\n", set->section,
				100 * est, 100 * lo, 100 * hi, stats_median(v, m) * ph->scale, m);
			rows++;
		}
		g_free(v);
	}
	if (!rows) {
		snprintf(o->why, sizeof(o->why), "no configuration under the baseline's "
			 "accelerator and mode (%s, %s)", base->accel ?: "?", base->mode ?: "?");
		goto out;
	}
	o->drawn = 1;
	bmed = stats_median(bv, nb) * ph->scale;
	snprintf(o->why, sizeof(o->why), "Baseline [%s]: median %.3g %s over %zu boots (%s, "
		 "%s).%s%s", base->section, bmed, ph->display, nb, base->accel ?: "?",
		 base->mode ?: "?", other->len ? " Not comparable (other accelerator or "
		 "mode): " : "", other->str);
	g_string_append(gp, "set title ");
	{
		char *t = g_strdup_printf("Overhead against [%s]: %s (%s), change of the "
					  "median, 95%% bootstrap interval", base->section,
					  ph->label, ph->name);
		chart_gp_str(gp, t);
		g_free(t);
	}
	g_string_append(gp, " noenhanced\n"
		"set ylabel 'change of the median against the baseline (%)'\n"
		"set style fill solid 0.7 border rgb '#333333'\n"
		"set boxwidth 0.6\n"
		"set grid ytics lc rgb '#dddddd'\n"
		"set xzeroaxis lt 1 lc rgb '#000000' lw 1\n"
		"set xtics rotate by 30 right nomirror noenhanced\n"
		"set bmargin 7\n"
		"set offsets 0.5, 0.5, 0, 0\n"
		"set key top left\n"
		"plot 'overhead.dat' using 0:2:xtic(1) with boxes lc rgb '#4e79a7' "
		"title 'median change', \\\n"
		"     '' using 0:2:3:4 with yerrorbars lc rgb '#000000' pt 0 lw 1.5 "
		"ps 0 title '95% interval'\n");
out:
	g_string_free(other, TRUE);
	g_free(bv);
	return 0;
}

const struct chart chart_overhead = {
	.name = "overhead",
	.title = "Overhead against the baseline",
	.caption = "Relative change of each configuration's median boot cost against the "
		   "baseline section, with the 95% percentile-bootstrap interval as "
		   "whiskers; a whisker crossing 0 is no measurable overhead. Sections run "
		   "one after another, so a host whose load drifts during the run moves "
		   "them too: for a hardening cost to quote, use an interleaved A/B run.",
	.width = 1100,
	.height = 560,
	.make = chart_overhead_make,
};
