/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What QEMU's two unix-socket servers (QMP, the gdbstub) need of a client
 * alike: a deadline clock and a connect that waits for QEMU to create the
 * socket, which it does milliseconds after exec.
 */
#ifndef HB_RUNNER_UNIXSOCK_H
#define HB_RUNNER_UNIXSOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds. */
int64_t unixsock_ms(void);
/* A connected SOCK_STREAM descriptor (close-on-exec), retrying while the
 * path does not exist or refuses, for at most timeout_ms; -errno and
 * *what = the failing call ("socket", or the path for connect). */
int unixsock_connect(const char *path, int timeout_ms, const char **what);

#endif
