/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small synchronous QMP client over QEMU's unix socket: enough to reset a
 * guest between warm boots (a guest triple fault stops some KVMs with an
 * emulation error instead of resetting) and to read registers of a halted
 * guest.
 */
#ifndef HB_RUNNER_QMP_H
#define HB_RUNNER_QMP_H

#include <jansson.h>
#include <stddef.h>

struct qmp {
	int fd;
	char buf[16384];
	size_t len;
	char err[200];
	unsigned long resets;     /* RESET events read so far: resets done */
};

/* Connect, read the greeting, negotiate capabilities.  Retries until the
 * socket exists (QEMU creates it shortly after start) or timeout_ms. */
int qmp_connect(struct qmp *q, const char *path, int timeout_ms);
/* Run one command ("system_reset"), args may be NULL; *ret gets the
 * "return" member (caller frees) when ret is not NULL. */
int qmp_execute(struct qmp *q, const char *cmd, json_t *args, json_t **ret,
		int timeout_ms);
/* Human monitor command, e.g. "info registers"; output string to free. */
int qmp_hmp(struct qmp *q, const char *line, char **out, int timeout_ms);
/* Read messages until `want` RESET events have been seen in all, or
 * timeout_ms (-ETIMEDOUT). */
int qmp_wait_resets(struct qmp *q, unsigned long want, int timeout_ms);
void qmp_close(struct qmp *q);

#endif
