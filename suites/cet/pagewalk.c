/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pagewalk.h"

#define PW_P    (1ull << 0)
#define PW_W    (1ull << 1)
#define PW_U    (1ull << 2)
#define PW_D    (1ull << 6)
#define PW_PS   (1ull << 7)
#define PW_NX   (1ull << 63)
#define PW_ADDR 0x000ffffffffff000ull
#define PW_MAX_TABLES (1u << 16)   /* tables read per walk, leaves apart */
#define PW_MAX_RANGES 64           /* mapping ranges kept in the JSON */

struct pw {
	const struct pagewalk_mem *m;
	int nxe, wp, smep, levels;
	pagewalk_fn fn;
	void *ctx;
	struct pagewalk_sum *s;
	uint64_t leaves, tables;
};

uint64_t pagewalk_fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Entry i of the table at pa, or 0 with *ok = 0 when it is outside RAM. */
static uint64_t pw_entry(const struct pw *w, uint64_t pa, unsigned i, int *ok)
{
	uint64_t e;

	pa &= PW_ADDR;
	*ok = pa < w->m->size && w->m->size - pa >= 4096;
	if (!*ok)
		return 0;
	memcpy(&e, w->m->ram + pa + 8ull * i, sizeof(e));
	return e;
}

/* Permissions combine down the walk: W and U only if every level grants
 * them, NX if any level sets it (SDM vol. 3, 4.6). */
static unsigned pw_class(const struct pw *w, uint64_t and_all, uint64_t or_all,
			 uint64_t upper, uint64_t leaf)
{
	unsigned cls = 0;

	if (and_all & PW_W)
		cls |= PAGEWALK_W;
	if (!w->nxe || !(or_all & PW_NX))
		cls |= PAGEWALK_X;
	if (and_all & PW_U)
		cls |= PAGEWALK_U;
	if (!(leaf & PW_W) && (leaf & PW_D) && (upper & PW_W))
		cls |= PAGEWALK_SS;
	return cls;
}

static void pw_leaf_fill(const struct pw *w, struct pagewalk_leaf *l, uint64_t va,
			 uint64_t e, uint64_t size, unsigned cls)
{
	/* Ring 0 writes read-only pages when CR0.WP is off; SMEP keeps it
	 * from executing user pages. */
	int w0 = (cls & PAGEWALK_W) || !w->wp;
	int x0 = (cls & PAGEWALK_X) && !(w->smep && (cls & PAGEWALK_U));

	memset(l, 0, sizeof(*l));
	l->va = va;
	l->pa = e & PW_ADDR & ~(size - 1);
	l->size = size;
	l->cls = cls;
	l->wx_ring0 = w0 && x0;
}

void pagewalk_account(struct pagewalk_sum *s, const struct pagewalk_leaf *l,
		      unsigned sum_cls)
{
	uint64_t pages = l->size / 4096;

	s->pages += pages;
	if ((l->cls & PAGEWALK_W) && (l->cls & PAGEWALK_X))
		s->wx += pages;
	if (l->cls & PAGEWALK_X)
		s->x += pages;
	if (l->cls & PAGEWALK_SS)
		s->ss += pages;
	if (l->wx_ring0)
		s->wx_ring0 += pages;
	s->sum = pagewalk_fnv(s->sum, l->va);
	s->sum = pagewalk_fnv(s->sum, l->pa);
	s->sum = pagewalk_fnv(s->sum, l->size);
	s->sum = pagewalk_fnv(s->sum, l->cls & sum_cls);
}

static void pw_leaf(struct pw *w, uint64_t va, uint64_t e, uint64_t size, unsigned cls)
{
	struct pagewalk_leaf l;

	pw_leaf_fill(w, &l, va, e, size, cls);
	pagewalk_account(w->s, &l, ~0u);
	if (w->fn)
		w->fn(&l, w->ctx);
}

static uint64_t pw_canonical(const struct pw *w, uint64_t va)
{
	unsigned top = w->levels == 5 ? 56 : 47;

	return va & (1ull << top) ? va | ~((1ull << top) - 1) : va;
}

