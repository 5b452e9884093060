/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot compare BASE NEW: the nightly regression gate.
 *
 * Reads metric records only (metrics.jsonl of each side, as `hardboot
 * suite` and the analyses wrote them: docs/results.md), never boots.jsonl.
 * Records are paired by (metric, subject, policy) and each pair is judged
 * by the family of the kind the record declares in "compare"
 * (cmp_kinds[], compare.c):
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

enum cmp_verdict {
	CMP_SAME,
	CMP_BETTER,
	CMP_WORSE,
	CMP_DIFFERS,      /* changed, no better/worse direction */
	CMP_GONE,         /* in BASE (or the suite's), missing from NEW: a regression */
	CMP_NEW,          /* only in NEW */
	CMP_UNTESTED,     /* not compared, the note says why */
	CMP_SHOWN,        /* trend, view, info: shown, never a gate */
	CMP_NVERDICTS
};

extern const char *const cmp_verdict_names[CMP_NVERDICTS];

struct cmp_opts {
	double alpha;           /* family-wise error rate (Holm) */
	int force;              /* compare across QEMU versions, accelerators */
	double noise;           /* accepted, unused: boot times of two runs never gate */
};

/* One results directory, read once. */
struct cmp_run {
	const char *dir;
	json_t *run;            /* run.json, or null */
	json_t *recs;           /* metric records of metrics.jsonl */
	const char *suite;      /* the suite that wrote it (plan.json), or NULL */
	json_t *plan;
};

struct cmp_ctx;

struct cmp_item {
	const char *metric, *subject, *policy;
	json_t *a, *b;              /* the records, borrowed (NULL: absent) */
	const struct cmp_family *fam;
	double p;                   /* NAN: no test ran */
	double p_adj;               /* the subject's, after Holm */
	int certain;                /* a change that needs no statistics */
	int untested;               /* the records lack what the test needs (note) */
	int degenerate;             /* a discrete test with no event on either side:
				     * its p is 1 whatever happens, no hypothesis */
	int dir;                    /* +1 NEW better, -1 worse, 0 no direction */
	enum cmp_verdict v;
	char test[200];             /* which test decided */
	char note[320];             /* the numbers behind it, or why untested */
	char change[96];            /* the change and its interval, for the row */
};

/*
 * A comparison family, chosen by the record's kind.  compare() fills p /
 * certain / dir / test / note / change of the item.
 */
struct cmp_family {
	const char *name;
	const char *test;           /* one line: the test, as documented */
	void (*compare)(struct cmp_ctx *c, struct cmp_item *it);
	int shown;                  /* never a gate: trend, view, info */
};

struct cmp_kind {
	const char *kind;           /* the record's "compare" */
	const struct cmp_family *fam;
};
extern const struct cmp_kind cmp_kinds[];

struct cmp_ctx {
	struct cmp_opts o;
	struct cmp_run a, b;        /* BASE, NEW */
	json_t *notes;              /* array of header lines for the summary */
};

extern const struct cmp_family cmp_rate_family;
extern const struct cmp_family cmp_skips_family;
extern const struct cmp_family cmp_collision_family;
extern const struct cmp_family cmp_verdict_family;
extern const struct cmp_family cmp_exact_family;
extern const struct cmp_family cmp_policy_family;
extern const struct cmp_family cmp_pvalue_family;
extern const struct cmp_family cmp_ab_family;
extern const struct cmp_family cmp_shown_family;

/* One row: a subject with a change (or a metric family gone). */
struct cmp_finding {
	const char *subject;
	enum cmp_verdict v;
	struct cmp_item *lead;      /* the item the row shows */
	size_t *items;              /* indexes into the result's items */
	size_t nitems;
	double p_adj;
	int certain;
};

struct cmp_result {
	struct cmp_item *items;
	size_t n;
	struct cmp_finding *find;   /* worst first */
	size_t nfind;
	size_t count[CMP_NVERDICTS];/* of findings; same: subjects unchanged */
	size_t ntests;              /* hypotheses (subjects) in the Holm family */
	json_t *gone_families;      /* metric families the suite states, NEW has none */
};

/* Exit status of a comparison the records refuse: not comparable. */
#define CMP_NOT_COMPARABLE 3

void cmp_opts_default(struct cmp_opts *o);
/* Two empty sides to fill with records in memory (unit tests, fuzzers). */
void cmp_init_mem(struct cmp_ctx *c, const struct cmp_opts *o);
/* Load both sides.  -EINVAL: refused (different QEMU versions, requested
 * accelerators, unless o->force); -EPROTO: not comparable (a results,
 * record or protocol schema of another hardboot: rebase); -ENOENT: not a
 * results directory.  err says which. */
int cmp_open(struct cmp_ctx *c, const struct cmp_opts *o, const char *base,
	     const char *newdir, char *err, size_t n);
/* Records of another schema, or without a kind: -EPROTO with err. */
int cmp_check_schema(struct cmp_ctx *c, char *err, size_t n);
void cmp_run_all(struct cmp_ctx *c, struct cmp_result *r);
void cmp_result_free(struct cmp_result *r);
void cmp_close(struct cmp_ctx *c);
const struct cmp_family *cmp_family_for(json_t *rec);
int cmp_regression(const struct cmp_result *r);
/* Helpers for the families. */
double cmp_num(json_t *rec, const char *key);        /* NAN if absent */
const char *cmp_str(json_t *rec, const char *key);   /* NULL if absent */
/* +1 if NEW's value is better by the record's "better", -1 worse, 0 none
 * or equal. */
int cmp_direction(json_t *a, json_t *b);
/* Value with unit for tables: "13.2 bits", "0.3%", "rdrand". */
void cmp_fmt_value(json_t *rec, char *buf, size_t n);

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
