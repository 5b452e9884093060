/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the bulk ring's header: the ring lives in guest
 * RAM, so its magic, version, size, len, head and tail are the guest's to
 * write.  Whatever they say, ring_open() refuses or attaches, and one
 * ring_pump() moves only bytes inside the ring.  Input: phys, size, len
 * as the guest would announce them (8 bytes each), then guest RAM.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ring.h"

static char fuzz_path[64];
static int fuzz_fd = -1, fuzz_null = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring_reader r;
	uint64_t a[3];

	if (size < sizeof(a) || size > (1u << 20))
		return 0;
	if (fuzz_fd < 0) {
		snprintf(fuzz_path, sizeof(fuzz_path), "/dev/shm/hb-fuzz-ring-%d", (int)getpid());
		fuzz_fd = open(fuzz_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		fuzz_null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		unlink(fuzz_path); /* ring_open() opens by path: re-created below */
		if (fuzz_fd < 0 || fuzz_null < 0)
			abort();
	}
	memcpy(a, data, sizeof(a));
	/* the RAM file: created anew each time, as the engine's is */
	{
		int fd = open(fuzz_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		if (fd < 0 || write(fd, data + sizeof(a), size - sizeof(a)) < 0) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
		close(fd);
	}
	if (!ring_open(&r, fuzz_path, a[0], a[1], a[2])) {
		ring_pump(&r, fuzz_null);
		ring_close(&r);
	}
	unlink(fuzz_path);
	return 0;
}
