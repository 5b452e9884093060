/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot entropy`: bits of entropy per image and region, with bounds
 * honest for the sample size (suites/aslr_entropy/README.md).
 *
 * Each region is prepared once: values of the passing boots that reported
 * it, sorted, distinct values counted.  Every estimator then works on
 * counts, so 100,000 boots cost a sort per region.  Failed boots are no
 * sample (they may fail *because* of their layout) but are counted and
 * reported beside every result.
 *
 * The headline is a lower bound at the chosen confidence and names its
 * kind: H2 (collision entropy) while uniformity is not rejected, Hmin
 * (min-entropy) otherwise; the min-entropy bound is shown beside it
 * always (entropy_headline below).
 */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>

#include "cli.h"
#include "stats.h"
#include "entropy.h"
#include "entropy_judge.h"
#include "metric.h"
#include "plan.h"
#include "results.h"
#include "run.h"
#include "tap.h"
#include "verdict.h"

/* Run order: the region families first (range and uniformity use the
 * structure; the headline needs collision, MCV and uniformity), then the
 * section-wide ones (leaks use the headline). */
const struct entropy_family *const entropy_families[] = {
	&entropy_struct_family,
	&entropy_range_family,
	&entropy_collision_family,
	&entropy_mcv_family,
	&entropy_shannon_family,
	&entropy_uniform_family,
	&entropy_leak_family,
	&layout_family,
	NULL,
};

void entropy_opts_default(struct entropy_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->confidence = 0.99;
	o->alpha = 0.01;
	o->guard = 4096;
}

/* ---- statistics helpers -------------------------------------------------- */

#define ENTROPY_HMIN_TEST "min-entropy lower bound: max(MCV, H2/2), each at 1 - alpha/2 " \
	"(joint by Bonferroni)"

json_t *entropy_metric(const struct entropy_set *s, const struct entropy_region *r,
		       const char *metric, double value, const char *unit,
		       const char *better, double lo, double hi, double conf,
		       const char *test)
{
	char *subject = r ? g_strdup_printf("%s/%s", s->src->section, r->col->region) :
		g_strdup(s->src->section);
	json_t *m = metric_new(metric, subject, value, unit, better,
			       r ? r->col->n : s->src->rows);

	/* most of a region's numbers are views of one sample: its collision
	 * count and its uniformity are what compare tests (their families
	 * set their own kind) */
	metric_compare(m, METRIC_VIEW);
	if (!isnan(lo) || !isnan(hi))
		metric_interval(m, lo, hi, conf, test);
	else
		json_object_set_new(m, "test", json_string(test));
	if (s->src->image)
		json_object_set_new(m, "image", json_string(s->src->image));
	if (s->src->accel)
		json_object_set_new(m, "accel", json_string(s->src->accel));
	if (s->src->mode)
		json_object_set_new(m, "mode", json_string(s->src->mode));
	g_free(subject);
	return m;
}

/* ---- columns ------------------------------------------------------------ */

/*
 * LSD radix sort, 11-bit digits (6 passes; 2048 counters stay in L1).  A
 * digit that is the same in every value, such as the constant high bits of
 * an address window or its alignment, costs one counting pass and no move.
 * idx, when given, is permuted alongside.  4-8x faster than qsort on the
 * 100,000-boot columns the estimators sort.
 */
#define ENTROPY_RADIX_BITS 11
#define ENTROPY_RADIX (1u << ENTROPY_RADIX_BITS)

void entropy_sort_u64(uint64_t *v, uint32_t *idx, size_t n)
{
	uint64_t *a = v, *b = g_new(uint64_t, n ? n : 1);
	uint32_t *ia = idx, *ib = idx ? g_new(uint32_t, n ? n : 1) : NULL;
	size_t cnt[ENTROPY_RADIX];

	for (unsigned shift = 0; shift < 64 && n > 1; shift += ENTROPY_RADIX_BITS) {
		size_t sum = 0;

		memset(cnt, 0, sizeof(cnt));
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> shift) & (ENTROPY_RADIX - 1)]++;
		if (cnt[(a[0] >> shift) & (ENTROPY_RADIX - 1)] == n)
			continue;
		for (unsigned d = 0; d < ENTROPY_RADIX; d++) {
			size_t c = cnt[d];

			cnt[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t at = cnt[(a[i] >> shift) & (ENTROPY_RADIX - 1)]++;

			b[at] = a[i];
			if (ia)
				ib[at] = ia[i];
		}
		{
			uint64_t *t = a;
			uint32_t *ti = ia;

			a = b, b = t;
			ia = ib, ib = ti;
		}
	}
	if (a != v) {
		memcpy(v, a, n * sizeof(*v));
		if (idx)
			memcpy(idx, ia, n * sizeof(*idx));
		g_free(a);
		g_free(ia);
	} else {
		g_free(b);
		g_free(ib);
	}
}

int entropy_col_init(struct entropy_col *c, const char *name, const char *region,
		     unsigned width, const uint64_t *v, size_t n)
{
	uint64_t *s;
	uint32_t *idx;

	memset(c, 0, sizeof(*c));
	g_strlcpy(c->name, name, sizeof(c->name));
	g_strlcpy(c->region, region, sizeof(c->region));
	c->width = width;
	c->n = n;
	c->v = g_new(uint64_t, n ? n : 1);
	memcpy(c->v, v, n * sizeof(*v));
	s = g_new(uint64_t, n ? n : 1);
	memcpy(s, v, n * sizeof(*v));
	idx = g_new(uint32_t, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	entropy_sort_u64(s, idx, n);
	c->dv = g_new(uint64_t, n ? n : 1);
	c->cnt = g_new(size_t, n ? n : 1);
	/* Class of each boot's value, for resampling (entropy_compare.c). */
	c->cls = g_new(uint32_t, n ? n : 1);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && s[j] == s[i])
			c->cls[idx[j++]] = (uint32_t)c->nd;
		c->dv[c->nd] = s[i];
		c->cnt[c->nd++] = j - i;
		i = j;
	}
	g_free(s);
	g_free(idx);
	return 0;
}

void entropy_col_free(struct entropy_col *c)
{
	g_free(c->v);
	g_free(c->dv);
	g_free(c->cnt);
	g_free(c->cls);
	memset(c, 0, sizeof(*c));
}

/*
 * The instruction and stack pointers read from outside once the guest was
 * stopped (QMP on x86, the gdbstub on arm64).  ASLR places code and stacks
 * at page granularity (4 KiB on both), so only the page number is layout:
 * the offset in the page is where the vCPU happened to stop (a halt loop is
 * two instructions: a night with one boot stopped at the other one showed
 * a bit that was "constant but once", and uniformity p 1 -> 3e-55).
 */
static int entropy_col_outside(const char *name)
{
	static const char *const regs[] = { "regs.rip", "regs.rsp", "regs.pc", "regs.sp" };

	for (size_t i = 0; i < G_N_ELEMENTS(regs); i++)
		if (!strcmp(name, regs[i]))
			return 1;
	return 0;
}

#define ENTROPY_PAGE_MASK (~0xfffull)

/* Which columns are regions, in the order shown: the guest's addresses,
 * registers from outside, then secrets.  Timings and counters are not. */
static int entropy_col_rank(const char *name)
{
	if (!strncmp(name, "addr.", 5))
		return 0;
	if (entropy_col_outside(name) || !strcmp(name, "regs.cr3"))
		return 1;
	if (!strncmp(name, "secret.", 7))
		return 2;
	return -1;
}

static const char *entropy_region_name(const char *col)
{
	if (!strncmp(col, "addr.", 5))
		return col + 5;
	if (!strncmp(col, "secret.", 7))
		return col + 7;
	return col;
}

/*
 * The headline names its entropy kind.  While uniformity is not rejected
 * it is the collision (H2) bound: the policy's gate, since a min-entropy
 * bound of 20 bits is unprovable at practical boot counts (the MCV bound
 * tops out near log2 n).  H2 >= H_min always, so on a skewed source it
 * overstates an attacker's one-guess odds 2^-H_min: once uniformity is
 * rejected the headline is the H2 bound of the page numbers if those are
 * uniform (H2 of a function of X bounds H2(X)), else the min-entropy bound.
 * The min-entropy bound is kept beside it in every case.
 */
static void entropy_headline(struct entropy_region *r, const struct entropy_opts *o)
{
	const struct entropy_collision *co = &r->co;
	double half = 1 - (1 - o->confidence) / 2, cap;
	struct entropy_collision co2;

	r->headline_grain[0] = 0;
	if (!co->valid) {
		r->headline = r->hmin = 0;
		r->headline_kind = "none";
		return;
	}
	entropy_collision_from_counts(&co2, co->n, co->c, co->t, half);
	r->hmin = fmax(entropy_mcv_lower(r->mcv.count, r->col->n, half), co2.lo / 2);
	if (!(r->un.tested && r->un.reject)) {
		r->headline = co->lo;
		r->headline_kind = "H2";
	} else if (r->un.coarse_ok) {
		r->headline = fmax(r->un.coarse_co.lo, r->hmin);
		r->headline_kind = "H2";
		snprintf(r->headline_grain, sizeof(r->headline_grain), "2^%u-byte pages",
			 r->un.coarse_bits);
	} else {
		r->headline = r->hmin;
		r->headline_kind = "Hmin";
	}
	/* A lower bound above what the sample's structure allows (its varying
	 * bits, the upper end of its range) claims values never seen: clamp
	 * it, which keeps it a valid lower bound.  Then, if few collisions
	 * leave the bound at the sample's cap, say how many boots would show
	 * what the structure allows. */
	r->show_bits = fmin(r->st.varying, r->rg.pow2 ? r->st.span : r->rg.bits);
	cap = fmin(r->st.varying, r->rg.bits_hi);
	r->headline = fmin(r->headline, cap);
	r->hmin = fmin(r->hmin, cap);
	r->limited = co->c <= 2 && r->show_bits > r->headline + 0.5;
	r->needs = r->limited ? plan_prove_boots(r->show_bits, o->confidence) : 0;
}

void entropy_region_analyze(struct entropy_region *r, struct entropy_col *c,
			    const struct entropy_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->col = c;
	for (const struct entropy_family *const *f = entropy_families; *f; f++)
		if ((*f)->region && !(*f)->skip)
			(*f)->region(r, o);
	entropy_headline(r, o);
	r->effective = r->headline;
}

int entropy_set_analyze(struct entropy_set *s, const struct samples *all,
			const struct sample_set *src, const struct entropy_opts *o,
			char *err, size_t n)
{
	size_t *order = g_new(size_t, src->ncols ? src->ncols : 1), k = 0;

	memset(s, 0, sizeof(*s));
	s->src = src;
	s->all = all;
	for (int rank = 0; rank <= 2; rank++)
		for (size_t i = 0; i < src->ncols; i++)
			if (entropy_col_rank(src->cols[i].name) == rank)
				order[k++] = i;
	s->cols = g_new0(struct entropy_col, k ? k : 1);
	s->reg = g_new0(struct entropy_region, k ? k : 1);
	for (size_t j = 0; j < k; j++) {
		const struct sample_col *sc = &src->cols[order[j]];
		uint64_t *v;
		size_t cnt = samples_values(sc, src->rows, &v);

		if (entropy_col_outside(sc->name))
			for (size_t i = 0; i < cnt; i++)
				v[i] &= ENTROPY_PAGE_MASK;
		entropy_col_init(&s->cols[j], sc->name, entropy_region_name(sc->name),
				 sc->bits, v, cnt);
		free(v);
		entropy_region_analyze(&s->reg[j], &s->cols[j], o);
		s->reg[j].leak_candidate = !strncmp(sc->name, "addr.", 5) ||
					   !strcmp(sc->name, "secret.canary");
	}
	s->nreg = k;
	g_free(order);
	for (const struct entropy_family *const *f = entropy_families; *f; f++) {
		int rc;

		if (!(*f)->set || (*f)->skip)
			continue;
		rc = (*f)->set(s, o, err, n);
		if (rc)
			return rc;
	}
	return 0;
}

void entropy_set_free(struct entropy_set *s)
{
	for (size_t i = 0; i < s->nreg; i++)
		entropy_col_free(&s->cols[i]);
	g_free(s->cols);
	g_free(s->reg);
	g_free(s->pairs);
	memset(s, 0, sizeof(*s));
}

long entropy_set_find(const struct entropy_set *s, const char *name)
{
	for (size_t i = 0; i < s->nreg; i++)
		if (!strcmp(s->cols[i].region, name) || !strcmp(s->cols[i].name, name))
			return (long)i;
	return -1;
}

/* ---- JSON and metric records -------------------------------------------- */

static json_t *entropy_boots_json(const struct sample_set *set)
{
	json_t *o = json_object();

	for (int k = 0; k < BOOT_NOUTCOMES; k++)
		json_object_set_new(o, boot_outcome_names[k],
				    json_integer((json_int_t)set->count[k]));
	json_object_set_new(o, "total", json_integer((json_int_t)samples_total(set)));
	return o;
}

json_t *entropy_set_json(const struct entropy_set *s, const struct entropy_opts *o)
{
	const struct sample_set *src = s->src;
	json_t *regions = json_array(), *set;

	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		json_array_append_new(regions, json_pack(
			"{s:s,s:s,s:I,s:i,s:{s:o,s:s,s:s,s:f,s:o,s:f,s:I,s:b,s:o,s:o}}",
			"region", r->col->region, "column", r->col->name,
			"n", (json_int_t)r->col->n, "width", r->col->width,
			"headline", "bits", metric_num(r->headline),
			"kind", r->headline_kind, "grain", r->headline_grain,
			"confidence", o->confidence, "min_entropy_bits", metric_num(r->hmin),
			"min_entropy_confidence", o->confidence,
			"n", (json_int_t)r->col->n, "sample_limited", r->limited,
			"to_show", r->limited ? metric_num(r->show_bits) : json_null(),
			"needs_boots", r->limited ? metric_num(r->needs) : json_null()));
	}
	set = json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:I,s:o,s:O,s:O,s:o}",
			"section", src->section, "image", src->image, "accel", src->accel,
			"mode", src->mode, "dir", src->dir, "n", (json_int_t)src->rows,
			"boots", entropy_boots_json(src), "seed_sources", src->srcs,
			"checks_in_guest", src->checks, "regions", regions);
	for (const struct entropy_family *const *f = entropy_families; *f; f++) {
		if ((*f)->skip) {
			json_object_set_new(set, (*f)->name,
					    json_pack("{s:s}", "skip", (*f)->skip));
			continue;
		}
		if ((*f)->json)
			(*f)->json(s, regions, set);
	}
	return set;
}

void entropy_set_metrics(const struct entropy_set *s, const struct entropy_opts *o,
			 json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		json_t *m;

		if (!r->co.valid)
			continue;
		m = entropy_metric(s, r, "entropy_headline_bits", r->headline, "bits",
				   "higher", r->headline, NAN, o->confidence,
				   !strcmp(r->headline_kind, "Hmin") ? ENTROPY_HMIN_TEST :
				   r->headline_grain[0] ?
				   "collision (Renyi-2) lower bound of the page numbers" :
				   "collision (Renyi-2) lower bound");
		json_object_set_new(m, "entropy_kind", json_string(r->headline_kind));
		json_object_set_new(m, "min_entropy_bits", metric_num(r->hmin));
		json_object_set_new(m, "failed_boots",
				    json_integer((json_int_t)(samples_total(s->src) -
							      s->src->count[BOOT_PASS])));
		if (r->limited)
			json_object_set_new(m, "needs_boots", json_real(r->needs));
		json_array_append_new(out, m);
		m = entropy_metric(s, r, "entropy_min_bits", r->hmin, "bits", "higher",
				   r->hmin, NAN, o->confidence, ENTROPY_HMIN_TEST);
		json_object_set_new(m, "entropy_kind", json_string("Hmin"));
		json_array_append_new(out, m);
	}
	for (const struct entropy_family *const *f = entropy_families; *f; f++)
		if ((*f)->metrics && !(*f)->skip)
			(*f)->metrics(s, o, out);
}

/* ---- the table ------------------------------------------------------------ */

static const char *entropy_fmt(char *buf, size_t n, double x)
{
	if (isnan(x))
		snprintf(buf, n, "-");
	else if (isinf(x))
		snprintf(buf, n, "inf");
	else
		snprintf(buf, n, "%.2f", x);
	return buf;
}

static const char *entropy_fmt_count(char *buf, size_t n, double x)
{
	if (x >= 1e6)
		snprintf(buf, n, "%.3g", x);
	else
		snprintf(buf, n, "%.0f", x);
	return buf;
}

static void entropy_print_set(const struct entropy_set *s, const struct entropy_opts *o)
{
	const struct sample_set *src = s->src;
	unsigned long total = samples_total(src), failed = total - src->count[BOOT_PASS];
	char a[32], b[32], c[32], d[32], e[32], f[32];
	const char *k;
	json_t *v;

	printf("# %s: image %s, %s, %s; %zu of %lu boots passed", src->section,
	       src->image ? src->image : "?", src->accel ? src->accel : "?",
	       src->mode ? src->mode : "?", src->rows, total);
	if (failed) {
		printf(" (%lu not passed and not in the sample:", failed);
		for (int i = 1; i < BOOT_NOUTCOMES; i++)
			if (src->count[i])
				printf(" %s %lu", boot_outcome_names[i], src->count[i]);
		printf("; they bias it)");
	}
	printf("; seed source");
	json_object_foreach(src->srcs, k, v)
		printf(" %s %lld", k, (long long)json_integer_value(v));
	if (!json_object_size(src->srcs))
		printf(" unreported");
	printf("\n");
	if (!s->nreg) {
		printf("#   no address, register or secret columns\n");
		return;
	}
	printf("%-10s %6s %4s %4s %5s %6s %8s  %-22s %6s %7s %7s %9s %9s\n", "region", "n",
	       "vary", "qual", "align", "range", "bitsum", "H2 est [lo, hi]", "pairs", "Hmin>=",
	       "Shannon", "uniform p", "effective");
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		char h2[64];

		if (r->co.c == 0 && r->co.valid)
			snprintf(h2, sizeof(h2), ">=%s (no collision)",
				 entropy_fmt(a, sizeof(a), r->co.lo));
		else
			snprintf(h2, sizeof(h2), "%s [%s, %s]", entropy_fmt(a, sizeof(a), r->co.est),
				 entropy_fmt(b, sizeof(b), r->co.lo),
				 entropy_fmt(c, sizeof(c), r->co.hi));
		printf("%-10s %6zu %4u %4u %5u %6.2f %8.2f  %-22s %6s %7s %6s%s %9s %9s\n",
		       r->col->region, r->col->n, r->st.varying, r->st.quality, r->st.align,
		       r->rg.bits, r->st.bitsum, h2,
		       entropy_fmt_count(f, sizeof(f), r->co.c), entropy_fmt(d, sizeof(d), r->hmin),
		       entropy_fmt(e, sizeof(e), r->sh.mm), r->sh.saturated ? "*" : " ",
		       r->un.tested ? (snprintf(a, sizeof(a), "%.3g%s", r->un.p,
						r->un.reject ? "!" : ""), a) : "-",
		       r->leak_candidate ? entropy_fmt(b, sizeof(b), r->effective) : "-");
	}
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		printf("  %s: %s >= %.2f bits%s%s (%g%%, n=%zu)", r->col->region,
		       r->headline_kind, r->headline, r->headline_grain[0] ? " of " : "",
		       r->headline_grain, o->confidence * 100, r->col->n);
		if (strcmp(r->headline_kind, "Hmin"))
			printf("; Hmin >= %.2f (%g%% joint)", r->hmin, o->confidence * 100);
		if (r->limited)
			printf("; sample-limited: needs >= %s boots to show %.1f bits",
			       entropy_fmt_count(a, sizeof(a), r->needs), r->show_bits);
		if (r->un.tested && r->un.reject)
			printf("; NOT uniform (p = %.3g over %s)", r->un.p, r->un.range);
		if (r->leak_candidate && r->leak_by[0] && r->effective < r->headline - 0.5)
			printf("; %.2f bits once %s leaks", r->effective, r->leak_by);
		/* Registers come from outside once the guest was stopped (done
		 * or pattern.halt): the page they point into is layout, the
		 * offset in it where the vCPU stopped (entropy_col_outside). */
		if (entropy_col_outside(r->col->name))
			printf("; sampled from outside where the guest stopped: its page "
			       "(bits 12 and up), not the offset in it");
		else if (!strncmp(r->col->name, "regs.", 5))
			printf("; sampled from outside (where the guest stopped)");
		printf("\n");
	}
	if (s->npairs) {
		printf("  leaks: lower bound of H2(row - column), bits; '!' = leak flagged\n");
		printf("  %-10s", "");
		for (size_t j = 0; j < s->nreg; j++)
			if (s->reg[j].leak_candidate)
				printf(" %9s", s->reg[j].col->region);
		printf("\n");
		for (size_t i = 0; i < s->nreg; i++) {
			if (!s->reg[i].leak_candidate)
				continue;
			printf("  %-10s", s->reg[i].col->region);
			for (size_t j = 0; j < s->nreg; j++) {
				const struct entropy_pair *p = NULL;

				if (!s->reg[j].leak_candidate)
					continue;
				for (size_t q = 0; q < s->npairs; q++)
					if ((s->pairs[q].a == i && s->pairs[q].b == j) ||
					    (s->pairs[q].a == j && s->pairs[q].b == i))
						p = &s->pairs[q];
				if (!p)
					printf(" %9s", "-");
				else
					printf(" %8.2f%s", p->d.lo, p->flagged ? "!" : " ");
			}
			printf("\n");
		}
	}
	if (s->layout.checked) {
		const struct entropy_layout *l = &s->layout;

		printf("  layout: %lu of %lu boots valid (canonical, disjoint, %llu-byte guard "
		       "gaps; regions from their %s)", l->rows - l->bad, l->rows,
		       (unsigned long long)o->guard, !strcmp(l->anchor, "start") ?
		       "lowest byte" : "pointers, +- one extent");
		if (l->rsp_rows || l->rip_rows)
			printf("; from outside: RSP in the stack %lu/%lu, RIP in the image %lu/%lu",
			       l->rsp_rows - l->rsp_out, l->rsp_rows, l->rip_rows - l->rip_out,
			       l->rip_rows);
		if (l->first_bad >= 0)
			printf("; first invalid: row %ld, %s", l->first_bad, l->first_why);
		printf("\n");
	}
}

/* ---- policy checks: --min, --quality, ... as verdicts (entropy_judge.c) -- */

/* "REGION=NUMBER" with REGION a glob. */
static int entropy_spec(const char *spec, char *region, size_t n, double *v)
{
	const char *eq = strrchr(spec, '=');
	char *end;

	if (!eq || eq == spec || (size_t)(eq - spec) >= n)
		return -EINVAL;
	memcpy(region, spec, (size_t)(eq - spec));
	region[eq - spec] = '\0';
	errno = 0;
	*v = strtod(eq + 1, &end);
	return errno || end == eq + 1 || *end || !isfinite(*v) ? -EINVAL : 0;
}

static struct entropy_judge_item *entropy_items(char *const *specs, int n)
{
	struct entropy_judge_item *it = g_new0(struct entropy_judge_item, (size_t)n + 1);

	for (int i = 0; i < n; i++)
		entropy_spec(specs[i], it[i].glob, sizeof(it[i].glob), &it[i].v);
	return it;
}

/* The options as the policy entropy_judge() reads; entropy_judge_args_free(). */
static void entropy_judge_from_args(const struct entropy_args *a, struct entropy_judge *j)
{
	memset(j, 0, sizeof(*j));
	j->min = entropy_items(a->min, a->nmin);
	j->nmin = a->nmin;
	j->quality = entropy_items(a->quality, a->nquality);
	j->nquality = a->nquality;
	{
		GPtrArray *u = g_ptr_array_new();

		for (int i = 0; i < a->nuniform; i++) {
			gchar **g = g_strsplit(a->uniform[i], ",", -1);

			for (gchar **p = g; *p; p++)
				if (**p)
					g_ptr_array_add(u, g_strdup(*p));
			g_strfreev(g);
		}
		j->nuniform = (int)u->len;
		g_ptr_array_add(u, NULL);
		j->uniform = (char **)g_ptr_array_free(u, FALSE);
	}
	j->uniform_alpha = a->o.alpha;
	j->no_leak = a->no_leak;
	j->layout = a->layout;
	j->confidence = a->o.confidence;
	j->risk = 2.5e-5; /* the shipped policy's */
}

static void entropy_judge_args_free(struct entropy_judge *j)
{
	g_free(j->min);
	g_free(j->quality);
	g_strfreev(j->uniform);
}

/* ---- the command ------------------------------------------------------------ */

static int entropy_check_specs(const struct entropy_args *a)
{
	static const char *const opt[] = { "--min", "--quality" };
	char *const *lists[] = { a->min, a->quality };
	const int counts[] = { a->nmin, a->nquality };
	char region[ENTROPY_NAME_MAX];
	double v;

	for (int l = 0; l < 2; l++)
		for (int i = 0; i < counts[l]; i++) {
			if (entropy_spec(lists[l][i], region, sizeof(region), &v)) {
				fprintf(stderr, "hardboot entropy: %s %s: want REGION=BITS\n",
					opt[l], lists[l][i]);
				return -EINVAL;
			}
			/* a threshold below 0 could never fail */
			if (v < 0 || v > 64) {
				fprintf(stderr, "hardboot entropy: %s %s: BITS must be in "
					"[0, 64]\n", opt[l], lists[l][i]);
				return -EINVAL;
			}
		}
	for (int i = 0; i < a->o.nextents; i++) {
		const char *eq = strchr(a->o.extents[i], '=');

		if (!eq || eq == a->o.extents[i] || !eq[1]) {
			fprintf(stderr, "hardboot entropy: --extent %s: want REGION=BYTES\n",
				a->o.extents[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* A --min or --quality naming a region no selected section has is a typo,
 * not a finding: a usage error naming the regions there are. */
static int entropy_check_regions(const struct entropy_args *a, const struct samples *smp)
{
	static const char *const opt[] = { "--min", "--quality" };
	char *const *lists[] = { a->min, a->quality };
	const int counts[] = { a->nmin, a->nquality };
	char glob[ENTROPY_NAME_MAX];
	double v;

	for (int l = 0; l < 2; l++)
		for (int i = 0; i < counts[l]; i++) {
			GString *have = g_string_new(NULL);
			int hit = 0;

			entropy_spec(lists[l][i], glob, sizeof(glob), &v);
			for (size_t k = 0; k < smp->nsets && !hit; k++) {
				const struct sample_set *src = &smp->sets[k];

				if (!cli_selected(a->sections, a->nsections, src->section))
					continue;
				for (size_t c = 0; c < src->ncols && !hit; c++) {
					const char *name = src->cols[c].name;
					const char *reg = entropy_region_name(name);
					char *tok;

					if (entropy_col_rank(name) < 0)
						continue;
					hit = !fnmatch(glob, reg, 0) || !fnmatch(glob, name, 0);
					tok = g_strdup_printf(" %s,", reg);
					if (!strstr(have->str, tok) && have->len < 400)
						g_string_append(have, tok);
					g_free(tok);
				}
			}
			if (!hit) {
				if (have->len)
					g_string_truncate(have, have->len - 1);
				fprintf(stderr, "hardboot entropy: %s %s: no region '%s' in the "
					"results (regions:%s)\n", opt[l], lists[l][i], glob,
					have->len ? have->str : " none");
			}
			g_string_free(have, TRUE);
			if (!hit)
				return -ENOENT;
		}
	return 0;
}

int entropy_main(const struct entropy_args *a)
{
	struct samples smp;
	char err[512];
	json_t *doc, *sets, *metrics;
	struct entropy_judge jd;
	struct verdicts vs;
	int policy = a->nmin || a->nquality || a->nuniform || a->no_leak || a->layout;
	int rc = 0, shown = 0;
	unsigned nok, nfail, nnp, nskip, nexp;

	if (entropy_check_specs(a))
		return HB_EXIT_USAGE;
	doc = json_object();
	sets = json_array();
	metrics = json_array();
	verdicts_init(&vs);
	entropy_judge_from_args(a, &jd);
	if (samples_load(&smp, a->dirs, a->ndirs, err, sizeof(err))) {
		fprintf(stderr, "hardboot entropy: %s\n", err);
		samples_free(&smp);
		json_decref(doc);
		json_decref(sets);
		json_decref(metrics);
		verdicts_free(&vs);
		entropy_judge_args_free(&jd);
		return HB_EXIT_USAGE;
	}
	for (int i = 0; i < a->nsections; i++)
		if (!samples_find(&smp, a->sections[i])) {
			fprintf(stderr, "hardboot entropy: no section [%s] in the results\n",
				a->sections[i]);
			rc = HB_EXIT_USAGE;
		}
	if (!rc && entropy_check_regions(a, &smp))
		rc = HB_EXIT_USAGE;
	for (size_t i = 0; !rc && i < smp.nsets; i++) {
		const struct sample_set *src = &smp.sets[i];
		struct entropy_set s;
		json_t *m = json_array();

		if (!cli_selected(a->sections, a->nsections, src->section))
			continue;
		if (entropy_set_analyze(&s, &smp, src, &a->o, err, sizeof(err))) {
			fprintf(stderr, "hardboot entropy: section [%s]: %s\n", src->section, err);
			entropy_set_free(&s);
			json_decref(m);
			rc = HB_EXIT_USAGE;
			break;
		}
		if (!a->json)
			entropy_print_set(&s, &a->o);
		entropy_set_metrics(&s, &a->o, m);
		if (a->json)
			json_array_append_new(sets, entropy_set_json(&s, &a->o));
		if (policy)
			entropy_judge(&s, &jd, &vs, "entropy");
		if (a->metrics && results_append_records(a->metrics, m, err, sizeof(err))) {
			fprintf(stderr, "hardboot entropy: %s\n", err);
			rc = HB_EXIT_INFRA;
		}
		json_array_extend(metrics, m);
		json_decref(m);
		entropy_set_free(&s);
		shown++;
	}
	if (!rc && !shown) {
		fprintf(stderr, "hardboot entropy: no sections in the results\n");
		rc = HB_EXIT_USAGE;
	}
	verdicts_count(&vs, NULL, &nok, &nfail, &nnp, &nskip, &nexp);
	if (!rc && nfail)
		rc = HB_EXIT_CHECK;
	if (a->json && (!rc || rc == HB_EXIT_CHECK)) {
		json_object_set_new(doc, "schema", json_integer(METRIC_SCHEMA));
		json_object_set_new(doc, "confidence", json_real(a->o.confidence));
		json_object_set_new(doc, "alpha", json_real(a->o.alpha));
		json_object_set_new(doc, "sections", json_incref(sets));
		json_t *checks = json_array();

		verdicts_records(&vs, NULL, checks);
		json_object_set_new(doc, "checks", checks);
		json_object_set_new(doc, "metrics", json_incref(metrics));
		json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		putchar('\n');
	} else if (policy && (!rc || rc == HB_EXIT_CHECK)) {
		struct tap t;

		tap_begin(&t, NULL);
		verdicts_tap(&vs, NULL, &t);
		tap_plan(&t, t.n);
		tap_diag(&t, "%d checks, %u failed, %u not proven", t.n, nfail, nnp);
	}
	json_decref(doc);
	json_decref(sets);
	json_decref(metrics);
	verdicts_free(&vs);
	entropy_judge_args_free(&jd);
	samples_free(&smp);
	return rc;
}
