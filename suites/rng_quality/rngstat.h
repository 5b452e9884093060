/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Quick statistics of a byte stream, computed on the fly as the stream
 * arrives, so that `hardboot rng --battery none` still reports numbers and
 * a battery run has a second, independent opinion on the same bytes:
 *
 *   byte chi-square  256-bin goodness of fit to the uniform distribution
 *                    (Pearson; df = 255), both tails: a histogram that is
 *                    too flat (a counter, an LCG's low byte) is as wrong
 *                    as one that is too rough;
 *   monobit          NIST SP 800-22 rev1a 2.1 frequency test on all bits;
 *   serial corr.     Knuth TAOCP vol. 2, 3.3.2 K: circular serial
 *                    correlation coefficient of consecutive bytes, as the
 *                    `ent` tool prints it, with Knuth's mean and variance
 *                    under independence for a normal-approximation p.
 *
 * Verdicts use dieharder's default thresholds so that a report reads the
 * same everywhere: FAILED at p < 1e-6, WEAK at p < 0.005 (and, for the
 * chi-square only, the mirror images p > 1 - 1e-6 and p > 0.995).  The
 * monobit and serial tests take |statistic|, so their p is already
 * two-sided and p near 1 is the most likely outcome, not a suspicious one:
 * for 1 MiB, S = 0 exactly happens with probability ~3e-4.
 *
 * Memory is constant (a 256-entry histogram and a few sums), and feeding
 * the same bytes in any split gives the same result.
 */
#ifndef HB_RUNNER_RNGSTAT_H
#define HB_RUNNER_RNGSTAT_H

#include <stddef.h>
#include <stdint.h>

#define RNGSTAT_P_FAIL 1e-6   /* dieharder -X default */
#define RNGSTAT_P_WEAK 0.005  /* dieharder -W default */

enum rngstat_grade { RNGSTAT_PASSED, RNGSTAT_WEAK, RNGSTAT_FAILED };

struct rngstat {
	uint64_t n;            /* bytes seen */
	uint64_t hist[256];    /* count per byte value */
	uint64_t ones;         /* bits set */
	uint64_t sum_uv;       /* sum of u[i] * u[i+1] over adjacent pairs */
	uint8_t first, last;   /* to close the circle (u[n-1] * u[0]) */
};

enum { RNGSTAT_CHI2, RNGSTAT_MONOBIT, RNGSTAT_SERIAL, RNGSTAT_NTESTS };

struct rngstat_result {
	const char *name;      /* byte_chi2, monobit, serial_correlation */
	double stat;           /* chi-square; S/sqrt(n); correlation C */
	double p;
	enum rngstat_grade grade;
	char note[80];         /* "too uniform", "constant stream", ... */
};

void rngstat_init(struct rngstat *s);
void rngstat_feed(struct rngstat *s, const void *buf, size_t n);
/* All three tests; fewer than 2 bytes gives p = NaN and FAILED notes. */
void rngstat_results(const struct rngstat *s,
		     struct rngstat_result r[RNGSTAT_NTESTS]);
/* p-value to verdict; two_sided also fails p > 1 - 1e-6 (and weak > 0.995). */
enum rngstat_grade rngstat_grade(double p, int two_sided);
const char *rngstat_grade_name(enum rngstat_grade g);

#endif
