/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chacha.h"
#include "cli.h"
#include "entropy.h"
#include "keying.h"
#include "metric.h"
#include "run.h"
#include "results.h"
#include "samples.h"
#include "tap.h"
#include "verdict.h"

/* aslr_entropy's collision family (entropy_collision.c) on given counts. */
void keying_collision(const size_t *cnt, size_t nd, size_t n, double conf,
		      double *c, double *est, double *lo)
{
	struct entropy_collision co;
	double t;

	entropy_collision_counts(cnt, nd, c, &t);
	entropy_collision_from_counts(&co, (double)n, *c, t, conf);
	*est = co.est;
	*lo = co.lo;
}

double keying_collision_cap(size_t n, double conf)
{
	double c, est, lo;

	keying_collision(NULL, 0, n, conf, &c, &est, &lo);
	return lo;
}

void keying_expected_out(const uint32_t seed[8], uint32_t out[16])
{
	static const uint32_t nonce[3];
	uint8_t b[CHACHA_BLOCK];

	/* The seed words are the key words as RFC 8439 loads them. */
	chacha20_block(seed, 0, nonce, b);
	for (int i = 0; i < 16; i++)
		out[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
			 (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
}

/* ---- one section -------------------------------------------------------- */

static int keying_u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int keying_outcmp(const void *a, const void *b)
{
	return memcmp(a, b, KEYING_OUT_WORDS * sizeof(uint32_t));
}

/*
 * One seed word across boots, as aslr_entropy sees any 32-bit region: its
 * collision estimate with the 99% Garwood bound and NIST SP 800-90B's
 * most-common-value bound (entropy_collision.c, entropy_mcv.c).
 */
static void keying_word(struct keying_sec *k, int i, const uint32_t *w, size_t n)
{
	struct entropy_opts o;
	struct entropy_region reg;
	struct entropy_col col;
	uint64_t *v = g_new(uint64_t, n ? n : 1);
	char name[32], region[16];

	entropy_opts_default(&o);
	o.confidence = KEYING_CONFIDENCE;
	for (size_t r = 0; r < n; r++)
		v[r] = w[r];
	snprintf(name, sizeof(name), "secret.seed.%d", i);
	snprintf(region, sizeof(region), "seed.%d", i);
	if (n >= 2 && !entropy_col_init(&col, name, region, 32, v, n)) {
		entropy_region_analyze(&reg, &col, &o);
		k->w_c[i] = reg.co.c;
		k->w_est[i] = reg.co.est;
		k->w_lo[i] = reg.co.lo;
		k->w_mcv[i] = reg.mcv.lo;
		entropy_col_free(&col);
	} else {
		k->w_c[i] = 0;
		k->w_est[i] = k->w_lo[i] = k->w_mcv[i] = NAN;
	}
	g_free(v);
}

/* Group sizes of a sorted array of n items of size sz. */
static size_t keying_groups(const void *v, size_t n, size_t sz, size_t *cnt,
			    size_t *top)
{
	const uint8_t *p = v;
	size_t nd = 0;

	*top = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || memcmp(p + i * sz, p + (i - 1) * sz, sz))
			cnt[nd++] = 0;
		cnt[nd - 1]++;
		if (cnt[nd - 1] > *top)
			*top = cnt[nd - 1];
	}
	return nd;
}

static long keying_count(json_t *checks, const char *name, const char *res)
{
	return (long)json_integer_value(json_object_get(json_object_get(checks, name),
							res));
}

/* The first secret of an image that reports no seed, other than the
 * canary, as 32-bit word columns secret.NAME.0 ...; 0 words: none. */
static int keying_secret_cols(const struct sample_set *set, char *name, size_t nlen,
			      const struct sample_col **wc)
{
	for (size_t c = 0; c < set->ncols; c++) {
		const char *col = set->cols[c].name, *dot;
		char want[96];
		int n = 0;

		if (strncmp(col, "secret.", 7) || !(dot = strrchr(col, '.')) ||
		    strcmp(dot, ".0") || dot == col + 6)
			continue;
		snprintf(name, nlen, "%.*s", (int)(dot - col - 7), col + 7);
		while (n < KEYING_OUT_WORDS) {
			snprintf(want, sizeof(want), "secret.%s.%d", name, n);
			if (!(wc[n] = samples_col(set, want)))
				break;
			n++;
		}
		return n;
	}
	return 0;
}

