/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot entropy --compare A B`: did a change (B) lower the entropy of
 * a region against a reference (A)?  Per region common to both:
 *
 *   1. chi-square homogeneity of the two samples over bins cut at the
 *      pooled sample's quantiles (ties kept together), df = bins - 1: any
 *      change of the distribution's shape or range;
 *   2. the same over the low bits above the alignment (2^L cells, L <= 6):
 *      a change confined to the low slots (modulo bias);
 *   3. collision rates: given c_A + c_B colliding pairs, c_A is binomial
 *      with p = P_A / (P_A + P_B), P = C(n,2) (two Poisson counts compared
 *      conditionally on their sum; exact two-sided test); and, since a heavy
 *      value makes the counts swing far beyond Poisson, the larger of that
 *      p and the normal test of the collision rate's U-statistic variance;
 *   4. a bootstrap percentile interval of H2(B) - H2(A).  Resampling
 *      boots with replacement would make copies of one boot collide, so
 *      each replicate counts only pairs of distinct original boots:
 *      c* = sum_v C(K_v,2) - sum_i C(w_i,2) over C(n,2) - sum_i C(w_i,2)
 *      pairs, w_i the copies of boot i (the bootstrap of a U-statistic).
 *
 * A region's p is Bonferroni over the tests it could run (1-3); Holm's
 * step-down over the regions keeps the family-wise error <= alpha
 * (Holm 1979).  Verdict: "same" when the adjusted p >= alpha; otherwise
 * "lower" or "higher" from the collision rates (or, with no collision on
 * either side, Miller-Madow Shannon when not saturated), and "differs"
 * when the distributions differ but no entropy direction can be told.
 * Exit status 1 when a region is lower: the change cost entropy.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>

#include "entropy.h"
#include "stats.h"
#include "metric.h"
#include "run.h"

#define COMPARE_MAX_BINS 64
#define COMPARE_PER_CELL 5.0
#define COMPARE_LOW_BITS 6
#define COMPARE_DRAWS 20000000.0   /* bootstrap draws per region, at most */

struct compare_region {
	const struct entropy_region *ra, *rb;
	double p_chi2, p_low, p_coll;
	unsigned bins, lowbits;
	int ntests;
	double p, p_holm;
	double d_est, d_lo, d_hi;   /* H2(B) - H2(A) */
	double b_lo, b_hi;          /* the same bounded from the colliding-pair counts */
	unsigned long reps;
	const char *verdict;
};

/* Chi-square homogeneity of a 2 x k table: obs[2][k]. */
static double compare_table(const double *a, const double *b, unsigned k)
{
	double na = 0, nb = 0, chi = 0;
	unsigned used = 0;

	for (unsigned j = 0; j < k; j++)
		na += a[j], nb += b[j];
	for (unsigned j = 0; j < k; j++) {
		double col = a[j] + b[j], ea = na * col / (na + nb), eb = nb * col / (na + nb);

		if (col <= 0)
			continue;
		used++;
		chi += (a[j] - ea) * (a[j] - ea) / ea + (b[j] - eb) * (b[j] - eb) / eb;
	}
	return used < 2 ? NAN : stats_chi2_q(chi, used - 1);
}

/* Test 1: bins at pooled quantiles, ties never split. */
static double compare_quantile_bins(const struct entropy_col *ca, const struct entropy_col *cb,
				    unsigned *bins)
{
	double a[COMPARE_MAX_BINS] = { 0 }, b[COMPARE_MAX_BINS] = { 0 };
	double nmin = fmin((double)ca->n, (double)cb->n), total = (double)(ca->n + cb->n);
	unsigned k = (unsigned)fmin(COMPARE_MAX_BINS, floor(nmin / COMPARE_PER_CELL)), cur = 0;
	double target, acc = 0;
	size_t i = 0, j = 0;

	if (k < 2)
		return NAN;
	target = total / k;
	while (i < ca->nd || j < cb->nd) {
		uint64_t va = i < ca->nd ? ca->dv[i] : UINT64_MAX;
		uint64_t vb = j < cb->nd ? cb->dv[j] : UINT64_MAX;
		uint64_t v = va < vb ? va : vb;
		double ka = 0, kb = 0;

		if (i < ca->nd && ca->dv[i] == v)
			ka = (double)ca->cnt[i++];
		if (j < cb->nd && cb->dv[j] == v)
			kb = (double)cb->cnt[j++];
		a[cur] += ka;
		b[cur] += kb;
		acc += ka + kb;
		if (acc >= target * (cur + 1) && cur + 1 < k)
			cur++;
	}
	/* A last bin left short by ties joins its neighbour. */
	if (cur > 0 && a[cur] + b[cur] < target / 2) {
		a[cur - 1] += a[cur];
		b[cur - 1] += b[cur];
		a[cur] = b[cur] = 0;
		cur--;
	}
	*bins = cur + 1;
	return compare_table(a, b, cur + 1);
}

/* Test 2: the low varying bits above the common alignment. */
static double compare_low_bits(const struct entropy_region *ra, const struct entropy_region *rb,
			       unsigned *lowbits)
{
	uint64_t and_m = ra->st.and_mask & rb->st.and_mask, or_m = ra->st.or_mask | rb->st.or_mask;
	uint64_t var = and_m ^ or_m;
	double nmin = fmin((double)ra->col->n, (double)rb->col->n);
	double a[1 << COMPARE_LOW_BITS] = { 0 }, b[1 << COMPARE_LOW_BITS] = { 0 };
	unsigned align, span, l;

	if (!var || nmin < 2 * COMPARE_PER_CELL)
		return NAN;
	align = (unsigned)__builtin_ctzll(var);
	span = 64 - (unsigned)__builtin_clzll(var) - align;
	l = (unsigned)fmin(fmin(COMPARE_LOW_BITS, span), floor(log2(nmin / COMPARE_PER_CELL)));
	*lowbits = l;
	if (l < 1)
		return NAN;
	for (size_t i = 0; i < ra->col->n; i++)
		a[(ra->col->v[i] >> align) & ((1u << l) - 1)] += 1;
	for (size_t i = 0; i < rb->col->n; i++)
		b[(rb->col->v[i] >> align) & ((1u << l) - 1)] += 1;
	return compare_table(a, b, 1u << l);
}

/* Test 3: collision rates, conditional exact binomial. */
static double compare_collisions(const struct entropy_collision *a,
				 const struct entropy_collision *b)
{
	double k = a->c, n = a->c + b->c;

	if (!a->valid || !b->valid || n == 0)
		return NAN;
	if (n > 4e9) {
		/* Beyond GSL's unsigned counts: the normal approximation of
		 * the binomial is exact to many digits here. */
		double p = a->pairs / (a->pairs + b->pairs), z = (k - n * p) /
			sqrt(n * p * (1 - p));

		return fmin(1, 2 * gsl_cdf_ugaussian_Q(fabs(z)));
	}
	return stats_binom_two_sided(k, n, a->pairs / (a->pairs + b->pairs));
}

/*
 * The collision rate q = c / C(n,2) is a U-statistic of the kernel
 * 1[x = y] (Hoeffding 1948): Var = 4(n-2)/(n(n-1)) z1 + 2/(n(n-1)) z2, with
 * z1 = sum p^3 - q^2 and z2 = q(1 - q), both estimated without bias from
 * the value counts.  Near uniformity z1 vanishes and this is the Poisson
 * variance the binomial test assumes; with one value on a fifth of the
 * boots (aslr-biased) z1 dominates: measured, two runs of the same image
 * gave 210 and 351 colliding pairs of 4950, which the binomial test calls
 * p = 3e-9 and this one p = 0.3.
 */
static double compare_ustat(const struct entropy_col *c, double *var)
{
	double n = (double)c->n, s2 = 0, s3 = 0, q, p3;

	for (size_t v = 0; v < c->nd; v++) {
		double k = (double)c->cnt[v];

		s2 += k * (k - 1);
		s3 += k * (k - 1) * (k - 2);
	}
	q = s2 / (n * (n - 1));
	p3 = n > 2 ? s3 / (n * (n - 1) * (n - 2)) : q * q;
	*var = 4 * (n - 2) / (n * (n - 1)) * fmax(0, p3 - q * q) +
	       2 / (n * (n - 1)) * q * (1 - q);
	return q;
}

/* Test 3: the binomial where Poisson holds, kept only if the U-statistic
 * test agrees (the larger p: valid in both regimes). */
static double compare_collision_rates(const struct entropy_region *ra,
				      const struct entropy_region *rb)
{
	double p = compare_collisions(&ra->co, &rb->co), va, vb, qa, qb, pu;

	if (isnan(p))
		return p;
	qa = compare_ustat(ra->col, &va);
	qb = compare_ustat(rb->col, &vb);
	pu = va + vb > 0 ? fmin(1, 2 * gsl_cdf_ugaussian_Q(fabs(qa - qb) / sqrt(va + vb))) :
		qa == qb ? 1 : 0;
	return fmax(p, pu);
}

/* One side of a bootstrap replicate: the collision rate of the resampled
 * boots, pairs of copies of one boot excluded (the bootstrap of a
 * U-statistic). */
static double compare_replicate(const struct entropy_col *c, const size_t *idx,
				uint32_t *w, uint32_t *kcls)
{
	double cc = 0, self = 0, n = (double)c->n;

	memset(w, 0, c->n * sizeof(*w));
	memset(kcls, 0, c->nd * sizeof(*kcls));
	for (size_t i = 0; i < c->n; i++) {
		w[idx[i]]++;
		kcls[c->cls[idx[i]]]++;
	}
	for (size_t v = 0; v < c->nd; v++)
		cc += (double)kcls[v] * (kcls[v] - 1.0) / 2;
	for (size_t i = 0; i < c->n; i++)
		self += (double)w[i] * (w[i] - 1.0) / 2;
	return (cc - self) / (n * (n - 1) / 2 - self);
}

struct compare_boot {
	const struct entropy_col *ca, *cb;
	uint32_t *wa, *ka, *wb, *kb;
};

/* H2(B) - H2(A) = log2(q_A / q_B); a side without any collision makes it
 * infinite, both sides without: undefined (the replicate says nothing). */
static double compare_boot_replicate(const size_t *ia, size_t na, const size_t *ib,
				     size_t nb, void *ctx)
{
	struct compare_boot *b = ctx;
	double qa = compare_replicate(b->ca, ia, b->wa, b->ka);
	double qb = compare_replicate(b->cb, ib, b->wb, b->kb);

	(void)na;
	(void)nb;
	if (qa <= 0 && qb <= 0)
		return NAN;
	if (qa <= 0)
		return -INFINITY;
	if (qb <= 0)
		return INFINITY;
	return log2(qa / qb);
}

/* The percentile interval of the one statistics core (stats.c). */
static void compare_bootstrap(struct compare_region *cr, unsigned long reps,
			      unsigned long seed, double conf)
{
	const struct entropy_col *ca = cr->ra->col, *cb = cr->rb->col;
	struct compare_boot b = {
		ca, cb, g_new(uint32_t, ca->n), g_new(uint32_t, ca->nd ? ca->nd : 1),
		g_new(uint32_t, cb->n), g_new(uint32_t, cb->nd ? cb->nd : 1),
	};
	double cap = floor(COMPARE_DRAWS / (double)(ca->n + cb->n));
	struct stats_boot o = { reps, seed, conf };

	if ((double)o.reps > cap)
		o.reps = (unsigned long)fmax(200, cap);
	cr->reps = o.reps;
	if (stats_bootstrap(ca->n, cb->n, compare_boot_replicate, &b, &o, &cr->d_lo,
			    &cr->d_hi)) {
		cr->d_lo = -INFINITY;
		cr->d_hi = INFINITY;
	}
	g_free(b.wa);
	g_free(b.ka);
	g_free(b.wb);
	g_free(b.kb);
}

/*
 * H2(B) - H2(A) = log2(q_A / q_B) bounded from the colliding-pair counts
 * alone: Garwood limits on each count, one-sided at 1 - (1 - conf)/4, so
 * that all four hold jointly at conf (Bonferroni).  Where A has no
 * colliding pair its H2 is infinite and so is the bootstrap's difference,
 * but the upper bound stays finite as soon as B has one: B is at least
 * -b_hi bits lower.  The counts are taken as Poisson, which holds near
 * uniformity; a heavy value (aslr-biased) makes them swing more (see
 * compare_ustat), and the bound is then too narrow.
 */
static void compare_pair_bound(struct compare_region *cr, double conf)
{
	const struct entropy_collision *a = &cr->ra->co, *b = &cr->rb->co;
	double l = 1 - (1 - conf) / 4;
	double a_hi, a_lo, b_hi, b_lo;

	cr->b_lo = -INFINITY;
	cr->b_hi = INFINITY;
	if (!a->valid || !b->valid)
		return;
	a_hi = stats_poisson_upper(a->c, l) / a->pairs;
	a_lo = stats_poisson_lower(a->c, l) / a->pairs;
	b_hi = stats_poisson_upper(b->c, l) / b->pairs;
	b_lo = stats_poisson_lower(b->c, l) / b->pairs;
	if (b_lo > 0)
		cr->b_hi = log2(a_hi / b_lo);
	if (a_lo > 0)
		cr->b_lo = log2(a_lo / b_hi);
}

static const char *compare_direction(const struct compare_region *cr)
{
	const struct entropy_collision *a = &cr->ra->co, *b = &cr->rb->co;
	double qa = a->c / a->pairs, qb = b->c / b->pairs;

	if (a->c + b->c > 0 && qa != qb)
		return qb > qa ? "lower" : "higher";
	if (!cr->ra->sh.saturated && !cr->rb->sh.saturated && cr->ra->sh.mm != cr->rb->sh.mm)
		return cr->rb->sh.mm < cr->ra->sh.mm ? "lower" : "higher";
	return "differs";
}

void entropy_compare_region(const struct entropy_region *ra, const struct entropy_region *rb,
			    struct entropy_cmp *out)
{
	struct compare_region c = { .ra = ra, .rb = rb };
	double minp = 1;

	memset(out, 0, sizeof(*out));
	c.p_chi2 = compare_quantile_bins(ra->col, rb->col, &c.bins);
	c.p_low = compare_low_bits(ra, rb, &c.lowbits);
	c.p_coll = compare_collision_rates(ra, rb);
	for (int t = 0; t < 3; t++) {
		double p = t == 0 ? c.p_chi2 : t == 1 ? c.p_low : c.p_coll;

		if (!isnan(p)) {
			c.ntests++;
			minp = fmin(minp, p);
		}
	}
	out->p_chi2 = c.p_chi2;
	out->p_low = c.p_low;
	out->p_coll = c.p_coll;
	out->bins = c.bins;
	out->lowbits = c.lowbits;
	out->ntests = c.ntests;
	out->p = c.ntests ? fmin(1, minp * c.ntests) : 1;
	out->direction = compare_direction(&c);
}

/* "DIR" or "DIR:SECTION" (a colon in an existing directory name wins). */
static void compare_split(const char *arg, char **dir, char **section)
{
	struct stat st;
	const char *colon = strrchr(arg, ':');

	if (!colon || !stat(arg, &st)) {
		*dir = g_strdup(arg);
		*section = NULL;
		return;
	}
	*dir = g_strndup(arg, (size_t)(colon - arg));
	*section = g_strdup(colon + 1);
}

static const struct sample_set *compare_pick(const struct samples *s, const char *section,
					     const struct entropy_args *a, const char *arg,
					     char *err, size_t n)
{
	const char *want = section ? section : a->nsections == 1 ? a->sections[0] : NULL;
	const struct sample_set *set;

	if (want) {
		set = samples_find(s, want);
		if (!set)
			snprintf(err, n, "%s: no section [%s]", arg, want);
		return set;
	}
	if (s->nsets == 1)
		return &s->sets[0];
	snprintf(err, n, "%s: %zu sections; name one as DIR:SECTION or with --section",
		 arg, s->nsets);
	return NULL;
}

static json_t *compare_json(const struct compare_region *cr, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct compare_region *c = &cr[i];

		json_array_append_new(arr, json_pack(
			"{s:s,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:[o,o],s:I,s:o,s:i,s:o,s:i,s:o,s:o,s:o,s:s}",
			"region", c->ra->col->region, "n_a", (json_int_t)c->ra->col->n,
			"n_b", (json_int_t)c->rb->col->n,
			"h2_a", metric_num(c->ra->co.est), "h2_b", metric_num(c->rb->co.est),
			"h2_lower_a", metric_num(c->ra->co.lo),
			"h2_lower_b", metric_num(c->rb->co.lo),
			"difference", metric_num(c->d_est),
			"difference_interval", metric_num(c->d_lo), metric_num(c->d_hi),
			"bootstrap", (json_int_t)c->reps,
			"chi2_p", metric_num(c->p_chi2), "bins", c->bins,
			"low_bits_p", metric_num(c->p_low), "low_bits", c->lowbits,
			"collision_p", metric_num(c->p_coll),
			"p", metric_num(c->p), "p_holm", metric_num(c->p_holm),
			"verdict", c->verdict));
		json_t *r = json_array_get(arr, json_array_size(arr) - 1);

		json_object_set_new(r, "difference_bound", json_pack("[o,o]", metric_num(c->b_lo),
								 metric_num(c->b_hi)));
		json_object_set_new(r, "lower_by_at_least", c->b_hi < 0 ?
				    json_real(-c->b_hi) : json_null());
		json_object_set_new(r, "pairs_a", json_pack("[f,f]", c->ra->co.c, c->ra->co.pairs));
		json_object_set_new(r, "pairs_b", json_pack("[f,f]", c->rb->co.c, c->rb->co.pairs));
	}
	return arr;
}

static const char *compare_fmt(char *buf, size_t n, double x, const char *fmt)
{
	if (isnan(x))
		snprintf(buf, n, "-");
	else if (isinf(x))
		snprintf(buf, n, x > 0 ? "inf" : "-inf");
	else
		snprintf(buf, n, fmt, x);
	return buf;
}

/* H2 of a side: its estimate, or where no pair collided (infinite) the
 * lower bound that n boots can show, as ">=L". */
static const char *compare_h2(char *buf, size_t n, const struct entropy_collision *co)
{
	if (isinf(co->est) && !isnan(co->lo) && !isinf(co->lo))
		snprintf(buf, n, ">=%.2f", co->lo);
	else
		compare_fmt(buf, n, co->est, "%.2f");
	return buf;
}

static int compare_sets(const struct entropy_args *a, double alpha, struct entropy_set *sa,
			struct entropy_set *sb, json_t *doc)
{
	struct compare_region *cr = g_new0(struct compare_region, sa->nreg ? sa->nreg : 1);
	size_t n = 0, *ord;
	int lower = 0;

	for (size_t i = 0; i < sa->nreg; i++) {
		long j = entropy_set_find(sb, sa->cols[i].name);
		struct compare_region *c = &cr[n];
		struct entropy_cmp ec;

		if (j < 0 || sa->reg[i].col->n < 2 || sb->reg[j].col->n < 2)
			continue;
		c->ra = &sa->reg[i];
		c->rb = &sb->reg[j];
		entropy_compare_region(c->ra, c->rb, &ec);
		c->p_chi2 = ec.p_chi2;
		c->p_low = ec.p_low;
		c->p_coll = ec.p_coll;
		c->bins = ec.bins;
		c->lowbits = ec.lowbits;
		c->ntests = ec.ntests;
		c->p = ec.p;
		c->d_est = c->rb->co.est - c->ra->co.est;
		if (isinf(c->ra->co.est) && isinf(c->rb->co.est))
			c->d_est = NAN;
		compare_bootstrap(c, a->bootstrap, a->seed + i, a->o.confidence);
		compare_pair_bound(c, a->o.confidence);
		n++;
	}
	/* Holm: the i-th smallest p times (m - i), made monotone. */
	ord = g_new(size_t, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cr[ord[j]].p < cr[ord[j - 1]].p; j--) {
			size_t t = ord[j];

			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	for (size_t i = 0, prev = 0; i < n; i++) {
		double adj = fmin(1, cr[ord[i]].p * (double)(n - i));

		if (i && adj < cr[ord[prev]].p_holm)
			adj = cr[ord[prev]].p_holm;
		cr[ord[i]].p_holm = adj;
		prev = i;
	}
	for (size_t i = 0; i < n; i++) {
		cr[i].verdict = cr[i].p_holm >= alpha ? "same" : compare_direction(&cr[i]);
		lower |= !strcmp(cr[i].verdict, "lower");
	}
	if (a->json) {
		json_array_append_new(json_object_get(doc, "comparisons"), json_pack(
			"{s:s,s:s,s:s?,s:s?,s:I,s:I,s:I,s:I,s:f,s:o}",
			"a", sa->src->section, "b", sb->src->section, "dir_a", sa->src->dir,
			"dir_b", sb->src->dir,
			"boots_a", (json_int_t)samples_total(sa->src),
			"failed_a", (json_int_t)(samples_total(sa->src) - sa->src->count[BOOT_PASS]),
			"boots_b", (json_int_t)samples_total(sb->src),
			"failed_b", (json_int_t)(samples_total(sb->src) - sb->src->count[BOOT_PASS]),
			"alpha", alpha,
			"regions", compare_json(cr, n)));
	} else {
		char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32], b7[32], b8[32];

		printf("# A = %s (%s), B = %s (%s): is B lower, the same or higher? "
		       "Holm over %zu regions, alpha %g\n", sa->src->section,
		       sa->src->dir ? sa->src->dir : "?", sb->src->section,
		       sb->src->dir ? sb->src->dir : "?", n, alpha);
		printf("%-10s %6s %6s %7s %7s %-24s %-18s %8s %8s %8s %8s  %s\n", "region",
		       "n A", "n B", "H2 A", "H2 B", "B - A [bootstrap CI]", "B - A [pairs]",
		       "chi2 p", "lowbit p", "coll p", "Holm p", "verdict");
		for (size_t i = 0; i < n; i++) {
			const struct compare_region *c = &cr[i];
			char d[64], pb[40], ha[32], hb[32];

			snprintf(d, sizeof(d), "%s [%s, %s]", compare_fmt(b1, 32, c->d_est, "%.2f"),
				 compare_fmt(b2, 32, c->d_lo, "%.2f"),
				 compare_fmt(b3, 32, c->d_hi, "%.2f"));
			snprintf(pb, sizeof(pb), "[%s, %s]", compare_fmt(b4, 32, c->b_lo, "%.2f"),
				 compare_fmt(b5, 32, c->b_hi, "%.2f"));
			compare_h2(ha, sizeof(ha), &c->ra->co);
			compare_h2(hb, sizeof(hb), &c->rb->co);
			printf("%-10s %6zu %6zu %7s %7s %-24s %-18s %8s %8s %8s %8s  %s\n",
			       c->ra->col->region, c->ra->col->n, c->rb->col->n, ha, hb, d, pb,
			       compare_fmt(b6, 32, c->p_chi2, "%.2g"),
			       compare_fmt(b7, 32, c->p_low, "%.2g"),
			       compare_fmt(b8, 32, c->p_coll, "%.2g"),
			       compare_fmt(b1, 32, c->p_holm, "%.2g"), c->verdict);
		}
		for (size_t i = 0; i < n; i++)
			if (!strcmp(cr[i].verdict, "lower") && cr[i].b_hi < 0)
				printf("%s: B is at least %.2f bits lower than A (%g%% jointly, from "
				       "colliding pairs: A %.0f of %.0f, B %.0f of %.0f)\n",
				       cr[i].ra->col->region, -cr[i].b_hi, 100 * a->o.confidence,
				       cr[i].ra->co.c, cr[i].ra->co.pairs, cr[i].rb->co.c,
				       cr[i].rb->co.pairs);
	}
	g_free(ord);
	g_free(cr);
	return lower;
}

/* One side: ARG (DIR or DIR:SECTION) loaded and analysed into *s and *e. */
static int compare_side(const struct entropy_args *a, const char *arg, struct samples *s,
			struct entropy_set *e, char *err, size_t n)
{
	char *dir, *sec;
	const struct sample_set *p;
	int rc;

	compare_split(arg, &dir, &sec);
	rc = samples_load(s, &dir, 1, err, n) ||
	     !(p = compare_pick(s, sec, a, arg, err, n)) ||
	     entropy_set_analyze(e, s, p, &a->o, err, n) ? -EINVAL : 0;
	g_free(dir);
	g_free(sec);
	return rc;
}

/*
 * A against each of B, C, ...: every comparison is its own Holm family at
 * alpha / (the number of comparisons), Bonferroni across them, so a run
 * of N configurations keeps the family-wise error at alpha.
 */
int entropy_compare_main(const struct entropy_args *a)
{
	struct samples sa = { 0 }, sb;
	struct entropy_set ea = { 0 }, eb;
	char err[512];
	int k = a->ndirs - 1, rc = 0, lower = 0;
	double alpha = a->o.alpha / (k > 0 ? k : 1);
	json_t *doc = json_pack("{s:i,s:f,s:f,s:[]}", "schema", METRIC_SCHEMA,
				"alpha", a->o.alpha, "confidence", a->o.confidence,
				"comparisons");

	if (a->ndirs < 2) {
		fprintf(stderr, "hardboot entropy --compare: give at least two results, "
			"A[:SECTION] B[:SECTION]...\n");
		json_decref(doc);
		return HB_EXIT_USAGE;
	}
	if (compare_side(a, a->dirs[0], &sa, &ea, err, sizeof(err))) {
		fprintf(stderr, "hardboot entropy --compare: %s\n", err);
		rc = HB_EXIT_USAGE;
		goto out;
	}
	if (!a->json && k > 1)
		printf("# %d comparisons against A, each at alpha %g / %d = %g (Bonferroni)\n",
		       k, a->o.alpha, k, alpha);
	for (int i = 1; i <= k && !rc; i++) {
		memset(&sb, 0, sizeof(sb));
		memset(&eb, 0, sizeof(eb));
		if (compare_side(a, a->dirs[i], &sb, &eb, err, sizeof(err))) {
			fprintf(stderr, "hardboot entropy --compare: %s\n", err);
			rc = HB_EXIT_USAGE;
		} else {
			if (!a->json && i > 1)
				putchar('\n');
			lower |= compare_sets(a, alpha, &ea, &eb, doc);
		}
		entropy_set_free(&eb);
		samples_free(&sb);
	}
	if (!rc && a->json) {
		json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		putchar('\n');
	}
	if (!rc)
		rc = lower ? HB_EXIT_CHECK : 0;
out:
	entropy_set_free(&ea);
	samples_free(&sa);
	json_decref(doc);
	return rc;
}
