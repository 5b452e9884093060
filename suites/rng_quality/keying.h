/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keying checks of a guest's generator, from the boots `hardboot run`
 * recorded: what no statistical battery can see.  ChaCha20 under a
 * constant key, or under a key with 64 of its 256 bits set, passes every
 * battery; only looking at the key material across boots shows it.
 *
 * Per section (one image in one seeding configuration):
 *   unique     the first 64 output bytes (secret out=16) of every passing
 *              boot differ from every other boot's; their collision count
 *              gives a 99% lower bound on the per-boot seed entropy
 *              (Renyi-2, FIELD.md), since the output is a function of it;
 *   seed words each of the 8 raw seed words the guest reports, as its own
 *              region across boots: its Renyi-2 99% lower bound must reach
 *              --min-bits (a word that never changes has 0 bits: this is
 *              how "64 of 256 key bits" is caught);
 *   keyed      every boot's output is ChaCha20 (RFC 8439, block 0) under
 *              the seed it reported: a white-box known answer per boot;
 *   self-test  the guest's own kat check passed on every boot;
 *   source     the seed source each boot announced (src=), for the
 *              seeding-path matrix.
 * An image that reports no seed (a Unikraft app with pattern.secret.NAME or
 * emit.h's secret record) is judged on its first secret other than the
 * canary: unique (its whole value, up to 64 bytes) and each of its first 8
 * 32-bit words as a seed word; keyed and the self-test need the seed and
 * the kat check it cannot give, and are SKIPs with that reason.
 * A section whose every boot says src=cmdline is in fixed-seed mode:
 * identical output there is the point, so unique and seed words become
 * "all identical" and "not applicable".
 */
#ifndef HB_RUNNER_KEYING_H
#define HB_RUNNER_KEYING_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define KEYING_OUT_WORDS 16   /* 64 bytes: out=16 on the kernel command line */
#define KEYING_CONFIDENCE 0.99

struct keying_args {
	char **dirs;
	int ndirs;
	char **sections;        /* NULL: all */
	int nsections;
	double min_bits;        /* seed-word rule, default 8 */
	const char *metrics;    /* append metric records to this file; NULL: none */
};

struct sample_set;

/* What one section showed; see keying_analyze(). */
struct keying_sec {
	const struct sample_set *set;
	size_t n;                       /* passing boots with every word */
	unsigned long total;            /* boots of every outcome */
	int fixed;                      /* every boot src=cmdline */
	char src[160];                  /* "rdrand 200", ... */
	/* unique: first 64 output bytes */
	size_t distinct, top;           /* distinct outputs, largest group */
	double c, est, lo;              /* collisions, H2 estimate, 99% bound */
	/* seed words */
	double w_c[8], w_est[8], w_lo[8], w_mcv[8];
	size_t w_nd[8];
	/* keyed */
	size_t keyed;                   /* boots whose output = ChaCha20(seed) */
	uint64_t bad_row;               /* first that is not, + 1 */
	/* self-test */
	long kat_pass, kat_other;
	/* an image that reports no seed: its secret NAME, read as words */
	char secret[48];                /* "" for HB1's seed and out */
	int nwords;                     /* words judged: 8 for the seed */
};

int keying_main(const struct keying_args *a);

/* What the keying policy checks (the rng_quality suite, keying_main). */
struct keying_judge {
	double min_bits;        /* every seed word's H2 bound at 99%; NAN: off */
	int unique, keyed, selftest;
};

struct verdicts;
/* Verdicts of one analysed section. */
void keying_judge(const struct keying_sec *k, const struct keying_judge *j,
		  struct verdicts *vs, const char *suite);
/* Its metric records (rng_keyed_boots, rng_output_collision_bits,
 * rng_seed_word_bits), appended to out. */
void keying_records(const struct keying_sec *k, json_t *out);

/*
 * One section of loaded samples.  0, or -ENOENT (no seed record) / -EINVAL
 * (no out=16) with err naming the section.  A section without passing
 * boots gives n = 0 and only the counts.
 */
int keying_analyze(struct keying_sec *k, const struct sample_set *set,
		   char *err, size_t en);

/*
 * Collision (Renyi-2) entropy of n samples whose distinct values occur
 * cnt[0..nd) times: est = -log2(c / C(n,2)) with c = sum C(k,2) colliding
 * pairs (INFINITY when c = 0), and the one-sided lower bound at level conf
 * from the Poisson upper limit of c (Garwood): log2(C(n,2) / lambda_u(c)),
 * lambda_u(c) = chi2_{2(c+1)}(conf) / 2, with aslr_entropy's correction for
 * skewed sources: entropy_collision_from_counts() on these counts.
 */
void keying_collision(const size_t *cnt, size_t nd, size_t n, double conf,
		      double *c, double *est, double *lo);

/* The most a sample of n distinct values can show at conf. */
double keying_collision_cap(size_t n, double conf);

/* ChaCha20 block 0 under the seed words as the guest prints them (word i =
 * key bytes 4i..4i+3, little-endian), as 16 output words. */
void keying_expected_out(const uint32_t seed[8], uint32_t out[16]);

#endif
