/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the raw-noise reader (rawnoise.c): a boot's ring
 * bytes are the guest's, so whatever it writes there must come out as
 * samples and symbols or a reason, never a crash.  Byte 0 picks the
 * source (low 2 bits), byte 1 the symbol bits (1..8) and shift (0..63),
 * byte 2 how many samples to ask for (up to 64, to hit the length check
 * both ways); the rest is the ring's bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rawnoise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t v[64];
	uint8_t sym[64];
	char why[200];
	size_t n;

	if (size < 3)
		return 0;
	n = data[2] % 65;
	if (rawnoise_decode(data + 3, size - 3, (enum rawnoise_src)(data[0] & 3), v, n,
			    why, sizeof(why)) == 0)
		rawnoise_symbols(v, n, 1 + data[1] % 8, data[1] / 4 % 64, sym);
	return 0;
}
