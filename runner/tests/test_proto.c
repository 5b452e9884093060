/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table-driven tests of the serial line splitter and record parser. */
#include <errno.h>
#include <stdlib.h>

#include "proto.h"
#include "unit.h"

static const struct {
	const char *line;
	int rc;                 /* proto_parse result */
	enum proto_kind kind;
	int nfields;
	const char *key, *val;  /* one field to check */
} parse_cases[] = {
	{ "HB1 start img=hardened proto=1", 1, PROTO_START, 2, "img", "hardened" },
	{ "HB1 mark entry=1a2b", 1, PROTO_MARK, 1, "entry", "1a2b" },
	{ "HB1 done st=pass", 1, PROTO_DONE, 1, "st", "pass" },
	{ "HB1 check kat=skip:no-cpuid", 1, PROTO_CHECK, 1, "kat", "skip:no-cpuid" },
	{ "HB1 newkind a=b", 1, PROTO_UNKNOWN, 1, "a", "b" },
	{ "HB1 done", 1, PROTO_DONE, 0, NULL, NULL },
	{ "HB1 addr  stack=1   heap=2", 1, PROTO_ADDR, 2, "heap", "2" },
	{ "HB1 addr stack=", 1, PROTO_ADDR, 1, "stack", "" },
	{ "console text", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HBX start", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB1start", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ " HB1 done st=pass", 0, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB1", -EPROTO, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB1 ", -EPROTO, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB2 start img=x", -EPROTO, PROTO_NOT_RECORD, 0, NULL, NULL },
	{ "HB1 start noequals", -EPROTO, PROTO_START, 0, NULL, NULL },
	{ "HB1 start =v", -EPROTO, PROTO_START, 0, NULL, NULL },
	{ "HB1 start K=v", -EPROTO, PROTO_START, 0, NULL, NULL },
	{ "HB1 Start a=b", -EPROTO, PROTO_UNKNOWN, 0, NULL, NULL },
	{ "HB1 a a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 l=12 m=13 n=14 o=15 p=16 q=17",
	  -EPROTO, PROTO_UNKNOWN, 0, NULL, NULL },
};

static const struct {
	const char *s;
	int rc;
	uint64_t v;
} hex_cases[] = {
	{ "0", 0, 0 }, { "ff", 0, 255 }, { "ffffffffffffffff", 0, UINT64_MAX },
	{ "10000000000000000", -ERANGE, 0 }, { "", -EINVAL, 0 }, { "0x10", -EINVAL, 0 },
	{ "FF", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "12 ", -EINVAL, 0 },
};

struct collect {
	char lines[8][PROTO_LINE_MAX + 1];
	int trunc[8];
	int n;
};

static int collect_line(void *ctx, char *line, size_t len, int truncated)
{
	struct collect *c = ctx;

	(void)len;
	if (c->n < 8) {
		snprintf(c->lines[c->n], sizeof(c->lines[0]), "%s", line);
		c->trunc[c->n] = truncated;
	}
	c->n++;
	return 0;
}

static void test_splitter_chunks(void)
{
	const char *in = "HB1 start img=a\r\nnoise\n\nHB1 done st=pass\npartial";
	size_t len = strlen(in);

	/* Every chunk size gives the same lines: a pipe may split anywhere. */
	for (size_t chunk = 1; chunk <= len; chunk++) {
		struct proto_splitter sp;
		struct collect c = { 0 };

		proto_splitter_init(&sp);
		for (size_t off = 0; off < len; off += chunk)
			proto_feed(&sp, in + off, off + chunk > len ? len - off : chunk,
				   collect_line, &c);
		if (chunk == 1 || chunk == 7 || chunk == len) {
			unit_ok(c.n == 4 && !strcmp(c.lines[0], "HB1 start img=a") &&
				!strcmp(c.lines[1], "noise") && !c.lines[2][0] &&
				!strcmp(c.lines[3], "HB1 done st=pass"),
				"splitter: chunk %zu gives 4 lines, CR stripped", chunk);
			proto_flush(&sp, collect_line, &c);
			unit_ok(c.n == 5 && !strcmp(c.lines[4], "partial"),
				"splitter: chunk %zu flushes the unterminated tail", chunk);
		}
	}
}

static void test_splitter_hostile(void)
{
	struct proto_splitter sp;
	struct collect c = { 0 };
	size_t big = 1 << 20;
	char *line = malloc(big + 1);
	const char nul[] = "a\0b\n";

	memset(line, 'x', big);
	line[big] = '\n';
	proto_splitter_init(&sp);
	proto_feed(&sp, line, big + 1, collect_line, &c);
	proto_feed(&sp, "HB1 done st=pass\n", 17, collect_line, &c);
	unit_ok(c.n == 2 && c.trunc[0] && strlen(c.lines[0]) == PROTO_LINE_MAX &&
		!c.trunc[1] && !strcmp(c.lines[1], "HB1 done st=pass"),
		"splitter: 1 MiB line cut to %d bytes, next line intact", PROTO_LINE_MAX);
	unit_ok(sp.dropped == big - PROTO_LINE_MAX && sp.long_lines == 1,
		"splitter: dropped bytes counted (%llu)", (unsigned long long)sp.dropped);
	proto_feed(&sp, nul, 4, collect_line, &c);
	unit_ok(c.n == 3 && !strcmp(c.lines[2], "a?b") && sp.nul_bytes == 1,
		"splitter: NUL shown as '?' and counted");
	unit_ok(sp.consumed == big + 1 + 17 + 4, "splitter: consumed counts every byte");
	free(line);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(parse_cases); i++) {
		char buf[256];
		struct proto_rec r;
		int rc;
		const char *v;

		snprintf(buf, sizeof(buf), "%s", parse_cases[i].line);
		rc = proto_parse(buf, &r);
		v = parse_cases[i].key ? proto_get(&r, parse_cases[i].key) : NULL;
		unit_ok(rc == parse_cases[i].rc &&
			(rc != 1 || (r.kind == parse_cases[i].kind &&
				     r.nfields == parse_cases[i].nfields)) &&
			(!parse_cases[i].key || (v && !strcmp(v, parse_cases[i].val))),
			"parse '%s' -> %d", parse_cases[i].line, parse_cases[i].rc);
	}
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(hex_cases); i++) {
		uint64_t v = 0;
		int rc = proto_hex_u64(hex_cases[i].s, &v);

		unit_ok(rc == hex_cases[i].rc && (rc || v == hex_cases[i].v),
			"hex '%s' -> %d", hex_cases[i].s, hex_cases[i].rc);
	}
	unit_ok(proto_mark_index("entry") == 0 && proto_mark_index("main") == 4 &&
		proto_mark_index("Main") == -1, "mark names in boot order");
	test_splitter_chunks();
	test_splitter_hostile();
	return unit_done();
}
