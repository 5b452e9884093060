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
#include "checksec_arch.h"
#include "metric.h"
#include "objdump.h"
#include "elffile.h"
#include "results.h"
#include "run.h"
#include "verdict.h"

#define CHECKSEC_NOTE_MAX (64u << 10)      /* bytes of one note segment read */
#define CHECKSEC_DATA_MAX (16u << 20)      /* bytes of one data section scanned */
#define CHECKSEC_LIST_MAX 64               /* names kept in direct_only */

/* The instruction sets checksec reads, by e_machine. */
static const struct checksec_arch *const checksec_archs[] = {
	&checksec_arch_x86,
	&checksec_arch_arm64,
};

static const char *const checksec_check_names[CS_NCHECKS] = {
	[CS_PIE] = "pie", [CS_WX] = "wx", [CS_CANARY] = "canary",
};

const char *checksec_check_name(const struct checksec_result *r, int k)
{
	return k == CS_CET ? r->arch->note_check : k == CS_ENDBR ? r->arch->pads_check :
	       checksec_check_names[k];
}

const char *checksec_policy_key(const struct checksec_result *r, int k)
{
	return k == CS_CET ? r->arch->note_policy : k == CS_ENDBR ? r->arch->pads_policy :
	       checksec_check_names[k];
}

static const char *const checksec_verdict_names[] = {
	[CS_PASS] = "pass", [CS_FAIL] = "fail", [CS_UNKNOWN] = "unknown",
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
static void checksec_props(const uint8_t *d, size_t len, int elf64, uint32_t prop,
			   uint32_t *bits)
{
	size_t p = 0, pad = elf64 ? 8 : 4;

	while (len - p >= 8) {
		uint32_t type = checksec_le32(d + p), sz = checksec_le32(d + p + 4);

		if (sz > len - p - 8)
			return;
		if (type == prop && sz >= 4)
			*bits |= checksec_le32(d + p + 8);
		p += checksec_align(8 + (size_t)sz, pad);
		if (p > len)
			return;
	}
}

void checksec_notes(const uint8_t *buf, size_t len, uint64_t align, int elf64,
		    uint32_t prop, uint32_t *bits, int *found)
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
			checksec_props(buf + desc, descsz, elf64, prop, bits);
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

int checksec_has(const GArray *a, uint64_t v)
{
	return a->len && bsearch(&v, a->data, a->len, sizeof(uint64_t),
				 checksec_cmp_u64) != NULL;
}

static int checksec_is_code(const struct checksec_ctx *c, uint64_t a)
{
	const struct elffile_sec *s = elffile_sec_at(c->ri, a);

	return s && s->exec;
}

void checksec_cand(struct checksec_ctx *c, uint64_t target, uint64_t from, const char *how)
{
	struct checksec_cand k = { target, from, how };

	if (checksec_is_code(c, target))
		g_array_append_val(c->cand, k);
}

/* "name+0x4" for a code address, from the function around it. */
static void checksec_symbolize(const struct elffile *ri, uint64_t a,
			       char *out, size_t n)
{
	const struct elffile_sym *best = NULL;

	for (guint i = 0; i < ri->syms->len; i++) {
		const struct elffile_sym *s = &g_array_index(ri->syms, struct elffile_sym, i);

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

	c->r->arch->insn(c, in);
}

/* ---- the file's own bytes ---------------------------------------------- */

int checksec_word(const struct checksec_ctx *c, uint64_t a, uint64_t *v)
{
	int64_t off = elffile_file_off(c->ri, a);
	const uint8_t *b;
	size_t got;

	if (off < 0 || !(b = elffile_bytes(c->ri, (uint64_t)off, 8, 8, &got)) || got != 8)
		return 0;
	*v = checksec_le64(b);
	return 1;
}

static void checksec_read_notes(struct checksec_ctx *c)
{
	const struct elffile *ri = c->ri;
	struct checksec_result *r = c->r;

	for (guint i = 0; i < ri->segs->len; i++) {
		const struct elffile_seg *s = &g_array_index(ri->segs, struct elffile_seg, i);
		size_t got;
		const uint8_t *b;

		if (s->type != PT_NOTE)
			continue;
		b = elffile_bytes(c->ri, s->off, s->filesz, CHECKSEC_NOTE_MAX, &got);
		if (b)
			checksec_notes(b, got, s->align, ri->elf64, r->arch->note_prop,
				       &r->note_and, &r->note_found);
	}
	if (r->note_found)
		return;
	/* No PT_NOTE holds it: the section, where section headers exist. */
	for (guint i = 0; i < ri->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(ri->secs, struct elffile_sec, i);
		size_t got;
		const uint8_t *b;

		if (strcmp(s->name, ".note.gnu.property"))
			continue;
		b = elffile_bytes(c->ri, s->off, s->size, CHECKSEC_NOTE_MAX, &got);
		if (b)
			checksec_notes(b, got, ri->elf64 ? 8 : 4, ri->elf64, r->arch->note_prop,
				       &r->note_and, &r->note_found);
	}
}

/*
 * An ELF32 wrapper of 64-bit code keeps the linker's Elf64_Rela entries
 * byte for byte, which libelf would decode as Elf32 ones: read them as
 * written.  Only R_X86_64_RELATIVE carries a code address by itself.
 */
static void checksec_wrapper_relocs(struct checksec_ctx *c)
{
	for (guint i = 0; i < c->ri->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(c->ri->secs, struct elffile_sec, i);
		size_t got;
		const uint8_t *b;

		if (s->type != SHT_RELA || s->size % 24)
			continue;
		b = elffile_bytes(c->ri, s->off, s->size, CHECKSEC_DATA_MAX, &got);
		for (size_t k = 0; b && k + 24 <= got; k += 24)
			if ((checksec_le64(b + k + 8) & 0xffffffffu) == R_X86_64_RELATIVE)
				checksec_cand(c, checksec_le64(b + k + 16),
					      checksec_le64(b + k), "relocation");
	}
}

/* A fixed-base image stores code pointers as plain words, unrelocated. */
static void checksec_data_words(struct checksec_ctx *c)
{
	size_t w = c->r->code64 ? 8 : 4;

	for (guint i = 0; i < c->ri->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(c->ri->secs, struct elffile_sec, i);
		size_t got;
		const uint8_t *b;

		if (!s->alloc || s->exec || s->type == SHT_NOBITS ||
		    s->type == SHT_NOTE)
			continue;
		b = elffile_bytes(c->ri, s->off, s->size, CHECKSEC_DATA_MAX, &got);
		for (size_t k = (w - s->addr % w) % w; b && k + w <= got; k += w) {
			uint64_t v = w == 8 ? checksec_le64(b + k) : checksec_le32(b + k);

			if (checksec_has(c->funcs, v))
				checksec_cand(c, v, s->addr + k, "data word");
		}
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

static void checksec_segments(const struct elffile *ri, struct checksec_result *r)
{
	int loads = 0;

	r->base = UINT64_MAX;
	for (guint i = 0; i < ri->segs->len; i++) {
		const struct elffile_seg *s = &g_array_index(ri->segs, struct elffile_seg, i);
		int wx = (s->flags & ELFFILE_PF_W) && (s->flags & ELFFILE_PF_X);

		if (s->type == PT_LOAD) {
			loads++;
			if (s->vaddr < r->base)
				r->base = s->vaddr;
			if (wx)
				g_ptr_array_add(r->wx, g_strdup_printf(
					"LOAD %u at 0x%" PRIx64 " (%" PRIu64 " bytes) RWE",
					i, s->vaddr, s->memsz));
		} else if (s->type == PT_GNU_STACK) {
			r->has_gnu_stack = 1;
			if (s->flags & ELFFILE_PF_X) {
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
	const struct elffile *ri = c->ri;

	for (guint i = 0; i < ri->syms->len; i++) {
		const struct elffile_sym *s = &g_array_index(ri->syms, struct elffile_sym, i);

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

/* The reason an address-taken target is no valid landing, or NULL. */
static const char *checksec_unpadded(const struct checksec_ctx *c, uint64_t a)
{
	if (a == c->ri->entry || checksec_has(c->endbr, a) || checksec_has(c->jpads, a))
		return NULL;
	return c->r->arch->pad;
}

/* Every function: padded, exported without a pad (an offender), or only
 * ever called directly (listed). */
static void checksec_functions(struct checksec_ctx *c, const GArray *taken)
{
	const struct elffile *ri = c->ri;
	struct checksec_result *r = c->r;

	for (guint i = 0; i < c->funcs->len; i++) {
		uint64_t f = g_array_index(c->funcs, uint64_t, i);
		int exported = 0;

		r->funcs++;
		if (checksec_has(c->endbr, f)) {
			r->funcs_endbr++;
			continue;
		}
		for (guint k = 0; k < ri->syms->len; k++) {
			const struct elffile_sym *s = &g_array_index(ri->syms, struct elffile_sym, k);

			exported |= s->value == f && s->func && s->global && s->visible && s->defined;
		}
		if (f == ri->entry || checksec_has(taken, f))
			continue;
		if (exported) {
			checksec_offend(c, f, "exported function (global, default "
					"visibility), no %s", r->arch->pad);
		} else if (r->direct_only->len < CHECKSEC_LIST_MAX) {
			char name[96];

			checksec_symbolize(ri, f, name, sizeof(name));
			g_ptr_array_add(r->direct_only, g_strdup(name));
		}
	}
}

static void checksec_endbr_verdict(struct checksec_result *r)
{
	const struct checksec_offender *o = r->offenders->len ?
		&g_array_index(r->offenders, struct checksec_offender, 0) : NULL;

	/* no pad at all is a build without the flag: one line says so, where
	 * a list would name every function of the image */
	if (o && !r->endbr_insns)
		checksec_verdict(r, CS_ENDBR, CS_FAIL, "no %s anywhere (%u address-taken "
				 "targets, %u functions): built without %s", r->arch->pad,
				 r->taken, r->funcs, r->arch->flag);
	else if (o)
		checksec_verdict(r, CS_ENDBR, CS_FAIL,
				 "%u indirect-branch targets without %s, first %s at 0x%" PRIx64,
				 r->offenders->len, r->arch->pad, o->name[0] ? o->name : "?",
				 o->addr);
	else if (!r->funcs && !r->taken)
		checksec_verdict(r, CS_ENDBR, CS_UNKNOWN,
				 "no function symbols and no address-taken code found");
	else
		checksec_verdict(r, CS_ENDBR, CS_PASS,
				 "%u address-taken targets all start with %s; %u of %u "
				 "functions have it, the rest are only called directly",
				 r->taken, r->arch->pad, r->funcs_endbr, r->funcs);
}

static void checksec_endbr(struct checksec_ctx *c)
{
	const struct elffile *ri = c->ri;
	struct checksec_result *r = c->r;
	GArray *taken = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	checksec_sort_unique(c->endbr);
	checksec_sort_unique(c->jpads);
	checksec_sort_unique(c->exempt);
	g_array_sort(c->cand, checksec_cmp_cand);
	for (guint i = 0; i < c->cand->len; i++) {
		const struct checksec_cand *k = &g_array_index(c->cand, struct checksec_cand, i);
		const char *missing;

		if ((i && k->target == g_array_index(c->cand, struct checksec_cand, i - 1).target) ||
		    checksec_has(c->exempt, k->target))
			continue;
		g_array_append_val(taken, k->target);
		if (r->taken_list->len < CHECKSEC_LIST_MAX) {
			char name[96];

			checksec_symbolize(ri, k->target, name, sizeof(name));
			g_ptr_array_add(r->taken_list, g_strdup_printf("%s (%s at 0x%" PRIx64 ")",
					 name[0] ? name : "?", k->how, k->from));
		}
		missing = checksec_unpadded(c, k->target);
		if (missing)
			checksec_offend(c, k->target, "address taken (%s at 0x%" PRIx64
					"), no %s", k->how, k->from, missing);
	}
	r->taken = taken->len;
	checksec_functions(c, taken);
	g_array_free(taken, TRUE);
	checksec_endbr_verdict(r);
}

static void checksec_decide(struct checksec_result *r)
{
	const struct checksec_arch *a = r->arch;

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
				 "%s, or an object without the note was linked in", a->flag);
	else if ((r->note_and & 1) && (r->note_and & 2))
		checksec_verdict(r, CS_CET, CS_PASS, "%s, %s", a->bit[0], a->bit[1]);
	else
		checksec_verdict(r, CS_CET, CS_FAIL, "%s feature bits 0x%x: %s%s, %s%s",
				 a->note_name, r->note_and, r->note_and & 1 ? "" : "no ",
				 a->bit[0], r->note_and & 2 ? "" : "no ", a->bit[1]);
}

/* Executable PROGBITS sections as byte ranges, for objdump -b binary. */
static GArray *checksec_code_ranges(const struct elffile *ri)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct objdump_range));

	for (guint i = 0; i < ri->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(ri->secs, struct elffile_sec, i);
		struct objdump_range r = { s->addr, s->off, s->size };

		if (s->exec && s->size && s->type != SHT_NOBITS && s->addr >= s->off)
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

/* The descriptor for e_machine, or NULL. */
static const struct checksec_arch *checksec_arch_of(unsigned machine)
{
	for (size_t i = 0; i < G_N_ELEMENTS(checksec_archs); i++)
		for (size_t k = 0; k < G_N_ELEMENTS(checksec_archs[i]->machine); k++)
			if (checksec_archs[i]->machine[k] && checksec_archs[i]->machine[k] == machine)
				return checksec_archs[i];
	return NULL;
}

static void checksec_ctx_free(struct checksec_ctx *c)
{
	GArray **sets[] = { &c->endbr, &c->jpads, &c->cand, &c->exempt, &c->funcs,
			    &c->chk_fail, &c->guard };

	for (size_t i = 0; i < G_N_ELEMENTS(sets); i++)
		if (*sets[i])
			g_array_free(*sets[i], TRUE);
}

/* Relocations that name code: RELA targets, or an ELF32 wrapper's
 * Elf64_Rela entries read as written. */
static void checksec_relocs(struct checksec_ctx *c)
{
	if (!c->ri->elf64 && c->r->arch == &checksec_arch_x86 && c->r->code64) {
		checksec_wrapper_relocs(c);
		return;
	}
	for (guint i = 0; i < c->ri->rels->len; i++) {
		const struct elffile_rel *rel = &g_array_index(c->ri->rels, struct elffile_rel, i);

		if (rel->has_target)
			checksec_cand(c, rel->target, rel->offset, "relocation");
	}
}

/* Disassemble the code, then judge what it and the relocations say. */
static int checksec_code(struct checksec_ctx *c, const char *path,
			 const struct checksec_opts *o, char *err, size_t n)
{
	const struct checksec_arch *a = c->r->arch;
	GArray *ranges = checksec_code_ranges(c->ri);
	int rc;

	rc = objdump_run(o->objdump ? o->objdump : a->objdump, path, a->disasm,
			 a == &checksec_arch_x86 && c->r->code64 && !c->ri->elf64,
			 (const struct objdump_range *)ranges->data, ranges->len,
			 &c->r->raw_disasm, checksec_insn, c, err, n);
	g_array_free(ranges, TRUE);
	if (rc)
		return rc;
	checksec_relocs(c);
	if (c->exec_image)
		checksec_data_words(c);
	checksec_endbr(c);
	checksec_decide(c->r);
	return 0;
}

int checksec_image(const char *path, const struct checksec_opts *o,
		   struct checksec_result *r, char *err, size_t n)
{
	struct elffile ri;
	struct checksec_ctx c = { .ri = &ri, .r = r };
	int rc;

	memset(r, 0, sizeof(*r));
	r->arch = &checksec_arch_x86;
	r->wx = g_ptr_array_new_with_free_func(g_free);
	r->direct_only = g_ptr_array_new_with_free_func(g_free);
	r->taken_list = g_ptr_array_new_with_free_func(g_free);
	r->offenders = g_array_new(FALSE, FALSE, sizeof(struct checksec_offender));
	checksec_names(r, path);
	elffile_init(&ri);
	/* a file that cannot be read is the caller's to fix, like one that
	 * is no ELF: -EINVAL for both (-ENOENT means a tool cannot run) */
	if (elffile_load(&ri, path, err, n)) {
		elffile_free(&ri);
		return -EINVAL;
	}
	r->arch = checksec_arch_of(ri.machine);
	if (!r->arch) {
		snprintf(err, n, "%s: machine %s: checksec reads x86 and AArch64 code only",
			 path, ri.machine_name);
		r->arch = &checksec_arch_x86;
		elffile_free(&ri);
		return -EINVAL;
	}
	snprintf(r->elf_class, sizeof(r->elf_class), "%s", ri.elf64 ? "ELF64" : "ELF32");
	snprintf(r->elf_type, sizeof(r->elf_type), "%s", ri.type);
	snprintf(r->machine, sizeof(r->machine), "%s", ri.machine_name);
	r->elf_bad = ri.bad;
	/* An ELF32 file is, for an x86 unikernel, nearly always 64-bit code
	 * wrapped for multiboot (objcopy -O elf32-i386, as Unikraft does):
	 * x86-64 unless told otherwise.  AArch64 words are 8 bytes. */
	r->code64 = r->arch != &checksec_arch_x86 || o->code != 32;
	c.exec_image = !strcmp(ri.type, "EXEC");
	c.endbr = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.jpads = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.cand = g_array_new(FALSE, FALSE, sizeof(struct checksec_cand));
	c.exempt = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.funcs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.chk_fail = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c.guard = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	checksec_segments(&ri, r);
	checksec_symbols(&c);
	checksec_read_notes(&c);
	rc = checksec_code(&c, path, o, err, n);
	checksec_ctx_free(&c);
	elffile_free(&ri);
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

/* The property note's bits by their names ("ibt", "shstk"; "bti", "pac"). */
static json_t *checksec_json_note(const struct checksec_result *r)
{
	json_t *o = json_pack("{s:b}", "found", r->note_found);

	for (int b = 0; b < 2; b++) {
		char *key = g_ascii_strdown(r->arch->bit[b], -1);

		json_object_set_new(o, key, json_boolean(r->note_and >> b & 1));
		g_free(key);
	}
	return o;
}

static json_t *checksec_json_pads(const struct checksec_result *r, json_t *off,
				  json_t *taken, json_t *direct)
{
	json_t *o = json_object();

	json_object_set_new(o, "functions", json_integer(r->funcs));
	json_object_set_new(o, r->arch->with_json, json_integer(r->funcs_endbr));
	json_object_set_new(o, r->arch->count_json, json_integer(r->endbr_insns));
	json_object_set_new(o, "address_taken", json_integer(r->taken));
	if (r->arch == &checksec_arch_x86)
		json_object_set_new(o, "notrack_branches", json_integer(r->notrack));
	json_object_set_new(o, "offenders", off);
	json_object_set_new(o, "taken", taken);
	json_object_set_new(o, "direct_only", direct);
	return o;
}

json_t *checksec_json(const struct checksec_result *r)
{
	json_t *o = json_object(), *checks = json_object(), *wx = json_array();
	json_t *off = json_array(), *direct = json_array(), *taken = json_array();

	for (int k = 0; k < CS_NCHECKS; k++)
		json_object_set_new(checks, checksec_check_name(r, k),
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
		"code", r->arch != &checksec_arch_x86 ? r->arch->name :
			r->code64 ? "x86-64" : "i386",
		"disassembly", r->raw_disasm ? "raw sections" : "elf"));
	json_object_set_new(o, "checks", checks);
	json_object_set_new(o, "pie", json_boolean(r->pie));
	json_object_set_new(o, "base", checksec_hex(r->base));
	json_object_set_new(o, "wx_segments", wx);
	json_object_set_new(o, "exec_stack", json_boolean(r->exec_stack));
	json_object_set_new(o, "stack_protector", json_pack("{s:i,s:i,s:i}",
		"chk_fail_calls", (int)r->chk_calls, "guard_loads", (int)r->guard_refs,
		"tls_loads", (int)r->tls_canary));
	json_object_set_new(o, r->arch->note_json, checksec_json_note(r));
	json_object_set_new(o, r->arch->pads_json, checksec_json_pads(r, off, taken, direct));
	return o;
}

static void checksec_metric(json_t *arr, const struct checksec_result *r,
			    const char *name, double v, const char *unit,
			    const char *better)
{
	json_t *m = metric_new(name, r->image, v, unit, better, 1);

	json_object_set_new(m, "test", json_string("hardboot checksec (libelf, objdump)"));
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
	checksec_metric(arr, r, r->arch->pads_metric, r->offenders->len, "count", "lower");
	checksec_metric(arr, r, "checksec_wx_segments", r->wx->len, "count", "lower");
	checksec_metric(arr, r, "checksec_stack_chk_fail_calls", r->chk_calls, "count", "higher");
	checksec_metric(arr, r, r->arch->note_metric,
			(r->note_and & 1) + !!(r->note_and & 2), "count", "higher");
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
		snprintf(buf, n, "%s %c%c%s", mark[r->v[k]],
			 r->note_and & 1 ? r->arch->letters[0] : '-',
			 r->note_and & 2 ? r->arch->letters[1] : '-',
			 r->note_found ? "" : " none");
		break;
	default:
		if (r->offenders->len && !r->endbr_insns)
			snprintf(buf, n, "%s none", mark[r->v[k]]);
		else
			snprintf(buf, n, "%s %u/%u", mark[r->v[k]], r->offenders->len, r->taken);
		break;
	}
	return buf;
}

/* The table's two architecture columns: named by the architecture when
 * every image has the same, generically otherwise. */
static void checksec_columns(const struct checksec_result *r, size_t n,
			     const char **note, const char **pads)
{
	*note = r[0].arch->note_check;
	*pads = r[0].arch->pads_check;
	for (size_t i = 1; i < n; i++)
		if (r[i].arch != r[0].arch) {
			*note = "cfi-note";
			*pads = "pads";
		}
}

static void checksec_legend(FILE *f, const struct checksec_result *r, size_t n)
{
	int seen[G_N_ELEMENTS(checksec_archs)] = { 0 };

	fprintf(f, "(w+x: W+X segments incl. an executable stack; canary: protector calls; ");
	for (size_t i = 0; i < n; i++)
		for (size_t a = 0; a < G_N_ELEMENTS(checksec_archs); a++)
			if (r[i].arch == checksec_archs[a] && !seen[a]++)
				fprintf(f, "%s;\n ", r[i].arch->legend);
	fprintf(f, "none = no landing pad anywhere; * = ELF32 wrapper of x86-64 code)\n");
}

static void checksec_reasons(FILE *f, const struct checksec_result *r)
{
	for (int k = 0; k < CS_NCHECKS; k++)
		if (r->v[k] != CS_PASS)
			fprintf(f, "%s: %s: %s\n", r->image, checksec_check_name(r, k), r->why[k]);
	/* without a single pad the list would be every function: the
	 * reason above says it once */
	for (guint k = 0; r->endbr_insns && k < r->offenders->len; k++) {
		const struct checksec_offender *o =
			&g_array_index(r->offenders, struct checksec_offender, k);

		fprintf(f, "%s: %s offender 0x%" PRIx64 " %s: %s\n", r->image,
			r->arch->pads_check, o->addr, o->name[0] ? o->name : "?", o->why);
	}
	if (r->raw_disasm)
		fprintf(f, "%s: objdump refused the ELF; its executable sections "
			"were disassembled as raw bytes\n", r->image);
}

void checksec_table(FILE *f, const struct checksec_result *r, size_t n)
{
	const char *note, *pads;

	if (!n)
		return;
	checksec_columns(r, n, &note, &pads);
	fprintf(f, "%-16s %-11s %-13s %-6s %-7s %-12s %-9s %s\n", "image", "elf",
		"pie", "w+x", "canary", note, pads, "verdict");
	for (size_t i = 0; i < n; i++) {
		char c[CS_NCHECKS][48], elf[24];

		snprintf(elf, sizeof(elf), "%s %s%s", r[i].elf_class, r[i].elf_type,
			 r[i].arch == &checksec_arch_x86 && r[i].code64 &&
			 !strcmp(r[i].elf_class, "ELF32") ? "*" : "");
		for (int k = 0; k < CS_NCHECKS; k++)
			checksec_cell(&r[i], (enum checksec_check)k, c[k], sizeof(c[k]));
		fprintf(f, "%-16s %-11s %-13s %-6s %-7s %-12s %-9s %s\n", r[i].image, elf,
			c[CS_PIE], c[CS_WX], c[CS_CANARY], c[CS_CET], c[CS_ENDBR],
			checksec_pass(&r[i]) ? "pass" : "fail");
	}
	checksec_legend(f, r, n);
	for (size_t i = 0; i < n; i++)
		checksec_reasons(f, &r[i]);
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

void checksec_judge(const struct checksec_result *r, const char *section,
		    const int *checks, struct verdicts *vs, const char *suite)
{
	for (int k = 0; k < CS_NCHECKS; k++) {
		struct verdict *v;

		if (checks && !checks[k])
			continue;
		/* unknown: the file cannot tell (a stripped image without any
		 * stack-protector trace) -- not a pass, not the image's fault */
		v = verdict_add(vs, suite, section, NULL, checksec_policy_key(r, k),
				r->v[k] == CS_PASS ? VERDICT_PASS : r->v[k] == CS_FAIL ?
				VERDICT_FAIL : VERDICT_SKIP, "%s: %s (%s): %s", section,
				checksec_check_name(r, k), r->image, r->why[k]);
		if (r->v[k] == CS_UNKNOWN)
			verdict_why(v, "%s", r->why[k]);
	}
}
