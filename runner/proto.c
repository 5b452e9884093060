/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Serial record parser.  Everything here handles bytes a guest chose, so it
 * never trusts a length, never allocates per byte and never recurses.
 */
#include <errno.h>
#include <string.h>

#include "proto.h"

const char *const proto_mark_names[HB_NMARKS] = {
	HB_MARK_ENTRY, HB_MARK_PAGING, HB_MARK_RNG, HB_MARK_ASLR, HB_MARK_MAIN,
};

static const struct {
	const char *name;
	enum proto_kind kind;
} proto_kinds[] = {
	{ HB_REC_START, PROTO_START },   { HB_REC_CPU, PROTO_CPU },
	{ HB_REC_TSC, PROTO_TSC },       { HB_REC_MARK, PROTO_MARK },
	{ HB_REC_ADDR, PROTO_ADDR },     { HB_REC_SECRET, PROTO_SECRET },
	{ HB_REC_CHECK, PROTO_CHECK },   { HB_REC_RING, PROTO_RING },
	{ HB_REC_DONE, PROTO_DONE },     { HB_REC_PAGES, PROTO_PAGES },
	{ HB_REC_FAULT, PROTO_FAULT },
};

void proto_splitter_init(struct proto_splitter *s)
{
	memset(s, 0, sizeof(*s));
}

static int proto_emit(struct proto_splitter *s, proto_line_fn fn, void *ctx)
{
	int truncated = s->overflow, rc;

	if (s->len && s->buf[s->len - 1] == '\r')
		s->len--;
	s->buf[s->len] = '\0';
	rc = fn(ctx, s->buf, s->len, truncated);
	s->len = 0;
	s->overflow = 0;
	return rc;
}

int proto_feed(struct proto_splitter *s, const char *data, size_t n,
	       proto_line_fn fn, void *ctx)
{
	const char *end = data + n;

	while (data < end) {
		const char *nl = memchr(data, '\n', (size_t)(end - data));
		size_t chunk = (size_t)((nl ? nl : end) - data);
		size_t room = PROTO_LINE_MAX - s->len;
		size_t take = chunk < room ? chunk : room;

		/* NUL would end the C string early: keep the byte count honest
		 * but make it visible as '?'. */
		for (size_t i = 0; i < take; i++) {
			char c = data[i];

			if (c == '\0') {
				c = '?';
				s->nul_bytes++;
			}
			s->buf[s->len++] = c;
		}
		if (take < chunk) {
			if (!s->overflow)
				s->long_lines++;
			s->overflow = 1;
			s->dropped += chunk - take;
		}
		data += chunk;
		s->consumed += chunk;
		if (nl) {
			int rc;

			data++;
			s->consumed++;
			rc = proto_emit(s, fn, ctx);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int proto_flush(struct proto_splitter *s, proto_line_fn fn, void *ctx)
{
	if (!s->len && !s->overflow)
		return 0;
	return proto_emit(s, fn, ctx);
}

static int proto_key_ok(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++) {
		char c = *k;

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static enum proto_kind proto_kind_of(const char *name)
{
	for (size_t i = 0; i < sizeof(proto_kinds) / sizeof(proto_kinds[0]); i++)
		if (!strcmp(proto_kinds[i].name, name))
			return proto_kinds[i].kind;
	return PROTO_UNKNOWN;
}

/*
 * A record starts with "HB<version> ".  Console text that merely contains
 * "HB1" elsewhere is not a record.  Other versions are a protocol error:
 * silently ignoring them would turn a newer image into a boot with no done.
 */
int proto_parse(char *line, struct proto_rec *rec)
{
	char *p, *save = NULL, *tok;

	memset(rec, 0, sizeof(*rec));
	if (strncmp(line, "HB", 2) || line[2] < '0' || line[2] > '9')
		return 0;
	if (line[3] != ' ')
		return line[3] == '\0' ? -EPROTO : 0;
	if (line[2] != '0' + HB_PROTO_VERSION)
		return -EPROTO;
	p = line + 4;
	tok = strtok_r(p, " ", &save);
	if (!tok)
		return -EPROTO;
	rec->kind_name = tok;
	rec->kind = proto_kind_of(tok);
	if (!proto_key_ok(tok))
		return -EPROTO;
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq || rec->nfields == PROTO_MAX_FIELDS)
			return -EPROTO;
		*eq = '\0';
		if (!proto_key_ok(tok))
			return -EPROTO;
		rec->f[rec->nfields].key = tok;
		rec->f[rec->nfields].val = eq + 1;
		rec->nfields++;
	}
	return 1;
}

const char *proto_get(const struct proto_rec *rec, const char *key)
{
	for (int i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->f[i].key, key))
			return rec->f[i].val;
	return NULL;
}

int proto_hex_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	int n = 0;

	if (!s)
		return -ENOENT;
	for (; *s; s++, n++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else
			return -EINVAL;
		if (n == 16)
			return -ERANGE;
		x = x << 4 | (uint64_t)d;
	}
	if (!n)
		return -EINVAL;
	*v = x;
	return 0;
}

int proto_get_u64(const struct proto_rec *rec, const char *key, uint64_t *v)
{
	return proto_hex_u64(proto_get(rec, key), v);
}

int proto_mark_index(const char *name)
{
	for (int i = 0; i < HB_NMARKS; i++)
		if (!strcmp(proto_mark_names[i], name))
			return i;
	return -1;
}
