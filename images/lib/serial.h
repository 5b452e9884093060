/* SPDX-License-Identifier: GPL-3.0-or-later */
/* COM1 output (the images never read the serial port). */
#ifndef HB_SERIAL_H
#define HB_SERIAL_H

#include <stddef.h>

void serial_init(void);
void serial_write(const char *s, size_t n);

#endif /* HB_SERIAL_H */
