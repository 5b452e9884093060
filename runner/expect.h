/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a section is meant to show.  A broken twin fails on purpose: its
 * section says which failure it must show (`expect = fail kat`), and a
 * report says ok when exactly that failure is seen, not ok when it is not
 * -- the same in run's TAP and JUnit, in `suite` verdicts and in compare.
 *
 *   expect = pass                  every boot passes (the default)
 *   expect = fail CHECK...         every boot ends done st=fail, and the
 *                                  guest checks that failed are exactly
 *                                  these (kat, selftest, hijack, ...);
 *                                  CHECK=VALUE: with that value
 *                                  (cp=fail:near-ret)
 *   expect = crash | timeout | error
 *                                  every boot ends so (misbehaving images)
 *   expect = ... policy:NAME...    the suite policies NAME fail (read by
 *                                  `hardboot suite`; the boots are judged
 *                                  by the rest of the line)
 */
#ifndef HB_RUNNER_EXPECT_H
#define HB_RUNNER_EXPECT_H

#include <jansson.h>
#include <stddef.h>



#define EXPECT_MAX 16

struct expect {
	int outcome;                 /* an enum boot_outcome (boot.h) */
	char *checks[EXPECT_MAX];    /* failing guest checks, exactly */
	int nchecks;
	char *policies[EXPECT_MAX];  /* failing suite policies */
	int npolicies;
	char *text;                  /* normalized, for reports */
};

/* Parse a value of the `expect` key.  0, or -EINVAL with a reason. */
int expect_parse(struct expect *x, const char *s, char *err, size_t n);
void expect_free(struct expect *x);
/* 1 when the boot record o is what x expects; else 0 and why says what
 * was seen instead. */
int expect_boot(const struct expect *x, json_t *o, char *why, size_t n);
/* 1 when x expects the policy name to fail. */
int expect_policy(const struct expect *x, const char *name);
/* 1 when x is anything but plain pass. */
int expect_failure(const struct expect *x);

#endif
