/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Layout validity, boot by boot: randomization that produces a broken
 * layout is a crash waiting for the right seed, and one bad boot in a
 * thousand is invisible to every entropy estimator.  For every passing
 * boot:
 *
 *   - every address and every register read from outside is canonical
 *     (x86-64 with 4-level paging: bits 63..47 all equal);
 *   - the regions do not overlap, and at least `guard` bytes (default one
 *     4 KiB page, the smallest unmapped gap the MMU can enforce) separate
 *     each from the next;
 *   - RSP read through QMP lies in the stack region and RIP in the image
 *     at the reported base: the guest's word checked from outside.
 *
 * A region's extent comes from layout_extents[] (the images' sizes in
 * images/layout.h), the image's ELF program headers for the image base,
 * or --extent NAME=BYTES.  HB1 images report each region's lowest byte
 * ("start"); pattern captures of a foreign image are pointers somewhere
 * inside a region ("within": the region is taken as +- one extent around
 * the pointer, which is weaker but assumes nothing about the image).
 */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "entropy.h"
#include "stats.h"
#include "metric.h"
#include "elffile.h"

#define LAYOUT_DEFAULT_EXTENT 4096   /* a region of unknown size: one page */
#define LAYOUT_MAX_REGIONS 16

struct layout_extent {
	const char *region;
	uint64_t bytes;          /* 0: from the image's ELF file */
	const char *from;
};

static const struct layout_extent layout_extents[] = {
	{ "stack", 0x4000, "HB_STACK_SIZE (images/layout.h)" },
	{ "heap", 0x4000, "HB_HEAP_SIZE (images/layout.h)" },
	{ "base", 0, "PT_LOAD span of the image's ELF file" },
};

/* Lowest to highest byte of the PT_LOAD segments: what the image occupies
 * from its base once relocated.  Read through libelf, as checksec reads
 * images, so ELF32 (multiboot builds) and ELF64 are one path. */
static int layout_elf_span(const char *path, uint64_t *span)
{
	struct elffile ef;
	char err[256];
	uint64_t lo = UINT64_MAX, hi = 0;
	int rc;

	elffile_init(&ef);
	rc = elffile_load(&ef, path, err, sizeof(err));
	for (guint i = 0; !rc && i < ef.segs->len; i++) {
		const struct elffile_seg *s = &g_array_index(ef.segs, struct elffile_seg, i);

		if (s->type != PT_LOAD || !s->memsz)
			continue;
		lo = MIN(lo, s->vaddr);
		hi = MAX(hi, s->vaddr + s->memsz);
	}
	elffile_free(&ef);
	if (rc)
		return rc;
	if (hi <= lo)
		return -EINVAL;
	*span = hi - lo;
	return 0;
}

/* This section's entry in the run.json of the directories it came from. */
static json_t *layout_run_section(const struct entropy_set *s)
{
	size_t i, j;
	json_t *run, *sec;

	if (!s->all || !s->all->runs)
		return NULL;
	json_array_foreach(s->all->runs, i, run) {
		json_array_foreach(json_object_get(run, "sections"), j, sec) {
			const char *name = json_string_value(json_object_get(sec, "name"));

			if (name && !strcmp(name, s->src->section))
				return sec;
		}
	}
	return NULL;
}

static int layout_parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || s[0] == '-')
		return -EINVAL;
	if (*end == 'K' || *end == 'k')
		x <<= 10, end++;
	else if (*end == 'M')
		x <<= 20, end++;
	else if (*end == 'G')
		x <<= 30, end++;
	if (*end || !x)
		return -EINVAL;
	*v = x;
	return 0;
}

