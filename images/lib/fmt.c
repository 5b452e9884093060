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

void fmt_vprintf(struct fmt_line *l, const char *f, va_list ap)
{
	for (; *f; f++) {
		unsigned width = 0;
		int lng = 0;

		if (*f != '%') {
			fmt_char(l, *f);
			continue;
		}
		while (*++f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f - '0');
		if (*f == 'l') {
			lng = 1;
			f++;
		}
		if (*f == 's')
			fmt_str(l, va_arg(ap, const char *));
		else if (*f == 'x')
			fmt_hex(l, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned),
				width);
		else if (*f == 'u')
			fmt_dec(l, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned));
		else if (*f == 'c')
			fmt_char(l, (char)va_arg(ap, int));
		else if (*f)
			fmt_char(l, *f);   /* %% and unknown conversions */
		else
			break;
	}
}

void fmt_printf(struct fmt_line *l, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	fmt_vprintf(l, f, ap);
	va_end(ap);
}