/* One table at level (levels-1 = the root ... 0 = PT); depth <= 5. */
static void pw_table(struct pw *w, uint64_t table, int level, uint64_t va,
		     uint64_t and_up, uint64_t or_up)
{
	unsigned shift = 12 + 9 * (unsigned)level;

	if (++w->tables > PW_MAX_TABLES) {
		w->s->truncated = 1;
		return;
	}
	for (unsigned i = 0; i < 512; i++) {
		int ok;
		uint64_t e = pw_entry(w, table, i, &ok), v;

		if (!ok) {
			w->s->bad_tables++;
			return;
		}
		if (!(e & PW_P))
			continue;
		if (w->leaves >= PAGEWALK_MAX_LEAVES || w->tables > PW_MAX_TABLES) {
			w->s->truncated = 1;
			return;
		}
		v = pw_canonical(w, va | (uint64_t)i << shift);
		if (level == 0 || ((level == 1 || level == 2) && (e & PW_PS))) {
			w->leaves++;
			pw_leaf(w, v, e, 1ull << shift,
				pw_class(w, and_up & e, or_up | e, and_up, e));
			continue;
		}
		pw_table(w, e, level - 1, v, and_up & e, or_up | e);
	}
}

static int pw_setup(struct pw *w, const struct pagewalk_mem *m, uint64_t cr0,
		    uint64_t cr4, uint64_t efer, struct pagewalk_sum *s)
{
	memset(w, 0, sizeof(*w));
	memset(s, 0, sizeof(*s));
	w->m = m;
	w->s = s;
	w->nxe = !!(efer & PAGEWALK_EFER_NXE);
	w->wp = !!(cr0 & PAGEWALK_CR0_WP);
	w->smep = !!(cr4 & PAGEWALK_CR4_SMEP);
	s->sum = 0xcbf29ce484222325ull;
	if (!(cr0 & PAGEWALK_CR0_PG)) {
		s->mode = "off";
		return -ENOENT;
	}
	if (!(efer & PAGEWALK_EFER_LMA)) {
		s->mode = cr4 & PAGEWALK_CR4_PAE ? "32-bit PAE" : "32-bit";
		return -EOPNOTSUPP;
	}
	w->levels = s->levels = cr4 & PAGEWALK_CR4_LA57 ? 5 : 4;
	s->mode = w->levels == 5 ? "5-level" : "4-level";
	return 0;
}

void pagewalk(const struct pagewalk_mem *m, uint64_t cr0, uint64_t cr3,
	      uint64_t cr4, uint64_t efer, pagewalk_fn fn, void *ctx,
	      struct pagewalk_sum *s)
{
	struct pw w;

	if (pw_setup(&w, m, cr0, cr4, efer, s))
		return;
	w.fn = fn;
	w.ctx = ctx;
	pw_table(&w, cr3, w.levels - 1, 0, ~0ull, 0);
}

int pagewalk_lookup(const struct pagewalk_mem *m, uint64_t cr0, uint64_t cr3,
		    uint64_t cr4, uint64_t efer, uint64_t va,
		    struct pagewalk_leaf *l)
{
	struct pagewalk_sum s;
	struct pw w;
	uint64_t table = cr3, and_up = ~0ull, or_up = 0;

	if (pw_setup(&w, m, cr0, cr4, efer, &s))
		return -ENOENT;
	for (int level = w.levels - 1; level >= 0; level--) {
		unsigned shift = 12 + 9 * (unsigned)level;
		int ok;
		uint64_t e = pw_entry(&w, table, (unsigned)((va >> shift) & 511), &ok);

		if (!ok || !(e & PW_P))
			return -ENOENT;
		if (level == 0 || ((level == 1 || level == 2) && (e & PW_PS))) {
			pw_leaf_fill(&w, l, va & ~((1ull << shift) - 1), e, 1ull << shift,
				     pw_class(&w, and_up & e, or_up | e, and_up, e));
			return 0;
		}
		and_up &= e;
		or_up |= e;
		table = e;
	}
	return -ENOENT;
}

/* ---- the audit ---------------------------------------------------------- */

/* Either architecture's walk and lookup, by the registers' kind. */
static void pw_walk(const struct pagewalk_mem *m, const struct inspect_regs *r,
		    pagewalk_fn fn, void *ctx, struct pagewalk_sum *s)
{
	if (r->arm64)
		pagewalk_arm64(m, r, fn, ctx, s);
	else
		pagewalk(m, r->cr0, r->cr3, r->cr4, r->efer, fn, ctx, s);
}

static int pw_lookup(const struct pagewalk_mem *m, const struct inspect_regs *r,
		     uint64_t va, struct pagewalk_leaf *l)
{
	if (r->arm64)
		return pagewalk_arm64_lookup(m, r, va, l);
	return pagewalk_lookup(m, r->cr0, r->cr3, r->cr4, r->efer, va, l);
}

struct pw_range {
	uint64_t va, pa, pages;
	unsigned cls;
	int wx0;
};

