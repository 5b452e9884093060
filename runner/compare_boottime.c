/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot time, per phase (boot_phase records, stated by compare_derive.c
 * from boots.jsonl; boottime_* records of a section/phase the same way).
 *
 * Two nightly runs are not an A/B experiment: the host's load, frequency
 * and caches drift between them, which interleaving A and B within one
 * run cancels.  So across runs a phase is compared only on the same host
 * (name, CPU model, kernel), accelerator and mode, and a change must be
 * both significant and large:
 *   - Mann-Whitney U (two-sided), its p in the Holm family, and
 *   - the bootstrap interval of q(NEW)/q(BASE) - 1 entirely outside the
 *     noise floor, +-25% by default where an interleaved run would use
 *     +-5% (Firecracker's A/B gate; criterion.rs's noise band).  25%:
 *     the same images run twice ten minutes apart on this project's
 *     shared 2-vCPU host moved a guest phase's lower decile by +27%
 *     [+21%, +32%]; a dedicated nightly host can pass --noise 0.10.
 * q is the lower decile by default, not the median: a host busy with other
 * jobs for part of a run stretches the upper part of the distribution and
 * moves the median by tens of percent (measured here: the same image,
 * two runs ten minutes apart, median -70%), while the boots it touched
 * least keep their time; work the image itself added shifts every boot,
 * the fastest too.  Benchmark practice takes the minimum for the same
 * reason; the decile keeps a bootstrap interval meaningful.
 * Durations come from the guest's TSC marks (ticks: under TCG the host's
 * rate, unknown without the tsc record) and from the host's clock and
 * task-clock (ns).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "stats.h"
#include "compare.h"

const struct cmp_phase cmp_phases[] = {
	{ "first_byte", NULL, "host_ns.first_byte", "ns", 1e-6, "ms", "time to the first serial byte",
	  "host: boot start (QEMU spawn; warm: the previous done) to the first serial byte" },
	{ "paging", "tsc.entry", "tsc.paging", "ticks", 1e-6, "Mticks", "guest entry to long mode",
	  "guest: 32-bit entry to long mode" },
	{ "rng", "tsc.paging", "tsc.rng", "ticks", 1e-6, "Mticks", "guest CSPRNG seeding",
	  "guest: long mode to the CSPRNG keyed and self-tested" },
	{ "aslr", "tsc.rng", "tsc.aslr", "ticks", 1e-6, "Mticks", "guest move to the random base",
	  "guest: to the randomized base and stack" },
	{ "main", "tsc.aslr", "tsc.main", "ticks", 1e-6, "Mticks", "guest way to main",
	  "guest: to the first line of main" },
	{ "guest", "tsc.entry", "tsc.main", "ticks", 1e-6, "Mticks", "guest entry to main",
	  "guest: entry to main, the four phases above" },
	{ "done", NULL, "host_ns.done", "ns", 1e-6, "ms", "wall time per boot",
	  "host: boot start to the done record" },
	{ "qemu_cpu", NULL, "perf.task_clock_ns", "ns", 1e-6, "ms", "QEMU CPU time per boot",
	  "host: QEMU's CPU time per boot (task-clock; steadier under load than wall time)" },
};
const size_t cmp_nphases = sizeof(cmp_phases) / sizeof(cmp_phases[0]);

/*
 * A host-side duration needs the boot timed on its own: in warm mode the
 * records of several short boots can arrive in one read, and those boots
 * then show host_ns.done = 0 (and a task-clock of a fraction of a boot).
 * They are no measurement and are left out; the guest's TSC phases are
 * unaffected.
 */
size_t cmp_phase_values(const struct sample_set *set, const struct cmp_phase *ph,
			double **out)
{
	const struct sample_col *to = samples_col(set, ph->to);
	const struct sample_col *from = ph->from ? samples_col(set, ph->from) : NULL;
	const struct sample_col *done = samples_col(set, "host_ns.done");
	size_t n = 0;

	*out = g_new(double, set->rows ? set->rows : 1);
	if (!to || (ph->from && !from))
		return 0;
	for (size_t i = 0; i < set->rows; i++) {
		if (!to->have[i] || (from && !from->have[i]))
			continue;
		if (from && to->v[i] < from->v[i])
			continue; /* TSC went back: a migrated or reset counter */
		if (!from && (!done || !done->have[i] || !done->v[i]))
			continue; /* not timed on its own */
		(*out)[n++] = (double)(to->v[i] - (from ? from->v[i] : 0));
	}
	return n;
}

static const struct cmp_phase *cmp_phase_find(const char *subject)
{
	const char *slash = strchr(subject, '/');

	for (size_t i = 0; slash && i < cmp_nphases; i++)
		if (!strcmp(slash + 1, cmp_phases[i].name))
			return &cmp_phases[i];
	return NULL;
}

