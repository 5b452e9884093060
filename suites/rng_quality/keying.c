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
#include "samples.h"

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
	if (!rows)
		return 0; /* no passing boot: reported, nothing to measure */
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

/* ---- report ------------------------------------------------------------- */

struct keying_report {
	const struct keying_args *a;
	FILE *mf;
	unsigned tap;
	int failed;
};

__attribute__((format(printf, 3, 4)))
static void keying_tap(struct keying_report *rp, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", ok ? "ok" : "not ok", ++rp->tap);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		rp->failed = 1;
}

static void keying_metric(struct keying_report *rp, const struct keying_sec *k,
			  json_t *m)
{
	char *s;

	json_object_set_new(m, "image", json_string(k->set->image ? k->set->image : ""));
	json_object_set_new(m, "accel", json_string(k->set->accel ? k->set->accel : ""));
	json_object_set_new(m, "seed_src", json_string(k->src));
	s = json_dumps(m, JSON_COMPACT);
	if (rp->mf && s)
		fprintf(rp->mf, "%s\n", s);
	free(s);
	json_decref(m);
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

static void keying_report_section(struct keying_report *rp, const struct keying_sec *k)
{
	const char *sec = k->set->section;
	double cap = keying_collision_cap(k->n, KEYING_CONFIDENCE);
	char bits[64], subject[96], group[96];
	json_t *m;

	printf("# %s (%s): %lu boots, %zu passing with seed and out=16; seed "
	       "source: %s\n", sec, k->set->image ? k->set->image : "?", k->total,
	       k->n, k->src);
	keying_tap(rp, k->kat_pass == (long)k->total && !k->kat_other,
		   "%s: boot self-test: kat=pass on %ld of %lu boots", sec,
		   k->kat_pass, k->total);
	if (!k->n) {
		keying_tap(rp, 0, "%s: no passing boot with a seed record: nothing "
			   "to measure (%lu boots did not pass)", sec, k->total);
		return;
	}
	keying_tap(rp, k->keyed == k->n, "%s: keyed by its seed: %zu of %zu boots' "
		   "first 64 bytes = ChaCha20(reported seed words)%s", sec,
		   k->keyed, k->n, k->keyed == k->n ? "" :
		   ": the generator is not keyed by the seed it reports");
	m = metric_new("rng_keyed_boots", sec, (double)k->keyed / (double)k->n,
		       "ratio", "higher", k->n);
	json_object_set_new(m, "test", json_string("out words == ChaCha20 block 0 "
						   "under the reported seed"));
	keying_metric(rp, k, m);
	keying_bits(bits, sizeof(bits), k->lo, k->est);
	if (k->fixed) {
		keying_tap(rp, k->distinct == 1, "%s: fixed seed (src=cmdline on every "
			   "boot): %zu distinct first 64 output bytes in %zu boots, "
			   "identical by design", sec, k->distinct, k->n);
		printf("# %s: seed words not judged: a fixed seed has 0 bits on "
		       "purpose\n", sec);
		return;
	}
	if (k->distinct == k->n)
		group[0] = 0;
	else
		snprintf(group, sizeof(group), " (one output on %zu boots: a "
			 "statistical battery cannot see this)", k->top);
	keying_tap(rp, k->distinct == k->n, "%s: unique: %zu distinct first 64 "
		   "output bytes in %zu boots%s; per-boot seed entropy %s", sec,
		   k->distinct, k->n, group, bits);
	m = metric_new("rng_output_collision_bits", sec,
		       isinf(k->est) ? k->lo : k->est, "bits", "higher", k->n);
	keying_interval(m, k->lo, k->est);
	json_object_set_new(m, "collisions", json_real(k->c));
	json_object_set_new(m, "distinct", json_integer((json_int_t)k->distinct));
	keying_metric(rp, k, m);
	if (cap < rp->a->min_bits) {
		keying_tap(rp, 0, "%s: seed words: %zu boots can show at most %.1f "
			   "bits, below the rule's %.1f: run more boots", sec, k->n,
			   cap, rp->a->min_bits);
		return;
	}
	{
		GString *bad = g_string_new(NULL), *all = g_string_new(NULL);
		double worst = INFINITY;

		for (int i = 0; i < 8; i++) {
			if (k->w_lo[i] < rp->a->min_bits)
				g_string_append_printf(bad, "%s%d", bad->len ? "," : "", i);
			worst = fmin(worst, k->w_lo[i]);
			keying_bits(bits, sizeof(bits), k->w_lo[i], k->w_est[i]);
			g_string_append_printf(all, "%s%d: %s, %zu values", i ? "; " : "",
					       i, bits, k->w_nd[i]);
			snprintf(subject, sizeof(subject), "%s/seed.%d", sec, i);
			m = metric_new("rng_seed_word_bits", subject,
				       isinf(k->w_est[i]) ? k->w_lo[i] : k->w_est[i],
				       "bits", "higher", k->n);
			keying_interval(m, k->w_lo[i], k->w_est[i]);
			json_object_set_new(m, "mcv_bits_lower", json_real(k->w_mcv[i]));
			keying_metric(rp, k, m);
		}
		if (bad->len)
			keying_tap(rp, 0, "%s: seed words: word%s %s below %.1f bits at "
				   "99%% (rule: every word >= %.1f bits, H2 lower "
				   "bound, %zu boots)", sec, strchr(bad->str, ',') ? "s" : "",
				   bad->str, rp->a->min_bits, rp->a->min_bits, k->n);
		else
			keying_tap(rp, 1, "%s: seed words: every word >= %.1f bits at 99%% "
				   "(rule: >= %.1f, %zu boots)", sec, worst,
				   rp->a->min_bits, k->n);
		printf("#   %s seed words: %s\n", sec, all->str);
		g_string_free(bad, TRUE);
		g_string_free(all, TRUE);
	}
}

/* Sections the run skipped (no KVM for the rdseed row, ...), from run.json. */
static void keying_skipped(struct keying_report *rp, const struct samples *s)
{
	size_t i;
	json_t *run;

	json_array_foreach(s->runs, i, run) {
		size_t j;
		json_t *sec;

		json_array_foreach(json_object_get(run, "sections"), j, sec) {
			const char *name = json_string_value(json_object_get(sec, "name"));
			const char *skip = json_string_value(json_object_get(sec, "skip"));

			if (!name || !skip || samples_find(s, name) ||
			    !cli_selected(rp->a->sections, rp->a->nsections, name))
				continue;
			printf("ok %u - %s # SKIP %s\n", ++rp->tap, name, skip);
		}
	}
}

/* The seeding-path matrix: every section side by side. */
static void keying_matrix(const struct keying_sec *ks, size_t n, double min_bits)
{
	printf("# seeding-path matrix (rule: unique first 64 bytes; every seed word "
	       ">= %.1f bits at 99%%)\n", min_bits);
	printf("# %-22s %-20s %6s %9s %12s %10s %8s\n", "section", "src announced",
	       "boots", "unique", "min word", "keyed", "kat");
	for (size_t i = 0; i < n; i++) {
		const struct keying_sec *k = &ks[i];
		double worst = INFINITY;
		char uq[24], mw[24], ky[24], kt[24];

		for (int w = 0; w < 8; w++)
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
		printf("# %-22.22s %-20.20s %6lu %9s %12s %10s %8s\n", k->set->section,
		       k->src, k->total, uq, mw, ky, kt);
	}
}


int keying_main(const struct keying_args *a)
{
	struct keying_report rp = { .a = a };
	struct samples s;
	struct keying_sec *ks;
	size_t nk = 0;
	char err[512];
	int status = HB_EXIT_OK;

	if (samples_load(&s, a->dirs, a->ndirs, err, sizeof(err))) {
		fprintf(stderr, "hardboot keying: %s\n", err);
		samples_free(&s);
		return HB_EXIT_USAGE;
	}
	for (int i = 0; i < a->nsections; i++)
		if (!samples_find(&s, a->sections[i])) {
			fprintf(stderr, "hardboot keying: no section '%s' in the results\n",
				a->sections[i]);
			samples_free(&s);
			return HB_EXIT_USAGE;
		}
	if (a->out) {
		rp.mf = fopen(a->out, "ae");
		if (!rp.mf) {
			fprintf(stderr, "hardboot keying: --out %s: %s\n", a->out,
				strerror(errno));
			samples_free(&s);
			return HB_EXIT_USAGE;
		}
	}
	ks = g_new0(struct keying_sec, s.nsets ? s.nsets : 1);
	printf("TAP version 13\n");
	for (size_t i = 0; i < s.nsets && status == HB_EXIT_OK; i++) {
		const struct sample_set *set = &s.sets[i];

		if (!cli_selected(a->sections, a->nsections, set->section))
			continue;
		if (set->rows && !samples_col(set, "secret.seed.0")) {
			printf("# %s: SKIP: no seed record (image %s does not speak "
			       "the protocol's secret record)\n", set->section,
			       set->image ? set->image : "?");
			continue;
		}
		if (keying_analyze(&ks[nk], set, err, sizeof(err))) {
			fprintf(stderr, "hardboot keying: %s\n", err);
			printf("Bail out! %s\n", err);
			status = HB_EXIT_USAGE;
			break;
		}
		keying_report_section(&rp, &ks[nk++]);
	}
	if (status == HB_EXIT_OK)
		keying_skipped(&rp, &s);
	if (status == HB_EXIT_OK) {
		keying_matrix(ks, nk, a->min_bits);
		printf("1..%u\n", rp.tap);
		status = rp.failed ? HB_EXIT_CHECK : HB_EXIT_OK;
	}
	if (rp.mf)
		fclose(rp.mf);
	g_free(ks);
	samples_free(&s);
	return status;
}
