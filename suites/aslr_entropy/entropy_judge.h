/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The aslr_entropy policy on one analysed section (entropy_judge.c): what
 * `hardboot suite aslr_entropy` reads from [policy] and `hardboot entropy`
 * from --min, --quality, --uniform, --no-leak and --layout.
 */
#ifndef HB_SUITES_ENTROPY_JUDGE_H
#define HB_SUITES_ENTROPY_JUDGE_H

#include "entropy.h"
#include "verdict.h"

struct entropy_judge_item {
	char glob[ENTROPY_NAME_MAX];  /* region, a glob: stack, seed.* */
	double v;
};

struct entropy_judge {
	struct entropy_judge_item *min;      /* min_bits.REGION = BITS */
	int nmin;
	struct entropy_judge_item *quality;  /* quality.REGION = N */
	int nquality;
	char **uniform;                      /* regions, globs */
	int nuniform;
	double uniform_alpha;                /* shared by the listed regions */
	int no_leak, layout;
	double confidence;
	double risk;                         /* quality: false-failure chance allowed */
};

/* Verdicts of every check j lists on section s, added to vs. */
void entropy_judge(const struct entropy_set *s, const struct entropy_judge *j,
		   struct verdicts *vs, const char *suite);

#endif
