/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot phases per configuration, and each configuration against its
 * baseline (suites/boottime/README.md).
 *
 * Guest phases are differences of two TSC marks, converted to us with the
 * rate the guest reported (the tsc record) or else the host TSC rate the
 * runner measured (run.json host_tsc): under TCG QEMU hands the guest the
 * host's TSC, and under KVM without TSC scaling the guest TSC is the
 * host's.  Host phases come from the runner's CLOCK_MONOTONIC timestamps
 * and exist in cold mode only: in warm mode a boot begins at the previous
 * done and the runner reads its pipes in 1 ms batches (loop_moderate).
 * QEMU's CPU time per boot is the task-clock counter.
 *
 * Comparisons: btstat.c, one family per (config, baseline) pair: alpha is
 * split over the phases compared (Bonferroni), so a pair is flagged by
 * chance with probability at most alpha in one sample, and confirmed by
 * chance with probability at most alpha^2 / phases.  Timings are compared
 * only within one accelerator and one mode.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_sort_double.h>

#include "boottime.h"
#include "metric.h"
#include "results.h"
#include "run.h"
#include "stats.h"

const struct boottime_phase boottime_phases[] = {
	{ "paging", "tsc.entry", "tsc.paging", BOOTTIME_GUEST,
	  "guest: 32-bit entry, boot page tables, long mode", "guest entry to long mode" },
	{ "rng", "tsc.paging", "tsc.rng", BOOTTIME_GUEST,
	  "guest: command line, seed collected, CSPRNG keyed and self-tested", "guest CSPRNG seeding" },
	{ "aslr", "tsc.rng", "tsc.aslr", BOOTTIME_GUEST,
	  "guest: layout drawn, page tables built, relocated, on the random base, "
	  "final GDT, trampoline unmapped", "guest move to the random base" },
	{ "main", "tsc.aslr", "tsc.main", BOOTTIME_GUEST,
	  "guest: canary, #CP handler and CET, to main", "guest way to main" },
	{ "guest", "tsc.entry", "tsc.main", BOOTTIME_GUEST,
	  "guest: entry to main, the four phases above", "guest entry to main" },
	{ "first_byte", NULL, "host_ns.first_byte", BOOTTIME_HOST,
	  "host, cold: QEMU spawn to the first serial byte", "time to the first serial byte" },
	{ "records", "host_ns.main", "host_ns.done", BOOTTIME_HOST,
	  "host, cold: main mark to the done record (the records on the serial line)", "records on the serial line" },
	{ "done", NULL, "host_ns.done", BOOTTIME_HOST,
	  "host, cold: QEMU spawn to the done record", "wall time per boot" },
	{ "exit", "host_ns.done", "host_ns.end", BOOTTIME_HOST,
	  "host, cold: done record to QEMU's exit", "done to QEMU exit" },
	{ "qemu_cpu", NULL, "perf.task_clock_ns", BOOTTIME_CPU,
	  "host: QEMU's CPU time per boot (warm: since the previous boot, reset included)", "QEMU CPU time per boot" },
};
const size_t boottime_nphases = sizeof(boottime_phases) / sizeof(boottime_phases[0]);

#define NPH (sizeof(boottime_phases) / sizeof(boottime_phases[0]))

/* One sample (first or confirmation) of one configuration. */
struct boottime_side {
	const struct sample_set *set;
	json_t *run, *sec;        /* run.json and its section entry */
	double *v[NPH];           /* per boot: us (ticks if uncalibrated) */
	size_t n[NPH];
	double *u[NPH];           /* per QEMU process: the median of its boots */
	size_t nu[NPH];
	size_t used, dropped;     /* boots in the sample; warm-up boots left out */
	double khz;               /* TSC calibration, 0 = none */
	const char *cal;          /* where khz came from */
	double xcheck_khz;        /* guest TSC over the host clock, NAN if none */
	size_t xcheck_n;
};

struct boottime_cfg {
	const char *name;
	const char *baseline;     /* reference section, or NULL */
	const char *accel, *mode;
	unsigned long warmup;
	struct boottime_side s1, s2;    /* s2.set NULL: no confirmation sample */
};

struct boottime_ctx {
	const struct boottime_args *a;
	struct samples s1, s2;
	int have2;
	struct boottime_cfg *cfg;
	size_t ncfg;
};

/* run.json of the directory a set was first read from, and the section. */
static void boottime_side_run(const struct samples *s, char *const *dirs, int ndirs,
		      struct boottime_side *side)
{
	for (int i = 0; i < ndirs; i++) {
		json_t *run = json_array_get(s->runs, (size_t)i), *sec;
		size_t k;

		if (!side->set->dir || strcmp(side->set->dir, dirs[i]))
			continue;
		side->run = run;
		json_array_foreach(json_object_get(run, "sections"), k, sec)
			if (!strcmp(json_string_value(json_object_get(sec, "name")) ?: "",
				    side->set->section))
				side->sec = sec;
		return;
	}
}

