/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * QEMU command lines.  One function builds the argv for a section, so the
 * line recorded in run.json, the one in a failing boot's repro field and the
 * one the bench scripts replay are the same by construction.
 */
#ifndef HB_RUNNER_QEMU_H
#define HB_RUNNER_QEMU_H

#include <glib.h>
#include <jansson.h>
#include <sys/types.h>

#include "suite.h"

enum qemu_after { QEMU_AFTER_POWEROFF, QEMU_AFTER_RESET, QEMU_AFTER_HALT };

struct qemu_opts {
	const char *accel;        /* "kvm" or "tcg" (resolved) */
	enum qemu_after after;    /* what the guest does after done */
	int reboot;               /* warm: let resets reset (no -no-reboot) */
	int no_arch_caps;         /* add -arch-capabilities (this PVM KVM) */
	const char *memfile;      /* file-backed guest RAM, or NULL */
	const char *qmp_path;     /* QMP unix socket, or NULL */
	const char *int_log;      /* -d int -D FILE: the guest's exceptions, or NULL */
	const char *gdb_path;     /* -gdb unix socket (arm64 inspection), or NULL */
	const char *append;       /* extra kernel command line, or NULL */
	/* An image made elsewhere, kept after its done line for QMP
	 * (warm reset, inspection): no isa-debug-exit device, so its exit
	 * write is ignored, and a shutdown pauses instead of ending QEMU. */
	int keep_guest;
	const char *sandbox;      /* -sandbox value, or NULL (see qemu_sandbox()) */
};

/* How QEMU is confined on this host: probed once per binary. */
struct qemu_sandbox {
	char qemu[256];
	char opt[96];             /* -sandbox value; empty: QEMU cannot (why) */
	char why[200];
};
const struct qemu_sandbox *qemu_sandbox(const char *qemu);
/*
 * The user QEMU runs as.  A runner that is root drops QEMU to an
 * unprivileged user in the child, before exec, and only then sets
 * PR_SET_PDEATHSIG (a change of credentials clears it: with -runas QEMU
 * outlived a runner killed with -9).  That user must be able to read the
 * image, open /dev/kvm under kvm, and create QMP sockets and RAM files in
 * the temporary directory; where it cannot, QEMU keeps the runner's user
 * and `why` says which of these failed.
 */
#define QEMU_USER "nobody"

struct qemu_user {
	int drop;                 /* setgid/setuid to uid/gid before exec */
	uid_t uid;
	gid_t gid;
	gid_t groups[32];         /* its supplementary groups (/dev/kvm's, say) */
	int ngroups;
	char name[32];            /* who QEMU runs as */
	char why[240];            /* why it keeps the runner's user, or "" */
};
/* tmp_files: QEMU will create files in TMPDIR (QMP socket, -d int log). */
void qemu_user_decide(struct qemu_user *u, const char *image, const char *accel,
		      int tmp_files);
/* {"seccomp": opt|null, "user": ..., and why not} for run.json */
json_t *qemu_sandbox_json(const struct qemu_sandbox *sb, const struct qemu_user *u);

/* NULL-terminated argv, free with g_strfreev. */
char **qemu_argv(const struct section *sec, const struct qemu_opts *o);
/* One shell-quoted line, free with g_free. */
char *qemu_cmdline(char *const *argv);
/* The -M value a suite's machine key becomes: "microvm" is expanded to
 * qboot without option ROMs, PIT, PIC, RTC and ACPI (the fastest PVH
 * line); any other value is passed as written. */
const char *qemu_machine_expanded(const char *machine);
/* "QEMU emulator version 7.2.22 (...)" first line, or NULL. */
char *qemu_version(const char *qemu);

/*
 * A running QEMU: its own process group (so a kill reaches every thread
 * and helper), serial on a pipe from its stdout, its stderr on another,
 * both non-blocking for an event loop.
 */
#define QEMU_ERR_CAP 2048

struct qemu_proc {
	pid_t pid;
	int out_fd, err_fd;
	char errbuf[QEMU_ERR_CAP];   /* the start of QEMU's stderr */
	size_t errlen;
	char fatal[200];             /* "QEMU: KVM internal error..." once seen */
	char line[256];              /* the stderr line being read */
	size_t llen;
};

/* Fork and exec argv.  hook (may be NULL) runs in the parent while the
 * child waits, e.g. to attach perf counters before exec.  An exec failure
 * is reported here (-errno, err names the binary), not as an odd exit.
 * as (may be NULL) is the user to drop to (qemu_user_decide). */
int qemu_spawn(struct qemu_proc *p, char *const *argv, const struct qemu_user *as,
	       void (*hook)(pid_t pid, void *ctx), void *ctx,
	       char *err, size_t errlen);
/* Drain stderr; 1 at EOF, else 0.  Sets p->fatal on a line that means the
 * guest is dead while QEMU lives on (a paused KVM guest). */
int qemu_read_stderr(struct qemu_proc *p);
/* First line of stderr, "" if none. */
void qemu_first_err_line(const struct qemu_proc *p, char *out, size_t n);

#endif
