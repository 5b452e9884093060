/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * TAP 13, the one writer every command prints its test points through:
 * numbered lines, descriptions escaped so that a name can never turn into
 * a directive ("#") or a new line, SKIP and TODO as directives with their
 * reason, and the plan.  stdout is line buffered by main(), so a crash
 * keeps the last line.
 */
#ifndef HB_RUNNER_TAP_H
#define HB_RUNNER_TAP_H

#include <stdio.h>

struct tap {
	FILE *f;
	int n;                  /* test points so far */
	int failed;             /* not ok without TODO */
	int skipped, todo;
};

/* "TAP version 13"; f NULL: stdout. */
void tap_begin(struct tap *t, FILE *f);
/* "1..n": before the points or after them. */
void tap_plan(struct tap *t, int n);
/* "ok N - description" / "not ok N - description", the description
 * escaped.  directive NULL, or "SKIP reason" / "TODO reason". */
__attribute__((format(printf, 4, 5)))
void tap_point(struct tap *t, int ok, const char *directive, const char *fmt, ...);
/* "# text", one line per line of text. */
__attribute__((format(printf, 2, 3)))
void tap_diag(struct tap *t, const char *fmt, ...);
/* "Bail out! reason" */
__attribute__((format(printf, 2, 3)))
void tap_bail(struct tap *t, const char *fmt, ...);
/* s escaped for a TAP description: "#" and "\" get a backslash, control
 * bytes become '?'. */
void tap_escape(FILE *f, const char *s);

#endif
