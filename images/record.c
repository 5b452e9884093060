// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * HB1 records: "HB1 " + fields + "\n" in one serial write.
 */
#include <stdarg.h>

#include "hb.h"
#include "lib/chacha20.h"
#include "lib/fmt.h"
#include "lib/hbstring.h"
#include "lib/serial.h"

void rec_printf(const char *f, ...)
{
	char line[HB_PROTO_MAX_LINE];
	size_t n = sizeof(HB_PROTO_TAG);   /* tag and the space after it */
	va_list ap;

	memcpy(line, HB_PROTO_TAG " ", n);
	va_start(ap, f);
	n += fmt_vformat(line + n, sizeof(line) - n - 1, f, ap);
	va_end(ap);
	line[n++] = '\n';
	serial_write(line, n);
}

void rec_mark(const char *name, uint64_t tsc)
{
	rec_printf("mark %s=%lx", name, tsc);
}

/* Eight hex digits per 32-bit word, word 0 first. */
static void rec_hex_words(char *dst, size_t cap, const uint32_t *w,
			  unsigned n)
{
	size_t at = 0;

	dst[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		at += fmt_format(dst + at, cap - at, "%08x", w[i]);
}

void rec_addr(void)
{
	rec_printf("addr stack=%lx heap=%lx base=%lx", hb.stack, hb.heap,
		   hb.base);
}

/* canary, the reported seed, and the first out= public output words. */
void rec_secret(void)
{
	uint32_t *out = heap_alloc(CHACHA_BLOCK);
	char seed[8 * 8 + 1], outs[CMDLINE_OUT_MAX * 8 + 1];

	rng_pub_rewind();
	rng_pub_block(out);
	rec_hex_words(seed, sizeof(seed), rng_seed_words(), 8);
	rec_hex_words(outs, sizeof(outs), out, hb.opts.out);
	rec_printf("secret canary=%016lx seed=%s out=%s", canary_value(),
		   seed, outs);
}

int rec_checks(void)
{
	char extra[CMDLINE_NAME_MAX + 24] = "";

	if (hb.opts.bad[0])
		fmt_format(extra, sizeof(extra), " cmdline=fail:%s",
			   hb.opts.bad);
	rec_printf("check kat=%s fresh=%s%s", hb.kat ? "pass" : "fail",
		   hb.fresh ? "pass" : "fail", extra);
	return hb.kat && hb.fresh && !hb.opts.bad[0];
}
