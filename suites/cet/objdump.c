/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objdump.h"

#define OBJDUMP_LINE_MAX 512

/* Instruction prefixes objdump prints as words before the mnemonic. */
static const char *const objdump_prefixes[] = {
	"notrack", "bnd", "addr32", "addr16", "data16", "data32", "lock", "rep",
	"repz", "repnz", "repe", "repne", "cs", "ds", "es", "fs", "gs", "ss",
	"xacquire", "xrelease", "rex", "rex.W", "rex.R", "rex.X", "rex.B",
	"rex.WB", "rex.WR", "rex.WX", "rex.RB", "rex.RX", "rex.XB", "rex.WRB",
	"rex.WRX", "rex.WXB", "rex.RXB", "rex.WRXB", "{disp32}", "{disp8}",
	"{vex}", "{vex3}", "{evex}",
};

/* Hex number at s ("0x" optional), up to a non-hex character. */
static int objdump_hex(const char *s, uint64_t *v, const char **end)
{
	const char *p = s;
	uint64_t x = 0;
	int digits = 0;

	if (p[0] == '0' && p[1] == 'x')
		p += 2;
	for (; g_ascii_isxdigit(*p); p++, digits++) {
		if (digits == 16)
			return -ERANGE;
		x = x << 4 | (uint64_t)g_ascii_xdigit_value(*p);
	}
	if (!digits)
		return -EINVAL;
	*v = x;
	if (end)
		*end = p;
	return 0;
}

static int objdump_is_prefix(const char *w, size_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(objdump_prefixes); i++)
		if (strlen(objdump_prefixes[i]) == n && !strncmp(objdump_prefixes[i], w, n))
			return 1;
	return 0;
}

static int objdump_is_branch(const char *m)
{
	return m[0] == 'j' || !strncmp(m, "call", 4) || !strncmp(m, "loop", 4);
}

/* Immediates "$0x..." anywhere in the operands, at most OBJDUMP_MAX_IMM. */
static void objdump_imms(const char *ops, struct objdump_insn *in)
{
	for (const char *p = strchr(ops, '$'); p && in->nimm < OBJDUMP_MAX_IMM;
	     p = strchr(p + 1, '$')) {
		uint64_t v;

		if (p[1] == '0' && p[2] == 'x' && !objdump_hex(p + 1, &v, NULL))
			in->imm[in->nimm++] = v;
	}
}

int objdump_parse_line(const char *line, struct objdump_insn *in)
{
	char buf[OBJDUMP_LINE_MAX], *ops, *hash, *p;
	const char *q, *m;
	size_t mlen;

	memset(in, 0, sizeof(*in));
	while (*line == ' ')
		line++;
	if (objdump_hex(line, &in->addr, &q) || q[0] != ':' || q[1] != '\t')
		return 0;
	snprintf(buf, sizeof(buf), "%s", q + 2);
	p = buf;
	/* prefixes, then the mnemonic */
	for (;;) {
		while (*p == ' ')
			p++;
		m = p;
		while (*p && *p != ' ')
			p++;
		mlen = (size_t)(p - m);
		if (!mlen)
			return 0;   /* "\t..." or an empty line */
		if (!objdump_is_prefix(m, mlen) || !*p)
			break;
		if (mlen == 7 && !strncmp(m, "notrack", 7))
			in->prefixes |= OBJDUMP_NOTRACK;
	}
	if (mlen >= sizeof(in->mnem))
		mlen = sizeof(in->mnem) - 1;
	memcpy(in->mnem, m, mlen);
	in->mnem[mlen] = '\0';
	if (!strcmp(in->mnem, "(bad)")) {
		in->bad = 1;
		return 1;
	}
	while (*p == ' ')
		p++;
	ops = p;
	hash = strchr(ops, '#');
	if (hash) {
		uint64_t v;
		const char *c = hash + 1;

		*hash = '\0';
		while (*c == ' ')
			c++;
		if (strstr(ops, "(%rip)") && !objdump_hex(c, &v, NULL)) {
			in->has_rip = 1;
			in->rip = v;
		}
	}
	in->seg_canary = strstr(ops, "%fs:0x28") || strstr(ops, "%gs:0x28") ||
			 strstr(ops, "%gs:0x14");
	if (objdump_is_branch(in->mnem)) {
		if (*ops == '*')
			in->indirect = 1;
		else if (!objdump_hex(ops, &in->direct, &q) && (*q == '\0' || *q == ' '))
			in->has_direct = 1;
		return 1;
	}
	if (!strncmp(in->mnem, "lea", 3) && !strchr(ops, '(') &&
	    !objdump_hex(ops, &in->abs, &q) && *q == ',')
		in->has_abs = 1;
	objdump_imms(ops, in);
	return 1;
}