/* Extent of a region: --extent (returns 1), then the table; 0 = unknown. */
static int layout_extent(const struct entropy_opts *o, const char *region,
			 uint64_t elf_span, uint64_t *ext, char *err, size_t n)
{
	size_t len = strlen(region);

	for (int i = 0; i < o->nextents; i++) {
		const char *e = o->extents[i];

		if (!strncmp(e, region, len) && e[len] == '=') {
			if (layout_parse_size(e + len + 1, ext)) {
				snprintf(err, n, "--extent %s: not a size in bytes (N, NK, NM, NG)", e);
				return -EINVAL;
			}
			return 1;
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(layout_extents); i++)
		if (!strcmp(layout_extents[i].region, region)) {
			*ext = layout_extents[i].bytes ? layout_extents[i].bytes : elf_span;
			return 0;
		}
	*ext = LAYOUT_DEFAULT_EXTENT;
	return 0;
}

static int layout_canonical(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

struct layout_iv {
	uint64_t lo, hi;
	const char *name;
};

static int layout_iv_cmp(const void *a, const void *b)
{
	const struct layout_iv *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static uint64_t layout_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static uint64_t layout_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static void layout_bad(struct entropy_layout *l, size_t row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void layout_bad(struct entropy_layout *l, size_t row, const char *fmt, ...)
{
	va_list ap;

	if (l->first_bad >= 0)
		return;
	l->first_bad = (long)row;
	va_start(ap, fmt);
	vsnprintf(l->first_why, sizeof(l->first_why), fmt, ap);
	va_end(ap);
}

static int layout_set(struct entropy_set *s, const struct entropy_opts *o,
		      char *err, size_t errlen)
{
	const struct sample_set *set = s->src;
	struct entropy_layout *l = &s->layout;
	const struct sample_col *addr[LAYOUT_MAX_REGIONS];
	uint64_t ext[LAYOUT_MAX_REGIONS], elf_span = 0;
	/* x86 from QMP, arm64 from the gdbstub (inspect.c) */
	const struct sample_col *rip = samples_col(set, "regs.rip") ?: samples_col(set, "regs.pc");
	const struct sample_col *rsp = samples_col(set, "regs.rsp") ?: samples_col(set, "regs.sp");
	long stack = -1, base = -1;
	size_t na = 0;
	json_t *sec = layout_run_section(s);
	const char *path = json_string_value(json_object_get(sec, "image_path"));
	json_t *proto = json_object_get(sec, "protocol");
	int start;

	memset(l, 0, sizeof(*l));
	l->first_bad = -1;
	/* HB1 says each address is a region's lowest byte; a pattern capture
	 * is only known to point into its region. */
	if (proto)
		start = json_is_true(proto) || json_integer_value(proto) > 0;
	else
		start = samples_col(set, "secret.canary") != NULL;
	snprintf(l->anchor, sizeof(l->anchor), "%s", start ? "start" : "within");
	if (path && !layout_elf_span(path, &elf_span))
		snprintf(l->base_extent_src, sizeof(l->base_extent_src), "ELF %s", path);
	for (size_t i = 0; i < set->ncols && na < LAYOUT_MAX_REGIONS; i++) {
		const char *name = set->cols[i].name;
		int over;

		if (strncmp(name, "addr.", 5))
			continue;
		over = layout_extent(o, name + 5, elf_span, &ext[na], err, errlen);
		if (over < 0)
			return -EINVAL;
		if (!strcmp(name + 5, "stack"))
			stack = (long)na;
		if (!strcmp(name + 5, "base")) {
			base = (long)na;
			l->base_extent = ext[na];
			if (over)
				snprintf(l->base_extent_src, sizeof(l->base_extent_src), "--extent");
			else if (!ext[na])
				snprintf(l->base_extent_src, sizeof(l->base_extent_src),
					 "unknown: image file unreadable, RIP not checked");
		}
		addr[na++] = &set->cols[i];
	}
	l->checked = 1;
	for (size_t row = 0; row < set->rows; row++) {
		struct layout_iv iv[LAYOUT_MAX_REGIONS];
		size_t k = 0;
		int bad = 0, canon_bad = 0, ov = 0, gd = 0;

		l->rows++;
		for (size_t i = 0; i < na; i++) {
			uint64_t a, e = ext[i] ? ext[i] : LAYOUT_DEFAULT_EXTENT;

			if (!addr[i]->have[row])
				continue;
			a = addr[i]->v[row];
			if (!layout_canonical(a) && !canon_bad++)
				layout_bad(l, row, "%s=0x%llx is not canonical", addr[i]->name,
					   (unsigned long long)a);
			iv[k].lo = start ? a : layout_sub(a, e);
			iv[k].hi = layout_add(a, e);
			iv[k].name = addr[i]->name;
			k++;
		}
		qsort(iv, k, sizeof(iv[0]), layout_iv_cmp);
		for (size_t i = 1; i < k; i++) {
			if (iv[i].lo < iv[i - 1].hi) {
				if (!ov++)
					layout_bad(l, row, "%s overlaps %s", iv[i].name, iv[i - 1].name);
			} else if (iv[i].lo - iv[i - 1].hi < o->guard && !gd++) {
				layout_bad(l, row, "%s is %llu bytes after %s (guard %llu)",
					   iv[i].name, (unsigned long long)(iv[i].lo - iv[i - 1].hi),
					   iv[i - 1].name, (unsigned long long)o->guard);
			}
		}
		if ((rip && rip->have[row]) || (rsp && rsp->have[row]))
			l->regs_rows++;
		if (rsp && rsp->have[row]) {
			uint64_t r = rsp->v[row];

			if (!layout_canonical(r) && !canon_bad++)
				layout_bad(l, row, "%s=0x%llx is not canonical", rsp->name,
					   (unsigned long long)r);
			if (stack >= 0 && addr[stack]->have[row]) {
				uint64_t sb = addr[stack]->v[row], e = ext[stack];
				int in = start ? r > sb && r <= layout_add(sb, e) :
					 r >= layout_sub(sb, e) && r <= layout_add(sb, e);

				l->rsp_rows++;
				if (!in) {
					l->rsp_out++;
					bad = 1;
					layout_bad(l, row, "%s=0x%llx outside the stack at 0x%llx",
						   rsp->name, (unsigned long long)r,
						   (unsigned long long)sb);
				}
			}
		}
		if (rip && rip->have[row]) {
			uint64_t r = rip->v[row];

			if (!layout_canonical(r) && !canon_bad++)
				layout_bad(l, row, "%s=0x%llx is not canonical", rip->name,
					   (unsigned long long)r);
			if (base >= 0 && ext[base] && addr[base]->have[row]) {
				uint64_t b = addr[base]->v[row], e = ext[base];
				int in = start ? r >= b && r < layout_add(b, e) :
					 r >= layout_sub(b, e) && r < layout_add(b, e);

				l->rip_rows++;
				if (!in) {
					l->rip_out++;
					bad = 1;
					layout_bad(l, row, "%s=0x%llx outside the image at 0x%llx "
						   "(+0x%llx)", rip->name, (unsigned long long)r,
						   (unsigned long long)b, (unsigned long long)e);
				}
			}
		}
		l->noncanon += canon_bad > 0;
		l->overlap += ov > 0;
		l->guard += gd > 0;
		l->bad += bad || canon_bad || ov || gd;
	}
	return 0;
}

static void layout_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	const struct entropy_layout *l = &s->layout;

	(void)regions;
	json_object_set_new(set, "layout", json_pack(
		"{s:b,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:o}",
		"checked", l->checked, "anchor", l->anchor,
		"rows", (json_int_t)l->rows, "invalid", (json_int_t)l->bad,
		"noncanonical", (json_int_t)l->noncanon, "overlap", (json_int_t)l->overlap,
		"guard", (json_int_t)l->guard, "regs_rows", (json_int_t)l->regs_rows,
		"rsp_checked", (json_int_t)l->rsp_rows, "rsp_outside", (json_int_t)l->rsp_out,
		"rip_checked", (json_int_t)l->rip_rows, "rip_outside", (json_int_t)l->rip_out,
		"base_extent_from", l->base_extent_src[0] ? l->base_extent_src : "none",
		"first_invalid", l->first_bad < 0 ? json_null() :
			json_pack("{s:I,s:s}", "row", (json_int_t)l->first_bad,
				  "why", l->first_why)));
}

static void layout_metrics(const struct entropy_set *s, const struct entropy_opts *o,
			   json_t *out)
{
	const struct entropy_layout *l = &s->layout;
	double lo, hi;
	json_t *m;

	if (!l->checked || !l->rows)
		return;
	stats_binomial_ci(l->bad, l->rows, o->confidence, &lo, &hi);
	m = entropy_metric(s, NULL, "layout_invalid_rate", (double)l->bad / (double)l->rows,
			   "ratio", "lower", lo, hi, o->confidence,
			   "Clopper-Pearson exact binomial");
	json_object_set_new(m, "n", json_integer((json_int_t)l->rows));
	metric_rate(m, l->bad);
	json_array_append_new(out, m);
}

const struct entropy_family layout_family = {
	.name = "layout",
	.what = "every boot: canonical, disjoint, guard gaps; registers inside the regions",
	.set = layout_set,
	.json = layout_json,
	.metrics = layout_metrics,
};
