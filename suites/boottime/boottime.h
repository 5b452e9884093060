/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot boottime: what each configuration's boot phases cost, and the
 * difference against its baseline, from a run that sampled the
 * configurations interleaved (suites/boottime/README.md).
 *
 *   boottime.c      phases from the samples, calibration, the comparison
 *                   table, metric records, JSON
 *   boottime_run.c  --run SUITE and --pr OLD NEW: runs `hardboot run`,
 *                   and again on the flagged pairs to confirm them
 */
#ifndef HB_RUNNER_BOOTTIME_H
#define HB_RUNNER_BOOTTIME_H

#include <jansson.h>
#include <stdio.h>

#include "btstat.h"
#include "samples.h"

enum boottime_kind {
	BOOTTIME_GUEST,   /* difference of two TSC marks: ticks, calibrated to us */
	BOOTTIME_HOST,    /* host CLOCK_MONOTONIC, ns: cold mode only */
	BOOTTIME_CPU,     /* QEMU's task-clock, ns */
};

struct boottime_phase {
	const char *name;       /* named by the event that ends it */
	const char *from, *to;  /* sample columns; from NULL: to is a duration */
	enum boottime_kind kind;
	const char *what;
	const char *label;      /* short, for a chart */
};

extern const struct boottime_phase boottime_phases[];
extern const size_t boottime_nphases;

struct boottime_args {
	char **dirs;            /* results directories of the first sample */
	int ndirs;
	const char *confirm;    /* results directory of the confirmation sample */
	const char *baseline;   /* compare every config against this one */
	long warmup;            /* -1: each section's warmup key */
	struct btstat_opts o;   /* o.alpha is family-wise, per config pair */
	int json;               /* JSON document on stdout instead of tables */
	const char *metrics;    /* append metric records to this file; NULL: none */
	int gate;               /* exit 1 if any pair is confirmed slower */
	FILE *out;              /* the report; NULL: stdout */
	/* boottime_run.c */
	const char *suite;      /* --run SUITE */
	const char *pr_old, *pr_new;
	const char *outdir;
	const char *images_dir;
	const char *accel;
	unsigned long boots, confirm_boots;
	long interleave;        /* -1: the suite's, else 1 cold / 10 warm */
	int jobs;
};

/* Analyse; 0 ok, 1 gate failed, 2 usage or unreadable results. */
int boottime_main(const struct boottime_args *a);
/* The analysis as a JSON document (also for tests); NULL with err. */
json_t *boottime_analyse(const struct boottime_args *a, char *err, size_t n);
/* The metric records (boottime_phase, boottime_delta) of an analysis. */
json_t *boottime_records(json_t *doc);
/* Drive runs: --run SUITE or --pr OLD NEW, then analyse. */
int boottime_run_main(struct boottime_args *a);

struct suite;
struct run_args;
/*
 * The sampling of a boot-time suite: the whole suite interleaved into
 * first (its TAP in first_tap), analysed; the flagged pairs again into
 * confirm (confirm_boots each, 0: as the suite says).  *confirmed says
 * whether the second run happened.  0, or an exit status with err.
 */
int boottime_sample(struct suite *s, const struct run_args *ra, const struct btstat_opts *o,
		    const char *first, const char *first_tap, const char *confirm,
		    const char *confirm_tap, unsigned long confirm_boots, int *confirmed,
		    char *err, size_t n);

#endif
