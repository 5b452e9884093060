/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checksec.h"
#include "metric.h"
#include "objdump.h"
#include "readelf.h"
#include "results.h"
#include "run.h"
#include "verdict.h"

#define NT_GNU_PROPERTY_TYPE_0 5
#define GNU_PROPERTY_X86_FEATURE_1_AND 0xc0000002u
#define CHECKSEC_NOTE_MAX (64u << 10)      /* bytes of one note segment read */
#define CHECKSEC_DATA_MAX (16u << 20)      /* bytes of one data section scanned */
#define CHECKSEC_LIST_MAX 64               /* names kept in direct_only */
#define R_X86_64_RELATIVE 8

const char *const checksec_check_names[CS_NCHECKS] = {
	[CS_PIE] = "pie", [CS_WX] = "wx", [CS_CANARY] = "canary",
	[CS_CET] = "cet-note", [CS_ENDBR] = "endbr",
};

static const char *const checksec_verdict_names[] = {
	[CS_PASS] = "pass", [CS_FAIL] = "fail", [CS_UNKNOWN] = "unknown",
};

/* An address some code or data names as a code pointer. */
struct checksec_cand {
	uint64_t target, from;
	const char *how;
};

struct checksec_ctx {
	const struct readelf_info *ri;
	struct checksec_result *r;
	int fd;
	int exec_image;          /* ET_EXEC: absolute words may be addresses */
	GArray *endbr;           /* uint64_t */
	GArray *cand;            /* struct checksec_cand */
	GArray *funcs;           /* uint64_t function starts, sorted, unique */
	GArray *chk_fail;        /* uint64_t, __stack_chk_fail and _local */
	GArray *guard;           /* uint64_t, __stack_chk_guard */
};

static uint32_t checksec_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t checksec_le64(const uint8_t *p)
{
	return (uint64_t)checksec_le32(p) | (uint64_t)checksec_le32(p + 4) << 32;
}

