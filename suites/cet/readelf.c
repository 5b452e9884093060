/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "readelf.h"

#define READELF_MAX_TOK 16

enum readelf_part { RE_NONE, RE_HDR, RE_SEC, RE_PH, RE_DYN, RE_REL, RE_SYM };

void readelf_init(struct readelf_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->segs = g_array_new(FALSE, TRUE, sizeof(struct readelf_seg));
	ri->secs = g_array_new(FALSE, TRUE, sizeof(struct readelf_sec));
	ri->syms = g_array_new(FALSE, TRUE, sizeof(struct readelf_sym));
	ri->rels = g_array_new(FALSE, TRUE, sizeof(struct readelf_rel));
}

void readelf_free(struct readelf_info *ri)
{
	if (ri->syms)
		for (guint i = 0; i < ri->syms->len; i++)
			g_free(g_array_index(ri->syms, struct readelf_sym, i).name);
	if (ri->segs)
		g_array_free(ri->segs, TRUE);
	if (ri->secs)
		g_array_free(ri->secs, TRUE);
	if (ri->syms)
		g_array_free(ri->syms, TRUE);
	if (ri->rels)
		g_array_free(ri->rels, TRUE);
	memset(ri, 0, sizeof(*ri));
}

/* Split in place at blanks; at most max tokens, the rest is dropped. */
static int readelf_tokens(char *s, char **tok, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n;
}

/* Whole-token number in base (16, or 0 for "0x"/decimal). */
static int readelf_num(const char *s, int base, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || *end ? -EINVAL : 0;
}

static void readelf_copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

static void readelf_header(struct readelf_info *ri, const char *line)
{
	const char *colon = strchr(line, ':');
	char key[64], val[128];
	size_t klen;

	if (!colon)
		return;
	while (*line == ' ')
		line++;
	klen = (size_t)(colon - line);
	if (klen >= sizeof(key))
		return;
	memcpy(key, line, klen);
	key[klen] = '\0';
	colon++;
	while (*colon == ' ')
		colon++;
	readelf_copy(val, sizeof(val), colon);
	if (!strcmp(key, "Class")) {
		ri->elf64 = !strcmp(val, "ELF64");
		ri->have_header = 1;
	} else if (!strcmp(key, "Type")) {
		char *sp = strchr(val, ' ');

		if (sp)
			*sp = '\0';
		readelf_copy(ri->type, sizeof(ri->type), val);
	} else if (!strcmp(key, "Machine")) {
		readelf_copy(ri->machine, sizeof(ri->machine), val);
	} else if (!strcmp(key, "Entry point address")) {
		if (readelf_num(val, 16, &ri->entry))
			ri->bad_rows++;
	}
}

/* "[Nr] Name Type Address Off Size ES Flg Lk Inf Al"; Flg may be empty. */
static void readelf_section(struct readelf_info *ri, char *line)
{
	char *close = strchr(line, ']'), *tok[READELF_MAX_TOK];
	struct readelf_sec s;
	int n, f;

	if (!close || !strchr(line, '[') || strstr(line, "[Nr]"))
		return;   /* not a row, or the column heading */
	n = readelf_tokens(close + 1, tok, READELF_MAX_TOK);
	if (n == 8 && !strcmp(tok[0], "NULL"))
		return;   /* section 0 has no name */
	if (n != 9 && n != 10) {
		ri->bad_rows++;
		return;
	}
	memset(&s, 0, sizeof(s));
	f = n == 10 ? 6 : -1;
	if (readelf_num(tok[2], 16, &s.addr) || readelf_num(tok[3], 16, &s.off) ||
	    readelf_num(tok[4], 16, &s.size) || readelf_num(tok[5], 16, &s.entsize)) {
		ri->bad_rows++;
		return;
	}
	readelf_copy(s.name, sizeof(s.name), tok[0]);
	readelf_copy(s.type, sizeof(s.type), tok[1]);
	if (f > 0) {
		s.alloc = strchr(tok[f], 'A') != NULL;
		s.write = strchr(tok[f], 'W') != NULL;
		s.exec = strchr(tok[f], 'X') != NULL;
	}
	g_array_append_val(ri->secs, s);
}

/* "TYPE Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align"; Flg is one to
 * three tokens ("R E", "RW ", "RWE"). */