static void cmp_boottime_qname(double q, char *buf, size_t n)
{
	if (q == 0.5)
		snprintf(buf, n, "median");
	else
		snprintf(buf, n, "%g%% quantile", 100 * q);
}

static const struct sample_set *cmp_boottime_set(const struct cmp_run *r,
						 const char *subject)
{
	char sec[128];

	return r->have_samples ? samples_find(&r->s, cmp_section(subject, sec, sizeof(sec))) :
		NULL;
}

static void cmp_boottime(struct cmp_ctx *c, struct cmp_item *it)
{
	const struct cmp_phase *ph = cmp_phase_find(it->subject);
	const struct sample_set *sa = cmp_boottime_set(&c->a, it->subject);
	const struct sample_set *sb = cmp_boottime_set(&c->b, it->subject);
	double *xa = NULL, *xb = NULL, est, lo, hi, ma, mb;
	char qn[32];
	size_t na, nb;

	if (!ph || !sa || !sb) {
		snprintf(it->test, sizeof(it->test), "%s (no raw samples of a known phase)",
			 cmp_interval_family.test);
		cmp_interval_family.compare(c, it);
		return;
	}
	cmp_boottime_qname(c->o.quantile, qn, sizeof(qn));
	snprintf(it->test, sizeof(it->test), "Mann-Whitney U and the bootstrap %g%% "
		 "interval of the change of the %s outside +-%g%% (two runs, same host "
		 "and accelerator; interleaved A/B in one run would use +-5%%)",
		 100 * c->o.confidence, qn, 100 * c->o.noise);
	if (!c->same_host) {
		snprintf(it->note, sizeof(it->note), "boot times of two runs are compared "
			 "only on the same host: %s", c->host_why);
		return;
	}
	if (g_strcmp0(sa->accel, sb->accel) || !g_strcmp0(sa->accel, "mixed")) {
		snprintf(it->note, sizeof(it->note), "accelerator %s in BASE, %s in NEW: "
			 "timings never compare across accelerators", sa->accel ?: "?",
			 sb->accel ?: "?");
		return;
	}
	if (g_strcmp0(sa->mode, sb->mode)) {
		snprintf(it->note, sizeof(it->note), "mode %s in BASE, %s in NEW",
			 sa->mode ?: "?", sb->mode ?: "?");
		return;
	}
	na = cmp_phase_values(sa, ph, &xa);
	nb = cmp_phase_values(sb, ph, &xb);
	if (na < STATS_MIN_N || nb < STATS_MIN_N) {
		snprintf(it->note, sizeof(it->note), "%zu and %zu boots with this phase: "
			 "fewer than %d a side", na, nb, STATS_MIN_N);
		goto out;
	}
	/* boot_phase and boottime_phase of one section/phase: one hypothesis. */
	snprintf(it->hyp, sizeof(it->hyp), "boottime\n%s", it->subject);
	{
		struct stats_boot so = { c->o.bootstrap, c->o.seed, c->o.confidence };

		stats_rank_test(xa, na, xb, nb, 10000, c->o.seed, &it->p, NULL);
		stats_quantile_change(xa, na, xb, nb, c->o.quantile, &so, &est, &lo, &hi);
	}
	ma = stats_quantile_unsorted(xa, na, c->o.quantile) * ph->scale;
	mb = stats_quantile_unsorted(xb, nb, c->o.quantile) * ph->scale;
	it->dir = est > 0 ? -1 : est < 0 ? 1 : 0;
	it->within_noise = !(lo > c->o.noise || hi < -c->o.noise);
	snprintf(it->note, sizeof(it->note), "%s %.4g -> %.4g %s (%+.1f%%, "
		 "[%+.1f%%, %+.1f%%]), rank-test p = %.2g, %zu/%zu boots%s", qn, ma, mb, ph->display,
		 100 * est, 100 * lo, 100 * hi, it->p, na, nb, it->within_noise ?
		 ": inside the noise floor" : "");
out:
	g_free(xa);
	g_free(xb);
}

/* boottime_phase: hardboot boottime's record of the same phase, one test with
 * boot_phase; its boottime_delta (an interleaved A/B difference with its
 * own interval) falls to the interval family. */
static const char *const cmp_boottime_match[] = {
	"boot_phase", "boottime_phase", NULL,
};

const struct cmp_family cmp_boottime_family = {
	.name = "boottime",
	.test = "Mann-Whitney U and the bootstrap change of a quantile outside the noise floor",
	.match = cmp_boottime_match,
	.compare = cmp_boottime,
};