static size_t checksec_align(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/*
 * NT_GNU_PROPERTY_TYPE_0 (the x86-64 psABI, "Program Property"): an array
 * of pr_type, pr_datasz, pr_data, each property padded to 8 bytes in
 * ELF64 and 4 in ELF32.  The descriptor of a note starts at the name's end
 * rounded up to the note alignment (4, or 8 in an 8-aligned PT_NOTE).
 */
static void checksec_props(const uint8_t *d, size_t len, int elf64, uint32_t *x86)
{
	size_t p = 0, pad = elf64 ? 8 : 4;

	while (len - p >= 8) {
		uint32_t type = checksec_le32(d + p), sz = checksec_le32(d + p + 4);

		if (sz > len - p - 8)
			return;
		if (type == GNU_PROPERTY_X86_FEATURE_1_AND && sz >= 4)
			*x86 |= checksec_le32(d + p + 8);
		p += checksec_align(8 + (size_t)sz, pad);
		if (p > len)
			return;
	}
}

void checksec_notes(const uint8_t *buf, size_t len, uint64_t align, int elf64,
		    uint32_t *x86_and, int *found)
{
	size_t a = align == 8 ? 8 : 4, pos = 0;

	while (len >= 12 && pos <= len - 12) {
		uint32_t namesz = checksec_le32(buf + pos);
		uint32_t descsz = checksec_le32(buf + pos + 4);
		uint32_t type = checksec_le32(buf + pos + 8);
		size_t name = pos + 12, desc, next;

		if (namesz > len - name)
			return;
		desc = checksec_align(name + namesz, a);
		if (desc > len || descsz > len - desc)
			return;
		if (type == NT_GNU_PROPERTY_TYPE_0 && namesz == 4 &&
		    !memcmp(buf + name, "GNU", 4)) {
			*found = 1;
			checksec_props(buf + desc, descsz, elf64, x86_and);
		}
		next = checksec_align(desc + descsz, a);
		if (next <= pos)
			return;
		pos = next;
	}
}

/* ---- sets of addresses ---------------------------------------------- */

static int checksec_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int checksec_cmp_cand(const void *a, const void *b)
{
	const struct checksec_cand *x = a, *y = b;

	return x->target < y->target ? -1 : x->target > y->target ? 1 :
	       x->from < y->from ? -1 : x->from > y->from;
}

static void checksec_sort_unique(GArray *a)
{
	guint k = 0;

	g_array_sort(a, checksec_cmp_u64);
	for (guint i = 0; i < a->len; i++)
		if (!k || g_array_index(a, uint64_t, i) != g_array_index(a, uint64_t, k - 1))
			g_array_index(a, uint64_t, k++) = g_array_index(a, uint64_t, i);
	g_array_set_size(a, k);
}

static int checksec_has(const GArray *a, uint64_t v)
{
	return a->len && bsearch(&v, a->data, a->len, sizeof(uint64_t),
				 checksec_cmp_u64) != NULL;
}

static int checksec_is_code(const struct checksec_ctx *c, uint64_t a)
{
	const struct readelf_sec *s = readelf_sec_at(c->ri, a);

	return s && s->exec;
}

static void checksec_cand(struct checksec_ctx *c, uint64_t target, uint64_t from,
			  const char *how)
{
	struct checksec_cand k = { target, from, how };

	if (checksec_is_code(c, target))
		g_array_append_val(c->cand, k);
}

/* "name+0x4" for a code address, from the function around it. */
static void checksec_symbolize(const struct readelf_info *ri, uint64_t a,
			       char *out, size_t n)
{
	const struct readelf_sym *best = NULL;

	for (guint i = 0; i < ri->syms->len; i++) {
		const struct readelf_sym *s = &g_array_index(ri->syms, struct readelf_sym, i);

		if (!s->defined || !s->name[0] || s->value > a)
			continue;
		if (s->func && a - s->value < (s->size ? s->size : 1)) {
			best = s;
			break;
		}
		if (!best || s->value > best->value)
			best = s;
	}
	if (!best)
		snprintf(out, n, "%s", "");
	else if (best->value == a)
		snprintf(out, n, "%s", best->name);
	else
		snprintf(out, n, "%s+0x%" PRIx64, best->name, a - best->value);
}

/* ---- instructions ------------------------------------------------------- */

static void checksec_insn(const struct objdump_insn *in, void *p)
{
	struct checksec_ctx *c = p;
	struct checksec_result *r = c->r;

	if (in->bad) {
		r->bad_insns++;
		return;
	}
	if (!strcmp(in->mnem, "endbr64") || (!r->code64 && !strcmp(in->mnem, "endbr32"))) {
		g_array_append_val(c->endbr, in->addr);
		r->endbr_insns++;
		return;
	}
	if (in->indirect && (in->prefixes & OBJDUMP_NOTRACK))
		r->notrack++;
	if (in->has_direct && checksec_has(c->chk_fail, in->direct))
		r->chk_calls++;
	if (in->seg_canary)
		r->tls_canary++;
	if (in->has_rip && checksec_has(c->guard, in->rip))
		r->guard_refs++;
	if (in->has_rip && !strncmp(in->mnem, "lea", 3))
		checksec_cand(c, in->rip, in->addr, "lea");
	if (in->has_abs)
		checksec_cand(c, in->abs, in->addr, "lea");
	if (c->exec_image)
		for (int i = 0; i < in->nimm; i++)
			if (checksec_has(c->funcs, in->imm[i]))
				checksec_cand(c, in->imm[i], in->addr, "immediate");
}

/* ---- the file's own bytes ---------------------------------------------- */

static uint8_t *checksec_read(int fd, uint64_t off, uint64_t len, size_t cap,
			      size_t *got)
{
	uint8_t *b;
	ssize_t n;

	*got = 0;
	if (len > cap)
		len = cap;
	if (!len || off > INT64_MAX)
		return NULL;
	b = g_malloc(len);
	n = pread(fd, b, len, (off_t)off);
	if (n <= 0) {
		g_free(b);
		return NULL;
	}
	*got = (size_t)n;
	return b;
}

static void checksec_read_notes(struct checksec_ctx *c)
{
	const struct readelf_info *ri = c->ri;
	struct checksec_result *r = c->r;

	for (guint i = 0; i < ri->segs->len; i++) {
		const struct readelf_seg *s = &g_array_index(ri->segs, struct readelf_seg, i);
		size_t got;
		uint8_t *b;

		if (strcmp(s->type, "NOTE"))
			continue;
		b = checksec_read(c->fd, s->off, s->filesz, CHECKSEC_NOTE_MAX, &got);
		if (b)
			checksec_notes(b, got, s->align, ri->elf64, &r->x86_and,
				       &r->note_found);
		g_free(b);
	}
	if (r->note_found)
		return;
	/* No PT_NOTE holds it: the section, where section headers exist. */
	for (guint i = 0; i < ri->secs->len; i++) {
		const struct readelf_sec *s = &g_array_index(ri->secs, struct readelf_sec, i);
		size_t got;
		uint8_t *b;

		if (strcmp(s->name, ".note.gnu.property"))
			continue;
		b = checksec_read(c->fd, s->off, s->size, CHECKSEC_NOTE_MAX, &got);
		if (b)
			checksec_notes(b, got, ri->elf64 ? 8 : 4, ri->elf64,
				       &r->x86_and, &r->note_found);
		g_free(b);
	}
}

/*
 * An ELF32 wrapper of 64-bit code keeps the linker's Elf64_Rela entries
 * byte for byte, which readelf decodes as Elf32 ones: read them as
 * written.  Only R_X86_64_RELATIVE carries a code address by itself.
 */
static void checksec_wrapper_relocs(struct checksec_ctx *c)
{
	for (guint i = 0; i < c->ri->secs->len; i++) {
		const struct readelf_sec *s = &g_array_index(c->ri->secs, struct readelf_sec, i);
		size_t got;
		uint8_t *b;

		if (strcmp(s->type, "RELA") || s->size % 24)
			continue;
		b = checksec_read(c->fd, s->off, s->size, CHECKSEC_DATA_MAX, &got);
		for (size_t k = 0; b && k + 24 <= got; k += 24)
			if ((checksec_le64(b + k + 8) & 0xffffffffu) == R_X86_64_RELATIVE)
				checksec_cand(c, checksec_le64(b + k + 16),
					      checksec_le64(b + k), "relocation");
		g_free(b);
	}
}

/* A fixed-base image stores code pointers as plain words, unrelocated. */
static void checksec_data_words(struct checksec_ctx *c)
{
	size_t w = c->r->code64 ? 8 : 4;

	for (guint i = 0; i < c->ri->secs->len; i++) {
		const struct readelf_sec *s = &g_array_index(c->ri->secs, struct readelf_sec, i);
		size_t got;
		uint8_t *b;

		if (!s->alloc || s->exec || !strcmp(s->type, "NOBITS") ||
		    !strncmp(s->type, "NOTE", 4))
			continue;
		b = checksec_read(c->fd, s->off, s->size, CHECKSEC_DATA_MAX, &got);
		for (size_t k = (w - s->addr % w) % w; b && k + w <= got; k += w) {
			uint64_t v = w == 8 ? checksec_le64(b + k) : checksec_le32(b + k);

			if (checksec_has(c->funcs, v))
				checksec_cand(c, v, s->addr + k, "data word");
		}
		g_free(b);
	}
}

/* ---- the checks ---------------------------------------------------------- */

static void checksec_verdict(struct checksec_result *r, enum checksec_check k,
			     enum checksec_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void checksec_verdict(struct checksec_result *r, enum checksec_check k,
			     enum checksec_verdict v, const char *fmt, ...)
{
	va_list ap;

	r->v[k] = v;
	va_start(ap, fmt);
	vsnprintf(r->why[k], sizeof(r->why[k]), fmt, ap);
	va_end(ap);
}

static void checksec_segments(const struct readelf_info *ri, struct checksec_result *r)
{
	int loads = 0;

	r->base = UINT64_MAX;
	for (guint i = 0; i < ri->segs->len; i++) {
		const struct readelf_seg *s = &g_array_index(ri->segs, struct readelf_seg, i);
		int wx = (s->flags & READELF_PF_W) && (s->flags & READELF_PF_X);

		if (!strcmp(s->type, "LOAD")) {
			loads++;
			if (s->vaddr < r->base)
				r->base = s->vaddr;
			if (wx)
				g_ptr_array_add(r->wx, g_strdup_printf(
					"LOAD %u at 0x%" PRIx64 " (%" PRIu64 " bytes) RWE",
					i, s->vaddr, s->memsz));
		} else if (!strcmp(s->type, "GNU_STACK")) {
			r->has_gnu_stack = 1;
			if (s->flags & READELF_PF_X) {
				r->exec_stack = 1;
				g_ptr_array_add(r->wx, g_strdup("GNU_STACK executable"));
			}
		}
	}
	if (!loads)
		r->base = 0;
	r->pie = !strcmp(ri->type, "DYN");
	if (r->pie)
		checksec_verdict(r, CS_PIE, CS_PASS, "ET_DYN: loadable at any base%s",
				 ri->flags1_pie ? " (DF_1_PIE)" : "");
	else if (!strcmp(ri->type, "EXEC"))
		checksec_verdict(r, CS_PIE, CS_FAIL, "ET_EXEC: fixed base 0x%" PRIx64, r->base);
	else
		checksec_verdict(r, CS_PIE, CS_UNKNOWN, "ELF type %s", ri->type);
	if (r->wx->len)
		checksec_verdict(r, CS_WX, CS_FAIL, "%u writable+executable: %s",
				 r->wx->len, (const char *)r->wx->pdata[0]);
	else if (!loads)
		checksec_verdict(r, CS_WX, CS_UNKNOWN, "no PT_LOAD segments");
	else
		checksec_verdict(r, CS_WX, CS_PASS, "%d PT_LOAD, none W+X%s", loads,
				 r->has_gnu_stack ? ", stack NX" : ", no PT_GNU_STACK");
}

/* Symbols the checks look for, and the function starts. */
static void checksec_symbols(struct checksec_ctx *c)
{
	const struct readelf_info *ri = c->ri;

	for (guint i = 0; i < ri->syms->len; i++) {
		const struct readelf_sym *s = &g_array_index(ri->syms, struct readelf_sym, i);

		if (!s->defined)
			continue;
		if (s->name[0])
			c->r->have_symbols = 1;
		if (!strcmp(s->name, "__stack_chk_fail") ||
		    !strcmp(s->name, "__stack_chk_fail_local"))
			g_array_append_val(c->chk_fail, s->value);
		if (!strcmp(s->name, "__stack_chk_guard"))
			g_array_append_val(c->guard, s->value);
		if (s->func && checksec_is_code(c, s->value))
			g_array_append_val(c->funcs, s->value);
	}
	checksec_sort_unique(c->chk_fail);
	checksec_sort_unique(c->guard);
	checksec_sort_unique(c->funcs);
}

static void checksec_offend(struct checksec_ctx *c, uint64_t a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void checksec_offend(struct checksec_ctx *c, uint64_t a, const char *fmt, ...)
{
	struct checksec_offender o;
	va_list ap;

	memset(&o, 0, sizeof(o));
	o.addr = a;
	checksec_symbolize(c->ri, a, o.name, sizeof(o.name));
	va_start(ap, fmt);
	vsnprintf(o.why, sizeof(o.why), fmt, ap);
	va_end(ap);
	g_array_append_val(c->r->offenders, o);
}

static void checksec_endbr(struct checksec_ctx *c)
{
	const struct readelf_info *ri = c->ri;
	struct checksec_result *r = c->r;
	GArray *taken = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	checksec_sort_unique(c->endbr);
	g_array_sort(c->cand, checksec_cmp_cand);
	for (guint i = 0; i < c->cand->len; i++) {
		const struct checksec_cand *k = &g_array_index(c->cand, struct checksec_cand, i);

		if (i && k->target == g_array_index(c->cand, struct checksec_cand, i - 1).target)
			continue;
		g_array_append_val(taken, k->target);
		if (r->taken_list->len < CHECKSEC_LIST_MAX) {
			char name[96];

			checksec_symbolize(ri, k->target, name, sizeof(name));
			g_ptr_array_add(r->taken_list, g_strdup_printf("%s (%s at 0x%" PRIx64 ")",
					 name[0] ? name : "?", k->how, k->from));
		}
		if (k->target != ri->entry && !checksec_has(c->endbr, k->target))
			checksec_offend(c, k->target, "address taken (%s at 0x%" PRIx64
					"), no ENDBR64", k->how, k->from);
	}
	r->taken = taken->len;
	for (guint i = 0; i < c->funcs->len; i++) {
		uint64_t f = g_array_index(c->funcs, uint64_t, i);
		int exported = 0;

		r->funcs++;
		if (checksec_has(c->endbr, f)) {
			r->funcs_endbr++;
			continue;
		}
		for (guint k = 0; k < ri->syms->len; k++) {
			const struct readelf_sym *s = &g_array_index(ri->syms, struct readelf_sym, k);

			exported |= s->value == f && s->func && s->global && s->visible && s->defined;
		}
		if (f == ri->entry || checksec_has(taken, f))
			continue;
		if (exported) {
			checksec_offend(c, f, "exported function (global, default "
					"visibility), no ENDBR64");
		} else if (r->direct_only->len < CHECKSEC_LIST_MAX) {
			char name[96];

			checksec_symbolize(ri, f, name, sizeof(name));
			g_ptr_array_add(r->direct_only, g_strdup(name));
		}
	}
	g_array_free(taken, TRUE);
	if (r->offenders->len)
		checksec_verdict(r, CS_ENDBR, CS_FAIL,
				 "%u indirect-branch targets without ENDBR64, first %s at 0x%" PRIx64,
				 r->offenders->len,
				 g_array_index(r->offenders, struct checksec_offender, 0).name[0] ?
				 g_array_index(r->offenders, struct checksec_offender, 0).name : "?",
				 g_array_index(r->offenders, struct checksec_offender, 0).addr);
	else if (!r->funcs && !r->taken)
		checksec_verdict(r, CS_ENDBR, CS_UNKNOWN,
				 "no function symbols and no address-taken code found");
	else
		checksec_verdict(r, CS_ENDBR, CS_PASS,
				 "%u address-taken targets all start with ENDBR64; %u of %u "
				 "functions have it, the rest are only called directly",
				 r->taken, r->funcs_endbr, r->funcs);
}

static void checksec_decide(struct checksec_result *r)
{
	if (r->chk_calls || r->tls_canary)
		checksec_verdict(r, CS_CANARY, CS_PASS, "%u calls to __stack_chk_fail, "
				 "%u guard loads, %u TLS canary loads", r->chk_calls,
				 r->guard_refs, r->tls_canary);
	else if (!r->have_symbols)
		checksec_verdict(r, CS_CANARY, CS_UNKNOWN, "stripped: no __stack_chk_fail "
				 "to look for, and no TLS canary loads");
	else
		checksec_verdict(r, CS_CANARY, CS_FAIL, "no call to __stack_chk_fail, "
				 "no TLS canary load");
	if (!r->note_found)
		checksec_verdict(r, CS_CET, CS_FAIL, "no .note.gnu.property: built without "
				 "-fcf-protection, or an object without the note was linked in");
	else if ((r->x86_and & CHECKSEC_X86_IBT) && (r->x86_and & CHECKSEC_X86_SHSTK))
		checksec_verdict(r, CS_CET, CS_PASS, "IBT, SHSTK");
	else
		checksec_verdict(r, CS_CET, CS_FAIL, "x86 feature bits 0x%x: %s%s",
				 r->x86_and, r->x86_and & CHECKSEC_X86_IBT ? "IBT" : "no IBT",
				 r->x86_and & CHECKSEC_X86_SHSTK ? ", SHSTK" : ", no SHSTK");
}

/* Executable PROGBITS sections as byte ranges, for objdump -b binary. */
static GArray *checksec_code_ranges(const struct readelf_info *ri)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct objdump_range));

	for (guint i = 0; i < ri->secs->len; i++) {
		const struct readelf_sec *s = &g_array_index(ri->secs, struct readelf_sec, i);
		struct objdump_range r = { s->addr, s->off, s->size };

		if (s->exec && s->size && strcmp(s->type, "NOBITS") && s->addr >= s->off)
			g_array_append_val(a, r);
	}
	return a;
}