/* Median of the guest's own tsc_khz over the sample's rows, 0 if any row
 * lacks it. */
static double boottime_guest_khz(const struct sample_set *set, const uint8_t *use)
{
	const struct sample_col *c = samples_col(set, "tsc_khz");
	double *v, m;
	size_t n = 0;

	if (!c)
		return 0;
	v = g_new(double, set->rows ? set->rows : 1);
	for (size_t i = 0; i < set->rows; i++) {
		if (!use[i])
			continue;
		if (!c->have[i]) {
			g_free(v);
			return 0;
		}
		v[n++] = (double)c->v[i];
	}
	m = n ? stats_median(v, n) : 0;
	g_free(v);
	return m;
}

/*
 * The guest TSC against the host clock over rng -> main, cold boots only:
 * both lines are printed the moment their mark is taken, so the host saw
 * them ~equally late (the serial line, the pipe, and up to 40 us of the
 * engine's read coalescing each).  Over a few ms that is a per-boot error
 * of a few percent; the median over boots is what is kept.  It checks the
 * calibration, it never replaces it.
 */
static void boottime_xcheck(struct boottime_side *sd, const uint8_t *use)
{
	const struct sample_col *t0 = samples_col(sd->set, "tsc.rng");
	const struct sample_col *t1 = samples_col(sd->set, "tsc.main");
	const struct sample_col *h0 = samples_col(sd->set, "host_ns.rng");
	const struct sample_col *h1 = samples_col(sd->set, "host_ns.main");
	double *v;

	sd->xcheck_khz = NAN;
	sd->xcheck_n = 0;
	if (!t0 || !t1 || !h0 || !h1)
		return;
	v = g_new(double, sd->set->rows ? sd->set->rows : 1);
	for (size_t i = 0; i < sd->set->rows; i++)
		if (use[i] && t0->have[i] && t1->have[i] && h0->have[i] && h1->have[i] &&
		    t1->v[i] > t0->v[i] && h1->v[i] > h0->v[i])
			v[sd->xcheck_n++] = (double)(t1->v[i] - t0->v[i]) /
					    (double)(h1->v[i] - h0->v[i]) * 1e6;
	if (sd->xcheck_n)
		sd->xcheck_khz = stats_median(v, sd->xcheck_n);
	g_free(v);
}

/* Rows that are samples: passing boots past the warm-up.  Warm mode drops
 * the first `warmup` boots of every QEMU (seq), cold mode the first
 * `warmup` boots of the section (with interleaving: the first rounds). */
static uint8_t *boottime_rows(struct boottime_side *sd, int warm, unsigned long warmup)
{
	const struct sample_col *key = samples_col(sd->set, warm ? "seq" : "boot");
	uint8_t *use = g_new0(uint8_t, sd->set->rows ? sd->set->rows : 1);

	for (size_t i = 0; i < sd->set->rows; i++) {
		use[i] = !(key && key->have[i] && key->v[i] < warmup);
		sd->used += use[i];
		sd->dropped += !use[i];
	}
	return use;
}

struct boottime_kv {
	uint64_t key;
	double v;
};

static int boottime_kv_cmp(const void *x, const void *y)
{
	const struct boottime_kv *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->v < b->v ? -1 : a->v > b->v;
}

/*
 * One value per QEMU process: the median of its boots.  Boots of one warm
 * QEMU share that process's luck with the host (the core it landed on, the
 * load while it ran), so they are not independent draws, and a test that
 * took them for such would see a difference between two identical
 * configurations far more often than its alpha says.  The process is the
 * unit the interleaving randomizes over; in cold mode each boot is one.
 */
static void boottime_units(struct boottime_side *sd, size_t p, struct boottime_kv *kv, size_t n)
{
	size_t i = 0;

	qsort(kv, n, sizeof(*kv), boottime_kv_cmp);
	sd->u[p] = g_new(double, n ? n : 1);
	while (i < n) {
		size_t j = i;

		while (j < n && kv[j].key == kv[i].key)
			j++;
		/* kv[i..j) is sorted by value: type 7 median */
		sd->u[p][sd->nu[p]++] = (j - i) % 2 ? kv[i + (j - i) / 2].v :
			(kv[i + (j - i) / 2 - 1].v + kv[i + (j - i) / 2].v) / 2;
		i = j;
	}
}

/* The QEMU process a row's boot ran in: its first boot's number (boot -
 * seq), so every process of a section has its own key. */
static uint64_t boottime_unit_key(const struct sample_col *boot, const struct sample_col *seq,
			    size_t i)
{
	if (!boot || !boot->have[i])
		return UINT64_MAX - i;
	return boot->v[i] - (seq && seq->have[i] ? seq->v[i] : 0);
}

