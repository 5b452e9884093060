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
/* Resolve sr->accel, sr->accel_why and sr->no_arch_caps for sr->sec->accel. */
int probe_accel(struct sec_run *sr, char *err, size_t errlen);
/* requires=: 0 if every feature can be given to the guest, else a reason. */
int probe_requires(const struct section *sec, char *why, size_t n);

#endif
