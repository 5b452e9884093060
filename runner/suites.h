/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The security suites, the product: each is a folder suites/NAME/ with its
 * C code, its suite file(s) with a [policy], its Bats files and its doc, and
 * ends in one const descriptor listed below.  `hardboot suite NAME` boots
 * what the suite file says (boot counts the policy needs, planned), runs the
 * suite's analyses on the boots (metric records), judges the records
 * against the policy (verdicts) and prints them (suiterun.c).
 *
 * Adding a suite: a folder with NAME.c ending in
 * `const struct suite_desc suite_NAME_desc`, and one line in HB_SUITES.
 */
#ifndef HB_RUNNER_SUITES_H
#define HB_RUNNER_SUITES_H

#include <jansson.h>
#include <stdio.h>

#include "headline.h"
#include "policy.h"
#include "run.h"
#include "suite.h"
#include "verdict.h"

#define HB_SUITES(X) \
	X(aslr_entropy) \
	X(rng_quality)  \
	X(cet)          \
	X(boottime)

struct suite_desc;

/* What a suite's callbacks work on. */
struct suite_ctx {
	const struct suite_desc *desc;
	const char *name;           /* this suite file's name: its folder, its verdicts */
	struct suite *s;            /* the suite file, sections as run */
	const char *dir;            /* the suite's folder: a results directory */
	const struct run_args *ra;  /* how to boot (jobs, accel, images) */
	struct verdicts *vs;
	json_t *records;            /* metric records the analyses state */
	FILE *log;                  /* progress lines (stderr) */
	int reused;                 /* the boots were there: so are derived runs */
	char err[512];              /* why a callback returned non-zero */
};

struct suite_desc {
	const char *name;           /* aslr_entropy */
	const char *about;          /* one line */
	const char *file;           /* its suite file under the suites directory */
	const struct policy_key *policy;  /* the [policy] keys it reads */
	const char *const *metrics; /* metric kinds its analyses state */
	/* Boots for a section the file gives no count: what the policy needs
	 * (plan.c); 0 keeps the file's default.  why: how it was derived. */
	unsigned long (*plan)(const struct suite_ctx *c, const struct section *sec,
			      char *why, size_t n);
	/* Boot the suite's sections into c->dir; NULL: one `run` of them.
	 * Returns an exit status (run.h). */
	int (*boot)(struct suite_ctx *c);
	/* Its columns of the one-screen summary, from c->records and the
	 * verdicts (NULL: none). */
	void (*headline)(const struct suite_ctx *c, struct headline *h);
	/* State metric records and verdicts from the boots in c->dir.
	 * 0, or an exit status with c->err. */
	int (*analyze)(struct suite_ctx *c);
};

#define HB_SUITE_DECLARE(name) extern const struct suite_desc suite_##name##_desc;
HB_SUITES(HB_SUITE_DECLARE)
#undef HB_SUITE_DECLARE

/* The descriptors in HB_SUITES order, NULL-terminated. */
extern const struct suite_desc *const suite_descs[];
const struct suite_desc *suites_find(const char *name);

/* A verdict of a section's boots: all as its expect says (or SKIP). */
void suites_boots_verdicts(struct suite_ctx *c);
/* For headline columns: a verdict of this suite by subject and policy; a
 * record by metric and subject (NULL when none); a verdict's mark ("" pass
 * or skip, "*" a designed failure, "!" a failure, "?" not proven); a
 * section's non-pass verdicts as "policy*, policy!" or "ok". */
const struct verdict *suites_verdict(const struct suite_ctx *c, const char *subject,
				     const char *policy);
json_t *suites_record(const struct suite_ctx *c, const char *metric, const char *subject);
const char *suites_mark(const struct verdict *v);
void suites_summary(const struct suite_ctx *c, const char *section, char *out, size_t n);
/* Records of an analysis, stated by this suite: into c->records. */
void suites_records(struct suite_ctx *c, json_t *records);

#endif