/* Unique values and bits per word of a secret that is all the image
 * reports (no seed to check it against). */
static int keying_analyze_secret(struct keying_sec *k, const struct sample_set *set,
				 char *err, size_t en)
{
	const struct sample_col *wc[KEYING_OUT_WORDS];
	uint32_t (*outs)[KEYING_OUT_WORDS];
	size_t *cnt, rows = set->rows;
	uint32_t *w;
	int nw = keying_secret_cols(set, k->secret, sizeof(k->secret), wc);

	if (!nw) {
		snprintf(err, en, "section %s: no secret.seed.0 and no secret in words: "
			 "the image reports no seed record", set->section);
		return -ENOENT;
	}
	k->nwords = nw < 8 ? nw : 8;
	outs = g_malloc0_n(rows ? rows : 1, sizeof(*outs));
	w = g_new(uint32_t, rows ? rows : 1);
	cnt = g_new(size_t, rows ? rows : 1);
	for (size_t r = 0; r < rows; r++) {
		int ok = 1;

		for (int i = 0; i < nw; i++) {
			ok &= wc[i]->have[r];
			outs[k->n][i] = (uint32_t)wc[i]->v[r];
		}
		if (ok)
			k->n++;
	}
	qsort(outs, k->n, sizeof(outs[0]), keying_outcmp);
	k->distinct = keying_groups(outs, k->n, sizeof(outs[0]), cnt, &k->top);
	keying_collision(cnt, k->distinct, k->n, KEYING_CONFIDENCE, &k->c, &k->est,
			 &k->lo);
	for (int i = 0; i < k->nwords; i++) {
		size_t n = 0, top;

		for (size_t r = 0; r < rows; r++)
			if (wc[i]->have[r])
				w[n++] = (uint32_t)wc[i]->v[r];
		qsort(w, n, sizeof(w[0]), keying_u32cmp);
		k->w_nd[i] = keying_groups(w, n, sizeof(w[0]), cnt, &top);
		keying_word(k, i, w, n);
	}
	g_free(outs);
	g_free(w);
	g_free(cnt);
	return 0;
}

int keying_analyze(struct keying_sec *k, const struct sample_set *set,
			  char *err, size_t en)
{
	const struct sample_col *sc[8], *oc[KEYING_OUT_WORDS];
	uint32_t (*outs)[KEYING_OUT_WORDS];
	uint32_t *w;
	size_t *cnt, rows = set->rows;
	const char *key;
	json_t *v;

	memset(k, 0, sizeof(*k));
	k->set = set;
	k->total = samples_total(set);
	k->kat_pass = keying_count(set->checks, "kat", "pass");
	k->kat_other = keying_count(set->checks, "kat", "fail") +
		       keying_count(set->checks, "kat", "skip");
	k->fixed = json_object_size(set->srcs) == 1 &&
		   json_object_get(set->srcs, "cmdline");
	json_object_foreach(set->srcs, key, v) {
		size_t used = strlen(k->src);

		snprintf(k->src + used, sizeof(k->src) - used, "%s%s %lld",
			 used ? ", " : "", key, (long long)json_integer_value(v));
	}
	if (!k->src[0])
		snprintf(k->src, sizeof(k->src), "none reported");
	k->nwords = 8;
	if (!rows)
		return 0; /* no passing boot: reported, nothing to measure */
	if (!samples_col(set, "secret.seed.0"))
		return keying_analyze_secret(k, set, err, en);
	for (int i = 0; i < 8; i++) {
		char name[32];

		snprintf(name, sizeof(name), "secret.seed.%d", i);
		sc[i] = samples_col(set, name);
		if (!sc[i]) {
			snprintf(err, en, "section %s: no %s: the image reports no "
				 "seed record", set->section, name);
			return -ENOENT;
		}
	}
	for (int i = 0; i < KEYING_OUT_WORDS; i++) {
		char name[32];

		snprintf(name, sizeof(name), "secret.out.%d", i);
		oc[i] = samples_col(set, name);
		if (!oc[i]) {
			snprintf(err, en, "section %s: no %s: the first 64 output "
				 "bytes need 'append = out=16' in the suite",
				 set->section, name);
			return -EINVAL;
		}
	}
	outs = g_malloc_n(rows, sizeof(*outs));
	w = g_new(uint32_t, rows);
	cnt = g_new(size_t, rows);
	/* Rows that have all 24 words; per-boot known answer on the way. */
	for (size_t r = 0; r < rows; r++) {
		uint32_t seed[8], want[KEYING_OUT_WORDS];
		int ok = 1;

		for (int i = 0; i < 8; i++) {
			ok &= sc[i]->have[r];
			seed[i] = (uint32_t)sc[i]->v[r];
		}
		for (int i = 0; i < KEYING_OUT_WORDS; i++) {
			ok &= oc[i]->have[r];
			outs[k->n][i] = (uint32_t)oc[i]->v[r];
		}
		if (!ok)
			continue;
		keying_expected_out(seed, want);
		if (!memcmp(want, outs[k->n], sizeof(want)))
			k->keyed++;
		else if (!k->bad_row)
			k->bad_row = r + 1;
		k->n++;
	}
	qsort(outs, k->n, sizeof(outs[0]), keying_outcmp);
	k->distinct = keying_groups(outs, k->n, sizeof(outs[0]), cnt, &k->top);
	keying_collision(cnt, k->distinct, k->n, KEYING_CONFIDENCE, &k->c, &k->est,
			 &k->lo);
	for (int i = 0; i < 8; i++) {
		size_t n = 0, top, nd;

		for (size_t r = 0; r < rows; r++)
			if (sc[i]->have[r])
				w[n++] = (uint32_t)sc[i]->v[r];
		qsort(w, n, sizeof(w[0]), keying_u32cmp);
		nd = keying_groups(w, n, sizeof(w[0]), cnt, &top);
		k->w_nd[i] = nd;
		keying_word(k, i, w, n);
	}
	g_free(outs);
	g_free(w);
	g_free(cnt);
	return 0;
}

