/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The boot engine: up to N QEMU processes at once, one epoll loop over their
 * serial and stderr pipes plus a signalfd (SIGCHLD, SIGINT, SIGTERM,
 * SIGHUP).  No thread per VM and no sleeping: every wakeup is a byte, an
 * exit, a signal, the nearest per-boot deadline or, for a bulk boot, the
 * next round of its ring (which has no doorbell; see ring.c).
 *
 * It is the one place where QEMU is started, watched, timed out, killed
 * (its whole process group) and reaped, for every command: `hardboot run`
 * and the accelerator probe (engine_run()), `hardboot stream` and
 * `hardboot rng` (bulk mode, below).  A client with work of its own
 * between turns drives it with engine_step(), which also waits on the
 * client's fds: rng's dieharder pipes are watched by the same wait, and no
 * thread starts a QEMU (so PR_SET_PDEATHSIG, which fires when the forking
 * thread exits, means "when the runner dies").
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
	int trace;                /* each VM gets a -d int log (trace = exceptions) */
	int gdbstub;              /* each VM gets a -gdb socket (arm64 inspection) */
	int guest_resets;         /* warm, guest resets: counted from QMP RESET events */
	struct qemu_opts qo;      /* how argv was built; per-VM QMP path added */
	struct qemu_user user;    /* who its QEMUs run as (qemu.h) */
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

/*
 * Bulk mode (`hardboot stream`, `hardboot rng`): one cold boot whose guest,
 * after "HB1 ring addr= size= len=", publishes len bytes in a ring in its
 * RAM, which QEMU keeps in a file shared with us (include/hardboot/ring.h).
 * The engine maps the ring (ring.c) and moves the bytes into out_fd from
 * the same loop that watches the serial and stderr pipes, the signals and
 * the deadlines, so a guest that prints or dies mid-stream, Ctrl-C and a
 * deadline all stop the copy within one ring round.  Nothing may be
 * printed between the ring record and the last byte.
 *
 * The client fills the first block and calls engine_bulk_start(); the
 * engine records what happened as facts, and the client words the verdict
 * (stream.c).  end says what cut the boot short, the first thing that did;
 * ENGINE_BULK_OK means nothing did: then done, done_st and QEMU's exit
 * status decide.
 */
enum engine_bulk_end {
	ENGINE_BULK_OK,
	ENGINE_BULK_SPAWN,      /* the RAM file or QEMU would not start: rc, err */
	ENGINE_BULK_SIGNAL,     /* SIGINT, SIGTERM or SIGHUP: signo */
	ENGINE_BULK_DEADLINE,   /* the boot's own timeout passed */
	ENGINE_BULK_FATAL,      /* QEMU said the guest is dead: err */
	ENGINE_BULK_ENDED,      /* QEMU exited or closed the serial port */
	ENGINE_BULK_TIMEOUT,    /* the image timeout: to the ring record, or
				 * from the last byte to done and QEMU's exit */
	ENGINE_BULK_NO_RING,    /* a done record before any ring record */
	ENGINE_BULK_RING_BAD,   /* a malformed ring record, or two */
	ENGINE_BULK_RING_LEN,   /* the ring's len= is not bulk= */
	ENGINE_BULK_RING_OPEN,  /* ring_open() failed: rc, err */
	ENGINE_BULK_LATE,       /* the guest printed mid-stream: late */
	ENGINE_BULK_STALL,      /* nothing published for the image timeout */
	ENGINE_BULK_CORRUPT,    /* the guest's head is impossible: err */
	ENGINE_BULK_OUTPUT,     /* writing out_fd failed: rc (-EPIPE: no reader) */
	ENGINE_BULK_CANCELLED,  /* engine_bulk_cancel() */
};

struct engine_bulk {
	/* the client's */
	struct sec_run *sr;     /* the section: image, sr->qo, accel resolved */
	uint64_t bytes;         /* bulk=N: the len= the guest must announce */
	const char *append;     /* kernel command line after bulk=N, or NULL */
	int out_fd;             /* where the bytes go; never closed here */
	double timeout;         /* seconds for the whole boot, 0: none */
	/* the engine's, from here on: cleared by engine_bulk_start() */
	int finished;           /* QEMU reaped: everything below is final */
	enum engine_bulk_end end;
	int rc;                 /* -errno of SPAWN, RING_OPEN, OUTPUT */
	int signo;              /* SIGNAL: which */
	char err[300];          /* ring.c's or QEMU's words, or the ring record */
	int ring;               /* the ring is open: bytes could flow */
	uint64_t len;           /* len= of the ring record */
	uint64_t moved;         /* bytes written to out_fd */
	int complete;           /* all len bytes moved */
	int done;               /* a done record was seen, with st= done_st */
	char done_st[16];
	char checks[160];       /* check results that were not pass: "kat=fail" */
	char seed_src[16];      /* the cpu record's src= */
	char late[160];         /* the first line printed mid-stream */
	char last_text[160];    /* the last serial line that is not a record */
	int status;             /* QEMU's wait status */
	char qemu_said[160];    /* the first line of QEMU's stderr */
	int64_t t0, t_ring, t_end, t_exit; /* spawn, ring record, last byte, reaped */
};

/* A job: boots [first, first + n) of one section, on one QEMU in warm mode,
 * one QEMU each in cold mode; or one bulk boot. */
struct engine_job {
	int sidx;
	unsigned long first, n;
	struct engine_bulk *bulk;
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
/* Queue a bulk boot on an open engine; b->finished once it is over (a
 * boot the engine will no longer start, after a signal or an
 * infrastructure error, is finished at once).  0, or -EINVAL when the
 * engine is not open. */
int engine_bulk_start(struct engine *e, struct engine_bulk *b);
/* Stop a bulk boot now (the client no longer reads it): QEMU is killed,
 * end is ENGINE_BULK_CANCELLED unless something came first. */
void engine_bulk_cancel(struct engine *e, struct engine_bulk *b);
/* The order boots are started in: jobs (struct engine_job, g_new) appended
 * to q.  Also sets each section's queued count and e->total. */
void engine_plan(struct engine *e, GQueue *q);

#endif
