// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * PL011 transmit (the virt machine's UART at HB_UART_BASE).
 *
 * QEMU's PL011 needs no baud or line setup and is enabled at reset.  When
 * the host side is slow its 16-byte transmit FIFO fills: FR.TXFF is polled
 * before each byte, so none is lost.  The UART is reached at its physical
 * address both with the MMU off and through the image's tables, which
 * identity-map its page as Device memory.
 */
#include <stdint.h>

#include "layout.h"
#include "lib/serial.h"

#define PL011_DR   0x00
#define PL011_FR   0x18
#define PL011_TXFF (1u << 5)

static volatile uint32_t *serial_reg(unsigned off)
{
	return (volatile uint32_t *)(uintptr_t)(HB_UART_BASE + off);
}

void serial_init(void)
{
}

void serial_write(const char *s, size_t n)
{
	while (n--) {
		while (*serial_reg(PL011_FR) & PL011_TXFF)
			;
		*serial_reg(PL011_DR) = (uint8_t)*s++;
	}
}
