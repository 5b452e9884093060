/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "unixsock.h"

int64_t unixsock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int unixsock_connect(const char *path, int timeout_ms, const char **what)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int64_t deadline = unixsock_ms() + timeout_ms;

	*what = path;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

		if (fd < 0) {
			*what = "socket";
			return -errno;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		e = errno;
		close(fd);
		if ((e != ENOENT && e != ECONNREFUSED) || unixsock_ms() > deadline)
			return -e;
		usleep(1000); /* the socket appears within milliseconds of exec */
	}
}
