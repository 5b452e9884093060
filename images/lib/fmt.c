// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Line building.  Runs before the image is relocated too, so no tables of
 * pointers: code and RIP-relative literals only.
 */
#include "fmt.h"

void fmt_init(struct fmt_line *l)
{
	l->len = 0;
}

void fmt_char(struct fmt_line *l, char c)
{
	if (l->len < FMT_LINE_MAX - 1)
		l->buf[l->len++] = c;
}

void fmt_str(struct fmt_line *l, const char *s)
{
	while (*s)
		fmt_char(l, *s++);
}

void fmt_hex(struct fmt_line *l, uint64_t v, unsigned width)
{
	unsigned digits = 1;

	while (digits < 16 && v >> (4 * digits))
		digits++;
	if (width > 16)
		width = 16;
	if (digits < width)
		digits = width;
	while (digits--)
		fmt_char(l, "0123456789abcdef"[(v >> (4 * digits)) & 15]);
}

void fmt_dec(struct fmt_line *l, uint64_t v)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		fmt_char(l, tmp[--n]);
}
