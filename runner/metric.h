/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The metric record of docs/results.md: every suite states its numbers the
 * same way (value, unit, better direction, n, interval, confidence, test) so
 * the nightly compare can treat them alike.
 */
#ifndef HB_RUNNER_METRIC_H
#define HB_RUNNER_METRIC_H

#include <jansson.h>

#define METRIC_SCHEMA 2

/*
 * How hardboot compare judges a record across two runs: every record
 * declares it in "compare" (schema 2), and carries the sufficient
 * statistics its test needs.  docs/nightly.md names the test of each.
 */
#define METRIC_FACT "fact"             /* a fact, not a sample: any change is certain */
#define METRIC_RATE "rate"             /* "k" of "n": Fisher exact */
#define METRIC_COLLISION "collision"   /* "collisions" pairs of C(n,2): conditional binomial */
#define METRIC_PVALUE "pvalue"         /* value: the suite's p of "the property holds" */
#define METRIC_ASSESSMENT "assessment" /* a battery's p with the suite's "assessment" */
#define METRIC_VERDICT "verdict"       /* a policy verdict, "verdict" and "expected" */
#define METRIC_AB "ab"                 /* an in-run A/B difference with its interval */
#define METRIC_TREND "trend"           /* a timing of one run: a trend, never a gate */
#define METRIC_VIEW "view"             /* another view of a sample a tested record of the
					 * same subject covers: shown, not tested again */
#define METRIC_INFO "info"             /* context (bytes tested): never compared */
#define METRIC_SKIPS "skips"           /* "k" of "n" boots skipped a check: none to some is
					 * PASS -> SKIP, certain; else Fisher */

/* better: "lower" | "higher" | "none" */
json_t *metric_new(const char *name, const char *subject, double value,
		   const char *unit, const char *better, unsigned long n);
/* A finite number, or JSON null for NaN and infinities: json_pack("f")
 * fails on them, and a record must not vanish because one value is unknown. */
json_t *metric_num(double v);
void metric_interval(json_t *m, double lo, double hi, double confidence,
		     const char *test);
/* The record's "compare" kind (METRIC_FACT ...). */
void metric_compare(json_t *m, const char *kind);
/* A rate: k of the record's n, and its kind. */
void metric_rate(json_t *m, unsigned long k);

#endif
