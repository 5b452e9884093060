// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The "foreign" image: stands in for a third-party unikernel that knows
 * nothing of HB1, the way Unikraft images look on QEMU x86_64: multiboot
 * v1, free-format console lines ending in \r\n on COM1, and a normal halt
 * writes 41 to port 0x501 (a crash writes 42).  The runner has to get the
 * addresses out of it with the manifest's patterns.
 *
 * Underneath it is the hardened image (same layout code), so the printed
 * addresses are really randomized: stack = a local variable, heap = an
 * allocation, base = where the image was relocated to.
 */
#include "hb.h"
#include "lib/fmt.h"
#include "lib/serial.h"

static void foreign_say(const char *s)
{
	char line[160];
	size_t n = fmt_format(line, sizeof(line), "foreign: %s\r\n", s);

	serial_write(line, n);
}

HB_NORETURN void hb_main(void)
{
	char line[160];
	volatile int local = 0;
	void *heap = heap_alloc(64);
	size_t n;

	foreign_say("booting");
	n = fmt_format(line, sizeof(line),
		       "stack at 0x%lx, heap at 0x%lx, base at 0x%lx",
		       (uint64_t)(uintptr_t)&local, (uint64_t)(uintptr_t)heap,
		       hb.base);
	foreign_say(line);
	foreign_say(n ? "done" : "crashed");
	hb_end(1);
}
