/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qmp.h"
#include "unixsock.h"

static int64_t qmp_ms(void)
{
	return unixsock_ms();
}

static int qmp_fail(struct qmp *q, int e, const char *what)
{
	snprintf(q->err, sizeof(q->err), "QMP %s: %s", what, strerror(e));
	return -e;
}

/* An asynchronous event: a RESET is counted, the rest dropped. */
static void qmp_event(struct qmp *q, json_t *msg)
{
	const char *ev = json_string_value(json_object_get(msg, "event"));

	if (ev && !strcmp(ev, "RESET"))
		q->resets++;
}

/* Read one JSON message (QMP sends one per line). */
static int qmp_read_msg(struct qmp *q, json_t **msg, int64_t deadline)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		int64_t left;
		ssize_t n;
		int pr;

		if (nl) {
			json_error_t je;
			size_t used = (size_t)(nl - q->buf) + 1;

			*msg = json_loadb(q->buf, used, 0, &je);
			memmove(q->buf, q->buf + used, q->len - used);
			q->len -= used;
			if (!*msg) {
				snprintf(q->err, sizeof(q->err), "QMP: bad JSON: %s", je.text);
				return -EPROTO;
			}
			return 0;
		}
		if (q->len == sizeof(q->buf))
			return qmp_fail(q, EMSGSIZE, "message");
		left = deadline - qmp_ms();
		if (left < 0)
			left = 0; /* one look at what is there already */
		pr = poll(&p, 1, (int)left);
		if (pr < 0 && errno != EINTR)
			return qmp_fail(q, errno, "poll");
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) {
			if (pr == 0 && left == 0)
				return qmp_fail(q, ETIMEDOUT, "reply");
			continue;
		}
		n = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (n == 0)
			return qmp_fail(q, ECONNRESET, "read");
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return qmp_fail(q, errno, "read");
		}
		q->len += (size_t)n;
	}
}

static int qmp_send(struct qmp *q, json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	size_t len = strlen(s), off = 0;

	while (off < len) {
		ssize_t n = send(q->fd, s + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(s);
			return qmp_fail(q, errno, "write");
		}
		off += (size_t)n;
	}
	free(s);
	return 0;
}

int qmp_execute(struct qmp *q, const char *cmd, json_t *args, json_t **ret,
		int timeout_ms)
{
	int64_t deadline = qmp_ms() + timeout_ms;
	json_t *msg = json_pack("{s:s}", "execute", cmd);
	int rc;

	if (args)
		json_object_set(msg, "arguments", args);
	rc = qmp_send(q, msg);
	json_decref(msg);
	while (!rc) {
		json_t *r, *err;

		rc = qmp_read_msg(q, &msg, deadline);
		if (rc)
			break;
		/* Asynchronous events (RESET, STOP, ...) are interleaved. */
		qmp_event(q, msg);
		if ((r = json_object_get(msg, "return"))) {
			if (ret)
				*ret = json_incref(r);
			json_decref(msg);
			return 0;
		}
		if ((err = json_object_get(msg, "error"))) {
			snprintf(q->err, sizeof(q->err), "QMP %s: %s", cmd,
				 json_string_value(json_object_get(err, "desc")) ?
				 json_string_value(json_object_get(err, "desc")) : "error");
			json_decref(msg);
			return -EIO;
		}
		json_decref(msg);
	}
	return rc;
}

int qmp_connect(struct qmp *q, const char *path, int timeout_ms)
{
	int64_t deadline = qmp_ms() + timeout_ms;
	const char *what;
	json_t *greeting;
	int rc;

	memset(q, 0, sizeof(*q));
	q->fd = unixsock_connect(path, timeout_ms, &what);
	if (q->fd < 0) {
		rc = -q->fd;
		q->fd = -1;
		return qmp_fail(q, rc, what);
	}
	rc = qmp_read_msg(q, &greeting, deadline);
	if (rc)
		return rc;
	json_decref(greeting);
	return qmp_execute(q, "qmp_capabilities", NULL, NULL,
			   (int)(deadline - qmp_ms() > 0 ? deadline - qmp_ms() : 1));
}

int qmp_hmp(struct qmp *q, const char *line, char **out, int timeout_ms)
{
	json_t *args = json_pack("{s:s}", "command-line", line), *ret = NULL;
	int rc = qmp_execute(q, "human-monitor-command", args, &ret, timeout_ms);

	json_decref(args);
	if (!rc)
		*out = strdup(json_string_value(ret) ? json_string_value(ret) : "");
	json_decref(ret);
	return rc;
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
}

int qmp_wait_resets(struct qmp *q, unsigned long want, int timeout_ms)
{
	int64_t deadline = qmp_ms() + timeout_ms;
	json_t *msg;
	int rc;

	while (q->resets < want) {
		rc = qmp_read_msg(q, &msg, deadline);
		if (rc == -EPROTO)
			continue;
		if (rc)
			return rc;
		qmp_event(q, msg);
		json_decref(msg);
	}
	return 0;
}