/* ---- records and verdicts ---------------------------------------------- */

static json_t *keying_metric(const struct keying_sec *k, json_t *m)
{
	json_object_set_new(m, "image", json_string(k->set->image ? k->set->image : ""));
	json_object_set_new(m, "accel", json_string(k->set->accel ? k->set->accel : ""));
	json_object_set_new(m, "seed_src", json_string(k->src));
	return m;
}

/* [lower bound, estimate]; JSON has no infinity: null when uncensored. */
static void keying_interval(json_t *m, double lo, double est)
{
	json_object_set_new(m, "interval", json_pack("[f,o]", lo, isinf(est) ?
						     json_null() : json_real(est)));
	json_object_set_new(m, "confidence", json_real(KEYING_CONFIDENCE));
	json_object_set_new(m, "test", json_string("Renyi-2 collision estimator, "
			    "Garwood Poisson lower bound (one-sided)"));
}

static void keying_bits(char *buf, size_t n, double lo, double est)
{
	if (isinf(est))
		snprintf(buf, n, ">= %.1f bits (no collision)", lo);
	else
		snprintf(buf, n, "%.1f bits (>= %.1f at 99%%)", est, lo);
}

/* What the per-word rule looks at: the seed, or an image's own secret. */
static const char *keying_word_of(const struct keying_sec *k)
{
	return k->secret[0] ? k->secret : "seed";
}

void keying_records(const struct keying_sec *k, json_t *out)
{
	const char *sec = k->set->section;
	char subject[96];
	json_t *m;

	if (!k->n)
		return;
	if (!k->secret[0]) {
		m = metric_new("rng_keyed_boots", sec, (double)k->keyed / (double)k->n,
			       "ratio", "higher", k->n);
		json_object_set_new(m, "test", json_string("out words == ChaCha20 "
				    "block 0 under the reported seed"));
		metric_rate(m, k->keyed);
		json_array_append_new(out, keying_metric(k, m));
	}
	if (k->fixed)
		return;
	m = metric_new("rng_output_collision_bits", sec,
		       isinf(k->est) ? k->lo : k->est, "bits", "higher", k->n);
	keying_interval(m, k->lo, k->est);
	json_object_set_new(m, "collisions", json_real(k->c));
	json_object_set_new(m, "distinct", json_integer((json_int_t)k->distinct));
	metric_compare(m, METRIC_COLLISION);
	json_array_append_new(out, keying_metric(k, m));
	for (int i = 0; i < k->nwords; i++) {
		snprintf(subject, sizeof(subject), "%s/%s.%d", sec, keying_word_of(k), i);
		m = metric_new("rng_seed_word_bits", subject,
			       isinf(k->w_est[i]) ? k->w_lo[i] : k->w_est[i],
			       "bits", "higher", k->n);
		keying_interval(m, k->w_lo[i], k->w_est[i]);
		json_object_set_new(m, "collisions", json_real(k->w_c[i]));
		json_object_set_new(m, "mcv_bits_lower", json_real(k->w_mcv[i]));
		metric_compare(m, METRIC_COLLISION);
		json_array_append_new(out, keying_metric(k, m));
	}
}

