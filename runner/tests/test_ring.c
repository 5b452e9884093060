/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The ring reader without QEMU: a thread plays the guest, storing a ChaCha20
 * keystream into a ring laid out in a shared temp file exactly as guest RAM
 * would hold it, in random chunk sizes (some larger than the ring), while
 * ring_stream() copies it to a pipe whose far end checks every byte.  Then
 * the header checks, corruption, timeout and serial-watch exits, and the
 * throughput with a producer that only does memcpy.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chacha.h"
#include "ring.h"
#include "unit.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A fake guest RAM file with a ring header at phys. */
struct ram {
	char path[256];
	uint8_t *map;
	size_t len;
	struct hb_ring *hdr;
	uint8_t *data;
};

static int ram_make(struct ram *m, uint64_t phys, uint64_t file_len)
{
	const char *dir = getenv("TMPDIR");
	struct stat st;
	int fd;

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		dir = "/dev/shm";
	else if (!dir || !*dir)
		dir = "/tmp";
	snprintf(m->path, sizeof(m->path), "%s/hb-test-ring-XXXXXX", dir);
	fd = mkstemp(m->path);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)file_len) < 0) {
		close(fd);
		return -errno;
	}
	m->map = mmap(NULL, file_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m->map == MAP_FAILED)
		return -errno;
	m->len = file_len;
	m->hdr = (struct hb_ring *)(m->map + phys);
	m->data = m->map + phys + HB_RING_DATA_OFF;
	return 0;
}

static void ram_header(struct ram *m, uint64_t size, uint64_t len)
{
	m->hdr->magic = HB_RING_MAGIC;
	m->hdr->version = HB_RING_VERSION;
	m->hdr->size = size;
	m->hdr->len = len;
	m->hdr->head = 0;
	m->hdr->tail = 0;
}

static void ram_free(struct ram *m)
{
	munmap(m->map, m->len);
	unlink(m->path);
}

/* ---- the fake guest ---------------------------------------------------- */

struct guest {
	struct hb_ring *hdr;
	uint8_t *data;
	uint64_t size, total;
	unsigned seed;
	int memcpy_only;  /* throughput: copy a fixed pattern, no ChaCha */
	int hup_fd;       /* closed when done: "the guest printed done" */
};

static const uint8_t test_key[32] = { 'h', 'a', 'r', 'd', 'b', 'o', 'o', 't' };

/*
 * The guest's side of the contract: store into free space at head % size,
 * then publish head with release semantics; wait while the ring is full.
 */
static void guest_put(struct guest *g, const uint8_t *src, uint64_t n)
{
	uint64_t head = g->hdr->head, mask = g->size - 1;
	unsigned spins = 0;

	while (n) {
		uint64_t tail = __atomic_load_n(&g->hdr->tail, __ATOMIC_ACQUIRE);
		uint64_t k = g->size - (head - tail);

		if (k == 0) {
			if (++spins > 64)
				sched_yield();
			else
				__builtin_ia32_pause();
			continue;
		}
		spins = 0;
		if (k > n)
			k = n;
		if (k > g->size - (head & mask))
			k = g->size - (head & mask);
		memcpy(g->data + (head & mask), src, k);
		head += k;
		src += k;
		n -= k;
		__atomic_store_n(&g->hdr->head, head, __ATOMIC_RELEASE);
	}
}

static void *guest_main(void *arg)
{
	struct guest *g = arg;
	uint64_t maxchunk = 3 * g->size + 7, pos = 0;
	uint8_t *buf = malloc(g->memcpy_only ? 2 * MiB : maxchunk);
	struct chacha_stream s;

	chacha_stream_init(&s, test_key, 0);
	if (g->memcpy_only)
		chacha_stream_read(&s, buf, 2 * MiB);
	while (pos < g->total) {
		uint64_t n;

		if (g->memcpy_only) {
			n = MiB;
		} else {
			/* Mix tiny, ring-sized and larger-than-ring chunks. */
			switch (rand_r(&g->seed) % 4) {
			case 0: n = 1 + rand_r(&g->seed) % 64; break;
			case 1: n = 1 + rand_r(&g->seed) % g->size; break;
			case 2: n = g->size; break;
			default: n = 1 + rand_r(&g->seed) % maxchunk; break;
			}
		}
		if (n > g->total - pos)
			n = g->total - pos;
		if (g->memcpy_only) {
			guest_put(g, buf + pos % MiB, n);
		} else {
			chacha_stream_read(&s, buf, n);
			guest_put(g, buf, n);
		}
		pos += n;
	}
	free(buf);
	if (g->hup_fd >= 0)
		close(g->hup_fd);
	return NULL;
}

