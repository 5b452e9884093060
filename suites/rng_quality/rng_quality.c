/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rng_quality suite: is each configuration's generator keyed from a
 * sound seed, differently on every boot, by the seed it reports, and does
 * its output pass the batteries and the known answers (README.md beside
 * this file).  No statistical battery sees a constant or half-seeded key
 * (ChaCha20 under a zero key passes every test), so the keying checks run
 * on every section's boots and the batteries only where the policy asks.
 *
 *   keying    (every section's warm boots, out=16): unique output, every
 *             seed word's H2 bound, output = ChaCha20(reported seed), the
 *             guest's own self-test (keying.c)
 *   battery   the section's image streamed through the ring into dieharder
 *             (rng.c), WEAK lines rerun on fresh stream
 *   kat       fixed seed, stream against RFC 8439 and openssl (rng.c)
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "keying.h"
#include "results.h"
#include "rng.h"
#include "samples.h"
#include "suites.h"

static const struct policy_key rngq_policy[] = {
	{ "unique_output", POLICY_REQUIRED, "required", NULL,
	  "the first 64 output bytes of every boot differ from every other boot's" },
	{ "seed_word_bits", POLICY_BITS, "8", NULL,
	  "every raw seed word's H2 lower bound at 99% across boots (a word that never "
	  "changes has 0 bits: 64 of 256 key bits taken)" },
	{ "keyed", POLICY_REQUIRED, "required", NULL,
	  "every boot's output is ChaCha20 under the seed it reports (white-box KAT)" },
	{ "selftest", POLICY_REQUIRED, "required", NULL,
	  "the guest's own known-answer check passed on every boot" },
	{ "battery", POLICY_CHOICE, "none", "smoke|nightly|full|none",
	  "dieharder battery on the section's image streamed through the ring" },
	{ "kat", POLICY_REQUIRED, "none", NULL,
	  "the section's image streamed with a fixed seed equals RFC 8439 and openssl" },
	{ "reruns", POLICY_COUNT, "5", NULL,
	  "battery: a WEAK line fails only if it repeats on this many fresh streams" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const char *const rngq_metrics[] = {
	"rng_keyed_boots", "rng_output_collision_bits", "rng_seed_word_bits",
	"dieharder_pvalue", "dieharder_weak_lines", "dieharder_failed_lines",
	"rng_quick_pvalue", "rng_kat_match", "rng_bytes_tested", "rng_bytes_streamed",
	"rng_stream_rate", "rng_end_to_end_rate", "rng_battery_seconds",
	"policy_verdict", NULL,
};

/* `hardboot rng` on one section's image: its report into DIR/rng-SECTION-
 * WHAT.tap, its records into c->records; the exit status. */
static int rngq_stream(struct suite_ctx *c, const struct section *sec, const char *what,
		       const char *battery, int kat)
{
	char *tap = g_strdup_printf("%s/rng-%s-%s.tap", c->dir, sec->name, what);
	char *recs = g_strdup_printf("%s/rng-%s-%s.jsonl", c->dir, sec->name, what);
	double reruns = policy_num(c->s, sec, c->desc->policy, "reruns");
	struct rng_args a = {
		/* by manifest name when it is one: the report names the image */
		.image = sec->img.entry ? sec->img.name : sec->img.path,
		.images_dir = c->ra->images_dir,
		.battery = battery, .reruns = isnan(reruns) || reruns < 1 ? 1 : (unsigned)reruns,
		.kat = kat, .accel = c->ra->ov.accel ? c->ra->ov.accel : sec->accel,
		.metrics = recs,
	};
	char *rcf = g_strdup_printf("%s/rng-%s-%s.rc", c->dir, sec->name, what), *old = NULL;
	int fd, saved, rc;
	json_t *m;

	/* Reused boots: the battery's boots were kept with them */
	if (c->reused && g_file_get_contents(rcf, &old, NULL, NULL) && sscanf(old, "%d", &rc) == 1) {
		fprintf(c->log, "hardboot: rng_quality [%s] %s: reused (exit %d), report %s\n",
			sec->name, what, rc, tap);
		g_free(old);
		goto records;
	}
	g_free(old);
	unlink(recs);
	unlink(rcf);
	fd = open(tap, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(c->err, sizeof(c->err), "open %s: %s", tap, strerror(errno));
		g_free(tap);
		g_free(recs);
		g_free(rcf);
		return HB_EXIT_INFRA;
	}
	/* rng prints its own report (TAP) on stdout: into the file instead */
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	close(fd);
	rc = rng_main(&a);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	if (rc != HB_EXIT_INTR) {
		char num[16];

		snprintf(num, sizeof(num), "%d\n", rc);
		g_file_set_contents(rcf, num, -1, NULL);
	}
	fprintf(c->log, "hardboot: rng_quality [%s] %s: exit %d, report %s\n", sec->name,
		what, rc, tap);
records:
	m = json_array();
	/* the records rng stated for the image, each named for this section */
	{
		FILE *f = fopen(recs, "re");
		char line[65536];

		while (f && fgets(line, sizeof(line), f)) {
			json_t *r = json_loads(line, 0, NULL);

			if (!r)
				continue;
			json_object_set_new(r, "subject", json_string(sec->name));
			json_object_set_new(r, "section", json_string(sec->name));
			json_array_append_new(m, r);
		}
		if (f)
			fclose(f);
	}
	suites_records(c, m);
	json_decref(m);
	g_free(recs);
	g_free(rcf);
	g_free(tap);
	return rc;
}

static void rngq_rng_verdict(struct suite_ctx *c, const struct section *sec,
			     const char *policy, const char *what, int rc)
{
	struct verdict *v;
	char *tap = g_strdup_printf("%s/rng-%s-%s.tap", c->dir, sec->name, what);

	if (rc == HB_EXIT_OK || rc == HB_EXIT_CHECK) {
		v = verdict_add(c->vs, c->name, sec->name, NULL, policy,
				rc ? VERDICT_FAIL : VERDICT_PASS, "%s: %s %s (%s)", sec->name,
				what, rc ? "failed" : "passed", tap);
	} else {
		/* the stream or dieharder failed: no verdict on the generator */
		v = verdict_add(c->vs, c->name, sec->name, NULL, policy, VERDICT_FAIL,
				"%s: %s could not run (exit %d): harness error, see %s",
				sec->name, what, rc, tap);
	}
	json_object_set_new(v->data, "report", json_string(tap));
	g_free(tap);
}

static int rngq_analyze(struct suite_ctx *c)
{
	const struct policy_key *pk = c->desc->policy;
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
		const char *battery = policy_get(c->s, sec, pk, "battery");
		struct keying_judge j = {
			.min_bits = policy_num(c->s, sec, pk, "seed_word_bits"),
			.unique = policy_on(c->s, sec, pk, "unique_output"),
			.keyed = policy_on(c->s, sec, pk, "keyed"),
			.selftest = policy_on(c->s, sec, pk, "selftest"),
		};
		struct keying_sec k;
		json_t *m;
		int kr;

		/* a seed record, or an image's own secret (keying.h); neither: no
		 * keying to judge */
		kr = set && set->rows ? keying_analyze(&k, set, c->err, sizeof(c->err)) :
		     -ENOENT;
		if (kr && kr != -ENOENT) {
			rc = HB_EXIT_USAGE;
			break;
		}
		if (!kr) {
			m = json_array();
			keying_records(&k, m);
			suites_records(c, m);
			json_decref(m);
			keying_judge(&k, &j, c->vs, c->name);
		}
		if (battery && strcmp(battery, "none")) {
			int r = rngq_stream(c, sec, battery, battery, 0);

			if (r == HB_EXIT_INTR)
				return HB_EXIT_INTR;
			rngq_rng_verdict(c, sec, "battery", battery, r);
		}
		if (policy_on(c->s, sec, pk, "kat")) {
			int r = rngq_stream(c, sec, "kat", "none", 1);

			if (r == HB_EXIT_INTR)
				return HB_EXIT_INTR;
			rngq_rng_verdict(c, sec, "kat", "kat", r);
		}
	}
	samples_free(&smp);
	return rc;
}


/* The RNG verdict of each image, from the section named after it. */
static void rngq_headline(const struct suite_ctx *c, struct headline *h)
{
	for (int i = 0; i < c->s->nsec; i++) {
		const struct section *sec = &c->s->sec[i];
		char sum[200];

		if (strcmp(sec->name, sec->img.name))
			continue;
		suites_summary(c, sec->name, sum, sizeof(sum));
		headline_set(h, sec->img.name, "RNG", "%s", sum);
	}
}
const struct suite_desc suite_rng_quality_desc = {
	.name = "rng_quality",
	.about = "RNG keying (unique, seed words, keyed by its seed, self-test), "
		 "batteries, known answers",
	.file = "rng_quality/rng_quality.ini",
	.policy = rngq_policy,
	.metrics = rngq_metrics,
	.analyze = rngq_analyze,
	.headline = rngq_headline,
};
