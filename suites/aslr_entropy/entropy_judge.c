/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The aslr_entropy policy, judged on one analysed section: the verdicts of
 * `hardboot suite aslr_entropy` and of `hardboot entropy --min ...` alike.
 *
 * A threshold on a region's bits is judged on its interval, not on a point:
 *   pass        the lower bound (the headline: H2 under uniformity, else
 *               the min-entropy bound, at the stated confidence) >= T
 *   fail        the upper end < T: the region demonstrably holds less
 *               (the H2 upper bound, which also bounds min-entropy since
 *               Hmin <= H2, clamped by the sample's varying bits and range)
 *   not proven  the interval straddles T: with no collision the bound is
 *               capped by the boot count, and `plan` says how many boots
 *               prove T (C(n,2) >= lambda_u(0) 2^T).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "entropy.h"
#include "entropy_judge.h"
#include "plan.h"

static int entropy_judge_match(const struct entropy_region *r, const char *glob)
{
	return !fnmatch(glob, r->col->region, 0) || !fnmatch(glob, r->col->name, 0);
}

/* Why a policy item is skipped on this section: it names no region here;
 * say which there are, so a typo shows. */
static void entropy_judge_no_region(const struct entropy_set *s, struct verdict *v,
				    const char *glob)
{
	GString *have = g_string_new(NULL);

	for (size_t k = 0; k < s->nreg && have->len < 300; k++)
		g_string_append_printf(have, "%s%s", k ? ", " : "", s->reg[k].col->region);
	verdict_why(v, "this image's boots show no region '%s' (regions: %s)", glob,
		    have->len ? have->str : "none");
	g_string_free(have, TRUE);
}

/* The least the region can hold: the structure caps the collision bound. */
static double entropy_judge_upper(const struct entropy_region *r)
{
	double hi = r->co.valid ? r->co.hi : 0;

	return fmin(hi, fmin((double)r->st.varying, r->rg.bits_hi));
}

static void entropy_judge_min(const struct entropy_set *s, const struct entropy_judge *j,
			      const struct entropy_judge_item *it, struct verdicts *vs,
			      const char *suite)
{
	const char *sec = s->src->section;
	char policy[ENTROPY_NAME_MAX + 16];
	int hit = 0;

	for (size_t k = 0; k < s->nreg; k++) {
		const struct entropy_region *r = &s->reg[k];
		double hi = entropy_judge_upper(r);
		enum verdict_status st;
		struct verdict *v;

		if (!entropy_judge_match(r, it->glob))
			continue;
		hit = 1;
		snprintf(policy, sizeof(policy), "min_bits.%s", r->col->region);
		st = r->headline >= it->v ? VERDICT_PASS : hi < it->v ? VERDICT_FAIL :
		     VERDICT_NOT_PROVEN;
		v = verdict_add(vs, suite, sec, NULL, policy, st,
				"%s/%s: %s >= %.2f bits (%g%%, n=%zu) %s %g bits", sec,
				r->col->region, r->headline_kind, r->headline,
				j->confidence * 100, r->col->n,
				st == VERDICT_PASS ? "meets" : st == VERDICT_FAIL ?
				"is below" : "does not yet show", it->v);
		g_free(v->subject);
		v->subject = g_strdup_printf("%s/%s", sec, r->col->region);
		if (st == VERDICT_NOT_PROVEN && r->co.c == 0) {
			double need = plan_prove_boots(it->v, j->confidence);

			verdict_why(v, "needs %.0f boots to prove %g bits (has %zu)", need,
				    it->v, r->col->n);
			json_object_set_new(v->data, "needs_boots", json_real(need));
		}
		else if (st == VERDICT_NOT_PROVEN)
			verdict_why(v, "%s in [%.2f, %.2f] straddles %g bits: more boots",
				    r->headline_kind, r->headline, hi, it->v);
		else if (st == VERDICT_FAIL)
			json_object_set_new(v->data, "upper", json_real(hi));
		json_object_set_new(v->data, "value", json_real(r->headline));
		json_object_set_new(v->data, "kind", json_string(r->headline_kind));
		json_object_set_new(v->data, "threshold", json_real(it->v));
		json_object_set_new(v->data, "n", json_integer((json_int_t)r->col->n));
		json_object_set_new(v->data, "confidence", json_real(j->confidence));
	}
	if (!hit) {
		struct verdict *v;

		snprintf(policy, sizeof(policy), "min_bits.%s", it->glob);
		v = verdict_add(vs, suite, sec, NULL, policy, VERDICT_SKIP,
				"%s/%s: bits", sec, it->glob);
		entropy_judge_no_region(s, v, it->glob);
	}
}

/* Boots from which `bits` balanced bits all look balanced but with
 * probability <= risk. */
static size_t entropy_judge_quality_boots(unsigned bits, double risk)
{
	size_t n = 25;

	while (n < 100000000 && (double)bits * entropy_struct_weak_p(n) > risk)
		n += n / 8 + 1;
	return n;
}

static void entropy_judge_quality(const struct entropy_set *s, const struct entropy_judge *j,
				  const struct entropy_judge_item *it,
				  struct verdicts *vs, const char *suite)
{
	const char *sec = s->src->section;
	char policy[ENTROPY_NAME_MAX + 16];
	int hit = 0;

	for (size_t k = 0; k < s->nreg; k++) {
		const struct entropy_region *r = &s->reg[k];
		int ok = r->st.quality >= it->v;
		/* a weak bit is one whose share of ones strays: a balanced bit
		 * does that by chance in few boots (n = 100: 0.35% per bit), so
		 * a shortfall is a failure only when chance cannot explain it
		 * with probability above the risk */
		double chance = (double)r->st.varying * entropy_struct_weak_p(r->col->n);
		/* fewer varying bits than the threshold: no sample size helps */
		enum verdict_status st = ok ? VERDICT_PASS :
			chance > j->risk && r->st.varying >= it->v ? VERDICT_NOT_PROVEN :
			VERDICT_FAIL;
		struct verdict *v;

		if (!entropy_judge_match(r, it->glob))
			continue;
		hit = 1;
		snprintf(policy, sizeof(policy), "quality.%s", r->col->region);
		v = verdict_add(vs, suite, sec, NULL, policy, st,
				"%s/%s: %u quality bits (%u varying, %u weak) %s %g", sec,
				r->col->region, r->st.quality, r->st.varying, r->st.weak,
				ok ? ">=" : "<", it->v);
		g_free(v->subject);
		v->subject = g_strdup_printf("%s/%s", sec, r->col->region);
		if (st == VERDICT_NOT_PROVEN)
			verdict_why(v, "in %zu boots %u balanced bits show a weak one with "
				    "probability %.2g > risk %g: needs %zu boots", r->col->n,
				    r->st.varying, chance, j->risk,
				    entropy_judge_quality_boots(r->st.varying, j->risk));
		json_object_set_new(v->data, "value", json_integer(r->st.quality));
		json_object_set_new(v->data, "threshold", json_real(it->v));
	}
	if (!hit) {
		struct verdict *v;

		snprintf(policy, sizeof(policy), "quality.%s", it->glob);
		v = verdict_add(vs, suite, sec, NULL, policy, VERDICT_SKIP,
				"%s/%s: quality bits", sec, it->glob);
		entropy_judge_no_region(s, v, it->glob);
	}
}

/* Bonferroni across every region the list names: the whole check rejects
 * a uniform layout with probability <= alpha. */
static void entropy_judge_uniform(const struct entropy_set *s, const struct entropy_judge *j,
				  struct verdicts *vs, const char *suite)
{
	const char *sec = s->src->section;
	const struct entropy_region *hits[64];
	size_t nh = 0;

	for (int i = 0; i < j->nuniform; i++)
		for (size_t k = 0; k < s->nreg && nh < G_N_ELEMENTS(hits); k++) {
			size_t q;

			if (!entropy_judge_match(&s->reg[k], j->uniform[i]))
				continue;
			for (q = 0; q < nh && hits[q] != &s->reg[k]; q++)
				;
			if (q == nh)
				hits[nh++] = &s->reg[k];
		}
	if (!nh) {
		struct verdict *v = verdict_add(vs, suite, sec, NULL, "uniform", VERDICT_SKIP,
						"%s: uniformity", sec);

		verdict_why(v, "no region of the uniform list in this image's boots");
		return;
	}
	for (size_t q = 0; q < nh; q++) {
		const struct entropy_region *r = hits[q];
		double lvl = j->uniform_alpha / (double)nh;
		struct verdict *v;

		if (!r->un.tested) {
			v = verdict_add(vs, suite, sec, NULL, "uniform", VERDICT_SKIP,
					"%s/%s: uniformity", sec, r->col->region);
			verdict_why(v, "%s", r->un.range);
		} else {
			v = verdict_add(vs, suite, sec, NULL, "uniform",
					r->un.p >= lvl ? VERDICT_PASS : VERDICT_FAIL,
					"%s/%s: uniformity p = %.3g over %s (%u tests) %s alpha %.3g",
					sec, r->col->region, r->un.p, r->un.range, r->un.ntests,
					r->un.p >= lvl ? ">=" : "<", lvl);
			json_object_set_new(v->data, "value", json_real(r->un.p));
			json_object_set_new(v->data, "alpha", json_real(lvl));
		}
		g_free(v->subject);
		v->subject = g_strdup_printf("%s/%s", sec, r->col->region);
	}
}

static void entropy_judge_leaks(const struct entropy_set *s, struct verdicts *vs,
				const char *suite)
{
	const char *sec = s->src->section;
	int any = 0;

	for (size_t q = 0; q < s->npairs; q++) {
		const struct entropy_pair *p = &s->pairs[q];
		struct verdict *v;

		if (!p->flagged)
			continue;
		any = 1;
		v = verdict_add(vs, suite, sec, NULL, "no_leak", VERDICT_FAIL,
				"%s: %s - %s has H2 <= %.2f bits (%.0f collisions in %.0f "
				"pairs): one leaks the other", sec, s->reg[p->a].col->region,
				s->reg[p->b].col->region, p->d.hi, p->d.c, p->d.pairs);
		g_free(v->subject);
		v->subject = g_strdup_printf("%s/%s-%s", sec, s->reg[p->a].col->region,
					     s->reg[p->b].col->region);
	}
	if (!any)
		verdict_add(vs, suite, sec, NULL, "no_leak", VERDICT_PASS,
			    "%s: no pair of %zu leaks another", sec, s->npairs);
}

void entropy_judge(const struct entropy_set *s, const struct entropy_judge *j,
		   struct verdicts *vs, const char *suite)
{
	for (int i = 0; i < j->nmin; i++)
		entropy_judge_min(s, j, &j->min[i], vs, suite);
	for (int i = 0; i < j->nquality; i++)
		entropy_judge_quality(s, j, &j->quality[i], vs, suite);
	if (j->nuniform)
		entropy_judge_uniform(s, j, vs, suite);
	if (j->no_leak)
		entropy_judge_leaks(s, vs, suite);
	if (j->layout) {
		const struct entropy_layout *l = &s->layout;
		const char *sec = s->src->section;

		verdict_add(vs, suite, sec, NULL, "layout",
			    l->checked && l->bad == 0 && l->rows > 0 ? VERDICT_PASS :
			    VERDICT_FAIL, "%s: layout valid in %lu of %lu boots%s%s", sec,
			    l->rows - l->bad, l->rows, l->first_bad >= 0 ? "; first invalid: " :
			    "", l->first_bad >= 0 ? l->first_why : "");
	}
}
