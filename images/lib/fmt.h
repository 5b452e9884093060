/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Line building for the images: append strings, hex and decimal numbers
 * to a fixed buffer, directly or through a printf-lite.
 *
 * The printf-lite knows %s %c %x %lx %lu, zero padding (%08x, %016lx) and
 * nothing else.  It is kept this small on purpose: under TCG every distinct
 * branch the images execute is a block translated again after each warm
 * reset, and one small shared interpreter costs fewer blocks than
 * open-coded appends at every record.
 */
#ifndef HB_FMT_H
#define HB_FMT_H

#include <stdarg.h>
#include <stdint.h>

#define FMT_LINE_MAX 512   /* = HB_PROTO_MAX_LINE, '\n' included */

struct fmt_line {
	unsigned len;
	char buf[FMT_LINE_MAX];
};

void fmt_init(struct fmt_line *l);
/* Append; anything past FMT_LINE_MAX - 1 bytes is dropped, so a line
 * always has room for its end. */
void fmt_str(struct fmt_line *l, const char *s);
void fmt_char(struct fmt_line *l, char c);
/* Lower-case hex without 0x, at least `width` digits (0: as many as
 * needed, at least one). */
void fmt_hex(struct fmt_line *l, uint64_t v, unsigned width);
void fmt_dec(struct fmt_line *l, uint64_t v);
void fmt_vprintf(struct fmt_line *l, const char *f, va_list ap);
void fmt_printf(struct fmt_line *l, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* HB_FMT_H */
