/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * NIST SP 800-90B (January 2018) entropy assessment of a noise source's
 * raw samples: the non-IID min-entropy estimators of section 6.3, the IID
 * track of section 5 (permutation tests, chi-square tests, the longest
 * repeated substring test, the MCV estimate) and the restart tests of
 * section 3.1.4.
 *
 * Results follow NIST's reference implementation (SP800-90B_EntropyAssessment
 * v1.1.8): the same alphabet translation, the same bitstring track for
 * multi-bit symbols, the same 99% bounds (z = 2.5758293035489008) and the
 * same binary-search solutions, so estimates agree with ea_non_iid to four
 * decimals.  Permutation tests use a seeded generator of their own, so they
 * agree with ea_iid in verdict, not in counts.
 *
 * Self-contained: libc, GSL and (for the report) jansson through metric.h.
 * Library code: every function returns 0 or -errno and prints nothing,
 * except the sp90b_report_*() writers, which write to the stream given.
 */
#ifndef HB_RUNNER_SP90B_H
#define HB_RUNNER_SP90B_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* z for a one-sided 99% bound, as in every 6.3 estimator (6.3.1 step 2) */
#define SP90B_Z 2.5758293035489008
/* 5.1: shuffles per permutation test */
#define SP90B_SHUFFLES 10000u
/* the reference's binary searches give up after this many halvings */
#define SP90B_SEARCH_MAX 1076

/* ---- samples --------------------------------------------------------- */

/*
 * A sample as the reference reads it: one symbol per byte, the low `bits`
 * bits kept.  `sym` is translated to 0..k-1 in increasing order of value
 * (the reference's "symbols have been translated"), `raw` keeps the masked
 * values (excursion, covariance and compression statistics use them), and
 * `bit` is the bitstring of the untranslated values, `bits` bits per
 * symbol, most significant first (3.1.3's H_bitstring).
 */
struct sp90b_data {
	size_t n;          /* symbols */
	unsigned bits;     /* bits per symbol, 1..8 */
	unsigned k;        /* distinct values present */
	int masked;        /* some value had bits above `bits` (masked off) */
	uint8_t maxval;    /* largest masked value */
	uint8_t *raw;      /* masked values */
	uint8_t *sym;      /* translated, 0..k-1 */
	uint8_t *bit;      /* n * bits bits, 0 or 1 */
	size_t nbit;
	uint8_t value[256];/* value[sym] = raw value */
};

/* Symbols from buf: bits = 0 infers the width from the highest bit set
 * (the reference's default), 1..8 masks to that many bits. */
int sp90b_data_init(struct sp90b_data *d, const uint8_t *buf, size_t n, unsigned bits);
/* The same from a file; err names the file and the fault. */
int sp90b_data_load(struct sp90b_data *d, const char *path, unsigned bits,
		    char *err, size_t errlen);
void sp90b_data_free(struct sp90b_data *d);
/* The largest sample the suffix arrays here index (int32): symbols times bits */
#define SP90B_MAX_BITS ((size_t)0x7ffffff0)

/* ---- estimators (section 6.3) ------------------------------------------ */

struct sp90b_tuples;

/* One sequence under assessment: symbols 0..k-1 (k = 2 for a bitstring). */
struct sp90b_seq {
	const uint8_t *s;
	size_t n;
	unsigned k;
	struct sp90b_tuples *tuples;  /* 6.3.5 and 6.3.6 share it; built once */
};

#define SP90B_DETAILS 6

struct sp90b_est {
	int status;        /* 0; -EDOM: too few samples or no repeated tuple
			      (the reference skips the estimate); -ENOTSUP:
			      binary data only; -ENOMEM */
	double h;          /* min-entropy, bits per symbol */
	double p;          /* the probability bound it comes from */
	const char *why;   /* status != 0: a short reason */
	unsigned nd;       /* details: intermediate values, as named */
	struct { const char *key; double val; } d[SP90B_DETAILS];
};

struct sp90b_estimator {
	const char *name;      /* JSON key: "mcv", "collision", ... */
	const char *title;     /* "most common value" */
	const char *section;   /* "6.3.1" */
	int binary_only;       /* 6.3.2-6.3.4: bitstrings (k == 2) only */
	int (*run)(struct sp90b_seq *q, struct sp90b_est *e);
};