struct pw_audit {
	GArray *all;        /* coalesced ranges, struct pw_range */
};

static void pw_collect(const struct pagewalk_leaf *l, void *ctx)
{
	struct pw_audit *a = ctx;
	struct pw_range *last = a->all->len ?
		&g_array_index(a->all, struct pw_range, a->all->len - 1) : NULL;

	if (last && last->cls == l->cls && last->wx0 == l->wx_ring0 &&
	    last->va + last->pages * 4096 == l->va &&
	    last->pa + last->pages * 4096 == l->pa) {
		last->pages += l->size / 4096;
		return;
	}
	{
		struct pw_range r = { l->va, l->pa, l->size / 4096, l->cls, l->wx_ring0 };

		g_array_append_val(a->all, r);
	}
}

static json_t *pw_hex(uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%016" PRIx64, v);
	return json_string(s);
}

static const char *pw_perm(unsigned cls, char *buf)
{
	buf[0] = 'r';
	buf[1] = cls & PAGEWALK_W ? 'w' : '-';
	buf[2] = cls & PAGEWALK_X ? 'x' : '-';
	buf[3] = cls & PAGEWALK_U ? 'u' : '-';
	buf[4] = cls & PAGEWALK_SS ? 's' : '-';
	buf[5] = '\0';
	return buf;
}

static json_t *pw_range_json(const struct pw_range *r)
{
	char perm[8];

	return json_pack("{s:o,s:o,s:I,s:s,s:b}", "va", pw_hex(r->va), "pa", pw_hex(r->pa),
			 "pages", (json_int_t)r->pages, "perm", pw_perm(r->cls, perm),
			 "wx_ring0", r->wx0);
}

static int pw_boot_hex(json_t *boot, const char *obj, const char *key, uint64_t *v)
{
	const char *s = json_string_value(json_object_get(json_object_get(boot, obj), key));
	char *end;

	if (!s)
		return -ENOENT;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return errno || end == s || *end ? -EINVAL : 0;
}

/* The page holding va: is it mapped, writable, executable (ring 0)? */
static json_t *pw_region(const struct pagewalk_mem *m, const struct inspect_regs *r,
			 uint64_t va)
{
	struct pagewalk_leaf l;
	char perm[8];
	json_t *o;

	if (pw_lookup(m, r, va, &l))
		return json_pack("{s:o,s:b}", "va", pw_hex(va), "mapped", 0);
	/* WXN: a writable page does not execute at EL1 */
	o = json_pack("{s:o,s:b,s:s,s:b,s:b,s:b}", "va", pw_hex(va), "mapped", 1,
		      "perm", pw_perm(l.cls, perm),
		      "writable", (l.cls & PAGEWALK_W) ||
				  (!r->arm64 && !(r->cr0 & PAGEWALK_CR0_WP)),
		      "executable", (l.cls & PAGEWALK_X) && !(r->arm64 && (l.cls & PAGEWALK_W) &&
				    (r->sctlr & PAGEWALK_A64_SCTLR_WXN)),
		      "wx_ring0", l.wx_ring0);
	if (r->arm64) {
		json_object_set_new(o, "tagged", json_boolean(l.tagged));
		json_object_set_new(o, "gp", json_boolean(l.gp));
	}
	return o;
}

/*
 * The image's shadow stack: a read-only + dirty leaf under writable
 * tables, NX, with the supervisor token (its own address, bit 0 = busy)
 * in the top 8 bytes of the page.
 */
static json_t *pw_shstk(const struct pagewalk_mem *m, const struct inspect_regs *r,
			uint64_t va)
{
	json_t *o = pw_region(m, r, va);
	struct pagewalk_leaf l;
	uint64_t token = 0, want = (va & ~0xfffull) + 0xff8;
	int have_token = 0;

	if (!pw_lookup(m, r, va, &l) && l.size == 4096 &&
	    l.pa + 4096 <= m->size) {
		memcpy(&token, m->ram + l.pa + 0xff8, sizeof(token));
		have_token = 1;
	}
	json_object_set_new(o, "encoding_ok", json_boolean(
		json_is_true(json_object_get(o, "mapped")) && (l.cls & PAGEWALK_SS) &&
		!(l.cls & PAGEWALK_X)));
	if (have_token) {
		json_object_set_new(o, "token", pw_hex(token));
		json_object_set_new(o, "token_ok", json_boolean((token & ~1ull) == want));
		json_object_set_new(o, "token_busy", json_boolean(token & 1));
	}
	return o;
}

