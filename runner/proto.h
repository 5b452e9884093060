/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host side of the serial wire contract (include/hardboot/proto.h):
 * reassembles lines from an untrusted byte stream and splits HB1 records
 * into key=value fields.
 */
#ifndef HB_RUNNER_PROTO_H
#define HB_RUNNER_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "hardboot/proto.h"

enum proto_kind {
	PROTO_NOT_RECORD = 0, /* console text that is not an HB record */
	PROTO_START,
	PROTO_CPU,
	PROTO_TSC,
	PROTO_MARK,
	PROTO_ADDR,
	PROTO_SECRET,
	PROTO_CHECK,
	PROTO_RING,
	PROTO_DONE,
	PROTO_PAGES,   /* the image's own page-table walk (report=pages) */
	PROTO_FAULT,   /* an exception the guest took (arm64: ESR class, FAR, ELR) */
	PROTO_UNKNOWN, /* HB1 tag, kind this runner does not know (newer guest) */
	PROTO_NKINDS
};

#define PROTO_MAX_FIELDS 16

struct proto_field {
	const char *key;
	const char *val;
};

struct proto_rec {
	enum proto_kind kind;
	const char *kind_name;
	int nfields;
	struct proto_field f[PROTO_MAX_FIELDS];
};

/*
 * Line splitter: bytes in, complete lines out.  A guest may print anything:
 * NULs, 0xff, megabyte lines.  Lines longer than the buffer are cut; the
 * rest up to the next newline is dropped and counted, never buffered, so a
 * hostile guest cannot grow the runner's memory.
 */
#define PROTO_LINE_MAX 1024

struct proto_splitter {
	char buf[PROTO_LINE_MAX + 1];
	size_t len;
	int overflow;           /* current line was cut */
	uint64_t dropped;       /* bytes dropped from over-long lines */
	uint64_t nul_bytes;     /* NUL bytes seen (replaced, not kept) */
	uint64_t long_lines;    /* lines cut at PROTO_LINE_MAX */
	uint64_t consumed;      /* bytes fed so far; in a callback: through this line's '\n' */
};

/* Called once per complete line; the line is NUL-terminated, without '\n'
 * and a trailing '\r'.  truncated is set when the line was cut.  A non-zero
 * return stops proto_feed and is passed up. */
typedef int (*proto_line_fn)(void *ctx, char *line, size_t len, int truncated);

void proto_splitter_init(struct proto_splitter *s);
int proto_feed(struct proto_splitter *s, const char *data, size_t n,
	       proto_line_fn fn, void *ctx);
/* Deliver a final unterminated line (at EOF). */
int proto_flush(struct proto_splitter *s, proto_line_fn fn, void *ctx);

/*
 * Parse one line in place.  Returns 1 for an HB1 record (rec filled),
 * 0 for console text, -EPROTO for an HB line that breaks the grammar
 * (bad field, too many fields, wrong version).
 */
int proto_parse(char *line, struct proto_rec *rec);
const char *proto_get(const struct proto_rec *rec, const char *key);
int proto_get_u64(const struct proto_rec *rec, const char *key, uint64_t *v);
int proto_hex_u64(const char *s, uint64_t *v);
/* Index of a phase mark name in boot order, or -1. */
int proto_mark_index(const char *name);
extern const char *const proto_mark_names[HB_NMARKS];

#endif
