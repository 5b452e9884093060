/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot boottime on synthetic results directories (fixed seeds): warm
 * runs of 12 QEMU processes x 10 boots per section, each process with its
 * own slowdown (the host's load while it ran), heavy-tailed boot noise, a
 * slow first boot per process (the warm-up), and one section with a known
 * delay in one phase.  Checks the warm-up drop, the per-process units, the
 * calibration, the verdicts with and without a confirmation sample, the
 * accelerator rule and the metric records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "boottime.h"
#include "unit.h"

#define KHZ 2000000.0        /* synthetic TSC: 2 GHz, 2000 ticks per us */
#define PROCS 12
#define PER 10
#define DELAY 40000000ull    /* the slow section's extra ticks in rng (20 ms) */

struct sec {
	const char *name, *baseline, *accel;
	uint64_t delay;
	int guest_khz;           /* boots carry tsc_khz (the guest's own rate) */
};

static const struct sec secs[] = {
	{ "a", "", "tcg", 0, 0 },
	{ "a2", "a", "tcg", 0, 0 },
	{ "slow", "a", "tcg", DELAY, 0 },
	{ "kvmcfg", "a", "kvm", 0, 1 },
};
#define NSEC (sizeof(secs) / sizeof(secs[0]))

/* A phase of `work` ticks slowed by the process's load and a heavy tail. */
static uint64_t phase(gsl_rng *r, double work, double load)
{
	double x = work * load * (1 + 0.05 * gsl_ran_gaussian(r, 1));

	if (gsl_rng_uniform(r) < 0.2)
		x += gsl_ran_exponential(r, 4 * work);
	return (uint64_t)fmax(x, 1);
}

static char *write_dir(const char *root, const char *name, unsigned long seed)
{
	char *dir = g_build_filename(root, name, NULL), *p;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	GString *boots = g_string_new(""), *run = g_string_new("");

	gsl_rng_set(r, seed);
	g_mkdir_with_parents(dir, 0755);
	g_string_append_printf(run, "{\"schema\":1,\"interleave\":%d,\"host_ns_moderation\":1000000,"
			       "\"host_tsc\":{\"khz\":%.1f,\"kvm\":null},\"runner\":{\"user_s\":0.3,"
			       "\"sys_s\":0.3},\"totals\":{\"finished\":%zu},\"sections\":[",
			       PER, KHZ, NSEC * PROCS * PER);
	for (size_t s = 0; s < NSEC; s++)
		g_string_append_printf(run, "%s{\"name\":\"%s\",\"warmup\":1,\"baseline\":\"%s\"}",
				       s ? "," : "", secs[s].name, secs[s].baseline);
	g_string_append(run, "]}\n");
	/* Interleaved: process k of every section runs in round k. */
	for (int k = 0; k < PROCS; k++)
		for (size_t s = 0; s < NSEC; s++) {
			double load = 1 + gsl_ran_exponential(r, 0.5);

			for (int b = 0; b < PER; b++) {
				uint64_t e = 1000000, pg = e + 200000;  /* paging: 100 us flat */
				uint64_t rn = pg + phase(r, 3e6, load) + secs[s].delay;
				uint64_t as = rn + phase(r, 1e6, load), mn = as + phase(r, 8e5, load);

				if (b == 0)  /* a fresh process: everything slower */
					mn += 100000000;
				g_string_append_printf(boots,
					"{\"v\":1,\"section\":\"%s\",\"boot\":%d,\"seq\":%d,"
					"\"outcome\":\"pass\",\"img\":\"x\",\"accel\":\"%s\","
					"\"mode\":\"warm\",%s\"tsc\":{\"entry\":%llu,\"paging\":%llu,"
					"\"rng\":%llu,\"aslr\":%llu,\"main\":%llu},\"host_ns\":"
					"{\"done\":5000000},\"perf\":{\"task_clock_ns\":%llu}}\n",
					secs[s].name, k * PER + b, b, secs[s].accel,
					secs[s].guest_khz ? "\"tsc_khz\":3000000," : "",
					(unsigned long long)e, (unsigned long long)pg,
					(unsigned long long)rn, (unsigned long long)as,
					(unsigned long long)mn,
					(unsigned long long)(5000000 * load));
			}
		}
	p = g_build_filename(dir, "run.json", NULL);
	g_file_set_contents(p, run->str, -1, NULL);
	g_free(p);
	p = g_build_filename(dir, "boots.jsonl", NULL);
	g_file_set_contents(p, boots->str, -1, NULL);
	g_free(p);
	g_string_free(boots, TRUE);
	g_string_free(run, TRUE);
	gsl_rng_free(r);
	return dir;
}

static json_t *cmp(json_t *doc, const char *config, const char *phase)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "comparisons"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "config")), config) &&
		    json_is_string(json_object_get(c, "phase")) &&
		    !strcmp(json_string_value(json_object_get(c, "phase")), phase))
			return c;
	return NULL;
}

static const char *verdict(json_t *doc, const char *config, const char *phase)
{
	return json_string_value(json_object_get(cmp(doc, config, phase), "verdict")) ?: "(none)";
}

static json_t *cfg(json_t *doc, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "configs"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "name")), name))
			return c;
	return NULL;
}

static double num(json_t *o, const char *path1, const char *path2)
{
	json_t *v = json_object_get(o, path1);

	if (path2)
		v = json_object_get(v, path2);
	return json_number_value(v);
}

