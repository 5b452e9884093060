/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * accel=auto: boot the image once under each accelerator and keep the one
 * that reaches done first.  On users' hardware KVM wins by far; on a KVM
 * that emulates ring 0 instruction by instruction (PVM), TCG does, and code
 * using SSE may not run under it at all.  Probed once per (QEMU, image,
 * machine, cpu) and cached for the run.
 */
#ifndef HB_RUNNER_PROBE_H
#define HB_RUNNER_PROBE_H

#include <stddef.h>

#include "engine.h"

/* 0 if /dev/kvm can be opened, else -errno. */
int probe_kvm_usable(void);
/* 1 if /dev/kvm is the paravirtual PVM module (kvm_pvm), which emulates
 * guest ring 0 and loses a guest-initiated reset on alternate boots. */
int probe_kvm_pvm(void);
/*
 * The one resolution of accelerator and CPU model, for every path that
 * starts QEMU (run, stream, rng, the probe itself): sets sr->accel,
 * sr->accel_why, sr->no_arch_caps and sr->cpu_why for sr->sec->accel.
 */
int probe_accel(struct sec_run *sr, char *err, size_t errlen);
/*
 * Whether QEMU can start -cpu CPU under ACCEL as it is, found once per
 * (QEMU binary, CPU model, accelerator) and cached: some KVMs (PVM) refuse
 * the IA32_ARCH_CAPABILITIES MSR that max and host set, and QEMU aborts
 * before the guest runs.  Then *no_arch_caps = 1 and why says what QEMU
 * printed (also written once to stderr).  Returns 0.
 */
int probe_cpu_model(const char *qemu, const char *cpu, const char *accel,
		    int *no_arch_caps, char *why, size_t n);
/* requires=: 0 if every feature can be given to the guest, else a reason. */
int probe_requires(const struct section *sec, char *why, size_t n);
/* requires= against what the guest would see: QEMU's expansion of the
 * section's -cpu under its accelerator (QMP query-cpu-model-expansion on
 * -machine none).  0: every feature is there; 1: not, or QEMU could not
 * say, with the reason (a SKIP).  After probe_accel. */
int probe_guest_requires(const struct sec_run *sr, char *why, size_t n);

#endif
