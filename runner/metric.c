/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "metric.h"
#include "stats.h"

json_t *metric_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *metric_new(const char *name, const char *subject, double value,
		   const char *unit, const char *better, unsigned long n)
{
	return json_pack("{s:i,s:s,s:s,s:o,s:s,s:s,s:I}", "schema", METRIC_SCHEMA,
			 "metric", name, "subject", subject, "value", metric_num(value),
			 "unit", unit, "better", better, "n", (json_int_t)n);
}

void metric_interval(json_t *m, double lo, double hi, double confidence,
		     const char *test)
{
	json_object_set_new(m, "interval", json_pack("[o,o]", metric_num(lo), metric_num(hi)));
	json_object_set_new(m, "confidence", json_real(confidence));
	json_object_set_new(m, "test", json_string(test));
}


void metric_compare(json_t *m, const char *kind)
{
	json_object_set_new(m, "compare", json_string(kind));
}

void metric_rate(json_t *m, unsigned long k)
{
	json_object_set_new(m, "k", json_integer((json_int_t)k));
	metric_compare(m, METRIC_RATE);
}