/* The image's own walk (pages record) against ours. */
static json_t *pw_compare(json_t *guest, const struct pagewalk_sum *s)
{
	static const char *const keys[] = { "n", "wx", "x", "ss" };
	const uint64_t host[] = { s->pages, s->wx, s->x, s->ss };
	json_t *diff = json_array();
	uint64_t sum;
	const char *gs = json_string_value(json_object_get(guest, "sum"));
	char *end;

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		json_t *v = json_object_get(guest, keys[i]);

		if (!json_is_integer(v) || (uint64_t)json_integer_value(v) != host[i])
			json_array_append_new(diff, json_string(keys[i]));
	}
	errno = 0;
	sum = gs ? strtoull(gs, &end, 16) : 0;
	if (!gs || errno || *end || sum != s->sum)
		json_array_append_new(diff, json_string("sum"));
	return json_pack("{s:b,s:o}", "match", json_array_size(diff) == 0, "differs", diff);
}

static void pw_x86_regs(json_t *o, const struct inspect_regs *r)
{
	json_object_set_new(o, "arch", json_string("x86_64"));
	json_object_set_new(o, "cr3", pw_hex(r->cr3));
	json_object_set_new(o, "nxe", json_boolean(r->efer & PAGEWALK_EFER_NXE));
	json_object_set_new(o, "wp", json_boolean(r->cr0 & PAGEWALK_CR0_WP));
	json_object_set_new(o, "smep", json_boolean(r->cr4 & PAGEWALK_CR4_SMEP));
	json_object_set_new(o, "cet", json_boolean(r->cr4 & PAGEWALK_CR4_CET));
}

/* The system registers the arm64 checks read, decoded; from the gdbstub,
 * so the guest cannot misreport them. */
static void pw_arm64_regs(json_t *o, const struct inspect_regs *r,
			  const struct pagewalk_sum *s)
{
	json_t *cpu = json_object();

	json_object_set_new(o, "arch", json_string("arm64"));
	json_object_set_new(o, "source", json_string("QEMU gdbstub (system registers) "
						     "and the RAM file"));
	json_object_set_new(o, "ttbr0", pw_hex(r->ttbr0));
	json_object_set_new(o, "ttbr1", pw_hex(r->ttbr1));
	json_object_set_new(o, "tcr", pw_hex(r->tcr));
	json_object_set_new(o, "sctlr", pw_hex(r->sctlr));
	json_object_set_new(o, "mair", pw_hex(r->mair));
	json_object_set_new(o, "wxn", json_boolean(r->sctlr & PAGEWALK_A64_SCTLR_WXN));
	json_object_set_new(o, "pac_ia", json_boolean(r->sctlr & PAGEWALK_A64_SCTLR_ENIA));
	json_object_set_new(o, "ata", json_boolean(r->sctlr & PAGEWALK_A64_SCTLR_ATA));
	json_object_set_new(o, "tcf", json_integer(PAGEWALK_A64_TCF(r->sctlr)));
	json_object_set_new(o, "tbi0", json_boolean(r->tcr & PAGEWALK_A64_TCR_TBI0));
	if (r->have_a64 & (1u << 5)) {
		json_object_set_new(cpu, "bti", json_boolean(PAGEWALK_A64_PFR1_BT(r->pfr1)));
		json_object_set_new(cpu, "mte", json_integer(PAGEWALK_A64_PFR1_MTE(r->pfr1)));
	}
	json_object_set_new(o, "cpu", cpu);
	json_object_set_new(o, "x_unguarded", json_integer((json_int_t)s->x_unguarded));
	json_object_set_new(o, "x_el0", json_integer((json_int_t)s->x_el0));
	json_object_set_new(o, "tagged", json_integer((json_int_t)s->tagged));
}