int main(void)
{
	char root[] = "/tmp/hb-test-boottime-XXXXXX", err[512] = "";
	char *d1, *d2, *dirs[1];
	struct boottime_args a = { .warmup = -1 };
	json_t *doc, *ph;
	static const char *const phases[] = { "paging", "rng", "aslr", "main", "guest", "qemu_cpu" };

	if (!mkdtemp(root))
		return 1;
	d1 = write_dir(root, "first", 1);
	d2 = write_dir(root, "confirm", 2);
	dirs[0] = d1;
	btstat_opts_default(&a.o);
	a.dirs = dirs;
	a.ndirs = 1;

	doc = boottime_analyse(&a, err, sizeof(err));
	unit_ok(doc != NULL, "analysis of a synthetic run%s%s", doc ? "" : ": ", err);
	if (!doc)
		return unit_done();
	ph = json_object_get(json_object_get(cfg(doc, "a"), "phases"), "paging");
	unit_ok(json_integer_value(json_object_get(cfg(doc, "a"), "n")) == PROCS * (PER - 1) &&
		json_integer_value(json_object_get(cfg(doc, "a"), "warmup_dropped")) == PROCS &&
		json_integer_value(json_object_get(ph, "units")) == PROCS,
		"warm-up: the first boot of each of %d processes dropped, one unit per process",
		PROCS);
	unit_ok(num(ph, "median", NULL) == 100 && num(ph, "min", NULL) == 100 &&
		num(cfg(doc, "a"), "tsc_khz", NULL) == KHZ,
		"200000 ticks at the host's %.0f kHz: paging %.3f us", KHZ, num(ph, "median", NULL));
	unit_ok(num(json_object_get(json_object_get(cfg(doc, "kvmcfg"), "phases"), "paging"),
		    "median", NULL) == 200000 / 3000.0 &&
		strstr(json_string_value(json_object_get(cfg(doc, "kvmcfg"), "calibration")),
		       "guest's tsc record"),
		"the guest's own tsc_khz wins over the host's rate");
	unit_ok(!json_object_get(json_object_get(cfg(doc, "a"), "phases"), "done") &&
		json_object_get(json_object_get(cfg(doc, "a"), "phases"), "qemu_cpu"),
		"warm mode: no host-clock phases, QEMU's CPU time kept");
	unit_ok(!strcmp(verdict(doc, "slow", "rng"), "flagged") &&
		!strcmp(verdict(doc, "slow", "paging"), "no change"),
		"first sample alone: the delayed phase is flagged, not yet called (%s)",
		verdict(doc, "slow", "rng"));
	{
		size_t i, n = 0, ok = 0;
		json_t *c;

		json_array_foreach(json_object_get(doc, "comparisons"), i, c)
			if (!strcmp(json_string_value(json_object_get(c, "config")), "kvmcfg")) {
				n++;
				ok += !strcmp(json_string_value(json_object_get(c, "verdict")),
					      "not compared");
			}
		unit_ok(n == 1 && ok == 1,
			"a kvm configuration is never compared with a tcg baseline");
	}
	json_decref(doc);

	a.confirm = d2;
	doc = boottime_analyse(&a, err, sizeof(err));
	{
		json_t *c = cmp(doc, "slow", "rng");
		double ticks = num(c, "diff_ticks", NULL), mind = num(c, "min_diff", NULL);
		int same = 1;

		for (size_t i = 0; i < UNIT_ARRAY_SIZE(phases); i++)
			same &= !strcmp(verdict(doc, "a2", phases[i]), "no change");
		unit_ok(!strcmp(verdict(doc, "slow", "rng"), "slower") &&
			!strcmp(verdict(doc, "slow", "guest"), "slower") &&
			!strcmp(verdict(doc, "slow", "aslr"), "no change"),
			"confirmed: rng and guest slower, aslr no change");
		unit_ok(ticks > 0.9 * DELAY && ticks < 1.2 * DELAY &&
			fabs(mind * KHZ / 1000 - DELAY) < 0.02 * DELAY,
			"the delay recovered: %.0f ticks by medians, %.0f by minima (set %llu)",
			ticks, mind * KHZ / 1000, DELAY);
		unit_ok(same, "a2 = a: no change in every phase");
	}
	json_decref(doc);

	a.baseline = "a2";
	a.confirm = NULL;
	doc = boottime_analyse(&a, err, sizeof(err));
	unit_ok(doc && cmp(doc, "a", "rng") && !cmp(doc, "a2", "rng") &&
		!strcmp(json_string_value(json_object_get(cmp(doc, "slow", "rng"), "baseline")), "a2"),
		"--baseline a2: everything against a2");
	json_decref(doc);
	a.baseline = "nope";
	doc = boottime_analyse(&a, err, sizeof(err));
	unit_ok(!doc && strstr(err, "--baseline nope"), "unknown --baseline refused: %s", err);

	a.baseline = NULL;
	{
		int rc;
		char *path = g_build_filename(d1, "metrics.jsonl", NULL), *text = NULL;
		unsigned lines = 0, phase = 0, delta = 0;

		a.metrics = path;
		a.out = fopen("/dev/null", "w");
		rc = boottime_main(&a);
		fclose(a.out);
		g_file_get_contents(path, &text, NULL, NULL);
		for (char *p = text; p && (p = strchr(p, '\n')); p++)
			lines++;
		for (char *p = text; p && (p = strstr(p, "\"boottime_phase\"")); p++)
			phase++;
		for (char *p = text; p && (p = strstr(p, "\"boottime_delta\"")); p++)
			delta++;
		g_free(path);
		g_free(text);
		unit_ok(rc == 0 && lines == phase + delta && phase == NSEC * 6 && delta == 2 * 6,
			"metric records: %u boottime_phase, %u boottime_delta", phase, delta);
	}
	{
		char *cmd = g_strdup_printf("rm -rf %s", root);

		if (system(cmd)) {
			/* a leftover temp dir only */
		}
		g_free(cmd);
	}
	g_free(d1);
	g_free(d2);
	return unit_done();
}
