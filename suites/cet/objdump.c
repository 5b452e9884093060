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

/* ---- A64 ------------------------------------------------------------------ */

/* x0-x30 / w0-w30 as 0-30; sp, xzr and anything else -1. */
static int objdump_a64_reg(const char *s)
{
	char *end;
	unsigned long v;

	if ((s[0] != 'x' && s[0] != 'w') || !g_ascii_isdigit(s[1]))
		return -1;
	v = strtoul(s + 1, &end, 10);
	return *end || v > 30 ? -1 : (int)v;
}

/* "#0x10", "#4056", "#-8" */
static int objdump_a64_imm(const char *s, uint64_t *v)
{
	char *end;
	int neg;

	if (*s++ != '#')
		return -EINVAL;
	neg = *s == '-';
	if (neg)
		s++;
	if (!g_ascii_isdigit(*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	if (neg)
		*v = (uint64_t)0 - *v;
	return 0;
}

/* Split operands at the commas outside [...], trimming blanks; at most max. */
static int objdump_a64_split(char *ops, char **op, int max)
{
	int n = 0, depth = 0;
	char *start = ops;

	for (char *p = ops;; p++) {
		if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && depth)
			depth--;
		if (*p && (*p != ',' || depth))
			continue;
		if (n == max)
			break;
		while (*start == ' ')
			start++;
		op[n++] = start;
		if (!*p)
			break;
		*p = '\0';
		start = p + 1;
	}
	for (int i = 0; i < n; i++) {
		size_t l = strlen(op[i]);

		while (l && op[i][l - 1] == ' ')
			op[i][--l] = '\0';
	}
	return n && *op[0] ? n : 0;
}

/* "[x1, #4056]", "[x1]", "[sp, #-64]!", "[x2, w0, sxtw]" (no offset) */
static void objdump_a64_mem(const char *s, struct objdump_insn *in)
{
	char buf[64], *op[3];
	int n;

	snprintf(buf, sizeof(buf), "%s", s + 1);
	if (!strchr(buf, ']'))
		return;
	*strchr(buf, ']') = '\0';
	n = objdump_a64_split(buf, op, 3);
	if (n < 1)
		return;
	in->rn = objdump_a64_reg(op[0]);
	if (n == 1)
		in->has_off = 1, in->off = 0;
	else if (n == 2 && !objdump_a64_imm(op[1], &in->off))
		in->has_off = 1;
}

static int objdump_a64_in(const char *m, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m, list[i]))
			return 1;
	return 0;
}

/* Instructions whose first operand is read, not written. */
static int objdump_a64_no_rd(const char *m)
{
	static const char *const reads[] = {
		"cmp", "cmn", "tst", "ccmp", "ccmn", "fcmp", "fcmpe", "fccmp",
		"prfm", "prfum", "msr", "sys", "dc", "ic", "at", "tlbi",
	};

	return !strncmp(m, "st", 2) || objdump_a64_in(m, reads, G_N_ELEMENTS(reads));
}

static int objdump_a64_branch(struct objdump_insn *in, char **op, int n)
{
	static const char *const direct[] = { "b", "bl", "cbz", "cbnz", "tbz", "tbnz" };
	static const char *const indirect[] = {
		"br", "blr", "braa", "brab", "blraa", "blrab", "braaz", "brabz",
		"blraaz", "blrabz",
	};
	static const char *const ret[] = { "ret", "retaa", "retab", "eret", "eretaa", "eretab" };
	const char *m = in->mnem;
	const char *q;

	if (objdump_a64_in(m, direct, G_N_ELEMENTS(direct)) || !strncmp(m, "b.", 2) ||
	    !strncmp(m, "bc.", 3)) {
		in->flow = 1;
		if (n && !objdump_hex(op[n - 1], &in->direct, &q) && !*q)
			in->has_direct = 1;
		return 1;
	}
	if (objdump_a64_in(m, indirect, G_N_ELEMENTS(indirect))) {
		in->flow = in->indirect = 1;
		return 1;
	}
	if (objdump_a64_in(m, ret, G_N_ELEMENTS(ret))) {
		in->flow = 1;
		return 1;
	}
	return 0;
}

/*
 * One A64 instruction's operands, comment and "<symbol>" already cut.
 * BTI's operand names the branches it admits: c = BLR (and BR x16/x17),
 * j = BR, jc = both, none = no branch at all.  PACIASP/PACIBSP admit BLR
 * like bti c whatever SCTLR_ELx.BT says (BT only narrows what BR may land
 * on them).
 */
