/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "junit.h"
#include "markup.h"

struct junit_case {
	char *classname, *name, *message, *body, *out;
	double seconds;
	enum junit_status st;
};

struct junit_suite {
	char *name;
	GPtrArray *cases;
};

static void junit_case_free(gpointer p)
{
	struct junit_case *c = p;

	g_free(c->classname);
	g_free(c->name);
	g_free(c->message);
	g_free(c->body);
	g_free(c->out);
	g_free(c);
}

static void junit_suite_free(gpointer p)
{
	struct junit_suite *s = p;

	g_free(s->name);
	g_ptr_array_free(s->cases, TRUE);
	g_free(s);
}

void junit_init(struct junit *j)
{
	j->suites = g_ptr_array_new_with_free_func(junit_suite_free);
}

void junit_suite(struct junit *j, const char *name)
{
	struct junit_suite *s = g_new0(struct junit_suite, 1);

	s->name = g_strdup(name);
	s->cases = g_ptr_array_new_with_free_func(junit_case_free);
	g_ptr_array_add(j->suites, s);
}

void junit_case(struct junit *j, const char *classname, const char *name,
		double seconds, enum junit_status st, const char *message,
		const char *body, const char *out)
{
	struct junit_case *c = g_new0(struct junit_case, 1);

	if (!j->suites->len)
		junit_suite(j, "hardboot");
	c->classname = g_strdup(classname);
	c->name = g_strdup(name);
	c->seconds = seconds > 0 ? seconds : 0;
	c->st = st;
	c->message = g_strdup(message);
	c->body = g_strdup(body);
	c->out = g_strdup(out);
	g_ptr_array_add(((struct junit_suite *)j->suites->pdata[j->suites->len - 1])->cases, c);
}

static void junit_write_case(FILE *f, const struct junit_case *c)
{
	fprintf(f, "    <testcase classname=\"");
	markup_text(f, c->classname);
	fprintf(f, "\" name=\"");
	markup_text(f, c->name);
	fprintf(f, "\" time=\"%.3f\">\n", c->seconds);
	if (c->st == JUNIT_FAIL) {
		fprintf(f, "      <failure message=\"");
		markup_text(f, c->message);
		fprintf(f, "\">");
		markup_text(f, c->body);
		fprintf(f, "</failure>\n");
	} else if (c->st == JUNIT_SKIP) {
		fprintf(f, "      <skipped message=\"");
		markup_text(f, c->message);
		fprintf(f, "\"/>\n");
	}
	if (c->out) {
		fprintf(f, "      <system-out>");
		markup_text(f, c->out);
		fprintf(f, "</system-out>\n");
	}
	fprintf(f, "    </testcase>\n");
}

int junit_write(struct junit *j, const char *path, char *err, size_t n)
{
	FILE *f = fopen(path, "we");

	if (!f) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	for (guint i = 0; i < j->suites->len; i++) {
		const struct junit_suite *s = j->suites->pdata[i];
		unsigned fail = 0, skip = 0;

		for (guint k = 0; k < s->cases->len; k++) {
			const struct junit_case *c = s->cases->pdata[k];

			fail += c->st == JUNIT_FAIL;
			skip += c->st == JUNIT_SKIP;
		}
		fprintf(f, "  <testsuite name=\"");
		markup_text(f, s->name);
		fprintf(f, "\" tests=\"%u\" failures=\"%u\" skipped=\"%u\">\n",
			s->cases->len, fail, skip);
		for (guint k = 0; k < s->cases->len; k++)
			junit_write_case(f, s->cases->pdata[k]);
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	if (ferror(f) | fclose(f)) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno ? errno : EIO));
		return -EIO;
	}
	return 0;
}

void junit_free(struct junit *j)
{
	if (j->suites)
		g_ptr_array_free(j->suites, TRUE);
	j->suites = NULL;
}