void checksec_result_free(struct checksec_result *r)
{
	if (r->wx)
		g_ptr_array_free(r->wx, TRUE);
	if (r->direct_only)
		g_ptr_array_free(r->direct_only, TRUE);
	if (r->taken_list)
		g_ptr_array_free(r->taken_list, TRUE);
	r->taken_list = NULL;
	if (r->offenders)
		g_array_free(r->offenders, TRUE);
	r->wx = r->direct_only = NULL;
	r->offenders = NULL;
}

static void checksec_names(struct checksec_result *r, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	snprintf(r->file, sizeof(r->file), "%s", path);
	snprintf(r->image, sizeof(r->image), "%s", base ? base + 1 : path);
	len = strlen(r->image);
	if (len > 4 && !strcmp(r->image + len - 4, ".elf"))
		r->image[len - 4] = '\0';
}

int checksec_image(const char *path, const struct checksec_opts *o,
		   struct checksec_result *r, char *err, size_t n)
{
	struct readelf_info ri;
	struct checksec_ctx c = { .ri = &ri, .r = r, .fd = -1 };
	GArray *ranges;
	int rc;

	memset(r, 0, sizeof(*r));
	r->wx = g_ptr_array_new_with_free_func(g_free);
	r->direct_only = g_ptr_array_new_with_free_func(g_free);
	r->taken_list = g_ptr_array_new_with_free_func(g_free);
	r->offenders = g_array_new(FALSE, FALSE, sizeof(struct checksec_offender));
	checksec_names(r, path);
	readelf_init(&ri);
	rc = readelf_load(&ri, o->readelf, path, err, n);
	if (rc) {
		readelf_free(&ri);
		return rc;
	}
	c.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c.fd < 0) {
		rc = -errno;
		snprintf(err, n, "%s: %s", path, strerror(errno));
		readelf_free(&ri);
		return rc;
	}
	snprintf(r->elf_class, sizeof(r->elf_class), "%s", ri.elf64 ? "ELF64" : "ELF32");
	snprintf(r->elf_type, sizeof(r->elf_type), "%s", ri.type);
	snprintf(r->machine, sizeof(r->machine), "%s", ri.machine);
	r->readelf_bad_rows = ri.bad_rows;
	/* An ELF32 file is, for an x86 unikernel, nearly always 64-bit code
	 * wrapped for multiboot (objcopy -O elf32-i386, as Unikraft does):
	 * x86-64 unless told otherwise. */
	r->code64 = o->code != 32;
	c.exec_image = !strcmp(ri.type, "EXEC");
	c.endbr = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.cand = g_array_new(FALSE, FALSE, sizeof(struct checksec_cand));
	c.funcs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.chk_fail = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.guard = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	checksec_segments(&ri, r);
	checksec_symbols(&c);
	checksec_read_notes(&c);
	ranges = checksec_code_ranges(&ri);
	rc = objdump_run(o->objdump, path, r->code64 && !ri.elf64,
			 (const struct objdump_range *)ranges->data, ranges->len,
			 &r->raw_disasm, checksec_insn, &c, err, n);
	g_array_free(ranges, TRUE);
	if (!rc) {
		if (!ri.elf64 && r->code64) {
			checksec_wrapper_relocs(&c);
		} else {
			for (guint i = 0; i < ri.rels->len; i++) {
				const struct readelf_rel *rel =
					&g_array_index(ri.rels, struct readelf_rel, i);

				if (rel->has_target)
					checksec_cand(&c, rel->target, rel->offset, "relocation");
			}
		}
		if (c.exec_image)
			checksec_data_words(&c);
		checksec_endbr(&c);
		checksec_decide(r);
	}
	close(c.fd);
	g_array_free(c.endbr, TRUE);
	g_array_free(c.cand, TRUE);
	g_array_free(c.funcs, TRUE);
	g_array_free(c.chk_fail, TRUE);
	g_array_free(c.guard, TRUE);
	readelf_free(&ri);
	return rc;
}

