/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for hardboot compare: metric records are read back
 * from files anyone can edit, so every family, Holm and the three outputs
 * must survive any record at all (missing fields, strings for numbers,
 * NaN-making values, huge n, odd units) without a crash, undefined
 * behaviour or a GSL abort.  Input: JSON lines, BASE's records before the
 * first empty line, NEW's after it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "compare.h"

static void fuzz_lines(json_t *recs, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		json_t *m = json_loadb(p, len, 0, NULL);

		/* what compare.c loads: an object naming metric and subject */
		if (json_is_object(m) && json_is_string(json_object_get(m, "metric")) &&
		    json_is_string(json_object_get(m, "subject")))
			json_array_append(recs, m);
		json_decref(m);
		p += len + (nl != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *split;
	struct compare_opts o;
	struct compare_ctx c;
	struct compare_result r;
	FILE *null = fopen("/dev/null", "w");
	json_t *doc;

	gsl_set_error_handler_off();
	memcpy(text, data, size);
	text[size] = '\0';
	split = strstr(text, "\n\n");
	compare_opts_default(&o);
	compare_init_mem(&c, &o);
	if (split) {
		*split = '\0';
		fuzz_lines(c.b.recs, split + 2);
	}
	fuzz_lines(c.a.recs, text);
	compare_run_all(&c, &r);
	if (null) {
		compare_out_markdown(null, &c, &r, 1);
		fclose(null);
	}
	doc = compare_out_json(&c, &r);
	json_decref(doc);
	compare_result_free(&r);
	compare_close(&c);
	free(text);
	return 0;
}
