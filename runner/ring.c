/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Consumer of the bulk ring in file-backed guest RAM.
 *
 * The guest's stores land in the page cache pages of the RAM file, which we
 * map MAP_SHARED: the same physical pages, so no copy and no VM exit until
 * we write() the bytes onward.  Everything the guest wrote is untrusted: it
 * may be buggy or deliberately hostile (this is a security test suite), so
 * head is range-checked before a single data byte is read, and offsets into
 * the data area always come from our own tail masked by our own size.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"

/*
 * PAUSE in a spin-wait tells the core not to speculate ahead through the
 * loop, which avoids the memory-order machine clear when the guest's store
 * to head finally arrives, and yields pipeline resources to an SMT sibling
 * (possibly the very vCPU thread we are waiting for).
 */
#if defined(__x86_64__) || defined(__i386__)
static inline void ring_cpu_relax(void)
{
	__builtin_ia32_pause();
}
#else
static inline void ring_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}
#endif

/*
 * A single write() takes at most half the ring, and at most this much.
 * tail is published after each write, so the cap hands freed space back to
 * the guest while we are still copying: with at most half the ring in
 * flight the guest can always keep storing into the other half.  256 KiB
 * keeps syscall overhead under 1% of a memcpy-bound transfer and stays in
 * L2.
 */
#define RING_MAX_WRITE (256u << 10)

/* Backoff when the guest has nothing new (no doorbell: we must poll). */
#define RING_SPIN_ROUNDS 16       /* rounds of RING_SPIN_PAUSES x PAUSE */
#define RING_SPIN_PAUSES 64       /* ~2-5 us per round on current cores */
#define RING_YIELD_ROUNDS 8       /* then sched_yield(): let a vCPU run */
#define RING_SLEEP_MIN_NS 20000L  /* then nanosleep, doubling from 20 us */
#define RING_SLEEP_MAX_NS 1000000L /* ... to 1 ms */

__attribute__((format(printf, 2, 3)))
static void ring_seterr(struct ring_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
}

static void ring_backoff_reset(struct ring_reader *r);

static int ring_fail(struct ring_reader *r, int rc)
{
	ring_close(r);
	return rc;
}

int ring_open(struct ring_reader *r, const char *mem_path, uint64_t phys,
	      uint64_t size, uint64_t len)
{
	struct stat st;
	uint64_t fsize, head, tail;
	uint32_t magic, version;
	void *map;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->phys = phys;
	r->size = size;
	r->len = len;

	/* Offsets are tail & (size - 1): only a power of two makes that work. */
	if (size == 0 || (size & (size - 1))) {
		ring_seterr(r, "ring at 0x%llx: size 0x%llx is not a power of two",
			    (unsigned long long)phys, (unsigned long long)size);
		return -EINVAL;
	}
	/* head/tail must be naturally aligned to be single-copy atomic. */
	if (phys & 7) {
		ring_seterr(r, "ring at 0x%llx: not 8-byte aligned",
			    (unsigned long long)phys);
		return -EINVAL;
	}
	r->fd = open(mem_path, O_RDWR | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;

		ring_seterr(r, "open %s: %s", mem_path, strerror(e));
		return -e;
	}
	if (fstat(r->fd, &st) < 0) {
		int e = errno;

		ring_seterr(r, "fstat %s: %s", mem_path, strerror(e));
		return ring_fail(r, -e);
	}
	fsize = (uint64_t)st.st_size;
	/* size <= 2^63, so HB_RING_DATA_OFF + size cannot wrap. */
	if (phys > fsize || HB_RING_DATA_OFF + size > fsize - phys) {
		ring_seterr(r, "ring at 0x%llx: 0x%llx data bytes run past the "
			    "end of %s (0x%llx bytes)", (unsigned long long)phys,
			    (unsigned long long)size, mem_path,
			    (unsigned long long)fsize);
		return ring_fail(r, -EINVAL);
	}
	map = mmap(NULL, (size_t)fsize, PROT_READ | PROT_WRITE, MAP_SHARED,
		   r->fd, 0);
	if (map == MAP_FAILED) {
		int e = errno;

		ring_seterr(r, "mmap %s: %s", mem_path, strerror(e));
		return ring_fail(r, -e);
	}
	r->map = map;
	r->map_len = (size_t)fsize;
	r->hdr = (struct hb_ring *)(r->map + phys);
	r->data = r->map + phys + HB_RING_DATA_OFF;

	/* The guest wrote the header before it printed the ring record. */
	magic = __atomic_load_n(&r->hdr->magic, __ATOMIC_ACQUIRE);
	version = r->hdr->version;
	if (magic != HB_RING_MAGIC) {
		ring_seterr(r, "ring at 0x%llx: bad magic 0x%x",
			    (unsigned long long)phys, magic);
		return ring_fail(r, -EPROTO);
	}
	if (version != HB_RING_VERSION) {
		ring_seterr(r, "ring at 0x%llx: version %u, want %u",
			    (unsigned long long)phys, version, HB_RING_VERSION);
		return ring_fail(r, -EPROTO);
	}
	if (r->hdr->size != size || r->hdr->len != len) {
		ring_seterr(r, "ring at 0x%llx: header says size=0x%llx "
			    "len=0x%llx, record said size=0x%llx len=0x%llx",
			    (unsigned long long)phys,
			    (unsigned long long)r->hdr->size,
			    (unsigned long long)r->hdr->len,
			    (unsigned long long)size, (unsigned long long)len);
		return ring_fail(r, -EPROTO);
	}
	tail = __atomic_load_n(&r->hdr->tail, __ATOMIC_RELAXED);
	head = __atomic_load_n(&r->hdr->head, __ATOMIC_ACQUIRE);
	if (head - tail > size || (len && tail > len)) {
		ring_seterr(r, "ring at 0x%llx: head 0x%llx and tail 0x%llx "
			    "inconsistent at open", (unsigned long long)phys,
			    (unsigned long long)head, (unsigned long long)tail);
		return ring_fail(r, -EPROTO);
	}
	r->tail = tail;
	r->start = tail;
	r->max_write = RING_MAX_WRITE;
	if (size / 2 < RING_MAX_WRITE)
		r->max_write = size > 1 ? (size_t)(size / 2) : 1;
	ring_backoff_reset(r);
	r->err[0] = '\0';
	return 0;
}

