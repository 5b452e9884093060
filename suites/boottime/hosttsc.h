/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The host's TSC rate, measured.  The guest's phase marks are raw TSC
 * values; under TCG QEMU returns the host's TSC (plus an offset) to the
 * guest's rdtsc, and under KVM without TSC scaling the guest TSC is the
 * host's, so the host rate converts them to time when the guest cannot
 * say its own (no `tsc` record: the case under TCG).  hardboot run
 * records it in run.json at the start and the end of every run.
 */
#ifndef HB_RUNNER_HOSTTSC_H
#define HB_RUNNER_HOSTTSC_H

#include <jansson.h>
#include <stddef.h>

#define HOSTTSC_METHOD "rdtsc against CLOCK_MONOTONIC_RAW over 3 x 10 ms, median"

/* kHz of the host TSC; 0, or -ENOTSUP (not x86) / -EIO with err. */
int hosttsc_khz(double *khz, char *err, size_t n);
/* {"khz", "method", "flags": [constant_tsc, nonstop_tsc, ...], "kvm": module}
 * or {"unavailable": reason}.  The kvm module (kvm_intel, kvm_amd,
 * kvm_pvm) tells a hardware KVM from an instruction-emulating one. */
json_t *hosttsc_json(void);

#endif
