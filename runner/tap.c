/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

void tap_begin(struct tap *t, FILE *f)
{
	memset(t, 0, sizeof(*t));
	t->f = f ? f : stdout;
	fprintf(t->f, "TAP version 13\n");
	fflush(t->f);
}

void tap_plan(struct tap *t, int n)
{
	fprintf(t->f, "1..%d\n", n);
	fflush(t->f);
}

/*
 * "#" starts a directive (a section named "x # TODO" would turn its
 * failure into a TODO) and a newline ends the line, so both are escaped,
 * and backslash with them (TAP 13: "\#").
 */
void tap_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '#' || *s == '\\')
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
}

void tap_point(struct tap *t, int ok, const char *directive, const char *fmt, ...)
{
	char desc[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	t->n++;
	if (directive && !strncmp(directive, "SKIP", 4))
		t->skipped++;
	else if (directive && !strncmp(directive, "TODO", 4))
		t->todo++;
	else if (!ok)
		t->failed++;
	fprintf(t->f, "%s %d - ", ok ? "ok" : "not ok", t->n);
	tap_escape(t->f, desc);
	if (directive)
		fprintf(t->f, " # %s", directive);
	fputc('\n', t->f);
	fflush(t->f);
}

static void tap_lines(FILE *f, const char *prefix, const char *text)
{
	const char *p = text;

	do {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "%s%.*s\n", prefix, len, p);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

void tap_diag(struct tap *t, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tap_lines(t->f, "# ", text);
	fflush(t->f);
}

void tap_bail(struct tap *t, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fprintf(t->f, "Bail out! %s\n", text);
	fflush(t->f);
}
