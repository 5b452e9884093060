/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot suite NAME...|all`: the suites as the product (suites.h).
 *
 * For each suite, in OUT/NAME/ (a results directory like any run's):
 *   1. its suite file (suites/NAME/NAME.ini, or the user's), [policy]
 *      checked against the suite's key table;
 *   2. boot counts: the file's, else what the policy needs (the suite's
 *      plan callback, built on `hardboot plan`);
 *   3. the boots: `run` of the sections (run_suite, in-process), or the
 *      suite's own sampling (boottime: interleaved, flagged pairs again).
 *      Boots already in OUT/NAME for the same plan (plan.json: suite file,
 *      images' SHA-256, boots, accelerator) are reused, not booted again;
 *      boots of another plan there are refused, never overwritten;
 *   4. the analyses: metric records, rewritten into OUT/NAME/metrics.jsonl
 *      beside the run's own;
 *   5. verdicts against the policy, the sections' expected failures
 *      applied: TAP on stdout, policy_verdict records, JUnit, OUT/suite.json.
 * `run` is the boot stage of `suite`; `boottime --run` is the boottime
 * suite's boot stage with its report, without the policy.
 *
 * Exit status as `run`: 0 every verdict ok (not proven is not a failure),
 * 1 a verdict failed, 2 usage or configuration, 3 infrastructure, 130
 * interrupted (boots so far kept).
 */
#ifndef HB_RUNNER_SUITERUN_H
#define HB_RUNNER_SUITERUN_H

struct suiterun_args {
	char **names;           /* suite names, "all", or suite files (.ini) */
	int nnames;
	char **images;          /* judge these images instead of the file's sections */
	int nimages;
	const char *images_dir;
	const char *outdir;     /* NULL: results/suite-<date>-<pid> */
	const char *junit;      /* NULL: OUT/junit.xml */
	const char *accel;      /* override, or NULL */
	unsigned long boots;    /* override every section's count (0: planned) */
	int jobs;
	int progress;           /* -1 auto */
	char **sections;        /* --section: only these */
	int nsections;
	int headline;           /* print the one-screen summary at the end */
	int list;               /* print the suites and their policy keys */
	int plan_only;          /* print the boots each section needs, boot nothing */
};

int suiterun_main(const struct suiterun_args *a);

#endif
