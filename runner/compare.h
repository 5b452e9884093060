/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare BASE NEW: the nightly regression gate.
 *
 * Every metric record of the two results directories (metrics.jsonl, plus
 * the records compare_derive.c states from boots.jsonl and run.json: seed
 * source, accelerator, section skipped, in-guest check outcomes, boot
 * phases) is paired by (metric, subject) and handed to the first family of
 * cmp_families[] (compare.c) whose metric-name pattern matches:
 *
 *   exact      compare_exact.c      known answers, seed source, accelerator,
 *                                   section ran, check PASS -> SKIP
 *   rate       compare_rate.c       Fisher exact: failure rates, counts of n
 *   entropy    compare_entropy.c    entropy --compare's tests on the region's
 *                                   raw samples (one test per region)
 *   collision  compare_collision.c  collision counts, conditional binomial
 *   verdict    compare_verdict.c    battery p-values with their assessment
 *   boottime   compare_boottime.c   boot phases: Mann-Whitney U and the
 *                                   bootstrap change of medians vs a noise floor
 *   interval   compare_interval.c   anything else: interval overlap
 *
 * A family fills the item's p-value (or marks a change certain: no test
 * needed) and the direction; compare.c adjusts the p-values by Holm's
 * step-down at the family-wise alpha and decides the verdicts.
 */
#ifndef HB_RUNNER_COMPARE_H
#define HB_RUNNER_COMPARE_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "samples.h"

enum cmp_verdict {
	CMP_SAME,
	CMP_BETTER,
	CMP_WORSE,
	CMP_DIFFERS,      /* changed, no better/worse direction */
	CMP_GONE,         /* in BASE, missing from NEW: a regression */
	CMP_NEW,          /* only in NEW */
	CMP_UNTESTED,     /* not compared, the note says why */
	CMP_NVERDICTS
};

extern const char *const cmp_verdict_names[CMP_NVERDICTS];

struct cmp_opts {
	double alpha;           /* family-wise error rate (Holm) */
	double noise;           /* boot times across runs: relative noise floor */
	double quantile;        /* boot times: the quantile judged (0.5: median) */
	double confidence;      /* of the boot-time change interval */
	unsigned long bootstrap;
	unsigned long seed;
	int force;              /* compare across QEMU versions, accelerators */
};

/* One results directory, read once. */
struct cmp_run {
	const char *dir;
	json_t *run;            /* run.json, or null */
	json_t *recs;           /* metric records: metrics.jsonl, then derived */
	struct samples s;       /* boots.jsonl as columns */
	int have_samples;
	void *ent;              /* compare_entropy.c's cache of analyzed sections */
};

struct cmp_ctx;

struct cmp_item {
	const char *metric, *subject;
	json_t *a, *b;              /* the records, borrowed (NULL: absent) */
	const struct cmp_family *fam;
	char hyp[192];              /* items with one hypothesis share one test */
	double p;                   /* NAN: no test ran */
	double p_adj;               /* after Holm */
	int certain;                /* a change that needs no statistics */
	int dir;                    /* +1 NEW better, -1 worse, 0 no direction */
	int within_noise;           /* significant but inside the noise floor */
	enum cmp_verdict v;
	char test[256];             /* which test decided */
	char note[320];             /* the numbers behind it, or why untested */
};

/*
 * A comparison family: match lists metric-name globs (g_pattern_match
 * syntax: * and ?).  compare() fills p / certain / dir / test / note and,
 * for items that share a test, hyp.  skip: why the family cannot run
 * here (its items are then reported as not compared, never dropped).
 */
struct cmp_family {
	const char *name;
	const char *test;           /* one line: the test, as documented */
	const char *const *match;
	void (*compare)(struct cmp_ctx *c, struct cmp_item *it);
	const char *skip;
};

struct cmp_ctx {
	struct cmp_opts o;
	struct cmp_run a, b;        /* BASE, NEW */
	int same_host;              /* boot times comparable at all */
	char host_why[200];
	json_t *notes;              /* array of header lines for the summary */
};

