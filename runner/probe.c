/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "probe.h"

struct probe_result {
	int ok;                /* reached done with a pass */
	double ms;             /* spawn to done */
	char reason[200];
};

struct probe_cache {
	char *key;
	char accel[8];
	char why[240];
};

/* What one (QEMU binary, CPU model, accelerator) needs to start at all. */
struct probe_cpu_entry {
	char *key;
	int no_arch_caps;
	char why[200];
};

static GPtrArray *probe_cached, *probe_cpus;

int probe_kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int probe_kvm_pvm(void)
{
	return access("/sys/module/kvm_pvm", F_OK) == 0;
}

/* ---- CPU model: does QEMU start this vCPU under this accelerator? ------- */

#define PROBE_INIT_TIMEOUT_MS 10000

/* Read fd to EOF into buf (kept NUL-terminated), at most until deadline. */
static void probe_drain(int fd, char *buf, size_t cap, int64_t deadline_ms)
{
	size_t len = strlen(buf);

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline_ms - g_get_monotonic_time() / 1000;
		char tmp[1024];
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return;
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		if ((size_t)n > cap - 1 - len)
			n = (ssize_t)(cap - 1 - len);
		memcpy(buf + len, tmp, (size_t)n);
		len += (size_t)n;
		buf[len] = '\0';
	}
}

/*
 * Start QEMU paused (-S) with the section's CPU model and ask it to quit
 * over QMP on stdin.  QEMU writes the vCPU's registers and MSRs into KVM
 * when the machine is created, before any guest instruction runs, so a
 * KVM that refuses an MSR the model sets (this PVM KVM and
 * IA32_ARCH_CAPABILITIES, 0x10a) aborts here.  0 if QEMU got to quit,
 * else -EIO with the first line of what it printed.
 */
static int probe_qemu_init(const char *qemu, const char *accel, const char *cpu,
			   char *err, size_t n)
{
	static const char quit[] = "{\"execute\":\"qmp_capabilities\"}\n"
				   "{\"execute\":\"quit\"}\n";
	char *argv[] = { (char *)qemu, "-nodefaults", "-no-user-config",
		"-display", "none", "-M", "microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off",
		"-accel", (char *)accel, "-cpu", (char *)cpu, "-m", "16M", "-S",
		"-qmp", "stdio", NULL };
	int64_t deadline = g_get_monotonic_time() / 1000 + PROBE_INIT_TIMEOUT_MS;
	int in = -1, errfd = -1, status = 0;
	char buf[2048] = "", *nl;
	GPid pid;
	GError *ge = NULL;

	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
				      G_SPAWN_DO_NOT_REAP_CHILD |
				      G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
				      &pid, &in, NULL, &errfd, &ge)) {
		snprintf(err, n, "cannot run %s: %s", qemu, ge->message);
		g_error_free(ge);
		return -ENOENT;
	}
	/* A QEMU that died at init has closed its stdin: EPIPE, no signal
	 * (main ignores SIGPIPE). */
	if (write(in, quit, sizeof(quit) - 1) < 0) {
		/* its exit status and stderr say why */
	}
	close(in);
	probe_drain(errfd, buf, sizeof(buf), deadline);
	close(errfd);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		struct timespec ts = { 0, 10000000 };

		if (g_get_monotonic_time() / 1000 > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(err, n, "%s -accel %s -cpu %s did not quit within %d s",
				 qemu, accel, cpu, PROBE_INIT_TIMEOUT_MS / 1000);
			return -ETIMEDOUT;
		}
		nanosleep(&ts, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	/* The line that says why: QEMU's error, not its assertion message. */
	nl = strstr(buf, "failed to set MSR");
	if (!nl)
		nl = buf;
	snprintf(err, n, "%.*s", (int)strcspn(nl, "\n"), nl);
	if (!err[0])
		snprintf(err, n, "QEMU %s", WIFSIGNALED(status) ? "killed by a signal" :
			 "exited non-zero without a message");
	return -EIO;
}

