/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <string.h>

#include "headline.h"

struct headline_row {
	char *image;
	GHashTable *cells;      /* column -> text */
};

static void headline_row_free(gpointer p)
{
	struct headline_row *r = p;

	g_free(r->image);
	g_hash_table_destroy(r->cells);
	g_free(r);
}

void headline_init(struct headline *h)
{
	h->rows = g_ptr_array_new_with_free_func(headline_row_free);
	h->cols = g_ptr_array_new_with_free_func(g_free);
	h->notes = g_ptr_array_new_with_free_func(g_free);
}

void headline_free(struct headline *h)
{
	g_ptr_array_free(h->rows, TRUE);
	g_ptr_array_free(h->cols, TRUE);
	g_ptr_array_free(h->notes, TRUE);
}

static int headline_has(GPtrArray *a, const char *s)
{
	for (guint i = 0; i < a->len; i++)
		if (!strcmp(a->pdata[i], s))
			return 1;
	return 0;
}

void headline_set(struct headline *h, const char *image, const char *col,
		  const char *fmt, ...)
{
	struct headline_row *r = NULL;
	va_list ap;

	for (guint i = 0; i < h->rows->len && !r; i++)
		if (!strcmp(((struct headline_row *)h->rows->pdata[i])->image, image))
			r = h->rows->pdata[i];
	if (!r) {
		r = g_new0(struct headline_row, 1);
		r->image = g_strdup(image);
		r->cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		g_ptr_array_add(h->rows, r);
	}
	if (!headline_has(h->cols, col))
		g_ptr_array_add(h->cols, g_strdup(col));
	va_start(ap, fmt);
	g_hash_table_replace(r->cells, g_strdup(col), g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void headline_note(struct headline *h, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (headline_has(h->notes, s))
		g_free(s);
	else
		g_ptr_array_add(h->notes, s);
}

void headline_print(const struct headline *h, FILE *f)
{
	size_t *w = g_new0(size_t, h->cols->len + 1), w0 = strlen("configuration");

	for (guint i = 0; i < h->rows->len; i++) {
		const struct headline_row *r = h->rows->pdata[i];

		w0 = MAX(w0, strlen(r->image));
		for (guint c = 0; c < h->cols->len; c++) {
			const char *t = g_hash_table_lookup(r->cells, h->cols->pdata[c]);

			w[c] = MAX(w[c], MAX(strlen(h->cols->pdata[c]), t ? strlen(t) : 1));
		}
	}
	fprintf(f, "%-*s", (int)w0, "configuration");
	for (guint c = 0; c < h->cols->len; c++)
		fprintf(f, "  %-*s", c + 1 == h->cols->len ? 0 : (int)w[c],
			(char *)h->cols->pdata[c]);
	fputc('\n', f);
	for (guint i = 0; i < h->rows->len; i++) {
		const struct headline_row *r = h->rows->pdata[i];

		fprintf(f, "%-*s", (int)w0, r->image);
		for (guint c = 0; c < h->cols->len; c++) {
			const char *t = g_hash_table_lookup(r->cells, h->cols->pdata[c]);

			if (c + 1 == h->cols->len)
				fprintf(f, "  %s", t ? t : "-");
			else
				fprintf(f, "  %-*s", (int)w[c], t ? t : "-");
		}
		fputc('\n', f);
	}
	for (guint i = 0; i < h->notes->len; i++)
		fprintf(f, "%s\n", (char *)h->notes->pdata[i]);
	g_free(w);
}