static void boottime_side_fill(struct boottime_side *sd, int warm, unsigned long warmup)
{
	uint8_t *use = boottime_rows(sd, warm, warmup);
	json_t *ht = json_object_get(sd->run, "host_tsc");
	const struct sample_col *boot = samples_col(sd->set, "boot");
	const struct sample_col *seq = samples_col(sd->set, "seq");
	struct boottime_kv *kv = g_new(struct boottime_kv, sd->set->rows ? sd->set->rows : 1);

	sd->khz = boottime_guest_khz(sd->set, use);
	sd->cal = "the guest's tsc record";
	if (!sd->khz && json_number_value(json_object_get(ht, "khz")) > 0) {
		sd->khz = json_number_value(json_object_get(ht, "khz"));
		sd->cal = "the host TSC rate measured by the runner (the guest's TSC "
			  "ticks at it under TCG and under KVM without TSC scaling)";
	}
	if (!sd->khz)
		sd->cal = "none: guest phases stay in TSC ticks";
	if (!warm)
		boottime_xcheck(sd, use);
	else
		sd->xcheck_khz = NAN;
	for (size_t p = 0; p < NPH; p++) {
		const struct boottime_phase *ph = &boottime_phases[p];
		const struct sample_col *to = samples_col(sd->set, ph->to);
		const struct sample_col *from = ph->from ? samples_col(sd->set, ph->from) : NULL;

		sd->v[p] = g_new(double, sd->set->rows ? sd->set->rows : 1);
		if (!to || (ph->from && !from) || (ph->kind == BOOTTIME_HOST && warm)) {
			sd->u[p] = g_new(double, 1);
			continue;
		}
		for (size_t i = 0; i < sd->set->rows; i++) {
			double d;

			if (!use[i] || !to->have[i] || (from && !from->have[i]))
				continue;
			if (from && to->v[i] < from->v[i])
				continue;   /* a counter that went back: no duration */
			d = (double)(to->v[i] - (from ? from->v[i] : 0));
			if (ph->kind == BOOTTIME_GUEST)
				d = sd->khz > 0 ? d / sd->khz * 1000 : d;
			else
				d /= 1000;
			kv[sd->n[p]] = (struct boottime_kv){ boottime_unit_key(boot, seq, i), d };
			sd->v[p][sd->n[p]++] = d;
		}
		boottime_units(sd, p, kv, sd->n[p]);
	}
	g_free(use);
	g_free(kv);
}

static void boottime_side_free(struct boottime_side *sd)
{
	for (size_t p = 0; p < NPH; p++) {
		g_free(sd->v[p]);
		g_free(sd->u[p]);
	}
}

static const char *boottime_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static struct boottime_cfg *boottime_find(struct boottime_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->ncfg; i++)
		if (!strcmp(c->cfg[i].name, name))
			return &c->cfg[i];
	return NULL;
}

/* Position of a section in its run.json, for the suite's order. */
static size_t boottime_cfg_pos(const struct boottime_cfg *cf)
{
	json_t *secs = json_object_get(cf->s1.run, "sections");

	for (size_t i = 0; i < json_array_size(secs); i++)
		if (json_array_get(secs, i) == cf->s1.sec)
			return i;
	return SIZE_MAX;
}

static int boottime_cfg_cmp(const void *x, const void *y)
{
	size_t a = boottime_cfg_pos(x), b = boottime_cfg_pos(y);

	return a < b ? -1 : a > b;
}