int probe_cpu_model(const char *qemu, const char *cpu, const char *accel,
		    int *no_arch_caps, char *why, size_t n)
{
	char *key = g_strdup_printf("%s|%s|%s", qemu, cpu, accel);
	struct probe_cpu_entry *c = NULL;
	char err[200], err2[200];
	char *alt;

	for (guint i = 0; probe_cpus && i < probe_cpus->len && !c; i++)
		if (!strcmp(((struct probe_cpu_entry *)probe_cpus->pdata[i])->key, key))
			c = probe_cpus->pdata[i];
	if (c) {
		g_free(key);
		goto out;
	}
	c = g_new0(struct probe_cpu_entry, 1);
	c->key = key;
	if (!probe_cpus)
		probe_cpus = g_ptr_array_new();
	g_ptr_array_add(probe_cpus, c);
	/* Only KVM refuses MSRs; only the models that set ARCH_CAPABILITIES
	 * (max, host) can be helped by turning it off. */
	if (strcmp(accel, "kvm") || strstr(cpu, "arch-capabilities") ||
	    (strncmp(cpu, "max", 3) && strncmp(cpu, "host", 4)) ||
	    probe_qemu_init(qemu, accel, cpu, err, sizeof(err)) != -EIO ||
	    !strstr(err, "MSR"))
		goto out;
	alt = g_strdup_printf("%s,-arch-capabilities", cpu);
	if (probe_qemu_init(qemu, accel, alt, err2, sizeof(err2)) == 0) {
		c->no_arch_caps = 1;
		snprintf(c->why, sizeof(c->why), "-cpu %s under kvm: \"%s\"; "
			 "using -cpu %s", cpu, err, alt);
		/* once per run and (QEMU, CPU model, accelerator) */
		fprintf(stderr, "hardboot: %s: %s\n", qemu, c->why);
	}
	g_free(alt);
out:
	*no_arch_caps = c->no_arch_caps;
	snprintf(why, n, "%s", c->why);
	return 0;
}

/* ---- accelerator: which one boots this image, and faster ---------------- */

static void probe_on_boot(struct engine *e, struct sec_run *sr, json_t *o)
{
	struct probe_result *r = e->priv;
	const char *oc = json_string_value(json_object_get(o, "outcome"));
	json_t *done = json_object_get(json_object_get(o, "host_ns"), "done");

	(void)sr;
	r->ok = oc && !strcmp(oc, "pass") && done;
	r->ms = done ? (double)json_integer_value(done) / 1e6 : 0;
	snprintf(r->reason, sizeof(r->reason), "%s",
		 json_string_value(json_object_get(o, "reason")) ?
		 json_string_value(json_object_get(o, "reason")) : (oc ? oc : "?"));
}

/* One cold boot of sec under accel; the same engine as a real run. */
static int probe_boot(const struct sec_run *tmpl, const char *accel,
		      int no_arch_caps, struct probe_result *r)
{
	struct section sec = *tmpl->sec;
	struct sec_run sr;
	struct qemu_opts qo = { .accel = accel, .no_arch_caps = no_arch_caps };
	struct engine e = { 0 };
	int rc;

	memset(&sr, 0, sizeof(sr));
	memset(r, 0, sizeof(*r));
	sec.boots = 1;
	if (sec.timeout > 10)
		sec.timeout = 10;
	sr.sec = &sec;
	sr.nboots = 1;
	snprintf(sr.accel, sizeof(sr.accel), "%s", accel);
	sr.argv = qemu_argv(&sec, &qo);
	sr.repro = qemu_cmdline(sr.argv);
	e.sr = &sr;
	e.nsr = 1;
	e.jobs = 1;
	e.on_boot = probe_on_boot;
	e.priv = r;
	rc = engine_run(&e);
	g_strfreev(sr.argv);
	g_free(sr.repro);
	if (rc == -EIO)
		snprintf(r->reason, sizeof(r->reason), "%s", e.infra_err);
	return rc;
}

static char *probe_key(const struct section *sec)
{
	return g_strdup_printf("%s|%s|%s|%s|%lu", sec->qemu, sec->img.path,
			       sec->machine, sec->cpu, sec->memory);
}

