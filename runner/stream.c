/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot stream`: one bulk-mode boot, its keystream out through the ring.
 *
 * The engine runs the boot (engine.c, bulk mode): its one loop watches
 * QEMU's serial and stderr pipes, the signals and the deadlines while it
 * moves the ring's bytes, so a guest that prints or dies, QEMU exiting,
 * Ctrl-C and the deadline all stop the copy within one ring round.  Here:
 * the image resolved, the output opened, and the facts the engine recorded
 * (engine_bulk) worded as the one line that names the image at fault.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chacha.h"
#include "probe.h"
#include "proto.h"
#include "qemu.h"
#include "run.h"
#include "stream.h"

#define STREAM_WHY 300

/* The first failure is the cause; keep it. */
__attribute__((format(printf, 4, 5)))
static int stream_fail(struct stream_result *res, int status, int rc,
		       const char *fmt, ...)
{
	va_list ap;

	if (res->status)
		return rc;
	res->status = status;
	va_start(ap, fmt);
	vsnprintf(res->err, sizeof(res->err), fmt, ap);
	va_end(ap);
	return rc;
}

static double stream_secs(int64_t from, int64_t to)
{
	return from && to > from ? (double)(to - from) / 1e9 : 0.0;
}

/* ---- setting up --------------------------------------------------------- */

/* seed=KEY in the digits' canonical case, then --append: what follows bulk=N. */
static char *stream_append(const struct stream_args *a)
{
	char *low = a->key ? g_ascii_strdown(a->key, -1) : NULL;
	char *s = g_strdup_printf("%s%s%s%s", low ? "seed=" : "", low ? low : "",
				  low && a->append ? " " : "",
				  a->append ? a->append : "");

	g_free(low);
	return s;
}

int stream_prepare(struct stream_sec *s, const struct stream_args *a,
		   struct stream_result *res)
{
	struct suite_overrides ov = { .accel = a->accel, .qemu_args = a->qemu_args };
	char *const targets[] = { (char *)a->image };
	char err[SUITE_ERR_LEN];
	struct section *sec;
	char *v;
	const struct qemu_sandbox *sb;

	memset(s, 0, sizeof(*s));
	s->a = a;
	if (suite_from_images(&s->suite, targets, 1, a->images_dir, err,
			      sizeof(err)) ||
	    suite_apply(&s->suite, &ov, err, sizeof(err)))
		return stream_fail(res, HB_EXIT_USAGE, -EINVAL, "%s", err);
	sec = &s->suite.sec[0];
	snprintf(res->image, sizeof(res->image), "%s", sec->img.name);
	if (!sec->img.protocol)
		return stream_fail(res, HB_EXIT_USAGE, -EINVAL, "%s: a foreign image "
				   "does not speak the ring protocol", res->image);
	v = qemu_version(sec->qemu);
	if (!v)
		return stream_fail(res, HB_EXIT_INFRA, -ENOENT, "%s: QEMU '%s' not "
				   "found or not runnable", res->image, sec->qemu);
	g_free(v);
	s->sr.sec = sec;
	if (probe_accel(&s->sr, err, sizeof(err)))
		return stream_fail(res, HB_EXIT_INTR, -EINTR, "%s: %s", res->image, err);
	if (s->sr.skip)
		return stream_fail(res, HB_EXIT_INFRA, -ENODEV, "%s: %s", res->image,
				   s->sr.skip_reason);
	snprintf(res->accel, sizeof(res->accel), "%s", s->sr.accel);
	snprintf(res->accel_why, sizeof(res->accel_why), "%s", s->sr.accel_why);
	sb = qemu_sandbox(s->sr.sec->qemu);
	s->sr.qo = (struct qemu_opts){ .accel = s->sr.accel,
				       .sandbox = sb->opt[0] ? sb->opt : NULL,
				       .after = QEMU_AFTER_POWEROFF,
				       .no_arch_caps = s->sr.no_arch_caps };
	qemu_user_decide(&s->sr.user, sec->img.path, s->sr.accel, 0);
	s->append = stream_append(a);
	return 0;
}

void stream_release(struct stream_sec *s)
{
	g_free(s->append);
	s->append = NULL;
	suite_free(&s->suite);
}

int stream_start(struct stream_sec *s, struct engine *e, struct engine_bulk *b,
		 uint64_t bytes, int out_fd)
{
	b->sr = &s->sr;
	b->bytes = bytes;
	b->append = s->append;
	b->out_fd = out_fd;
	b->timeout = s->a->timeout;
	return engine_bulk_start(e, b);
}

/*
 * The output.  A pipe on stdout is reopened through /proc/self/fd/1: that
 * is a new open file description of the same pipe, so it can be made
 * non-blocking without changing the one the shell shares with others.  A
 * non-blocking pipe lets the engine keep watching the guest and the
 * deadline while the reader (an RNG battery) is slow or stopped.
 */
static int stream_output(const struct stream_args *a, struct stream_result *res,
			 int *fd)
{
	struct stat sb;

	if (a->use_fd) {
		/* Our own copy, so cleanup closes it and never the caller's. */
		if (a->out)
			snprintf(res->out_name, sizeof(res->out_name), "%s", a->out);
		else
			snprintf(res->out_name, sizeof(res->out_name), "fd %d", a->fd);
		*fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 3);
		if (*fd < 0)
			return stream_fail(res, HB_EXIT_INFRA, -errno, "dup fd %d: %s",
					   a->fd, strerror(errno));
		return 0;
	}
	if (a->sink) {
		snprintf(res->out_name, sizeof(res->out_name), "sink");
		*fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (*fd < 0)
			return stream_fail(res, HB_EXIT_INFRA, -errno,
					   "open /dev/null: %s", strerror(errno));
		return 0;
	}
	if (a->out && strcmp(a->out, "-")) {
		snprintf(res->out_name, sizeof(res->out_name), "%s", a->out);
		*fd = open(a->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (*fd < 0)
			return stream_fail(res, HB_EXIT_USAGE, -errno, "output %s: %s",
					   a->out, strerror(errno));
		return 0;
	}
	snprintf(res->out_name, sizeof(res->out_name), "stdout");
	if (isatty(STDOUT_FILENO))
		return stream_fail(res, HB_EXIT_USAGE, -ENOTTY,
				   "refusing to write binary keystream to a "
				   "terminal; use -o FILE, a pipe or --sink");
	if (fstat(STDOUT_FILENO, &sb) < 0)
		return stream_fail(res, HB_EXIT_USAGE, -errno, "stdout: %s",
				   strerror(errno));
	if (S_ISFIFO(sb.st_mode)) {
		*fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (*fd >= 0)
			return 0;
	}
	*fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (*fd < 0)
		return stream_fail(res, HB_EXIT_INFRA, -errno, "dup stdout: %s",
				   strerror(errno));
	return 0;
}

/* ---- describing an end -------------------------------------------------- */

/* "QEMU exited with status 3" and the first stderr line, if any. */
static void stream_exit_why(const struct engine_bulk *b, char *out, size_t n)
{
	char how[64];

	if (WIFEXITED(b->status))
		snprintf(how, sizeof(how), "QEMU exited with status %d",
			 WEXITSTATUS(b->status));
	else
		snprintf(how, sizeof(how), "QEMU killed by signal %d",
			 WTERMSIG(b->status));
	if (b->qemu_said[0])
		snprintf(out, n, "%s (%.120s)", how, b->qemu_said);
	else if (b->last_text[0])
		snprintf(out, n, "%s; last serial line '%.100s'", how, b->last_text);
	else
		snprintf(out, n, "%s", how);
}

/* Why the boot is over when neither the guest's records nor the ring
 * said: a signal, the deadline, QEMU's fatal line or QEMU gone. */
static int stream_stop_why(const struct stream_sec *s, const struct engine_bulk *b,
			   const char *out_name, char *why, size_t n)
{
	switch (b->end) {
	case ENGINE_BULK_SIGNAL:
		snprintf(why, n, "interrupted by SIG%s", sigabbrev_np(b->signo));
		return HB_EXIT_INTR;
	case ENGINE_BULK_DEADLINE:
		snprintf(why, n, "timeout after %g s (--timeout)", s->a->timeout);
		return HB_EXIT_CHECK;
	case ENGINE_BULK_CANCELLED:
		snprintf(why, n, "the reader of %s went away", out_name);
		return HB_EXIT_INFRA;
	case ENGINE_BULK_ENDED:
		stream_exit_why(b, why, n);
		return HB_EXIT_CHECK;
	default: /* FATAL: QEMU's words */
		snprintf(why, n, "%s", b->err);
		return HB_EXIT_CHECK;
	}
}

/* No ring was opened: the record never came, or was not one to map. */
static int stream_no_ring(const struct stream_sec *s, const struct engine_bulk *b,
			  struct stream_result *res)
{
	const char *img = res->image, *last = b->last_text;
	char why[STREAM_WHY];
	int status;

	switch (b->end) {
	case ENGINE_BULK_NO_RING:
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: done st=%s "
				   "without a ring record (does the image know "
				   "bulk=?)", img, b->done_st);
	case ENGINE_BULK_TIMEOUT:
		return stream_fail(res, HB_EXIT_CHECK, -ETIMEDOUT, "%s: no ring "
				   "record within %g s%s%.100s%s", img,
				   s->sr.sec->timeout, last[0] ? "; last serial line '" : "",
				   last, last[0] ? "'" : "");
	case ENGINE_BULK_RING_BAD:
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: malformed ring "
				   "record '%s'", img, b->err);
	case ENGINE_BULK_RING_LEN:
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: guest announced "
				   "len=%llu bytes, bulk= asked for %llu", img,
				   (unsigned long long)b->len,
				   (unsigned long long)b->bytes);
	case ENGINE_BULK_RING_OPEN:
		/* A bad announcement is the guest's fault; an unopenable file ours. */
		res->announced = b->len;
		return stream_fail(res, b->rc == -EINVAL || b->rc == -EPROTO ?
				   HB_EXIT_CHECK : HB_EXIT_INFRA, b->rc, "%s: %s",
				   img, b->err);
	default:
		status = stream_stop_why(s, b, res->out_name, why, sizeof(why));
		return stream_fail(res, status, -EPIPE, "%s: no ring record: %s",
				   img, why);
	}
}

/* The ring was open and fewer than len bytes came out of it. */
static int stream_short(const struct stream_sec *s, const struct engine_bulk *b,
			struct stream_result *res)
{
	char why[STREAM_WHY];
	int status = HB_EXIT_CHECK, rc = -EPIPE;

	switch (b->end) {
	case ENGINE_BULK_LATE:
		snprintf(why, sizeof(why), "guest printed '%.100s'", b->late);
		break;
	case ENGINE_BULK_STALL:
		snprintf(why, sizeof(why), "guest published nothing for %g s",
			 s->sr.sec->timeout);
		rc = -ETIMEDOUT;
		break;
	case ENGINE_BULK_CORRUPT:
		snprintf(why, sizeof(why), "%s", b->err);
		rc = -EPROTO;
		break;
	case ENGINE_BULK_OUTPUT:
		status = HB_EXIT_INFRA;
		rc = b->rc;
		if (b->rc == -EPIPE)
			snprintf(why, sizeof(why), "the reader of %s went away",
				 res->out_name);
		else
			snprintf(why, sizeof(why), "output %s: %s", res->out_name,
				 strerror(-b->rc));
		break;
	default:
		status = stream_stop_why(s, b, res->out_name, why, sizeof(why));
		break;
	}
	return stream_fail(res, status, rc, "%s: short stream: %llu of %llu bytes "
			   "moved: %s", res->image, (unsigned long long)b->moved,
			   (unsigned long long)b->len, why);
}

/* All len bytes moved: then done st=pass and the manifest's exit status. */
static int stream_after(const struct stream_sec *s, const struct engine_bulk *b,
			struct stream_result *res)
{
	unsigned long long moved = b->moved;
	const char *img = res->image;
	char why[STREAM_WHY];
	int status, want = s->sr.sec->img.exit_ok;

	if (b->end == ENGINE_BULK_TIMEOUT)
		return stream_fail(res, HB_EXIT_CHECK, -ETIMEDOUT, "%s: all %llu bytes "
				   "moved, but %s within %g s", img, moved,
				   b->done ? "QEMU did not exit" : "no done record",
				   s->sr.sec->timeout);
	if (b->end != ENGINE_BULK_OK) {
		status = stream_stop_why(s, b, res->out_name, why, sizeof(why));
		return stream_fail(res, status, -EPIPE, "%s: all %llu bytes moved, "
				   "then %s", img, moved, why);
	}
	stream_exit_why(b, why, sizeof(why));
	if (!b->done)
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: all %llu bytes "
				   "moved, but no done record: %s", img, moved, why);
	if (strcmp(b->done_st, "pass"))
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: all %llu bytes "
				   "moved, but done st=%s%s%s%s", img, moved,
				   b->done_st, b->checks[0] ? " (" : "", b->checks,
				   b->checks[0] ? ")" : "");
	if (!WIFEXITED(b->status) || WEXITSTATUS(b->status) != want)
		return stream_fail(res, HB_EXIT_CHECK, -EPROTO, "%s: all %llu bytes "
				   "moved and done st=pass, but %s; the manifest "
				   "expects exit status %d", img, moved, why, want);
	return 0;
}

int stream_verdict(const struct stream_sec *s, const struct engine_bulk *b,
		   struct stream_result *res)
{
	res->requested = b->bytes;
	res->moved = b->moved;
	if (b->ring)
		res->announced = b->len;
	snprintf(res->seed_src, sizeof(res->seed_src), "%s",
		 b->seed_src[0] ? b->seed_src : s->a->key ? HB_SRC_CMDLINE : "");
	snprintf(res->checks, sizeof(res->checks), "%s", b->checks);
	res->boot_s = stream_secs(b->t0, b->t_ring);
	res->stream_s = stream_secs(b->t_ring, b->t_end);
	res->total_s = stream_secs(b->t0, b->t_exit);
	if (b->end == ENGINE_BULK_SPAWN)
		return stream_fail(res, HB_EXIT_INFRA, b->rc ? b->rc : -EIO, "%s: %s",
				   res->image, b->err);
	if (!b->ring)
		return stream_no_ring(s, b, res);
	if (!b->complete)
		return stream_short(s, b, res);
	return stream_after(s, b, res);
}

/* ---- one boot ------------------------------------------------------------ */

/* The engine until the boot is over (or the loop itself failed). */
static int stream_boot(struct stream_sec *s, struct engine *e, int out_fd,
		       struct stream_result *res)
{
	struct engine_bulk b;

	memset(&b, 0, sizeof(b));
	if (stream_start(s, e, &b, s->a->bytes, out_fd))
		return stream_fail(res, HB_EXIT_INFRA, -EINVAL, "engine not open");
	while (!b.finished && engine_step(e, NULL, 0) >= 0)
		;
	if (!b.finished) {
		engine_close(e);
		return stream_fail(res, HB_EXIT_INFRA, -EIO, "%s", e->infra_err);
	}
	return stream_verdict(s, &b, res);
}

int stream_run(const struct stream_args *a, struct stream_result *res)
{
	struct engine e = { .jobs = 1 };
	struct stream_sec s;
	uint8_t key[CHACHA_KEY];
	int out_fd = -1, rc;

	memset(&s, 0, sizeof(s));
	memset(res, 0, sizeof(*res));
	res->requested = a->bytes;
	snprintf(res->image, sizeof(res->image), "%s", a->image);
	if (a->key && chacha_parse_key(a->key, key))
		return stream_fail(res, HB_EXIT_USAGE, -EINVAL,
				   "--key: '%s' is not 64 hex digits", a->key);
	if (!a->bytes)
		return stream_fail(res, HB_EXIT_USAGE, -EINVAL,
				   "--bytes: a stream needs at least 1 byte");
	/* Signals are the loop's from here on: one that lands while the image
	 * is resolved waits, blocked, for the loop to read it. */
	if (engine_open(&e))
		return stream_fail(res, HB_EXIT_INFRA, -EIO, "%s", e.infra_err);
	rc = stream_prepare(&s, a, res);
	if (!rc)
		rc = stream_output(a, res, &out_fd);
	if (!rc)
		rc = stream_boot(&s, &e, out_fd, res);
	engine_close(&e);
	if (out_fd >= 0)
		close(out_fd);
	stream_release(&s);
	return rc;
}
