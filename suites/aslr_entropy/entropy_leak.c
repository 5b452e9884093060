/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Leaks between regions.  An attacker who learns one address (a stack
 * pointer in a crash dump, a heap pointer in an error message) knows
 * every region that sits at a fixed or nearly fixed distance from it.  For
 * each pair (A, B) of regions the difference D = A - B (mod 2^64) is taken
 * per boot; H(A | B) <= H(D), so if H(D) ~ 0 knowing B gives A.
 *
 * A pair is flagged when the collision entropy of D is demonstrably below
 * that of both regions: upper bound of H2(D) < min(lower H2(A), lower
 * H2(B)).  For independent regions H2(A - B) >= max(H2(A), H2(B)) (the
 * collision probability of a sum of independent variables is at most
 * either one's), so a flag needs a bound to be wrong: probability at most
 * 3 (1 - C), and in practice far less, since an independent pair of
 * randomized regions shows no collisions in D at all.
 *
 * Effective entropy of A = min(its headline bound, min over B of the lower
 * H2 bound of A - B): what is left once the worst single other region has
 * leaked (FIELD.md).  The one-leak matrix is in the JSON and the table.
 *
 * Candidates are the guest's addresses (addr.*) and the stack canary:
 * registers read from outside sit inside those regions by design.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "entropy.h"

/* Collision counts of A - B over the boots that have both. */
static void entropy_leak_pair(const struct entropy_set *s, struct entropy_pair *p,
			      double conf)
{
	const struct sample_col *a = samples_col(s->src, s->reg[p->a].col->name);
	const struct sample_col *b = samples_col(s->src, s->reg[p->b].col->name);
	uint64_t *d = malloc((s->src->rows ? s->src->rows : 1) * sizeof(*d));
	size_t n = 0;
	double c = 0, t = 0;

	for (size_t i = 0; i < s->src->rows; i++)
		if (a->have[i] && b->have[i])
			d[n++] = a->v[i] - b->v[i];
	entropy_sort_u64(d, NULL, n);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double k;

		while (j < n && d[j] == d[i])
			j++;
		k = (double)(j - i);
		c += k * (k - 1) / 2;
		t += k * (k - 1) * (k - 2) / 6;
		i = j;
	}
	free(d);
	entropy_collision_from_counts(&p->d, (double)n, c, t, conf);
}

static int entropy_leak_set(struct entropy_set *s, const struct entropy_opts *o,
			    char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	for (size_t i = 0; i < s->nreg; i++) {
		s->reg[i].effective = s->reg[i].headline;
		s->reg[i].leak_by[0] = '\0';
	}
	for (size_t i = 0; i < s->nreg; i++) {
		for (size_t j = i + 1; j < s->nreg; j++) {
			struct entropy_pair *p;
			struct entropy_region *a = &s->reg[i], *b = &s->reg[j];

			if (!a->leak_candidate || !b->leak_candidate)
				continue;
			s->pairs = g_renew(struct entropy_pair, s->pairs, s->npairs + 1);
			p = &s->pairs[s->npairs++];
			memset(p, 0, sizeof(*p));
			p->a = i;
			p->b = j;
			entropy_leak_pair(s, p, o->confidence);
			if (!p->d.valid)
				continue;
			p->flagged = p->d.hi < fmin(a->co.lo, b->co.lo);
			if (p->d.lo < a->effective) {
				a->effective = p->d.lo;
				g_strlcpy(a->leak_by, b->col->region, sizeof(a->leak_by));
			}
			if (p->d.lo < b->effective) {
				b->effective = p->d.lo;
				g_strlcpy(b->leak_by, a->col->region, sizeof(b->leak_by));
			}
		}
	}
	return 0;
}

static void entropy_leak_json(const struct entropy_set *s, json_t *regions, json_t *set)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];

		if (!r->leak_candidate)
			continue;
		json_object_set_new(json_array_get(regions, i), "effective",
				    metric_num(r->effective));
		json_object_set_new(json_array_get(regions, i), "leaked_by",
				    r->leak_by[0] ? json_string(r->leak_by) : json_null());
	}
	for (size_t k = 0; k < s->npairs; k++) {
		const struct entropy_pair *p = &s->pairs[k];

		json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:b}",
			"a", s->reg[p->a].col->region, "b", s->reg[p->b].col->region,
			"difference", entropy_collision_json_obj(&p->d), "flagged", p->flagged));
	}
	json_object_set_new(set, "leaks", arr);
}

static void entropy_leak_metrics(const struct entropy_set *s, const struct entropy_opts *o,
				 json_t *out)
{
	for (size_t i = 0; i < s->nreg; i++) {
		const struct entropy_region *r = &s->reg[i];
		json_t *m;

		if (!r->leak_candidate)
			continue;
		m = entropy_metric(s, r, "entropy_effective_bits", r->effective, "bits",
				   "higher", NAN, NAN, o->confidence,
				   "min of the region's bound and H2 lower bounds of its "
				   "differences with every other region");
		json_object_set_new(m, "leaked_by", r->leak_by[0] ? json_string(r->leak_by) :
				    json_null());
		json_array_append_new(out, m);
	}
}

const struct entropy_family entropy_leak_family = {
	.name = "leak",
	.what = "entropy of every pairwise difference; one-leak matrix, effective bits",
	.set = entropy_leak_set,
	.json = entropy_leak_json,
	.metrics = entropy_leak_metrics,
};
