// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * COM1 transmit.
 *
 * No baud rate or line setup: QEMU's 16550 ignores both, and every port
 * write is a VM exit.  What matters is not losing bytes: QEMU hands a THR
 * write to the chardev at once, but when the host side is full (a slow
 * reader on a pipe) the byte waits in the UART and LSR.THRE stays clear; a
 * second write then overwrites it.  So the FIFO is switched on and LSR is
 * polled once per 16 bytes instead of once per byte: same guarantee, one
 * extra exit per FIFO-full instead of per byte.
 */
#include <stdint.h>

#include "arch.h"
#include "serial.h"

#define SERIAL_COM1      0x3f8
#define SERIAL_FCR       2     /* FIFO control (write) */
#define SERIAL_LSR       5     /* line status */
#define SERIAL_FCR_ON    0x07  /* enable, clear receive and transmit FIFO */
#define SERIAL_LSR_THRE  0x20  /* transmit FIFO empty */
#define SERIAL_FIFO      16

void serial_init(void)
{
	arch_outb(SERIAL_COM1 + SERIAL_FCR, SERIAL_FCR_ON);
}

void serial_write(const char *s, size_t n)
{
	while (n) {
		size_t chunk = n < SERIAL_FIFO ? n : SERIAL_FIFO;

		while (!(arch_inb(SERIAL_COM1 + SERIAL_LSR) & SERIAL_LSR_THRE))
			arch_pause();
		n -= chunk;
		while (chunk--)
			arch_outb(SERIAL_COM1, (uint8_t)*s++);
	}
}
