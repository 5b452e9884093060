/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for QEMU's gdbstub replies: the stub runs beside a
 * possibly hostile guest and the runner reads its packets (framing,
 * escapes, run-length, target descriptions, register values) at done.
 * Any bytes on the socket end in registers, an error or EOF, never a
 * crash or a hang.  Input: the bytes QEMU would send.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub.h"

static const char *const names[] = { "pc", "sp", "TTBR0_EL1", "TCR_EL1", "SCTLR" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gdbstub *g;
	uint64_t vals[5];
	unsigned have;
	char *text, hrefs[4][64], out[256];
	long nums[5] = { -1, -1, -1, -1, -1 }, next = 0;
	size_t used;
	int sv[2];

	if (size > 65536)
		return 0;
	/* the parsers on their own, on the input as text */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	gdbstub_xml_regnums(text, names, 5, nums, &next);
	gdbstub_xml_includes(text, hrefs, 4);
	gdbstub_hex_le(text, &vals[0]);
	gdbstub_unframe(text, size, out, sizeof(out), &used);
	free(text);
	/* and the client end to end: all of QEMU's side, then EOF for reads
	 * while the client's acks and commands still go through */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 0;
	if (write(sv[1], data, size) != (ssize_t)size) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	shutdown(sv[1], SHUT_WR);
	g = calloc(1, sizeof(*g));
	g->fd = sv[0];
	gdbstub_regs(g, names, 5, vals, &have, 1000);
	gdbstub_close(g);
	free(g);
	close(sv[1]);
	return 0;
}
