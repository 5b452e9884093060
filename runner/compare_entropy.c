/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entropy of a region (entropy_* and rng_seed_word_bits records, subject
 * SECTION/REGION): the
 * aslr_entropy suite's own comparison, entropy --compare's tests on the
 * raw samples of both runs (entropy_compare_region(): chi-square over
 * pooled-quantile bins, the low bits above the alignment, collision
 * rates; Bonferroni over the three).  The hypothesis is "this region's
 * distribution did not change", so every entropy_* record of one region
 * shares one test and counts once in the Holm family; the direction comes
 * from the collision rates (or Shannon when neither side collides).
 * Without raw samples (a results directory holding metrics only) the
 * records' collision counts are compared instead (compare_collision.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "compare.h"
#include "entropy.h"

/* A side's analyzed sections: section -> struct entropy_set *, or a
 * NULL value when the section cannot be analyzed. */
static GHashTable *cmp_entropy_cache(struct cmp_run *r)
{
	if (!r->ent)
		r->ent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return r->ent;
}

static struct entropy_set *cmp_entropy_set(struct cmp_run *r, const char *section)
{
	GHashTable *h = cmp_entropy_cache(r);
	const struct sample_set *src;
	struct entropy_set *es = NULL;
	struct entropy_opts o;
	char err[256];
	gpointer v;

	if (g_hash_table_lookup_extended(h, section, NULL, &v))
		return v;
	src = r->have_samples ? samples_find(&r->s, section) : NULL;
	if (src && src->rows >= 2) {
		entropy_opts_default(&o);
		es = g_new0(struct entropy_set, 1);
		if (entropy_set_analyze(es, &r->s, src, &o, err, sizeof(err))) {
			entropy_set_free(es);
			g_free(es);
			es = NULL;
		}
	}
	g_hash_table_insert(h, g_strdup(section), es);
	return es;
}

void cmp_entropy_free(struct cmp_run *r)
{
	GHashTableIter i;
	gpointer k, v;

	if (!r->ent)
		return;
	g_hash_table_iter_init(&i, r->ent);
	while (g_hash_table_iter_next(&i, &k, &v))
		if (v) {
			entropy_set_free(v);
			g_free(v);
		}
	g_hash_table_destroy(r->ent);
	r->ent = NULL;
}

static const struct entropy_region *cmp_entropy_region(struct cmp_run *r,
						       const char *subject)
{
	const char *slash = strchr(subject, '/');
	struct entropy_set *es;
	char sec[128];
	long i;

	if (!slash)
		return NULL;
	es = cmp_entropy_set(r, cmp_section(subject, sec, sizeof(sec)));
	if (!es || (i = entropy_set_find(es, slash + 1)) < 0)
		return NULL;
	return &es->reg[i];
}

static void cmp_entropy_fmt(char *buf, size_t n, double x)
{
	if (isinf(x))
		snprintf(buf, n, "inf");
	else if (isnan(x))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f", x);
}

/* A test that could not run (too few values, no collision) has no p. */
static void cmp_entropy_p(char *buf, size_t n, double p)
{
	if (isnan(p))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.2g", p);
}

static void cmp_entropy(struct cmp_ctx *c, struct cmp_item *it)
{
	const struct entropy_region *ra = cmp_entropy_region(&c->a, it->subject);
	const struct entropy_region *rb = cmp_entropy_region(&c->b, it->subject);
	const char *better = cmp_str(it->a, "better") ?: "none";
	struct entropy_cmp ec;
	char ha[16], hb[16], p1[16], p2[16], p3[16];

	if (!ra || !rb || ra->col->n < 2 || rb->col->n < 2) {
		const struct cmp_family *f = !strcmp(it->metric, "rng_seed_word_bits") ||
			(!isnan(cmp_num(it->a, "collisions")) &&
			 !isnan(cmp_num(it->b, "collisions"))) ? &cmp_collision_family :
			&cmp_interval_family;

		snprintf(it->test, sizeof(it->test), "%s (no raw samples of the region)",
			 f->test);
		f->compare(c, it);
		return;
	}
	entropy_compare_region(ra, rb, &ec);
	snprintf(it->hyp, sizeof(it->hyp), "entropy\n%s", it->subject);
	it->p = ec.p;
	/* Lower entropy is worse for every "higher is better" view of it. */
	it->dir = !strcmp(ec.direction, "differs") || !strcmp(better, "none") ? 0 :
		  (!strcmp(ec.direction, "lower")) == !strcmp(better, "higher") ? -1 : 1;
	cmp_entropy_fmt(ha, sizeof(ha), ra->co.est);
	cmp_entropy_fmt(hb, sizeof(hb), rb->co.est);
	cmp_entropy_p(p1, sizeof(p1), ec.p_chi2);
	cmp_entropy_p(p2, sizeof(p2), ec.p_low);
	cmp_entropy_p(p3, sizeof(p3), ec.p_coll);
	snprintf(it->note, sizeof(it->note), "region %s: H2 %s -> %s bits (%g -> %g "
		 "colliding pairs); chi2 p %s, low bits p %s, collisions p %s; "
		 "Bonferroni p %.2g", ra->col->region, ha, hb, ra->co.c, rb->co.c,
		 p1, p2, p3, ec.p);
}

/* The keying suite's seed words are the same columns (secret.seed.N) as the
 * entropy regions seed.N: one region, one test. */
static const char *const cmp_entropy_match[] = { "entropy_*", "rng_seed_word_bits", NULL };

const struct cmp_family cmp_entropy_family = {
	.name = "entropy",
	.test = "entropy --compare region tests on raw samples (chi-square bins, "
		"low bits, collisions; Bonferroni)",
	.match = cmp_entropy_match,
	.compare = cmp_entropy,
};