static void readelf_segment(struct readelf_info *ri, char *line)
{
	char *tok[READELF_MAX_TOK];
	struct readelf_seg s;
	int n = readelf_tokens(line, tok, READELF_MAX_TOK);

	if (n < 2 || strncmp(tok[1], "0x", 2) || !((tok[0][0] >= 'A' && tok[0][0] <= 'Z')))
		return;   /* mapping rows, the interpreter note, headings */
	memset(&s, 0, sizeof(s));
	if (n < 8 || n > 10 ||
	    readelf_num(tok[1], 16, &s.off) || readelf_num(tok[2], 16, &s.vaddr) ||
	    readelf_num(tok[3], 16, &s.paddr) || readelf_num(tok[4], 16, &s.filesz) ||
	    readelf_num(tok[5], 16, &s.memsz) || readelf_num(tok[n - 1], 16, &s.align)) {
		ri->bad_rows++;
		return;
	}
	readelf_copy(s.type, sizeof(s.type), tok[0]);
	for (int i = 6; i < n - 1; i++)
		for (const char *c = tok[i]; *c; c++)
			s.flags |= *c == 'R' ? READELF_PF_R : *c == 'W' ? READELF_PF_W :
				   *c == 'E' ? READELF_PF_X : 0;
	g_array_append_val(ri->segs, s);
}

static void readelf_dynamic(struct readelf_info *ri, const char *line)
{
	if (!strstr(line, "0x"))
		return;
	ri->has_dynamic = 1;
	if (strstr(line, "(BIND_NOW)") ||
	    (strstr(line, "(FLAGS)") && strstr(line, "BIND_NOW")) ||
	    (strstr(line, "(FLAGS_1)") && strstr(line, " NOW")))
		ri->bind_now = 1;
	if (strstr(line, "(FLAGS_1)") && strstr(line, " PIE"))
		ri->flags1_pie = 1;
}

static int readelf_is_hex(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!g_ascii_isxdigit(*s))
			return 0;
	return 1;
}

/*
 * "Offset Info Type Sym.Value Sym.Name + Addend"; RELATIVE rows have only
 * the addend after the type, REL rows (i386) nothing at all.
 */
static void readelf_reloc(struct readelf_info *ri, char *line)
{
	char *tok[READELF_MAX_TOK];
	struct readelf_rel r;
	int n = readelf_tokens(line, tok, READELF_MAX_TOK);
	uint64_t sym, add;

	if (n < 3 || !readelf_is_hex(tok[0]) || !readelf_is_hex(tok[1]))
		return;
	if (strncmp(tok[2], "R_", 2)) {
		ri->bad_rows++;
		return;
	}
	memset(&r, 0, sizeof(r));
	if (readelf_num(tok[0], 16, &r.offset)) {
		ri->bad_rows++;
		return;
	}
	readelf_copy(r.type, sizeof(r.type), tok[2]);
	if (n == 4 && !readelf_num(tok[3], 16, &r.target)) {
		r.has_target = 1;
	} else if (n >= 7 && (!strcmp(tok[5], "+") || !strcmp(tok[5], "-")) &&
		   !readelf_num(tok[3], 16, &sym) && !readelf_num(tok[6], 16, &add)) {
		r.target = tok[5][0] == '+' ? sym + add : sym - add;
		r.has_target = 1;
	}
	g_array_append_val(ri->rels, r);
}

/* "Num: Value Size Type Bind Vis Ndx Name" */
static void readelf_symbol(struct readelf_info *ri, char *line)
{
	char *tok[READELF_MAX_TOK];
	struct readelf_sym s;
	int n = readelf_tokens(line, tok, READELF_MAX_TOK), ndx = 6;
	size_t len;

	if (n < 1 || !(len = strlen(tok[0])) || tok[0][len - 1] != ':' ||
	    !g_ascii_isdigit(tok[0][0]))
		return;   /* the column heading */
	/* "DEFAULT [<other>: 88]": st_other extras after the visibility */
	while (ndx < n && tok[ndx][0] == '[') {
		while (ndx < n && !strchr(tok[ndx], ']'))
			ndx++;
		ndx++;
	}
	memset(&s, 0, sizeof(s));
	if (n < 7 || ndx >= n || readelf_num(tok[1], 16, &s.value) ||
	    readelf_num(tok[2], 0, &s.size)) {
		ri->bad_rows++;
		return;
	}
	s.func = !strcmp(tok[3], "FUNC") || !strcmp(tok[3], "IFUNC");
	s.global = !strcmp(tok[4], "GLOBAL") || !strcmp(tok[4], "WEAK");
	s.visible = !strcmp(tok[5], "DEFAULT") || !strcmp(tok[5], "PROTECTED");
	s.defined = g_ascii_isdigit(tok[ndx][0]);
	s.name = g_strdup(ndx + 1 < n ? tok[ndx + 1] : "");
	g_array_append_val(ri->syms, s);
}

