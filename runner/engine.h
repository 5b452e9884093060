/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The boot engine: up to N QEMU processes at once, one epoll loop over their
 * serial and stderr pipes plus a signalfd (SIGCHLD, SIGINT, SIGTERM).  No
 * thread per VM and no sleeping: every wakeup is a byte, an exit, a signal
 * or the nearest per-boot deadline.
 */
#ifndef HB_RUNNER_ENGINE_H
#define HB_RUNNER_ENGINE_H

#include <glib.h>
#include <jansson.h>
#include <poll.h>
#include <stdint.h>

#include "boot.h"
#include "qemu.h"
#include "results.h"
#include "suite.h"

#define ENGINE_MAX_FAILS 20   /* failing boots listed per section (TAP/JUnit) */

struct sec_fail {
	unsigned long boot;
	enum boot_outcome oc;
	char reason[200];
};

/* Per-section state of a run. */
struct sec_run {
	struct section *sec;
	int skip;                 /* SKIP the whole section */
	char skip_reason[200];
	char accel[8];
	char accel_why[200];
	int no_arch_caps;        /* -cpu gets ,-arch-capabilities (probe.c) */
	char cpu_why[200];        /* why, or "" */
	int warm;
	int reset_qmp;            /* warm reset through QMP, guest halts at done */
	int inspect;              /* read registers through QMP at done/halt */
	int pagewalk;             /* and walk the page tables through a RAM file */
	int qmp;                  /* each VM gets a QMP socket */
	struct qemu_opts qo;      /* how argv was built; per-VM QMP path added */
	char **argv;              /* the QEMU line for this section and mode */
	char *repro;              /* the cold line: reproduces one boot */
	char *warm_repro;         /* warm: the line of its QEMUs (boots in a row) */
	unsigned long queued, finished;
	unsigned long count[BOOT_NOUTCOMES];
	unsigned long unexpected;  /* boots not as the section expects */
	unsigned long designed;    /* boots that failed as it expects */
	struct sec_fail fails[ENGINE_MAX_FAILS];
	int nfails;
	char evidence[240];        /* the first boot that failed as expected */
	int reported;             /* TAP line printed */
	unsigned long first_boot;  /* this run's slice of the section's boots */
	unsigned long nboots;      /* (a shard runs part of a section) */
	int excluded;             /* not in this shard at all */
	int64_t t_start, t_end;
};

/* A job: boots [first, first + n) of one section, on one QEMU in warm mode,
 * one QEMU each in cold mode. */
struct engine_job {
	int sidx;
	unsigned long first, n;
};

struct engine;
typedef void (*engine_boot_fn)(struct engine *e, struct sec_run *sr, json_t *o);
typedef void (*engine_sec_fn)(struct engine *e, struct sec_run *sr);

struct engine {
	struct suite *suite;
	struct sec_run *sr;
	int nsr;
	int jobs;
	struct results *res;      /* NULL: no files (probe) */
	engine_boot_fn on_boot;   /* after each boot is written */
	engine_sec_fn on_section; /* when a section's last boot finished */
	int progress;             /* draw a progress bar on stderr */
	unsigned shard_i, shard_n; /* shard i of n; n = 0: the whole suite */
	int console;              /* keep console logs */
	int64_t coalesce_ns;      /* minimum gap between wakeups while only warm
				     QEMUs run (cold boots keep exact stamps) */
	unsigned long interleave; /* boots per turn, sections rotating; 0: in order */
	/* run state */
	int interrupted;
	int signo;                /* the first SIGINT, SIGTERM or SIGHUP */
	int infra;                /* infrastructure error: stop, exit 3 */
	char infra_err[512];
	unsigned long total, finished, failed;
	int64_t t_start;
	void *priv;
	struct engine_loop *loop; /* between engine_open() and engine_close() */
};

int64_t engine_now(void);
/* Run every section's boots; returns 0, or -EINTR / -EIO (see e->infra_err).
 * The same as engine_open(), engine_step() until it returns 0, and
 * engine_close(). */
int engine_run(struct engine *e);
/*
 * The loop in steps, for a client with work of its own between them
 * (`hardboot rng` feeds dieharder).  engine_open() blocks SIGCHLD, SIGINT,
 * SIGTERM and SIGHUP (they arrive through the loop's signalfd; the
 * caller's mask is back after engine_close()) and queues every section's
 * boots; 0 or -EIO.
 */
int engine_open(struct engine *e);
/*
 * One turn: start queued jobs, wait for the next serial byte, exit,
 * signal or deadline, and handle it.  extra (NULL when nextra is 0): the
 * client's own fds, waited on in the same wait with their revents filled
 * in, so that the process waits in this one place.  A signal sets
 * e->interrupted and e->signo and kills every QEMU.  Returns 1 when QEMUs
 * ran (call again), 0 when none did (with extra, it waited for those
 * alone), -EIO when the wait itself failed (e->infra_err).
 */
int engine_step(struct engine *e, struct pollfd *extra, int nextra);
/* Kill and reap every QEMU still running, drop the queue, restore the
 * signal mask.  0, -EINTR (interrupted) or -EIO (e->infra). */
int engine_close(struct engine *e);
/* The order boots are started in: jobs (struct engine_job, g_new) appended
 * to q.  Also sets each section's queued count and e->total. */
void engine_plan(struct engine *e, GQueue *q);

#endif