ssize_t ring_pump(struct ring_reader *r, int out_fd)
{
	const uint64_t mask = r->size - 1;
	uint64_t head, avail;
	ssize_t moved = 0;

	/* Acquire: the data stores the guest made before head are visible. */
	head = __atomic_load_n(&r->hdr->head, __ATOMIC_ACQUIRE);
	avail = head - r->tail;
	if (avail > r->size || (r->len && head > r->len)) {
		ring_seterr(r, "ring at 0x%llx: corrupt head 0x%llx (tail "
			    "0x%llx size 0x%llx len 0x%llx)",
			    (unsigned long long)r->phys, (unsigned long long)head,
			    (unsigned long long)r->tail,
			    (unsigned long long)r->size,
			    (unsigned long long)r->len);
		return -EPROTO;
	}
	while (avail) {
		uint64_t off = r->tail & mask;
		size_t n = avail;
		ssize_t w;

		if (n > r->size - off)
			n = r->size - off; /* up to the wrap; rest next turn */
		if (n > r->max_write)
			n = r->max_write;
		w = write(out_fd, r->data + off, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w < 0) {
			int e = errno;

			ring_seterr(r, "ring at 0x%llx: write to fd %d: %s",
				    (unsigned long long)r->phys, out_fd,
				    strerror(e));
			return -e;
		}
		if (w == 0)
			break; /* no progress possible now; caller retries */
		r->tail += (uint64_t)w;
		avail -= (uint64_t)w;
		moved += w;
		/*
		 * Release: our reads of the slot (done by the kernel inside
		 * write(), which has returned) complete before the guest may
		 * see the slot as free and overwrite it.
		 */
		__atomic_store_n(&r->hdr->tail, r->tail, __ATOMIC_RELEASE);
	}
	return moved;
}

static uint64_t ring_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Zero-timeout look at the serial pipe: 1 if it has something to say. */
static int ring_watch(struct ring_reader *r, int watch_fd)
{
	struct pollfd p = { .fd = watch_fd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, 1, 0);
	while (rc < 0 && errno == EINTR);
	if (rc < 0) {
		int e = errno;

		ring_seterr(r, "poll fd %d: %s", watch_fd, strerror(e));
		return -e;
	}
	if (p.revents & POLLNVAL) {
		ring_seterr(r, "poll fd %d: not an open file", watch_fd);
		return -EBADF;
	}
	return (p.revents & (POLLIN | POLLHUP | POLLERR)) ? 1 : 0;
}

/* A new ring or ring_stream(): the next wait starts short again, and the
 * stall clock from now. */
static void ring_backoff_reset(struct ring_reader *r)
{
	r->t_progress = ring_now_ns();
	r->idle = 0;
	r->sleep_ns = RING_SLEEP_MIN_NS;
}

/*
 * n bytes moved since the last move: the stream is under way.  If the ring
 * holds a millisecond or so of the producer's output at the rate just seen,
 * no byte needs catching within microseconds: skip the spins and yields,
 * which on a two-core host take the CPU from the vCPU and from the consumer
 * (the guest publishes every 4 KiB, so a reader that spins after each move
 * never stops), and sleep for the time the producer takes to fill a
 * quarter of the ring, at most RING_SLEEP_MAX_NS: a guest making 50 MB/s
 * into 4 MiB is read a thousand times a second.  Where a quarter of the
 * ring fills in under 250 us (a small ring, a fast producer) the short,
 * spinning waits stay.
 */