static int probe_from_cache(struct sec_run *sr, const char *key)
{
	for (guint i = 0; probe_cached && i < probe_cached->len; i++) {
		struct probe_cache *c = probe_cached->pdata[i];

		if (!strcmp(c->key, key)) {
			snprintf(sr->accel, sizeof(sr->accel), "%s", c->accel);
			snprintf(sr->accel_why, sizeof(sr->accel_why), "%s", c->why);
			return 1;
		}
	}
	return 0;
}

static void probe_store(const struct sec_run *sr, char *key)
{
	struct probe_cache *c = g_new0(struct probe_cache, 1);

	c->key = key;
	snprintf(c->accel, sizeof(c->accel), "%s", sr->accel);
	snprintf(c->why, sizeof(c->why), "%s", sr->accel_why);
	if (!probe_cached)
		probe_cached = g_ptr_array_new();
	g_ptr_array_add(probe_cached, c);
}

/* accel=auto on a host with /dev/kvm: boot once under each, keep the one
 * that reaches done first.  kvm_caps is what the CPU-model check found
 * (kvm with -arch-capabilities); it is kept in the reason whichever wins. */
static void probe_pick(struct sec_run *sr, const struct probe_result *t,
		       const struct probe_result *k, const char *kvm_note)
{
	const char *sep = kvm_note[0] ? "; kvm " : "";
	const char *note = kvm_note[0] ? "needs -arch-capabilities" : "";

	if (k->ok && (!t->ok || k->ms <= t->ms)) {
		snprintf(sr->accel, sizeof(sr->accel), "kvm");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: kvm reached done in %.1f ms, tcg %s%.1f ms%s%s",
			 k->ms, t->ok ? "in " : "failed: ", t->ok ? t->ms : 0.0,
			 sep, note);
		return;
	}
	snprintf(sr->accel, sizeof(sr->accel), "tcg");
	if (t->ok && k->ok)
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: tcg reached done in %.1f ms, kvm in %.1f ms%s%s",
			 t->ms, k->ms, sep, note);
	else if (t->ok)
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: kvm failed (%.120s); tcg %.1f ms%s%s",
			 k->reason, t->ms, sep, note);
	else /* neither passed: run under TCG and let the boots tell why */
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: no accelerator reached done (tcg: %.80s; kvm: %.80s)",
			 t->reason, k->reason);
}

int probe_accel(struct sec_run *sr, char *err, size_t errlen)
{
	const struct section *sec = sr->sec;
	const char *want = sec->accel;
	struct probe_result t, k;
	char *key;
	int kvm = probe_kvm_usable(), caps = 0;

	sr->no_arch_caps = 0;
	sr->cpu_why[0] = '\0';
	if (sec->img.arch != arch_host()) {
		/* KVM runs guests of the host's own architecture only */
		if (!strcmp(want, "kvm")) {
			sr->skip = 1;
			snprintf(sr->skip_reason, sizeof(sr->skip_reason),
				 "accel=kvm but the image is %s, not the host's architecture",
				 sec->img.arch->name);
			return 0;
		}
		snprintf(sr->accel, sizeof(sr->accel), "tcg");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "%s guest on another host architecture: tcg", sec->img.arch->name);
		return 0;
	}
	if (strcmp(want, "auto")) {
		snprintf(sr->accel, sizeof(sr->accel), "%s", want);
		snprintf(sr->accel_why, sizeof(sr->accel_why), "accel=%s requested", want);
		if (!strcmp(want, "kvm") && kvm) {
			sr->skip = 1;
			snprintf(sr->skip_reason, sizeof(sr->skip_reason),
				 "accel=kvm but /dev/kvm is unusable: %s", strerror(-kvm));
			return 0;
		}
		return probe_cpu_model(sec->qemu, sec->cpu, sr->accel, &sr->no_arch_caps,
				       sr->cpu_why, sizeof(sr->cpu_why));
	}
	if (kvm) {
		snprintf(sr->accel, sizeof(sr->accel), "tcg");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "/dev/kvm unusable (%s): tcg", strerror(-kvm));
		return 0;
	}
	probe_cpu_model(sec->qemu, sec->cpu, "kvm", &caps, sr->cpu_why,
			sizeof(sr->cpu_why));
	key = probe_key(sec);
	if (!probe_from_cache(sr, key)) {
		if (probe_boot(sr, "tcg", 0, &t) == -EINTR ||
		    probe_boot(sr, "kvm", caps, &k) == -EINTR) {
			g_free(key);
			snprintf(err, errlen, "interrupted during the accelerator probe");
			return -EINTR;
		}
		probe_pick(sr, &t, &k, sr->cpu_why);
		probe_store(sr, key);
	} else {
		g_free(key);
	}
	if (!strcmp(sr->accel, "kvm"))
		sr->no_arch_caps = caps;
	return 0;
}

