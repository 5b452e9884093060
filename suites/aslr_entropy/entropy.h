/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entropy of addresses and secrets across boots (suites/aslr_entropy/README.md).
 *
 * A results directory is read back as per-section columns (samples.h);
 * every address, register read from outside and secret column becomes a
 * region, prepared once (sorted, distinct values counted) and handed to the
 * estimator families in the order of entropy_families[] (entropy.c):
 *
 *   structure   entropy_struct.c     AND/OR masks, alignment, varying and
 *                                    paxtest quality bits, per-bit sum
 *   range       entropy_range.c      German-tank slot count
 *   collision   entropy_collision.c  Renyi-2 with Poisson bounds
 *   mcv         entropy_mcv.c        NIST SP 800-90B 6.3.1 min-entropy
 *   shannon     entropy_shannon.c    histogram, Miller-Madow corrected
 *   uniformity  entropy_uniform.c    chi-square, residues, per-bit tests
 *   leak        entropy_leak.c       pairwise differences, effective bits
 *   layout      layout.c             canonical, disjoint, guard gaps,
 *                                    registers inside the regions
 *
 * Estimators never print; the command (entropy.c) renders tables, JSON,
 * metric records and policy checks from the results.
 */
#ifndef HB_RUNNER_ENTROPY_H
#define HB_RUNNER_ENTROPY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "metric.h"
#include "samples.h"

#define ENTROPY_NAME_MAX 64

struct entropy_opts {
	double confidence;      /* level of every bound, one-sided: 0.99 */
	double alpha;           /* uniformity: per-region test level */
	uint64_t guard;         /* layout: bytes that must separate regions */
	char **extents;         /* layout: "REGION=BYTES" overrides */
	int nextents;
};

/* One region of one section: the values of the boots that had it, in boot
 * order, and their distinct values ascending with counts. */
struct entropy_col {
	char name[ENTROPY_NAME_MAX];    /* column: addr.stack, secret.seed.3 */
	char region[ENTROPY_NAME_MAX];  /* shown: stack, seed.3, regs.rsp */
	unsigned width;                 /* 32 or 64 bits */
	size_t n;
	uint64_t *v;
	uint64_t *dv;                   /* distinct values, ascending */
	size_t *cnt;                    /* count of dv[i] */
	size_t nd;
	uint32_t *cls;                  /* v[i] == dv[cls[i]] */
};

struct entropy_structure {
	uint64_t and_mask, or_mask;
	unsigned align;         /* constant low bits: alignment */
	unsigned varying;       /* popcount(AND ^ OR) */
	unsigned weak;          /* varying bits with ones <= 35% or >= 65% */
	unsigned quality;       /* paxtest: varying - weak (a count) */
	unsigned span;          /* highest varying bit - align + 1 */
	double bitsum;          /* sum of per-bit binary entropies, bits */
	double ones[64];        /* share of ones, per bit */
};

struct entropy_range {
	uint64_t r;             /* (max - min) >> align: observed slot span */
	double slots;           /* German-tank estimate of the slot count */
	double slots_lo, slots_hi;
	double bits, bits_lo, bits_hi;
	int pow2;               /* the values fill a 2^span window */
};

struct entropy_collision {
	double n, pairs;        /* sample size, C(n,2) */
	double c, t;            /* colliding pairs, colliding triples */
	double est, lo, hi;     /* bits; est and hi are INFINITY without collisions */
	double cap;             /* the most this n can show: lo at c = 0 */
	int valid;              /* n >= 2 */
};

struct entropy_mcv {
	size_t count;           /* of the most common value */
	uint64_t mode;
	double p, pu, est, lo;
};

struct entropy_shannon {
	double plugin, mm, lo, hi;
	int saturated;          /* every value distinct: plug-in = log2 n */
};

