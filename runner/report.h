/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Human and CI reports of a run: TAP on stdout, JUnit XML on request. */
#ifndef HB_RUNNER_REPORT_H
#define HB_RUNNER_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "engine.h"

void report_tap_begin(struct engine *e);
void report_tap_section(struct engine *e, struct sec_run *sr);
void report_tap_end(struct engine *e, int rc);
/* name escaped for a TAP description (# and backslash, no control bytes) */
void report_tap_name(FILE *f, const char *name);
int report_junit(const struct engine *e, const char *path, char *err, size_t n);
/* s escaped for XML and HTML text and attributes (NULL: nothing). */
void report_xml(FILE *f, const char *s);

#endif
