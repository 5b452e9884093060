/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for QMP replies: QEMU's monitor runs beside a possibly
 * hostile guest, and its replies (events interleaved, "info registers"
 * text) are read by the runner.  Any bytes on the socket end in a reply, an
 * error or EOF, never a crash or a hang.  Input: the bytes QEMU would send.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "inspect.h"
#include "qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qmp q;
	struct inspect_regs r;
	json_t *ret = NULL;
	char *out = NULL, *text;
	int sv[2];

	if (size > 65536 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 0;
	/* all of QEMU's side at once, then EOF: the reader never waits */
	if (write(sv[1], data, size) != (ssize_t)size) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	shutdown(sv[1], SHUT_WR);
	memset(&q, 0, sizeof(q));
	q.fd = sv[0];
	if (!qmp_execute(&q, "system_reset", NULL, &ret, 1000))
		json_decref(ret);
	if (!qmp_hmp(&q, "info registers", &out, 1000)) {
		inspect_parse_regs(out, &r);
		free(out);
	}
	/* the RESET events a warm guest's boundaries are counted from */
	qmp_wait_resets(&q, q.resets + 2, 100);
	close(sv[0]);
	close(sv[1]);
	/* the register dump's parser on the bytes themselves too */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	inspect_parse_regs(text, &r);
	free(text);
	return 0;
}