struct entropy_uniform {
	int tested;
	char range[96];         /* which range was tested, or why not */
	unsigned bins;
	double chi2, chi2_p;
	unsigned nmods, worst_mod;
	double resid_p;         /* smallest residue p, unadjusted */
	unsigned nbits, worst_bit;
	double bits_p;          /* smallest per-bit p, unadjusted */
	unsigned ntests;
	double p;               /* Bonferroni over ntests */
	int reject;             /* p < alpha */
	/* After a rejection: the same tests on coarser slots (4 KiB, then
	 * 2 MiB).  A pointer into a region (a pattern capture, a register)
	 * takes a few in-page offsets; its page number can still be uniform,
	 * and H_min(page(X)) <= H_min(X) makes the page's bound a bound. */
	unsigned coarse_bits;   /* slots of 2^coarse_bits bytes; 0: none tried */
	double coarse_p;
	int coarse_ok;          /* not rejected: coarse_co bounds H_min */
	struct entropy_collision coarse_co;
};

struct entropy_region {
	struct entropy_col *col;
	struct entropy_structure st;
	struct entropy_range rg;
	struct entropy_collision co;
	struct entropy_mcv mcv;
	struct entropy_shannon sh;
	struct entropy_uniform un;
	int leak_candidate;     /* takes part in the leak matrix */
	double effective;       /* lower bound given the worst single leak */
	char leak_by[ENTROPY_NAME_MAX];
	double headline;        /* the lower bound to quote, bits */
	const char *headline_kind; /* "H2" (collision) or "Hmin" */
	char headline_grain[32]; /* "" or "2^12-byte pages": H2 of page(X) */
	/* The min-entropy lower bound shown beside any headline: the larger of
	 * the MCV bound and half the H2 bound (H_min >= H2 / 2), each at
	 * 1 - alpha/2 so the pair holds jointly at the stated confidence. */
	double hmin;
	int limited;            /* sample-limited: more boots would show more */
	double show_bits;       /* what the structure allows */
	double needs;           /* boots to show show_bits */
};

struct entropy_pair {
	size_t a, b;            /* region indices */
	struct entropy_collision d; /* of a - b */
	int flagged;            /* knowing one demonstrably gives the other */
};

struct entropy_layout {
	int checked;
	char anchor[16];        /* "start" (HB1) or "within" (pattern captures) */
	uint64_t base_extent;
	char base_extent_src[96];
	unsigned long rows, bad, noncanon, overlap, guard, rip_out, rsp_out;
	unsigned long regs_rows, rip_rows, rsp_rows;
	long first_bad;         /* row, -1 for none */
	char first_why[200];
};

struct entropy_set {
	const struct sample_set *src;
	const struct samples *all;
	struct entropy_col *cols;
	struct entropy_region *reg;
	size_t nreg;
	struct entropy_pair *pairs;
	size_t npairs;
	struct entropy_layout layout;
};

/*
 * An estimator family.  region() runs per region, set() once per section
 * after every region() (leaks, layout); json() adds the family's fields to
 * the section object (regions[i].NAME or NAME); metrics() appends metric
 * records (docs/results.md).  skip names why a family cannot run here; it
 * is then reported, never silently dropped.
 */
struct entropy_family {
	const char *name;
	const char *what;
	void (*region)(struct entropy_region *r, const struct entropy_opts *o);
	int (*set)(struct entropy_set *s, const struct entropy_opts *o,
		   char *err, size_t n);
	void (*json)(const struct entropy_set *s, json_t *regions, json_t *set);
	void (*metrics)(const struct entropy_set *s, const struct entropy_opts *o,
			json_t *out);
	const char *skip;
};

extern const struct entropy_family entropy_struct_family;
extern const struct entropy_family entropy_range_family;
extern const struct entropy_family entropy_collision_family;
extern const struct entropy_family entropy_mcv_family;
extern const struct entropy_family entropy_shannon_family;
extern const struct entropy_family entropy_uniform_family;
extern const struct entropy_family entropy_leak_family;
extern const struct entropy_family layout_family;
/* In run order; NULL-terminated. */
extern const struct entropy_family *const entropy_families[];

/* ---- shared by the families (entropy.c) --------------------------------- */

void entropy_opts_default(struct entropy_opts *o);
/* Prepare a column from raw values (copied). */
int entropy_col_init(struct entropy_col *c, const char *name, const char *region,
		     unsigned width, const uint64_t *v, size_t n);