/* ---- the far end of the output pipe ------------------------------------ */

struct checker {
	int fd;
	int discard;       /* only count (throughput) */
	uint64_t got;      /* bytes read */
	uint64_t bad_at;   /* first mismatch, or UINT64_MAX */
};

static void *checker_main(void *arg)
{
	struct checker *c = arg;
	uint8_t *buf = malloc(MiB), *want = malloc(MiB);
	struct chacha_stream s;
	ssize_t n;

	chacha_stream_init(&s, test_key, 0);
	c->got = 0;
	c->bad_at = UINT64_MAX;
	while ((n = read(c->fd, buf, MiB)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!c->discard && c->bad_at == UINT64_MAX) {
			chacha_stream_read(&s, want, (size_t)n);
			for (ssize_t i = 0; i < n; i++)
				if (buf[i] != want[i]) {
					c->bad_at = c->got + (uint64_t)i;
					break;
				}
		}
		c->got += (uint64_t)n;
	}
	free(buf);
	free(want);
	return NULL;
}

/* ---- streaming cases --------------------------------------------------- */

static const struct {
	uint64_t size, phys;
	int nonblock; /* output pipe O_NONBLOCK: EAGAIN must mean "later" */
} geoms[] = {
	{ 4 * KiB, 0x10000, 0 },
	{ 64 * KiB, 0x800000, 1 },
	{ 1 * MiB, 0x1000, 0 },
	{ 4 * MiB, 0x200000, 1 },
};

/* len as a function of size: 1, size-1, size, size+1, 64 MiB. */
static uint64_t case_len(unsigned i, uint64_t size)
{
	switch (i) {
	case 0: return 1;
	case 1: return size - 1;
	case 2: return size;
	case 3: return size + 1;
	default: return 64 * MiB;
	}
}

static void test_stream_one(uint64_t size, uint64_t phys, uint64_t len,
			    int nonblock, unsigned seed)
{
	struct ram m;
	struct ring_reader r;
	struct guest g = { .size = size, .total = len, .seed = seed,
			   .hup_fd = -1 };
	struct checker c = { .discard = 0 };
	pthread_t gt, ct;
	int out[2], watch[2], rc;

	if (ram_make(&m, phys, phys + HB_RING_DATA_OFF + size + 4096) < 0 ||
	    pipe(out) < 0 || pipe(watch) < 0) {
		unit_ok(0, "setup: %s", strerror(errno));
		return;
	}
	if (nonblock)
		fcntl(out[1], F_SETFL, O_NONBLOCK);
	ram_header(&m, size, len);
	rc = ring_open(&r, m.path, phys, size, len);
	if (!unit_ok(rc == 0, "open ring size 0x%llx at 0x%llx: %s",
		     (unsigned long long)size, (unsigned long long)phys,
		     rc ? r.err : "ok")) {
		ram_free(&m);
		return;
	}
	g.hdr = m.hdr;
	g.data = m.data;
	c.fd = out[0];
	pthread_create(&ct, NULL, checker_main, &c);
	pthread_create(&gt, NULL, guest_main, &g);
	/* watch[1] stays open: a quiet serial line must not stop us. */
	rc = ring_stream(&r, out[1], watch[0], 10000);
	pthread_join(gt, NULL);
	close(out[1]);
	pthread_join(ct, NULL);
	unit_ok(rc == 0 && ring_complete(&r) && ring_moved(&r) == len &&
			c.got == len && c.bad_at == UINT64_MAX &&
			m.hdr->tail == len,
		"size 0x%llx len 0x%llx%s: rc %d moved 0x%llx, far end got "
		"0x%llx, first bad byte %lld%s%s",
		(unsigned long long)size, (unsigned long long)len,
		nonblock ? " (non-blocking out)" : "", rc,
		(unsigned long long)ring_moved(&r), (unsigned long long)c.got,
		c.bad_at == UINT64_MAX ? -1ll : (long long)c.bad_at,
		rc ? ": " : "", rc ? r.err : "");
	ring_close(&r);
	close(out[0]);
	close(watch[0]);
	close(watch[1]);
	ram_free(&m);
}