int checksec_pass(const struct checksec_result *r)
{
	for (int k = 0; k < CS_NCHECKS; k++)
		if (r->v[k] != CS_PASS)
			return 0;
	return 1;
}

/* ---- output ---------------------------------------------------------------- */

static json_t *checksec_hex(uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%016" PRIx64, v);
	return json_string(s);
}

json_t *checksec_json(const struct checksec_result *r)
{
	json_t *o = json_object(), *checks = json_object(), *wx = json_array();
	json_t *off = json_array(), *direct = json_array(), *taken = json_array();

	for (int k = 0; k < CS_NCHECKS; k++)
		json_object_set_new(checks, checksec_check_names[k],
				    json_pack("{s:s,s:s}", "result",
					      checksec_verdict_names[r->v[k]], "why", r->why[k]));
	for (guint i = 0; i < r->wx->len; i++)
		json_array_append_new(wx, json_string(r->wx->pdata[i]));
	for (guint i = 0; i < r->offenders->len; i++) {
		const struct checksec_offender *f =
			&g_array_index(r->offenders, struct checksec_offender, i);

		json_array_append_new(off, json_pack("{s:o,s:s,s:s}", "addr",
						     checksec_hex(f->addr), "name", f->name,
						     "why", f->why));
	}
	for (guint i = 0; i < r->direct_only->len; i++)
		json_array_append_new(direct, json_string(r->direct_only->pdata[i]));
	for (guint i = 0; i < r->taken_list->len; i++)
		json_array_append_new(taken, json_string(r->taken_list->pdata[i]));
	json_object_set_new(o, "image", json_string(r->image));
	json_object_set_new(o, "file", json_string(r->file));
	json_object_set_new(o, "verdict", json_string(checksec_pass(r) ? "pass" : "fail"));
	json_object_set_new(o, "elf", json_pack("{s:s,s:s,s:s,s:s,s:s}",
		"class", r->elf_class, "type", r->elf_type, "machine", r->machine,
		"code", r->code64 ? "x86-64" : "i386",
		"disassembly", r->raw_disasm ? "raw sections" : "elf"));
	json_object_set_new(o, "checks", checks);
	json_object_set_new(o, "pie", json_boolean(r->pie));
	json_object_set_new(o, "base", checksec_hex(r->base));
	json_object_set_new(o, "wx_segments", wx);
	json_object_set_new(o, "exec_stack", json_boolean(r->exec_stack));
	json_object_set_new(o, "stack_protector", json_pack("{s:i,s:i,s:i}",
		"chk_fail_calls", (int)r->chk_calls, "guard_loads", (int)r->guard_refs,
		"tls_loads", (int)r->tls_canary));
	json_object_set_new(o, "cet_note", json_pack("{s:b,s:b,s:b}",
		"found", r->note_found, "ibt", !!(r->x86_and & CHECKSEC_X86_IBT),
		"shstk", !!(r->x86_and & CHECKSEC_X86_SHSTK)));
	json_object_set_new(o, "endbr", json_pack("{s:i,s:i,s:i,s:i,s:i,s:o,s:o,s:o}",
		"functions", (int)r->funcs, "functions_with_endbr", (int)r->funcs_endbr,
		"endbr64", (int)r->endbr_insns, "address_taken", (int)r->taken,
		"notrack_branches", (int)r->notrack, "offenders", off,
		"taken", taken, "direct_only", direct));
	return o;
}

