/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot plan`: how many boots an entropy claim needs.  Thresholds and
 * boot counts must be planned together: the collision bound can show at
 * most ~2 log2 n - 3.2 bits from n boots, and a source barely above a
 * threshold fails it often.  All counts assume a uniform source, for which
 * the number of colliding pairs is Poisson with mean C(n,2) 2^-bits.
 */
#ifndef HB_RUNNER_PLAN_H
#define HB_RUNNER_PLAN_H

/* Smallest n whose bound with no collision reaches bits: C(n,2) >=
 * lambda_u(0) 2^bits (FIELD.md: 9 bits 69, 20 bits 3.1k, 28 bits 50k). */
double plan_prove_boots(double bits, double conf);
/* The most bits n boots can show (the bound at c = 0). */
double plan_cap_bits(double n, double conf);
/* Smallest n at which the collision estimate of a uniform source with
 * exactly `bits` bits is within +-half of it with probability >= conf,
 * at that n and every larger one. */
double plan_estimate_boots(double bits, double half, double conf);
/* Smallest n from which a uniform source with true_bits fails the
 * threshold `bits` (collision lower bound at conf) with probability
 * <= risk, at that n and every larger one.  The risk is not monotone in n
 * (it rises between the jumps of the allowed collision count), so the
 * answer carries the largest risk at any n from there on and where. */
struct plan_true {
	double boots;           /* -1: no n does (true_bits <= bits) */
	double allowed;         /* collisions that still pass at boots */
	double p;               /* false-failure probability at boots */
	double worst, worst_n;  /* the largest at any n >= boots, and that n */
};
int plan_true_boots(double bits, double true_bits, double conf, double risk,
		    struct plan_true *t);
/* P(a uniform source with true_bits fails `bits` at n boots). */
double plan_false_failure(double n, double bits, double true_bits, double conf);

struct plan_args {
	double bits;
	double true_bits;       /* < 0: not given */
	double conf;
	double risk;
	double half;
	int json;
};

int plan_main(const struct plan_args *a);

#endif
