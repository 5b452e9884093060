/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host side of the bulk ring (include/hardboot/ring.h): the consumer.
 *
 * QEMU runs the guest with its RAM in a shared file
 *     -object memory-backend-file,id=mem,size=SZ,mem-path=FILE,share=on
 *     -M microvm,memory-backend=mem
 * so guest-physical address P is byte P of FILE.  After the guest prints
 *     HB1 ring addr=HEX size=HEX len=HEX
 * ring_open() maps FILE and checks the header at addr against that record;
 * ring_pump()/ring_round()/ring_stream() then copy [tail, head) to a file
 * descriptor and hand the space back to the guest by advancing tail.  The
 * boot engine calls ring_round() from its loop; ring_stream() is the same
 * rounds for a caller with nothing else to watch but one fd.
 *
 * Typical use, serial pipe as watch_fd:
 *     rc = ring_open(&r, path, addr, size, len);
 *     rc = rc ? rc : ring_stream(&r, out_fd, serial_fd, 10000);
 *     if (rc) fprintf(stderr, "%s\n", r.err);
 *     ring_close(&r);
 */
#ifndef HB_RUNNER_RING_H
#define HB_RUNNER_RING_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hardboot/ring.h"

struct ring_reader {
	int fd;               /* the RAM file, -1 when closed */
	uint8_t *map;         /* all of it, MAP_SHARED */
	size_t map_len;
	struct hb_ring *hdr;  /* at map + phys */
	const uint8_t *data;  /* at map + phys + HB_RING_DATA_OFF */
	uint64_t phys;        /* as announced, for messages */
	uint64_t size;        /* as announced and checked; power of two */
	uint64_t len;         /* as announced; 0 = unbounded */
	uint64_t tail;        /* bytes consumed: our copy of hdr->tail */
	uint64_t start;       /* tail at ring_open(), so moved = tail - start */
	size_t max_write;     /* largest single write(), see ring.c */
	uint64_t t_progress;  /* last bytes moved (ns): the stall clock */
	unsigned idle;        /* rounds without data: spin, yield, sleep */
	long sleep_ns;        /* the next sleep of an idle reader */
	char err[160];        /* one line: why the last call failed */
};

/*
 * Map mem_path and attach to the ring at guest-physical 'phys'.  0 on
 * success; otherwise -errno with r->err saying why:
 *   -ENOENT, -EACCES, ... the file could not be opened, sized or mapped;
 *   -EINVAL  the announcement itself is impossible: size not a power of two
 *            (or below 64), phys not 8-byte aligned, ring beyond end of file;
 *   -EPROTO  the header in guest RAM disagrees: magic, version, size, len,
 *            or head/tail already inconsistent.
 * r needs no initialisation; after a failure it is closed.
 */
int ring_open(struct ring_reader *r, const char *mem_path, uint64_t phys,
	      uint64_t size, uint64_t len);

/*
 * One pass that never waits for the guest: write everything it has
 * published so far to out_fd, advancing tail after each write().  Returns
 * the bytes moved (0 = nothing new, or a non-blocking out_fd is full) or
 * -errno: -EPROTO if the guest's head is impossible (more than size ahead of
 * tail, behind tail, or beyond len), or the write error.  Bytes written
 * before an error are consumed and counted in ring_moved().  A blocking
 * out_fd may of course block in write().  Ignore SIGPIPE in the process, or
 * a vanished reader of out_fd kills it instead of returning -EPIPE.
 */
ssize_t ring_pump(struct ring_reader *r, int out_fd);

/*
 * Pump until len bytes have been moved in total (0 when they have).  There
 * is no doorbell, so idle waits back off from spinning to sleeps of up to
 * ~1 ms.  watch_fd (-1 for none) is polled each round; if it becomes
 * readable or hangs up, the ring is drained once more and, unless that
 * completes it, -EPIPE returned: the guest printed something or died, and
 * the caller should look.  -ETIMEDOUT after timeout_ms in which the guest
 * published nothing (< 0: wait forever; time spent waiting for a full
 * non-blocking out_fd does not count), -EPROTO on a corrupt head, or a
 * write()/poll() error (a write() error can be -EPIPE too; r->err tells
 * which).  With len 0 (unbounded) only watch_fd, the timeout or an error
 * ends the loop.
 */
int ring_stream(struct ring_reader *r, int out_fd, int watch_fd,
		int timeout_ms);

/* ring_round(): out_fd is full, wait until it is writable. */
#define RING_WAIT_OUT (-1L)

/*
 * One round of ring_stream() for a caller with an event loop of its own
 * (the boot engine, which watches the serial pipe, the signals and the
 * deadlines itself): ring_pump(), and when nothing moved the backoff of
 * ring_stream() with its sleep handed back.  Returns 1 when len bytes have
 * been moved; 0 when not, with *wait_ns saying what to wait for before the
 * next round: 0 nothing (bytes moved, or a spin or yield round was taken
 * here), > 0 at most that long (a quiet guest: 20 us doubling to 1 ms),
 * RING_WAIT_OUT until out_fd is writable (full; a slow reader is not a
 * stalled guest and stops the stall clock).  -ETIMEDOUT after timeout_ms
 * without new data since the last bytes moved or ring_open() (< 0: never),
 * -EPROTO on a corrupt head, or the write error (-EPIPE: the reader went
 * away).
 */
int ring_round(struct ring_reader *r, int out_fd, int timeout_ms, long *wait_ns);

/* len bytes moved (never true for an unbounded ring). */
bool ring_complete(const struct ring_reader *r);

/* Bytes moved since ring_open(). */
uint64_t ring_moved(const struct ring_reader *r);

/* Unmap and close; safe on a closed or failed reader. */
void ring_close(struct ring_reader *r);

#endif /* HB_RUNNER_RING_H */
