/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot stream`: one bulk-mode boot, its keystream out through the ring.
 *
 * One thread, one epoll set over QEMU's serial pipe, its stderr pipe, a
 * signalfd (SIGCHLD, SIGINT, SIGTERM, SIGHUP) and a timerfd for --timeout.
 * While bytes flow, ring_stream() polls that epoll fd as its watch fd: the
 * epoll fd turns readable when any member does, so a guest that prints or
 * dies, QEMU exiting, Ctrl-C and the deadline all stop the copy within one
 * ring round, without a second thread and without a signal interrupting a
 * write() halfway.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chacha.h"
#include "engine.h"
#include "probe.h"
#include "proto.h"
#include "qemu.h"
#include "ring.h"
#include "run.h"
#include "stream.h"
#include "suite.h"

/* tmpfs: guest RAM in page cache that nothing ever writes back to disk. */
#define STREAM_SHM_TEMPLATE "/dev/shm/hardboot-stream-XXXXXX"
#define STREAM_LINE 160

/* epoll user data */
enum { EV_SERIAL, EV_STDERR, EV_SIGNAL, EV_TIMER };

struct stream {
	const struct stream_args *a;
	struct stream_result *res;
	struct suite suite;
	struct section *sec;
	struct ring_reader ring;
	struct qemu_proc proc;      /* QEMU, leader of its own group; pid 0 = none */
	int reaped, wstatus;
	int ep, sig_fd, timer_fd, out_fd;
	int serial_eof, err_eof;
	char memfile[sizeof(STREAM_SHM_TEMPLATE)];
	int mem_linked;
	sigset_t oldmask;
	int masked;
	struct sigaction oldpipe;
	/* what the guest said */
	struct proto_splitter sp;
	int have_ring, ring_bad, stream_complete;
	uint64_t ring_addr, ring_size, ring_len;
	int have_done;
	char done_st[16];
	char late[STREAM_LINE];     /* first line printed during the stream */
	char last_text[STREAM_LINE];/* last serial line that is not a record */
	/* what happened to us */
	int signo;                  /* SIGINT/SIGTERM/SIGHUP received */
	int deadline;               /* --timeout expired */
	int64_t t0, t_ring, t_end, t_exit;
};

__attribute__((format(printf, 4, 5)))
static int stream_fail(struct stream *st, int status, int rc,
		       const char *fmt, ...)
{
	va_list ap;

	if (st->res->status)
		return rc; /* the first failure is the cause; keep it */
	st->res->status = status;
	va_start(ap, fmt);
	vsnprintf(st->res->err, sizeof(st->res->err), fmt, ap);
	va_end(ap);
	return rc;
}

static double stream_secs(int64_t from, int64_t to)
{
	return from && to > from ? (double)(to - from) / 1e9 : 0.0;
}

/* ---- what the guest prints ---------------------------------------------- */

static int stream_on_line(void *ctx, char *line, size_t len, int truncated)
{
	struct stream *st = ctx;
	struct proto_rec rec;
	char copy[STREAM_LINE];
	int rc;

	(void)len;
	(void)truncated;
	snprintf(copy, sizeof(copy), "%s", line);
	/* The contract: nothing between the ring record and the last byte. */
	if (st->have_ring && !st->stream_complete && !st->late[0])
		snprintf(st->late, sizeof(st->late), "%s", copy);
	rc = proto_parse(line, &rec);
	if (rc <= 0) {
		if (copy[0])
			snprintf(st->last_text, sizeof(st->last_text), "%s", copy);
		return 0;
	}
	switch (rec.kind) {
	case PROTO_CPU: {
		const char *src = proto_get(&rec, "src");

		if (src)
			snprintf(st->res->seed_src, sizeof(st->res->seed_src), "%s", src);
		break;
	}
	case PROTO_RING:
		if (st->have_ring) {
			st->ring_bad = 1; /* a second ring: which one is real? */
			break;
		}
		st->have_ring = 1;
		st->t_ring = engine_now();
		if (proto_get_u64(&rec, "addr", &st->ring_addr) ||
		    proto_get_u64(&rec, "size", &st->ring_size) ||
		    proto_get_u64(&rec, "len", &st->ring_len))
			st->ring_bad = 1;
		snprintf(st->last_text, sizeof(st->last_text), "%s", copy);
		break;
	case PROTO_CHECK:
		/* Which in-guest check failed (kat=fail) is worth a line. */
		for (int i = 0; i < rec.nfields; i++) {
			size_t used = strlen(st->res->checks);

			if (!strcmp(rec.f[i].val, "pass"))
				continue;
			snprintf(st->res->checks + used, sizeof(st->res->checks) - used,
				 "%s%s=%s", used ? " " : "", rec.f[i].key, rec.f[i].val);
		}
		break;
	case PROTO_DONE: {
		const char *s = proto_get(&rec, "st");

		st->have_done = 1;
		snprintf(st->done_st, sizeof(st->done_st), "%s", s ? s : "?");
		break;
	}
	default:
		break;
	}
	return 0;
}

static int stream_read_serial(struct stream *st)
{
	for (;;) {
		char buf[4096];
		ssize_t n = read(st->proc.out_fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0) {
			proto_flush(&st->sp, stream_on_line, st);
			st->serial_eof = 1;
			epoll_ctl(st->ep, EPOLL_CTL_DEL, st->proc.out_fd, NULL);
			return 0;
		}
		proto_feed(&st->sp, buf, (size_t)n, stream_on_line, st);
	}
}

static void stream_read_stderr(struct stream *st)
{
	if (qemu_read_stderr(&st->proc)) {
		st->err_eof = 1;
		epoll_ctl(st->ep, EPOLL_CTL_DEL, st->proc.err_fd, NULL);
	}
}

static void stream_reap(struct stream *st, int flags)
{
	int status;
	pid_t p;

	if (st->reaped || st->proc.pid <= 0)
		return;
	do
		p = waitpid(st->proc.pid, &status, flags);
	while (p < 0 && errno == EINTR);
	if (p == st->proc.pid) {
		st->reaped = 1;
		st->wstatus = status;
		st->t_exit = engine_now();
	}
}

static void stream_kill(struct stream *st)
{
	if (st->proc.pid > 0 && !st->reaped) {
		kill(-st->proc.pid, SIGKILL); /* QEMU's whole process group */
		stream_reap(st, 0);
	}
}

static void stream_read_signals(struct stream *st)
{
	struct signalfd_siginfo si;

	while (read(st->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			stream_reap(st, WNOHANG);
		else if (!st->signo)
			st->signo = (int)si.ssi_signo;
	}
}

/* Wait up to timeout_ms (0: just look) and handle what is ready. */
static int stream_events(struct stream *st, int timeout_ms)
{
	struct epoll_event ev[4];
	int n;

	do
		n = epoll_wait(st->ep, ev, G_N_ELEMENTS(ev), timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return stream_fail(st, HB_EXIT_INFRA, -errno, "epoll_wait: %s",
				   strerror(errno));
	for (int i = 0; i < n; i++) {
		switch (ev[i].data.u32) {
		case EV_SERIAL:
			stream_read_serial(st);
			break;
		case EV_STDERR:
			stream_read_stderr(st);
			break;
		case EV_SIGNAL:
			stream_read_signals(st);
			break;
		case EV_TIMER: {
			uint64_t exp;

			if (read(st->timer_fd, &exp, sizeof(exp)) == (ssize_t)sizeof(exp))
				st->deadline = 1;
			break;
		}
		}
	}
	return n;
}

/* ---- setting up --------------------------------------------------------- */

static int stream_section(struct stream *st)
{
	const struct stream_args *a = st->a;
	struct suite_overrides ov = { .accel = a->accel };
	char *const targets[] = { (char *)a->image };
	char err[SUITE_ERR_LEN];
	struct sec_run sr;
	char *v;

	if (suite_from_images(&st->suite, targets, 1, a->images_dir, err,
			      sizeof(err)) ||
	    suite_apply(&st->suite, &ov, err, sizeof(err)))
		return stream_fail(st, HB_EXIT_USAGE, -EINVAL, "%s", err);
	st->sec = &st->suite.sec[0];
	snprintf(st->res->image, sizeof(st->res->image), "%s", st->sec->img.name);
	if (!st->sec->img.protocol)
		return stream_fail(st, HB_EXIT_USAGE, -EINVAL,
				   "%s: a foreign image does not speak the ring "
				   "protocol", st->res->image);
	v = qemu_version(st->sec->qemu);
	if (!v)
		return stream_fail(st, HB_EXIT_INFRA, -ENOENT,
				   "%s: QEMU '%s' not found or not runnable",
				   st->res->image, st->sec->qemu);
	g_free(v);
	memset(&sr, 0, sizeof(sr));
	sr.sec = st->sec;
	if (probe_accel(&sr, err, sizeof(err)))
		return stream_fail(st, HB_EXIT_INTR, -EINTR, "%s: %s",
				   st->res->image, err);
	if (sr.skip)
		return stream_fail(st, HB_EXIT_INFRA, -ENODEV, "%s: %s",
				   st->res->image, sr.skip_reason);
	snprintf(st->res->accel, sizeof(st->res->accel), "%s", sr.accel);
	snprintf(st->res->accel_why, sizeof(st->res->accel_why), "%s",
		 sr.accel_why);
	return sr.no_arch_caps;
}

/*
 * The output.  A pipe on stdout is reopened through /proc/self/fd/1: that
 * is a new open file description of the same pipe, so it can be made
 * non-blocking without changing the one the shell shares with others.  A
 * non-blocking pipe lets ring_stream() keep watching the guest and the
 * deadline while the reader (an RNG battery) is slow or stopped.
 */
static int stream_output(struct stream *st)
{
	const struct stream_args *a = st->a;
	struct stat sb;

	if (a->use_fd) {
		/* Our own copy, so cleanup closes it and never the caller's. */
		if (a->out)
			snprintf(st->res->out_name, sizeof(st->res->out_name), "%s",
				 a->out);
		else
			snprintf(st->res->out_name, sizeof(st->res->out_name),
				 "fd %d", a->fd);
		st->out_fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 3);
		if (st->out_fd < 0)
			return stream_fail(st, HB_EXIT_INFRA, -errno, "dup fd %d: %s",
					   a->fd, strerror(errno));
		return 0;
	}
	if (a->sink) {
		snprintf(st->res->out_name, sizeof(st->res->out_name), "sink");
		st->out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (st->out_fd < 0)
			return stream_fail(st, HB_EXIT_INFRA, -errno,
					   "open /dev/null: %s", strerror(errno));
		return 0;
	}
	if (a->out && strcmp(a->out, "-")) {
		snprintf(st->res->out_name, sizeof(st->res->out_name), "%s", a->out);
		st->out_fd = open(a->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
				  0644);
		if (st->out_fd < 0)
			return stream_fail(st, HB_EXIT_USAGE, -errno,
					   "output %s: %s", a->out, strerror(errno));
		return 0;
	}
	snprintf(st->res->out_name, sizeof(st->res->out_name), "stdout");
	if (isatty(STDOUT_FILENO))
		return stream_fail(st, HB_EXIT_USAGE, -ENOTTY,
				   "refusing to write binary keystream to a "
				   "terminal; use -o FILE, a pipe or --sink");
	if (fstat(STDOUT_FILENO, &sb) < 0)
		return stream_fail(st, HB_EXIT_USAGE, -errno, "stdout: %s",
				   strerror(errno));
	if (S_ISFIFO(sb.st_mode)) {
		st->out_fd = open("/proc/self/fd/1",
				  O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (st->out_fd >= 0)
			return 0;
	}
	st->out_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (st->out_fd < 0)
		return stream_fail(st, HB_EXIT_INFRA, -errno, "dup stdout: %s",
				   strerror(errno));
	return 0;
}

static int stream_memfile(struct stream *st)
{
	int fd;

	snprintf(st->memfile, sizeof(st->memfile), "%s", STREAM_SHM_TEMPLATE);
	fd = mkstemp(st->memfile);
	if (fd < 0) {
		int e = errno;

		st->memfile[0] = '\0';
		return stream_fail(st, HB_EXIT_INFRA, -e, "mkstemp %s: %s",
				   STREAM_SHM_TEMPLATE, strerror(e));
	}
	st->mem_linked = 1;
	/* Sparse: pages cost memory only once the guest touches them. */
	if (ftruncate(fd, (off_t)st->sec->memory << 20) < 0) {
		int e = errno;

		close(fd);
		return stream_fail(st, HB_EXIT_INFRA, -e, "ftruncate %s to %lu MiB: %s",
				   st->memfile, st->sec->memory, strerror(e));
	}
	close(fd);
	return 0;
}

static void stream_unlink(struct stream *st)
{
	if (st->mem_linked && unlink(st->memfile) == 0)
		st->mem_linked = 0;
}

/* Signals arrive through the signalfd only; QEMU gets none of ours. */
static int stream_events_setup(struct stream *st)
{
	sigset_t set;
	struct epoll_event ev = { .events = EPOLLIN };
	struct sigaction ign = { .sa_handler = SIG_IGN };

	/* A reader that goes away must be an EPIPE to report, not a death. */
	sigaction(SIGPIPE, &ign, &st->oldpipe);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &st->oldmask);
	st->masked = 1;
	st->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	st->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	st->ep = epoll_create1(EPOLL_CLOEXEC);
	if (st->sig_fd < 0 || st->timer_fd < 0 || st->ep < 0)
		return stream_fail(st, HB_EXIT_INFRA, -errno,
				   "signalfd/timerfd/epoll: %s", strerror(errno));
	ev.data.u32 = EV_SIGNAL;
	epoll_ctl(st->ep, EPOLL_CTL_ADD, st->sig_fd, &ev);
	ev.data.u32 = EV_TIMER;
	epoll_ctl(st->ep, EPOLL_CTL_ADD, st->timer_fd, &ev);
	return 0;
}

static int stream_spawn(struct stream *st, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct itimerspec its = { 0 };
	char err[300];
	int rc;

	st->t0 = engine_now();
	rc = qemu_spawn(&st->proc, argv, NULL, NULL, err, sizeof(err));
	if (rc && st->proc.pid <= 0)
		return stream_fail(st, HB_EXIT_INFRA, rc, "%s", err);
	if (rc) {
		stream_reap(st, 0);
		return stream_fail(st, HB_EXIT_INFRA, rc, "%s: %s", st->res->image, err);
	}
	ev.data.u32 = EV_SERIAL;
	epoll_ctl(st->ep, EPOLL_CTL_ADD, st->proc.out_fd, &ev);
	ev.data.u32 = EV_STDERR;
	epoll_ctl(st->ep, EPOLL_CTL_ADD, st->proc.err_fd, &ev);
	if (st->a->timeout > 0) {
		its.it_value.tv_sec = (time_t)st->a->timeout;
		its.it_value.tv_nsec = (long)((st->a->timeout -
			(double)its.it_value.tv_sec) * 1e9);
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
		timerfd_settime(st->timer_fd, 0, &its, NULL);
	}
	return 0;
}

/* ---- describing an end -------------------------------------------------- */

/* "QEMU exited with status 3" and the first stderr line, if any. */
static void stream_exit_why(struct stream *st, char *out, size_t n)
{
	const char *nl = strchr(st->proc.errbuf, '\n');
	int len = nl ? (int)(nl - st->proc.errbuf) : (int)strlen(st->proc.errbuf);
	char how[64];

	if (!st->reaped)
		snprintf(how, sizeof(how), "QEMU closed the serial port");
	else if (WIFEXITED(st->wstatus))
		snprintf(how, sizeof(how), "QEMU exited with status %d",
			 WEXITSTATUS(st->wstatus));
	else
		snprintf(how, sizeof(how), "QEMU killed by signal %d",
			 WTERMSIG(st->wstatus));
	if (len)
		snprintf(out, n, "%s (%.*s)", how, len > 120 ? 120 : len, st->proc.errbuf);
	else if (st->last_text[0])
		snprintf(out, n, "%s; last serial line '%.100s'", how, st->last_text);
	else
		snprintf(out, n, "%s", how);
}

/* Something other than the guest's records says the boot is over. */
static int stream_stopping(const struct stream *st)
{
	return st->signo || st->deadline || st->proc.fatal[0] || st->serial_eof ||
	       st->reaped;
}

/*
 * QEMU closes its stdout as it exits; give it a moment to be reaped, so
 * that its own exit status is reported rather than our SIGKILL.
 */
static void stream_reap_soon(struct stream *st)
{
	for (int i = 0; i < 100 && !st->reaped; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		stream_reap(st, WNOHANG);
		if (!st->reaped)
			nanosleep(&ts, NULL);
	}
}

/* Why the boot is over (stream_stopping() was true); QEMU is gone after. */
static void stream_stop_reason(struct stream *st, char *buf, size_t n,
			       int *status)
{
	*status = HB_EXIT_CHECK;
	if (st->signo) {
		*status = HB_EXIT_INTR;
		snprintf(buf, n, "interrupted by SIG%s", sigabbrev_np(st->signo));
	} else if (st->deadline) {
		snprintf(buf, n, "timeout after %g s (--timeout)", st->a->timeout);
	} else if (st->proc.fatal[0]) {
		snprintf(buf, n, "%s", st->proc.fatal);
	} else {
		stream_reap_soon(st);
		stream_kill(st);
		stream_exit_why(st, buf, n);
	}
	stream_kill(st);
}

/* ---- the three phases --------------------------------------------------- */

static int stream_wait_ring(struct stream *st)
{
	int64_t limit = st->t0 + (int64_t)(st->sec->timeout * 1e9);
	char why[300];
	int status;

	while (!st->have_ring) {
		int64_t left = limit - engine_now();
		int rc;

		if (st->have_done)
			return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
					   "%s: done st=%s without a ring record "
					   "(does the image know bulk=?)",
					   st->res->image, st->done_st);
		if (stream_stopping(st)) {
			stream_stop_reason(st, why, sizeof(why), &status);
			return stream_fail(st, status, -EPIPE, "%s: no ring record: %s",
					   st->res->image, why);
		}
		if (left <= 0) {
			stream_kill(st);
			return stream_fail(st, HB_EXIT_CHECK, -ETIMEDOUT,
					   "%s: no ring record within %g s%s%.100s%s",
					   st->res->image, st->sec->timeout,
					   st->last_text[0] ? "; last serial line '" : "",
					   st->last_text, st->last_text[0] ? "'" : "");
		}
		rc = stream_events(st, (int)(left / 1000000) + 1);
		if (rc < 0) {
			stream_kill(st);
			return rc;
		}
	}
	if (st->ring_bad) {
		stream_kill(st);
		return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
				   "%s: malformed ring record '%s'",
				   st->res->image, st->last_text);
	}
	if (st->ring_len != st->a->bytes) {
		stream_kill(st);
		return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
				   "%s: guest announced len=%llu bytes, bulk= asked "
				   "for %llu", st->res->image,
				   (unsigned long long)st->ring_len,
				   (unsigned long long)st->a->bytes);
	}
	st->res->announced = st->ring_len;
	return 0;
}

/* Anything but len bytes is a failure that names both counts. */
__attribute__((format(printf, 4, 5)))
static int stream_short(struct stream *st, int status, int rc,
			const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	stream_kill(st);
	st->res->moved = ring_moved(&st->ring);
	return stream_fail(st, status, rc,
			   "%s: short stream: %llu of %llu bytes moved: %s",
			   st->res->image, (unsigned long long)st->res->moved,
			   (unsigned long long)st->ring_len, why);
}

static int stream_copy(struct stream *st)
{
	struct ring_reader *r = &st->ring;
	int stall_ms = (int)(st->sec->timeout * 1000);
	int rc = ring_open(r, st->memfile, st->ring_addr, st->ring_size,
			   st->ring_len);

	if (rc) {
		stream_kill(st);
		/* A bad announcement is the guest's fault; an unopenable file ours. */
		return stream_fail(st, rc == -EINVAL || rc == -EPROTO ?
				   HB_EXIT_CHECK : HB_EXIT_INFRA, rc, "%s: %s",
				   st->res->image, r->err);
	}
	/* QEMU and we both hold it now: nothing left for the name to do. */
	stream_unlink(st);
	for (;;) {
		char why[300];
		int status;

		if (st->late[0] || stream_stopping(st)) {
			/* What it published before it spoke or died is ours. */
			ssize_t n = ring_pump(r, st->out_fd);

			if (n >= 0 && ring_complete(r))
				break;
			if (st->late[0] && !st->signo && !st->deadline) {
				return stream_short(st, HB_EXIT_CHECK, -EPIPE,
						    "guest printed '%.100s'",
						    st->late);
			}
			stream_stop_reason(st, why, sizeof(why), &status);
			return stream_short(st, status, -EPIPE, "%s", why);
		}
		rc = ring_stream(r, st->out_fd, st->ep, stall_ms);
		if (rc == 0)
			break;
		if (rc == -EPIPE) {
			int n = stream_events(st, 0);

			if (n < 0)
				return stream_short(st, HB_EXIT_INFRA, n, "%s",
						    st->res->err);
			if (n > 0)
				continue; /* look at what it was, above */
			/* No event: the EPIPE came from write(): no reader. */
			return stream_short(st, HB_EXIT_INFRA, rc,
					    "the reader of %s went away",
					    st->res->out_name);
		}
		if (rc == -ETIMEDOUT)
			return stream_short(st, HB_EXIT_CHECK, rc,
					    "guest published nothing for %g s",
					    st->sec->timeout);
		if (rc == -EPROTO)
			return stream_short(st, HB_EXIT_CHECK, rc, "%s", r->err);
		return stream_short(st, HB_EXIT_INFRA, rc, "output %s: %s",
				    st->res->out_name, strerror(-rc));
	}
	st->stream_complete = 1;
	st->t_end = engine_now();
	st->res->moved = ring_moved(r);
	return 0;
}

/* After the last byte: "done", then QEMU's exit, within the image timeout. */
static int stream_finish(struct stream *st)
{
	int64_t limit = engine_now() + (int64_t)(st->sec->timeout * 1e9);
	const struct image_info *img = &st->sec->img;
	char why[300];
	int status, code;

	while (!st->serial_eof || !st->reaped) {
		int64_t left = limit - engine_now();
		int rc;

		if (st->signo || st->deadline || st->proc.fatal[0]) {
			stream_stop_reason(st, why, sizeof(why), &status);
			return stream_fail(st, status, -EPIPE,
					   "%s: all %llu bytes moved, then %s",
					   st->res->image,
					   (unsigned long long)st->res->moved, why);
		}
		if (left <= 0)
			break; /* no done, or QEMU did not exit after it */
		rc = stream_events(st, (int)(left / 1000000) + 1);
		if (rc < 0) {
			stream_kill(st);
			return rc;
		}
	}
	if (!st->reaped) {
		stream_kill(st);
		return stream_fail(st, HB_EXIT_CHECK, -ETIMEDOUT,
				   "%s: all %llu bytes moved, but %s within %g s",
				   st->res->image, (unsigned long long)st->res->moved,
				   st->have_done ? "QEMU did not exit" : "no done record",
				   st->sec->timeout);
	}
	stream_exit_why(st, why, sizeof(why));
	if (!st->have_done)
		return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
				   "%s: all %llu bytes moved, but no done record: %s",
				   st->res->image, (unsigned long long)st->res->moved,
				   why);
	if (strcmp(st->done_st, "pass"))
		return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
				   "%s: all %llu bytes moved, but done st=%s%s%s%s",
				   st->res->image, (unsigned long long)st->res->moved,
				   st->done_st, st->res->checks[0] ? " (" : "",
				   st->res->checks, st->res->checks[0] ? ")" : "");
	code = WIFEXITED(st->wstatus) ? WEXITSTATUS(st->wstatus) : -1;
	if (code != img->exit_ok)
		return stream_fail(st, HB_EXIT_CHECK, -EPROTO,
				   "%s: all %llu bytes moved and done st=pass, but "
				   "%s; the manifest expects exit status %d",
				   st->res->image, (unsigned long long)st->res->moved,
				   why, img->exit_ok);
	return 0;
}

static void stream_cleanup(struct stream *st)
{
	int fds[] = { st->proc.out_fd, st->proc.err_fd, st->ep, st->sig_fd,
		      st->timer_fd, st->out_fd };

	stream_kill(st);
	ring_close(&st->ring);
	stream_unlink(st);
	for (size_t i = 0; i < G_N_ELEMENTS(fds); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (st->masked) {
		sigprocmask(SIG_SETMASK, &st->oldmask, NULL);
		sigaction(SIGPIPE, &st->oldpipe, NULL);
	}
	suite_free(&st->suite);
}

int stream_run(const struct stream_args *a, struct stream_result *res)
{
	struct stream st;
	struct qemu_opts qo = { .after = QEMU_AFTER_POWEROFF };
	uint8_t key[CHACHA_KEY];
	char *append = NULL, **argv = NULL;
	int rc;

	memset(&st, 0, sizeof(st));
	memset(res, 0, sizeof(*res));
	st.a = a;
	st.res = res;
	st.ring.fd = -1;
	st.proc.out_fd = st.proc.err_fd = st.ep = st.sig_fd = st.timer_fd = st.out_fd = -1;
	proto_splitter_init(&st.sp);
	res->requested = a->bytes;
	snprintf(res->image, sizeof(res->image), "%s", a->image);
	if (a->seed && chacha_parse_key(a->seed, key)) {
		rc = stream_fail(&st, HB_EXIT_USAGE, -EINVAL,
				 "--seed: '%s' is not 64 hex digits", a->seed);
		goto out;
	}
	if (!a->bytes) {
		rc = stream_fail(&st, HB_EXIT_USAGE, -EINVAL,
				 "--bytes: a stream needs at least 1 byte");
		goto out;
	}
	rc = stream_section(&st);
	if (rc < 0)
		goto out;
	qo.no_arch_caps = rc;
	qo.accel = res->accel;
	rc = stream_output(&st);
	if (rc)
		goto out;
	rc = stream_memfile(&st);
	if (rc)
		goto out;
	rc = stream_events_setup(&st);
	if (rc)
		goto out;
	if (a->seed) {
		/* The guest takes the digits in any case; keep the line canonical. */
		char *low = g_ascii_strdown(a->seed, -1);

		append = g_strdup_printf("bulk=%llu seed=%s%s%s",
					 (unsigned long long)a->bytes, low,
					 a->append ? " " : "", a->append ? a->append : "");
		g_free(low);
	} else {
		append = g_strdup_printf("bulk=%llu%s%s", (unsigned long long)a->bytes,
					 a->append ? " " : "", a->append ? a->append : "");
	}
	qo.append = append;
	qo.memfile = st.memfile;
	argv = qemu_argv(st.sec, &qo);
	rc = stream_spawn(&st, argv);
	if (!rc)
		rc = stream_wait_ring(&st);
	if (!rc)
		rc = stream_copy(&st);
	if (!rc)
		rc = stream_finish(&st);
out:
	stream_cleanup(&st);
	res->boot_s = stream_secs(st.t0, st.t_ring);
	res->stream_s = stream_secs(st.t_ring, st.t_end);
	res->total_s = stream_secs(st.t0, st.t_exit);
	if (a->seed && !res->seed_src[0])
		snprintf(res->seed_src, sizeof(res->seed_src), "%s", HB_SRC_CMDLINE);
	g_strfreev(argv);
	g_free(append);
	return rc;
}
