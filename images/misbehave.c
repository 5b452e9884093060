// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The misbehave image (test-only): an HB1 image whose do= command-line
 * word picks a way to fail, so the runner's own tests can see each failure
 * class on a real guest.  Without do= it boots like hardened.
 *
 *   hang       spin forever after the start record (no done)
 *   crash      page fault: no IDT, so a triple fault (-no-reboot: exit 0)
 *   triple     triple fault directly, no done
 *   garbage    256 random bytes incl. NUL and 0xff, a newline, then a
 *              normal boot
 *   longline   1 MiB without a newline, a newline, then a normal boot
 *   nul        a line of NUL bytes, then a normal boot
 *   sse        run SSE instructions (ldmxcsr, movaps), then a normal boot:
 *              an emulating KVM stops with "KVM internal error"
 *   noexit     done st=pass, then spin: neither exit nor halt
 *   wrongexit  done st=pass, then isa-debug-exit with the fail value
 *   replay     after done, four more whole transcripts (start to done)
 *              without a reset, then halt
 *   smash      overflow a stack buffer: check canary=fail, done st=fail
 */
#include "hb.h"
#include "lib/arch.h"
#include "lib/chacha20.h"
#include "lib/hbstring.h"
#include "lib/serial.h"

#define MISBEHAVE_UNMAPPED 0x7ff000000000ull /* canonical, never mapped */
#define MISBEHAVE_LONGLINE (1u << 20)
#define CR0_EM (1ull << 2)
#define CR0_MP (1ull << 1)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)

static int misbehave_is(const char *mode)
{
	const char *a = hb.opts.act;

	while (*a && *a == *mode) {
		a++;
		mode++;
	}
	return *a == *mode;
}

static HB_NORETURN void misbehave_spin(void)
{
	for (;;)
		arch_pause();
}

static void misbehave_garbage(void)
{
	uint32_t blk[CHACHA_WORDS];
	char junk[4 * CHACHA_WORDS];

	for (int i = 0; i < 4; i++) {
		rng_pub_block(blk);
		memcpy(junk, blk, sizeof(junk));
		junk[0] = '\0';
		junk[1] = (char)0xff;
		for (unsigned j = 0; j < sizeof(junk); j++)
			if (junk[j] == '\n')
				junk[j] = 'x';
		serial_write(junk, sizeof(junk));
	}
	serial_write("\n", 1);
}

static void misbehave_longline(void)
{
	char chunk[256];

	memset(chunk, 'L', sizeof(chunk));
	for (unsigned i = 0; i < MISBEHAVE_LONGLINE / sizeof(chunk); i++)
		serial_write(chunk, sizeof(chunk));
	serial_write("\n", 1);
}

/* SSE needs CR4.OSFXSR (else #UD) and CR0.EM clear; then touch MXCSR and
 * an XMM register, the two things Unikraft images do first. */
static void misbehave_sse(void)
{
	uint64_t cr0, cr4;
	uint32_t mxcsr = 0x1f80;   /* power-on default */

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"((cr0 & ~CR0_EM) | CR0_MP));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4"
			 : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
	__asm__ volatile("ldmxcsr %0; movaps %%xmm0, %%xmm1" : : "m"(mxcsr)
			 : "memory");
}

/* Writes past a 16-byte array through a pointer the compiler cannot see
 * through; -fstack-protector-strong guards the frame. */
static __attribute__((noinline)) void misbehave_smash(volatile size_t n)
{
	char buf[16];

	memset(buf, 'A', n);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

static void misbehave_before(void)
{
	if (misbehave_is("hang"))
		misbehave_spin();
	if (misbehave_is("crash"))
		(void)*(volatile uint64_t *)(uintptr_t)MISBEHAVE_UNMAPPED;
	if (misbehave_is("triple"))
		arch_triple_fault();
	if (misbehave_is("garbage"))
		misbehave_garbage();
	if (misbehave_is("longline"))
		misbehave_longline();
	if (misbehave_is("nul"))
		serial_write("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\n", 17);
	if (misbehave_is("sse"))
		misbehave_sse();
	if (misbehave_is("smash"))
		misbehave_smash(64);
}

/* A guest that claims boots it did not make: a warm runner that took its
 * boundaries from the serial line alone would count five.  It halts after
 * them: no reset comes later to cover them. */
static HB_NORETURN void misbehave_replay(int pass)
{
	for (int i = 0; i < 4; i++) {
		rec_done(pass);
		rec_start();
		rec_addr();
		rec_secret();
		pass = rec_checks();
	}
	rec_done(pass);
	arch_halt_forever();
}

HB_NORETURN void hb_main(void)
{
	int pass;

	rec_mark(HB_MARK_MAIN, arch_rdtsc());
	misbehave_before();
	cpu_report();
	rec_addr();
	rec_secret();
	pass = rec_checks();
	if (misbehave_is("noexit")) {
		rec_done(1);
		misbehave_spin();
	}
	if (misbehave_is("wrongexit")) {
		rec_done(1);
		arch_outb(HB_DEBUG_EXIT_PORT, HB_EXIT_FAIL);
		arch_halt_forever();
	}
	if (misbehave_is("replay"))
		misbehave_replay(pass);
	hb_end(pass);
}
