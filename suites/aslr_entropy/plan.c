/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot counts for entropy claims (suites/aslr_entropy/README.md, "Planning").
 *
 * Model: n boots of a uniform source over 2^b values; the colliding pairs
 * c are Poisson with mean mu = C(n,2) 2^-b (the birthday problem's Poisson
 * approximation; Arratia, Goldstein & Gordon 1989).  The collision bound
 * at level C passes a threshold N when lambda_u(c) <= C(n,2) 2^-N, with
 * lambda_u(c) = chi2_{2(c+1)}(C)/2 (entropy_collision.c).
 *
 *   prove:    no collision and lambda_u(0) 2^N <= C(n,2)
 *   estimate: P(c outside [mu 2^-h, mu 2^h]) <= 1 - C, i.e. the estimate
 *             -log2(c / C(n,2)) is within +-h bits
 *   true M:   P(c > c*(n)) <= risk with mu = C(n,2) 2^-M, c*(n) the most
 *             collisions that still pass N.  c* jumps by one at the n where
 *             C(n,2) crosses lambda_u(c*+1) 2^N, and between jumps the
 *             failure probability grows with n; so the worst n of each step
 *             is the one just before the next jump, and the answer is the
 *             first step from which every later step's worst case is within
 *             the risk.  More boots then never hurt.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <jansson.h>

#include "entropy.h"
#include "stats.h"
#include "plan.h"
#include "run.h"

/* Smallest n with C(n,2) >= pairs. */
static double plan_n_for_pairs(double pairs)
{
	double n = ceil((1 + sqrt(1 + 8 * pairs)) / 2);

	while (n > 2 && (n - 1) * (n - 2) / 2 >= pairs)
		n--;
	while (n * (n - 1) / 2 < pairs)
		n++;
	return n < 2 ? 2 : n;
}

double plan_prove_boots(double bits, double conf)
{
	return plan_n_for_pairs(stats_poisson_upper(0, conf) * exp2(bits));
}

double plan_cap_bits(double n, double conf)
{
	return n < 2 ? 0 : log2(n * (n - 1) / 2 / stats_poisson_upper(0, conf));
}

/* P(c outside [mu 2^-h, mu 2^h]), c ~ Poisson(mu). */
static double plan_outside(double mu, double h)
{
	double lo = ceil(mu * exp2(-h)) - 1, hi = floor(mu * exp2(h));
	double p = 0;

	if (lo >= 0)
		p += gsl_cdf_poisson_P((unsigned)lo, mu);
	p += gsl_cdf_poisson_Q((unsigned)hi, mu);
	return p;
}

double plan_estimate_boots(double bits, double half, double conf)
{
	double risk = 1 - conf, z = gsl_cdf_ugaussian_Pinv(1 - risk / 2);
	/* Normal approximation of the lower side, which binds: mu - z sqrt(mu)
	 * >= mu 2^-h.  The exact search runs to four times past it. */
	double approx = pow(z / (1 - exp2(-half)), 2), last_bad = 0;

	for (double mu = 0.5; mu < 4 * approx + 100; mu *= 1.002)
		if (plan_outside(mu, half) > risk)
			last_bad = mu;
	return plan_n_for_pairs(last_bad * 1.002 * exp2(bits));
}

/* Most collisions that still pass `bits` with C(n,2) pairs; -1: none. */
static double plan_allowed(double pairs, double bits, double conf)
{
	double lim = pairs * exp2(-bits), c = -1;

	/* lambda_u(c) ~ c + z sqrt(c) + ...: start near lim and walk. */
	if (stats_poisson_upper(0, conf) > lim)
		return -1;
	c = floor(fmax(0, lim - 3 * sqrt(lim) - 3));
	while (c > 0 && stats_poisson_upper(c, conf) > lim)
		c = floor(c / 2);
	while (stats_poisson_upper(c + 1, conf) <= lim)
		c++;
	return c;
}

double plan_false_failure(double n, double bits, double true_bits, double conf)
{
	double pairs = n * (n - 1) / 2, c = plan_allowed(pairs, bits, conf);
	double mu = pairs * exp2(-true_bits);

	if (c < 0)
		return 1;
	return gsl_cdf_poisson_Q((unsigned)c, mu);
}

int plan_true_boots(double bits, double true_bits, double conf, double risk,
		    struct plan_true *t)
{
	double c0 = -1;
	/* Walk c = 0, 1, ...: step c covers n in [n_c, n_{c+1}), worst at
	 * n_{c+1} - 1.  Stop once far past a good c0 with tiny risks. */
	double quiet = 0;