extern const struct sp90b_estimator sp90b_mcv_info, sp90b_collision_info,
	sp90b_markov_info, sp90b_compress_info, sp90b_tuple_info, sp90b_lrs_info,
	sp90b_mcw_info, sp90b_lag_info, sp90b_mmc_info, sp90b_lz78y_info;

#define SP90B_NEST 10
/* Every estimator, in the order of section 6.3. */
extern const struct sp90b_estimator *const sp90b_estimators[SP90B_NEST];

void sp90b_seq_init(struct sp90b_seq *q, const uint8_t *s, size_t n, unsigned k);
void sp90b_seq_free(struct sp90b_seq *q);
/* Run one estimator; fills e (status included), returns e->status. */
int sp90b_estimate(const struct sp90b_estimator *x, struct sp90b_seq *q, struct sp90b_est *e);
void sp90b_est_detail(struct sp90b_est *e, const char *key, double val);

/* Shared helpers of the estimators (sp90b_stat.c). */
/* -log2 p, +0 (not -0) for p = 1 */
double sp90b_bits(double p);
/* 6.3.1 step 2: p_u = min(1, p^ + z sqrt(p^(1-p^)/(n-1))) */
double sp90b_upper(double phat, double n);
/*
 * 6.3.7 steps 9-11 (and 6.3.8-6.3.10): the bound from C correct predictions
 * of N with a longest run of `run` correct ones, over k symbols:
 * max(1/k, P_global', P_local).  Details go into e.
 */
double sp90b_predict(size_t c, size_t n, size_t run, unsigned k, struct sp90b_est *e);
/*
 * Solve f(p) = target for p in [lo, hi] by halving, f decreasing in p and
 * f(lo) > target (the reference's search for 6.3.4 and 6.3.7).  *failed is
 * set when the invariants of a monotone search break (NaN, no bracket).
 */
double sp90b_solve(double (*f)(double p, void *ctx), void *ctx, double target,
		   double lo, double hi, int *failed);

/* Suffix array (SA-IS) of s[0..n) over an alphabet of k symbols and the
 * LCP array lcp[i] = common prefix of suffixes sa[i-1] and sa[i]
 * (lcp[0] = 0).  n < 2^31. */
int sp90b_suffix_array(const uint8_t *s, size_t n, unsigned k, int32_t *sa);
int sp90b_lcp(const uint8_t *s, size_t n, const int32_t *sa, int32_t *lcp);

/* Context counts of 6.3.9 and 6.3.10 (sp90b_dict.c). */
#define SP90B_MODEL_MAXLEN 16
struct sp90b_dict {
	size_t cap, n;
	unsigned klen;
	uint8_t *keys, *used;
	uint64_t *val;
};
struct sp90b_model {
	unsigned k, maxlen;
	const uint8_t *base;   /* k == 2: the sequence, win[i] its bits up to i */
	uint32_t *win;
	uint32_t *bin[SP90B_MODEL_MAXLEN + 1];         /* k == 2: counts by context bits */
	struct sp90b_dict ctx[SP90B_MODEL_MAXLEN + 1];  /* k > 2: context -> prediction */
	struct sp90b_dict pair[SP90B_MODEL_MAXLEN + 1]; /* k > 2: (context, next) -> count */
};
/* contexts are always taken from s[0..n) */
int sp90b_model_init(struct sp90b_model *m, unsigned k, unsigned maxlen, const uint8_t *s,
		     size_t n);
void sp90b_model_free(struct sp90b_model *m);
/* 1 and the prediction after the len symbols at x, or 0: never seen */
int sp90b_model_predict(struct sp90b_model *m, const uint8_t *x, unsigned len,
			unsigned *y, uint64_t *count);
/* count y after x: 1 a new pair, 0 an old one, -ENOSPC new but not allowed */
int sp90b_model_count(struct sp90b_model *m, const uint8_t *x, unsigned len, unsigned y,
		      int allow_new);

/* 6.3.5 / 6.3.6 / 5.2.5: tuple counts from the suffix array. */
struct sp90b_tuples {
	size_t v;          /* longest repeated substring length */
	uint64_t *q;       /* q[t]: occurrences of the most common t-tuple, t = 1..v */
	uint64_t *pairs;   /* pairs[t]: sum over t-tuples of C(count, 2), t = 1..v */
};
int sp90b_tuples_get(struct sp90b_seq *q, struct sp90b_tuples **out);

/* ---- the non-IID track: 3.1.3 and 6.3 ----------------------------------- */

