/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "engine.h"
#include "stats.h"
#include "hosttsc.h"
#include "metric.h"
#include "probe.h"
#include "junit.h"
#include "tap.h"
#include "run.h"
#include "shard.h"

#include "version.h"

/* Wakeup moderation for warm runs (see loop_moderate in engine.c). */
#define RUN_WARM_COALESCE_NS 1000000

static int run_is_suite(const char *t)
{
	return g_str_has_suffix(t, ".ini");
}

static int run_load(struct suite *s, const struct run_args *a, char *err, size_t n)
{
	int rc;

	if (a->ntargets == 1 && run_is_suite(a->targets[0]))
		rc = suite_load(s, a->targets[0], a->images_dir, err, n);
	else {
		for (int i = 0; i < a->ntargets; i++)
			if (run_is_suite(a->targets[i])) {
				snprintf(err, n, "%s: give one suite file, or images only",
					 a->targets[i]);
				return -EINVAL;
			}
		rc = suite_from_images(s, a->targets, a->ntargets, a->images_dir,
				       err, n);
	}
	return rc ? rc : suite_apply(s, &a->ov, err, n);
}

/* The revision the binary was built from: what ran, not what the tree
 * holds now. */
static char *run_git_rev(void)
{
	const char *r = version_git_rev();

	return strcmp(r, "unknown") ? g_strdup(r) : NULL;
}

static char *run_cpu_model(void)
{
	char *data = NULL, *p, *nl;

	if (!g_file_get_contents("/proc/cpuinfo", &data, NULL, NULL))
		return NULL;
	p = strstr(data, "model name");
	p = p ? strchr(p, ':') : NULL;
	if (!p) {
		g_free(data);
		return NULL;
	}
	p = g_strdup(p + 2);
	nl = strchr(p, '\n');
	if (nl)
		*nl = '\0';
	g_free(data);
	return p;
}

/* What run.json says of the host and tools: gathered once per run (each
 * costs a process or a file read), not on every rewrite of run.json. */
struct run_meta {
	char *cpu, *rev;
	json_t *qemu_version;     /* binary -> version, or null */
};

static void run_meta_init(struct run_meta *m)
{
	m->cpu = run_cpu_model();
	m->rev = run_git_rev();
	m->qemu_version = json_object();
}

static void run_meta_free(struct run_meta *m)
{
	g_free(m->cpu);
	g_free(m->rev);
	json_decref(m->qemu_version);
}

/* Boots that did not pass, designed failures included (run.json totals). */
static unsigned long run_not_passed(const struct engine *e)
{
	unsigned long k = 0;

	for (int i = 0; i < e->nsr; i++)
		k += e->sr[i].finished - e->sr[i].count[BOOT_PASS];
	return k;
}

/* Boots that failed as their section expects (broken twins). */
static unsigned long run_designed(const struct engine *e)
{
	unsigned long k = 0;

	for (int i = 0; i < e->nsr; i++)
		k += e->sr[i].designed;
	return k;
}

