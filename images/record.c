// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * HB1 records (docs/protocol.md): every record the images print is built
 * here, one line per serial_write().
 */
#include <stdarg.h>

#include "hb.h"
#include "lib/fmt.h"
#include "lib/paging.h"
#include "lib/serial.h"

/* "HB1 " + the formatted fields + "\n". */
static void rec_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
static void rec_printf(const char *f, ...)
{
	struct fmt_line l;
	va_list ap;

	fmt_init(&l);
	fmt_str(&l, HB_PROTO_TAG " ");
	va_start(ap, f);
	fmt_vprintf(&l, f, ap);
	va_end(ap);
	l.buf[l.len++] = '\n';    /* fmt keeps one byte free for this */
	serial_write(l.buf, l.len);
}

static const char *rec_result(int pass)
{
	return pass ? "pass" : "fail";
}

/* Eight hex digits per 32-bit word, word 0 first, NUL-terminated. */
static const char *rec_words(struct fmt_line *l, const uint32_t *w, unsigned n)
{
	fmt_init(l);
	for (unsigned i = 0; i < n; i++)
		fmt_hex(l, w[i], 8);
	l->buf[l->len] = '\0';
	return l->buf;
}

void rec_start(void)
{
	rec_printf(HB_REC_START " img=%s proto=%u", HB_IMG_NAME,
		   HB_PROTO_VERSION);
}

void rec_mark(const char *name, uint64_t tsc)
{
	rec_printf(HB_REC_MARK " %s=%lx", name, tsc);
}

void rec_cpu(const char *has, const char *src, uint64_t khz)
{
	rec_printf(HB_REC_CPU " has=%s src=%s", has[0] ? has : "-", src);
	if (khz)
		rec_printf(HB_REC_TSC " khz=%lu", khz);
}

void rec_addr(void)
{
	rec_printf(HB_REC_ADDR " stack=%lx heap=%lx base=%lx", hb.stack,
		   hb.heap, hb.base);
}

/* canary, the reported seed, and the first out= public output words
 * (computed with the known-answer test, before the switch). */
void rec_secret(void)
{
	struct fmt_line seed, out;

	rec_printf(HB_REC_SECRET " canary=%016lx seed=%s out=%s",
		   canary_value(), rec_words(&seed, rng_seed_words(), 8),
		   rec_words(&out, hb.out, hb.opts.out));
}

static const char *rec_cet(int state)
{
	switch (state) {
	case CET_ON:
		return "pass";
	case CET_FAILED:
		return "fail:readback";
	case CET_OFF_CPUID:
		return "skip:cpuid";
	default:
		return "skip:build";
	}
}

/*
 * cet-ss= and cet-ibt= say what cet_start() enabled; printed where the CPU
 * offers CET or report=cet asks (elsewhere they would only say skip:cpuid,
 * and every byte costs ~1 us under TCG).
 */
int rec_checks(void)
{
	int offered = hb.cet_ss >= CET_ON || hb.cet_ibt >= CET_ON;
	int cet = offered || (hb.opts.report & CMDLINE_REPORT_CET);
	int pass = hb.kat && hb.fresh && !hb.opts.bad[0] &&
		   hb.cet_ss != CET_FAILED && hb.cet_ibt != CET_FAILED;

	rec_printf(HB_REC_CHECK " kat=%s fresh=%s%s%s%s%s%s%s%s", rec_result(hb.kat),
		   rec_result(hb.fresh), cet ? " cet-ss=" : "",
		   cet ? rec_cet(hb.cet_ss) : "", cet ? " cet-ibt=" : "",
		   cet ? rec_cet(hb.cet_ibt) : "",
		   hb.opts.bad[0] ? " cmdline=fail:" : "", hb.opts.bad,
		   hb.raw == RAW_SKIP_CPUID ? " raw=skip:cpuid" : "");
	return pass;
}

/*
 * The image's own walk of its final page tables (report=pages), for the
 * host to compare with its walk of the same tables from outside: 4 KiB
 * pages mapped, writable+executable, executable, shadow-stack encoded, the
 * shadow stack's address and the FNV-1a digest of every leaf.
 */
void rec_pages(void)
{
	struct paging_sum s;

	aslr_summary(&s);
	rec_printf(HB_REC_PAGES " n=%lx wx=%lx x=%lx ss=%lx shstk=%lx sum=%016lx",
		   s.pages, s.wx, s.x, s.ss, hb.shstk, s.sum);
}

/* A failed check on a record of its own: "check NAME=fail[:REASON]". */
void rec_check_fail(const char *name, const char *reason)
{
	rec_printf(HB_REC_CHECK " %s=fail%s%s", name, reason ? ":" : "",
		   reason ? reason : "");
}

void rec_ring(uint64_t addr, uint64_t size, uint64_t len)
{
	rec_printf(HB_REC_RING " addr=%lx size=%lx len=%lx", addr, size, len);
}

void rec_done(int pass)
{
	rec_printf(HB_REC_DONE " st=%s", rec_result(pass));
}

/* arm64: what the boot switched on (bti=, pac=, mte= as pass or
 * skip:build / skip:cpuid, fail:readback). */
void rec_cfi(const char *bti, const char *pac, const char *mte)
{
	rec_printf(HB_REC_CHECK " bti=%s pac=%s mte=%s", bti, pac, mte);
}

/* arm64: an exception, as ESR_EL1's class and syndrome, FAR_EL1, ELR_EL1
 * the vector entry (0-15) it came through, and the address a running
 * attack= payload aimed at (tgt, 0 without one). */
void rec_fault(uint64_t ec, uint64_t iss, uint64_t far, uint64_t elr,
	       uint64_t vec, uint64_t tgt)
{
	rec_printf(HB_REC_FAULT " ec=%lx iss=%lx far=%lx elr=%lx vec=%lx tgt=%lx",
		   ec, iss, far, elr, vec, tgt);
}
