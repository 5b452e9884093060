/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot raw-noise`: an image's early entropy source, raw, boot after
 * boot, into one file of restarts for SP 800-90B (rawnoise.h).
 *
 * The boots are the engine's bulk boots (engine.c), resolved, started and
 * judged through stream.c exactly as `hardboot stream` does; here: up to
 * --jobs of them in flight, each streaming into a memfd of its own, and a
 * finished boot's samples checked, turned into symbols and written as its
 * row.  One loop, the engine's: this module only steps it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "rawnoise.h"
#include "run.h"
#include "stream.h"

static const char *const rawnoise_names[RAWNOISE_NSRC] = {
	"rdseed", "rdrand", "jitter", "tsc",
};

int rawnoise_source(const char *name, enum rawnoise_src *src)
{
	for (int i = 0; i < RAWNOISE_NSRC; i++)
		if (!strcmp(name, rawnoise_names[i])) {
			*src = (enum rawnoise_src)i;
			return 0;
		}
	return -EINVAL;
}

const char *rawnoise_source_name(enum rawnoise_src src)
{
	return (unsigned)src < RAWNOISE_NSRC ? rawnoise_names[src] : "?";
}

int rawnoise_decode(const uint8_t *buf, size_t len, enum rawnoise_src src,
		    uint64_t *v, size_t n, char *why, size_t whylen)
{
	if (len / 8 != n || len % 8) {
		snprintf(why, whylen, "%zu bytes are not %zu samples of 8", len, n);
		return -EPROTO;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t x = 0;

		for (int b = 7; b >= 0; b--)
			x = x << 8 | buf[8 * i + (size_t)b];
		v[i] = x;
		if (src != RAWNOISE_TSC && x >> 32) {
			snprintf(why, whylen, "sample %zu is 0x%llx, wider than the 32 bits "
				 "%s gives", i, (unsigned long long)x, rawnoise_source_name(src));
			return -EPROTO;
		}
		if (src == RAWNOISE_TSC && i && x < v[i - 1]) {
			snprintf(why, whylen, "TSC sample %zu is 0x%llx, below sample %zu "
				 "(0x%llx): the TSC never goes back", i, (unsigned long long)x,
				 i - 1, (unsigned long long)v[i - 1]);
			return -EPROTO;
		}
	}
	return 0;
}

void rawnoise_symbols(const uint64_t *v, size_t n, unsigned bits, unsigned shift,
		      uint8_t *sym)
{
	uint64_t mask = (1u << bits) - 1;

	for (size_t i = 0; i < n; i++)
		sym[i] = (uint8_t)((v[i] >> shift) & mask);
}

/* ---- collecting ------------------------------------------------------------ */

/* A boot in flight: the engine's facts, and the memfd its ring goes to. */
struct rawnoise_slot {
	struct engine_bulk b;
	int fd;
	int busy;
	unsigned long row;
};

struct rawnoise_ctx {
	const struct rawnoise_args *a;
	struct rawnoise_result *res;
	struct stream_args sa;
	struct stream_sec ss;
	struct stream_result sres;
	struct engine e;
	struct rawnoise_slot *slot;
	int out_fd, raw_fd;
	uint8_t *buf, *sym;       /* one boot: ring bytes, symbols */
	uint64_t *val;            /* one boot: samples */
	uint64_t seen[4];         /* symbols present, a 256-bit set */
};

/* The first failure is the cause; keep it. */
__attribute__((format(printf, 4, 5)))
static int rawnoise_fail(struct rawnoise_result *res, int status, int rc,
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

static int rawnoise_open_out(struct rawnoise_ctx *c, const char *path, int *fd)
{
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (*fd < 0)
		return rawnoise_fail(c->res, HB_EXIT_USAGE, -errno, "output %s: %s", path,
				     strerror(errno));
	return 0;
}

/* Buffers for one boot, the outputs, and a memfd per slot. */
static int rawnoise_setup(struct rawnoise_ctx *c)
{
	const struct rawnoise_args *a = c->a;
	size_t n = (size_t)a->samples;
	int rc;

	c->buf = malloc(8 * n);
	c->val = malloc(8 * n);
	c->sym = malloc(n);
	c->slot = calloc((size_t)a->jobs, sizeof(*c->slot));
	if (!c->buf || !c->val || !c->sym || !c->slot)
		return rawnoise_fail(c->res, HB_EXIT_INFRA, -ENOMEM, "%llu samples per "
				     "boot: out of memory", (unsigned long long)a->samples);
	for (int i = 0; i < a->jobs; i++)
		c->slot[i].fd = -1;
	for (int i = 0; i < a->jobs; i++) {
		c->slot[i].fd = memfd_create("hardboot-raw", MFD_CLOEXEC);
		if (c->slot[i].fd < 0)
			return rawnoise_fail(c->res, HB_EXIT_INFRA, -errno, "memfd_create: %s",
					     strerror(errno));
	}
	rc = rawnoise_open_out(c, a->out, &c->out_fd);
	if (!rc && a->raw_out)
		rc = rawnoise_open_out(c, a->raw_out, &c->raw_fd);
	return rc;
}

/* raw=N raw_src=SRC, then --append. */
static char *rawnoise_cmdline(const struct rawnoise_args *a)
{
	return g_strdup_printf("raw=%llu raw_src=%s%s%s", (unsigned long long)a->samples,
			       rawnoise_source_name(a->src), a->append ? " " : "",
			       a->append ? a->append : "");
}

static int rawnoise_start(struct rawnoise_ctx *c, struct rawnoise_slot *s,
			  unsigned long row)
{
	if (ftruncate(s->fd, 0) < 0)
		return rawnoise_fail(c->res, HB_EXIT_INFRA, -errno, "ftruncate memfd: %s",
				     strerror(errno));
	if (lseek(s->fd, 0, SEEK_SET) < 0)
		return rawnoise_fail(c->res, HB_EXIT_INFRA, -errno, "lseek memfd: %s",
				     strerror(errno));
	memset(&s->b, 0, sizeof(s->b));
	if (stream_start(&c->ss, &c->e, &s->b, 8 * c->a->samples, s->fd))
		return rawnoise_fail(c->res, HB_EXIT_INFRA, -EINVAL, "engine not open");
	s->busy = 1;
	s->row = row;
	return 0;
}

/* pwrite all of it at off. */
static int rawnoise_pwrite(struct rawnoise_ctx *c, int fd, const char *path,
			   const void *p, size_t n, off_t off)
{
	const uint8_t *q = p;

	while (n) {
		ssize_t w = pwrite(fd, q, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return rawnoise_fail(c->res, HB_EXIT_INFRA, w < 0 ? -errno : -EIO,
					     "pwrite %s: %s", path,
					     w < 0 ? strerror(errno) : "short write");
		q += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* The boot's ring bytes, all 8 N of them, back from its memfd. */
static int rawnoise_read(struct rawnoise_ctx *c, struct rawnoise_slot *s, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(s->fd, c->buf + got, len - got, (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return rawnoise_fail(c->res, HB_EXIT_INFRA, r < 0 ? -errno : -EIO,
					     "pread memfd: %s", r < 0 ? strerror(errno) :
					     "fewer bytes than the ring moved");
		got += (size_t)r;
	}
	return 0;
}

/* A finished boot: its verdict, then its samples as row s->row. */
static int rawnoise_finish(struct rawnoise_ctx *c, struct rawnoise_slot *s)
{
	const struct rawnoise_args *a = c->a;
	size_t n = (size_t)a->samples;
	char why[300];
	int rc;

	s->busy = 0;
	if (strstr(s->b.checks, "raw=skip"))
		return rawnoise_fail(c->res, HB_EXIT_USAGE, -ENODEV, "%s: raw_src=%s: the "
				     "guest's CPU does not offer it, or the command line "
				     "masks it (check %s)%s", c->res->image,
				     rawnoise_source_name(a->src), s->b.checks,
				     a->src == RAWNOISE_RDSEED ? "; TCG offers no RDSEED, "
				     "try --accel kvm" : "");
	memset(&c->sres, 0, sizeof(c->sres));
	snprintf(c->sres.image, sizeof(c->sres.image), "%s", c->res->image);
	snprintf(c->sres.out_name, sizeof(c->sres.out_name), "boot %lu's memfd", s->row);
	rc = stream_verdict(&c->ss, &s->b, &c->sres);
	if (rc)
		return rawnoise_fail(c->res, c->sres.status, rc, "boot %lu of %lu: %s",
				     s->row + 1, a->boots, c->sres.err);
	rc = rawnoise_read(c, s, 8 * n);
	if (!rc && rawnoise_decode(c->buf, 8 * n, a->src, c->val, n, why, sizeof(why)))
		return rawnoise_fail(c->res, HB_EXIT_CHECK, -EPROTO, "%s: boot %lu of %lu: "
				     "%s (does the image know raw=? one that does not "
				     "streams its keystream)", c->res->image, s->row + 1,
				     a->boots, why);
	if (rc)
		return rc;
	rawnoise_symbols(c->val, n, a->bits, a->shift, c->sym);
	for (size_t i = 0; i < n; i++) {
		c->seen[c->sym[i] / 64] |= (uint64_t)1 << (c->sym[i] % 64);
		if (c->val[i] < c->res->raw_min)
			c->res->raw_min = c->val[i];
		if (c->val[i] > c->res->raw_max)
			c->res->raw_max = c->val[i];
	}
	rc = rawnoise_pwrite(c, c->out_fd, a->out, c->sym, n, (off_t)(s->row * n));
	if (!rc && a->raw_out)
		rc = rawnoise_pwrite(c, c->raw_fd, a->raw_out, c->buf, 8 * n,
				     (off_t)(s->row * 8 * n));
	if (!rc)
		c->res->boots++;
	return rc;
}

/*
 * Keep every slot busy until all boots are started; step the engine; judge
 * what finished.  The first failure stops the starting; what still runs is
 * killed by engine_close().
 */
static int rawnoise_loop(struct rawnoise_ctx *c)
{
	const struct rawnoise_args *a = c->a;
	unsigned long next = 0;
	int rc = 0, busy;

	do {
		busy = 0;
		for (int i = 0; i < a->jobs; i++) {
			struct rawnoise_slot *s = &c->slot[i];

			if (s->busy && s->b.finished && !rc)
				rc = rawnoise_finish(c, s);
			if (!s->busy && next < a->boots && !rc)
				rc = rawnoise_start(c, s, next++);
			busy |= s->busy && !s->b.finished;
		}
		if (rc || !busy)
			break;
		if (engine_step(&c->e, NULL, 0) < 0)
			return rawnoise_fail(c->res, HB_EXIT_INFRA, -EIO, "%s", c->e.infra_err);
	} while (1);
	return rc;
}

static void rawnoise_release(struct rawnoise_ctx *c, int failed)
{
	const struct rawnoise_args *a = c->a;

	for (int i = 0; c->slot && i < a->jobs; i++)
		if (c->slot[i].fd >= 0)
			close(c->slot[i].fd);
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->raw_fd >= 0)
		close(c->raw_fd);
	/* A file of fewer restarts than asked would be read as a smaller test. */
	if (failed && c->out_fd >= 0)
		unlink(a->out);
	if (failed && c->raw_fd >= 0)
		unlink(a->raw_out);
	stream_release(&c->ss);
	free(c->slot);
	free(c->buf);
	free(c->val);
	free(c->sym);
}

static int rawnoise_check_args(const struct rawnoise_args *a, struct rawnoise_result *res)
{
	if (!a->boots || !a->samples || a->samples > RAWNOISE_MAX_SAMPLES)
		return rawnoise_fail(res, HB_EXIT_USAGE, -EINVAL, "--boots at least 1, "
				     "--samples 1..%llu", RAWNOISE_MAX_SAMPLES);
	if (a->bits < 1 || a->bits > 8 || a->shift > 63 || (unsigned)a->src >= RAWNOISE_NSRC ||
	    a->jobs < 1 || !a->out)
		return rawnoise_fail(res, HB_EXIT_USAGE, -EINVAL, "--bits 1..8, --shift "
				     "0..63, a source, --jobs at least 1 and an output");
	return 0;
}

int rawnoise_run(const struct rawnoise_args *a, struct rawnoise_result *res)
{
	struct rawnoise_ctx c = { .a = a, .res = res, .out_fd = -1, .raw_fd = -1 };
	char *cmdline = NULL;
	int64_t t0;
	int rc;

	memset(res, 0, sizeof(*res));
	res->raw_min = UINT64_MAX;
	snprintf(res->image, sizeof(res->image), "%s", a->image);
	rc = rawnoise_check_args(a, res);
	if (rc)
		return rc;
	c.e.jobs = a->jobs;
	/* Signals are the loop's from here on (as in stream_run()). */
	if (engine_open(&c.e))
		return rawnoise_fail(res, HB_EXIT_INFRA, -EIO, "%s", c.e.infra_err);
	cmdline = rawnoise_cmdline(a);
	c.sa = (struct stream_args){ .image = a->image, .images_dir = a->images_dir,
				     .accel = a->accel, .timeout = a->timeout,
				     .append = cmdline, .qemu_args = a->qemu_args };
	rc = stream_prepare(&c.ss, &c.sa, &c.sres);
	if (rc)
		rawnoise_fail(res, c.sres.status, rc, "%s", c.sres.err);
	snprintf(res->accel, sizeof(res->accel), "%s", c.sres.accel);
	snprintf(res->accel_why, sizeof(res->accel_why), "%s", c.sres.accel_why);
	if (!rc)
		snprintf(res->image, sizeof(res->image), "%s", c.sres.image);
	t0 = engine_now();
	if (!rc)
		rc = rawnoise_setup(&c);
	if (!rc)
		rc = rawnoise_loop(&c);
	if (engine_close(&c.e) == -EINTR && !res->status)
		rc = rawnoise_fail(res, HB_EXIT_INTR, -EINTR, "interrupted");
	res->secs = (double)(engine_now() - t0) / 1e9;
	for (int i = 0; i < 256; i++)
		res->distinct += (unsigned)(c.seen[i / 64] >> (i % 64) & 1);
	rawnoise_release(&c, rc != 0);
	g_free(cmdline);
	return rc;
}
