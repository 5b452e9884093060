// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * HB1 records (docs/protocol.md): one fmt_line per record, sent to COM1
 * with one serial_write().  Every record the images print is built here.
 */
#include "hb.h"
#include "lib/fmt.h"
#include "lib/serial.h"

static void rec_begin(struct fmt_line *l, const char *kind)
{
	fmt_init(l);
	fmt_str(l, HB_PROTO_TAG " ");
	fmt_str(l, kind);
}

/* " key=" */
static void rec_key(struct fmt_line *l, const char *key)
{
	fmt_char(l, ' ');
	fmt_str(l, key);
	fmt_char(l, '=');
}

static void rec_send(struct fmt_line *l)
{
	l->buf[l->len++] = '\n';    /* fmt keeps one byte free for this */
	serial_write(l->buf, l->len);
}

/* Eight hex digits per 32-bit word, word 0 first. */
static void rec_words(struct fmt_line *l, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fmt_hex(l, w[i], 8);
}

static const char *rec_result(int pass)
{
	return pass ? "pass" : "fail";
}

void rec_start(void)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_START);
	rec_key(&l, "img");
	fmt_str(&l, HB_IMG_NAME);
	rec_key(&l, "proto");
	fmt_dec(&l, HB_PROTO_VERSION);
	rec_send(&l);
}

void rec_mark(const char *name, uint64_t tsc)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_MARK);
	rec_key(&l, name);
	fmt_hex(&l, tsc, 0);
	rec_send(&l);
}

void rec_cpu(const char *has, const char *src, uint64_t khz)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_CPU);
	rec_key(&l, "has");
	fmt_str(&l, has[0] ? has : "-");
	rec_key(&l, "src");
	fmt_str(&l, src);
	rec_send(&l);
	if (!khz)
		return;
	rec_begin(&l, HB_REC_TSC);
	rec_key(&l, "khz");
	fmt_dec(&l, khz);
	rec_send(&l);
}

void rec_addr(void)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_ADDR);
	rec_key(&l, "stack");
	fmt_hex(&l, hb.stack, 0);
	rec_key(&l, "heap");
	fmt_hex(&l, hb.heap, 0);
	rec_key(&l, "base");
	fmt_hex(&l, hb.base, 0);
	rec_send(&l);
}

/* canary, the reported seed, and the first out= public output words
 * (computed with the known-answer test, before the switch). */
void rec_secret(void)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_SECRET);
	rec_key(&l, "canary");
	fmt_hex(&l, canary_value(), 16);
	rec_key(&l, "seed");
	rec_words(&l, rng_seed_words(), 8);
	rec_key(&l, "out");
	rec_words(&l, hb.out, hb.opts.out);
	rec_send(&l);
}

int rec_checks(void)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_CHECK);
	rec_key(&l, "kat");
	fmt_str(&l, rec_result(hb.kat));
	rec_key(&l, "fresh");
	fmt_str(&l, rec_result(hb.fresh));
	if (hb.opts.bad[0]) {
		rec_key(&l, "cmdline");
		fmt_str(&l, "fail:");
		fmt_str(&l, hb.opts.bad);
	}
	rec_send(&l);
	return hb.kat && hb.fresh && !hb.opts.bad[0];
}

/* A failed check on a record of its own: "check NAME=fail[:REASON]". */
void rec_check_fail(const char *name, const char *reason)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_CHECK);
	rec_key(&l, name);
	fmt_str(&l, "fail");
	if (reason) {
		fmt_char(&l, ':');
		fmt_str(&l, reason);
	}
	rec_send(&l);
}

void rec_ring(uint64_t addr, uint64_t size, uint64_t len)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_RING);
	rec_key(&l, "addr");
	fmt_hex(&l, addr, 0);
	rec_key(&l, "size");
	fmt_hex(&l, size, 0);
	rec_key(&l, "len");
	fmt_hex(&l, len, 0);
	rec_send(&l);
}

void rec_done(int pass)
{
	struct fmt_line l;

	rec_begin(&l, HB_REC_DONE);
	rec_key(&l, "st");
	fmt_str(&l, rec_result(pass));
	rec_send(&l);
}
