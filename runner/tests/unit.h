/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Minimal table-driven unit test support: each check prints one TAP line so
 * the Bats suite and CI count C unit tests like any other test.
 */
#ifndef HB_UNIT_H
#define HB_UNIT_H

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int unit_n, unit_failed;

__attribute__((format(printf, 2, 3)))
static inline int unit_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s %d - ", cond ? "ok" : "not ok", ++unit_n);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (!cond)
		unit_failed++;
	return cond;
}

/* Print the TAP plan and return the process exit status. */
static inline int unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

#define UNIT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