static int boottime_load(struct boottime_ctx *c, char *err, size_t n)
{
	const struct boottime_args *a = c->a;
	char *d2[1] = { (char *)a->confirm };

	if (samples_load(&c->s1, a->dirs, a->ndirs, err, n))
		return -EINVAL;
	if (a->confirm) {
		if (samples_load(&c->s2, d2, 1, err, n))
			return -EINVAL;
		c->have2 = 1;
	}
	c->cfg = g_new0(struct boottime_cfg, c->s1.nsets ? c->s1.nsets : 1);
	for (size_t i = 0; i < c->s1.nsets; i++) {
		struct boottime_cfg *cf = &c->cfg[c->ncfg++];
		json_t *w;

		cf->name = c->s1.sets[i].section;
		cf->s1.set = &c->s1.sets[i];
		boottime_side_run(&c->s1, a->dirs, a->ndirs, &cf->s1);
		cf->accel = c->s1.sets[i].accel ?: "?";
		cf->mode = c->s1.sets[i].mode ?: "?";
		w = json_object_get(cf->s1.sec, "warmup");
		cf->warmup = a->warmup >= 0 ? (unsigned long)a->warmup :
			     json_is_integer(w) ? (unsigned long)json_integer_value(w) : 0;
		cf->baseline = boottime_str(cf->s1.sec, "baseline");
		if (cf->baseline && !*cf->baseline)
			cf->baseline = NULL;
		boottime_side_fill(&cf->s1, !strcmp(cf->mode, "warm"), cf->warmup);
		if (c->have2 && (cf->s2.set = samples_find(&c->s2, cf->name))) {
			boottime_side_run(&c->s2, d2, 1, &cf->s2);
			boottime_side_fill(&cf->s2, !strcmp(cf->mode, "warm"), cf->warmup);
		}
	}
	/* Interleaved boots finish in any order: report in the suite's. */
	qsort(c->cfg, c->ncfg, sizeof(*c->cfg), boottime_cfg_cmp);
	if (!c->ncfg) {
		snprintf(err, n, "%s: no boots", a->dirs[0]);
		return -EINVAL;
	}
	if (a->baseline) {
		if (!boottime_find(c, a->baseline)) {
			snprintf(err, n, "--baseline %s: no such section in %s", a->baseline,
				 a->dirs[0]);
			return -ENOENT;
		}
		for (size_t i = 0; i < c->ncfg; i++)
			c->cfg[i].baseline = strcmp(c->cfg[i].name, a->baseline) ?
					     a->baseline : NULL;
	} else {
		int any = 0;

		for (size_t i = 0; i < c->ncfg; i++)
			any |= c->cfg[i].baseline != NULL;
		/* No baseline keys: everything against the first section. */
		for (size_t i = 1; i < c->ncfg && !any; i++)
			c->cfg[i].baseline = c->cfg[0].name;
	}
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static const char *boottime_unit(const struct boottime_side *sd, const struct boottime_phase *ph)
{
	return ph->kind == BOOTTIME_GUEST && !(sd->khz > 0) ? "ticks" : "us";
}

/* Median of v[0..n) without reordering it. */
static double boottime_med_copy(const double *v, size_t n)
{
	double *t = g_memdup2(v, (n ? n : 1) * sizeof(*v)), m = stats_median(t, n);

	g_free(t);
	return m;
}

/* The median of the processes' medians and its distribution-free interval
 * (stats.c: order statistics, exact binomial coverage >= conf); NAN below
 * BTSTAT_MIN_N processes, where the interval would be the whole range. */
static void boottime_median_ci(const double *u, size_t n, double conf, double *lo,
			       double *hi)
{
	double *s;

	*lo = *hi = NAN;
	if (n < BTSTAT_MIN_N)
		return;
	s = g_memdup2(u, n * sizeof(*u));
	gsl_sort(s, 1, n);
	stats_median_ci(s, n, conf, lo, hi, NULL);
	g_free(s);
}

static json_t *boottime_cfg_json(const struct boottime_args *a, const struct boottime_cfg *cf)
{
	const struct boottime_side *sd = &cf->s1;
	json_t *o = json_object(), *ph = json_object();
	unsigned long failed = samples_total(sd->set) - sd->set->count[BOOT_PASS];

	json_object_set_new(o, "name", json_string(cf->name));
	json_object_set_new(o, "image", json_string(sd->set->image ?: "?"));
	json_object_set_new(o, "accel", json_string(cf->accel));
	json_object_set_new(o, "mode", json_string(cf->mode));
	json_object_set_new(o, "baseline", cf->baseline ? json_string(cf->baseline) : json_null());
	json_object_set_new(o, "n", json_integer((json_int_t)sd->used));
	json_object_set_new(o, "warmup", json_integer((json_int_t)cf->warmup));
	json_object_set_new(o, "warmup_dropped", json_integer((json_int_t)sd->dropped));
	json_object_set_new(o, "not_passed", json_integer((json_int_t)failed));
	json_object_set_new(o, "tsc_khz", metric_num(sd->khz > 0 ? sd->khz : NAN));
	json_object_set_new(o, "calibration", json_string(sd->cal));
	json_object_set_new(o, "xcheck_khz", metric_num(sd->xcheck_khz));
	json_object_set_new(o, "xcheck_n", json_integer((json_int_t)sd->xcheck_n));
	for (size_t p = 0; p < NPH; p++) {
		struct btstat_sum s;
		double lo, hi;

		if (!sd->n[p])
			continue;
		btstat_summary(sd->v[p], sd->n[p], &s);
		boottime_median_ci(sd->u[p], sd->nu[p], a->o.confidence, &lo, &hi);
		json_object_set_new(ph, boottime_phases[p].name, json_pack(
			"{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:[o,o],s:s}",
			"n", (json_int_t)s.n, "units", (json_int_t)sd->nu[p],
			"median", metric_num(s.median), "p90", metric_num(s.p90),
			"min", metric_num(s.min), "max", metric_num(s.max), "mad", metric_num(s.mad),
			"mean", metric_num(s.mean), "unit_median", metric_num(boottime_med_copy(sd->u[p], sd->nu[p])),
			"unit_median_ci", metric_num(lo), metric_num(hi),
			"unit", boottime_unit(sd, &boottime_phases[p])));
	}
	json_object_set_new(o, "phases", ph);
	return o;
}

static json_t *boottime_cmp_json(const struct btstat_cmp *c)
{
	return json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:i}",
		"n_baseline", (json_int_t)c->na, "n", (json_int_t)c->nb,
		"median_baseline", metric_num(c->med_a), "median", metric_num(c->med_b),
		"diff", metric_num(c->diff), "lo", metric_num(c->lo), "hi", metric_num(c->hi),
		"rel", metric_num(c->rel), "p", metric_num(c->p), "beyond_floor", c->beyond_floor,
		"flag", c->flag);
}

