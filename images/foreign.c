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
 *
 * exit=halt on the command line makes it wait after "done" (cli; hlt
 * forever), the way a server never exits: the runner then stops it at
 * pattern.halt and reads RIP/RSP/CR3 through QMP before killing QEMU.
 * Without it the 0x501 write can end QEMU before the registers are read.
 */
#include <hardboot/emit.h>

#include "hb.h"
#include "lib/arch.h"
#include "lib/fmt.h"
#include "lib/hbstring.h"
#include "lib/serial.h"

/* One console line, Unikraft style: "\r\n" line ends. */
static void foreign_say(struct fmt_line *l)
{
	fmt_str(l, "\r\n");
	serial_write(l->buf, l->len);
}

static void foreign_addr(struct fmt_line *l, const char *what, uint64_t va)
{
	fmt_str(l, what);
	fmt_str(l, " at 0x");
	fmt_hex(l, va, 0);
}

static void foreign_putc(char c, void *ctx)
{
	(void)ctx;
	serial_write(&c, 1);
}

/*
 * do=emit: the records through include/hardboot/emit.h, the header any
 * unikernel app can use, so CI covers it: an app that prints its own
 * start, addresses, secrets, a phase mark, a check and done.  The suite
 * reads it with protocol = hb1.
 */
static HB_NORETURN void foreign_emit(void *stack, void *heap)
{
	struct hb_emit e;
	uint32_t out[16];

	hb_emit_init(&e, foreign_putc, NULL);
	hb_emit_start(&e, "foreign");
	hb_emit_mark(&e, HB_MARK_MAIN);
	hb_emit_addr(&e, "stack", stack);
	hb_emit_addr(&e, "heap", heap);
	hb_emit_addr(&e, "base", (const void *)(uintptr_t)hb.base);
	hb_emit_secret_u64(&e, "canary", canary_value());
	rng_pub_block(out);
	hb_emit_secret_bytes(&e, "rng", out, 32);
	hb_emit_check(&e, "kat", rng_kat() ? "pass" : "fail");
	hb_emit_done(&e, 1);
	hb_end(1);
}

HB_NORETURN void hb_main(void)
{
	volatile int local = 0;
	void *heap = heap_alloc(64);
	struct fmt_line l;

	if (!memcmp(hb.opts.act, "emit", 5))
		foreign_emit((void *)&local, heap);
	fmt_init(&l);
	fmt_str(&l, "foreign: booting");
	foreign_say(&l);

	fmt_init(&l);
	fmt_str(&l, "foreign: ");
	foreign_addr(&l, "stack", (uint64_t)(uintptr_t)&local);
	fmt_str(&l, ", ");
	foreign_addr(&l, "heap", (uint64_t)(uintptr_t)heap);
	fmt_str(&l, ", ");
	foreign_addr(&l, "base", hb.base);
	foreign_say(&l);

	fmt_init(&l);
	fmt_str(&l, "foreign: done");
	foreign_say(&l);
	if (hb.opts.exit == CMDLINE_EXIT_HALT)
		arch_halt_forever();
	hb_end(1);
}