struct sp90b_noniid {
	size_t n, nbit;
	unsigned bits, k;
	int bitstring;      /* the bitstring track ran (k > 2) */
	struct sp90b_est orig[SP90B_NEST], bstr[SP90B_NEST];
	double h_original;  /* min over orig, at most bits */
	double h_bitstring; /* min over bstr, at most 1 */
	double h_assessed;  /* min(bits, H_original, bits x H_bitstring) */
};

int sp90b_noniid(const struct sp90b_data *d, struct sp90b_noniid *r);
/* The estimators on one sequence (the restart rows, columns): H = min over
 * those that ran, starting from `cap`. */
int sp90b_noniid_seq(struct sp90b_seq *q, struct sp90b_est est[SP90B_NEST], double cap,
		     double *h);

/* ---- the IID track: section 5 ------------------------------------------ */

#define SP90B_NPERM 19

struct sp90b_perm {
	const char *name;
	long double t;      /* the statistic of the unshuffled sample */
	unsigned c0, c1, c2;/* shuffles above, equal, below */
	int pass;
};

struct sp90b_chisq {
	double score, p;
	int df;
	int pass;           /* p >= 0.001 */
};

struct sp90b_iid {
	size_t n;
	unsigned bits, k;
	int bitstring;
	struct sp90b_est mcv, mcv_bits;
	double h_original, h_bitstring, h_assessed;
	struct sp90b_chisq indep, fit;
	int chisq_pass;
	struct { size_t w; double pcol, prob; int pass; } lrs;
	struct sp90b_perm perm[SP90B_NPERM];
	unsigned long seed;
	unsigned shuffles;  /* requested (10,000) */
	unsigned done;      /* run until every statistic had passed or all done */
	int perm_pass;
	int pass;           /* all three */
};

/* 5.1: statistics of one sample (translated symbols, raw values), 19 of
 * them in the order of 5.1.1-5.1.11. */
int sp90b_perm_stats(const uint8_t *sym, const uint8_t *raw, size_t n, unsigned k,
		     double mean, double median, const int *active, long double *t);
int sp90b_perm_run(const struct sp90b_data *d, const uint8_t *sym, const uint8_t *raw,
		   unsigned long seed, unsigned shuffles, struct sp90b_iid *r);
/* 5.2.1-5.2.4 */
int sp90b_chisq_indep(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c);
int sp90b_chisq_fit(const uint8_t *s, size_t n, unsigned k, struct sp90b_chisq *c);
/* 5.2.5 */
int sp90b_lrs_test(const uint8_t *s, size_t n, unsigned k, size_t *w, double *pcol,
		   double *prob, int *pass);
/* 5.1.11: bytes a bzip2-style block-sorting coder needs for buf */
int sp90b_bwt_size(const uint8_t *buf, size_t n, size_t *bytes);

int sp90b_iid(const struct sp90b_data *d, unsigned long seed, unsigned shuffles,
	      struct sp90b_iid *r);

/* ---- restart tests: 3.1.4 ------------------------------------------------ */

struct sp90b_restart {
	size_t rows, cols;
	double h_i;          /* the initial entropy estimate tested */
	double alpha;        /* 0.01 / (rows + cols) */
	unsigned cutoff;     /* binomial (1 - alpha) quantile, B(cols or rows, 2^-H_I) */
	size_t x_r, x_c, x_max;
	int sanity_pass;     /* 3.1.4.3 */
	int iid;             /* H_r, H_c from the MCV only (5.1 track) */
	struct sp90b_est row_est[SP90B_NEST], col_est[SP90B_NEST];
	double h_r, h_c;
	int validation_pass; /* min(H_r, H_c) >= H_I / 2 (3.1.4.4) */
	int pass;
};

int sp90b_restart(const struct sp90b_data *d, size_t rows, double h_i, int iid,
		  struct sp90b_restart *r);

/* ---- report ----------------------------------------------------------------- */

struct sp90b_report {
	const char *path;
	const struct sp90b_data *data;
	const struct sp90b_noniid *noniid;   /* each NULL when not run */
	const struct sp90b_iid *iid;
	const struct sp90b_restart *restart;
};

void sp90b_report_text(FILE *out, const struct sp90b_report *rep);
/* the claim: the non-IID assessment, or the lower of it and the IID
 * track's estimate where that track passed; NaN when neither applies */
double sp90b_report_hmin(const struct sp90b_report *rep);
/* a JSON document (jansson); NULL on allocation failure */
struct json_t;
struct json_t *sp90b_report_json(const struct sp90b_report *rep);

#endif