static double *boottime_concat(const double *x, size_t nx, const double *y, size_t ny)
{
	double *v = g_new(double, nx + ny + 1);

	memcpy(v, x, nx * sizeof(*v));
	memcpy(v + nx, y, ny * sizeof(*v));
	return v;
}

static double boottime_min(const double *v, size_t n)
{
	double m = INFINITY;

	for (size_t i = 0; i < n; i++)
		m = fmin(m, v[i]);
	return n ? m : NAN;
}

/* One (config, baseline) pair: every phase both sides have, Bonferroni. */
static void boottime_pair(const struct boottime_ctx *c, const struct boottime_cfg *cf,
		    const struct boottime_cfg *ref, unsigned long pair, json_t *out)
{
	struct btstat_opts o = c->a->o;
	size_t m = 0;

	if (strcmp(cf->accel, ref->accel) || strcmp(cf->mode, ref->mode)) {
		json_array_append_new(out, json_pack("{s:s,s:s,s:n,s:s,s:s}",
			"config", cf->name, "baseline", ref->name, "phase",
			"verdict", "not compared", "note", strcmp(cf->accel, ref->accel) ?
			"different accelerators: timings never compare across them" :
			"different modes (cold, warm)"));
		return;
	}
	for (size_t p = 0; p < NPH; p++)
		m += cf->s1.nu[p] && ref->s1.nu[p];
	o.alpha = c->a->o.alpha / (double)(m ? m : 1);
	for (size_t p = 0; p < NPH; p++) {
		const struct boottime_side *a1 = &ref->s1, *b1 = &cf->s1, *a2 = &ref->s2, *b2 = &cf->s2;
		struct btstat_cmp c1, c2, pool;
		enum btstat_verdict v;
		int confirmed = c->have2 && a2->set && b2->set;
		json_t *j;

		if (!b1->nu[p] || !a1->nu[p])
			continue;
		o.seed = c->a->o.seed + pair * 1000 + p;
		btstat_compare(a1->u[p], a1->nu[p], b1->u[p], b1->nu[p], &o, &c1);
		j = json_pack("{s:s,s:s,s:s,s:s,s:f,s:I,s:s,s:s}", "config", cf->name,
			      "baseline", ref->name, "phase", boottime_phases[p].name,
			      "unit", boottime_unit(b1, &boottime_phases[p]), "alpha", o.alpha,
			      "phases_in_family", (json_int_t)m, "accel", cf->accel, "mode", cf->mode);
		json_object_set_new(j, "first", boottime_cmp_json(&c1));
		json_object_set_new(j, "min_diff", metric_num(boottime_min(b1->v[p], b1->n[p]) -
							  boottime_min(a1->v[p], a1->n[p])));
		json_object_set_new(j, "units", json_pack("[I,I]", (json_int_t)a1->nu[p],
							  (json_int_t)b1->nu[p]));
		v = btstat_verdict(&c1, NULL);
		pool = c1;
		if (c1.flag && confirmed) {
			double *pa = boottime_concat(a1->u[p], a1->nu[p], a2->u[p], a2->nu[p]);
			double *pb = boottime_concat(b1->u[p], b1->nu[p], b2->u[p], b2->nu[p]);

			btstat_compare(a2->u[p], a2->nu[p], b2->u[p], b2->nu[p], &o, &c2);
			btstat_compare(pa, a1->nu[p] + a2->nu[p], pb, b1->nu[p] + b2->nu[p], &o, &pool);
			json_object_set_new(j, "confirm", boottime_cmp_json(&c2));
			json_object_set_new(j, "pooled", boottime_cmp_json(&pool));
			v = btstat_verdict(&c1, &c2);
			g_free(pa);
			g_free(pb);
		} else if (c1.flag && c->have2) {
			json_object_set_new(j, "note", json_string(
				"flagged, but the confirmation run lacks this pair"));
		}
		/* The estimate in the guest's own unit, for checking an injected
		 * delay without trusting the calibration. */
		if (boottime_phases[p].kind == BOOTTIME_GUEST && b1->khz > 0 && pool.tested)
			json_object_set_new(j, "diff_ticks", json_real(pool.diff * b1->khz / 1000));
		json_object_set_new(j, "verdict", json_string(btstat_verdict_names[v]));
		json_array_append_new(out, j);
	}
}

/* Under TCG, and under a KVM that emulates ring 0 instruction by
 * instruction, every rdtsc and rdrand the guest runs is itself emulated:
 * what is timed is QEMU's emulation, not the hardware's cost. */
