/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * TAP: one test point per section, printed when its last boot finishes,
 * with the failing boots as diagnostics.  stdout is line buffered by main,
 * so a crash keeps the last line.
 */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static int report_tap_n;

/*
 * A name in a TAP description: "#" starts a directive (a section named
 * "x # TODO" would turn its failure into a TODO) and a newline ends the
 * line, so both are escaped, with backslash itself (TAP 13: "\#").
 */
void report_tap_name(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '#' || *s == '\\')
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
}

void report_tap_begin(struct engine *e)
{
	int n = 0;

	report_tap_n = 0;
	for (int i = 0; i < e->nsr; i++)
		n++;
	printf("TAP version 13\n1..%d\n", n);
	for (int i = 0; i < e->nsr; i++) {
		struct sec_run *sr = &e->sr[i];

		if (!sr->skip)
			continue;
		printf("ok %d - ", ++report_tap_n);
		report_tap_name(stdout, sr->sec->name);
		printf(" # SKIP %s\n", sr->skip_reason);
		sr->reported = 1;
	}
	fflush(stdout);
}

static unsigned long report_bad(const struct sec_run *sr)
{
	return sr->unexpected;
}

/* "ok 3 - hardened: 50/50 boots passed (...)", or for a section that
 * expects a failure "ok 12 - rng-badchacha: 5/5 boots as expected (fail
 * kat) (...)" with the evidence: a designed failure seen is a pass. */
void report_tap_section(struct engine *e, struct sec_run *sr)
{
	double s = (double)(sr->t_end - sr->t_start) / 1e9;
	const struct expect *x = &sr->sec->exp;

	(void)e;
	if (sr->reported)
		return;
	sr->reported = 1;
	printf("%s %d - ", report_bad(sr) ? "not ok" : "ok", ++report_tap_n);
	report_tap_name(stdout, sr->sec->name);
	if (expect_failure(x))
		printf(": %lu/%lu boots as expected (%s)", sr->finished - sr->unexpected,
		       sr->finished, x->text);
	else
		printf(": %lu/%lu boots passed", sr->count[BOOT_PASS], sr->finished);
	printf(" (%s, %s, %.1f boots/s)\n", sr->accel, sr->warm ? "warm" : "cold",
	       s > 0 ? (double)sr->finished / s : 0.0);
	for (int k = 1; k < BOOT_NOUTCOMES; k++)
		if (sr->count[k])
			printf("# %s: %lu %s\n", sr->sec->name, sr->count[k],
			       boot_outcome_names[k]);
	if (sr->evidence[0])
		printf("# %s: expected %s, seen: %s\n", sr->sec->name, x->text, sr->evidence);
	for (int i = 0; i < sr->nfails; i++)
		printf("# %s boot %lu: %s: %s\n", sr->sec->name, sr->fails[i].boot,
		       boot_outcome_names[sr->fails[i].oc], sr->fails[i].reason);
	if (report_bad(sr) && sr->warm && sr->warm_repro)
		printf("# repro (warm: a boot's seq in boots.jsonl counts the boots before it in its QEMU): %s\n",
		       sr->warm_repro);
	else if (report_bad(sr))
		printf("# repro: %s\n", sr->repro);
	fflush(stdout);
}

void report_tap_end(struct engine *e, int rc)
{
	if (rc == -EINTR) {
		printf("Bail out! interrupted after %lu of %lu boots; results kept\n",
		       e->finished, e->total);
	} else if (rc) {
		printf("Bail out! %s\n", e->infra_err);
	}
	fflush(stdout);
}

void report_xml(FILE *f, const char *s)
{
	char *esc = g_markup_escape_text(s ? s : "", -1);

	fputs(esc, f);
	g_free(esc);
}

/* JUnit XML: one testsuite per run, one testcase per section. */
int report_junit(const struct engine *e, const char *path, char *err, size_t n)
{
	FILE *f = fopen(path, "we");
	unsigned long failures = 0, skipped = 0;

	if (!f) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	for (int i = 0; i < e->nsr; i++) {
		failures += report_bad(&e->sr[i]) != 0;
		skipped += e->sr[i].skip;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuite name=\"");
	report_xml(f, e->suite ? e->suite->name : "hardboot");
	fprintf(f, "\" tests=\"%d\" failures=\"%lu\" skipped=\"%lu\">\n",
		e->nsr, failures, skipped);
	for (int i = 0; i < e->nsr; i++) {
		const struct sec_run *sr = &e->sr[i];
		double s = (double)(sr->t_end - sr->t_start) / 1e9;

		fprintf(f, "  <testcase classname=\"hardboot\" name=\"");
		report_xml(f, sr->sec->name);
		fprintf(f, "\" time=\"%.3f\">\n", s > 0 ? s : 0.0);
		if (sr->skip) {
			fprintf(f, "    <skipped message=\"");
			report_xml(f, sr->skip_reason);
			fprintf(f, "\"/>\n");
		} else if (report_bad(sr) || sr->finished < sr->queued) {
			fprintf(f, "    <failure message=\"%lu of %lu boots not as expected (%s)\">",
				report_bad(sr) + sr->queued - sr->finished, sr->queued,
				sr->sec->exp.text);
			for (int k = 0; k < sr->nfails; k++) {
				char line[300];

				snprintf(line, sizeof(line), "boot %lu: %s: %s\n",
					 sr->fails[k].boot,
					 boot_outcome_names[sr->fails[k].oc],
					 sr->fails[k].reason);
				report_xml(f, line);
			}
			fprintf(f, "repro: ");
			report_xml(f, sr->repro);
			fprintf(f, "</failure>\n");
		} else if (sr->evidence[0]) {
			/* a designed failure, seen: a pass, with its evidence */
			fprintf(f, "    <system-out>expected ");
			report_xml(f, sr->sec->exp.text);
			fprintf(f, ", seen: ");
			report_xml(f, sr->evidence);
			fprintf(f, "</system-out>\n");
		}
		fprintf(f, "  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
	if (fclose(f)) {
		snprintf(err, n, "junit %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}
