/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hardboot wire contract, part 3: an emitter of HB1 records for any
 * unikernel app (Unikraft, OSv, Hermit, ...), header-only and freestanding:
 * no libc, no allocation, no globals.  The app gives a putc callback (its
 * console: Unikraft's ukplat_coutk, a UART, ...) and prints
 *
 *     hb_emit_start(&e, "myapp");
 *     hb_emit_mark(&e, HB_MARK_MAIN);          TSC read here
 *     hb_emit_addr(&e, "stack", &local);
 *     hb_emit_secret_u64(&e, "canary", guard);
 *     hb_emit_secret_bytes(&e, "rng", buf, 32);
 *     hb_emit_check(&e, "kat", "pass");
 *     hb_emit_done(&e, 1);
 *
 * docs/protocol.md is the format; include/hardboot/proto.h its constants.
 * A record is built in a stack buffer and handed to putc byte by byte, so
 * a console that interleaves other output still gets whole lines from one
 * CPU.  Marks other than the five of proto.h are not records the host
 * reads.  A record longer than HB_PROTO_MAX_LINE is not sent at all (the
 * host would reject it as over-long): keep a secret under 200 bytes.
 */
#ifndef HARDBOOT_EMIT_H
#define HARDBOOT_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

typedef void (*hb_emit_putc_fn)(char c, void *ctx);

struct hb_emit {
	hb_emit_putc_fn putc;
	void *ctx;
	char line[HB_PROTO_MAX_LINE];
	unsigned len;
	int over;             /* the record did not fit: not sent */
};

static inline void hb_emit_init(struct hb_emit *e, hb_emit_putc_fn putc, void *ctx)
{
	e->putc = putc;
	e->ctx = ctx;
	e->len = 0;
	e->over = 0;
}

/* The CPU's cycle counter, as the HB1 mark record carries it: rdtsc on
 * x86 (under KVM the host's TSC, under TCG the host clock scaled), the
 * virtual counter on arm64. */
static inline uint64_t hb_emit_cycles(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
#elif defined(__aarch64__)
	uint64_t v;

	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
#else
	return 0;
#endif
}

static inline void hb_emit_ch(struct hb_emit *e, char c)
{
	/* one byte kept for the '\n' */
	if (e->len + 1 < sizeof(e->line))
		e->line[e->len++] = c;
	else
		e->over = 1;
}

static inline void hb_emit_str(struct hb_emit *e, const char *s)
{
	while (*s)
		hb_emit_ch(e, *s++);
}

/* Lower-case hex: digits = 0 for no leading zeros, else exactly that many. */
static inline void hb_emit_hex(struct hb_emit *e, uint64_t v, int digits)
{
	int n = digits;

	if (!n)
		for (n = 1; n < 16 && (v >> (4 * n)); n++)
			;
	while (n-- > 0)
		hb_emit_ch(e, "0123456789abcdef"[(v >> (4 * n)) & 15]);
}

static inline void hb_emit_begin(struct hb_emit *e, const char *kind)
{
	e->len = 0;
	e->over = 0;
	hb_emit_str(e, HB_PROTO_TAG " ");
	hb_emit_str(e, kind);
}

static inline void hb_emit_key(struct hb_emit *e, const char *key)
{
	hb_emit_ch(e, ' ');
	hb_emit_str(e, key);
	hb_emit_ch(e, '=');
}

/* Send the record; one that did not fit is dropped whole (the host would
 * reject it anyway) and the caller learns it from the return value. */
static inline int hb_emit_end(struct hb_emit *e)
{
	if (e->over)
		return -1;
	e->line[e->len++] = '\n';
	for (unsigned i = 0; i < e->len; i++)
		e->putc(e->line[i], e->ctx);
	return 0;
}

static inline int hb_emit_start(struct hb_emit *e, const char *img)
{
	hb_emit_begin(e, HB_REC_START);
	hb_emit_key(e, "img");
	hb_emit_str(e, img);
	hb_emit_key(e, "proto");
	hb_emit_hex(e, HB_PROTO_VERSION, 0);
	return hb_emit_end(e);
}

/* A phase mark (HB_MARK_ENTRY ... HB_MARK_MAIN) with the cycle counter
 * read now. */
static inline int hb_emit_mark(struct hb_emit *e, const char *mark)
{
	uint64_t t = hb_emit_cycles();

	hb_emit_begin(e, HB_REC_MARK);
	hb_emit_key(e, mark);
	hb_emit_hex(e, t, 0);
	return hb_emit_end(e);
}

/* A virtual address of a region (stack, heap, text, data, ...). */
static inline int hb_emit_addr(struct hb_emit *e, const char *region, const void *va)
{
	hb_emit_begin(e, HB_REC_ADDR);
	hb_emit_key(e, region);
	hb_emit_hex(e, (uint64_t)(uintptr_t)va, 0);
	return hb_emit_end(e);
}

/* A 64-bit secret (a canary): 16 digits, leading zeros kept. */
static inline int hb_emit_secret_u64(struct hb_emit *e, const char *name, uint64_t v)
{
	hb_emit_begin(e, HB_REC_SECRET);
	hb_emit_key(e, name);
	hb_emit_hex(e, v, 16);
	return hb_emit_end(e);
}

/* A secret of n bytes (a key, RNG output): two digits a byte, in memory
 * order; the host reads it as 32-bit words, eight digits each. */
static inline int hb_emit_secret_bytes(struct hb_emit *e, const char *name,
				       const void *p, size_t n)
{
	const uint8_t *b = (const uint8_t *)p;

	hb_emit_begin(e, HB_REC_SECRET);
	hb_emit_key(e, name);
	for (size_t i = 0; i < n; i++)
		hb_emit_hex(e, b[i], 2);
	return hb_emit_end(e);
}

/* A check the app made: result "pass", "fail" or "skip:REASON". */
static inline int hb_emit_check(struct hb_emit *e, const char *name, const char *result)
{
	hb_emit_begin(e, HB_REC_CHECK);
	hb_emit_key(e, name);
	hb_emit_str(e, result);
	return hb_emit_end(e);
}

/* The boot's last record: the host judges the boot by it. */
static inline int hb_emit_done(struct hb_emit *e, int pass)
{
	hb_emit_begin(e, HB_REC_DONE);
	hb_emit_key(e, "st");
	hb_emit_str(e, pass ? "pass" : "fail");
	return hb_emit_end(e);
}

#endif /* HARDBOOT_EMIT_H */
