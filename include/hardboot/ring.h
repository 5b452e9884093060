/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot wire contract, part 2: the bulk ring.
 *
 * Serial moves ~1 MB/s under TCG and ~35 kB/s under an emulating KVM, far too
 * little for RNG batteries that want hundreds of megabytes.  So bulk data goes
 * through a single-producer/single-consumer ring in guest RAM.  QEMU backs the
 * RAM with a shared file (-object memory-backend-file,share=on); the host maps
 * the same file and reads the ring at the guest-physical address announced in
 * the "ring" record.  No VM exit per byte: the guest only stores to memory.
 *
 * Flow control: head and tail are free-running 64-bit byte counts.  The guest
 * (producer) writes data at head % size, then publishes head; it waits while
 * head - tail == size.  The host (consumer) reads [tail, head), then publishes
 * tail.  Both sides are x86 (TSO), so ordering data-before-index needs only a
 * compiler barrier on the guest and acquire/release atomics on the host.  A
 * byte is thus never overwritten before the host has consumed it and never
 * delivered twice.  head and tail live on separate cache lines so the two
 * CPUs do not bounce one line on every update.
 */
#ifndef HARDBOOT_RING_H
#define HARDBOOT_RING_H

#include <stdint.h>

#define HB_RING_MAGIC 0x47524248u /* "HBRG" little-endian */
#define HB_RING_VERSION 1
#define HB_RING_DATA_OFF 4096     /* data starts one page after the header */

struct hb_ring {
	uint32_t magic;    /* HB_RING_MAGIC once the guest initialised it */
	uint32_t version;  /* HB_RING_VERSION */
	uint64_t size;     /* data bytes, a power of two */
	uint64_t len;      /* total bytes the guest will produce; 0 = unbounded */
	uint64_t pad0[5];
	uint64_t head;     /* bytes produced; written only by the guest */
	uint64_t pad1[7];
	uint64_t tail;     /* bytes consumed; written only by the host */
	uint64_t pad2[7];
};

_Static_assert(sizeof(struct hb_ring) == 192, "hb_ring header layout");
_Static_assert(__builtin_offsetof(struct hb_ring, head) == 64, "head line");
_Static_assert(__builtin_offsetof(struct hb_ring, tail) == 128, "tail line");

#endif /* HARDBOOT_RING_H */