/* Feature names a suite may require, and the QEMU CPUID flags behind them. */
static const struct {
	const char *feature;
	const char *flags[3];
} probe_features[] = {
	{ "cet", { "shstk", "ibt", NULL } },
	{ "rdrand", { "rdrand", NULL } },
	{ "rdseed", { "rdseed", NULL } },
};

int probe_requires(const struct section *sec, char *why, size_t n)
{
	char *argv[] = { sec->qemu, "-cpu", "help", NULL };
	char *out = NULL, *list;
	gchar **req = g_strsplit(sec->requires, ",", -1);
	int rc = 0;

	if (!sec->requires[0]) {
		g_strfreev(req);
		return 0;
	}
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
		     NULL, NULL, &out, NULL, NULL, NULL);
	list = out ? strstr(out, "Recognized CPUID flags:") : NULL;
	for (char *c = list; c && *c; c++)
		if (*c == '\n')
			*c = ' ';
	for (gchar **r = req; *r && !rc; r++) {
		size_t i;

		g_strstrip(*r);
		for (i = 0; i < G_N_ELEMENTS(probe_features); i++)
			if (!strcmp(probe_features[i].feature, *r))
				break;
		if (i == G_N_ELEMENTS(probe_features)) {
			snprintf(why, n, "requires=%s: unknown feature", *r);
			rc = -EINVAL;
			break;
		}
		for (const char *const *f = probe_features[i].flags; *f && !rc; f++) {
			char pat[32];

			snprintf(pat, sizeof(pat), " %s ", *f);
			if (!list || !strstr(list, pat)) {
				snprintf(why, n, "%s cannot expose %s to a guest (no '%s' in -cpu help)",
					 sec->qemu, *r, *f);
				rc = 1;
			}
		}
	}
	g_free(out);
	g_strfreev(req);
	return rc;
}

/* "max,-rdrand,+rdseed,pmu=off": model name and its boolean properties
 * as query-cpu-model-expansion takes them (other properties, such as
 * tsc-frequency=, do not change which features the guest sees). */
static json_t *probe_cpu_model_json(const char *cpu)
{
	gchar **part = g_strsplit(cpu, ",", -1);
	json_t *props = json_object();

	for (gchar **p = part + 1; *p; p++) {
		char *eq = strchr(*p, '=');

		if (**p == '+' || **p == '-')
			json_object_set_new(props, *p + 1, json_boolean(**p == '+'));
		else if (eq && (!strcmp(eq + 1, "on") || !strcmp(eq + 1, "off") ||
				!strcmp(eq + 1, "true") || !strcmp(eq + 1, "false"))) {
			*eq = '\0';
			json_object_set_new(props, *p, json_boolean(eq[1] == 'o' ?
					    eq[2] == 'n' : eq[1] == 't'));
		}
	}
	json_t *m = json_pack("{s:s,s:o}", "name", part[0] ? part[0] : "max", "props", props);

	g_strfreev(part);
	return m;
}

/* QEMU's own answer to what a guest with this -cpu under this accelerator
 * sees: QMP query-cpu-model-expansion (type full) on -machine none. */