json_t *pagewalk_audit(const struct pagewalk_mem *m, const struct inspect_regs *r,
		       json_t *boot)
{
	struct pw_audit a = { g_array_new(FALSE, FALSE, sizeof(struct pw_range)) };
	struct pagewalk_sum s;
	json_t *o = json_object(), *wx = json_array(), *ss = json_array(), *map = json_array();
	json_t *regions = json_object(), *guest = json_object_get(boot, "pages");
	uint64_t v;

	pw_walk(m, r, pw_collect, &a, &s);
	json_object_set_new(o, "mode", json_string(s.mode));
	if (r->arm64)
		pw_arm64_regs(o, r, &s);
	else
		pw_x86_regs(o, r);
	if (!s.levels) {
		/* Paging off: every address is writable and executable. */
		json_object_set_new(o, "walked", json_false());
		g_array_free(a.all, TRUE);
		json_decref(wx);
		json_decref(ss);
		json_decref(map);
		json_decref(regions);
		return o;
	}
	json_object_set_new(o, "walked", json_true());
	json_object_set_new(o, "pages", json_integer((json_int_t)s.pages));
	json_object_set_new(o, "x", json_integer((json_int_t)s.x));
	json_object_set_new(o, "wx", json_integer((json_int_t)s.wx));
	json_object_set_new(o, "wx_ring0", json_integer((json_int_t)s.wx_ring0));
	json_object_set_new(o, "ss", json_integer((json_int_t)s.ss));
	json_object_set_new(o, "sum", pw_hex(s.sum));
	json_object_set_new(o, "bad_tables", json_integer(s.bad_tables));
	json_object_set_new(o, "truncated", json_boolean(s.truncated));
	for (guint i = 0; i < a.all->len; i++) {
		const struct pw_range *rg = &g_array_index(a.all, struct pw_range, i);

		if (rg->wx0 && json_array_size(wx) < PW_MAX_RANGES)
			json_array_append_new(wx, pw_range_json(rg));
		if ((rg->cls & PAGEWALK_SS) && json_array_size(ss) < PW_MAX_RANGES)
			json_array_append_new(ss, pw_range_json(rg));
		if (json_array_size(map) < PW_MAX_RANGES)
			json_array_append_new(map, pw_range_json(rg));
	}
	json_object_set_new(o, "wx_ranges", wx);
	json_object_set_new(o, "ss_ranges", ss);
	json_object_set_new(o, "map", map);
	json_object_set_new(o, "ranges", json_integer(a.all->len));
	if (!pw_boot_hex(boot, "addr", "stack", &v))
		json_object_set_new(regions, "stack", pw_region(m, r, v));
	if (!pw_boot_hex(boot, "addr", "heap", &v))
		json_object_set_new(regions, "heap", pw_region(m, r, v));
	if (r->have & 2)
		json_object_set_new(regions, r->arm64 ? "sp" : "rsp", pw_region(m, r, r->rsp));
	if (!pw_boot_hex(boot, "pages", "shstk", &v) && v)
		json_object_set_new(regions, "shstk", pw_shstk(m, r, v));
	json_object_set_new(o, "regions", regions);
	if (guest)
		json_object_set_new(o, "guest", pw_compare(guest, &s));
	g_array_free(a.all, TRUE);
	return o;
}

int pagewalk_guest(int fd, uint64_t base, uint64_t size, const struct inspect_regs *r,
		   json_t *o, char *err, size_t n)
{
	struct pagewalk_mem m;
	void *map;

	if (!r->arm64 && (r->have & 0x3c) != 0x3c) {   /* CR0, CR3, CR4, EFER */
		snprintf(err, n, "page walk: QMP gave no CR0/CR3/CR4/EFER");
		return -EPROTO;
	}
	/* TTBR0/1, TCR, SCTLR, MAIR; ID_AA64PFR1 is optional */
	if (r->arm64 && (r->have_a64 & 0x1f) != 0x1f) {
		snprintf(err, n, "page walk: the gdbstub gave no TTBR0/TTBR1/TCR/SCTLR/MAIR "
			 "(have 0x%x)", r->have_a64);
		return -EPROTO;
	}
	if (!size || size > SIZE_MAX) {
		snprintf(err, n, "page walk: empty RAM file");
		return -EINVAL;
	}
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		int e = errno;

		snprintf(err, n, "page walk: mmap of the RAM file: %s", strerror(e));
		return -e;
	}
	m.ram = map;
	m.size = size;
	m.base = base;
	json_object_set_new(o, "pagetables", pagewalk_audit(&m, r, o));
	munmap(map, (size_t)size);
	return 0;
}

int pagewalk_memfile(char *path, size_t n, unsigned long mib, char *err, size_t en)
{
	const char *dir = "/dev/shm";
	struct stat st;
	int fd;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode) || access(dir, W_OK))
		dir = g_get_tmp_dir();
	snprintf(path, n, "%s/hb-mem-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		snprintf(err, en, "mkstemp %s: %s", path, strerror(e));
		path[0] = '\0';
		return -e;
	}
	/* Sparse: pages cost memory only once the guest touches them. */
	if (ftruncate(fd, (off_t)mib << 20) < 0) {
		int e = errno;

		snprintf(err, en, "ftruncate %s to %lu MiB: %s", path, mib, strerror(e));
		close(fd);
		unlink(path);
		path[0] = '\0';
		return -e;
	}
	return fd;
}