static const char *boottime_accel_note(const char *accel, json_t *run)
{
	const char *kvm = boottime_str(json_object_get(run, "host_tsc"), "kvm");

	if (!strcmp(accel, "tcg"))
		return "accel tcg: every guest instruction, rdtsc and rdrand included, is "
		       "emulated by QEMU; these numbers validate the method only, they are "
		       "not what a hardening costs on hardware";
	if (!strcmp(accel, "kvm") && kvm && !strcmp(kvm, "kvm_pvm"))
		return "accel kvm on kvm_pvm, which emulates the guest's ring-0 code "
		       "instruction by instruction (rdtsc, rdrand included): these numbers "
		       "validate the method only";
	if (!strcmp(accel, "kvm"))
		return "accel kvm: guest phases are the hardware's, host phases this host's";
	return "accelerators differ between configurations: each is compared only "
	       "within its own";
}

json_t *boottime_analyse(const struct boottime_args *a, char *err, size_t n)
{
	struct boottime_ctx c = { .a = a };
	json_t *doc = NULL, *cfgs, *cmps, *run, *r;
	unsigned long finished;
	double cpu;

	if (boottime_load(&c, err, n))
		goto out;
	run = c.cfg[0].s1.run;
	cfgs = json_array();
	cmps = json_array();
	for (size_t i = 0; i < c.ncfg; i++)
		json_array_append_new(cfgs, boottime_cfg_json(a, &c.cfg[i]));
	for (size_t i = 0; i < c.ncfg; i++) {
		struct boottime_cfg *ref = c.cfg[i].baseline ? boottime_find(&c, c.cfg[i].baseline) : NULL;

		if (ref)
			boottime_pair(&c, &c.cfg[i], ref, i, cmps);
	}
	doc = json_pack("{s:i,s:s,s:s,s:O,s:O}", "schema", 1, "dir", a->dirs[0],
			"note", boottime_accel_note(c.cfg[0].accel, run),
			"interleave", json_object_get(run, "interleave") ?: json_null(),
			"host_tsc", json_object_get(run, "host_tsc") ?: json_null());
	json_object_set_new(doc, "confirm", a->confirm ? json_string(a->confirm) : json_null());
	for (size_t i = 1; i < c.ncfg; i++)
		if (strcmp(c.cfg[i].accel, c.cfg[0].accel))
			json_object_set_new(doc, "note", json_string(boottime_accel_note("mixed", run)));
	/* The runner's own cost per boot: its user+system CPU over the boots
	 * it finished (probe and setup included, so an upper bound). */
	r = json_object_get(run, "runner");
	finished = (unsigned long)json_integer_value(json_object_get(
		json_object_get(run, "totals"), "finished"));
	cpu = json_number_value(json_object_get(r, "user_s")) +
	      json_number_value(json_object_get(r, "sys_s"));
	json_object_set_new(doc, "runner", json_pack("{s:o,s:I,s:o}",
		"cpu_us_per_boot", metric_num(finished ? cpu / (double)finished * 1e6 : NAN),
		"boots", (json_int_t)finished,
		"host_ns_moderation", json_object_get(run, "host_ns_moderation") ?
		json_incref(json_object_get(run, "host_ns_moderation")) : json_null()));
	json_object_set_new(doc, "stats", json_pack("{s:f,s:f,s:f,s:f,s:I,s:I,s:I}",
		"alpha", a->o.alpha, "floor_abs_us", a->o.floor_abs,
		"floor_rel", a->o.floor_rel, "confidence", a->o.confidence,
		"bootstrap", (json_int_t)a->o.reps, "permutations", (json_int_t)a->o.perms,
		"seed", (json_int_t)a->o.seed));
	json_object_set_new(doc, "configs", cfgs);
	json_object_set_new(doc, "comparisons", cmps);
out:
	for (size_t i = 0; i < c.ncfg; i++) {
		boottime_side_free(&c.cfg[i].s1);
		boottime_side_free(&c.cfg[i].s2);
	}
	g_free(c.cfg);
	samples_free(&c.s1);
	if (c.have2)
		samples_free(&c.s2);
	return doc;
}

/* ---- text ---------------------------------------------------------------- */