static void checksec_metric(json_t *arr, const struct checksec_result *r,
			    const char *name, double v, const char *unit,
			    const char *better)
{
	json_t *m = metric_new(name, r->image, v, unit, better, 1);

	json_object_set_new(m, "test", json_string("hardboot checksec (readelf, objdump)"));
	json_object_set_new(m, "image", json_string(r->image));
	json_object_set_new(m, "file", json_string(r->file));
	metric_compare(m, METRIC_FACT);
	json_array_append_new(arr, m);
}

void checksec_metrics(const struct checksec_result *r, json_t *arr)
{
	unsigned failed = 0;

	for (int k = 0; k < CS_NCHECKS; k++)
		failed += r->v[k] != CS_PASS;
	checksec_metric(arr, r, "checksec_checks_not_passed", failed, "count", "lower");
	checksec_metric(arr, r, "checksec_endbr_offenders", r->offenders->len, "count", "lower");
	checksec_metric(arr, r, "checksec_wx_segments", r->wx->len, "count", "lower");
	checksec_metric(arr, r, "checksec_stack_chk_fail_calls", r->chk_calls, "count", "higher");
	checksec_metric(arr, r, "checksec_cet_note_bits",
			!!(r->x86_and & CHECKSEC_X86_IBT) + !!(r->x86_and & CHECKSEC_X86_SHSTK),
			"count", "higher");
	checksec_metric(arr, r, "checksec_pie", r->pie, "bool", "higher");
}

