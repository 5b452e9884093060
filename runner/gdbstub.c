/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub.h"
#include "unixsock.h"

#define GDBSTUB_MAX_XML (1u << 20)   /* QEMU's aarch64 descriptions: ~60 KB */
#define GDBSTUB_CHUNK   0xf00        /* below QEMU's PacketSize=1000 (hex) */
#define GDBSTUB_FILES   16

static int64_t gdbstub_ms(void)
{
	return unixsock_ms();
}

static int gdbstub_fail(struct gdbstub *g, int e, const char *what)
{
	snprintf(g->err, sizeof(g->err), "gdbstub %s: %s", what, strerror(e));
	return -e;
}

static int gdbstub_hexval(int c)
{
	return g_ascii_xdigit_value((gchar)c);
}

/*
 * "$payload#cs": cs is the sum of the payload's bytes mod 256, as sent
 * (before unescaping).  '}' escapes the next byte (xor 0x20); "X*n"
 * repeats X n - 29 more times (run-length, n printable).  Bytes before
 * the '$' are acks ('+', '-') or noise and are skipped.
 */
int gdbstub_unframe(const char *buf, size_t len, char *out, size_t outn,
		    size_t *consumed)
{
	const char *start = memchr(buf, '$', len), *hash;
	unsigned sum = 0;
	size_t o = 0;
	int hi, lo, bad = 0;

	*consumed = 0;
	if (!start) {
		*consumed = len;   /* acks and noise only */
		return 0;
	}
	hash = memchr(start, '#', len - (size_t)(start - buf));
	if (!hash || (size_t)(hash - buf) + 3 > len)
		return 0;          /* not complete yet */
	*consumed = (size_t)(hash - buf) + 3;
	for (const char *p = start + 1; p < hash; p++) {
		sum += (unsigned char)*p;
		if (bad)
			continue;
		if (*p == '}' && p + 1 < hash) {
			p++;
			sum += (unsigned char)*p;
			if (o + 1 >= outn)
				bad = 1;
			else
				out[o++] = (char)(*p ^ 0x20);
		} else if (*p == '*' && o && p + 1 < hash) {
			int reps = (unsigned char)p[1] - 29;

			p++;
			sum += (unsigned char)*p;
			if (reps < 0 || o + (size_t)reps + 1 > outn)
				bad = 1;
			else
				for (; reps > 0; reps--, o++)
					out[o] = out[o - 1];
		} else if (o + 1 >= outn) {
			bad = 1;
		} else {
			out[o++] = *p;
		}
	}
	if (outn)
		out[o < outn ? o : outn - 1] = '\0';
	hi = gdbstub_hexval((unsigned char)hash[1]);
	lo = gdbstub_hexval((unsigned char)hash[2]);
	if (bad || hi < 0 || lo < 0 || (unsigned)(hi << 4 | lo) != (sum & 0xff))
		return -EPROTO;
	return (int)o + 1;   /* > 0: a packet, possibly empty */
}

static int gdbstub_send_all(struct gdbstub *g, const char *s, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = send(g->fd, s + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return gdbstub_fail(g, errno, "write");
		off += (size_t)n;
	}
	return 0;
}

static int gdbstub_send(struct gdbstub *g, const char *cmd)
{
	unsigned sum = 0;
	char *pkt;
	int rc;

	for (const char *p = cmd; *p; p++)
		sum += (unsigned char)*p;
	pkt = g_strdup_printf("$%s#%02x", cmd, sum & 0xff);
	rc = gdbstub_send_all(g, pkt, strlen(pkt));
	g_free(pkt);
	return rc;
}

