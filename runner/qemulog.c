// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * QEMU's -d int log of an aarch64 guest, read into boots.jsonl (qemulog.h).
 * QEMU writes it, but what it says (addresses, how many exceptions) is the
 * guest's doing: every field is bounded and checked, nothing is trusted to
 * be there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemulog.h"

#define QEMULOG_TAKING "Taking exception "
#define QEMULOG_SEMIHOSTING "Semihosting call"

/* "0x" then 1 to 16 hex digits, ending at *end. */
static int qemulog_hex(const char *s, const char **end, uint64_t *v)
{
	const char *p = s;

	if (strncmp(p, "0x", 2))
		return -1;
	p += 2;
	*v = 0;
	for (int n = 0;; n++, p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
			*p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (d < 0) {
			if (!n)
				return -1;
			break;
		}
		if (n == 16)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	*end = p;
	return 0;
}

static void qemulog_set_hex(json_t *o, const char *key, uint64_t v)
{
	json_object_set_new(o, key, json_sprintf("0x%016llx", (unsigned long long)v));
}

/* "Taking exception N [NAME] on CPU K": a new object, or NULL for a
 * semihosting call or a line of another shape. */
static json_t *qemulog_taking(const char *l, size_t len)
{
	const char *open = memchr(l, '[', len), *close;
	char name[48];
	size_t n;
	json_t *o;

	if (!open)
		return NULL;
	close = memchr(open, ']', len - (size_t)(open - l));
	if (!close)
		return NULL;
	n = (size_t)(close - open - 1);
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, open + 1, n);
	name[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			return NULL;
	if (!strcmp(name, QEMULOG_SEMIHOSTING))
		return NULL;
	o = json_object();
	json_object_set_new(o, "name", json_string(name));
	return o;
}

/* One "...KEY" line of the current exception. */
static void qemulog_detail(json_t *o, const char *l)
{
	const char *end;
	uint64_t a, b;
	unsigned from, to;

	if (sscanf(l, "...from EL%1u to EL%1u", &from, &to) == 2) {
		json_object_set_new(o, "from_el", json_integer(from));
		json_object_set_new(o, "to_el", json_integer(to));
	} else if (!strncmp(l, "...with ESR ", 12) && !qemulog_hex(l + 12, &end, &a) &&
		   *end == '/' && !qemulog_hex(end + 1, &end, &b)) {
		/* the class QEMU states, and the whole syndrome (EC in 31:26) */
		json_object_set_new(o, "ec", json_integer((json_int_t)(a & 0x3f)));
		qemulog_set_hex(o, "esr", b);
	} else if (!strncmp(l, "...with FAR ", 12) && !qemulog_hex(l + 12, &end, &a)) {
		qemulog_set_hex(o, "far", a);
	} else if (!strncmp(l, "...with ELR ", 12) && !qemulog_hex(l + 12, &end, &a)) {
		qemulog_set_hex(o, "elr", a);
	}
}

int qemulog_parse(const char *text, size_t len, json_t *arr)
{
	char line[256];
	json_t *cur = NULL;
	int added = 0;
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		/* a line longer than any QEMU writes is no line of this log */
		if (n < sizeof(line)) {
			memcpy(line, text + i, n);
			line[n] = '\0';
			if (!strncmp(line, QEMULOG_TAKING, strlen(QEMULOG_TAKING))) {
				cur = NULL;
				if (json_array_size(arr) < QEMULOG_MAX_EXC &&
				    (cur = qemulog_taking(line, n))) {
					json_array_append_new(arr, cur);
					added++;
				}
			} else if (cur && !strncmp(line, "...", 3)) {
				qemulog_detail(cur, line);
			} else {
				cur = NULL;
			}
		} else {
			cur = NULL;
		}
		i += n + 1;
	}
	return added;
}

int qemulog_read(const char *path, json_t **out, char *err, size_t n)
{
	char *buf = malloc(QEMULOG_READ_CAP);
	size_t len = 0;
	int fd, e;

	*out = NULL;
	if (!buf) {
		snprintf(err, n, "read %s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, n, "open %s: %s", path, strerror(e));
		free(buf);
		return -e;
	}
	while (len < QEMULOG_READ_CAP) {
		ssize_t r = read(fd, buf + len, QEMULOG_READ_CAP - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			snprintf(err, n, "read %s: %s", path, strerror(e));
			close(fd);
			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	*out = json_array();
	qemulog_parse(buf, len, *out);
	free(buf);
	return 0;
}