void entropy_col_free(struct entropy_col *c);
/* Ascending radix sort; idx (or NULL) permuted alongside. */
void entropy_sort_u64(uint64_t *v, uint32_t *idx, size_t n);
/* Every family on one section; err names the section at fault. */
int entropy_set_analyze(struct entropy_set *s, const struct samples *all,
			const struct sample_set *src, const struct entropy_opts *o,
			char *err, size_t n);
/* Families on one prepared region alone (unit tests, bench). */
void entropy_region_analyze(struct entropy_region *r, struct entropy_col *c,
			    const struct entropy_opts *o);
void entropy_set_free(struct entropy_set *s);
/* Region by shown or column name, -1 if absent. */
long entropy_set_find(const struct entropy_set *s, const char *name);
json_t *entropy_set_json(const struct entropy_set *s, const struct entropy_opts *o);
/* Metric records of every family, appended to out (a JSON array). */
void entropy_set_metrics(const struct entropy_set *s, const struct entropy_opts *o,
			 json_t *out);
/* Metric record with subject "section/region" (docs/results.md). */
json_t *entropy_metric(const struct entropy_set *s, const struct entropy_region *r,
		       const char *metric, double value, const char *unit,
		       const char *better, double lo, double hi, double conf,
		       const char *test);

/* paxtest's weak bit (entropy_struct.c): ones <= 35n/100 or >= 65n/100 in
 * integer arithmetic; and the chance a balanced bit looks weak at n. */
int entropy_struct_is_weak(size_t ones, size_t n);
double entropy_struct_weak_p(size_t n);

/* ---- statistics helpers (entropy.c) ------------------------------------- */

/* Poisson limits for an observed count c, one-sided at level conf:
 * upper = chi2_{2(c+1)}(conf)/2, lower = chi2_{2c}(1-conf)/2 (Garwood). */
double entropy_poisson_upper(double c, double conf);
double entropy_poisson_lower(double c, double conf);
/* Upper tail of chi-square with df degrees of freedom; never aborts. */
double entropy_chi2_q(double x, double df);
/* Two-sided p-value of k successes in n Bernoulli(p) trials (exact). */
double entropy_binom_two_sided(double k, double n, double p);

/* The collision estimator on given counts (entropy_collision.c). */
void entropy_collision_from_counts(struct entropy_collision *co, double n,
				   double c, double t, double conf);
void entropy_collision_counts(const size_t *cnt, size_t nd, double *c, double *t);
/* The MCV min-entropy bound of a count (entropy_mcv.c). */
double entropy_mcv_lower(size_t count, size_t n, double conf);
json_t *entropy_collision_json_obj(const struct entropy_collision *co);

/* The command: hardboot entropy (entropy.c) */
struct entropy_args {
	struct entropy_opts o;
	char **dirs;
	int ndirs;
	char **sections;        /* NULL: every section */
	int nsections;
	int json;
	const char *metrics;    /* append metric records to this file; NULL: none */
	/* policy: each a "REGION=BITS" or region list */
	char **min;
	int nmin;
	char **quality;
	int nquality;
	char **uniform;
	int nuniform;
	int no_leak;
	int layout;
	/* --compare A B */
	int compare;
	unsigned long bootstrap;
	unsigned long seed;
};

int entropy_main(const struct entropy_args *a);
/* entropy_compare.c */
int entropy_compare_main(const struct entropy_args *a);
/* entropy_compare.c: one region of A against the same region of B, the
 * tests of --compare (chi-square over pooled-quantile bins, low bits,
 * collision rates), Bonferroni over those that could run, and the
 * direction ("lower", "higher", "differs") should p be small.  Also used
 * by hardboot entropy --compare. */
struct entropy_cmp {
	double p_chi2, p_low, p_coll, p;
	unsigned bins, lowbits;
	int ntests;
	const char *direction;
};
void entropy_compare_region(const struct entropy_region *ra, const struct entropy_region *rb,
			    struct entropy_cmp *out);

#endif