/* One packet's payload into out (GDBSTUB_MAX_PACKET), acknowledged. */
static int gdbstub_read_packet(struct gdbstub *g, char *out, int64_t deadline)
{
	for (;;) {
		size_t used;
		int rc = gdbstub_unframe(g->in, g->len, out, GDBSTUB_MAX_PACKET, &used);
		struct pollfd p = { .fd = g->fd, .events = POLLIN };
		int64_t left;
		ssize_t n;

		memmove(g->in, g->in + used, g->len - used);
		g->len -= used;
		if (rc > 0)
			return gdbstub_send_all(g, "+", 1);
		if (rc < 0) {
			snprintf(g->err, sizeof(g->err), "gdbstub: a packet with a bad "
				 "checksum or over %d bytes", GDBSTUB_MAX_PACKET);
			return rc;
		}
		if (g->len == sizeof(g->in))
			return gdbstub_fail(g, EMSGSIZE, "packet");
		left = deadline - gdbstub_ms();
		if (left < 0)
			return gdbstub_fail(g, ETIMEDOUT, "reply");
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return gdbstub_fail(g, errno, "poll");
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(g->fd, g->in + g->len, sizeof(g->in) - g->len);
		if (n == 0)
			return gdbstub_fail(g, ECONNRESET, "read");
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return gdbstub_fail(g, errno, "read");
		if (n > 0)
			g->len += (size_t)n;
	}
}

int gdbstub_cmd(struct gdbstub *g, const char *cmd, char **reply, int timeout_ms)
{
	int64_t deadline = gdbstub_ms() + timeout_ms;
	char *out = g_malloc(GDBSTUB_MAX_PACKET);
	int rc = gdbstub_send(g, cmd);

	while (!rc) {
		rc = gdbstub_read_packet(g, out, deadline);
		/* QEMU stops the VM when a debugger connects and says so with
		 * an unrequested stop reply (T02); only '?' asks for one. */
		if (!rc && (out[0] == 'T' || out[0] == 'S') && cmd[0] != '?')
			continue;
		break;
	}
	if (rc)
		g_free(out);
	else
		*reply = out;
	return rc;
}

int gdbstub_connect(struct gdbstub *g, const char *path, int timeout_ms)
{
	const char *what;
	int e;

	memset(g, 0, sizeof(*g));
	g->fd = unixsock_connect(path, timeout_ms, &what);
	if (g->fd >= 0)
		return 0;
	e = -g->fd;
	g->fd = -1;
	return gdbstub_fail(g, e, what);
}

void gdbstub_close(struct gdbstub *g)
{
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
}

/* One description file by qXfer, in chunks: "m..." more, "l..." last. */
static int gdbstub_xml(struct gdbstub *g, const char *annex, char **xml, int64_t deadline)
{
	GString *s = g_string_new(NULL);

	for (;;) {
		char cmd[160], *r = NULL;
		int rc;

		snprintf(cmd, sizeof(cmd), "qXfer:features:read:%s:%zx,%x", annex, s->len,
			 GDBSTUB_CHUNK);
		rc = gdbstub_cmd(g, cmd, &r, (int)(deadline - gdbstub_ms() > 0 ?
						  deadline - gdbstub_ms() : 1));
		if (rc) {
			g_string_free(s, TRUE);
			return rc;
		}
		if (r[0] != 'm' && r[0] != 'l') {
			snprintf(g->err, sizeof(g->err), "gdbstub: reading %.60s: reply %.20s",
				 annex, r[0] ? r : "(empty: no target descriptions)");
			g_free(r);
			g_string_free(s, TRUE);
			return -EPROTO;
		}
		g_string_append(s, r + 1);
		rc = r[0] == 'l' || !r[1];
		g_free(r);
		if (s->len > GDBSTUB_MAX_XML) {
			g_string_free(s, TRUE);
			return gdbstub_fail(g, EMSGSIZE, annex);
		}
		if (rc)
			break;
	}
	*xml = g_string_free(s, FALSE);
	return 0;
}

/* The value of attribute `attr` inside the tag [tag, end): copied into
 * val[0..n), 0; -1 when absent. */