size_t objdump_parse_text(const char *text, size_t len, objdump_fn fn, void *ctx)
{
	const char *p = text, *end = text + len;
	char line[OBJDUMP_LINE_MAX];
	size_t count = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		struct objdump_insn in;

		if (l >= sizeof(line))
			l = sizeof(line) - 1;
		memcpy(line, p, l);
		line[l] = '\0';
		p = nl ? nl + 1 : end;
		if (objdump_parse_line(line, &in)) {
			fn(&in, ctx);
			count++;
		}
	}
	return count;
}

static int objdump_spawn(char **argv, char **out, char **errtxt, int *status,
			 char *err, size_t n)
{
	GError *ge = NULL;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
			  errtxt, status, &ge)) {
		snprintf(err, n, "cannot run %s: %s", argv[0], ge ? ge->message : "?");
		g_clear_error(&ge);
		return -ENOENT;
	}
	return 0;
}

static void objdump_first_line(char *s)
{
	char *nl = s ? strchr(s, '\n') : NULL;

	if (nl)
		*nl = '\0';
}

/* objdump -D -b binary over one section's bytes, at its addresses. */
static int objdump_raw(const char *tool, const char *path, int code64,
		       const struct objdump_range *r, objdump_fn fn, void *ctx,
		       char *err, size_t n)
{
	char adj[40], start[40], stop[40];
	char *argv[] = { (char *)tool, "-D", "-w", "--no-show-raw-insn", "-b",
			 "binary", "-m", code64 ? "i386:x86-64" : "i386", adj, start,
			 stop, (char *)path, NULL };
	char *out = NULL, *errtxt = NULL;
	int status = 0, rc;

	snprintf(adj, sizeof(adj), "--adjust-vma=0x%llx",
		 (unsigned long long)(r->addr - r->off));
	snprintf(start, sizeof(start), "--start-address=0x%llx",
		 (unsigned long long)r->addr);
	snprintf(stop, sizeof(stop), "--stop-address=0x%llx",
		 (unsigned long long)(r->addr + r->size));
	rc = objdump_spawn(argv, &out, &errtxt, &status, err, n);
	if (!rc && status) {
		objdump_first_line(errtxt);
		snprintf(err, n, "%s -b binary %s: %s", tool, path,
			 errtxt && *errtxt ? errtxt : "failed");
		rc = -EINVAL;
	}
	if (!rc)
		objdump_parse_text(out, strlen(out), fn, ctx);
	g_free(out);
	g_free(errtxt);
	return rc;
}

int objdump_run(const char *tool, const char *path, int code64,
		const struct objdump_range *raw, size_t nraw, int *raw_used,
		objdump_fn fn, void *ctx, char *err, size_t n)
{
	char *argv[] = { (char *)tool, "-d", "-w", "--no-show-raw-insn",
			 code64 ? "-Mx86-64" : (char *)path, code64 ? (char *)path : NULL,
			 NULL };
	char *out = NULL, *errtxt = NULL;
	int status = 0, rc;

	*raw_used = 0;
	rc = objdump_spawn(argv, &out, &errtxt, &status, err, n);
	if (rc)
		return rc;
	if (status && errtxt && strstr(errtxt, "file format not recognized")) {
		/* BFD refuses some hand-made ELFs (an ELF32 wrapper with 64-bit
		 * relocation entries): read the executable sections as bytes. */
		g_free(out);
		g_free(errtxt);
		*raw_used = 1;
		for (size_t i = 0; i < nraw; i++) {
			rc = objdump_raw(tool, path, code64, &raw[i], fn, ctx, err, n);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (status) {
		objdump_first_line(errtxt);
		snprintf(err, n, "%s -d %s: %s", tool, path,
			 errtxt && *errtxt ? errtxt : "failed");
		g_free(out);
		g_free(errtxt);
		return -EINVAL;
	}
	objdump_parse_text(out, strlen(out), fn, ctx);
	g_free(out);
	g_free(errtxt);
	return 0;
}
