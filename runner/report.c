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
		printf("ok %d - %s # SKIP %s\n", ++report_tap_n, sr->sec->name,
		       sr->skip_reason);
		sr->reported = 1;
	}
	fflush(stdout);
}

static unsigned long report_bad(const struct sec_run *sr)
{
	return sr->finished - sr->count[BOOT_PASS];
}

void report_tap_section(struct engine *e, struct sec_run *sr)
{
	double s = (double)(sr->t_end - sr->t_start) / 1e9;

	(void)e;
	if (sr->reported)
		return;
	sr->reported = 1;
	printf("%s %d - %s: %lu/%lu boots passed (%s, %s, %.1f boots/s)\n",
	       report_bad(sr) ? "not ok" : "ok", ++report_tap_n, sr->sec->name,
	       sr->count[BOOT_PASS], sr->finished, sr->accel,
	       sr->warm ? "warm" : "cold", s > 0 ? (double)sr->finished / s : 0.0);
	for (int k = 1; k < BOOT_NOUTCOMES; k++)
		if (sr->count[k])
			printf("# %s: %lu %s\n", sr->sec->name, sr->count[k],
			       boot_outcome_names[k]);
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
			fprintf(f, "    <failure message=\"%lu of %lu boots did not pass\">",
				report_bad(sr) + sr->queued - sr->finished, sr->queued);
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
