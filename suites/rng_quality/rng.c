/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot rng`: see rng.h.  One thread and one wait: the boot engine
 * (engine.c) runs each boot in bulk mode, moving the ring's bytes into a
 * non-blocking pipe whose other end is ours, and every wait here is an
 * engine_step() that also waits on that pipe's read end, dieharder's
 * stdin, stdout and stderr and a pidfd for dieharder's exit.  So the
 * engine's signalfd, deadlines and QEMU's pipes are watched in the same
 * ppoll() as dieharder: a guest, a dieharder or a Ctrl-C that stops
 * mid-way stops us at once, and no QEMU or dieharder outlives us (the
 * engine kills and reaps QEMU; both get PR_SET_PDEATHSIG for a runner
 * killed outright, which is sound because no thread but this one forks).
 *
 * Why a pipe between the engine and us, in one process: the engine's
 * output is an fd by design (a file, stdout, a pipe for `hardboot
 * stream`), and a pipe is a bounded buffer with flow control for free:
 * when our read-ahead is full we stop reading it, the engine finds it full
 * and waits for it to drain (ring_round()'s RING_WAIT_OUT) instead of
 * spinning, and the guest waits for ring space.  The bytes are copied
 * twice more than strictly needed; at the guest's ~10-25 MB/s that is
 * noise next to SHA-256 and dieharder.
 *
 * Why the host keeps a read-ahead buffer: the guest generates ChaCha20 at a
 * steady rate, but dieharder's appetite changes by 20x from test to test
 * (sts_serial reads ~3 MB/s, diehard_runs ~70 MB/s).  Without a buffer the
 * guest idles through the slow tests and dieharder waits for it in the
 * fast ones; with one, the slow tests bank stream for the fast ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chacha.h"
#include "dieharder.h"
#include "metric.h"
#include "results.h"
#include "rng.h"
#include "rngstat.h"
#include "run.h"
#include "stream.h"
#include "tap.h"

#define RNG_AHEAD (64u << 20)   /* read-ahead: the guest may run this far ahead */
#define RNG_SLACK (1u << 20)    /* per run: dieharder's pipe and stdio buffers */
#define RNG_RESERVE (48u << 20) /* first stream's tail for reruns: 5 x sts_serial */
#define RNG_PIPE (256u << 10)   /* pipe size towards dieharder */
#define RNG_NONE_BYTES (64ull << 20)
#define RNG_KAT_BYTES (4ull << 20)
#define RNG_MAX_LINES 32        /* result lines of one run (sts_serial: 30) */
#define RNG_HEAD 64             /* bytes that identify a stream */

/* ---- one boot, streamed by the engine into our pipe --------------------- */

struct rng_boot {
	struct engine_bulk bulk;  /* the engine's facts, final once finished */
	struct stream_result sr;  /* and their verdict, at rng_boot_join() */
	int rc;
	int started;            /* not joined yet */
	int queued;             /* on the engine: bulk is its */
	uint64_t bytes;         /* bulk= */
	int rfd, wfd;           /* pipe: the engine writes wfd */
	int eof;
	int main;               /* the battery's stream: hashed, counted */
	uint64_t got;           /* bytes read from the pipe */
	uint64_t skip;          /* first bytes to drop (a replaying image) */
	uint8_t head[RNG_HEAD];
	int replay;             /* starts like the first boot's stream */
	int aborted;            /* we closed rfd on purpose */
};

/* ---- dieharder, one process per run ------------------------------------- */

struct rng_dh {
	const struct dieharder_test *t;
	pid_t pid;
	int pidfd;
	int in_w, in_r;         /* its stdin; in_r kept to count what it left */
	int out_fd, err_fd;
	GString *out, *err;
	uint64_t written, consumed;
	uint64_t slice;         /* bytes of the stream that are this run's */
	int exited, wstatus;
	int64_t t0;
	double secs;
};

/* One line of the battery and what its reruns said. */
struct rng_line {
	struct dieharder_line first;
	double rerun_p[8];
	enum rngstat_grade rerun_grade[8];
	unsigned nreruns;
};

struct rng_test {
	const struct dieharder_test *t;
	struct rng_line line[RNG_MAX_LINES];
	unsigned nl;
	uint64_t consumed;
	double secs;
	unsigned reruns;        /* reruns done */
};

struct rng {
	const struct rng_args *a;
	const struct dieharder_battery *bat;
	const char *dh_prog, *ssl_prog;
	const char *key;        /* seed=KEY for every boot, or NULL */
	char dh_version[32];
	int signo;
	struct sigaction oldpipe;
	/* the one loop, and the section every boot runs (prepared at the first) */
	struct engine e;
	struct stream_args sa;
	struct stream_sec ss;
	struct stream_result ss_res; /* stream_prepare()'s, for every boot */
	int ss_state;           /* 0 not yet, 1 prepared, -1 failed */
	struct rng_boot *cur;   /* the boot the engine streams into our pipe */
	/* the read-ahead buffer: absolute byte counts, index = count % cap */
	uint8_t *fifo;
	uint64_t f_rd, f_wr;
	/* the first boot's stream */
	struct rngstat stat;
	EVP_MD_CTX *sha;       /* SHA-256 of the first stream: OpenSSL, ~3x GLib */
	char sha_hex[65];
	uint8_t head[RNG_HEAD];
	uint64_t main_bytes, streamed, tested;
	uint64_t fresh_from;    /* replaying image: stream offset not yet used */
	unsigned boots;
	char seed_src[16], accel[8];
	int64_t t0, t_end, t_main; /* t_main: the first boot is done */
	uint64_t tested_main;   /* bytes dieharder read from the first boot */
	double main_stream_s;
	struct rng_test *tests;
	size_t ntests;
	/* outcome */
	int status;             /* worst so far: HB_EXIT_* */
	char why[600];          /* first harness error or guest failure */
	char guest[600];        /* the first boot's own verdict, when not pass */
	struct tap t;           /* the report, TAP on stdout */
	json_t *recs;           /* the metric records, appended at the end */
	int kat_ok;
	char kat_msg[400];
};

__attribute__((format(printf, 3, 4)))
static void rng_set(struct rng *r, int status, const char *fmt, ...)
{
	va_list ap;

	/* interrupted > harness error > check failed: keep the worst, and
	 * the first reason of that kind. */
	if (status == HB_EXIT_CHECK && r->status && r->status != HB_EXIT_CHECK)
		return;
	if (status == HB_EXIT_INFRA && r->status == HB_EXIT_INTR)
		return;
	if (r->status == status && r->why[0])
		return;
	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

static int64_t rng_now(void)
{
	return g_get_monotonic_time(); /* us */
}

static double rng_secs(int64_t from, int64_t to)
{
	return (double)(to - from) / 1e6;
}

/* ---- boots -------------------------------------------------------------- */

/*
 * The section every boot runs, resolved at the first boot (after the TAP
 * header, as a boot's own failure): a missing image or QEMU, or a probe
 * cut by a signal, is then every boot's verdict.
 */
static int rng_prepare(struct rng *r)
{
	const struct rng_args *a = r->a;

	if (!r->ss_state) {
		r->sa = (struct stream_args){ .image = a->image,
					      .images_dir = a->images_dir,
					      .key = r->key, .accel = a->accel,
					      .timeout = a->timeout,
					      .append = a->append };
		snprintf(r->ss_res.image, sizeof(r->ss_res.image), "%s", a->image);
		r->ss_state = stream_prepare(&r->ss, &r->sa, &r->ss_res) ? -1 : 1;
	}
	return r->ss_state > 0 ? 0 : -EINVAL;
}

static int rng_boot_start(struct rng *r, struct rng_boot *b, uint64_t bytes,
			  int is_main)
{
	int p[2];

	memset(b, 0, sizeof(*b));
	b->rfd = b->wfd = -1;
	b->main = is_main;
	b->bytes = bytes;
	if (pipe2(p, O_CLOEXEC) < 0) {
		rng_set(r, HB_EXIT_INFRA, "pipe2: %s", strerror(errno));
		return -errno;
	}
	b->rfd = p[0];
	b->wfd = p[1];
	fcntl(b->rfd, F_SETFL, O_NONBLOCK);
	fcntl(b->wfd, F_SETFL, O_NONBLOCK);
	fcntl(b->wfd, F_SETPIPE_SZ, 1 << 20); /* fewer wakeups; best effort */
	b->started = 1;
	r->boots++;
	r->cur = b;
	b->rc = rng_prepare(r);
	b->sr = r->ss_res;
	snprintf(b->sr.out_name, sizeof(b->sr.out_name), "the rng pipe");
	if (!b->rc && stream_start(&r->ss, &r->e, &b->bulk, bytes, b->wfd)) {
		b->rc = -EIO;
		b->sr.status = HB_EXIT_INFRA;
		snprintf(b->sr.err, sizeof(b->sr.err), "the engine is not running");
	}
	b->queued = !b->rc;
	if (b->rc) {
		/* No boot: the reader sees EOF at once, the verdict is in. */
		b->bulk.finished = 1;
		close(b->wfd);
		b->wfd = -1;
	}
	return 0;
}

/* The engine saw SIGINT, SIGTERM or SIGHUP and killed QEMU: -EINTR. */
static int rng_signal(struct rng *r)
{
	r->signo = r->e.signo;
	rng_set(r, HB_EXIT_INTR, "interrupted by SIG%s", sigabbrev_np(r->signo));
	return -EINTR;
}

/*
 * One turn of the engine, waiting on pf (np of them) as well; then what it
 * did to our boot: once the boot is over, the write end is closed, so the
 * reader sees EOF only after every byte.  0, -EINTR (a signal: the engine
 * has killed QEMU), or -EIO (the engine's wait failed).
 */
static int rng_wait(struct rng *r, struct pollfd *pf, int np)
{
	int rc = engine_step(&r->e, pf, np);
	struct rng_boot *b = r->cur;

	if (b && b->bulk.finished && b->wfd >= 0) {
		close(b->wfd);
		b->wfd = -1;
	}
	if (rc < 0) {
		rng_set(r, HB_EXIT_INFRA, "%s", r->e.infra_err);
		return -EIO;
	}
	return r->e.interrupted ? rng_signal(r) : 0;
}

/* Stop reading: the engine kills the boot's QEMU at once. */
static void rng_boot_abort(struct rng *r, struct rng_boot *b)
{
	if (b->rfd >= 0) {
		close(b->rfd);
		b->rfd = -1;
		b->aborted = 1;
	}
	engine_bulk_cancel(&r->e, &b->bulk);
}

/* The boot is over (QEMU reaped), its verdict in b->rc and b->sr. */
static void rng_boot_join(struct rng *r, struct rng_boot *b)
{
	if (!b->started)
		return;
	rng_boot_abort(r, b); /* a no-op after EOF was read */
	while (!b->bulk.finished && engine_step(&r->e, NULL, 0) > 0)
		;
	if (!b->bulk.finished) {
		/* The loop itself failed: it goes, and the boot with it. */
		rng_set(r, HB_EXIT_INFRA, "%s", r->e.infra_err);
		engine_close(&r->e);
	}
	if (b->wfd >= 0)
		close(b->wfd);
	b->wfd = -1;
	if (b->queued)
		b->rc = stream_verdict(&r->ss, &b->bulk, &b->sr);
	b->started = 0;
	r->cur = NULL;
	r->streamed += b->got;
	if (b->main) {
		snprintf(r->seed_src, sizeof(r->seed_src), "%s",
			 b->sr.seed_src[0] ? b->sr.seed_src : "unreported");
		snprintf(r->accel, sizeof(r->accel), "%s", b->sr.accel);
		r->main_stream_s = b->sr.stream_s;
	}
}

/* Bytes for the main stream: hashed, counted, and its first 64 kept. */
static void rng_account(struct rng *r, struct rng_boot *b, const uint8_t *p,
			size_t n, uint64_t at)
{
	if (at < RNG_HEAD) {
		size_t k = n < RNG_HEAD - at ? n : (size_t)(RNG_HEAD - at);

		memcpy(b->head + at, p, k);
		if (b->main)
			memcpy(r->head + at, p, k);
	}
	if (!b->main)
		return;
	EVP_DigestUpdate(r->sha, p, n);
	rngstat_feed(&r->stat, p, n);
}

/*
 * Read what the stream thread has written, into the read-ahead buffer (or
 * into scratch and away while skipping).  Returns bytes read; sets b->eof.
 */
static ssize_t rng_boot_read(struct rng *r, struct rng_boot *b, int discard)
{
	static uint8_t scratch[1 << 16];
	ssize_t total = 0;

	while (b->rfd >= 0 && !b->eof) {
		uint64_t used = r->f_wr - r->f_rd;
		uint8_t *dst;
		size_t room;
		ssize_t n;

		if (discard || b->got < b->skip) {
			dst = scratch;
			room = sizeof(scratch);
			if (!discard && b->skip - b->got < room)
				room = (size_t)(b->skip - b->got);
		} else {
			size_t wi = (size_t)(r->f_wr % RNG_AHEAD);

			if (used == RNG_AHEAD)
				break;
			dst = r->fifo + wi;
			room = RNG_AHEAD - wi;
			if (room > RNG_AHEAD - used)
				room = (size_t)(RNG_AHEAD - used);
		}
		n = read(b->rfd, dst, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			b->eof = 1;
			break;
		}
		rng_account(r, b, dst, (size_t)n, b->got);
		if (!b->main && !b->replay && b->got < RNG_HEAD &&
		    b->got + (uint64_t)n >= RNG_HEAD && b->skip == 0 &&
		    !memcmp(b->head, r->head, RNG_HEAD))
			b->replay = 1;
		b->got += (uint64_t)n;
		if (dst != scratch)
			r->f_wr += (uint64_t)n;
		total += n;
	}
	return total;
}

/* ---- dieharder processes ------------------------------------------------ */

/*
 * In the child after fork(): parent is the runner's pid, taken before it.
 * The death signal covers a runner killed outright (SIGKILL, the OOM
 * killer), which kills no process group; it fires when the forking thread
 * exits, and the runner has no other.  If the runner is already gone, the
 * child has been re-parented: it goes at once.
 */
static void rng_child_exec(char **argv, int in, int out, int err, pid_t parent)
{
	sigset_t none;

	setpgid(0, 0); /* Ctrl-C reaches us; we decide what dieharder gets */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (in >= 0)
		dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	/* Only stdin, stdout and stderr: ours are close-on-exec, a library's
	 * may not be, and a pipe end held by the child stays open as long as
	 * it runs. */
	closefrom(3);
	execvp(argv[0], argv);
	_exit(127);
}

static int rng_dh_spawn(struct rng *r, struct rng_dh *dh, const struct dieharder_test *t)
{
	char **argv = dieharder_argv(r->dh_prog, t);
	int in[2], out[2], err[2];
	pid_t parent = getpid();

	memset(dh, 0, sizeof(*dh));
	dh->t = t;
	dh->slice = t->bytes + RNG_SLACK;
	dh->in_w = dh->in_r = dh->out_fd = dh->err_fd = dh->pidfd = -1;
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		g_strfreev(argv);
		rng_set(r, HB_EXIT_INFRA, "pipe2: %s", strerror(errno));
		return -EIO;
	}
	fcntl(in[1], F_SETPIPE_SZ, RNG_PIPE);
	dh->t0 = rng_now();
	dh->pid = fork();
	if (dh->pid == 0)
		rng_child_exec(argv, in[0], out[1], err[1], parent);
	g_strfreev(argv);
	close(out[1]);
	close(err[1]);
	if (dh->pid < 0) {
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		rng_set(r, HB_EXIT_INFRA, "fork: %s", strerror(errno));
		return -EAGAIN;
	}
	setpgid(dh->pid, dh->pid);
	dh->in_r = in[0];
	dh->in_w = in[1];
	dh->out_fd = out[0];
	dh->err_fd = err[0];
	fcntl(dh->in_w, F_SETFL, O_NONBLOCK);
	fcntl(dh->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(dh->err_fd, F_SETFL, O_NONBLOCK);
	dh->pidfd = (int)syscall(SYS_pidfd_open, dh->pid, 0);
	dh->out = g_string_new(NULL);
	dh->err = g_string_new(NULL);
	return 0;
}

static void rng_dh_reap(struct rng_dh *dh, int flags)
{
	int st;
	pid_t p;

	if (dh->exited || dh->pid <= 0)
		return;
	do
		p = waitpid(dh->pid, &st, flags);
	while (p < 0 && errno == EINTR);
	if (p != dh->pid)
		return;
	dh->exited = 1;
	dh->wstatus = st;
	dh->secs = rng_secs(dh->t0, rng_now());
	/* What it never read is still in the pipe: dropped, never reused. */
	if (dh->in_r >= 0) {
		int left = 0;

		if (ioctl(dh->in_r, FIONREAD, &left) < 0)
			left = 0;
		dh->consumed = dh->written - (uint64_t)left;
	}
	if (dh->in_w >= 0) {
		close(dh->in_w);
		dh->in_w = -1;
	}
}

static void rng_dh_slurp(int *fd, GString *s)
{
	for (;;) {
		char buf[4096];
		ssize_t n = read(*fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(*fd);
			*fd = -1;
			return;
		}
		if (s->len < (1u << 20))
			g_string_append_len(s, buf, n);
	}
}

static void rng_dh_kill(struct rng_dh *dh)
{
	if (dh->pid > 0 && !dh->exited) {
		kill(-dh->pid, SIGKILL);
		rng_dh_reap(dh, 0);
	}
}

static void rng_dh_free(struct rng_dh *dh)
{
	int *fds[] = { &dh->in_w, &dh->in_r, &dh->out_fd, &dh->err_fd, &dh->pidfd };

	rng_dh_kill(dh);
	for (size_t i = 0; i < G_N_ELEMENTS(fds); i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
	if (dh->out)
		g_string_free(dh->out, TRUE);
	if (dh->err)
		g_string_free(dh->err, TRUE);
	dh->out = dh->err = NULL;
}

/* Write from the read-ahead buffer into dieharder's stdin. */
static void rng_dh_feed(struct rng *r, struct rng_dh *dh)
{
	while (dh->in_w >= 0 && r->f_wr > r->f_rd) {
		size_t ri = (size_t)(r->f_rd % RNG_AHEAD);
		size_t n = RNG_AHEAD - ri;
		ssize_t w;

		if (n > r->f_wr - r->f_rd)
			n = (size_t)(r->f_wr - r->f_rd);
		if (n > dh->slice - dh->written)
			n = (size_t)(dh->slice - dh->written);
		w = write(dh->in_w, r->fifo + ri, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* full (EAGAIN), or it is gone: its pidfd says so */
		r->f_rd += (uint64_t)w;
		dh->written += (uint64_t)w;
		if (dh->written == dh->slice) {
			/* Its whole slice is in: more would be EOF, and a
			 * harness error, which is what the table promises. */
			close(dh->in_w);
			dh->in_w = -1;
		}
	}
}

/*
 * Move stream from boot b (NULL: none) through the buffer into dieharder
 * dh (NULL: just drain b, discarding) until dh has exited and said all it
 * had to say, or b is at EOF when draining.  0, or -EINTR.  When b is a
 * rerun boot whose stream turns out to repeat the first one, returns
 * -EAGAIN at once.
 */
static int rng_pump(struct rng *r, struct rng_boot *b, struct rng_dh *dh)
{
	for (;;) {
		struct pollfd pf[5];
		int np = 0, ib = -1, iw = -1, io = -1, ie = -1, ip = -1, rc;

		if (dh && dh->exited && dh->out_fd < 0 && dh->err_fd < 0)
			return 0;
		if (!dh && (!b || b->eof || b->rfd < 0))
			return 0;
		if (b && b->rfd >= 0 && !b->eof &&
		    (!dh || r->f_wr - r->f_rd < RNG_AHEAD || b->got < b->skip)) {
			ib = np;
			pf[np++] = (struct pollfd){ .fd = b->rfd, .events = POLLIN };
		}
		if (dh && dh->in_w >= 0 && r->f_wr > r->f_rd) {
			iw = np;
			pf[np++] = (struct pollfd){ .fd = dh->in_w, .events = POLLOUT };
		}
		if (dh && dh->out_fd >= 0) {
			io = np;
			pf[np++] = (struct pollfd){ .fd = dh->out_fd, .events = POLLIN };
		}
		if (dh && dh->err_fd >= 0) {
			ie = np;
			pf[np++] = (struct pollfd){ .fd = dh->err_fd, .events = POLLIN };
		}
		/* No pidfd (an old kernel): its SIGCHLD wakes the engine's wait,
		 * and waitpid() looks after every turn. */
		if (dh && !dh->exited && dh->pidfd >= 0) {
			ip = np;
			pf[np++] = (struct pollfd){ .fd = dh->pidfd, .events = POLLIN };
		}
		if (!np) { /* a dieharder that closed its pipes, no pidfd */
			rng_dh_reap(dh, 0);
			continue;
		}
		rc = rng_wait(r, pf, np);
		if (rc)
			return rc;
		if (ib >= 0 && pf[ib].revents) {
			rng_boot_read(r, b, !dh);
			if (b->replay)
				return -EAGAIN;
		}
		if (iw >= 0 && pf[iw].revents)
			rng_dh_feed(r, dh);
		if (io >= 0 && pf[io].revents)
			rng_dh_slurp(&dh->out_fd, dh->out);
		if (ie >= 0 && pf[ie].revents)
			rng_dh_slurp(&dh->err_fd, dh->err);
		if (dh && !dh->exited && (ip < 0 || pf[ip].revents))
			rng_dh_reap(dh, WNOHANG);
		/* The stream ran dry under a running test: let it see EOF and
		 * say so; the missing lines make it a harness error. */
		if (dh && !dh->exited && dh->in_w >= 0 && r->f_wr == r->f_rd &&
		    (!b || b->eof || b->rfd < 0)) {
			close(dh->in_w);
			dh->in_w = -1;
		}
	}
}

/* ---- the battery -------------------------------------------------------- */

/*
 * Drop the rest of a finished run's slice, so that run i always starts at
 * stream offset sum_j<i (bytes_j + RNG_SLACK): with a fixed seed the whole
 * battery is reproducible, whatever the timing of the pipes.
 */
static int rng_discard(struct rng *r, struct rng_boot *b, uint64_t n)
{
	while (n) {
		uint64_t have = r->f_wr - r->f_rd;
		struct pollfd pf = { .fd = b ? b->rfd : -1, .events = POLLIN };
		int rc;

		if (have) {
			uint64_t k = have < n ? have : n;

			r->f_rd += k;
			n -= k;
			continue;
		}
		if (!b || b->eof || b->rfd < 0)
			return 0; /* the stream ended inside the slack: fine */
		rc = rng_wait(r, &pf, 1);
		if (rc)
			return rc;
		if (pf.revents)
			rng_boot_read(r, b, 0);
	}
	return 0;
}

/* One run of test t on boot b; its lines into l[]. 0, or -EPROTO/-EINTR. */
static int rng_run_test(struct rng *r, struct rng_boot *b, const struct dieharder_test *t,
			struct dieharder_line *l, unsigned *nl, uint64_t *consumed,
			double *secs)
{
	struct rng_dh dh;
	char why[400];
	int rc = rng_dh_spawn(r, &dh, t);

	*nl = 0;
	if (rc)
		return rc;
	rc = rng_pump(r, b, &dh);
	if (rc) {
		rng_dh_free(&dh);
		return rc;
	}
	r->tested += dh.consumed;
	*consumed = dh.consumed;
	*secs = dh.secs;
	rc = dieharder_check_run(t, dh.out->str, dh.err->str, dh.wstatus, l,
				 RNG_MAX_LINES, nl, why, sizeof(why));
	if (rc) {
		/* Say whose stream ran out, and why, next to dieharder's words. */
		if (dh.written == dh.slice)
			rng_set(r, HB_EXIT_INFRA, "harness error: %s; it had its whole "
				"slice of %llu bytes (the table says it reads %llu: "
				"another dieharder version?)", why,
				(unsigned long long)dh.slice,
				(unsigned long long)t->bytes);
		else if (b && b->eof && r->f_wr == r->f_rd)
			rng_set(r, HB_EXIT_INFRA, "harness error: %s; the stream "
				"ran out after %llu bytes%s", why,
				(unsigned long long)b->got,
				b->main ? " (--bytes too small for this battery?)" : "");
		else
			rng_set(r, HB_EXIT_INFRA, "harness error: %s", why);
	}
	if (!rc)
		rc = rng_discard(r, b, dh.slice - dh.written);
	rng_dh_free(&dh);
	return rc;
}

/* After a boot's reader is done: the rest of its stream, then its verdict. */
static void rng_boot_finish(struct rng *r, struct rng_boot *b)
{
	r->f_rd = r->f_wr = 0;
	if (b->rfd >= 0 && !b->aborted)
		rng_pump(r, b, NULL);
	r->f_rd = r->f_wr = 0;
	rng_boot_join(r, b);
}

/* The first boot's verdict: a guest that failed (done st=fail, crash) is a
 * check failure; a stream we cut or could not write is ours. */
static void rng_main_verdict(struct rng *r, struct rng_boot *b)
{
	if (!b->rc || r->signo)
		return;
	if (b->sr.status == HB_EXIT_INTR)
		rng_set(r, HB_EXIT_INTR, "%s", b->sr.err);
	snprintf(r->guest, sizeof(r->guest), "%s", b->sr.err);
	if (b->sr.status == HB_EXIT_CHECK && b->got == b->bytes)
		rng_set(r, HB_EXIT_CHECK, "boot: %s", b->sr.err);
	else
		rng_set(r, b->sr.status == HB_EXIT_USAGE ? HB_EXIT_USAGE :
			HB_EXIT_INFRA, "stream: %s", b->sr.err);
}

/* Lines that get reruns: WEAK, or FAILED in a test with loose tails. */
static int rng_line_rerunnable(const struct rng_test *rt, const struct rng_line *ln)
{
	return ln->first.grade == RNGSTAT_WEAK ||
	       (ln->first.grade == RNGSTAT_FAILED && rt->t->loose);
}

/* PASSED at once, or PASSED in its last rerun. */
static int rng_line_passed(const struct rng_test *rt, const struct rng_line *ln)
{
	if (ln->first.grade == RNGSTAT_PASSED)
		return 1;
	return rng_line_rerunnable(rt, ln) && ln->nreruns &&
	       ln->rerun_grade[ln->nreruns - 1] == RNGSTAT_PASSED;
}

/* A rerun's lines, against the lines that are still WEAK. */
static void rng_record(struct rng_test *rt, const struct dieharder_line *l, unsigned nl,
		       uint64_t consumed, double secs)
{
	rt->reruns++;
	rt->consumed += consumed;
	rt->secs += secs;
	for (unsigned i = 0; i < rt->nl && i < nl; i++) {
		struct rng_line *ln = &rt->line[i];

		if (!rng_line_rerunnable(rt, ln) || rng_line_passed(rt, ln))
			continue;
		if (ln->nreruns < G_N_ELEMENTS(ln->rerun_p)) {
			ln->rerun_p[ln->nreruns] = l[i].p;
			ln->rerun_grade[ln->nreruns] = l[i].grade;
			ln->nreruns++;
		}
	}
}

/*
 * Rerun test index ti on a fresh stream: a new boot.  If that boot's
 * stream starts as the first one did, the image uses one key on every
 * boot: the bytes the first boot gave are not fresh, so boot once more and
 * skip everything used so far.
 */
static int rng_rerun(struct rng *r, struct rng_test *rt)
{
	const struct dieharder_test *t = rt->t;
	struct dieharder_line l[RNG_MAX_LINES];
	struct rng_boot b;
	uint64_t consumed = 0;
	double secs = 0;
	unsigned nl = 0;
	int rc;

	for (int attempt = 0; attempt < 2; attempt++) {
		uint64_t skip = attempt ? r->fresh_from : 0;

		rc = rng_boot_start(r, &b, skip + t->bytes + RNG_SLACK, 0);
		if (rc)
			return rc;
		b.skip = skip;
		r->f_rd = r->f_wr = 0;
		rc = rng_run_test(r, &b, t, l, &nl, &consumed, &secs);
		if (rc == -EAGAIN) {
			/* Replaying image: drop this boot, skip what was used. */
			rng_boot_abort(r, &b);
			rng_boot_join(r, &b);
			if (!r->fresh_from)
				r->fresh_from = r->main_bytes;
			tap_diag(&r->t, "%s: rerun boot %u streamed the same first %d bytes as "
				 "boot 1 (one key on every boot): skipping the %llu bytes "
				 "already used", t->name, r->boots, RNG_HEAD,
				 (unsigned long long)r->fresh_from);
			continue;
		}
		if (attempt)
			r->fresh_from += t->bytes + RNG_SLACK;
		break;
	}
	if (rc)
		rng_boot_abort(r, &b);
	rng_boot_finish(r, &b);
	if (rc)
		return rc;
	if (b.rc && b.sr.status != HB_EXIT_CHECK)
		rng_set(r, HB_EXIT_INFRA, "rerun of %s: %s", t->name, b.sr.err);
	rng_record(rt, l, nl, consumed, secs);
	tap_diag(&r->t, "%s: rerun %u on a fresh boot (boot %u)", t->name, rt->reruns,
		 r->boots);
	return 0;
}

/* A comment per finished run, so a long battery shows where it is. */
static void rng_progress(struct rng *r, const struct rng_test *rt,
			 const struct dieharder_line *l)
{
	unsigned weak = 0, failed = 0;
	char nt[16] = "";

	if (rt->t->n >= 0)
		snprintf(nt, sizeof(nt), " -n %d", rt->t->n);
	for (unsigned k = 0; k < rt->nl; k++) {
		weak += l[k].grade == RNGSTAT_WEAK;
		failed += l[k].grade == RNGSTAT_FAILED;
	}
	tap_diag(&r->t, "%s%s: %u line%s in %.1f s, %.1f MB read (%.1f MB/s): %u FAILED, "
		 "%u WEAK", rt->t->name, nt,
		 rt->nl, rt->nl == 1 ? "" : "s", rt->secs, (double)rt->consumed / 1e6,
		 rt->secs > 0 ? (double)rt->consumed / rt->secs / 1e6 : 0.0, failed, weak);
}

/* Lines still waiting for a verdict: not PASSED in any run so far. */
static int rng_test_open(const struct rng_test *rt)
{
	for (unsigned i = 0; i < rt->nl; i++) {
		const struct rng_line *ln = &rt->line[i];

		if (rng_line_rerunnable(rt, ln) && !rng_line_passed(rt, ln))
			return 1;
	}
	return 0;
}

static int rng_battery(struct rng *r)
{
	struct rng_boot b;
	int rc;

	r->ntests = r->bat ? r->bat->ntests : 0;
	r->tests = g_new0(struct rng_test, r->ntests ? r->ntests : 1);
	rc = rng_boot_start(r, &b, r->main_bytes, 1);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->ntests && !rc; i++) {
		struct rng_test *rt = &r->tests[i];
		struct dieharder_line l[RNG_MAX_LINES];

		rt->t = &r->bat->tests[i];
		rc = rng_run_test(r, &b, rt->t, l, &rt->nl, &rt->consumed, &rt->secs);
		for (unsigned k = 0; k < rt->nl; k++)
			rt->line[k].first = l[k];
		if (!rc)
			rng_progress(r, rt, l);
	}
	/*
	 * WEAK lines first rerun on what is left of this boot's stream: bytes
	 * nobody has read, so fresh, and no second boot to pay for.  The
	 * stream carries RNG_RESERVE for this; what does not fit in it takes
	 * fresh boots below.
	 */
	for (size_t i = 0; i < r->ntests && !rc; i++) {
		struct rng_test *rt = &r->tests[i];

		while (!rc && rng_test_open(rt) && rt->reruns < r->a->reruns) {
			uint64_t left = b.bytes - b.got + (r->f_wr - r->f_rd);
			struct dieharder_line l[RNG_MAX_LINES];
			uint64_t consumed = 0;
			unsigned nl = 0;
			double secs = 0;

			if (b.rfd < 0 || left < rt->t->bytes + RNG_SLACK)
				break;
			rc = rng_run_test(r, &b, rt->t, l, &nl, &consumed, &secs);
			if (rc)
				break;
			rng_record(rt, l, nl, consumed, secs);
			tap_diag(&r->t, "%s: rerun %u on the first boot's unread stream",
				 rt->t->name, rt->reruns);
		}
	}
	if (rc)
		rng_boot_abort(r, &b); /* no point draining a stream nobody reads */
	rng_boot_finish(r, &b);
	r->t_main = rng_now();
	r->tested_main = r->tested;
	rng_main_verdict(r, &b);
	if (rc || r->signo)
		return rc ? rc : -EINTR;
	/* WEAK lines: rerun their test on fresh stream, up to --reruns times. */
	for (size_t i = 0; i < r->ntests && !rc; i++) {
		struct rng_test *rt = &r->tests[i];

		while (!rc && rng_test_open(rt) && rt->reruns < r->a->reruns)
			rc = rng_rerun(r, rt);
	}
	return rc;
}

static int rng_drain_only(struct rng *r)
{
	struct rng_boot b;
	int rc = rng_boot_start(r, &b, r->main_bytes, 1);

	if (rc)
		return rc;
	rc = rng_pump(r, &b, NULL);
	rng_boot_finish(r, &b);
	/* short with no reason yet: ours.  A guest failure (check) or a bad
	 * image or option (usage) already said why. */
	rng_main_verdict(r, &b);
	if (!rc && b.got != r->main_bytes && !r->status)
		rng_set(r, HB_EXIT_INFRA, "harness error: %llu of %llu bytes arrived",
			(unsigned long long)b.got, (unsigned long long)r->main_bytes);
	return rc;
}

/* ---- known answers ------------------------------------------------------ */

struct rng_cmp {
	const char *name;
	uint64_t first_diff;    /* UINT64_MAX: none */
	uint64_t compared;
};

static void rng_cmp_chunk(struct rng_cmp *c, const uint8_t *x, const uint8_t *y,
			  size_t n, uint64_t at)
{
	if (c->first_diff == UINT64_MAX && memcmp(x, y, n))
		for (size_t i = 0; i < n; i++)
			if (x[i] != y[i]) {
				c->first_diff = at + i;
				break;
			}
	c->compared += n;
}

static int rng_read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, p + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got == n ? 0 : -EIO;
}

static int rng_kat(struct rng *r)
{
	static const char iv[] = "00000000000000000000000000000000";
	const char *keyhex = r->key;
	char *low = g_ascii_strdown(keyhex, -1);
	char *argv[] = { (char *)r->ssl_prog, "enc", "-chacha20", "-K", low,
			 "-iv", (char *)iv, "-in", "/dev/zero", NULL };
	struct rng_cmp host = { "RFC 8439 ChaCha20 (hardboot chacha)", UINT64_MAX, 0 };
	struct rng_cmp ssl = { "openssl enc -chacha20", UINT64_MAX, 0 };
	struct rng_cmp refs = { "the two references", UINT64_MAX, 0 };
	static uint8_t g[1 << 16], h[1 << 16], o[1 << 16];
	struct chacha_stream cs;
	uint8_t key[CHACHA_KEY];
	struct rng_boot b;
	int sp[2], rc = 0, st;
	pid_t pid, parent = getpid();

	chacha_parse_key(keyhex, key);
	chacha_stream_init(&cs, key, 0);
	if (pipe2(sp, O_CLOEXEC) < 0) {
		g_free(low);
		rng_set(r, HB_EXIT_INFRA, "pipe2: %s", strerror(errno));
		return -EIO;
	}
	pid = fork();
	if (pid == 0)
		rng_child_exec(argv, -1, sp[1], open("/dev/null", O_WRONLY), parent);
	close(sp[1]);
	g_free(low);
	if (pid < 0) {
		close(sp[0]);
		rng_set(r, HB_EXIT_INFRA, "fork: %s", strerror(errno));
		return -EAGAIN;
	}
	rc = rng_boot_start(r, &b, r->main_bytes, 1);
	while (!rc && !b.eof) {
		struct pollfd pf = { .fd = b.rfd, .events = POLLIN };
		ssize_t n;

		rc = rng_wait(r, &pf, 1);
		if (rc || !pf.revents)
			continue;
		n = read(b.rfd, g, sizeof(g));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0) {
			b.eof = 1;
			break;
		}
		rng_account(r, &b, g, (size_t)n, b.got);
		chacha_stream_read(&cs, h, (size_t)n);
		if (rng_read_full(sp[0], o, (size_t)n)) {
			rng_set(r, HB_EXIT_INFRA, "harness error: '%s enc -chacha20' "
				"gave fewer than %llu bytes (no ChaCha20 in this "
				"OpenSSL?)", r->ssl_prog,
				(unsigned long long)(b.got + (uint64_t)n));
			rc = -EIO;
			rng_boot_abort(r, &b);
			break;
		}
		rng_cmp_chunk(&host, g, h, (size_t)n, b.got);
		rng_cmp_chunk(&ssl, g, o, (size_t)n, b.got);
		rng_cmp_chunk(&refs, h, o, (size_t)n, b.got);
		b.got += (uint64_t)n;
	}
	kill(pid, SIGKILL);
	close(sp[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	rng_boot_finish(r, &b);
	if (rc)
		return rc;
	if (refs.first_diff != UINT64_MAX) {
		rng_set(r, HB_EXIT_INFRA, "harness error: the host's ChaCha20 and "
			"openssl disagree at byte %llu: no reference to judge by",
			(unsigned long long)refs.first_diff);
		return -EPROTO;
	}
	r->kat_ok = b.got == r->main_bytes && host.first_diff == UINT64_MAX &&
		    ssl.first_diff == UINT64_MAX;
	if (b.got < r->main_bytes)
		snprintf(r->kat_msg, sizeof(r->kat_msg), "only %llu of %llu bytes "
			 "arrived to compare", (unsigned long long)b.got,
			 (unsigned long long)r->main_bytes);
	else if (!r->kat_ok)
		snprintf(r->kat_msg, sizeof(r->kat_msg), "differs from %s at byte "
			 "%llu and from %s at byte %llu", host.name,
			 (unsigned long long)host.first_diff, ssl.name,
			 (unsigned long long)ssl.first_diff);
	else
		snprintf(r->kat_msg, sizeof(r->kat_msg), "equals %s and %s, all %llu "
			 "bytes", host.name, ssl.name, (unsigned long long)b.got);
	if (!r->kat_ok)
		rng_set(r, HB_EXIT_CHECK, "known answer: the stream for key %s %s",
			keyhex, r->kat_msg);
	rng_main_verdict(r, &b);
	return 0;
}

/* ---- report and metric records ------------------------------------------ */

static void rng_ctx(const struct rng *r, json_t *m)
{
	json_object_set_new(m, "image", json_string(r->a->image));
	json_object_set_new(m, "accel", json_string(r->accel));
	json_object_set_new(m, "seed_src", json_string(r->seed_src));
	json_object_set_new(m, "battery", json_string(r->a->kat ? "kat" :
			    r->bat ? r->bat->name : "none"));
	if (r->dh_version[0])
		json_object_set_new(m, "dieharder", json_string(r->dh_version));
	json_object_set_new(m, "stream_sha256", json_string(r->sha_hex));
}

/* A metric record with the run's context, kept for results_append_records() */
static void rng_emit(struct rng *r, json_t *m)
{
	rng_ctx(r, m);
	json_array_append_new(r->recs, m);
}

static void rng_line_report(struct rng *r, const struct rng_test *rt,
			    const struct rng_line *ln)
{
	const struct dieharder_line *l = &ln->first;
	GString *s = g_string_new(NULL);
	int ok = l->grade == RNGSTAT_PASSED;
	json_t *m;

	g_string_printf(s, "%s ntuple %d: p = %.8f %s", l->name, l->ntuple, l->p,
			rngstat_grade_name(l->grade));
	if (strcmp(l->assessment, rngstat_grade_name(l->grade)))
		g_string_append_printf(s, " (dieharder said %s)", l->assessment);
	for (unsigned k = 0; k < ln->nreruns; k++)
		g_string_append_printf(s, "; rerun %u on a fresh stream: p = %.8f %s",
				       k + 1, ln->rerun_p[k],
				       rngstat_grade_name(ln->rerun_grade[k]));
	ok = rng_line_passed(rt, ln);
	if (!ok && rng_line_rerunnable(rt, ln))
		g_string_append_printf(s, ": not PASSED in any of %u runs", ln->nreruns + 1);
	if (l->grade == RNGSTAT_FAILED && rt->t->loose)
		g_string_append_printf(s, " (%s has loose tails: a FAILED line is rerun "
				       "like a WEAK one)", rt->t->name);
	if (!ok)
		rng_set(r, HB_EXIT_CHECK, "dieharder: %s", s->str);
	tap_point(&r->t, ok, NULL, "%s", s->str);
	m = metric_new("dieharder_pvalue", r->a->image, l->p, "p", "none",
		       l->psamples);
	json_object_set_new(m, "subject", json_sprintf("%s/%s/%d", r->a->image,
						       l->name, l->ntuple));
	json_object_set_new(m, "test", json_sprintf("dieharder -d %d (KS over "
						    "%lu p-values)", rt->t->d,
						    l->psamples));
	json_object_set_new(m, "assessment", json_string(ok ?
			    (l->grade == RNGSTAT_WEAK ? "WEAK, rerun passed" :
			     l->grade == RNGSTAT_FAILED ? "FAILED, rerun passed (loose tails)" :
			     "PASSED") :
			    (l->grade == RNGSTAT_FAILED ? "FAILED" : "WEAK, repeated")));
	metric_compare(m, METRIC_ASSESSMENT);
	rng_emit(r, m);
	g_string_free(s, TRUE);
}

static void rng_report(struct rng *r)
{
	struct rngstat_result q[RNGSTAT_NTESTS];
	unsigned lines = 0, weak = 0, failed = 0, repeated = 0, reruns = 0;
	double wall = rng_secs(r->t0, r->t_end);
	double main_s = r->t_main ? rng_secs(r->t0, r->t_main) : wall;
	json_t *m;

	for (size_t i = 0; i < r->ntests; i++) {
		reruns += r->tests[i].reruns;
		for (unsigned k = 0; k < r->tests[i].nl; k++) {
			const struct rng_line *ln = &r->tests[i].line[k];

			lines++;
			weak += ln->first.grade == RNGSTAT_WEAK;
			failed += ln->first.grade == RNGSTAT_FAILED;
			repeated += !rng_line_passed(&r->tests[i], ln);
			rng_line_report(r, &r->tests[i], ln);
		}
	}
	rngstat_results(&r->stat, q);
	for (int i = 0; i < RNGSTAT_NTESTS; i++) {
		int ok = q[i].grade != RNGSTAT_FAILED;

		tap_point(&r->t, ok, NULL, "quick %s of all %llu streamed bytes: %.6g, p = %.6g "
			  "%s%s%s", q[i].name, (unsigned long long)r->stat.n, q[i].stat, q[i].p,
			  rngstat_grade_name(q[i].grade), q[i].note[0] ? ": " : "", q[i].note);
		if (!ok)
			rng_set(r, HB_EXIT_CHECK, "quick statistics: %s p = %.3g %s",
				q[i].name, q[i].p, q[i].note);
		m = metric_new("rng_quick_pvalue", r->a->image, isnan(q[i].p) ? 0 : q[i].p,
			       "p", "none", r->stat.n);
		json_object_set_new(m, "subject", json_sprintf("%s/%s", r->a->image,
							       q[i].name));
		json_object_set_new(m, "statistic", json_real(isfinite(q[i].stat) ?
							      q[i].stat : 0));
		json_object_set_new(m, "test", json_string(
			i == RNGSTAT_CHI2 ? "Pearson chi-square, 256 byte values, df 255" :
			i == RNGSTAT_MONOBIT ? "NIST SP 800-22 2.1 frequency (monobit)" :
			"Knuth 3.3.2 K circular serial correlation, normal approximation"));
		json_object_set_new(m, "assessment", json_string(rngstat_grade_name(q[i].grade)));
		metric_compare(m, METRIC_ASSESSMENT);
		rng_emit(r, m);
	}
	if (r->a->kat) {
		tap_point(&r->t, r->kat_ok, NULL, "known answer, key %s: the guest's stream %s",
			  r->a->key ? r->a->key : RNG_KAT_KEY, r->kat_msg);
		m = metric_new("rng_kat_match", r->a->image, r->kat_ok, "bool", "higher",
			       r->stat.n);
		json_object_set_new(m, "test", json_string(
			"stream == RFC 8439 ChaCha20 (host) == openssl enc -chacha20"));
		metric_compare(m, METRIC_FACT);
		rng_emit(r, m);
	}
	tap_point(&r->t, !r->guest[0], NULL, "boot: %s", r->guest[0] ? r->guest :
		  "every boot ended done st=pass with the manifest's exit status");
	tap_diag(&r->t, "stream: %llu bytes from %s (seed src=%s, %s), %u boot%s, "
		 "first boot's %llu bytes sha256 %s",
		 (unsigned long long)r->streamed, r->a->image, r->seed_src, r->accel,
		 r->boots, r->boots == 1 ? "" : "s", (unsigned long long)r->main_bytes,
		 r->sha_hex);
	if (r->bat) {
		tap_diag(&r->t, "dieharder %s: %llu bytes tested in %.1f s = %.1f MB/s end to "
			 "end; %u lines: %u FAILED, %u WEAK (%.2f expected by chance), "
			 "%u rerun%s, %u line%s failed in the end", r->dh_version,
			 (unsigned long long)r->tested, wall,
			 wall > 0 ? (double)r->tested / wall / 1e6 : 0.0, lines, failed,
			 weak, lines * 2 * DIEHARDER_P_WEAK, reruns, reruns == 1 ? "" : "s",
			 repeated, repeated == 1 ? "" : "s");
		tap_diag(&r->t, "first boot: %llu bytes tested in %.1f s = %.1f MB/s from spawn "
			 "to its last byte (the channel's end-to-end rate)",
			 (unsigned long long)r->tested_main, main_s,
			 main_s > 0 ? (double)r->tested_main / main_s / 1e6 : 0.0);
		m = metric_new("rng_bytes_tested", r->a->image, (double)r->tested,
			       "bytes", "none", lines);
		json_object_set_new(m, "test", json_string("bytes dieharder read"));
		metric_compare(m, METRIC_INFO);
		rng_emit(r, m);
		m = metric_new("rng_end_to_end_rate", r->a->image,
			       main_s > 0 ? (double)r->tested_main / main_s : 0,
			       "bytes/s", "higher", 1);
		json_object_set_new(m, "test", json_string(
			"bytes dieharder read from the first boot / its spawn to "
			"its last byte (reruns on fresh boots excluded)"));
		metric_compare(m, METRIC_TREND);
		rng_emit(r, m);
		m = metric_new("rng_battery_seconds", r->a->image, wall, "s", "lower", 1);
		json_object_set_new(m, "test", json_string("wall time, reruns included"));
		metric_compare(m, METRIC_TREND);
		rng_emit(r, m);
		m = metric_new("dieharder_weak_lines", r->a->image, weak, "count",
			       "lower", lines);
		json_object_set_new(m, "expected", json_real(lines * 2 * DIEHARDER_P_WEAK));
		/* WEAK lines come by chance (each is rerun): what the suite
		 * judges is the failed lines and each line's assessment */
		metric_compare(m, METRIC_VIEW);
		rng_emit(r, m);
		m = metric_new("dieharder_failed_lines", r->a->image, failed + repeated,
			       "count", "lower", lines);
		json_object_set_new(m, "false_failure_bound",
				    json_real(dieharder_false_failure(r->bat, r->a->reruns)));
		metric_rate(m, failed + repeated);
		rng_emit(r, m);
	}
	m = metric_new("rng_bytes_streamed", r->a->image, (double)r->streamed,
		       "bytes", "none", r->boots);
	metric_compare(m, METRIC_INFO);
	rng_emit(r, m);
	if (r->main_stream_s > 0) {
		m = metric_new("rng_stream_rate", r->a->image,
			       (double)r->main_bytes / r->main_stream_s, "bytes/s",
			       "higher", 1);
		json_object_set_new(m, "test", json_string(
			"first boot: ring record to last byte, paced by its reader"));
		metric_compare(m, METRIC_TREND);
		rng_emit(r, m);
	}
}

/* ---- setting up --------------------------------------------------------- */

static void rng_sha_hex(struct rng *r)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;

	EVP_DigestFinal_ex(r->sha, md, &len);
	for (unsigned i = 0; i < len && 2 * i + 2 < sizeof(r->sha_hex); i++)
		snprintf(r->sha_hex + 2 * i, 3, "%02x", md[i]);
}

static int rng_dh_version(struct rng *r)
{
	char *argv[] = { (char *)r->dh_prog, "-l", NULL };
	char *out = NULL;
	GError *ge = NULL;
	int st = 0, rc = 0;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
			  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &st, &ge)) {
		rng_set(r, HB_EXIT_INFRA, "harness error: cannot run '%s': %s "
			"(apt-get install dieharder)", r->dh_prog, ge->message);
		g_error_free(ge);
		return -ENOENT;
	}
	if (dieharder_parse_version(out, r->dh_version, sizeof(r->dh_version))) {
		rng_set(r, HB_EXIT_INFRA, "harness error: '%s -l' printed no "
			"'dieharder version': not dieharder?", r->dh_prog);
		rc = -EPROTO;
	}
	g_free(out);
	return rc;
}

uint64_t rng_battery_stream(const char *battery)
{
	const struct dieharder_battery *b = dieharder_battery_find(battery);

	return b ? dieharder_battery_bytes(b) + (uint64_t)b->ntests * RNG_SLACK +
		   RNG_RESERVE : 0;
}

static double rng_expected_weak(const struct dieharder_battery *b)
{
	double e = 0;

	for (size_t i = 0; i < b->ntests; i++)
		e += b->tests[i].lines *
		     (b->tests[i].loose ? DIEHARDER_LOOSE_RATE : 2 * DIEHARDER_P_WEAK);
	return e;
}

static void rng_header(struct rng *r)
{
	tap_begin(&r->t, NULL);
	if (r->a->kat) {
		tap_diag(&r->t, "rng %s: known-answer test, seed=%s, %llu bytes against the "
			 "host's RFC 8439 ChaCha20 and openssl enc -chacha20",
			 r->a->image, r->a->key ? r->a->key : RNG_KAT_KEY,
			 (unsigned long long)r->main_bytes);
		return;
	}
	if (!r->bat) {
		tap_diag(&r->t, "rng %s: battery none, %llu bytes through the quick "
			 "statistics only", r->a->image,
			 (unsigned long long)r->main_bytes);
		return;
	}
	tap_diag(&r->t, "rng %s: battery %s (%s): %zu dieharder %s runs, %u result lines, "
		 "first stream %llu bytes", r->a->image, r->bat->name,
		 r->bat->about, r->bat->ntests, r->dh_version,
		 dieharder_battery_lines(r->bat), (unsigned long long)r->main_bytes);
	tap_diag(&r->t, "dieharder -g 200 reads the ring through a pipe (never a file: "
		 "-g 201 rewinds); -D fields, -c ','; every result line counted");
	tap_diag(&r->t, "FAILED: p < 1e-6 or > 1 - 1e-6, a failure.  WEAK: p < 0.005 or "
		 "> 0.995, rerun on a fresh stream up to %u time%s, a failure only if "
		 "never PASSED", r->a->reruns, r->a->reruns == 1 ? "" : "s");
	for (size_t i = 0; i < r->bat->ntests; i++)
		if (r->bat->tests[i].loose)
			tap_diag(&r->t, "%s has loose tails (a good generator: %.1f%% of its "
				 "lines not PASSED, suites/rng_quality/README.md): its FAILED lines are "
				 "rerun like WEAK ones", r->bat->tests[i].name,
				 100 * DIEHARDER_LOOSE_RATE);
	tap_diag(&r->t, "expected WEAK lines by chance: %.2f of %u (%.2f with the loose "
		 "tails measured); chance that a good generator fails this "
		 "battery <= %.1e", dieharder_battery_lines(r->bat) * 2 * DIEHARDER_P_WEAK,
		 dieharder_battery_lines(r->bat), rng_expected_weak(r->bat),
		 dieharder_false_failure(r->bat, r->a->reruns));
}

/* What the arguments ask for, checked before anything starts: the battery
 * (or none, or the known-answer test), the stream's length, the key, and
 * that the metrics file can be written.  0 or HB_EXIT_USAGE. */
static int rng_args_check(struct rng *r)
{
	const struct rng_args *a = r->a;
	uint8_t key[CHACHA_KEY];
	json_t *none = json_array();
	char err[512];
	int rc;

	if (a->key && chacha_parse_key(a->key, key)) {
		fprintf(stderr, "hardboot rng: --key: '%s' is not 64 hex digits\n",
			a->key);
		json_decref(none);
		return HB_EXIT_USAGE;
	}
	if (a->kat && a->battery && strcmp(a->battery, "none")) {
		fprintf(stderr, "hardboot rng: --kat compares the stream with two "
			"references; it runs no battery (--battery none)\n");
		json_decref(none);
		return HB_EXIT_USAGE;
	}
	if (!a->kat && !(a->battery && !strcmp(a->battery, "none"))) {
		r->bat = dieharder_battery_find(a->battery ? a->battery : "smoke");
		if (!r->bat) {
			fprintf(stderr, "hardboot rng: --battery: '%s' is not smoke, "
				"nightly, full or none\n", a->battery);
			json_decref(none);
			return HB_EXIT_USAGE;
		}
	}
	r->main_bytes = a->bytes ? a->bytes : a->kat ? RNG_KAT_BYTES :
			r->bat ? rng_battery_stream(r->bat->name) : RNG_NONE_BYTES;
	/* no records yet: this only creates the file, so that a path that
	 * cannot be written stops us before the boots, not after them */
	rc = a->metrics ? results_append_records(a->metrics, none, err, sizeof(err)) : 0;
	json_decref(none);
	if (rc) {
		fprintf(stderr, "hardboot rng: --metrics: %s\n", err);
		return HB_EXIT_USAGE;
	}
	return 0;
}

/* SHA-256, dieharder's version and the engine: 0, or the exit status with
 * the reason on stderr. */
static int rng_open(struct rng *r)
{
	r->sha = EVP_MD_CTX_new();
	if (!r->sha || !EVP_DigestInit_ex(r->sha, EVP_sha256(), NULL)) {
		fprintf(stderr, "hardboot rng: OpenSSL SHA-256 unavailable\n");
		return HB_EXIT_INFRA;
	}
	if (r->bat && rng_dh_version(r)) {
		fprintf(stderr, "hardboot rng: %s\n", r->why);
		return r->status;
	}
	/* Signals come through the engine's signalfd, never as handlers: from
	 * here on one waits, blocked, for the engine's next turn, even while
	 * the image is resolved and its accelerator probed. */
	r->e.jobs = 1;
	if (engine_open(&r->e)) {
		fprintf(stderr, "hardboot rng: %s\n", r->e.infra_err);
		return HB_EXIT_INFRA;
	}
	return 0;
}

/* The test points and records of a run that got that far, then the plan
 * and the verdict, or a bail-out with the harness error. */
static void rng_finish(struct rng *r)
{
	char err[512];
	int judged = r->status != HB_EXIT_INFRA && r->status != HB_EXIT_INTR &&
		     r->status != HB_EXIT_USAGE;

	if (judged) {
		rng_report(r);
		if (r->a->metrics &&
		    results_append_records(r->a->metrics, r->recs, err, sizeof(err)))
			rng_set(r, HB_EXIT_INFRA, "harness error: --metrics: %s", err);
	}
	if (r->status == HB_EXIT_INFRA || r->status == HB_EXIT_INTR ||
	    r->status == HB_EXIT_USAGE) {
		tap_bail(&r->t, "%s", r->why);
		fprintf(stderr, "hardboot rng: %s\n", r->why);
	} else {
		tap_plan(&r->t, r->t.n);
		tap_diag(&r->t, "verdict: %s%s%s", r->status ? "FAIL" : "PASS",
			 r->status ? ": " : "", r->status ? r->why : "");
	}
}

int rng_main(const struct rng_args *a)
{
	struct rng r;
	struct sigaction ign = { .sa_handler = SIG_IGN };
	int rc;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.dh_prog = a->dieharder ? a->dieharder : "dieharder";
	r.ssl_prog = a->openssl ? a->openssl : "openssl";
	r.key = a->kat && !a->key ? RNG_KAT_KEY : a->key;
	snprintf(r.seed_src, sizeof(r.seed_src), "unreported");
	rc = rng_args_check(&r);
	if (!rc)
		rc = rng_open(&r);
	if (rc) {
		EVP_MD_CTX_free(r.sha);
		return rc;
	}
	r.recs = json_array();
	sigaction(SIGPIPE, &ign, &r.oldpipe);
	rngstat_init(&r.stat);
	rng_header(&r);
	r.t0 = rng_now();
	if (a->kat) {
		rng_kat(&r);
	} else if (r.bat) {
		r.fifo = g_malloc(RNG_AHEAD);
		rng_battery(&r);
	} else {
		rng_drain_only(&r);
	}
	r.t_end = rng_now();
	engine_close(&r.e); /* every boot was joined: nothing left to kill */
	if (r.ss_state)
		stream_release(&r.ss);
	rng_sha_hex(&r);
	rng_finish(&r);
	json_decref(r.recs);
	EVP_MD_CTX_free(r.sha);
	g_free(r.fifo);
	g_free(r.tests);
	sigaction(SIGPIPE, &r.oldpipe, NULL);
	return r.status;
}
