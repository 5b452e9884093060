/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot merge: the results of N shards of one suite, run on N machines,
 * into one results directory that reads like an unsharded run.  Shards of
 * different suites, revisions or shard counts are refused: their samples
 * would not describe one build.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "stats.h"
#include "metric.h"
#include "results.h"
#include "samples.h"

static const char *merge_str(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return json_string_value(b ? json_object_get(v, b) : v);
}

/*
 * What each section of the run was to be: its image, its boots in all
 * shards, its mode.  Shards of one run agree on every section they share;
 * shards run with other --boots would merge into totals that describe
 * no run.
 */
static int merge_plan(json_t *plan, json_t *run, const char *dir, char *err, size_t len)
{
	static const char *const keys[] = { "image_sha256", "section_boots", "mode" };
	json_t *s;
	size_t k;

	json_array_foreach(json_object_get(run, "sections"), k, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		json_t *p = name ? json_object_get(plan, name) : NULL;

		if (!name)
			continue;
		if (!p) {
			p = json_object();
			for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
				json_object_set(p, keys[i], json_object_get(s, keys[i]) ?: json_null());
			json_object_set_new(plan, name, p);
			continue;
		}
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			json_t *a = json_object_get(p, keys[i]);
			json_t *b = json_object_get(s, keys[i]) ?: json_null();

			if (!json_equal(a, b)) {
				char *ta = json_dumps(a, JSON_ENCODE_ANY), *tb = json_dumps(b, JSON_ENCODE_ANY);

				snprintf(err, len, "%s: shard of a different plan: section [%s] %s %s, "
					 "not %s", dir, name, keys[i], tb ? tb : "?", ta ? ta : "?");
				free(ta);
				free(tb);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Same suite file, same revision, same shard count, each index once. */
static int merge_check(json_t *runs, char *const *dirs, int n, char *err, size_t len)
{
	json_t *r0 = json_array_get(runs, 0);
	const char *sum = merge_str(r0, "suite", "sha256");
	const char *rev = merge_str(r0, "git_revision", NULL);
	json_int_t count = json_integer_value(json_object_get(json_object_get(r0, "shard"), "count"));
	int seen[10001] = { 0 };
	json_t *plan = json_object();

	for (int i = 0; i < n; i++) {
		json_t *r = json_array_get(runs, (size_t)i);
		json_t *sh = json_object_get(r, "shard");
		json_int_t idx = json_integer_value(json_object_get(sh, "index"));
		const char *s = merge_str(r, "suite", "sha256");
		const char *v = merge_str(r, "git_revision", NULL);

		if (!json_is_object(r)) {
			snprintf(err, len, "%s: no readable run.json", dirs[i]);
			goto bad;
		}
		if (!sh || idx < 1 || idx > count || count > 10000 ||
		    json_integer_value(json_object_get(sh, "count")) != count) {
			snprintf(err, len, "%s: not a shard of %lld (run with --shard i/%lld)",
				 dirs[i], (long long)count, (long long)count);
			goto bad;
		}
		/* images on the command line have no suite file: the plan below
		 * says whether the shards are of one run */
		if ((s || sum) && (!s || !sum || strcmp(s, sum))) {
			snprintf(err, len, "%s: shard of a different suite file (sha256 %s, not %s)",
				 dirs[i], s ? s : "none", sum ? sum : "none");
			goto bad;
		}
		if ((v || rev) && (!v || !rev || strcmp(v, rev))) {
			snprintf(err, len, "%s: shard of a different revision (%s, not %s)",
				 dirs[i], v ? v : "unknown", rev ? rev : "unknown");
			goto bad;
		}
		if (merge_plan(plan, r, dirs[i], err, len)) {
			goto bad;
		}
		if (seen[idx]++) {
			snprintf(err, len, "%s: shard %lld/%lld given twice", dirs[i],
				 (long long)idx, (long long)count);
			goto bad;
		}
	}
	json_decref(plan);
	for (json_int_t i = 1; i <= count; i++)
		if (!seen[i]) {
			snprintf(err, len, "shard %lld/%lld is missing", (long long)i,
				 (long long)count);
			return -ENOENT;
		}
	return 0;
bad:
	json_decref(plan);
	return -EINVAL;
}

static int merge_boot_add(json_t *b, void *ctx, char *why, size_t n)
{
	struct results *out = ctx;

	return results_append(out, out->boots_fd, "boots.jsonl", b, why, n);
}

/* Append src/boots.jsonl to the merged file, record by record, unchanged. */
static int merge_boots(struct results *out, const char *dir, char *err, size_t len)
{
	return results_each_line(dir, "boots.jsonl", 0, merge_boot_add, out, err, len);
}

/* Console logs keep their relative names (boot numbers differ per shard). */
static int merge_console(const char *src, const char *dst, char *err, size_t len)
{
	GDir *d = g_dir_open(src, 0, NULL);
	const char *name;
	int rc = 0;

	if (!d)
		return 0;
	g_mkdir_with_parents(dst, 0755);
	while (!rc && (name = g_dir_read_name(d))) {
		char *s = g_build_filename(src, name, NULL);
		char *t = g_build_filename(dst, name, NULL);

		if (g_file_test(s, G_FILE_TEST_IS_DIR)) {
			rc = merge_console(s, t, err, len);
		} else if (g_file_test(t, G_FILE_TEST_EXISTS)) {
			snprintf(err, len, "%s: exists in two shards", t);
			rc = -EEXIST;
		} else if (link(s, t)) {
			gchar *data;
			gsize n;

			/* another file system: copy */
			if (!g_file_get_contents(s, &data, &n, NULL) ||
			    !g_file_set_contents(t, data, (gssize)n, NULL)) {
				snprintf(err, len, "copy %s: failed", s);
				rc = -EIO;
			}
			if (!rc)
				g_free(data);
		}
		g_free(s);
		g_free(t);
	}
	g_dir_close(d);
	return rc;
}

/* One run.json: the first shard's, with sections summed over shards. */
static json_t *merge_run_json(json_t *runs, char *const *dirs, int n)
{
	json_t *m = json_deep_copy(json_array_get(runs, 0)), *secs = json_array();
	json_t *from = json_array();

	for (int i = 0; i < n; i++) {
		json_t *r = json_array_get(runs, (size_t)i), *s;
		size_t k;

		json_array_append_new(from, json_pack("{s:s,s:O?,s:O?}", "dir", dirs[i],
			"shard", json_object_get(r, "shard"), "host", json_object_get(r, "host")));
		json_array_foreach(json_object_get(r, "sections"), k, s) {
			const char *name = json_string_value(json_object_get(s, "name"));
			json_t *have = NULL, *e;
			size_t j;

			if (!name)
				continue; /* a shard's run.json is anyone's to edit */
			json_array_foreach(secs, j, e)
				if (!strcmp(json_string_value(json_object_get(e, "name")), name))
					have = e;
			if (!have) {
				have = json_deep_copy(s);
				json_object_set_new(have, "first_boot", json_integer(0));
				json_object_set_new(have, "boots", json_object_get(s, "section_boots") ?
					json_incref(json_object_get(s, "section_boots")) : json_integer(0));
				json_object_set_new(have, "outcomes", json_object());
				json_object_set_new(have, "finished", json_integer(0));
				json_array_append_new(secs, have);
			}
			json_object_set_new(have, "finished", json_integer(
				json_integer_value(json_object_get(have, "finished")) +
				json_integer_value(json_object_get(s, "finished"))));
			{
				json_t *oc = json_object_get(have, "outcomes"), *v;
				const char *key;

				json_object_foreach(json_object_get(s, "outcomes"), key, v)
					json_object_set_new(oc, key, json_integer(
						json_integer_value(json_object_get(oc, key)) +
						json_integer_value(v)));
			}
			if (strcmp(merge_str(have, "accel", NULL) ?: "", merge_str(s, "accel", NULL) ?: ""))
				json_object_set_new(have, "accel", json_string("mixed"));
		}
	}
	/* the totals of the run, not of its first shard */
	{
		json_t *tot = json_object(), *v;
		const char *key;

		for (int i = 0; i < n; i++)
			json_object_foreach(json_object_get(json_array_get(runs, (size_t)i), "totals"), key, v)
				json_object_set_new(tot, key, json_integer(json_integer_value(
					json_object_get(tot, key)) + json_integer_value(v)));
		json_object_set_new(m, "totals", tot);
	}
	json_object_set_new(m, "sections", secs);
	json_object_set_new(m, "merged_from", from);
	json_object_del(m, "shard");
	json_object_set_new(m, "state", json_string("merged"));
	return m;
}

int merge_main(char *const *dirs, int n, const char *outdir, char *err, size_t len)
{
	struct results out;
	struct samples s;
	json_t *runs = json_array(), *m;
	int rc;

	for (int i = 0; i < n; i++) {
		json_t *r;

		rc = results_run_json(dirs[i], &r, err, len);
		if (rc)
			goto out;
		json_array_append_new(runs, r ?: json_null());
	}
	rc = merge_check(runs, dirs, n, err, len);
	if (rc)
		goto out;
	if (g_file_test(outdir, G_FILE_TEST_EXISTS)) {
		snprintf(err, len, "%s: exists; merge writes a new directory", outdir);
		rc = -EEXIST;
		goto out;
	}
	rc = results_open(&out, outdir, 1, err, len);
	for (int i = 0; !rc && i < n; i++) {
		char *src = g_build_filename(dirs[i], "console", NULL);
		char *dst = g_build_filename(outdir, "console", NULL);

		rc = merge_boots(&out, dirs[i], err, len);
		if (!rc)
			rc = merge_console(src, dst, err, len);
		g_free(src);
		g_free(dst);
	}
	if (!rc) {
		/* the shards, as merged: outdir is locked by this merge */
		rc = samples_load(&s, dirs, n, err, len);
		if (rc)
			samples_free(&s); /* what was read before the error */
	}
	if (!rc) {
		/* Failure rates over the merged sample, as run.c states them. */
		for (size_t i = 0; !rc && i < s.nsets; i++) {
			unsigned long t = samples_total(&s.sets[i]);
			unsigned long k = t - s.sets[i].count[BOOT_PASS];
			double lo, hi;
			json_t *metric;

			stats_binomial_ci(k, t, 0.95, &lo, &hi);
			metric = metric_new("boot_failure_rate", s.sets[i].section,
					    t ? (double)k / (double)t : 0, "ratio", "lower", t);
			metric_interval(metric, lo, hi, 0.95, "Clopper-Pearson exact binomial");
			metric_rate(metric, k);
			json_object_set_new(metric, "accel", json_string(s.sets[i].accel ?: "?"));
			rc = results_append(&out, out.metrics_fd, "metrics.jsonl", metric, err, len);
			json_decref(metric);
		}
		samples_free(&s);
	}
	if (!rc) {
		m = merge_run_json(runs, dirs, n);
		rc = results_write_json(&out, "run.json", m, err, len);
		json_decref(m);
	}
	results_close(&out);
out:
	json_decref(runs);
	return rc;
}
