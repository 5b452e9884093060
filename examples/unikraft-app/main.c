// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A Unikraft app that tells hardboot what its boot got, in HB1 records
 * through include/hardboot/emit.h: no regexes on the host side.
 *
 *   HB1 start img=unikraft-hbdemo proto=1
 *   HB1 mark main=TSC            rdtsc as main() starts
 *   HB1 addr stack=VA            a local variable
 *   HB1 addr heap=VA             an allocation
 *   HB1 addr text=VA             this function
 *   HB1 addr data=VA             a variable in .data
 *   HB1 secret canary=HEX16      uksp's stack-protector guard
 *   HB1 secret rng=HEX64         256 bits from ukrandom
 *   HB1 check rng=pass|fail      ukrandom gave something other than zeros
 *   HB1 done st=pass|fail
 *
 * Built against a Unikraft tree: see README.md in this directory.
 */
#include <stdint.h>
#include <stdlib.h>

#include <uk/plat/console.h>
#include <uk/random.h>

#include <hardboot/emit.h>

/* uksp: the guard the compiler's stack protector compares against. */
extern unsigned long __stack_chk_guard;

static int hbdemo_data = 1;

/* One byte at a time to the kernel console (COM1 under QEMU x86_64). */
static void hbdemo_putc(char c, void *ctx)
{
	(void)ctx;
	ukplat_coutk(&c, 1);
}

int main(int argc, char *argv[])
{
	struct hb_emit e;
	volatile int local = 0;
	uint8_t rng[32] = { 0 };
	void *heap = malloc(64);
	unsigned any = 0;

	(void)argc;
	(void)argv;
	hb_emit_init(&e, hbdemo_putc, NULL);
	hb_emit_start(&e, "unikraft-hbdemo");
	hb_emit_mark(&e, HB_MARK_MAIN);
	hb_emit_addr(&e, "stack", (const void *)&local);
	hb_emit_addr(&e, "heap", heap);
	hb_emit_addr(&e, "text", (const void *)(uintptr_t)&main);
	hb_emit_addr(&e, "data", &hbdemo_data);
	hb_emit_secret_u64(&e, "canary", __stack_chk_guard);
	uk_random_fill_buffer(rng, sizeof(rng));
	hb_emit_secret_bytes(&e, "rng", rng, sizeof(rng));
	for (unsigned i = 0; i < sizeof(rng); i++)
		any |= rng[i];
	hb_emit_check(&e, "rng", any ? "pass" : "fail");
	hb_emit_done(&e, heap && any);
	free(heap);
	return 0;
}
