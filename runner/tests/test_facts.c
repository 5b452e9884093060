/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The seed_source fact, one row per mix of sources in a section's boots:
 * the CPU's generators are one class, so RDSEED giving up to RDRAND in a
 * few boots of a loaded host is no change of the fact, while a fall to
 * jitter, the TSC or the command line is.  Results directories written
 * here (run.json and boots.jsonl), read by facts_records().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "facts.h"
#include "version.h"
#include "unit.h"

static const struct {
	const char *what;
	const char *srcs[4];     /* the boots' cpu.src, cycled over 20 boots */
	const char *fact;
} rows[] = {
	{ "RDSEED in every boot", { "rdseed" }, "hardware" },
	{ "RDSEED, RDRAND in some boots (exhausted)", { "rdseed", "rdseed", "rdseed", "rdrand" },
	  "hardware" },
	{ "arm64 RNDRRS and RNDR", { "rndrrs", "rndr" }, "hardware" },
	{ "RDRAND then jitter in some boots", { "rdrand", "jitter" }, "hardware+jitter" },
	{ "the TSC alone", { "tsc" }, "tsc" },
	{ "the command line's seed=", { "cmdline" }, "cmdline" },
};

static void check_row(size_t r, const char *tmp)
{
	char *dir = g_strdup_printf("%s/r%zu", tmp, r), *p, err[200] = "";
	json_t *out = json_array(), *m;
	const char *got = NULL;
	size_t nsrc = 0, i;
	FILE *f;

	g_mkdir_with_parents(dir, 0700);
	p = g_build_filename(dir, "run.json", NULL);
	{
		char *run = g_strdup_printf("{\"schema\":%d,\"sections\":[{\"name\":\"s\"}]}",
					    HB_RESULTS_SCHEMA);

		g_file_set_contents(p, run, -1, NULL);
		g_free(run);
	}
	g_free(p);
	while (nsrc < 4 && rows[r].srcs[nsrc])
		nsrc++;
	p = g_build_filename(dir, "boots.jsonl", NULL);
	f = fopen(p, "w");
	for (i = 0; f && i < 20; i++)
		fprintf(f, "{\"v\":1,\"section\":\"s\",\"boot\":%zu,\"outcome\":\"pass\","
			"\"img\":\"t\",\"cpu\":{\"src\":\"%s\"}}\n", i, rows[r].srcs[i % nsrc]);
	if (f)
		fclose(f);
	g_free(p);
	unit_ok(facts_records(dir, out, err, sizeof(err)) == 0, "%s: read (%s)", rows[r].what,
		err);
	json_array_foreach(out, i, m)
		if (!strcmp(json_string_value(json_object_get(m, "metric")) ?: "", "seed_source"))
			got = json_string_value(json_object_get(m, "value"));
	unit_ok(got && !strcmp(got, rows[r].fact), "%s: seed_source %s (want %s)",
		rows[r].what, got ? got : "none", rows[r].fact);
	json_decref(out);
	g_free(dir);
}

int main(void)
{
	char tmpl[] = "/tmp/hb-test-facts-XXXXXX";
	char *tmp = mkdtemp(tmpl), *cmd;

	for (size_t r = 0; tmp && r < UNIT_ARRAY_SIZE(rows); r++)
		check_row(r, tmp);
	cmd = g_strdup_printf("rm -rf '%s'", tmp ? tmp : "/nonexistent");
	if (system(cmd) != 0)
		unit_ok(0, "cleanup");
	g_free(cmd);
	return unit_done();
}