static void test_stream(void)
{
	unsigned seed = 1;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(geoms); i++)
		for (unsigned j = 0; j < 5; j++)
			test_stream_one(geoms[i].size, geoms[i].phys,
					case_len(j, geoms[i].size),
					geoms[i].nonblock, seed++);
}

/*
 * Unbounded ring (len 0): the stream ends when the guest speaks on serial.
 * Everything it published before must still come out, none of it twice.
 */
static void test_unbounded(void)
{
	static const uint64_t totals[] = { 0, 1, 3 * MiB + 5 };

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(totals); i++) {
		struct ram m;
		struct ring_reader r;
		struct guest g = { .size = 64 * KiB, .total = totals[i],
				   .seed = 99 };
		struct checker c = { .discard = 0 };
		pthread_t gt, ct;
		int out[2], watch[2], rc;

		if (ram_make(&m, 0x4000, 0x4000 + HB_RING_DATA_OFF + 64 * KiB) ||
		    pipe(out) < 0 || pipe(watch) < 0) {
			unit_ok(0, "setup: %s", strerror(errno));
			return;
		}
		ram_header(&m, 64 * KiB, 0);
		rc = ring_open(&r, m.path, 0x4000, 64 * KiB, 0);
		g.hdr = m.hdr;
		g.data = m.data;
		g.hup_fd = watch[1];
		c.fd = out[0];
		pthread_create(&ct, NULL, checker_main, &c);
		pthread_create(&gt, NULL, guest_main, &g);
		rc = rc ? rc : ring_stream(&r, out[1], watch[0], 10000);
		pthread_join(gt, NULL);
		close(out[1]);
		pthread_join(ct, NULL);
		unit_ok(rc == -EPIPE && !ring_complete(&r) &&
				ring_moved(&r) == totals[i] &&
				c.got == totals[i] && c.bad_at == UINT64_MAX,
			"unbounded ring, guest hangs up after 0x%llx bytes: "
			"rc %d moved 0x%llx (%s)",
			(unsigned long long)totals[i], rc,
			(unsigned long long)ring_moved(&r), r.err);
		ring_close(&r);
		close(out[0]);
		close(watch[0]);
		ram_free(&m);
	}
}

