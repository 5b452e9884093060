/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * JUnit XML, the one writer: a file of test suites, each of test cases
 * that pass, fail (with a message and a body) or are skipped (with the
 * reason).  CI systems read it; `run`, `suite` and `compare` write it.
 * Cases are collected and written at junit_close(), so a suite's counts
 * in its opening tag are right.
 */
#ifndef HB_RUNNER_JUNIT_H
#define HB_RUNNER_JUNIT_H

#include <glib.h>
#include <stddef.h>

enum junit_status { JUNIT_PASS, JUNIT_FAIL, JUNIT_SKIP };

struct junit {
	GPtrArray *suites;
};

void junit_init(struct junit *j);
/* Start a test suite; the cases added next belong to it. */
void junit_suite(struct junit *j, const char *name);
/* One case.  message: the failure's or skip's one line; body: the
 * failure's text (NULL: none); out: system-out (NULL: none). */
void junit_case(struct junit *j, const char *classname, const char *name,
		double seconds, enum junit_status st, const char *message,
		const char *body, const char *out);
/* Write path and free; 0 or -errno with err naming the file. */
int junit_write(struct junit *j, const char *path, char *err, size_t n);
void junit_free(struct junit *j);

#endif