static void keying_judge_words(const struct keying_sec *k, const struct keying_judge *j,
			       struct verdicts *vs, const char *suite)
{
	const char *sec = k->set->section;
	double cap = keying_collision_cap(k->n, KEYING_CONFIDENCE);
	char bits[64];

	for (int i = 0; i < k->nwords; i++) {
		enum verdict_status st;
		struct verdict *v;

		/* No collision and a bound capped by the boot count below the
		 * rule: the boots cannot tell yet.  Collisions that keep the
		 * bound below it: the word holds less. */
		st = k->w_lo[i] >= j->min_bits ? VERDICT_PASS :
		     k->w_c[i] <= 2 && cap < j->min_bits + 0.5 ? VERDICT_NOT_PROVEN :
		     VERDICT_FAIL;
		keying_bits(bits, sizeof(bits), k->w_lo[i], k->w_est[i]);
		v = verdict_add(vs, suite, sec, NULL, "seed_word_bits", st,
				"%s/%s.%d: %s, %zu values in %zu boots %s %g bits", sec, keying_word_of(k), i,
				bits, k->w_nd[i], k->n, st == VERDICT_PASS ? "meets" :
				st == VERDICT_FAIL ? "is below" : "does not yet show",
				j->min_bits);
		g_free(v->subject);
		v->subject = g_strdup_printf("%s/%s.%d", sec, keying_word_of(k), i);
		if (st == VERDICT_NOT_PROVEN)
			verdict_why(v, "%zu boots show at most %.1f bits", k->n, cap);
		json_object_set_new(v->data, "value", json_real(k->w_lo[i]));
		json_object_set_new(v->data, "threshold", json_real(j->min_bits));
	}
}

/* An image that reports no seed: its secret's values across boots. */
static void keying_judge_secret(const struct keying_sec *k, const struct keying_judge *j,
				struct verdicts *vs, const char *suite)
{
	const char *sec = k->set->section;
	struct verdict *v;
	char bits[64];

	if (j->selftest && !k->kat_pass && !k->kat_other) {
		v = verdict_add(vs, suite, sec, NULL, "selftest", VERDICT_SKIP, "%s", sec);
		verdict_why(v, "the image reports no kat check");
	} else if (j->selftest) {
		verdict_add(vs, suite, sec, NULL, "selftest",
			    k->kat_pass == (long)k->total && !k->kat_other ? VERDICT_PASS :
			    VERDICT_FAIL, "%s: boot self-test: kat=pass on %ld of %lu boots",
			    sec, k->kat_pass, k->total);
	}
	if (j->keyed) {
		v = verdict_add(vs, suite, sec, NULL, "keyed", VERDICT_SKIP, "%s", sec);
		verdict_why(v, "no seed reported: secret %s cannot be checked against one",
			    k->secret);
	}
	if (!k->n) {
		verdict_add(vs, suite, sec, NULL, "unique_output", VERDICT_FAIL, "%s: no "
			    "passing boot with secret %s: nothing to measure (%lu boots "
			    "did not pass)", sec, k->secret, k->total);
		return;
	}
	keying_bits(bits, sizeof(bits), k->lo, k->est);
	if (j->unique) {
		v = verdict_add(vs, suite, sec, NULL, "unique_output",
			k->distinct == k->n ? VERDICT_PASS : VERDICT_FAIL, "%s: unique: %zu "
			"distinct values of secret %s in %zu boots; per-boot entropy %s",
			sec, k->distinct, k->secret, k->n, bits);
		json_object_set_new(v->data, "distinct", json_integer((json_int_t)k->distinct));
		json_object_set_new(v->data, "n", json_integer((json_int_t)k->n));
	}
	if (!isnan(j->min_bits))
		keying_judge_words(k, j, vs, suite);
}

