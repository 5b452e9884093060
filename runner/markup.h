/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text escaped for XML and HTML (JUnit files, the report page). */
#ifndef HB_RUNNER_MARKUP_H
#define HB_RUNNER_MARKUP_H

#include <stdio.h>

/* s escaped for XML and HTML text and attribute values; NULL: nothing. */
void markup_text(FILE *f, const char *s);

#endif