static json_t *run_json(const struct engine *e, const struct suite *s,
			const struct run_meta *m, const char *state, json_t *host_tsc)
{
	struct utsname u;
	json_t *o = json_object(), *secs = json_array();
	char when[32];
	time_t t = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	uname(&u);
	json_object_set_new(o, "schema", json_integer(HB_RESULTS_SCHEMA));
	json_object_set_new(o, "hardboot", json_string(HB_RELEASE));
	json_object_set_new(o, "state", json_string(state));
	json_object_set_new(o, "written", json_string(when));
	json_object_set_new(o, "host", json_string(u.nodename));
	json_object_set_new(o, "kernel", json_pack("{s:s,s:s,s:s}", "sysname",
			    u.sysname, "release", u.release, "machine", u.machine));
	json_object_set_new(o, "cpu", m->cpu ? json_string(m->cpu) : json_null());
	json_object_set_new(o, "git_revision", m->rev ? json_string(m->rev) : json_null());
	json_object_set_new(o, "suite", json_pack("{s:s,s:s?,s:s?}", "name", s->name,
			    "file", s->path, "sha256", s->path ? s->sha256 : NULL));
	json_object_set_new(o, "jobs", json_integer(e->jobs));
	if (e->shard_n)
		json_object_set_new(o, "shard", json_pack("{s:i,s:i,s:i}", "index",
			(int)e->shard_i, "count", (int)e->shard_n, "suite_sections", s->nsec));
	json_object_set_new(o, "host_ns_moderation", json_integer((json_int_t)e->coalesce_ns));
	json_object_set_new(o, "interleave", json_integer((json_int_t)e->interleave));
	if (host_tsc)
		json_object_set_new(o, "host_tsc", json_incref(host_tsc));
	for (int i = 0; i < e->nsr; i++) {
		const struct sec_run *sr = &e->sr[i];
		const struct section *sec = sr->sec;
		json_t *cnt = json_object(), *j;
		char *line = sr->argv ? qemu_cmdline(sr->argv) : NULL;

		for (int k = 0; k < BOOT_NOUTCOMES; k++)
			json_object_set_new(cnt, boot_outcome_names[k],
					    json_integer((json_int_t)sr->count[k]));
		j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:f,s:s?,s:s?,s:o,s:I}",
			"name", sec->name, "image", sec->img.name,
			"image_path", sec->img.path, "image_sha256", sec->img.sha256,
			"accel", sr->accel, "accel_why", sr->accel_why,
			"boots", (json_int_t)sr->nboots, "mode", sr->warm ? "warm" : "cold",
			"timeout_s", sec->timeout, "qemu_cmdline", line,
			"repro_cmdline", sr->repro, "outcomes", cnt,
			"finished", (json_int_t)sr->finished);
		if (sr->skip)
			json_object_set_new(j, "skip", json_string(sr->skip_reason));
		json_object_set_new(j, "machine", json_string(sec->machine));
		if (strcmp(qemu_machine_expanded(sec->machine), sec->machine))
			json_object_set_new(j, "machine_expanded", json_pack("{s:s,s:s}",
				"value", qemu_machine_expanded(sec->machine), "why",
				arch_machine_why(sec->machine)));
		json_object_set_new(j, "sandbox", qemu_sandbox_json(qemu_sandbox(sec->qemu), &sr->user));
		json_object_set_new(j, "first_boot", json_integer((json_int_t)sr->first_boot));
		json_object_set_new(j, "section_boots", json_integer((json_int_t)sec->boots));
		json_object_set_new(j, "protocol", json_integer(sec->img.protocol));
		json_object_set_new(j, "warmup", json_integer((json_int_t)sec->warmup));
		json_object_set_new(j, "baseline", json_string(sec->baseline));
		json_object_set_new(j, "expect", json_string(sec->exp.text));
		json_object_set_new(j, "as_expected", json_integer((json_int_t)(sr->finished - sr->unexpected)));
		/* the -cpu value QEMU was given, and why it differs from the suite's */
		json_object_set_new(j, "cpu", sr->no_arch_caps ?
			json_sprintf("%s,-arch-capabilities", sec->cpu) : json_string(sec->cpu));
		if (sr->cpu_why[0])
			json_object_set_new(j, "cpu_why", json_string(sr->cpu_why));
		json_array_append_new(secs, j);
		g_free(line);
	}
	json_object_set(o, "qemu_version", m->qemu_version);
	{
		/* The runner's own cost, so a report can state its overhead. */
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		json_object_set_new(o, "runner", json_pack("{s:f,s:f,s:I}",
			"user_s", (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
			"sys_s", (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
			"max_rss_kb", (json_int_t)ru.ru_maxrss));
	}
	json_object_set_new(o, "sections", secs);
	json_object_set_new(o, "totals", json_pack("{s:I,s:I,s:I}",
			    "planned", (json_int_t)e->total,
			    "finished", (json_int_t)e->finished,
			    "not_as_expected", (json_int_t)e->failed)); /* as expect= says */
	json_object_set_new(json_object_get(o, "totals"), "not_passed", json_integer((json_int_t)run_not_passed(e)));
	return o;
}

/* ---- TAP and JUnit of a run: one test point per section ---------------- */

static unsigned long run_bad(const struct sec_run *sr)
{
	return sr->unexpected;
}

/* SKIP sections first: they have no boots to wait for. */
static void run_tap_begin(struct engine *e, struct tap *t, FILE *f)
{
	tap_begin(t, f);
	tap_plan(t, e->nsr);
	for (int i = 0; i < e->nsr; i++) {
		struct sec_run *sr = &e->sr[i];
		char why[240];

		if (!sr->skip)
			continue;
		snprintf(why, sizeof(why), "SKIP %s", sr->skip_reason);
		tap_point(t, 1, why, "%s", sr->sec->name);
		sr->reported = 1;
	}
}

/* "ok 3 - hardened: 50/50 boots passed (...)", or for a section that
 * expects a failure "ok 12 - rng-badchacha: 5/5 boots as expected (fail
 * kat) (...)" with the evidence: a designed failure seen is a pass. */
static void run_tap_section(struct tap *t, struct sec_run *sr)
{
	double s = (double)(sr->t_end - sr->t_start) / 1e9;
	const struct expect *x = &sr->sec->exp;
	char what[160];

	if (sr->reported)
		return;
	sr->reported = 1;
	if (expect_failure(x))
		snprintf(what, sizeof(what), "%lu/%lu boots as expected (%s)",
			 sr->finished - sr->unexpected, sr->finished, x->text);
	else
		snprintf(what, sizeof(what), "%lu/%lu boots passed",
			 sr->count[BOOT_PASS], sr->finished);
	tap_point(t, !run_bad(sr), NULL, "%s: %s (%s, %s, %.1f boots/s)", sr->sec->name,
		  what, sr->accel, sr->warm ? "warm" : "cold",
		  s > 0 ? (double)sr->finished / s : 0.0);
	for (int k = 1; k < BOOT_NOUTCOMES; k++)
		if (sr->count[k])
			tap_diag(t, "%s: %lu %s", sr->sec->name, sr->count[k],
				 boot_outcome_names[k]);
	if (sr->evidence[0])
		tap_diag(t, "%s: expected %s, seen: %s", sr->sec->name, x->text, sr->evidence);
	for (int i = 0; i < sr->nfails; i++)
		tap_diag(t, "%s boot %lu: %s: %s", sr->sec->name, sr->fails[i].boot,
			 boot_outcome_names[sr->fails[i].oc], sr->fails[i].reason);
	if (run_bad(sr) && sr->warm && sr->warm_repro)
		tap_diag(t, "repro (warm: a boot's seq in boots.jsonl counts the boots "
			 "before it in its QEMU): %s", sr->warm_repro);
	else if (run_bad(sr))
		tap_diag(t, "repro: %s", sr->repro);
}

static void run_tap_end(struct engine *e, struct tap *t, int rc)
{
	if (rc == -EINTR)
		tap_bail(t, "interrupted after %lu of %lu boots; results kept",
			 e->finished, e->total);
	else if (rc)
		tap_bail(t, "%s", e->infra_err);
}

/* JUnit: one testsuite per run, one testcase per section. */
static int run_junit(const struct engine *e, const char *path, char *err, size_t n)
{
	struct junit j;
	int rc;

	junit_init(&j);
	junit_suite(&j, e->suite ? e->suite->name : "hardboot");
	for (int i = 0; i < e->nsr; i++) {
		const struct sec_run *sr = &e->sr[i];
		double s = (double)(sr->t_end - sr->t_start) / 1e9;
		unsigned long bad = run_bad(sr) + sr->queued - sr->finished;
		GString *body = g_string_new(NULL);
		char msg[200], *out = NULL;

		for (int k = 0; k < sr->nfails; k++)
			g_string_append_printf(body, "boot %lu: %s: %s\n", sr->fails[k].boot,
					       boot_outcome_names[sr->fails[k].oc],
					       sr->fails[k].reason);
		g_string_append_printf(body, "repro: %s", sr->repro);
		snprintf(msg, sizeof(msg), "%lu of %lu boots not as expected (%s)", bad,
			 sr->queued, sr->sec->exp.text);
		if (sr->evidence[0])
			out = g_strdup_printf("expected %s, seen: %s", sr->sec->exp.text,
					      sr->evidence);
		junit_case(&j, "hardboot", sr->sec->name, s,
			   sr->skip ? JUNIT_SKIP : bad ? JUNIT_FAIL : JUNIT_PASS,
			   sr->skip ? sr->skip_reason : msg, bad ? body->str : NULL, out);
		g_string_free(body, TRUE);
		g_free(out);
	}
	rc = junit_write(&j, path, err, n);
	junit_free(&j);
	return rc;
}

/* A failure rate for every section: k boots of n did not pass. */
static void run_metric(struct engine *e, struct sec_run *sr)
{
	unsigned long n = sr->finished, k = sr->unexpected;
	double lo, hi;
	json_t *m;
	char err[512];

	if (!e->res || !n)
		return;
	stats_binomial_ci(k, n, 0.95, &lo, &hi);
	m = metric_new("boot_failure_rate", sr->sec->name, (double)k / (double)n,
		       "ratio", "lower", n);
	metric_interval(m, lo, hi, 0.95, "Clopper-Pearson exact binomial");
	metric_rate(m, k);
	json_object_set_new(m, "accel", json_string(sr->accel));
	json_object_set_new(m, "image", json_string(sr->sec->img.name));
	/* a boot fails here when it is not what the section expects */
	json_object_set_new(m, "expect", json_string(sr->sec->exp.text));
	if (results_append(e->res, e->res->metrics_fd, "metrics.jsonl", m, err,
			   sizeof(err)))
		fprintf(stderr, "hardboot: %s\n", err);
	json_decref(m);
}

static void run_on_section(struct engine *e, struct sec_run *sr)
{
	run_tap_section(e->priv, sr);
	run_metric(e, sr);
}

/* The QEMU lines of a section: the repro line (one cold boot, powering off)
 * and the line the run uses, which depends on mode and inspection. */
static void run_lines(struct sec_run *sr)
{
	struct section *sec = sr->sec;
	const struct qemu_sandbox *sb = qemu_sandbox(sec->qemu);
	struct qemu_opts qo = { .accel = sr->accel, .no_arch_caps = sr->no_arch_caps,
				.sandbox = sb->opt[0] ? sb->opt : NULL };
	char **argv = qemu_argv(sec, &qo);

	sr->repro = qemu_cmdline(argv);
	sr->inspect = strcmp(sec->inspect, "none") != 0;
	sr->pagewalk = !strcmp(sec->inspect, "regs,pagetables");
	if (sr->warm) {
		/* Warm resets through QMP under KVM: a guest triple fault stops
		 * some KVMs (PVM) with an emulation error instead. */
		sr->reset_qmp = !strcmp(sec->reset, "qmp") || sr->inspect || !sec->img.own ||
			(!strcmp(sec->reset, "auto") && !strcmp(sr->accel, "kvm"));
		qo.after = sr->reset_qmp ? QEMU_AFTER_HALT : QEMU_AFTER_RESET;
		qo.reboot = 1;
	} else if (sr->inspect) {
		qo.after = QEMU_AFTER_HALT; /* stays up to be looked at */
	}
	/* An image made elsewhere exits right after its done line (Unikraft
	 * writes 0x501 within microseconds): QEMU would be gone before QMP
	 * could reset or read it.  Keep it: no exit device, shutdown pauses. */
	qo.keep_guest = !sec->img.own && (sr->warm || sr->inspect);
	/* Warm boundaries are resets, not what the guest prints: a guest's own
	 * resets are counted from QMP's RESET events (engine.c). */
	sr->guest_resets = sr->warm && !sr->reset_qmp;
	sr->qmp = sr->reset_qmp || sr->inspect || sr->guest_resets;
	/* one log per QEMU: a boot's own only in cold mode (suite.c refuses a
	 * file that asks for both; --mode warm on the command line drops it) */
	sr->trace = !strcmp(sec->trace, "exceptions") && !sr->warm;
	sr->gdbstub = sr->inspect && sec->img.arch->regs == ARCH_REGS_GDBSTUB;
	sr->qo = qo;
	if (sr->qmp || sr->warm || sr->trace) {
		g_strfreev(argv);
		/* as recorded; each VM gets its own socket and log paths */
		qo.qmp_path = sr->qmp ? "$TMPDIR/hb-PID-SLOT-N.qmp" : NULL;
		qo.int_log = sr->trace ? "$TMPDIR/hb-PID-SLOT-N.int" : NULL;
		qo.memfile = sr->pagewalk ? "/dev/shm/hb-mem-XXXXXX" : NULL;
		qo.gdb_path = sr->gdbstub ? "$TMPDIR/hb-PID-SLOT-N.gdb" : NULL;
		argv = qemu_argv(sec, &qo);
	}
	sr->argv = argv;
	if (sr->warm)
		sr->warm_repro = qemu_cmdline(argv);
	qemu_user_decide(&sr->user, sec->img.path, sr->accel, sr->qmp || sr->trace);
}

static int run_prepare(struct engine *e, struct run_meta *m, char *err, size_t n)
{
	for (int i = 0; i < e->nsr; i++) {
		struct sec_run *sr = &e->sr[i];
		struct section *sec = sr->sec;
		int rc;

		/* one `qemu -version` per binary: it is also what run.json says */
		if (!json_object_get(m->qemu_version, sec->qemu)) {
			char *v = qemu_version(sec->qemu);

			if (!v) {
				snprintf(err, n, "section [%s]: QEMU '%s' not found or "
					 "not runnable", sec->name, sec->qemu);
				return HB_EXIT_INFRA;
			}
			json_object_set_new(m->qemu_version, sec->qemu, json_string(v));
			g_free(v);
		}
		rc = probe_requires(sec, sr->skip_reason, sizeof(sr->skip_reason));
		if (rc < 0) {
			snprintf(err, n, "section [%s]: %s", sec->name, sr->skip_reason);
			return HB_EXIT_USAGE;
		}
		sr->skip = rc > 0;
		sr->warm = !strcmp(sec->mode, "warm");
		if (sr->warm && !sec->img.own && !strcmp(sec->reset, "guest")) {
			snprintf(err, n, "section [%s]: reset=guest needs an image that "
				 "resets itself after done (exit=reset on the command line of "
				 "hardboot's images); %s is not one of them: reset=qmp or auto", sec->name, sec->img.name);
			return HB_EXIT_USAGE;
		}
		if (!sr->skip && probe_accel(sr, err, n))
			return HB_EXIT_INTR;
		/* -cpu help says what QEMU can give; the expansion what this
		 * guest gets (TCG has no RDSEED although QEMU knows the flag) */
		if (!sr->skip && probe_guest_requires(sr, sr->skip_reason,
						      sizeof(sr->skip_reason)))
			sr->skip = 1;
		run_lines(sr);
		if (!sr->skip && sr->warm && !sr->reset_qmp && !strcmp(sr->accel, "kvm") &&
		    probe_kvm_pvm()) {
			snprintf(err, n, "section [%s]: reset=guest under this KVM (kvm_pvm) "
				 "fails every other reset with \"KVM internal error\"; "
				 "use reset=qmp (auto does under kvm) or accel=tcg",
				 sec->name);
			return HB_EXIT_USAGE;
		}
	}
	return 0;
}

/* Keep only this shard's part of the suite. */
static int run_shard(struct engine *e, const char *spec, char *err, size_t n)
{
	int k = 0;

	if (shard_parse(spec, &e->shard_i, &e->shard_n, err, n))
		return -EINVAL;
	shard_apply(e->sr, e->nsr, e->shard_i, e->shard_n);
	for (int i = 0; i < e->nsr; i++)
		if (!e->sr[i].excluded)
			e->sr[k++] = e->sr[i];
	e->nsr = k;
	return 0;
}

static int run_exit_code(const struct engine *e, int rc)
{
	if (rc == -EINTR)
		return HB_EXIT_INTR;
	if (rc)
		return HB_EXIT_INFRA;
	return e->failed ? HB_EXIT_CHECK : HB_EXIT_OK;
}

int run_suite(struct suite *sp, const struct run_args *a, FILE *tapf, FILE *logf)
{
	/* sp is borrowed: not freed here */
	struct engine e = { 0 };
	struct results res;
	char err[SUITE_ERR_LEN], *dir;
	int rc, code;
	json_t *rj;
	json_t *tsc = NULL;
	struct run_meta meta = { 0 };
	struct tap tap;

	e.suite = sp;
	e.nsr = sp->nsec;
	e.sr = g_new0(struct sec_run, sp->nsec);
	for (int i = 0; i < sp->nsec; i++) {
		e.sr[i].sec = &sp->sec[i];
		e.sr[i].nboots = sp->sec[i].boots;
	}
	if (a->shard && run_shard(&e, a->shard, err, sizeof(err))) {
		fprintf(stderr, "hardboot: %s\n", err);
		code = HB_EXIT_USAGE;
		goto out;
	}
	e.jobs = a->jobs > 0 ? a->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	e.progress = a->progress < 0 ? isatty(2) : a->progress;
	e.console = a->console;
	e.on_section = run_on_section;
	e.interleave = a->interleave >= 0 ? (unsigned long)a->interleave : sp->interleave;
	run_meta_init(&meta);
	code = run_prepare(&e, &meta, err, sizeof(err));
	if (code) {
		fprintf(stderr, "hardboot: %s\n", err);
		goto out;
	}
	for (int i = 0; i < e.nsr; i++)
		if (e.sr[i].warm && !e.sr[i].skip)
			e.coalesce_ns = RUN_WARM_COALESCE_NS;
	dir = a->outdir ? g_strdup(a->outdir) : results_default_dir();
	rc = results_open(&res, dir, !a->own_dir, err, sizeof(err));
	g_free(dir);
	if (rc) {
		fprintf(stderr, "hardboot: %s\n", err);
		code = rc == -EEXIST ? HB_EXIT_USAGE : HB_EXIT_INFRA;
		goto close;
	}
	e.res = &res;
	/* Measured before the boots and again after them: the pair shows
	 * whether the rate held (it does on an invariant TSC). */
	tsc = hosttsc_json();
	rj = run_json(&e, sp, &meta, "running", tsc);
	rc = results_write_json(&res, "run.json", rj, err, sizeof(err));
	json_decref(rj);
	if (rc) {
		fprintf(stderr, "hardboot: %s\n", err);
		code = HB_EXIT_INFRA;
		goto close;
	}
	e.priv = &tap;
	run_tap_begin(&e, &tap, tapf);
	rc = engine_run(&e);
	run_tap_end(&e, &tap, rc);
	code = run_exit_code(&e, rc);
	{
		json_t *end = hosttsc_json();

		json_object_set(tsc, "khz_end", json_object_get(end, "khz") ?: json_null());
		json_decref(end);
	}
	rj = run_json(&e, sp, &meta, rc == -EINTR ? "interrupted" : rc == -EIO ? "infrastructure" : rc ? "failed" : "complete", tsc);
	if (rc == -EIO)
		json_object_set_new(rj, "error", json_string(e.infra_err));
	if (results_write_json(&res, "run.json", rj, err, sizeof(err)))
		fprintf(stderr, "hardboot: %s\n", err);
	json_decref(rj);
	if (a->junit && run_junit(&e, a->junit, err, sizeof(err))) {
		fprintf(stderr, "hardboot: %s\n", err);
		if (!code)
			code = HB_EXIT_INFRA;
	}
	if (rc == -EIO)
		fprintf(stderr, "hardboot: %s\n", e.infra_err);
	fprintf(logf, "hardboot: %lu/%lu boots finished, %lu not as expected (%lu failed by design); results in %s\n",
		e.finished, e.total, e.failed, run_designed(&e), res.dir);
close:
	results_close(&res);
out:
	json_decref(tsc);
	run_meta_free(&meta);
	for (int i = 0; i < e.nsr; i++) {
		g_strfreev(e.sr[i].argv);
		g_free(e.sr[i].repro);
		g_free(e.sr[i].warm_repro);
	}
	g_free(e.sr);
	return code;
}

int run_main(const struct run_args *a)
{
	struct suite s;
	char err[SUITE_ERR_LEN];
	int code;

	if (run_load(&s, a, err, sizeof(err))) {
		fprintf(stderr, "hardboot: %s\n", err);
		suite_free(&s);
		return HB_EXIT_USAGE;
	}
	code = run_suite(&s, a, stdout, stderr);
	suite_free(&s);
	return code;
}