/* ---- header validation ------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t magic, version;
	uint64_t hsize, hlen, head, tail; /* in the header */
	uint64_t phys, size, len;         /* announced */
	int rc;
	const char *err;                  /* substring of r.err */
} hdr_vec[] = {
	{ "good", HB_RING_MAGIC, 1, 4096, 100, 0, 0, 0x8000, 4096, 100, 0, "" },
	{ "good, already half consumed", HB_RING_MAGIC, 1, 4096, 0, 5000,
	  4000, 0x8000, 4096, 0, 0, "" },
	{ "bad magic", 0, 1, 4096, 100, 0, 0, 0x8000, 4096, 100, -EPROTO,
	  "ring at 0x8000: bad magic 0x0" },
	{ "bad version", HB_RING_MAGIC, 2, 4096, 100, 0, 0, 0x8000, 4096, 100,
	  -EPROTO, "version 2, want 1" },
	{ "size not a power of two", HB_RING_MAGIC, 1, 3000, 100, 0, 0, 0x8000,
	  3000, 100, -EINVAL, "size 0xbb8 is not a power of two" },
	{ "size 0", HB_RING_MAGIC, 1, 0, 100, 0, 0, 0x8000, 0, 100, -EINVAL,
	  "not a power of two" },
	{ "size differs from record", HB_RING_MAGIC, 1, 2048, 100, 0, 0,
	  0x8000, 4096, 100, -EPROTO, "header says size=0x800" },
	{ "len differs from record", HB_RING_MAGIC, 1, 4096, 100, 0, 0, 0x8000,
	  4096, 200, -EPROTO, "len=0x64, record said size=0x1000 len=0xc8" },
	{ "ring data beyond file end", HB_RING_MAGIC, 1, 4096, 100, 0, 0,
	  0x8000, 8192, 100, -EINVAL, "run past the end" },
	{ "ring header beyond file end", HB_RING_MAGIC, 1, 4096, 100, 0, 0,
	  0x100000, 4096, 100, -EINVAL, "run past the end" },
	{ "phys near 2^64", HB_RING_MAGIC, 1, 4096, 100, 0, 0,
	  0xfffffffffffff000ull, 4096, 100, -EINVAL, "run past the end" },
	{ "size 2^63", HB_RING_MAGIC, 1, 4096, 100, 0, 0, 0x8000,
	  1ull << 63, 100, -EINVAL, "run past the end" },
	{ "phys misaligned", HB_RING_MAGIC, 1, 4096, 100, 0, 0, 0x8004, 4096,
	  100, -EINVAL, "not 8-byte aligned" },
	{ "head more than size ahead", HB_RING_MAGIC, 1, 4096, 0, 4097, 0,
	  0x8000, 4096, 0, -EPROTO, "inconsistent at open" },
	{ "head behind tail", HB_RING_MAGIC, 1, 4096, 0, 10, 11, 0x8000, 4096,
	  0, -EPROTO, "inconsistent at open" },
	{ "tail beyond len", HB_RING_MAGIC, 1, 4096, 100, 101, 101, 0x8000,
	  4096, 100, -EPROTO, "inconsistent at open" },
};

static void test_headers(void)
{
	enum { FILE_LEN = 0x8000 + HB_RING_DATA_OFF + 4096 };
	struct ring_reader r;
	struct ram m;
	int rc;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(hdr_vec); i++) {
		if (ram_make(&m, 0x8000, FILE_LEN) < 0) {
			unit_ok(0, "setup: %s", strerror(errno));
			return;
		}
		m.hdr->magic = hdr_vec[i].magic;
		m.hdr->version = hdr_vec[i].version;
		m.hdr->size = hdr_vec[i].hsize;
		m.hdr->len = hdr_vec[i].hlen;
		m.hdr->head = hdr_vec[i].head;
		m.hdr->tail = hdr_vec[i].tail;
		rc = ring_open(&r, m.path, hdr_vec[i].phys, hdr_vec[i].size,
			       hdr_vec[i].len);
		unit_ok(rc == hdr_vec[i].rc && strstr(r.err, hdr_vec[i].err) &&
				(rc != 0 || r.err[0] == '\0'),
			"header %s: rc %d \"%s\"", hdr_vec[i].name, rc, r.err);
		ring_close(&r);
		ram_free(&m);
	}
	rc = ring_open(&r, "/nonexistent/hardboot-ram", 0, 4096, 0);
	unit_ok(rc == -ENOENT && strstr(r.err, "open /nonexistent"),
		"missing RAM file: rc %d \"%s\"", rc, r.err);
	ring_close(&r);
	ring_close(&r);
	unit_ok(1, "ring_close twice is harmless");
}

/* ---- what a misbehaving guest or a quiet one gets ---------------------- */

