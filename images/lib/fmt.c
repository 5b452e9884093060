// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * printf-lite.  Runs before the image is relocated, so it uses no tables of
 * pointers: only code and a string literal reached RIP-relative.
 */
#include <stdint.h>

#include "fmt.h"

struct fmt_out {
	char *buf;
	size_t cap, len;
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_num(struct fmt_out *o, uint64_t v, unsigned base,
		    unsigned width)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	unsigned n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (width > n) {
		fmt_putc(o, '0');
		width--;
	}
	while (n)
		fmt_putc(o, tmp[--n]);
}

size_t fmt_vformat(char *buf, size_t cap, const char *f, va_list ap)
{
	struct fmt_out o = { buf, cap, 0 };

	for (; *f; f++) {
		unsigned width = 0;
		int lng = 0;

		if (*f != '%') {
			fmt_putc(&o, *f);
			continue;
		}
		f++;
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f++ - '0');
		if (*f == 'l') {
			lng = 1;
			f++;
		}
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s)
				fmt_putc(&o, *s++);
			break;
		}
		case 'c':
			fmt_putc(&o, (char)va_arg(ap, int));
			break;
		case 'u':
		case 'x':
			fmt_num(&o, lng ? va_arg(ap, uint64_t) :
					  va_arg(ap, unsigned),
				*f == 'u' ? 10 : 16, width);
			break;
		case '%':
			fmt_putc(&o, '%');
			break;
		default:                /* unknown: show it, do not crash */
			fmt_putc(&o, '%');
			if (!*f)
				f--;
			else
				fmt_putc(&o, *f);
			break;
		}
	}
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len < cap ? o.len : (cap ? cap - 1 : 0);
}

size_t fmt_format(char *buf, size_t cap, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = fmt_vformat(buf, cap, f, ap);
	va_end(ap);
	return n;
}
