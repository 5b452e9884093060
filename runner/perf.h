/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host CPU cost of one QEMU process tree through perf_event_open(2):
 * software counters (task-clock, page faults) and KVM tracepoints where the
 * kernel has them.  A counter that cannot be opened, or that the kernel
 * provably does not fire, is "unavailable" with a reason, never 0.
 */
#ifndef HB_RUNNER_PERF_H
#define HB_RUNNER_PERF_H

#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>

enum perf_counter {
	PERF_TASK_CLOCK,
	PERF_PAGE_FAULTS,
	PERF_KVM_EXIT,
	PERF_KVM_PIO,
	PERF_KVM_USERSPACE_EXIT,
	PERF_KVM_EMULATE_INSN,
	PERF_NCOUNTERS
};

struct perf_set {
	int fd[PERF_NCOUNTERS];
	uint64_t base[PERF_NCOUNTERS]; /* value at the last perf_json(), warm mode */
	int kvm;                       /* the guest runs under KVM */
};

/* Once per process: find tracepoint ids, note what is unavailable and why. */
void perf_global_init(void);
/* Attach to pid (stopped before exec) with enable_on_exec and inherit, so
 * QEMU's vCPU threads count too. */
void perf_attach(struct perf_set *p, pid_t pid, int kvm);
/* {"task_clock_ns":..,"page_faults":..,"kvm_pio":..,"kvm_exit":
 *  {"unavailable":"..."}}; counts since the previous call. */
json_t *perf_json(struct perf_set *p);
void perf_close(struct perf_set *p);

#endif
