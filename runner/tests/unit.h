/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Minimal table-driven unit test support: each check is one TAP test point
 * through tap.c, the writer every command uses, so the Bats suite and CI
 * count C unit tests like any other test.
 */
#ifndef HB_UNIT_H
#define HB_UNIT_H

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#include "tap.h"

static struct tap unit_tap;

__attribute__((format(printf, 2, 3)))
static inline int unit_ok(int cond, const char *fmt, ...)
{
	char desc[1024];
	va_list ap;

	if (!unit_tap.f)
		tap_begin(&unit_tap, NULL);
	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	tap_point(&unit_tap, cond, NULL, "%s", desc);
	return cond;
}

/* Print the TAP plan and return the process exit status. */
static inline int unit_done(void)
{
	if (!unit_tap.f)
		tap_begin(&unit_tap, NULL);
	tap_plan(&unit_tap, unit_tap.n);
	return unit_tap.failed ? 1 : 0;
}

#define UNIT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