static int gdbstub_attr(const char *tag, const char *end, const char *attr,
			char *val, size_t n)
{
	size_t alen = strlen(attr);

	for (const char *p = tag; p + alen + 2 < end; p++) {
		const char *q;

		if (strncmp(p, attr, alen) || p[alen] != '=' || p[alen + 1] != '"' ||
		    (p > tag && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
			continue;
		p += alen + 2;
		q = memchr(p, '"', (size_t)(end - p));
		if (!q || (size_t)(q - p) >= n)
			return -1;
		memcpy(val, p, (size_t)(q - p));
		val[q - p] = '\0';
		return 0;
	}
	return -1;
}

void gdbstub_xml_regnums(const char *xml, const char *const *names, size_t n,
			 long *nums, long *next)
{
	const char *p = xml;

	while ((p = strstr(p, "<reg "))) {
		const char *end = strchr(p, '>');
		char name[64], num[24];
		long r = *next;

		if (!end)
			return;
		if (!gdbstub_attr(p, end, "regnum", num, sizeof(num))) {
			char *e;

			errno = 0;
			r = strtol(num, &e, 10);
			if (errno || *e || r < 0 || r > 1000000)
				r = *next;
		}
		*next = r + 1;
		if (!gdbstub_attr(p, end, "name", name, sizeof(name)))
			for (size_t i = 0; i < n; i++)
				if (!strcmp(name, names[i]))
					nums[i] = r;
		p = end;
	}
}

size_t gdbstub_xml_includes(const char *xml, char hrefs[][64], size_t max)
{
	const char *p = xml;
	size_t k = 0;

	while (k < max && (p = strstr(p, "<xi:include "))) {
		const char *end = strchr(p, '>');

		if (!end)
			break;
		/* an href is a file name of the target's own: nothing that
		 * could leave the qXfer annex (no ':', no path) */
		if (!gdbstub_attr(p, end, "href", hrefs[k], 64) && hrefs[k][0] &&
		    !strpbrk(hrefs[k], ":/#$"))
			k++;
		p = end;
	}
	return k;
}

int gdbstub_hex_le(const char *s, uint64_t *v)
{
	size_t len = strlen(s);

	if (len < 2 || len > 16 || len % 2)
		return -EPROTO;
	*v = 0;
	for (size_t i = 0; i < len; i += 2) {
		int hi = gdbstub_hexval((unsigned char)s[i]);
		int lo = gdbstub_hexval((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return -EPROTO;
		*v |= (uint64_t)(hi << 4 | lo) << (4 * i);
	}
	return 0;
}

int gdbstub_regs(struct gdbstub *g, const char *const *names, size_t n,
		 uint64_t *vals, unsigned *have, int timeout_ms)
{
	int64_t deadline = gdbstub_ms() + timeout_ms;
	char hrefs[GDBSTUB_FILES][64], *xml = NULL;
	long *nums = g_new(long, n), next = 0;
	size_t files;
	int rc;

	*have = 0;
	for (size_t i = 0; i < n; i++)
		nums[i] = -1;
	/* target.xml first: QEMU answers `p` only once it has been read */
	rc = gdbstub_xml(g, "target.xml", &xml, deadline);
	if (rc)
		goto out;
	gdbstub_xml_regnums(xml, names, n, nums, &next);
	files = gdbstub_xml_includes(xml, hrefs, GDBSTUB_FILES);
	g_free(xml);
	for (size_t f = 0; f < files && !rc; f++) {
		xml = NULL;   /* a failed read leaves it untouched */
		rc = gdbstub_xml(g, hrefs[f], &xml, deadline);
		if (!rc)
			gdbstub_xml_regnums(xml, names, n, nums, &next);
		g_free(xml);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		char cmd[24], *r = NULL;

		if (nums[i] < 0)
			continue;
		snprintf(cmd, sizeof(cmd), "p%lx", nums[i]);
		rc = gdbstub_cmd(g, cmd, &r, (int)(deadline - gdbstub_ms() > 0 ?
						  deadline - gdbstub_ms() : 1));
		if (rc)
			break;
		if (gdbstub_hex_le(r, &vals[i])) {
			snprintf(g->err, sizeof(g->err), "gdbstub: %s (register %ld): reply %.24s",
				 names[i], nums[i], r);
			rc = -EPROTO;
		} else if (i < 32) {
			*have |= 1u << i;
		}
		g_free(r);
	}
out:
	g_free(nums);
	return rc;
}
