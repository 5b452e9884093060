/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

struct probe_result {
	int ok;                /* reached done with a pass */
	double ms;             /* spawn to done */
	char reason[200];
};

struct probe_cache {
	char *key;
	char accel[8];
	char why[200];
	int no_arch_caps;
};

static GPtrArray *probe_cached;

int probe_kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

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
			sr->no_arch_caps = c->no_arch_caps;
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
	c->no_arch_caps = sr->no_arch_caps;
	if (!probe_cached)
		probe_cached = g_ptr_array_new();
	g_ptr_array_add(probe_cached, c);
}

int probe_accel(struct sec_run *sr, char *err, size_t errlen)
{
	const char *want = sr->sec->accel;
	struct probe_result t, k;
	char *key;
	int kvm = probe_kvm_usable();

	if (strcmp(want, "auto")) {
		snprintf(sr->accel, sizeof(sr->accel), "%s", want);
		snprintf(sr->accel_why, sizeof(sr->accel_why), "accel=%s requested", want);
		if (!strcmp(want, "kvm") && kvm) {
			sr->skip = 1;
			snprintf(sr->skip_reason, sizeof(sr->skip_reason),
				 "accel=kvm but /dev/kvm is unusable: %s", strerror(-kvm));
		}
		return 0;
	}
	if (kvm) {
		snprintf(sr->accel, sizeof(sr->accel), "tcg");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "/dev/kvm unusable (%s): tcg", strerror(-kvm));
		return 0;
	}
	key = probe_key(sr->sec);
	if (probe_from_cache(sr, key)) {
		g_free(key);
		return 0;
	}
	if (probe_boot(sr, "tcg", 0, &t) == -EINTR || probe_boot(sr, "kvm", 0, &k) == -EINTR) {
		g_free(key);
		snprintf(err, errlen, "interrupted during the accelerator probe");
		return -EINTR;
	}
	/* Some KVMs refuse the arch-capabilities MSR that -cpu max/host set. */
	if (!k.ok && strstr(k.reason, "MSR") &&
	    probe_boot(sr, "kvm", 1, &k) == 0 && k.ok)
		sr->no_arch_caps = 1;
	if (k.ok && (!t.ok || k.ms <= t.ms)) {
		snprintf(sr->accel, sizeof(sr->accel), "kvm");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: kvm reached done in %.1f ms, tcg %s%.1f ms%s",
			 k.ms, t.ok ? "in " : "failed: ", t.ok ? t.ms : 0.0,
			 sr->no_arch_caps ? " (kvm needs -arch-capabilities)" : "");
	} else if (t.ok) {
		snprintf(sr->accel, sizeof(sr->accel), "tcg");
		sr->no_arch_caps = 0;
		if (k.ok)
			snprintf(sr->accel_why, sizeof(sr->accel_why),
				 "probe: tcg reached done in %.1f ms, kvm in %.1f ms",
				 t.ms, k.ms);
		else
			snprintf(sr->accel_why, sizeof(sr->accel_why),
				 "probe: kvm failed (%.120s); tcg %.1f ms", k.reason, t.ms);
	} else {
		/* Neither passed: run under TCG and let the boots tell why. */
		snprintf(sr->accel, sizeof(sr->accel), "tcg");
		snprintf(sr->accel_why, sizeof(sr->accel_why),
			 "probe: no accelerator reached done (tcg: %.80s; kvm: %.80s)",
			 t.reason, k.reason);
	}
	probe_store(sr, key);
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