static int probe_cpu_expansion(const char *qemu, const char *cpu, const char *accel,
			       json_t **props, char *why, size_t n)
{
	char *argv[] = { (char *)qemu, "-machine", "none", "-accel", (char *)accel,
			 "-nodefaults", "-no-user-config", "-display", "none",
			 "-qmp", "stdio", NULL };
	json_t *q = json_pack("{s:s,s:{s:s,s:o}}", "execute", "query-cpu-model-expansion",
			      "arguments", "type", "full", "model",
			      probe_cpu_model_json(cpu));
	char *cmd = json_dumps(q, JSON_COMPACT);
	char *in = g_strdup_printf("{\"execute\":\"qmp_capabilities\"}\n%s\n"
				   "{\"execute\":\"quit\"}\n", cmd);
	GString *out = g_string_new(NULL);
	GPid pid;
	int fin, fout, status = 0;
	GError *gerr = NULL;
	int64_t deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

	json_decref(q);
	free(cmd);
	*props = NULL;
	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
				      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
				      NULL, NULL, &pid, &fin, &fout, NULL, &gerr)) {
		snprintf(why, n, "%s: %s", qemu, gerr->message);
		g_error_free(gerr);
		g_free(in);
		g_string_free(out, TRUE);
		return -ENOENT;
	}
	/* a few hundred bytes: the pipe takes them whole */
	if (write(fin, in, strlen(in)) < 0)
		snprintf(why, n, "write to %s: %s", qemu, strerror(errno));
	close(fin);
	g_free(in);
	for (;;) {
		struct pollfd pfd = { fout, POLLIN, 0 };
		int64_t left = (deadline - g_get_monotonic_time()) / 1000;
		char buf[4096];
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		r = read(fout, buf, sizeof(buf));
		if (r <= 0)
			break;
		g_string_append_len(out, buf, r);
	}
	close(fout);
	waitpid(pid, &status, 0);
	g_spawn_close_pid(pid);
	{
		gchar **lines = g_strsplit(out->str, "\n", -1);

		for (gchar **p = lines; *p; p++) {
			/* some properties are 64-bit unsigned, past json_int_t */
			json_t *j = json_loads(*p, JSON_DECODE_INT_AS_REAL, NULL);
			json_t *pr = json_object_get(json_object_get(json_object_get(j, "return"),
								     "model"), "props");
			const char *desc = json_string_value(json_object_get(
				json_object_get(j, "error"), "desc"));

			if (pr && !*props)
				*props = json_incref(pr);
			if (desc && !why[0])
				snprintf(why, n, "%s -cpu %s under %s: %s", qemu, cpu, accel, desc);
			json_decref(j);
		}
		g_strfreev(lines);
	}
	g_string_free(out, TRUE);
	if (!*props) {
		if (!why[0])
			snprintf(why, n, "%s gave no query-cpu-model-expansion answer for "
				 "-cpu %s under %s", qemu, cpu, accel);
		return -EIO;
	}
	return 0;
}

int probe_guest_requires(const struct sec_run *sr, char *why, size_t n)
{
	const struct section *sec = sr->sec;
	gchar **req;
	json_t *props;
	char *cpu;
	int rc;

	if (!sec->requires || !sec->requires[0])
		return 0;
	cpu = g_strdup_printf("%s%s", sec->cpu, sr->no_arch_caps ? ",-arch-capabilities" : "");
	why[0] = '\0';
	rc = probe_cpu_expansion(sec->qemu, cpu, sr->accel, &props, why, n);
	if (rc) {
		char tmp[300];

		snprintf(tmp, sizeof(tmp), "%s", why);
		snprintf(why, n, "cannot tell what the guest sees: %s", tmp);
		g_free(cpu);
		return 1;
	}
	req = g_strsplit(sec->requires, ",", -1);
	for (gchar **r = req; *r && !rc; r++) {
		g_strstrip(*r);
		for (size_t i = 0; i < G_N_ELEMENTS(probe_features); i++) {
			if (strcmp(probe_features[i].feature, *r))
				continue;
			for (const char *const *f = probe_features[i].flags; *f && !rc; f++)
				if (!json_is_true(json_object_get(props, *f))) {
					snprintf(why, n, "the guest would not see %s: QEMU's "
						 "-cpu %s under %s has %s off "
						 "(query-cpu-model-expansion)", *r, cpu,
						 sr->accel, *f);
					rc = 1;
				}
		}
	}
	g_strfreev(req);
	json_decref(props);
	g_free(cpu);
	return rc;
}
