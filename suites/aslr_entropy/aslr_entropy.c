/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The aslr_entropy suite: how many bits of ASLR (and of the canary and
 * the seed words) each configuration really has, with bounds at a stated
 * confidence, leaks between regions and the layout of every boot
 * (README.md beside this file).
 *
 * Boot counts are planned from the policy: every threshold T on a region
 * whose source really has B bits (the image's claims in the manifest, or
 * true_bits.REGION, else T + 8) gets the boots that keep a B-bit source
 * from failing T with probability above `risk` (plan_true_boots), and the
 * section boots the largest of them.
 */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "entropy.h"
#include "entropy_judge.h"
#include "plan.h"
#include "samples.h"
#include "suites.h"

static const struct policy_key aslr_policy[] = {
	{ "confidence", POLICY_PROB, "0.99", NULL,
	  "level of every bound, one-sided" },
	{ "risk", POLICY_PROB, "2.5e-5", NULL,
	  "false-failure chance per threshold the boot counts are planned for "
	  "(hardboot plan --true)" },
	{ "alpha", POLICY_PROB, "1e-5", NULL,
	  "uniformity test level per region that picks the headline kind: H2 "
	  "(collision) while uniformity holds, else the min-entropy bound" },
	{ "min_bits.*", POLICY_BITS, NULL, NULL,
	  "min_bits.REGION = BITS: the region's headline lower bound >= BITS "
	  "(REGION a glob: stack, seed.*)" },
	{ "quality.*", POLICY_COUNT, NULL, NULL,
	  "quality.REGION = N: at least N paxtest quality bits" },
	{ "true_bits.*", POLICY_BITS, NULL, NULL,
	  "true_bits.REGION = BITS: what the region really holds, for planning "
	  "(default: the image's claims, else the threshold + 8)" },
	{ "uniform", POLICY_LIST, NULL, NULL,
	  "regions whose uniformity must not be rejected (globs, comma separated)" },
	{ "uniform_alpha", POLICY_PROB, "1e-4", NULL,
	  "level of the uniform check, shared by its regions (Bonferroni)" },
	{ "no_leak", POLICY_REQUIRED, NULL, NULL,
	  "required: no pair of regions leaks one another (H2 of the difference)" },
	{ "layout", POLICY_REQUIRED, NULL, NULL,
	  "required: every boot's layout valid (canonical, disjoint, guard gaps)" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const char *const aslr_metrics[] = {
	"entropy_headline_bits", "entropy_collision_bits", "entropy_mcv_min_bits",
	"entropy_range_bits", "entropy_varying_bits", "entropy_quality_bits",
	"entropy_bitsum_bits", "entropy_shannon_bits", "entropy_uniformity_p",
	"entropy_effective_bits", "layout_invalid_rate", "policy_verdict", NULL,
};

/* What a region of this image really holds, by its manifest claims:
 * NAN when the image claims nothing for it. */
static double aslr_claimed(const struct section *sec, const char *region)
{
	json_t *claims = json_object_get(sec->img.entry, "claims");
	json_t *v = json_object_get(json_object_get(claims, "aslr"), region);

	if (json_is_number(v))
		return json_number_value(v);
	/* a random canary: 64 bits with the low byte zero (string terminator) */
	if (!strcmp(region, "canary"))
		return !strcmp(json_string_value(json_object_get(claims, "canary")) ?: "",
			       "random") ? 56 : NAN;
	/* seed words come from the hardware generator: 32 bits each */
	if (!fnmatch("seed.*", region, 0))
		return !strcmp(json_string_value(json_object_get(claims, "seed")) ?: "",
			       "hw") ? 32 : NAN;
	return NAN;
}

/* The regions a min_bits glob plans for: its own name, or for a family
 * glob the regions the image is known to report. */
static const char *const aslr_known_regions[] = {
	"stack", "heap", "base", "canary", "seed.0", NULL,
};

static unsigned long aslr_plan(const struct suite_ctx *c, const struct section *sec,
			       char *why, size_t n)
{
	char **keys = policy_family(c->s, sec, c->desc->policy, "min_bits.*");
	double conf = policy_num(c->s, sec, c->desc->policy, "confidence");
	double risk = policy_num(c->s, sec, c->desc->policy, "risk");
	double most = 0;
	char what[200] = "";

	for (char **k = keys; *k; k++) {
		const char *glob = *k + strlen("min_bits.");
		double t = policy_num(c->s, sec, c->desc->policy, *k);

		if (isnan(t))
			continue;
		for (const char *const *r = aslr_known_regions; *r; r++) {
			char tk[96];
			struct plan_true pt;
			double tb, boots;

			if (fnmatch(glob, *r, 0))
				continue;
			snprintf(tk, sizeof(tk), "true_bits.%s", *r);
			tb = policy_num(c->s, sec, c->desc->policy, tk);
			if (isnan(tb))
				tb = aslr_claimed(sec, *r);
			if (isnan(tb))
				tb = t + 8;
			plan_true_boots(t, tb, conf, risk, &pt);
			boots = pt.boots;
			if (boots < 0) /* the claim is the threshold: prove it at least */
				boots = plan_prove_boots(t, conf);
			if (boots > most) {
				most = boots;
				snprintf(what, sizeof(what), "planned: %s >= %g bits of %g "
					 "real, false failure <= %g", *r, t, tb, risk);
			}
		}
	}
	g_strfreev(keys);
	snprintf(why, n, "%s", what);
	return (unsigned long)ceil(most);
}

/* The policy of a section as entropy_judge() reads it. */
static void aslr_judge_spec(const struct suite_ctx *c, const struct section *sec,
			    struct entropy_judge *j)
{
	const struct policy_key *pk = c->desc->policy;
	char **mins = policy_family(c->s, sec, pk, "min_bits.*");
	char **quals = policy_family(c->s, sec, pk, "quality.*");
	const char *uni = policy_get(c->s, sec, pk, "uniform");
	int k = 0;

	memset(j, 0, sizeof(*j));
	j->min = g_new0(struct entropy_judge_item, g_strv_length(mins) + 1);
	for (char **m = mins; *m; m++) {
		double t = policy_num(c->s, sec, pk, *m);

		if (isnan(t))
			continue; /* none: not judged here */
		snprintf(j->min[k].glob, sizeof(j->min[k].glob), "%s", *m + strlen("min_bits."));
		j->min[k++].v = t;
	}
	j->nmin = k;
	k = 0;
	j->quality = g_new0(struct entropy_judge_item, g_strv_length(quals) + 1);
	for (char **q = quals; *q; q++) {
		double t = policy_num(c->s, sec, pk, *q);

		if (isnan(t))
			continue;
		snprintf(j->quality[k].glob, sizeof(j->quality[k].glob), "%s",
			 *q + strlen("quality."));
		j->quality[k++].v = t;
	}
	j->nquality = k;
	if (uni && strcmp(uni, "none")) {
		j->uniform = g_strsplit_set(uni, ", ", -1);
		j->nuniform = (int)g_strv_length(j->uniform);
	}
	j->uniform_alpha = policy_num(c->s, sec, pk, "uniform_alpha");
	j->no_leak = policy_on(c->s, sec, pk, "no_leak");
	j->layout = policy_on(c->s, sec, pk, "layout");
	j->confidence = policy_num(c->s, sec, pk, "confidence");
	j->risk = policy_num(c->s, sec, pk, "risk");
	g_strfreev(mins);
	g_strfreev(quals);
}

static void aslr_judge_free(struct entropy_judge *j)
{
	g_free(j->min);
	g_free(j->quality);
	g_strfreev(j->uniform);
}

static int aslr_analyze(struct suite_ctx *c)
{
	char *dirs[] = { (char *)c->dir };
	struct samples smp;
	int rc = 0;

	if (samples_load(&smp, dirs, 1, c->err, sizeof(c->err))) {
		samples_free(&smp);
		return HB_EXIT_USAGE;
	}
	for (int i = 0; i < c->s->nsec && !rc; i++) {
		const struct section *sec = &c->s->sec[i];
		const struct sample_set *set = samples_find(&smp, sec->name);
		struct entropy_opts o;
		struct entropy_judge j;
		struct entropy_set es;
		json_t *m;

		if (!set)
			continue; /* skipped, or no boot passed: its boots verdict says so */
		entropy_opts_default(&o);
		o.confidence = policy_num(c->s, sec, c->desc->policy, "confidence");
		o.alpha = policy_num(c->s, sec, c->desc->policy, "alpha");
		if (entropy_set_analyze(&es, &smp, set, &o, c->err, sizeof(c->err))) {
			entropy_set_free(&es);
			rc = HB_EXIT_USAGE;
			break;
		}
		m = json_array();
		entropy_set_metrics(&es, &o, m);
		suites_records(c, m);
		json_decref(m);
		aslr_judge_spec(c, sec, &j);
		entropy_judge(&es, &j, c->vs, c->name);
		aslr_judge_free(&j);
		entropy_set_free(&es);
	}
	samples_free(&smp);
	return rc;
}


/* The section that speaks for an image: the one with the most boots. */
static const struct section *aslr_main_section(const struct suite_ctx *c, const char *image)
{
	const struct section *best = NULL;

	for (int i = 0; i < c->s->nsec; i++)
		if (!strcmp(c->s->sec[i].img.name, image) &&
		    (!best || c->s->sec[i].boots > best->boots))
			best = &c->s->sec[i];
	return best;
}

static void aslr_cell(const struct suite_ctx *c, struct headline *h, const char *image,
		      const char *sec, const char *region, const char *col)
{
	char subject[128], policy[96];
	const struct verdict *v;
	json_t *kind, *hmin, *m;

	snprintf(subject, sizeof(subject), "%s/%s", sec, region);
	snprintf(policy, sizeof(policy), "min_bits.%s", region);
	m = suites_record(c, "entropy_headline_bits", subject);
	if (!m)
		return;
	v = suites_verdict(c, subject, policy);
	kind = json_object_get(m, "entropy_kind");
	hmin = json_object_get(m, "min_entropy_bits");
	if (kind && hmin && strcmp(json_string_value(kind), "Hmin"))
		headline_set(h, image, col, "%.1f %s / %.1f Hmin%s",
			     json_number_value(json_object_get(m, "value")),
			     json_string_value(kind), json_number_value(hmin), suites_mark(v));
	else
		headline_set(h, image, col, "%.1f %s%s",
			     json_number_value(json_object_get(m, "value")),
			     kind ? json_string_value(kind) : "", suites_mark(v));
}

static void aslr_headline(const struct suite_ctx *c, struct headline *h)
{
	static const char *const regions[] = { "stack", "heap", "base", "canary" };

	for (int i = 0; i < c->s->nsec; i++) {
		const char *image = c->s->sec[i].img.name;
		const struct section *sec = aslr_main_section(c, image);
		double worst = INFINITY;
		const char *mark = "";

		if (sec != &c->s->sec[i])
			continue;
		for (size_t r = 0; r < G_N_ELEMENTS(regions); r++)
			aslr_cell(c, h, image, sec->name, regions[r], regions[r]);
		for (int w = 0; w < 8; w++) {
			char subject[128], policy[64];
			json_t *m;
			const char *mk;

			snprintf(subject, sizeof(subject), "%s/seed.%d", sec->name, w);
			snprintf(policy, sizeof(policy), "min_bits.seed.%d", w);
			m = suites_record(c, "entropy_headline_bits", subject);
			mk = suites_mark(suites_verdict(c, subject, policy));
			if (m)
				worst = fmin(worst, json_number_value(json_object_get(m, "value")));
			if (*mk && strcmp(mark, "!"))
				mark = mk;
		}
		if (isfinite(worst))
			headline_set(h, image, "seed words", "%.1f%s", worst, mark);
	}
	headline_note(h, "bits: lower bounds at the policy's confidence (99%%): H2 collision "
		      "entropy, the policy's gate while uniformity holds; Hmin min-entropy "
		      "(an attacker guesses in one try with probability 2^-Hmin), max(MCV, "
		      "H2/2) at 99%% jointly; seed words: the weakest of the 8");
}
const struct suite_desc suite_aslr_entropy_desc = {
	.name = "aslr_entropy",
	.about = "bits of ASLR per region, canary and seed words, with bounds; leaks; layout",
	.file = "aslr_entropy/aslr_entropy.ini",
	.policy = aslr_policy,
	.metrics = aslr_metrics,
	.plan = aslr_plan,
	.analyze = aslr_analyze,
	.headline = aslr_headline,
};
