/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Speed of the entropy estimators: every family on a synthetic section of
 * N boots shaped like hardened (stack, heap, base, RSP/RIP/CR3 from
 * outside, canary, 8 seed words, 2 output words; fixed seed), against a
 * baseline measured in the same run: sorting each region's values once,
 * which no estimator can avoid.  Target: all estimators for 100,000 boots
 * in under one second.  Exits 1 on a miss.
 * usage: entropy_speed [BOOTS] [BUDGET_S]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "entropy.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void add_boots(struct samples *s, size_t n, gsl_rng *r)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t st = 0x300000000000ull + ((gsl_rng_get(r) & 0xfffffff) << 12);
		uint64_t hp = 0x100000000000ull + ((gsl_rng_get(r) & 0xfffffff) << 12);
		uint64_t bs = 0x500000000000ull + ((gsl_rng_get(r) & 0xfffff) << 12);
		uint64_t can = ((uint64_t)gsl_rng_get(r) << 32 | gsl_rng_get(r)) & ~0xffull;
		char rec[1024], seed[65], out[17];
		json_t *b;

		for (int w = 0; w < 8; w++)
			snprintf(seed + 8 * w, 9, "%08lx", gsl_rng_get(r));
		snprintf(out, sizeof(out), "%08lx%08lx", gsl_rng_get(r), gsl_rng_get(r));
		snprintf(rec, sizeof(rec),
			 "{\"v\":1,\"section\":\"bench\",\"boot\":%zu,\"outcome\":\"pass\",\"img\":\"hardened\","
			 "\"addr\":{\"stack\":\"0x%016llx\",\"heap\":\"0x%016llx\",\"base\":\"0x%016llx\"},"
			 "\"regs\":{\"rip\":\"0x%016llx\",\"rsp\":\"0x%016llx\",\"cr3\":\"0x10d000\"},"
			 "\"secret\":{\"canary\":\"%016llx\",\"seed\":\"%s\",\"out\":\"%s\"}}",
			 i, (unsigned long long)st, (unsigned long long)hp, (unsigned long long)bs,
			 (unsigned long long)bs + 0x5342, (unsigned long long)st + 0x3f80,
			 (unsigned long long)can, seed, out);
		b = json_loads(rec, 0, NULL);
		samples_add(s, b, NULL);
		json_decref(b);
	}
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	double budget = argc > 2 ? strtod(argv[2], NULL) : 1.0;
	struct samples s = { .runs = json_array() };
	struct entropy_opts o;
	struct entropy_set es;
	const struct sample_set *set;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double t0, t_sort, t_all, t_out;
	char err[200];
	json_t *m = json_array(), *doc;
	int rc;

	if (n < 2 || budget <= 0) {
		fprintf(stderr, "usage: entropy_speed [BOOTS >= 2] [BUDGET_S > 0]\n");
		return 2;
	}
	gsl_rng_set(r, 7);
	add_boots(&s, n, r);
	set = samples_find(&s, "bench");
	/* Baseline: one sort of every region's values. */
	t0 = now();
	for (size_t c = 0; c < set->ncols; c++) {
		uint64_t *v;
		size_t k = samples_values(&set->cols[c], set->rows, &v);

		qsort(v, k, sizeof(*v), cmp_u64);
		free(v);
	}
	t_sort = now() - t0;
	entropy_opts_default(&o);
	t0 = now();
	rc = entropy_set_analyze(&es, &s, set, &o, err, sizeof(err));
	t_all = now() - t0;
	t0 = now();
	entropy_set_metrics(&es, &o, m);
	doc = entropy_set_json(&es, &o);
	t_out = now() - t0;
	printf("%zu boots, %zu regions, %zu leak pairs: every estimator family %.3f s "
	       "(+ JSON and %zu metric records %.3f s); baseline, one sort per column "
	       "%.3f s: ratio %.1f; target <= %.2f s: %.2f of it\n", n, es.nreg, es.npairs,
	       t_all, json_array_size(m), t_out, t_sort, t_all / t_sort, budget,
	       (t_all + t_out) / budget);
	json_decref(doc);
	json_decref(m);
	entropy_set_free(&es);
	samples_free(&s);
	gsl_rng_free(r);
	if (rc) {
		fprintf(stderr, "entropy_speed: %s\n", err);
		return 2;
	}
	return t_all + t_out > budget;
}
