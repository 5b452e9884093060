/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The metric record of docs/results.md: every suite states its numbers the
 * same way (value, unit, better direction, n, interval, confidence, test) so
 * the nightly compare can treat them alike.
 */
#ifndef HB_RUNNER_METRIC_H
#define HB_RUNNER_METRIC_H

#include <jansson.h>

#define METRIC_SCHEMA 1

/* better: "lower" | "higher" | "none" */
json_t *metric_new(const char *name, const char *subject, double value,
		   const char *unit, const char *better, unsigned long n);
/* A finite number, or JSON null for NaN and infinities: json_pack("f")
 * fails on them, and a record must not vanish because one value is unknown. */
json_t *metric_num(double v);
void metric_interval(json_t *m, double lo, double hi, double confidence,
		     const char *test);

#endif
