/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * printf-lite for the images: %s %c %u %lu %x %lx and zero padding to a
 * width (%08x, %016lx), %%.  Enough for the wire records; no floating
 * point, no signed conversions, no precision.
 */
#ifndef HB_FMT_H
#define HB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into buf (always NUL-terminated when cap > 0); returns the length
 * written, truncated to cap - 1. */
size_t fmt_vformat(char *buf, size_t cap, const char *f, va_list ap);
size_t fmt_format(char *buf, size_t cap, const char *f, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HB_FMT_H */
