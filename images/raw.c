// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Raw-noise mode, raw=N raw_src=SRC (docs/protocol.md): N raw samples of
 * one early entropy source, taken where the seed is taken and before
 * anything has conditioned them, handed to the host through the bulk ring
 * for an SP 800-90B assessment (hardboot raw-noise).  One boot is one
 * restart of the source.
 *
 * It runs in hb_boot_early() just before rng_seed(): identity-mapped at
 * the load address (arm64: MMU off), unrelocated, before any consumer of
 * randomness, so what is recorded is what the seed path would read at
 * that moment of a fresh boot.  The samples go straight into the ring's
 * data area, which the x86 boot page tables already map (0-4 MiB, 2 MiB
 * pages) and arm64 reaches with the MMU off, so the mode needs no mapping
 * of its own; the ring announces a 1 MiB data area, the
 * part below 4 MiB, and the host's reads free it as usual.  Without raw=
 * nothing here runs: the normal boot does not change.
 */
#include <hardboot/ring.h>

#include "hb.h"
#include "lib/arch.h"

#define RAW_RING_SIZE 0x100000ull /* data bytes: below ARCH_EARLY_MAP_END */
#define RAW_SAMPLE 8              /* bytes per sample in the ring */
#define RAW_CHUNK 512             /* samples between head updates (4 KiB) */

/* The instruction is offered by the CPU (CPUID; on arm64 the ID register:
 * rdseed is RNDRRS, rdrand RNDR) and not masked by rdseed=0 or rdrand=0,
 * as the seed path decides it; jitter and the counter always are. */
static int raw_offered(const struct cmdline_opts *o)
{
	switch (o->raw_src) {
	case CMDLINE_RAW_RDSEED:
		return !o->no_rdseed && arch_has_rdseed();
	case CMDLINE_RAW_RDRAND:
		return !o->no_rdrand && arch_has_rdrand();
	default:
		return 1;
	}
}

static uint64_t raw_tail(volatile struct hb_ring *r)
{
	return r->tail;
}

/* The header, every field again on every boot (the ring is outside the
 * image, so a reset does not clear it), magic last; then the record. */
static void raw_ring_open(volatile struct hb_ring *r, uint64_t addr, uint64_t len)
{
	r->magic = 0;
	r->version = HB_RING_VERSION;
	r->size = RAW_RING_SIZE;
	r->len = len;
	r->head = 0;
	r->tail = 0;
	arch_barrier();
	r->magic = HB_RING_MAGIC;
	rec_ring(addr, RAW_RING_SIZE, len);
}

/*
 * Samples in chunks of RAW_CHUNK, each written where the host reads next
 * and published at once.  A chunk never wraps: the size is a multiple of
 * the chunk.  Up to 128 Ki samples fill the ring without a wait, so they
 * are taken back to back apart from a head update every 512; beyond that
 * the guest pauses while the ring is full.  0, or -1 if rdseed or rdrand
 * gave up mid-way (then the samples so far are published).
 */
static int raw_fill(volatile struct hb_ring *r, uint8_t *data, uint64_t n,
		    enum cmdline_raw_src src)
{
	uint64_t head = 0, len = n * RAW_SAMPLE;

	while (head < len) {
		uint64_t want = (len - head) / RAW_SAMPLE, got;

		if (want > RAW_CHUNK)
			want = RAW_CHUNK;
		if (RAW_RING_SIZE - (head - raw_tail(r)) < want * RAW_SAMPLE) {
			arch_pause();
			continue;
		}
		got = hb_seed_raw((uint64_t *)(data + head % RAW_RING_SIZE), want, src);
		head += got * RAW_SAMPLE;
		arch_barrier();
		r->head = head;
		if (got < want)
			return -1;
	}
	while (raw_tail(r) != head)
		arch_pause();
	return 0;
}

void raw_record(const struct cmdline_opts *o)
{
	uint64_t addr = ring_place();
	volatile struct hb_ring *r = (struct hb_ring *)(uintptr_t)addr;

	if (!raw_offered(o)) {
		hb.raw = RAW_SKIP_CPUID;
		return;
	}
	if (addr + HB_RING_DATA_OFF + RAW_RING_SIZE > ARCH_EARLY_MAP_END) {
		rec_check_fail("raw", "map");   /* the image outgrew 1 MiB */
		hb_end(0);
	}
	raw_ring_open(r, addr, o->raw * RAW_SAMPLE);
	if (raw_fill(r, (uint8_t *)(uintptr_t)addr + HB_RING_DATA_OFF, o->raw,
		     o->raw_src)) {
		/* On the line mid-stream: the host names it as the cause. */
		rec_check_fail("raw", o->raw_src == CMDLINE_RAW_RDSEED ?
			       "rdseed" : "rdrand");
		hb_end(0);
	}
	hb.raw = RAW_DONE;
}
