/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a boot's time goes inside the guest, per configuration: the
 * median of each phase between two TSC marks (entry -> paging -> rng ->
 * aslr -> main), stacked.  Medians of the phases, not of the total: a
 * phase that a loaded host slowed now and then does not hide the others.
 * The TSC ticks at the host's rate under TCG and is the host's TSC under
 * KVM, so the unit is ticks; a chart compares configurations run on one
 * host.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "stats.h"
#include "compare.h"

static const char *const chart_phase_names[] = { "paging", "rng", "aslr", "main" };
static const char *const chart_phase_titles[] = {
	"entry → long mode (paging)", "CSPRNG seeded and self-tested (rng)",
	"to the random base (aslr)", "to main",
};

static const struct cmp_phase *chart_phase(const char *name)
{
	for (size_t i = 0; i < cmp_nphases; i++)
		if (!strcmp(cmp_phases[i].name, name))
			return &cmp_phases[i];
	return NULL;
}

/* The guest TSC's rate, kHz: the guests' own tsc record where they printed
 * one, else the host's TSC as the runner measured it (run.json host_tsc):
 * under TCG, and under KVM without TSC scaling, the guest's TSC ticks at
 * the host's rate.  0: unknown, the chart stays in ticks. */
static double chart_phases_khz(const struct chart_run *r, const char **from)
{
	json_t *h = json_object_get(json_object_get(r->run, "host_tsc"), "khz");

	for (size_t i = 0; r->have_samples && i < r->s.nsets; i++) {
		const struct sample_col *c = samples_col(&r->s.sets[i], "tsc_khz");

		for (size_t k = 0; c && k < r->s.sets[i].rows; k++)
			if (c->have[k] && c->v[k]) {
				*from = "the guests' tsc record";
				return (double)c->v[k];
			}
	}
	*from = "the host's TSC, measured by the runner";
	return json_is_number(h) && json_number_value(h) > 0 ? json_number_value(h) : 0;
}

static int chart_phases_make(const struct chart_ctx *c, FILE *dat, GString *gp,
			     struct chart_out *o, char *err, size_t n)
{
	const struct chart_run *r = chart_latest(c);
	GString *none = g_string_new(NULL);
	const char *from;
	double khz = chart_phases_khz(r, &from);
	/* ticks -> us, or -> millions of ticks */
	double scale = khz > 0 ? 1000 / khz : 1e-6;
	unsigned rows = 0;

	(void)err;
	(void)n;
	fprintf(dat, "# section median %s: paging rng aslr main; boots\n", khz > 0 ? "us" : "Mticks");
	for (size_t i = 0; r->have_samples && i < r->s.nsets; i++) {
		const struct sample_set *set = &r->s.sets[i];
		double med[4];
		size_t cnt = 0;
		int ok = 1;

		for (int k = 0; k < 4; k++) {
			double *v;
			size_t m = cmp_phase_values(set, chart_phase(chart_phase_names[k]), &v);

			med[k] = m ? stats_median(v, m) * scale : NAN;
			ok &= m > 0;
			cnt = m > cnt ? m : cnt;
			g_free(v);
		}
		if (!ok) {
			g_string_append_printf(none, "%s%s", none->len ? ", " : "", set->section);
			continue;
		}
		fprintf(dat, "\"%s%s\" %.6f %.6f %.6f %.6f %zu\n", set->section,
			g_strcmp0(set->mode, "cold") ? "" : " (cold)", med[0], med[1], med[2],
			med[3], cnt);
		rows++;
	}
	if (!rows) {
		snprintf(o->why, sizeof(o->why), "no section with the guest's phase marks "
			 "(tsc.entry ... tsc.main)");
		g_string_free(none, TRUE);
		return 0;
	}
	o->drawn = 1;
	if (khz > 0)
		snprintf(o->why, sizeof(o->why), "TSC rate %.1f MHz, from %s.", khz / 1000, from);
	if (none->len) {
		size_t l = strlen(o->why);

		snprintf(o->why + l, sizeof(o->why) - l, "%sNot shown (no phase marks): %s.",
			 l ? " " : "", none->str);
	}
	g_string_append(gp,
		"set title 'Guest boot phases per configuration (median of passing boots, "
		"guest TSC)'\n"
		"set style data histograms\n"
		"set style histogram rowstacked\n"
		"set style fill solid 0.85 border rgb '#333333'\n"
		"set boxwidth 0.7 relative\n"
		"set grid ytics lc rgb '#dddddd'\n"
		"set yrange [0:*]\n"
		"set xtics rotate by 30 right nomirror\n"
		"set bmargin 7\n"
		"set key outside right top vertical Left reverse noautotitle\n");
	if (khz > 0)
		g_string_append(gp, "set ylabel 'µs (median per phase)'\n");
	else
		g_string_append(gp, "set ylabel 'million TSC ticks (median per phase; TSC rate unknown)'\n");
	g_string_append(gp, "plot ");
	for (int k = 0; k < 4; k++) {
		static const char *const colors[] = { "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1" };

		g_string_append_printf(gp, "%s'phases.dat' using %d%s title ", k ? ", \\\n     " : "",
				       k + 2, k ? "" : ":xtic(1)");
		chart_gp_str(gp, chart_phase_titles[k]);
		g_string_append_printf(gp, " lc rgb '%s'", colors[k]);
	}
	g_string_append_c(gp, '\n');
	g_string_free(none, TRUE);
	return 0;
}

const struct chart chart_phases = {
	.name = "phases",
	.title = "Boot phases per configuration",
	.caption = "Median duration of each guest phase between the image's TSC marks, "
		   "stacked, in microseconds at the TSC's rate (million ticks when no rate "
		   "is known). Under TCG every guest instruction is emulated: the phases "
		   "compare configurations of one run on one host, they are not hardware "
		   "costs.",
	.width = 1100,
	.height = 560,
	.make = chart_phases_make,
};
