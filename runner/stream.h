/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot stream`: one cold boot of one image in bulk mode, its ChaCha20
 * keystream moved out of guest RAM through the ring (include/hardboot/ring.h)
 * into a file, a pipe (an RNG battery) or nowhere (--sink).
 *
 * The boot, in order:
 *   1. guest RAM is a fresh, unlinked-at-the-end file in /dev/shm that QEMU
 *      maps share=on, the kernel command line says bulk=N (and seed=HEX64);
 *   2. the serial records up to "HB1 ring addr= size= len=";
 *   3. the ring's bytes into the output while the serial pipe is watched,
 *      so a guest that prints or dies mid-stream ends it at once;
 *   4. "HB1 done st=pass" and QEMU's exit status as the manifest says.
 * Exactly len bytes (= N) moved, done st=pass and the right exit status make
 * a success; anything short of that is not one.
 *
 * The boot is the engine's (engine.c, bulk mode): one loop watches QEMU's
 * pipes, the signals and the deadlines and moves the ring's bytes, and
 * records what happened.  This module resolves the image, opens the output
 * and words the verdict from those facts.  stream_run() is all of it for
 * one boot; `hardboot rng` keeps a stream_sec and an engine of its own and
 * uses stream_start() and stream_verdict() for each of its boots.
 */
#ifndef HB_RUNNER_STREAM_H
#define HB_RUNNER_STREAM_H

#include <stdint.h>

#include "engine.h"
#include "suite.h"

struct stream_args {
	const char *image;      /* manifest name or path to an ELF */
	const char *images_dir; /* with manifest.json */
	uint64_t bytes;         /* bulk=, at least 1 */
	const char *key;        /* ChaCha20 key, 64 hex digits, as seed=; NULL: the guest's own */
	const char *out;        /* file, "-" or NULL = stdout */
	int sink;               /* discard on the host (generation rate) */
	const char *accel;      /* auto|kvm|tcg, NULL = the image's default */
	double timeout;         /* seconds for the whole boot, 0 = no limit */
	const char *append;     /* extra kernel command line, or NULL */
	const char *qemu_args;  /* more QEMU options, shell-quoted (a suite
	                         * file's qemu_args), or NULL */
	/*
	 * use_fd: write to fd instead (the caller's descriptor, left open;
	 * a non-blocking pipe keeps the guest watched while its reader is
	 * slow); out, if set, only names it in messages.
	 */
	int use_fd;
	int fd;
};

struct stream_result {
	int status;             /* HB_EXIT_* (run.h) for the command */
	char err[512];          /* one line naming the image when status != 0 */
	char image[64];
	char accel[8];
	char accel_why[200];
	char seed_src[16];      /* the cpu record's src=, e.g. cmdline, rdseed */
	char out_name[64];      /* "stdout", "sink" or the file name */
	char checks[160];       /* the check records' results that were not pass,
	                         * e.g. "kat=fail"; empty when all passed */
	uint64_t requested;     /* bulk= */
	uint64_t announced;     /* len= of the ring record */
	uint64_t moved;         /* bytes written to the output */
	double boot_s;          /* spawn to ring record */
	double stream_s;        /* ring record to the last byte */
	double total_s;         /* spawn to QEMU's exit */
};

/*
 * Run it.  0 when the stream is complete and the boot passed; otherwise
 * -errno with res->err set and res->status saying which kind of failure:
 * HB_EXIT_USAGE (image, output or option), HB_EXIT_CHECK (guest: short or
 * cut stream, crash, timeout, done st=fail, wrong exit status),
 * HB_EXIT_INFRA (QEMU not runnable, /dev/shm, the output failed or its
 * reader went away), HB_EXIT_INTR (SIGINT, SIGTERM or SIGHUP).  Prints
 * nothing; the timings and counters in res are filled as far as it got.
 */
int stream_run(const struct stream_args *a, struct stream_result *res);

/* The section every boot of a stream runs: one image, its QEMU checked,
 * the accelerator and CPU model resolved once (probe_accel()). */
struct stream_sec {
	const struct stream_args *a;
	struct suite suite;
	struct sec_run sr;
	char *append;           /* after bulk=N: seed=, --append */
};

/* Resolve a->image (a->bytes, out, sink and use_fd are not used here).
 * 0, or -errno with res->status and res->err as stream_run() sets them;
 * stream_release() in either case. */
int stream_prepare(struct stream_sec *s, const struct stream_args *a,
		   struct stream_result *res);
/* Queue one boot of bytes into out_fd on the open engine e; b stays the
 * caller's until b->finished.  0 or -EINVAL (e not open). */
int stream_start(struct stream_sec *s, struct engine *e, struct engine_bulk *b,
		 uint64_t bytes, int out_fd);
/* A finished boot's verdict and numbers into res (its image, accel and
 * out_name as stream_prepare() and the caller set them): 0 or -errno, as
 * stream_run() returns. */
int stream_verdict(const struct stream_sec *s, const struct engine_bulk *b,
		   struct stream_result *res);
void stream_release(struct stream_sec *s);

#endif
