/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a boot's time goes inside the guest, per configuration: each phase
 * between two TSC marks (entry -> paging -> rng -> aslr -> main) as the
 * boottime analysis states it (boottime_phase records: the median of the
 * QEMU processes' medians, warm-up discarded, calibrated to microseconds),
 * stacked.  Medians of the phases, not of the total: a phase that a loaded
 * host slowed now and then does not hide the others.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"

static const char *const chart_phase_names[] = { "paging", "rng", "aslr", "main" };
static const char *const chart_phase_titles[] = {
	"entry → long mode (paging)", "CSPRNG seeded and self-tested (rng)",
	"to the random base (aslr)", "to main",
};

/* Sections with boottime_phase records, in the order they appear. */
static GPtrArray *chart_phases_sections(const struct chart_run *r)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	json_t *m;
	size_t i;

	json_array_foreach(r->recs, i, m) {
		const char *s = json_string_value(json_object_get(m, "subject"));
		const char *slash = s ? strrchr(s, '/') : NULL;
		char *sec;
		guint k;

		if (!slash || g_strcmp0(json_string_value(json_object_get(m, "metric")),
					"boottime_phase"))
			continue;
		sec = g_strndup(s, (gsize)(slash - s));
		for (k = 0; k < a->len && strcmp(a->pdata[k], sec); k++)
			;
		if (k == a->len)
			g_ptr_array_add(a, sec);
		else
			g_free(sec);
	}
	return a;
}

static int chart_phases_make(const struct chart_ctx *c, FILE *dat, GString *gp,
			     struct chart_out *o, char *err, size_t n)
{
	const struct chart_run *r = chart_latest(c);
	GPtrArray *secs = chart_phases_sections(r);
	GString *none = g_string_new(NULL);
	const char *unit = NULL;
	unsigned rows = 0;

	(void)err;
	(void)n;
	fprintf(dat, "# section, median of per-process medians: paging rng aslr main; boots; "
		"guest (entry -> main) median and its 95%% bootstrap interval\n");
	for (guint i = 0; i < secs->len; i++) {
		const char *sec = secs->pdata[i];
		double med[4];
		double g[3] = { NAN, NAN, NAN };
		char gs[200];
		json_t *gm;
		json_int_t cnt = 0;
		int ok = 1;

		for (int k = 0; k < 4; k++) {
			char subj[200];
			json_t *m;
			const char *u;

			snprintf(subj, sizeof(subj), "%s/%s", sec, chart_phase_names[k]);
			m = chart_record(r, "boottime_phase", subj);
			u = m ? json_string_value(json_object_get(m, "unit")) : NULL;
			/* one unit per chart: microseconds, or ticks where no TSC
			 * rate was known */
			if (u && !unit)
				unit = u;
			ok &= m && u && !strcmp(u, unit);
			med[k] = m ? json_number_value(json_object_get(m, "value")) : NAN;
			if (m && json_integer_value(json_object_get(m, "n")) > cnt)
				cnt = json_integer_value(json_object_get(m, "n"));
		}
		if (!ok) {
			g_string_append_printf(none, "%s%s", none->len ? ", " : "", sec);
			continue;
		}
		snprintf(gs, sizeof(gs), "%s/guest", sec);
		gm = chart_record(r, "boottime_phase", gs);
		if (gm && !g_strcmp0(json_string_value(json_object_get(gm, "unit")), unit)) {
			json_t *iv = json_object_get(gm, "interval");

			g[0] = json_number_value(json_object_get(gm, "value"));
			if (json_is_array(iv)) {
				g[1] = json_number_value(json_array_get(iv, 0));
				g[2] = json_number_value(json_array_get(iv, 1));
			}
		}
		fprintf(dat, "\"%s\" %.6f %.6f %.6f %.6f %lld %.6f %.6f %.6f\n", sec, med[0], med[1],
			med[2], med[3], (long long)cnt, g[0], g[1], g[2]);
		rows++;
	}
	g_ptr_array_free(secs, TRUE);
	if (!rows) {
		snprintf(o->why, sizeof(o->why), "no boottime phases of the guest's marks "
			 "(tsc.entry ... tsc.main) in %s", r->dir);
		g_string_free(none, TRUE);
		return 0;
	}
	o->drawn = 1;
	snprintf(o->why, sizeof(o->why), "The median of the QEMU processes' medians, as "
		 "hardboot boottime reports it, in %s.", !strcmp(unit, "us") ?
		 "microseconds at the calibrated TSC rate" : unit);
	{
		json_int_t il = json_integer_value(json_object_get(r->run, "interleave"));
		size_t l = strlen(o->why);

		if (il > 0)
			snprintf(o->why + l, sizeof(o->why) - l, " Sampled interleaved: the "
				 "sections took turns of %lld boots, rotating.", (long long)il);
		else
			snprintf(o->why + l, sizeof(o->why) - l, " Sampled one section after "
				 "another (not interleaved): the host's drift is in the differences.");
	}
	if (none->len) {
		size_t l = strlen(o->why);

		snprintf(o->why + l, sizeof(o->why) - l, " Not shown (no phase marks, or "
			 "another unit): %s.", none->str);
	}
	g_string_append(gp,
		"set title 'Guest boot phases per configuration (median of per-process "
		"medians, guest TSC)'\n"
		"set style data histograms\n"
		"set style histogram rowstacked\n"
		"set style fill solid 0.85 border rgb '#333333'\n"
		"set boxwidth 0.7 relative\n"
		"set grid ytics lc rgb '#dddddd'\n"
		"set yrange [0:*]\n"
		"set xtics rotate by 30 right nomirror\n"
		"set bmargin 7\n"
		"set key outside right top vertical Left reverse noautotitle\n");
	if (!strcmp(unit, "us"))
		g_string_append(gp, "set ylabel 'µs (median per phase)'\n");
	else
		g_string_append(gp, "set ylabel 'TSC ticks (median per phase; TSC rate unknown)'\n");
	g_string_append(gp, "plot ");
	for (int k = 0; k < 4; k++) {
		static const char *const colors[] = { "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1" };

		g_string_append_printf(gp, "%s'phases.dat' using %d%s title ", k ? ", \\\n     " : "",
				       k + 2, k ? "" : ":xtic(1)");
		chart_gp_str(gp, chart_phase_titles[k]);
		g_string_append_printf(gp, " lc rgb '%s'", colors[k]);
	}
	g_string_append(gp, ", \\\n     'phases.dat' using 0:7:8:9 with yerrorbars lc rgb '#000000' "
		"pt 7 ps 0.5 lw 1.5 title 'guest, entry to main: median, 95% interval'");
	g_string_append_c(gp, '\n');
	g_string_free(none, TRUE);
	return 0;
}

const struct chart chart_phases = {
	.name = "phases",
	.title = "Boot phases per configuration",
	.caption = "Each guest phase between the image's TSC marks as hardboot boottime "
		   "states it (the median of the QEMU processes' medians, warm-up "
		   "discarded), stacked, in microseconds at the TSC's rate (ticks when no "
		   "rate is known). Under TCG every guest instruction is emulated: the phases "
		   "compare configurations of one run on one host, they are not hardware "
		   "costs.",
	.width = 1100,
	.height = 560,
	.make = chart_phases_make,
};
