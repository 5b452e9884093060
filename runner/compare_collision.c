/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Collision (Renyi-2) estimates: the keying suite's output bits, and its
 * seed words and the entropy records when no raw samples are behind them
 * (compare_entropy.c).  Each side saw c colliding pairs among P = C(n,2);
 * under "same distribution" the two counts are Poisson with means
 * proportional to P, so given their sum c_A is binomial with p = P_A /
 * (P_A + P_B): an exact conditional test (Przyborowski & Wilenski 1940),
 * entropy --compare's third test where Poisson holds (rare collisions
 * spread over many values).  More collisions per pair means fewer bits.
 */
#include <math.h>
#include <stdio.h>

#include "compare.h"
#include "stats.h"
#include "entropy.h"

/* c and C(n,2) of a record: "collisions" when given, else back from the
 * estimate H2 = -log2(c / C(n,2)); a censored record (no upper end: no
 * collision seen) has c = 0. */
static int cmp_collision_counts(json_t *m, double *c, double *pairs)
{
	double n = cmp_num(m, "n"), v = cmp_num(m, "value");
	json_t *iv = json_object_get(m, "interval");

	if (isnan(n) || n < 2)
		return -1;
	*pairs = n * (n - 1) / 2;
	*c = cmp_num(m, "collisions");
	if (!isnan(*c))
		return 0;
	if (json_is_array(iv) && json_is_null(json_array_get(iv, 1))) {
		*c = 0;
		return 0;
	}
	if (isnan(v))
		return -1;
	*c = nearbyint(*pairs * exp2(-v));
	return 0;
}

static void cmp_collision(struct cmp_ctx *c, struct cmp_item *it)
{
	double ca, pa, cb, pb;

	(void)c;
	if (cmp_collision_counts(it->a, &ca, &pa) || cmp_collision_counts(it->b, &cb, &pb)) {
		snprintf(it->note, sizeof(it->note), "no collision count or n in the records");
		return;
	}
	it->p = ca + cb > 0 ? stats_binom_two_sided(ca, ca + cb, pa / (pa + pb)) : 1;
	it->dir = cb / pb > ca / pa ? -1 : cb / pb < ca / pa ? 1 : 0;
	snprintf(it->note, sizeof(it->note), "%.0f colliding pairs of %.3g -> %.0f of %.3g%s",
		 ca, pa, cb, pb, ca + cb > 0 ? "" : ": none on either side, both bounds "
		 "limited by n");
}

static const char *const cmp_collision_match[] = {
	"rng_output_collision_bits", "*_collision_bits", NULL,
};

const struct cmp_family cmp_collision_family = {
	.name = "collision",
	.test = "collision counts, exact conditional binomial (two Poisson rates)",
	.match = cmp_collision_match,
	.compare = cmp_collision,
};