static double boottime_jnum(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void boottime_print_configs(FILE *f, json_t *doc)
{
	size_t i;
	json_t *cf;

	json_array_foreach(json_object_get(doc, "configs"), i, cf) {
		const char *k;
		json_t *ph;

		fprintf(f, "\n[%s] image %s, %s %s, n %lld (warm-up dropped %lld, not passed %lld)\n",
			boottime_str(cf, "name"), boottime_str(cf, "image"), boottime_str(cf, "accel"),
			boottime_str(cf, "mode"), json_integer_value(json_object_get(cf, "n")),
			json_integer_value(json_object_get(cf, "warmup_dropped")),
			json_integer_value(json_object_get(cf, "not_passed")));
		fprintf(f, "  %-11s %6s %5s %10s %10s %10s %10s  %s\n", "phase", "boots", "procs",
			"median", "p90", "min", "MAD", "unit");
		json_object_foreach(json_object_get(cf, "phases"), k, ph)
			fprintf(f, "  %-11s %6lld %5lld %10.1f %10.1f %10.1f %10.1f  %s\n", k,
				json_integer_value(json_object_get(ph, "n")),
				json_integer_value(json_object_get(ph, "units")), boottime_jnum(ph, "median"),
				boottime_jnum(ph, "p90"), boottime_jnum(ph, "min"), boottime_jnum(ph, "mad"),
				boottime_str(ph, "unit"));
	}
}

static void boottime_print_cmps(FILE *f, json_t *doc)
{
	const char *last = "";
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "comparisons"), i, c) {
		json_t *fst = json_object_get(c, "first"), *cf = json_object_get(c, "confirm");
		json_t *est = json_object_get(c, "pooled") ?: fst;
		char conf[64] = "", rel[32] = "-";

		if (strcmp(last, boottime_str(c, "config"))) {
			last = boottime_str(c, "config");
			fprintf(f, "\n[%s] against [%s]\n", last, boottime_str(c, "baseline"));
			if (!fst) {
				fprintf(f, "  not compared: %s\n", boottime_str(c, "note"));
				continue;
			}
			fprintf(f, "  %-11s %10s %23s %8s %9s %9s %10s  %s\n", "phase", "diff",
				"95% CI", "rel", "p", "p again", "min diff", "verdict");
		}
		if (!fst)
			continue;
		if (isfinite(boottime_jnum(est, "rel")))
			snprintf(rel, sizeof(rel), "%+7.1f%%", 100 * boottime_jnum(est, "rel"));
		if (cf)
			snprintf(conf, sizeof(conf), "%.2g", boottime_jnum(cf, "p"));
		fprintf(f, "  %-11s %+10.1f [%+10.1f, %+10.1f] %8s %9.2g %9s %+10.1f  %s%s\n",
			boottime_str(c, "phase"), boottime_jnum(est, "diff"), boottime_jnum(est, "lo"),
			boottime_jnum(est, "hi"), rel, boottime_jnum(fst, "p"),
			conf[0] ? conf : "-", boottime_jnum(c, "min_diff"), boottime_str(c, "verdict"),
			strcmp(boottime_str(c, "unit"), "us") ? " (ticks)" : "");
	}
}

static void boottime_print(FILE *f, json_t *doc)
{
	json_t *st = json_object_get(doc, "stats"), *rn = json_object_get(doc, "runner");
	json_t *cf0 = json_array_get(json_object_get(doc, "configs"), 0);
	json_t *ht = json_object_get(doc, "host_tsc");

	fprintf(f, "hardboot boottime: %s%s%s\n", boottime_str(doc, "dir"),
		json_is_string(json_object_get(doc, "confirm")) ? ", confirmed by " : "",
		json_is_string(json_object_get(doc, "confirm")) ? boottime_str(doc, "confirm") : "");
	fprintf(f, "NOTE: %s.\n", boottime_str(doc, "note"));
	fprintf(f, "sampling: %s; warm-up: the first %lld boot(s) of each %s dropped\n",
		json_integer_value(json_object_get(doc, "interleave")) > 0 ?
		"interleaved, configurations take turns (rotating)" :
		"NOT interleaved (sections one after the other): differences may be drift",
		json_integer_value(json_object_get(cf0, "warmup")),
		!strcmp(boottime_str(cf0, "mode"), "warm") ? "QEMU process" : "section");
	fprintf(f, "calibration: %s", boottime_str(cf0, "calibration"));
	if (json_is_number(json_object_get(cf0, "tsc_khz")))
		fprintf(f, ": %.0f kHz", boottime_jnum(cf0, "tsc_khz"));
	if (json_is_number(json_object_get(ht, "khz_end")))
		fprintf(f, " (host %.0f kHz before the boots, %.0f after)", boottime_jnum(ht, "khz"),
			boottime_jnum(ht, "khz_end"));
	if (json_is_number(json_object_get(cf0, "xcheck_khz")))
		fprintf(f, "; cross-check, guest TSC over the host clock from rng to main: "
			"%.0f kHz (median of %lld cold boots)%s", boottime_jnum(cf0, "xcheck_khz"),
			json_integer_value(json_object_get(cf0, "xcheck_n")),
			fabs(boottime_jnum(cf0, "xcheck_khz") / boottime_jnum(cf0, "tsc_khz") - 1) > 0.05 ?
			", more than 5% off: the host saw those lines late or in one batch "
			"(a loaded host), the calibration stands" : "");
	fprintf(f, "\nrunner: %.0f us of its own CPU per boot over %lld boots; host timestamps "
		"%s\n", boottime_jnum(rn, "cpu_us_per_boot"),
		json_integer_value(json_object_get(rn, "boots")),
		json_integer_value(json_object_get(rn, "host_ns_moderation")) > 0 ?
		"read in batches (warm mode): host phases left out" :
		"late by at most 40 us per line (read coalescing)");
	fprintf(f, "statistics: the unit is one QEMU process (the median of its boots); "
		"difference of the medians of those, bootstrap %.0f%% CI (%lld resamples); "
		"permutation test (%lld relabellings, seed %lld); a change is flagged when "
		"p < %g / phases compared AND |diff| > %g us AND > %g%% of the baseline's "
		"median, and called only if a second sample flags it too\n",
		100 * boottime_jnum(st, "confidence"),
		json_integer_value(json_object_get(st, "bootstrap")),
		json_integer_value(json_object_get(st, "permutations")),
		json_integer_value(json_object_get(st, "seed")), boottime_jnum(st, "alpha"),
		boottime_jnum(st, "floor_abs_us"), 100 * boottime_jnum(st, "floor_rel"));
	boottime_print_configs(f, doc);
	boottime_print_cmps(f, doc);
}

