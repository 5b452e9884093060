// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A bump allocator over the randomized heap region: the images allocate a
 * few buffers and never free them.
 */
#include "hb.h"

static uint64_t heap_used;

void *heap_alloc(uint64_t n)
{
	uint64_t at = (heap_used + 15) & ~15ull;

	if (at + n > HB_HEAP_SIZE || n > HB_HEAP_SIZE)
		return 0;
	heap_used = at + n;
	return (void *)(uintptr_t)(hb.heap + at);
}
