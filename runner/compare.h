/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare BASE NEW: the nightly regression gate.
 *
 * Reads metric records only (metrics.jsonl of each side, as `hardboot
 * suite` and the analyses wrote them: docs/results.md), never boots.jsonl.
 * Records are paired by (metric, subject, policy) and each pair is judged
 * by the family of the kind the record declares in "compare"
 * (compare_kinds[], compare.c):
 *
 *   fact        compare_exact.c      equality: a change is certain
 *   verdict     compare_policy.c     a policy verdict: pass -> fail/skip
 *   rate, skips compare_rate.c       Fisher exact on k of n; none -> some
 *                                    skips is PASS -> SKIP, certain
 *   collision   compare_collision.c  colliding pairs of C(n,2): exact
 *                                    binomial conditional on their sum
 *   pvalue      compare_pvalue.c     the suite's p of "the property holds"
 *   assessment  compare_verdict.c    a battery line's assessment
 *   ab          compare_ab.c         an in-run A/B verdict with its interval
 *   trend, view, info                shown, never a gate
 *
 * Every p-value of one subject is one hypothesis (Bonferroni inside it);
 * the subjects' p-values share one Holm step-down at the family-wise
 * alpha.  A finding is a subject with a change: one row, worst first.
 */
#ifndef HB_RUNNER_COMPARE_H
#define HB_RUNNER_COMPARE_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

enum compare_verdict {
	COMPARE_SAME,
	COMPARE_BETTER,
	COMPARE_WORSE,
	COMPARE_DIFFERS,      /* changed, no better/worse direction */
	COMPARE_GONE,         /* in BASE (or the suite's), missing from NEW: a regression */
	COMPARE_NEW,          /* only in NEW */
	COMPARE_UNTESTED,     /* not compared, the note says why */
	COMPARE_SHOWN,        /* trend, view, info: shown, never a gate */
	COMPARE_NVERDICTS
};

extern const char *const compare_verdict_names[COMPARE_NVERDICTS];

struct compare_opts {
	double alpha;           /* family-wise error rate (Holm) */
	int force;              /* compare across QEMU versions, accelerators */
	double noise;           /* accepted, unused: boot times of two runs never gate */
};

/* One results directory, read once. */
struct compare_run {
	const char *dir;
	json_t *run;            /* run.json, or null */
	json_t *recs;           /* metric records of metrics.jsonl */
	const char *suite;      /* the suite that wrote it (plan.json), or NULL */
	json_t *plan;
};

struct compare_ctx;

struct compare_item {
	const char *metric, *subject, *policy;
	json_t *a, *b;              /* the records, borrowed (NULL: absent) */
	const struct compare_family *fam;
	double p;                   /* NAN: no test ran */
	double p_adj;               /* the subject's, after Holm */
	int certain;                /* a change that needs no statistics */
	int untested;               /* the records lack what the test needs (note) */
	int degenerate;             /* a discrete test with no event on either side:
				     * its p is 1 whatever happens, no hypothesis */
	int dir;                    /* +1 NEW better, -1 worse, 0 no direction */
	enum compare_verdict v;
	char test[200];             /* which test decided */
	char note[320];             /* the numbers behind it, or why untested */
	char change[96];            /* the change and its interval, for the row */
};

/*
 * A comparison family, chosen by the record's kind.  compare() fills p /
 * certain / dir / test / note / change of the item.
 */
struct compare_family {
	const char *name;
	const char *test;           /* one line: the test, as documented */
	void (*compare)(struct compare_ctx *c, struct compare_item *it);
	int shown;                  /* never a gate: trend, view, info */
};

struct compare_kind {
	const char *kind;           /* the record's "compare" */
	const struct compare_family *fam;
};
extern const struct compare_kind compare_kinds[];

struct compare_ctx {
	struct compare_opts o;
	struct compare_run a, b;        /* BASE, NEW */
	json_t *notes;              /* array of header lines for the summary */
};

extern const struct compare_family compare_rate_family;
extern const struct compare_family compare_skips_family;
extern const struct compare_family compare_collision_family;
extern const struct compare_family compare_verdict_family;
extern const struct compare_family compare_exact_family;
extern const struct compare_family compare_policy_family;
extern const struct compare_family compare_pvalue_family;
extern const struct compare_family compare_ab_family;
extern const struct compare_family compare_shown_family;

/* One row: a subject with a change (or a metric family gone). */
struct compare_finding {
	const char *subject;
	enum compare_verdict v;
	struct compare_item *lead;      /* the item the row shows */
	size_t *items;              /* indexes into the result's items */
	size_t nitems;
	double p_adj;
	int certain;
};

struct compare_result {
	struct compare_item *items;
	size_t n;
	struct compare_finding *find;   /* worst first */
	size_t nfind;
	size_t count[COMPARE_NVERDICTS];/* of findings; same: subjects unchanged */
	size_t ntests;              /* hypotheses (subjects) in the Holm family */
	json_t *gone_families;      /* metric families the suite states, NEW has none */
};

/* Exit status of a comparison the records refuse: not comparable. */
#define COMPARE_NOT_COMPARABLE 3

void compare_opts_default(struct compare_opts *o);
/* Two empty sides to fill with records in memory (unit tests, fuzzers). */
void compare_init_mem(struct compare_ctx *c, const struct compare_opts *o);
/* Load both sides.  -EINVAL: refused (different QEMU versions, requested
 * accelerators, unless o->force); -EPROTO: not comparable (a results,
 * record or protocol schema of another hardboot: rebase); -ENOENT: not a
 * results directory.  err says which. */
int compare_open(struct compare_ctx *c, const struct compare_opts *o, const char *base,
	     const char *newdir, char *err, size_t n);
/* Records of another schema, or without a kind: -EPROTO with err. */
int compare_check_schema(struct compare_ctx *c, char *err, size_t n);
void compare_run_all(struct compare_ctx *c, struct compare_result *r);
void compare_result_free(struct compare_result *r);
void compare_close(struct compare_ctx *c);
const struct compare_family *compare_family_for(json_t *rec);
int compare_regression(const struct compare_result *r);
/* Helpers for the families. */
double compare_num(json_t *rec, const char *key);        /* NAN if absent */
const char *compare_str(json_t *rec, const char *key);   /* NULL if absent */
/* +1 if NEW's value is better by the record's "better", -1 worse, 0 none
 * or equal. */
int compare_direction(json_t *a, json_t *b);
/* Value with unit for tables: "13.2 bits", "0.3%", "rdrand". */
void compare_fmt_value(json_t *rec, char *buf, size_t n);

/* ---- compare_out.c ------------------------------------------------------- */

void compare_out_markdown(FILE *f, const struct compare_ctx *c, const struct compare_result *r,
		  int all);
int compare_out_junit(const char *path, const struct compare_ctx *c,
	      const struct compare_result *r, char *err, size_t n);
json_t *compare_out_json(const struct compare_ctx *c, const struct compare_result *r);

/* ---- the command --------------------------------------------------------- */

struct compare_args {
	struct compare_opts o;
	const char *base, *newdir;
	const char *markdown;       /* NULL: stdout */
	const char *junit;
	int json;                   /* the JSON document on stdout, no Markdown there */
	const char *json_file;
	int all;                    /* list unchanged metrics in the main table */
};

int compare_main(const struct compare_args *a);

#endif
