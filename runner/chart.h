/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot report: charts (gnuplot, SVG and PNG) and one static HTML page
 * from results directories, oldest first; the last one is "the run" the
 * per-configuration charts show, all of them make the trends.
 *
 * Each chart is one file ending in its descriptor, listed in
 * chart_list[] (chart.c) in the order the page shows them:
 *
 *   phases     chart_phases.c    guest boot phases per configuration, stacked
 *   overhead   chart_overhead.c  boot cost against the baseline, CI whiskers
 *   entropy    chart_entropy.c   bits per region per configuration, lower bounds
 *   trend      chart_trend.c     boot cost and entropy over the nightly history
 *
 * A chart writes its data (NAME.dat) and its gnuplot commands; chart.c
 * wraps them in NAME.gp, which draws NAME.svg and NAME.png and can be
 * rerun by hand (`gnuplot NAME.gp` in the output directory).
 */
#ifndef HB_RUNNER_CHART_H
#define HB_RUNNER_CHART_H

#include <glib.h>
#include <jansson.h>
#include <stdio.h>

#include "samples.h"

/* One results directory. */
struct chart_run {
	const char *dir;
	json_t *run;            /* run.json (null if absent) */
	json_t *recs;           /* metrics.jsonl, plus entropy and boottime
				   records computed for sections that had none */
	struct samples s;
	int have_samples;
	char label[32];         /* "11-25 21:24:57" from run.json written, or the dir */
};

struct chart_ctx {
	struct chart_run *runs; /* oldest first */
	size_t nruns;
	const char *out;
	const char *baseline;   /* section; NULL: the one whose image is "baseline" */
	const char *cost;       /* phase name for overhead and trend (boottime_phases) */
	unsigned long bootstrap, seed;
	json_t *compare;        /* hardboot compare --json-file, or NULL */
};

/* What a chart drew, for the page. */
struct chart_out {
	int drawn;
	char why[512];          /* not drawn: the reason; drawn: a caption note */
};

struct chart {
	const char *name;       /* file stem */
	const char *title;
	const char *caption;    /* how to read it */
	int width, height;      /* pixels */
	/* Write the data to dat and the plot commands (after the terminal
	 * settings) to gp.  0 and o->drawn = 1: draw; 0 and drawn = 0:
	 * nothing to draw, o->why says why; -errno: failure, err. */
	int (*make)(const struct chart_ctx *c, FILE *dat, GString *gp,
		    struct chart_out *o, char *err, size_t n);
	const char *skip;
};

extern const struct chart chart_phases;
extern const struct chart chart_overhead;
extern const struct chart chart_entropy;
extern const struct chart chart_trend_cost;
extern const struct chart chart_trend_entropy;
extern const struct chart *const chart_list[];

/* ---- chart.c ------------------------------------------------------------- */

/* Read a results directory (or a `hardboot suite` output); baseline: the
 * section boot costs are compared against where the run states none. */
int chart_load(struct chart_run *r, const char *dir, const char *baseline, char *err,
	       size_t n);
void chart_run_free(struct chart_run *r);
const struct chart_run *chart_latest(const struct chart_ctx *c);
/* Records of a run matching metric (and subject, when not NULL). */
json_t *chart_record(const struct chart_run *r, const char *metric, const char *subject);
/* Draw one chart into c->out; o says what happened. */
int chart_draw(const struct chart_ctx *c, const struct chart *ch, struct chart_out *o,
	       char *err, size_t n);
/* The boot phase the cost charts draw: --cost, else qemu_cpu where the run
 * has it (perf), else guest. */
const char *chart_cost_name(const struct chart_ctx *c, const struct chart_run *r);
/* A phase's words for an axis: "QEMU CPU time per boot" for qemu_cpu. */
const char *chart_phase_label(const char *phase);
/* gnuplot's string quoting: 'it''s'. */
void chart_gp_str(GString *gp, const char *s);
/* Is gnuplot there?  NULL if so, else why not. */
const char *chart_gnuplot_missing(void);

/* ---- page.c: the command --------------------------------------------------- */

struct report_args {
	char **dirs;
	int ndirs;
	const char *out;
	const char *baseline;
	const char *cost;
	const char *compare_json; /* what compare --json-file wrote */
};

int report_main(const struct report_args *a);

#endif