static const char *checksec_cell(const struct checksec_result *r, enum checksec_check k,
				 char *buf, size_t n)
{
	static const char *const mark[] = { "ok", "FAIL", "?" };

	switch (k) {
	case CS_PIE:
		if (r->pie)
			snprintf(buf, n, "%s", mark[r->v[k]]);
		else
			snprintf(buf, n, "%s 0x%" PRIx64, mark[r->v[k]], r->base);
		break;
	case CS_WX:
		snprintf(buf, n, "%s %u", mark[r->v[k]], r->wx->len);
		break;
	case CS_CANARY:
		snprintf(buf, n, "%s %u", mark[r->v[k]], r->chk_calls + r->tls_canary);
		break;
	case CS_CET:
		snprintf(buf, n, "%s %s%s%s", mark[r->v[k]],
			 r->x86_and & CHECKSEC_X86_IBT ? "I" : "-",
			 r->x86_and & CHECKSEC_X86_SHSTK ? "S" : "-",
			 r->note_found ? "" : " none");
		break;
	default:
		snprintf(buf, n, "%s %u/%u", mark[r->v[k]], r->offenders->len, r->taken);
		break;
	}
	return buf;
}

void checksec_table(FILE *f, const struct checksec_result *r, size_t n)
{
	fprintf(f, "%-16s %-11s %-13s %-6s %-7s %-12s %-9s %s\n", "image", "elf",
		"pie", "w+x", "canary", "cet-note", "endbr", "verdict");
	for (size_t i = 0; i < n; i++) {
		char c[CS_NCHECKS][48], elf[24];

		snprintf(elf, sizeof(elf), "%s %s%s", r[i].elf_class, r[i].elf_type,
			 r[i].code64 && !strcmp(r[i].elf_class, "ELF32") ? "*" : "");
		for (int k = 0; k < CS_NCHECKS; k++)
			checksec_cell(&r[i], (enum checksec_check)k, c[k], sizeof(c[k]));
		fprintf(f, "%-16s %-11s %-13s %-6s %-7s %-12s %-9s %s\n", r[i].image, elf,
			c[CS_PIE], c[CS_WX], c[CS_CANARY], c[CS_CET], c[CS_ENDBR],
			checksec_pass(&r[i]) ? "pass" : "fail");
	}
	fprintf(f, "(w+x: W+X segments incl. an executable stack; canary: protector "
		"calls; cet-note: I = IBT, S = SHSTK;\n endbr: offenders / address-taken "
		"targets; * = ELF32 wrapper of x86-64 code)\n");
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < CS_NCHECKS; k++)
			if (r[i].v[k] != CS_PASS)
				fprintf(f, "%s: %s: %s\n", r[i].image, checksec_check_names[k],
					r[i].why[k]);
		for (guint k = 0; k < r[i].offenders->len; k++) {
			const struct checksec_offender *o =
				&g_array_index(r[i].offenders, struct checksec_offender, k);

			fprintf(f, "%s: endbr offender 0x%" PRIx64 " %s: %s\n", r[i].image,
				o->addr, o->name[0] ? o->name : "?", o->why);
		}
		if (r[i].raw_disasm)
			fprintf(f, "%s: objdump refused the ELF; its executable sections "
				"were disassembled as raw bytes\n", r[i].image);
	}
}

