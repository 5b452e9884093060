/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * QEMU command lines.  One function builds the argv for a section, so the
 * line recorded in run.json, the one in a failing boot's repro field and the
 * one the bench scripts replay are the same by construction.
 */
#ifndef HB_RUNNER_QEMU_H
#define HB_RUNNER_QEMU_H

#include <glib.h>

#include "suite.h"

enum qemu_after { QEMU_AFTER_POWEROFF, QEMU_AFTER_RESET, QEMU_AFTER_HALT };

struct qemu_opts {
	const char *accel;        /* "kvm" or "tcg" (resolved) */
	enum qemu_after after;    /* what the guest does after done */
	int reboot;               /* warm: let resets reset (no -no-reboot) */
	int no_arch_caps;         /* add -arch-capabilities (this PVM KVM) */
	const char *memfile;      /* file-backed guest RAM, or NULL */
	const char *qmp_path;     /* QMP unix socket, or NULL */
	const char *append;       /* extra kernel command line, or NULL */
};

/* NULL-terminated argv, free with g_strfreev. */
char **qemu_argv(const struct section *sec, const struct qemu_opts *o);
/* One shell-quoted line, free with g_free. */
char *qemu_cmdline(char *const *argv);
/* "QEMU emulator version 7.2.22 (...)" first line, or NULL. */
char *qemu_version(const char *qemu);

#endif