	*t = (struct plan_true){ .boots = -1, .allowed = -1, .p = 1, .worst = 1,
				 .worst_n = -1 };
	if (true_bits <= bits)
		return -1;
	for (double c = 0; c < 1e6; c++) {
		double n_next = plan_n_for_pairs(stats_poisson_upper(c + 1, conf) * exp2(bits));
		double worst = gsl_cdf_poisson_Q((unsigned)c,
			(n_next - 1) * (n_next - 2) / 2 * exp2(-true_bits));

		if (worst > risk) {
			c0 = -1;
			quiet = 0;
		} else {
			if (c0 < 0) {
				c0 = c;
				t->worst = -1;
			}
			if (worst > t->worst) {
				t->worst = worst;
				t->worst_n = n_next - 1;
			}
			if (worst < risk * 1e-3 && ++quiet > 50 && c > 2 * c0 + 20)
				break;
		}
		if (n_next > 1e12)
			break;
	}
	if (c0 < 0)
		return -1;
	t->boots = c0 == 0 ? plan_prove_boots(bits, conf) :
		plan_n_for_pairs(stats_poisson_upper(c0, conf) * exp2(bits));
	t->allowed = c0;
	t->p = plan_false_failure(t->boots, bits, true_bits, conf);
	return 0;
}

int plan_main(const struct plan_args *a)
{
	double prove = plan_prove_boots(a->bits, a->conf);
	double est = plan_estimate_boots(a->bits, a->half, a->conf);
	struct plan_true t = { .boots = -1 };
	double tb = -1;
	json_t *o;

	if (a->true_bits >= 0 &&
	    !plan_true_boots(a->bits, a->true_bits, a->conf, a->risk, &t))
		tb = t.boots;
	if (a->json) {
		o = json_pack("{s:f,s:f,s:f,s:f,s:f,s:f}", "bits", a->bits,
			      "confidence", a->conf, "prove_boots", prove,
			      "estimate_halfwidth", a->half, "estimate_boots", est,
			      "cap_bits_at_prove_boots", plan_cap_bits(prove, a->conf));
		if (a->true_bits >= 0) {
			json_object_set_new(o, "true_bits", json_real(a->true_bits));
			json_object_set_new(o, "risk", json_real(a->risk));
			json_object_set_new(o, "true_boots", tb < 0 ? json_null() : json_real(tb));
			json_object_set_new(o, "allowed_collisions",
					    tb < 0 ? json_null() : json_real(t.allowed));
			json_object_set_new(o, "false_failure",
					    tb < 0 ? json_null() : json_real(t.p));
			json_object_set_new(o, "false_failure_max",
					    tb < 0 ? json_null() : json_real(t.worst));
			json_object_set_new(o, "false_failure_max_at",
					    tb < 0 ? json_null() : json_real(t.worst_n));
		}
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		putchar('\n');
		json_decref(o);
		return tb < 0 && a->true_bits >= 0 ? HB_EXIT_CHECK : 0;
	}
	printf("plan for %g bits, collision (Renyi-2) bound at %g%% one-sided, uniform source\n",
	       a->bits, a->conf * 100);
	printf("  prove >= %g bits:   %.0f boots, with no collision (n boots show at most "
	       "2 log2 n - %.1f bits)\n", a->bits, prove,
	       -log2(0.5 / stats_poisson_upper(0, a->conf)));
	printf("  estimate +-%g bit:  %.0f boots (the estimate of a %g-bit source within "
	       "+-%g with probability %g)\n", a->half, est, a->bits, a->half, a->conf);
	if (a->true_bits >= 0) {
		if (tb < 0) {
			printf("  true %g bits:       no boot count keeps a %g-bit source from failing "
			       "%g bits with probability <= %g: plan a lower threshold\n",
			       a->true_bits, a->true_bits, a->bits, a->risk);
			return HB_EXIT_CHECK;
		}
		printf("  true %g bits:       %.0f boots keep P(false failure) <= %g "
		       "(pass with <= %.0f collisions; P = %.2g at %.0f, at most %.3g at any "
		       "n >= %.0f, reached at %.0f)\n", a->true_bits, tb, a->risk, t.allowed,
		       t.p, tb, t.worst, tb, t.worst_n);
	}
	return 0;
}