/* ---- metric records -------------------------------------------------------- */

/* Copy src's keys (a NULL-terminated list) into the record m. */
static void boottime_copy(json_t *m, json_t *src, const char *const *keys)
{
	for (; *keys; keys++)
		json_object_set(m, *keys, json_object_get(src, *keys));
}

json_t *boottime_records(json_t *doc)
{
	json_t *out = json_array(), *cf, *c, *ph;
	const char *k;
	size_t i;

	json_array_foreach(json_object_get(doc, "configs"), i, cf)
		json_object_foreach(json_object_get(cf, "phases"), k, ph) {
			char subj[256];
			json_t *m, *ci = json_object_get(ph, "unit_median_ci");

			snprintf(subj, sizeof(subj), "%s/%s", boottime_str(cf, "name"), k);
			m = metric_new("boottime_phase", subj, boottime_jnum(ph, "unit_median"),
				       boottime_str(ph, "unit"), "lower",
				       (unsigned long)json_integer_value(json_object_get(ph, "n")));
			if (json_is_number(json_array_get(ci, 0)))
				metric_interval(m, json_number_value(json_array_get(ci, 0)),
						json_number_value(json_array_get(ci, 1)),
						boottime_jnum(json_object_get(doc, "stats"), "confidence"),
						"median of the QEMU processes' medians, distribution-free order-statistic interval over processes");
			json_object_set(m, "boot_median", json_object_get(ph, "median"));
			boottime_copy(m, ph, (const char *const[]){ "p90", "min", "mad", NULL });
			boottime_copy(m, cf, (const char *const[]){ "accel", "mode", "image", NULL });
			/* one run's boot time: across nights a trend, never a gate */
			metric_compare(m, METRIC_TREND);
			json_object_set_new(m, "aggregate", json_string("median"));
			json_object_set(m, "processes", json_object_get(ph, "units"));
			json_array_append_new(out, m);
		}
	json_array_foreach(json_object_get(doc, "comparisons"), i, c) {
		json_t *fst = json_object_get(c, "first"), *est, *m;
		char subj[256];

		if (!fst)
			continue;
		est = json_object_get(c, "pooled") ?: fst;
		snprintf(subj, sizeof(subj), "%s/%s", boottime_str(c, "config"), boottime_str(c, "phase"));
		m = metric_new("boottime_delta", subj, boottime_jnum(est, "diff"), boottime_str(c, "unit"),
			       "lower", (unsigned long)json_integer_value(json_object_get(est, "n")));
		if (json_is_number(json_object_get(est, "lo")))
			metric_interval(m, boottime_jnum(est, "lo"), boottime_jnum(est, "hi"),
					boottime_jnum(json_object_get(doc, "stats"), "confidence"),
					"difference of the medians of per-QEMU-process medians, percentile "
					"bootstrap and permutation test over processes, "
					"Bonferroni over the pair's phases, confirmed by a second sample");
		metric_compare(m, METRIC_AB);
		json_object_set(m, "p", json_object_get(fst, "p"));
		json_object_set(m, "rel", json_object_get(est, "rel"));
		boottime_copy(m, c, (const char *const[]){ "baseline", "verdict", "alpha", "accel",
						    "mode", NULL });
		json_array_append_new(out, m);
	}
	return out;
}

int boottime_main(const struct boottime_args *a)
{
	char err[512];
	json_t *doc = boottime_analyse(a, err, sizeof(err)), *c;
	FILE *out = a->out ? a->out : stdout;
	int slower = 0;
	size_t i;

	if (!doc) {
		fprintf(stderr, "hardboot boottime: %s\n", err);
		return HB_EXIT_USAGE;
	}
	if (a->metrics) {
		json_t *recs = boottime_records(doc);

		if (results_append_records(a->metrics, recs, err, sizeof(err))) {
			fprintf(stderr, "hardboot boottime: %s\n", err);
			json_decref(recs);
			json_decref(doc);
			return HB_EXIT_INFRA;
		}
		json_decref(recs);
	}
	json_array_foreach(json_object_get(doc, "comparisons"), i, c)
		slower |= !strcmp(boottime_str(c, "verdict") ?: "", "slower");
	if (a->json) {
		json_dumpf(doc, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		fputc('\n', out);
	} else {
		boottime_print(out, doc);
	}
	json_decref(doc);
	return a->gate && slower ? HB_EXIT_CHECK : HB_EXIT_OK;
}
