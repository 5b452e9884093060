/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf.h"

struct perf_desc {
	const char *name;        /* JSON key */
	uint32_t type;
	uint64_t config;         /* tracepoints: filled from tracefs */
	const char *tracepoint;  /* kvm/kvm_pio, or NULL */
	int kvm_only;
};

static struct perf_desc perf_descs[PERF_NCOUNTERS] = {
	[PERF_TASK_CLOCK] = { "task_clock_ns", PERF_TYPE_SOFTWARE,
			      PERF_COUNT_SW_TASK_CLOCK, NULL, 0 },
	[PERF_PAGE_FAULTS] = { "page_faults", PERF_TYPE_SOFTWARE,
			       PERF_COUNT_SW_PAGE_FAULTS, NULL, 0 },
	[PERF_KVM_EXIT] = { "kvm_exit", PERF_TYPE_TRACEPOINT, 0, "kvm/kvm_exit", 1 },
	[PERF_KVM_PIO] = { "kvm_pio", PERF_TYPE_TRACEPOINT, 0, "kvm/kvm_pio", 1 },
	[PERF_KVM_USERSPACE_EXIT] = { "kvm_userspace_exit", PERF_TYPE_TRACEPOINT, 0,
				      "kvm/kvm_userspace_exit", 1 },
	[PERF_KVM_EMULATE_INSN] = { "kvm_emulate_insn", PERF_TYPE_TRACEPOINT, 0,
				    "kvm/kvm_emulate_insn", 1 },
};

static char perf_why[PERF_NCOUNTERS][96];

static int perf_tracepoint_id(const char *tp, uint64_t *id)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing/events", "/sys/kernel/debug/tracing/events",
	};

	for (size_t i = 0; i < 2; i++) {
		char path[256];
		FILE *f;
		unsigned long long v;
		int ok;

		snprintf(path, sizeof(path), "%s/%s/id", roots[i], tp);
		f = fopen(path, "re");
		if (!f)
			continue;
		ok = fscanf(f, "%llu", &v) == 1;
		fclose(f);
		if (ok) {
			*id = v;
			return 0;
		}
	}
	return -ENOENT;
}

void perf_global_init(void)
{
	int mounted = !access("/sys/kernel/tracing/events", F_OK) ||
		      !access("/sys/kernel/debug/tracing/events", F_OK);

	for (int i = 0; i < PERF_NCOUNTERS; i++) {
		struct perf_desc *d = &perf_descs[i];

		if (!d->tracepoint || perf_tracepoint_id(d->tracepoint, &d->config) == 0)
			continue;
		/* The kvm events live in tracefs, which a fresh host may not
		 * have mounted: say so rather than blame the event. */
		if (!mounted)
			snprintf(perf_why[i], sizeof(perf_why[i]), "tracefs is not mounted "
				 "(mount -t tracefs nodev /sys/kernel/tracing)");
		else
			snprintf(perf_why[i], sizeof(perf_why[i]),
				 "tracepoint %s not in tracefs (kvm module?)", d->tracepoint);
	}
}

static int perf_open(const struct perf_desc *d, pid_t pid)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = d->type;
	a.config = d->config;
	a.disabled = 1;
	a.enable_on_exec = 1;
	a.inherit = 1;          /* QEMU's vCPU and I/O threads */
	a.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void perf_attach(struct perf_set *p, pid_t pid, int kvm)
{
	memset(p, 0, sizeof(*p));
	p->kvm = kvm;
	for (int i = 0; i < PERF_NCOUNTERS; i++) {
		p->fd[i] = -1;
		if (perf_why[i][0] || (perf_descs[i].kvm_only && !kvm))
			continue;
		p->fd[i] = perf_open(&perf_descs[i], pid);
		if (p->fd[i] < 0 && !perf_why[i][0])
			snprintf(perf_why[i], sizeof(perf_why[i]),
				 "perf_event_open: %s", strerror(errno));
	}
}

static int perf_read(int fd, uint64_t *v)
{
	return read(fd, v, sizeof(*v)) == (ssize_t)sizeof(*v) ? 0 : -EIO;
}

static json_t *perf_unavailable(const char *why)
{
	return json_pack("{s:s}", "unavailable", why);
}

json_t *perf_json(struct perf_set *p)
{
	json_t *o = json_object();
	uint64_t v[PERF_NCOUNTERS] = { 0 };
	int ok[PERF_NCOUNTERS] = { 0 };

	for (int i = 0; i < PERF_NCOUNTERS; i++) {
		if (p->fd[i] >= 0 && perf_read(p->fd[i], &v[i]) == 0) {
			ok[i] = 1;
			v[i] -= p->base[i];
			p->base[i] += v[i];
		}
	}
	for (int i = 0; i < PERF_NCOUNTERS; i++) {
		const char *key = perf_descs[i].name;

		if (perf_descs[i].kvm_only && !p->kvm)
			continue; /* not applicable under TCG: absent, not 0 */
		if (!ok[i])
			json_object_set_new(o, key, perf_unavailable(
				perf_why[i][0] ? perf_why[i] : "read failed"));
		/* Every port I/O is a VM exit; a kvm_exit count of 0 beside
		 * pio exits means this KVM (e.g. PVM) does not fire it. */
		else if (i == PERF_KVM_EXIT && v[i] == 0 &&
			 ok[PERF_KVM_PIO] && v[PERF_KVM_PIO] > 0)
			json_object_set_new(o, key, perf_unavailable(
				"kvm_exit reads 0 while kvm_pio counts: this KVM does not fire it"));
		else
			json_object_set_new(o, key, json_integer((json_int_t)v[i]));
	}
	return o;
}

void perf_close(struct perf_set *p)
{
	for (int i = 0; i < PERF_NCOUNTERS; i++)
		if (p->fd[i] >= 0)
			close(p->fd[i]);
}