void keying_judge(const struct keying_sec *k, const struct keying_judge *j,
		  struct verdicts *vs, const char *suite)
{
	const char *sec = k->set->section;
	char bits[64];

	if (k->secret[0]) {
		keying_judge_secret(k, j, vs, suite);
		return;
	}

	if (j->selftest)
		verdict_add(vs, suite, sec, NULL, "selftest",
			    k->kat_pass == (long)k->total && !k->kat_other ? VERDICT_PASS :
			    VERDICT_FAIL, "%s: boot self-test: kat=pass on %ld of %lu boots",
			    sec, k->kat_pass, k->total);
	if (!k->n) {
		verdict_add(vs, suite, sec, NULL, "keyed", VERDICT_FAIL, "%s: no passing "
			    "boot with a seed record: nothing to measure (%lu boots did "
			    "not pass)", sec, k->total);
		return;
	}
	if (j->keyed)
		verdict_add(vs, suite, sec, NULL, "keyed", k->keyed == k->n ? VERDICT_PASS :
			    VERDICT_FAIL, "%s: keyed by its seed: %zu of %zu boots' first 64 "
			    "bytes = ChaCha20(reported seed words)%s", sec, k->keyed, k->n,
			    k->keyed == k->n ? "" : ": not keyed by the seed it reports");
	if (k->fixed) {
		/* fixed-seed mode: identical output on every boot is the point */
		struct verdict *v = verdict_add(vs, suite, sec, NULL, "unique_output",
			k->distinct == 1 ? VERDICT_SKIP : VERDICT_FAIL, "%s: fixed seed "
			"(src=cmdline on every boot): %zu distinct first 64 output bytes in "
			"%zu boots", sec, k->distinct, k->n);

		verdict_why(v, "a fixed seed repeats by design; seed words not judged");
		return;
	}
	keying_bits(bits, sizeof(bits), k->lo, k->est);
	if (j->unique) {
		struct verdict *v = verdict_add(vs, suite, sec, NULL, "unique_output",
			k->distinct == k->n ? VERDICT_PASS : VERDICT_FAIL, "%s: unique: %zu "
			"distinct first 64 output bytes in %zu boots%s; per-boot seed "
			"entropy %s", sec, k->distinct, k->n, k->distinct == k->n ? "" :
			" (a statistical battery cannot see this)", bits);

		json_object_set_new(v->data, "distinct", json_integer((json_int_t)k->distinct));
		json_object_set_new(v->data, "n", json_integer((json_int_t)k->n));
	}
	if (!isnan(j->min_bits))
		keying_judge_words(k, j, vs, suite);
}

/* Sections the run skipped (no KVM for the rdseed row, ...), from run.json. */
static void keying_skipped(const struct keying_args *a, const struct samples *s,
			   struct verdicts *vs)
{
	size_t i;
	json_t *run;

	json_array_foreach(s->runs, i, run) {
		size_t j;
		json_t *sec;

		json_array_foreach(json_object_get(run, "sections"), j, sec) {
			const char *name = json_string_value(json_object_get(sec, "name"));
			const char *skip = json_string_value(json_object_get(sec, "skip"));
			struct verdict *v;

			if (!name || !skip || samples_find(s, name) ||
			    !cli_selected(a->sections, a->nsections, name))
				continue;
			v = verdict_add(vs, "keying", name, NULL, "boots", VERDICT_SKIP,
					"%s", name);
			verdict_why(v, "%s", skip);
		}
	}
}

/* The seeding-path matrix: every section side by side. */
static void keying_matrix(struct tap *t, const struct keying_sec *ks, size_t n, double min_bits)
{
	tap_diag(t, "seeding-path matrix (rule: unique first 64 bytes; every seed word "
	       ">= %.1f bits at 99%%)", min_bits);
	tap_diag(t, "%-22s %-20s %6s %9s %12s %10s %8s", "section", "src announced",
	       "boots", "unique", "min word", "keyed", "kat");
	for (size_t i = 0; i < n; i++) {
		const struct keying_sec *k = &ks[i];
		double worst = INFINITY;
		char uq[24], mw[24], ky[24], kt[24];

		for (int w = 0; w < k->nwords; w++)
			worst = fmin(worst, k->w_lo[w]);
		if (!k->n)
			snprintf(uq, sizeof(uq), "-");
		else
			snprintf(uq, sizeof(uq), "%zu/%zu", k->distinct, k->n);
		if (!k->n || k->fixed)
			snprintf(mw, sizeof(mw), k->fixed ? "fixed" : "-");
		else
			snprintf(mw, sizeof(mw), "%.1f bits", worst);
		snprintf(ky, sizeof(ky), "%zu/%zu", k->keyed, k->n);
		snprintf(kt, sizeof(kt), "%ld/%lu", k->kat_pass, k->total);
		tap_diag(t, "%-22.22s %-20.20s %6lu %9s %12s %10s %8s", k->set->section,
		       k->src, k->total, uq, mw, ky, kt);
	}
}


