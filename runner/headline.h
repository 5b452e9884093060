/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one screen `make run` ends with (hardboot suite --headline): a row
 * per configuration (image), a few columns from each suite -- ASLR bits
 * per region with their kind, canary and seed bits, the RNG verdict,
 * W^X/CET, boot cost against the baseline.  Each suite fills its own
 * columns from its records and verdicts (suite_desc.headline).
 */
#ifndef HB_RUNNER_HEADLINE_H
#define HB_RUNNER_HEADLINE_H

#include <glib.h>
#include <stdio.h>

struct headline {
	GPtrArray *rows;        /* struct headline_row */
	GPtrArray *cols;        /* column names, in order of first use */
	GPtrArray *notes;       /* footnotes, once each */
};

void headline_init(struct headline *h);
void headline_free(struct headline *h);
/* The cell (image, column); rows and columns appear in order of first use. */
__attribute__((format(printf, 4, 5)))
void headline_set(struct headline *h, const char *image, const char *col,
		  const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void headline_note(struct headline *h, const char *fmt, ...);
void headline_print(const struct headline *h, FILE *f);

#endif