static void ring_backoff_moved(struct ring_reader *r, size_t n)
{
	uint64_t now = ring_now_ns();
	double fill_ns = (double)(r->size / 4) * (double)(now - r->t_progress) / (double)n;

	/* Half the ring or more: the producer may have waited for room, and
	 * its rate is more than this shows. */
	if (n >= r->size / 2 || fill_ns < RING_SLEEP_MAX_NS / 4) {
		ring_backoff_reset(r);
		return;
	}
	r->t_progress = now;
	r->idle = RING_SPIN_ROUNDS + RING_YIELD_ROUNDS;
	r->sleep_ns = fill_ns > RING_SLEEP_MAX_NS ? RING_SLEEP_MAX_NS : (long)fill_ns;
}

/*
 * The guest signals nothing when it publishes head (a doorbell would be a VM
 * exit, exactly what the ring exists to avoid), so an idle reader must poll.
 * Spinning with PAUSE catches a producer that is mid-burst within
 * microseconds; sched_yield() gives the CPU to a vCPU thread that may share
 * it; after that we sleep, doubling up to 1 ms so a stalled guest costs
 * ~1000 wakeups a second rather than a whole core.  Spins and yields are
 * done here; the sleep is returned, for the caller's own wait.
 */
static long ring_backoff(struct ring_reader *r)
{
	long ns = 0;

	if (r->idle < RING_SPIN_ROUNDS) {
		for (int i = 0; i < RING_SPIN_PAUSES; i++)
			ring_cpu_relax();
	} else if (r->idle < RING_SPIN_ROUNDS + RING_YIELD_ROUNDS) {
		sched_yield();
	} else {
		ns = r->sleep_ns;
		if (r->sleep_ns < RING_SLEEP_MAX_NS)
			r->sleep_ns *= 2;
		if (r->sleep_ns > RING_SLEEP_MAX_NS)
			r->sleep_ns = RING_SLEEP_MAX_NS;
	}
	if (r->idle < RING_SPIN_ROUNDS + RING_YIELD_ROUNDS)
		r->idle++;
	return ns;
}

int ring_round(struct ring_reader *r, int out_fd, int timeout_ms, long *wait_ns)
{
	ssize_t n;

	*wait_ns = 0;
	if (ring_complete(r))
		return 1;
	n = ring_pump(r, out_fd);
	if (n < 0)
		return (int)n;
	if (ring_complete(r))
		return 1;
	if (n > 0) {
		ring_backoff_moved(r, (size_t)n);
		return 0;
	}
	if (__atomic_load_n(&r->hdr->head, __ATOMIC_RELAXED) != r->tail) {
		/*
		 * Data waiting but a non-blocking out_fd is full: our consumer
		 * is slow, not the guest, so this is no timeout; wake when it
		 * drains rather than on a timer.
		 */
		r->t_progress = ring_now_ns();
		*wait_ns = RING_WAIT_OUT;
		return 0;
	}
	if (timeout_ms >= 0 &&
	    ring_now_ns() - r->t_progress >= (uint64_t)timeout_ms * 1000000u) {
		ring_seterr(r, "ring at 0x%llx: no data for %d ms after "
			    "0x%llx of 0x%llx bytes",
			    (unsigned long long)r->phys, timeout_ms,
			    (unsigned long long)ring_moved(r),
			    (unsigned long long)r->len);
		return -ETIMEDOUT;
	}
	*wait_ns = ring_backoff(r);
	return 0;
}

/* The serial fd spoke: what the guest published before that is ours. */
static int ring_watched(struct ring_reader *r, int out_fd, int watch_fd)
{
	ssize_t n = ring_pump(r, out_fd);

	if (n < 0)
		return (int)n;
	if (ring_complete(r))
		return 0;
	ring_seterr(r, "ring at 0x%llx: serial fd %d became ready after 0x%llx "
		    "of 0x%llx bytes", (unsigned long long)r->phys, watch_fd,
		    (unsigned long long)ring_moved(r), (unsigned long long)r->len);
	return -EPIPE;
}

/* ring_round() until done, with the waits it asks for taken here. */
int ring_stream(struct ring_reader *r, int out_fd, int watch_fd,
		int timeout_ms)
{
	ring_backoff_reset(r);
	for (;;) {
		long wait;
		int rc = ring_round(r, out_fd, timeout_ms, &wait);

		if (rc > 0)
			return 0;
		if (rc < 0 && rc != -ETIMEDOUT)
			return rc;
		if (watch_fd >= 0) {
			int w = ring_watch(r, watch_fd);

			if (w)
				return w < 0 ? w : ring_watched(r, out_fd, watch_fd);
		}
		if (rc)
			return rc;
		if (wait == RING_WAIT_OUT) {
			struct pollfd p = { .fd = out_fd, .events = POLLOUT };

			poll(&p, 1, 1);
		} else if (wait > 0) {
			struct timespec ts = { 0, wait };

			nanosleep(&ts, NULL);
		}
	}
}

bool ring_complete(const struct ring_reader *r)
{
	return r->len != 0 && r->tail >= r->len;
}

uint64_t ring_moved(const struct ring_reader *r)
{
	return r->tail - r->start;
}

void ring_close(struct ring_reader *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	if (r->fd >= 0)
		close(r->fd);
	r->map = NULL;
	r->map_len = 0;
	r->hdr = NULL;
	r->data = NULL;
	r->fd = -1;
}
