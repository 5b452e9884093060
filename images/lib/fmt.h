/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Line building for the images: append strings, hex and decimal numbers
 * to a fixed buffer.  A printf-lite without the format string: parsing a
 * format is the branchiest code an image runs, and under TCG every
 * distinct branch is a block translated again after each warm reset.
 */
#ifndef HB_FMT_H
#define HB_FMT_H

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

#endif /* HB_FMT_H */
