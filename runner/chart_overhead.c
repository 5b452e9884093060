/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What each configuration costs against its baseline: the boottime
 * analysis's own comparison (boottime_delta records: the difference of
 * the medians of per-QEMU-process medians, warm-up discarded, with its
 * bootstrap interval and verdict), drawn relative to the baseline's
 * boottime_phase value.  So the chart, `hardboot boottime` and `compare`
 * quote one number per phase.  The cost is QEMU's CPU time per boot by
 * default (task-clock: steadier than wall time on a shared host), the
 * guest's entry-to-main time where perf gave none; --cost picks another
 * phase.  Each configuration is drawn against the baseline its section
 * names; --baseline keeps only the comparisons against that section.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"

static int chart_overhead_make(const struct chart_ctx *c, FILE *dat, GString *gp,
			       struct chart_out *o, char *err, size_t n)
{
	const struct chart_run *r = chart_latest(c);
	const char *phase = chart_cost_name(c, r);
	GString *bases = g_string_new(NULL);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	size_t rows = 0, i;
	const char *unit = "";
	json_t *m;

	(void)err;
	(void)n;
	fprintf(dat, "# configuration change%% lo%% hi%% difference lo hi unit verdict\n");
	json_array_foreach(r->recs, i, m) {
		const char *s = json_string_value(json_object_get(m, "subject"));
		const char *base = json_string_value(json_object_get(m, "baseline"));
		json_t *iv = json_object_get(m, "interval"), *bm;
		char sec[160], subj[200];
		double d, bv;
		size_t l;

		if (g_strcmp0(json_string_value(json_object_get(m, "metric")), "boottime_delta") ||
		    !s || !base || !g_str_has_suffix(s, phase) ||
		    (c->baseline && strcmp(base, c->baseline)))
			continue;
		l = strlen(s) - strlen(phase);
		if (l < 2 || s[l - 1] != '/' || l - 1 >= sizeof(sec))
			continue;
		snprintf(sec, sizeof(sec), "%.*s", (int)(l - 1), s);
		snprintf(subj, sizeof(subj), "%s/%s", base, phase);
		bm = chart_record(r, "boottime_phase", subj);
		bv = bm ? json_number_value(json_object_get(bm, "value")) : NAN;
		d = json_number_value(json_object_get(m, "value"));
		if (!(bv > 0) || json_array_size(iv) != 2)
			continue;
		unit = json_string_value(json_object_get(m, "unit")) ?: "";
		fprintf(dat, "\"%s vs %s\" %.3f %.3f %.3f %.6g %.6g %.6g %s \"%s\"\n", sec, base,
			100 * d / bv, 100 * json_number_value(json_array_get(iv, 0)) / bv,
			100 * json_number_value(json_array_get(iv, 1)) / bv, d,
			json_number_value(json_array_get(iv, 0)),
			json_number_value(json_array_get(iv, 1)), unit,
			json_string_value(json_object_get(m, "verdict")) ?: "?");
		if (!g_hash_table_contains(seen, subj)) {
			g_hash_table_add(seen, g_strdup(subj));
			g_string_append_printf(bases, "%s[%s] %.4g %s (%lld boots, %lld "
					       "processes)", bases->len ? "; " : "", base, bv, unit,
					       json_integer_value(json_object_get(bm, "n")),
					       json_integer_value(json_object_get(bm, "processes")));
		}
		rows++;
	}
	if (!rows) {
		snprintf(o->why, sizeof(o->why), "no boottime comparison of %s%s%s in %s: no "
			 "section names a baseline, or its boots had no such phase", phase,
			 c->baseline ? " against " : "", c->baseline ? c->baseline : "", r->dir);
		goto out;
	}
	o->drawn = 1;
	snprintf(o->why, sizeof(o->why), "Baselines, the median of the QEMU processes' "
		 "medians as hardboot boottime reports it: %s.", bases->str);
	g_string_append(gp, "set title ");
	{
		char *t = g_strdup_printf("Overhead against each baseline: %s (%s), difference "
					  "of the medians of per-process medians, 95%% bootstrap "
					  "interval", chart_phase_label(phase), phase);
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
		"set bmargin 9\n"
		"set offsets 0.5, 0.5, 0, 0\n"
		"set key top left\n"
		"plot 'overhead.dat' using 0:2:xtic(1) with boxes lc rgb '#4e79a7' "
		"title 'change', \\\n"
		"     '' using 0:2:3:4 with yerrorbars lc rgb '#000000' pt 0 lw 1.5 "
		"ps 0 title '95% interval'\n");
out:
	g_string_free(bases, TRUE);
	g_hash_table_destroy(seen);
	return 0;
}

const struct chart chart_overhead = {
	.name = "overhead",
	.title = "Overhead against the baseline",
	.caption = "Each configuration against the baseline its section names: the "
		   "difference of the medians of per-QEMU-process medians (the number "
		   "hardboot boottime prints), as a share of the baseline's, with the 95% "
		   "bootstrap interval over processes as whiskers; a whisker crossing 0 is "
		   "no measurable overhead. boottime's verdict, confirmed by a second "
		   "sample, is in overhead.dat.",
	.width = 1100,
	.height = 560,
	.make = chart_overhead_make,
};
