/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The few string functions the images need (gcc may also emit calls to
 * memcpy and memset for struct copies, so those must exist). */
#ifndef HB_STRING_H
#define HB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* HB_STRING_H */