int checksec_main(const struct checksec_args *a)
{
	struct checksec_result *r = g_new0(struct checksec_result, (size_t)a->nfiles);
	json_t *arr = json_array(), *metrics = json_array();
	int code = HB_EXIT_OK;

	for (int i = 0; i < a->nfiles; i++) {
		char err[512];
		int rc = checksec_image(a->files[i], &a->o, &r[i], err, sizeof(err));

		if (rc) {
			fprintf(stderr, "hardboot checksec: %s\n", err);
			code = rc == -ENOENT ? HB_EXIT_INFRA : HB_EXIT_USAGE;
			for (int k = 0; k <= i; k++)
				checksec_result_free(&r[k]);
			g_free(r);
			json_decref(arr);
			json_decref(metrics);
			return code;
		}
		if (!checksec_pass(&r[i]))
			code = HB_EXIT_CHECK;
		json_array_append_new(arr, checksec_json(&r[i]));
		checksec_metrics(&r[i], metrics);
	}
	if (a->json) {
		char *s = json_dumps(arr, JSON_INDENT(1));

		printf("%s\n", s);
		free(s);
	} else {
		checksec_table(stdout, r, (size_t)a->nfiles);
	}
	if (a->metrics) {
		char err[512];

		if (results_append_records(a->metrics, metrics, err, sizeof(err))) {
			fprintf(stderr, "hardboot checksec: %s\n", err);
			code = HB_EXIT_INFRA;
		}
	}
	for (int i = 0; i < a->nfiles; i++)
		checksec_result_free(&r[i]);
	g_free(r);
	json_decref(arr);
	json_decref(metrics);
	return code;
}

const char *const checksec_policy[CS_NCHECKS] = {
	[CS_PIE] = "pie", [CS_WX] = "wx", [CS_CANARY] = "canary",
	[CS_CET] = "cet_note", [CS_ENDBR] = "endbr",
};

void checksec_judge(const struct checksec_result *r, const char *section,
		    const int *checks, struct verdicts *vs, const char *suite)
{
	for (int k = 0; k < CS_NCHECKS; k++) {
		struct verdict *v;

		if (checks && !checks[k])
			continue;
		/* unknown: the file cannot tell (a stripped image without any
		 * stack-protector trace) -- not a pass, not the image's fault */
		v = verdict_add(vs, suite, section, NULL, checksec_policy[k],
				r->v[k] == CS_PASS ? VERDICT_PASS : r->v[k] == CS_FAIL ?
				VERDICT_FAIL : VERDICT_SKIP, "%s: %s (%s): %s", section,
				checksec_check_names[k], r->image, r->why[k]);
		if (r->v[k] == CS_UNKNOWN)
			verdict_why(v, "%s", r->why[k]);
	}
}