static void test_failures(void)
{
	struct ring_reader r;
	struct ram m;
	int out, watch[2], rc;
	ssize_t n;
	double t;

	if (ram_make(&m, 0, HB_RING_DATA_OFF + 4096) < 0 ||
	    (out = open("/dev/null", O_WRONLY)) < 0 || pipe(watch) < 0) {
		unit_ok(0, "setup: %s", strerror(errno));
		return;
	}
	ram_header(&m, 4096, 1000);
	ring_open(&r, m.path, 0, 4096, 1000);

	n = ring_pump(&r, out);
	unit_ok(n == 0, "nothing published: pump moves 0 (%zd)", n);
	t = now_s();
	rc = ring_stream(&r, out, -1, 50);
	t = now_s() - t;
	unit_ok(rc == -ETIMEDOUT && t >= 0.05 && t < 1.0 &&
			strstr(r.err, "no data for 50 ms"),
		"quiet guest: -ETIMEDOUT after %.3f s \"%s\"", t, r.err);

	m.hdr->head = 300;
	n = ring_pump(&r, out);
	unit_ok(n == 300 && m.hdr->tail == 300 && ring_moved(&r) == 300,
		"pump moves what was published (%zd)", n);

	if (write(watch[1], "HB1 done st=fail\n", 17) != 17)
		unit_ok(0, "write watch pipe");
	m.hdr->head = 400;
	rc = ring_stream(&r, out, watch[0], 5000);
	unit_ok(rc == -EPIPE && ring_moved(&r) == 400 &&
			strstr(r.err, "serial fd"),
		"serial spoke: drained to 400, -EPIPE \"%s\"", r.err);
	close(watch[1]);
	close(watch[0]);

	m.hdr->head = 400 + 4097;
	n = ring_pump(&r, out);
	unit_ok(n == -EPROTO && strstr(r.err, "corrupt head 0x1191"),
		"head more than size ahead: %zd \"%s\"", n, r.err);
	m.hdr->head = 399;
	n = ring_pump(&r, out);
	unit_ok(n == -EPROTO, "head moved backwards: %zd", n);
	m.hdr->head = 1001;
	n = ring_pump(&r, out);
	unit_ok(n == -EPROTO && ring_moved(&r) == 400,
		"head beyond len: %zd, nothing consumed", n);
	rc = ring_stream(&r, out, -1, 1000);
	unit_ok(rc == -EPROTO, "ring_stream passes -EPROTO up (%d)", rc);

	m.hdr->head = 1000;
	rc = ring_stream(&r, out, -1, 1000);
	unit_ok(rc == 0 && ring_complete(&r) && ring_moved(&r) == 1000,
		"recovered head completes the stream (%d)", rc);

	ring_close(&r);
	ram_header(&m, 4096, 10);
	ring_open(&r, m.path, 0, 4096, 10);
	m.hdr->head = 10;
	n = ring_pump(&r, -1);
	unit_ok(n == -EBADF && strstr(r.err, "write to fd -1") &&
			ring_moved(&r) == 0,
		"bad out fd: %zd \"%s\"", n, r.err);
	ring_close(&r);
	close(out);
	ram_free(&m);
}

/* ---- one round at a time, as the boot engine calls it ------------------ */

static void test_round(void)
{
	struct ring_reader r;
	struct ram m;
	int p[2], rc, ok = 1, spins = 0;
	long wait = -2, last = 0;
	char buf[8192];

	if (ram_make(&m, 0, HB_RING_DATA_OFF + 8192) < 0 ||
	    pipe2(p, O_NONBLOCK) < 0) {
		unit_ok(0, "setup: %s", strerror(errno));
		return;
	}
	ram_header(&m, 8192, 100000);
	ring_open(&r, m.path, 0, 8192, 100000);
	/* Quiet guest: spin and yield rounds (no wait), then sleeps that
	 * double from 20 us to 1 ms and stay there. */
	for (int i = 0; i < 40 && ok; i++) {
		rc = ring_round(&r, p[1], -1, &wait);
		ok = rc == 0 && wait >= 0 && (wait == 0 ? !last : wait >= last) &&
		     wait <= 1000000;
		spins += !wait;
		last = wait;
	}
	unit_ok(ok && spins == 24 && last == 1000000,
		"quiet guest: %d rounds without a wait, then sleeps up to %ld ns",
		spins, last);
	/* 2 KiB published 20 ms after the open: moved at once; a quarter of
	 * the ring takes the guest milliseconds to fill, so the next empty
	 * round sleeps at once instead of spinning. */
	usleep(20000);
	m.hdr->head = 2048;
	rc = ring_round(&r, p[1], -1, &wait);
	unit_ok(rc == 0 && wait == 0 && ring_moved(&r) == 2048,
		"published bytes moved (%llu), wait %ld",
		(unsigned long long)ring_moved(&r), wait);
	rc = ring_round(&r, p[1], -1, &wait);
	unit_ok(rc == 0 && wait > 0 && wait <= 1000000,
		"streaming: an empty round sleeps %ld ns, no spin", wait);
	/* The reader is slow: fill the pipe, then the round asks for POLLOUT,
	 * and that wait never counts as the guest's stall. */
	m.hdr->head = r.tail + 8192;
	while ((rc = ring_round(&r, p[1], 0, &wait)) == 0 && wait == 0)
		m.hdr->head = r.tail + 8192;
	unit_ok(rc == 0 && wait == RING_WAIT_OUT,
		"full out fd: rc %d, wait %ld (RING_WAIT_OUT), not -ETIMEDOUT",
		rc, wait);
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	do {
		m.hdr->head = r.tail + 8192 < 100000 ? r.tail + 8192 : 100000;
		while (read(p[0], buf, sizeof(buf)) > 0)
			;
	} while ((rc = ring_round(&r, p[1], -1, &wait)) == 0);
	unit_ok(rc == 1 && ring_complete(&r), "len bytes moved: rc %d", rc);
	ring_close(&r);
	ram_header(&m, 8192, 100);
	ring_open(&r, m.path, 0, 8192, 100);
	usleep(20000);
	rc = ring_round(&r, p[1], 10, &wait);
	unit_ok(rc == -ETIMEDOUT && strstr(r.err, "no data for 10 ms"),
		"nothing since ring_open for 10 ms: rc %d \"%s\"", rc, r.err);
	ring_close(&r);
	close(p[0]);
	close(p[1]);
	ram_free(&m);
}

