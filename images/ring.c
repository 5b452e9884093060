// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Bulk producer (include/hardboot/ring.h): the public generator's stream,
 * written into guest RAM that the host maps from the memory-backend file.
 * The ring sits outside the image, so QEMU's reset reload does not touch
 * it: every field is set again on every boot, magic last.
 */
#include <hardboot/ring.h>

#include "hb.h"
#include "lib/arch.h"
#include "lib/chacha20.h"

#define RING_PUBLISH 4096   /* bytes produced between head updates */

/* First 2 MiB boundary above the image (identity-mapped 2 MiB pages). */
uint64_t ring_place(void)
{
	uint64_t end = (uint64_t)(uintptr_t)hb_image_end;

	return (end + HB_RING_ALIGN - 1) & ~(uint64_t)(HB_RING_ALIGN - 1);
}

uint64_t ring_map_len(void)
{
	return (HB_RING_DATA_OFF + HB_RING_SIZE + HB_RING_ALIGN - 1) &
	       ~(uint64_t)(HB_RING_ALIGN - 1);
}

static uint64_t ring_tail(volatile struct hb_ring *r)
{
	return r->tail;
}

/*
 * n bytes of the public stream at dst (64-byte aligned, no wrap).  Whole
 * blocks go straight into the ring as words: x86 stores them little-endian,
 * the byte order of the keystream, so the bytes are those of a byte-wise
 * copy at a sixteenth of the stores (each a softmmu store under TCG).
 * Only the stream's last block may be partial.
 */
static void ring_fill(uint8_t *dst, uint64_t n)
{
	uint32_t blk[CHACHA_WORDS];

	for (; n >= CHACHA_BLOCK; n -= CHACHA_BLOCK, dst += CHACHA_BLOCK)
		rng_pub_stream((uint32_t *)(void *)dst);
	if (!n)
		return;
	rng_pub_stream(blk);
	for (uint64_t i = 0; i < n; i++)
		dst[i] = (uint8_t)(blk[i / 4] >> (8 * (i % 4)));
}

/*
 * Fill at head % size, barrier, publish head; wait (pause) while the ring
 * is full; at the end wait until the host consumed everything, so "done"
 * never overtakes data.  size is a multiple of 64 and head advances in
 * whole blocks until the last one, so a block never wraps.
 */
void ring_stream(uint64_t len)
{
	volatile struct hb_ring *r = (struct hb_ring *)(uintptr_t)hb.ring;
	uint8_t *data = (uint8_t *)(uintptr_t)hb.ring + HB_RING_DATA_OFF;
	uint64_t head = 0;

	r->magic = 0;
	r->version = HB_RING_VERSION;
	r->size = HB_RING_SIZE;
	r->len = len;
	r->head = 0;
	r->tail = 0;
	arch_barrier();
	r->magic = HB_RING_MAGIC;
	rec_ring(hb.ring, HB_RING_SIZE, len);

	rng_pub_rewind();
	while (head < len) {
		uint64_t room = HB_RING_SIZE - (head - ring_tail(r));
		uint64_t chunk = len - head;

		if (chunk > room)
			chunk = room;
		if (chunk > RING_PUBLISH)
			chunk = RING_PUBLISH;
		if (chunk < len - head)          /* whole blocks until the end */
			chunk &= ~(uint64_t)(CHACHA_BLOCK - 1);
		if (!chunk) {
			arch_pause();
			continue;
		}
		ring_fill(data + head % HB_RING_SIZE, chunk);
		head += chunk;
		arch_barrier();
		r->head = head;
	}
	while (ring_tail(r) != head)
		arch_pause();
}