static enum readelf_part readelf_heading(const char *line, enum readelf_part cur)
{
	static const struct {
		const char *prefix;
		enum readelf_part part;
	} heads[] = {
		{ "ELF Header:", RE_HDR },
		{ "Section Headers:", RE_SEC },
		{ "Program Headers:", RE_PH },
		{ " Section to Segment mapping:", RE_NONE },
		{ "Dynamic section at offset", RE_DYN },
		{ "Relocation section", RE_REL },
		{ "Symbol table '", RE_SYM },
		{ "Key to Flags:", RE_NONE },
		{ "There are no", RE_NONE },
		{ "There is no", RE_NONE },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(heads); i++)
		if (!strncmp(line, heads[i].prefix, strlen(heads[i].prefix)))
			return heads[i].part;
	return cur;
}

void readelf_parse(struct readelf_info *ri, const char *text, size_t len)
{
	enum readelf_part part = RE_NONE;
	const char *p = text, *end = text + len;
	char line[1024];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		enum readelf_part next;

		if (l >= sizeof(line))
			l = sizeof(line) - 1;   /* cut: the tail is never a field we use */
		memcpy(line, p, l);
		line[l] = '\0';
		for (size_t i = 0; i < l; i++)
			if (line[i] == '\0' || line[i] == '\r')
				line[i] = ' ';
		p = nl ? nl + 1 : end;
		next = readelf_heading(line, part);
		if (next != part || line == strstr(line, "Symbol table '") ||
		    line == strstr(line, "Relocation section")) {
			part = next;
			continue;
		}
		switch (part) {
		case RE_HDR:
			readelf_header(ri, line);
			break;
		case RE_SEC:
			readelf_section(ri, line);
			break;
		case RE_PH:
			readelf_segment(ri, line);
			break;
		case RE_DYN:
			readelf_dynamic(ri, line);
			break;
		case RE_REL:
			readelf_reloc(ri, line);
			break;
		case RE_SYM:
			readelf_symbol(ri, line);
			break;
		case RE_NONE:
			break;
		}
	}
}

int readelf_load(struct readelf_info *ri, const char *tool, const char *path,
		 char *err, size_t n)
{
	char *argv[] = { (char *)tool, "-hlSsrdW", (char *)path, NULL };
	char *out = NULL, *errtxt = NULL;
	GError *ge = NULL;
	int status = 0;

	/* a file that cannot be opened is not "not an ELF file" */
	if (access(path, R_OK)) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return -EINVAL;
	}
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
			  &out, &errtxt, &status, &ge)) {
		snprintf(err, n, "cannot run %s: %s", tool, ge ? ge->message : "?");
		g_clear_error(&ge);
		return -ENOENT;
	}
	readelf_parse(ri, out, strlen(out));
	if (!ri->have_header) {
		char *nl = errtxt ? strchr(errtxt, '\n') : NULL;

		if (nl)
			*nl = '\0';
		snprintf(err, n, "%s: not an ELF file (%s: %s)", path, tool,
			 errtxt && *errtxt ? errtxt : "no ELF header");
		g_free(out);
		g_free(errtxt);
		return -EINVAL;
	}
	(void)status;   /* warnings about odd sections exit 1 with a full dump */
	g_free(out);
	g_free(errtxt);
	return 0;
}

const struct readelf_sec *readelf_sec_at(const struct readelf_info *ri, uint64_t a)
{
	for (guint i = 0; i < ri->secs->len; i++) {
		const struct readelf_sec *s = &g_array_index(ri->secs, struct readelf_sec, i);

		if (s->alloc && a >= s->addr && a - s->addr < s->size)
			return s;
	}
	return NULL;
}

int64_t readelf_file_off(const struct readelf_info *ri, uint64_t a)
{
	for (guint i = 0; i < ri->segs->len; i++) {
		const struct readelf_seg *s = &g_array_index(ri->segs, struct readelf_seg, i);

		if (!strcmp(s->type, "LOAD") && a >= s->vaddr && a - s->vaddr < s->filesz &&
		    s->off + (a - s->vaddr) <= INT64_MAX)
			return (int64_t)(s->off + (a - s->vaddr));
	}
	return -1;
}