int keying_main(const struct keying_args *a)
{
	struct keying_judge j = { .min_bits = a->min_bits, .unique = 1, .keyed = 1,
				  .selftest = 1 };
	struct samples s;
	struct keying_sec *ks;
	struct verdicts vs;
	struct tap t;
	json_t *recs = json_array();
	size_t nk = 0;
	char err[512];
	unsigned ok, failed, np, skipped, expected;
	int status = HB_EXIT_OK;

	if (samples_load(&s, a->dirs, a->ndirs, err, sizeof(err))) {
		fprintf(stderr, "hardboot keying: %s\n", err);
		samples_free(&s);
		json_decref(recs);
		return HB_EXIT_USAGE;
	}
	for (int i = 0; i < a->nsections; i++)
		if (!samples_find(&s, a->sections[i])) {
			fprintf(stderr, "hardboot keying: no section '%s' in the results\n",
				a->sections[i]);
			samples_free(&s);
			json_decref(recs);
			return HB_EXIT_USAGE;
		}
	/* Nothing to judge is not a pass: a usage error, as entropy says. */
	if (!s.nsets) {
		fprintf(stderr, "hardboot keying: no sections in the results\n");
		samples_free(&s);
		json_decref(recs);
		return HB_EXIT_USAGE;
	}
	verdicts_init(&vs);
	ks = g_new0(struct keying_sec, s.nsets ? s.nsets : 1);
	tap_begin(&t, NULL);
	for (size_t i = 0; i < s.nsets && status == HB_EXIT_OK; i++) {
		const struct sample_set *set = &s.sets[i];
		int rc;

		if (!cli_selected(a->sections, a->nsections, set->section))
			continue;
		rc = keying_analyze(&ks[nk], set, err, sizeof(err));
		if (rc == -ENOENT && set->rows) {
			tap_diag(&t, "%s: SKIP: no seed record and no secret in words (image "
				 "%s reports neither)", set->section,
				 set->image ? set->image : "?");
			continue;
		}
		if (rc) {
			fprintf(stderr, "hardboot keying: %s\n", err);
			tap_bail(&t, "%s", err);
			status = HB_EXIT_USAGE;
			break;
		}
		if (ks[nk].secret[0])
			tap_diag(&t, "%s (%s): %lu boots, %zu passing with secret %s (%d words "
				 "judged); no seed reported", set->section,
				 set->image ? set->image : "?", ks[nk].total, ks[nk].n,
				 ks[nk].secret, ks[nk].nwords);
		else
			tap_diag(&t, "%s (%s): %lu boots, %zu passing with seed and out=16; seed "
				 "source: %s", set->section, set->image ? set->image : "?",
				 ks[nk].total, ks[nk].n, ks[nk].src);
		keying_records(&ks[nk], recs);
		keying_judge(&ks[nk++], &j, &vs, "keying");
	}
	if (status == HB_EXIT_OK) {
		keying_skipped(a, &s, &vs);
		verdicts_tap(&vs, NULL, &t);
		keying_matrix(&t, ks, nk, a->min_bits);
		tap_plan(&t, t.n);
		verdicts_count(&vs, NULL, &ok, &failed, &np, &skipped, &expected);
		status = failed ? HB_EXIT_CHECK : HB_EXIT_OK;
	}
	if (a->metrics && status != HB_EXIT_USAGE &&
	    results_append_records(a->metrics, recs, err, sizeof(err))) {
		fprintf(stderr, "hardboot keying: %s\n", err);
		status = HB_EXIT_INFRA;
	}
	json_decref(recs);
	verdicts_free(&vs);
	g_free(ks);
	samples_free(&s);
	return status;
}