/* ---- throughput -------------------------------------------------------- */

static void bench_one(uint64_t size, int to_pipe, uint64_t total)
{
	struct ram m;
	struct ring_reader r;
	struct guest g = { .size = size, .total = total, .memcpy_only = 1,
			   .hup_fd = -1 };
	struct checker c = { .discard = 1 };
	pthread_t gt, ct;
	int out[2] = { -1, -1 }, rc;
	double t;

	if (ram_make(&m, 0x100000, 0x100000 + HB_RING_DATA_OFF + size) < 0)
		return;
	if (to_pipe) {
		if (pipe(out) < 0)
			return;
		/* A roomier pipe, as the runner would ask for. */
		fcntl(out[1], F_SETPIPE_SZ, (int)MiB);
		c.fd = out[0];
		pthread_create(&ct, NULL, checker_main, &c);
	} else {
		out[1] = open("/dev/null", O_WRONLY);
	}
	ram_header(&m, size, total);
	ring_open(&r, m.path, 0x100000, size, total);
	g.hdr = m.hdr;
	g.data = m.data;
	t = now_s();
	pthread_create(&gt, NULL, guest_main, &g);
	rc = ring_stream(&r, out[1], -1, 10000);
	pthread_join(gt, NULL);
	t = now_s() - t;
	close(out[1]);
	if (to_pipe) {
		pthread_join(ct, NULL);
		close(out[0]);
	}
	printf("# ring_stream throughput: %.0f MB/s (ring %llu KiB, %llu MiB "
	       "to %s, memcpy producer, %.3f s)%s%s\n",
	       (double)total / t / 1e6, (unsigned long long)(size / KiB),
	       (unsigned long long)(total / MiB),
	       to_pipe ? "a pipe read by another thread" : "/dev/null", t,
	       rc ? " FAILED: " : "", rc ? r.err : "");
	ring_close(&r);
	ram_free(&m);
}

/* Large transfers through every ring size; the throughput printed is for
 * orientation (bench/rng_stream.sh judges speed).  HB_RING_BENCH=1 moves
 * the full 4.7 GB; the unit run a sixteenth of it (~20 s saved). */
static void bench(void)
{
	uint64_t d = getenv("HB_RING_BENCH") ? 1 : 16;

	bench_one(4 * MiB, 0, 2048 * MiB / d);
	bench_one(4 * MiB, 1, 1024 * MiB / d);
	bench_one(1 * MiB, 1, 1024 * MiB / d);
	bench_one(64 * KiB, 1, 512 * MiB / d);
	bench_one(4 * KiB, 1, 128 * MiB / d);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A pipe reader that went away must show up as -EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	test_headers();
	test_failures();
	test_round();
	test_stream();
	test_unbounded();
	bench();
	return unit_done();
}
