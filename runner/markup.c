/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "markup.h"

void markup_text(FILE *f, const char *s)
{
	char *esc = g_markup_escape_text(s ? s : "", -1);

	fputs(esc, f);
	g_free(esc);
}