extern const struct cmp_family cmp_rate_family;
extern const struct cmp_family cmp_entropy_family;
extern const struct cmp_family cmp_collision_family;
extern const struct cmp_family cmp_verdict_family;
extern const struct cmp_family cmp_exact_family;
extern const struct cmp_family cmp_boottime_family;
extern const struct cmp_family cmp_interval_family;
/* In matching order, the catch-all last; NULL-terminated. */
extern const struct cmp_family *const cmp_families[];

/* ---- compare.c ----------------------------------------------------------- */

struct cmp_result {
	struct cmp_item *items;
	size_t n;
	size_t count[CMP_NVERDICTS];
	size_t ntests;              /* hypotheses in the Holm family */
};

void cmp_opts_default(struct cmp_opts *o);
/* Two empty sides to fill with records in memory (unit tests, fuzzers): no
 * run.json, no samples. */
void cmp_init_mem(struct cmp_ctx *c, const struct cmp_opts *o);
/* Load both sides; refuses (-EINVAL, err) different QEMU versions or
 * requested accelerators unless o->force. */
int cmp_open(struct cmp_ctx *c, const struct cmp_opts *o, const char *base,
	     const char *newdir, char *err, size_t n);
void cmp_run_all(struct cmp_ctx *c, struct cmp_result *r);
void cmp_result_free(struct cmp_result *r);
void cmp_close(struct cmp_ctx *c);
const struct cmp_family *cmp_family_for(const char *metric);
/* Helpers for the families. */
double cmp_num(json_t *rec, const char *key);        /* NAN if absent */
const char *cmp_str(json_t *rec, const char *key);   /* NULL if absent */
/* +1 if NEW's value is better by the record's "better", -1 worse, 0 none
 * or equal. */
int cmp_direction(json_t *a, json_t *b);
/* "section" of "section/region"; into buf. */
const char *cmp_section(const char *subject, char *buf, size_t n);
/* A section's entry in run.json's sections, or NULL. */
json_t *cmp_run_section(const struct cmp_run *r, const char *section);
/* Value with unit for tables: "13.2 bits", "0.3%", "rdrand". */
void cmp_fmt_value(json_t *rec, char *buf, size_t n);

/* ---- compare_derive.c ---------------------------------------------------- */

/* Records stated from boots.jsonl and run.json, appended to r->recs. */
void cmp_derive(struct cmp_run *r);

/* ---- compare_entropy.c ---------------------------------------------------- */

/* Drop the side's analyzed sections. */
void cmp_entropy_free(struct cmp_run *r);

/* ---- compare_boottime.c (also hardboot report) --------------------------- */

struct cmp_phase {
	const char *name;
	const char *from, *to;      /* sample columns; from NULL: the value of to */
	const char *unit;           /* of the raw difference */
	double scale;               /* raw * scale = value in display unit */
	const char *display;        /* "ms", "Mticks" */
	const char *label;          /* short, for a chart: "QEMU CPU time per boot" */
	const char *what;
};
extern const struct cmp_phase cmp_phases[];
extern const size_t cmp_nphases;
/* Durations of one phase for every passing boot that has both marks
 * (g_free() *out); the count. */
size_t cmp_phase_values(const struct sample_set *set, const struct cmp_phase *ph,
			double **out);

/* ---- compare_out.c ------------------------------------------------------- */

void cmp_markdown(FILE *f, const struct cmp_ctx *c, const struct cmp_result *r,
		  int all);
int cmp_junit(const char *path, const struct cmp_ctx *c,
	      const struct cmp_result *r, char *err, size_t n);
json_t *cmp_json(const struct cmp_ctx *c, const struct cmp_result *r);

/* ---- the command --------------------------------------------------------- */

struct compare_args {
	struct cmp_opts o;
	const char *base, *newdir;
	const char *markdown;       /* NULL: stdout */
	const char *junit;
	int json;                   /* the JSON document on stdout, no Markdown there */
	const char *json_file;
	int all;                    /* list unchanged metrics in the main table */
};

int compare_main(const struct compare_args *a);

#endif
