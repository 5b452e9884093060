/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Verdicts: what `hardboot suite` says of each section against each
 * policy, with the numbers behind it.  An analysis states metric records;
 * a verdict judges one of them (or a few) against a policy value:
 *
 *   pass         the policy holds, at the stated confidence
 *   fail         it does not
 *   not proven   the sample cannot tell yet (a bound capped by the boot
 *                count below the threshold, an interval that straddles
 *                it): "needs N boots" where that is known; never a pass,
 *                never a failure (TAP: not ok # TODO)
 *   skip         the check could not run here, with the reason (TAP SKIP)
 *
 * A section that expects a policy to fail (expect = ... policy:NAME, a
 * broken twin) turns that failure into an ok with its evidence; a policy it
 * expects to fail that never fails is a failure.  The same verdicts are
 * printed as TAP, written
 * as `policy_verdict` metric records (compare's exact family) and JUnit.
 */
#ifndef HB_RUNNER_VERDICT_H
#define HB_RUNNER_VERDICT_H

#include <glib.h>
#include <jansson.h>

#include "junit.h"
#include "suite.h"
#include "tap.h"

enum verdict_status { VERDICT_PASS, VERDICT_FAIL, VERDICT_NOT_PROVEN, VERDICT_SKIP };
extern const char *const verdict_names[];

struct verdict {
	char *suite;            /* aslr_entropy */
	char *section;          /* hardened */
	char *subject;          /* hardened/stack */
	char *policy;           /* min_bits.stack; "boots" for the boots */
	enum verdict_status st;
	int expected;           /* a failure the section expects */
	char *text;             /* "H2 >= 20.87 bits (99%, n=4200) meets 20" */
	char *why;              /* not proven / skip reason, or NULL */
	json_t *data;           /* numbers for the record (value, threshold, n, ...) */
};

struct verdicts {
	GPtrArray *v;
};

void verdicts_init(struct verdicts *vs);
void verdicts_free(struct verdicts *vs);
/* Add one; the text from fmt.  Returns it, to attach why or data. */
__attribute__((format(printf, 7, 8)))
struct verdict *verdict_add(struct verdicts *vs, const char *suite,
			    const char *section, const char *subject,
			    const char *policy, enum verdict_status st,
			    const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void verdict_why(struct verdict *v, const char *fmt, ...);
/* Apply each section's expected policy failures (sec->exp.policies, globs
 * allowed): a matching failure is expected; an expected policy that
 * passed, or that never failed, becomes a failure of its own. */
void verdicts_expect(struct verdicts *vs, const char *suite, const struct suite *s);
/* 1 when v is an ok (pass, expected failure, skip). */
int verdict_ok(const struct verdict *v);
/* TAP lines for the verdicts of one suite, in order. */
void verdicts_tap(const struct verdicts *vs, const char *suite, struct tap *t);
/* policy_verdict metric records, appended to out. */
void verdicts_records(const struct verdicts *vs, const char *suite, json_t *out);
/* One JUnit case per verdict, in a test suite named after the suite. */
void verdicts_junit(const struct verdicts *vs, const char *suite, struct junit *j);
/* Counts over a suite (NULL: all). */
void verdicts_count(const struct verdicts *vs, const char *suite, unsigned *ok,
		    unsigned *failed, unsigned *not_proven, unsigned *skipped,
		    unsigned *expected);

#endif