static void objdump_a64(struct objdump_insn *in, char *ops)
{
	char *op[4];
	int n = objdump_a64_split(ops, op, 4);
	const char *m = in->mnem, *q;

	if (!strcmp(m, "bti")) {
		in->pad = !n ? 0 : !strcmp(op[0], "c") ? OBJDUMP_PAD_CALL :
			  !strcmp(op[0], "j") ? OBJDUMP_PAD_JUMP :
			  !strcmp(op[0], "jc") ? OBJDUMP_PAD_CALL | OBJDUMP_PAD_JUMP : 0;
		return;
	}
	if (!strcmp(m, "paciasp") || !strcmp(m, "pacibsp")) {
		in->pad = OBJDUMP_PAD_CALL;
		return;
	}
	if (objdump_a64_branch(in, op, n))
		return;
	if (!strcmp(m, "msr") && n == 2) {
		snprintf(in->sysreg, sizeof(in->sysreg), "%s", op[0]);
		in->rn = objdump_a64_reg(op[1]);
		return;
	}
	if (n && !objdump_a64_no_rd(m))
		in->rd = objdump_a64_reg(op[0]);
	if (!strcmp(m, "adrp") && n == 2 && !objdump_hex(op[1], &in->page, &q) && !*q) {
		in->has_page = 1;
	} else if (!strcmp(m, "adr") && n == 2 && !objdump_hex(op[1], &in->abs, &q) && !*q) {
		in->has_abs = 1;
	} else if (!strcmp(m, "add") && (n == 3 || (n == 4 && !strcmp(op[3], "lsl #12")))) {
		in->rn = objdump_a64_reg(op[1]);
		if (!objdump_a64_imm(op[2], &in->off)) {
			in->has_off = 1;
			if (n == 4)
				in->off <<= 12;
		}
	} else if (!strncmp(m, "ld", 2) || !strncmp(m, "st", 2)) {
		for (int i = 1; i < n; i++)
			if (op[i][0] == '[') {
				objdump_a64_mem(op[i], in);
				return;
			}
		if (!strncmp(m, "ldr", 3) && n == 2 && !objdump_hex(op[1], &in->lit, &q) && !*q)
			in->has_lit = 1;
	}
}
/* AT&T operands of one x86 instruction ("# ADDR" comment included). */
static void objdump_x86(struct objdump_insn *in, char *ops)
{
	char *hash = strchr(ops, '#');
	const char *q;

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
		return;
	}
	if (!strncmp(in->mnem, "lea", 3) && !strchr(ops, '(') &&
	    !objdump_hex(ops, &in->abs, &q) && *q == ',')
		in->has_abs = 1;
	objdump_imms(ops, in);
}

/* The mnemonic at *p (x86: after its prefix words), *p moved past it. */
static int objdump_mnem(char **pp, enum objdump_arch arch, struct objdump_insn *in)
{
	char *p = *pp;
	const char *m;
	size_t mlen;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		m = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		mlen = (size_t)(p - m);
		if (!mlen)
			return 0;   /* "\t..." or an empty line */
		if (arch != OBJDUMP_X86 || !objdump_is_prefix(m, mlen) || !*p)
			break;
		if (mlen == 7 && !strncmp(m, "notrack", 7))
			in->prefixes |= OBJDUMP_NOTRACK;
	}
	if (mlen >= sizeof(in->mnem))
		mlen = sizeof(in->mnem) - 1;
	memcpy(in->mnem, m, mlen);
	in->mnem[mlen] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	*pp = p;
	return 1;
}

int objdump_parse_line(const char *line, enum objdump_arch arch, struct objdump_insn *in)
{
	char buf[OBJDUMP_LINE_MAX], *p, *cut;
	const char *q;

	memset(in, 0, sizeof(*in));
	in->rd = in->rn = -1;
	while (*line == ' ')
		line++;
	if (objdump_hex(line, &in->addr, &q) || q[0] != ':' || q[1] != '\t')
		return 0;
	snprintf(buf, sizeof(buf), "%s", q + 2);
	p = buf;
	if (!objdump_mnem(&p, arch, in))
		return 0;
	/* "(bad)" (x86), ".inst 0x... ; undefined" (A64): no instruction */
	if (!strcmp(in->mnem, "(bad)") || !strcmp(in->mnem, ".inst")) {
		in->bad = 1;
		return 1;
	}
	if (arch == OBJDUMP_X86) {
		objdump_x86(in, p);
		return 1;
	}
	if ((cut = strstr(p, "//")))
		*cut = '\0';
	if ((cut = strstr(p, " <")))
		*cut = '\0';
	objdump_a64(in, p);
	return 1;
}

size_t objdump_parse_text(const char *text, size_t len, enum objdump_arch arch,
			  objdump_fn fn, void *ctx)
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
		if (objdump_parse_line(line, arch, &in)) {
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
static int objdump_raw(const char *tool, const char *path, enum objdump_arch arch, int code64,
		       const struct objdump_range *r, objdump_fn fn, void *ctx,
		       char *err, size_t n)
{
	char adj[40], start[40], stop[40];
	char *argv[] = { (char *)tool, "-D", "-w", "--no-show-raw-insn", "-b",
			 "binary", "-m", arch == OBJDUMP_ARM64 ? "aarch64" : code64 ? "i386:x86-64" : "i386",
			 adj, start,
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
		objdump_parse_text(out, strlen(out), arch, fn, ctx);
	g_free(out);
	g_free(errtxt);
	return rc;
}

int objdump_run(const char *tool, const char *path, enum objdump_arch arch, int code64,
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
			rc = objdump_raw(tool, path, arch, code64, &raw[i], fn, ctx, err, n);
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
	objdump_parse_text(out, strlen(out), arch, fn, ctx);
	g_free(out);
	g_free(errtxt);
	return 0;
}
