/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The two-sample statistics of compare (cmpstat.c) against values computed
 * by hand or with R (fisher.test; wilcox.test(exact = FALSE, correct =
 * TRUE); p.adjust(method = "holm")).  A table with no event on one side
 * and k on the other, n each, is symmetric: p = 2 prod_{i<k} (n-i)/(2n-i).
 */
#include <math.h>
#include <stdlib.h>

#include "cmpstat.h"
#include "unit.h"

static int near(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(fabs(a), fabs(b)) || (a == 0 && b == 0);
}

static void test_fisher(void)
{
	static const struct {
		unsigned long ka, na, kb, nb;
		double p;
		const char *what;
	} t[] = {
		{ 3, 4, 1, 4, 0.4857142857, "Fisher's tea table" },
		{ 0, 300, 5, 300, 0.06145922, "no failure against 5 of 300" },
		{ 0, 300, 0, 300, 1, "no event on either side" },
		{ 10, 20, 10, 20, 1, "equal shares" },
		{ 300, 300, 300, 300, 1, "every boot on both sides" },
		{ 0, 1000, 40, 1000, 1.221887e-12, "0 of 1000 against 40 of 1000" },
		{ 1, 5, 0, 0, 1, "an empty side is no evidence" },
	};

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(t); i++) {
		double p = cmpstat_fisher(t[i].ka, t[i].na, t[i].kb, t[i].nb);

		unit_ok(near(p, t[i].p, 1e-3), "fisher %s: p = %.6g (want %.6g)", t[i].what,
			p, t[i].p);
	}
}

static void test_mann_whitney(void)
{
	double x[20], y[20], auc, p;

	for (int i = 0; i < 20; i++) {
		x[i] = i + 1;
		y[i] = i + 11;
	}
	p = cmpstat_mann_whitney(x, 10, y + 0, 10, &auc);
	unit_ok(near(p, 0.0001806, 2e-2) && auc == 1, "mann-whitney 1..10 vs 11..20: "
		"p = %.4g (want 1.8e-4), P(X<Y) = %g", p, auc);
	p = cmpstat_mann_whitney(x, 20, x, 20, &auc);
	unit_ok(p == 1 && auc == 0.5, "mann-whitney: a sample against itself: p = %g", p);
	for (int i = 0; i < 20; i++)
		y[i] = i % 2 ? 5 : 7;
	p = cmpstat_mann_whitney(y, 10, y + 10, 10, NULL);
	unit_ok(p == 1, "mann-whitney: two-valued ties on both sides: p = %g", p);
	p = cmpstat_mann_whitney(x, 9, x, 12, NULL);
	unit_ok(isnan(p), "mann-whitney: fewer than %d values is no test", CMPSTAT_MIN_N);
}

static void test_median(void)
{
	double a[] = { 5, 1, 3 }, b[] = { 4, 1, 3, 2 }, c[] = { 7 };
	double q[100];

	unit_ok(cmpstat_median(a, 3) == 3, "median of 3 values");
	unit_ok(cmpstat_median(b, 4) == 2.5, "median of 4 values: mean of the middle two");
	unit_ok(cmpstat_median(c, 1) == 7, "median of one value");
	unit_ok(isnan(cmpstat_median(c, 0)), "median of nothing is NaN");
	for (int i = 0; i < 100; i++)
		q[i] = 99 - i;
	unit_ok(cmpstat_quantile(q, 100, 0.9) == 89, "quantile 0.9 of 0..99 (nearest rank)");
}

static void test_change(void)
{
	double x[50], y[50], est, lo, hi;

	for (int i = 0; i < 50; i++) {
		x[i] = 100;
		y[i] = 120;
	}
	cmpstat_median_change(x, 50, y, 50, 500, 1, 0.95, &est, &lo, &hi);
	unit_ok(near(est, 0.2, 1e-12) && near(lo, 0.2, 1e-12) && near(hi, 0.2, 1e-12),
		"median change of constants: +20%% exactly (%g [%g, %g])", est, lo, hi);
	for (int i = 0; i < 50; i++) {
		x[i] = 100 + i;
		y[i] = 100 + i;
	}
	cmpstat_median_change(x, 50, y, 50, 1000, 1, 0.95, &est, &lo, &hi);
	unit_ok(est == 0 && lo < 0 && hi > 0, "median change of equal samples: 0 inside "
		"[%g, %g]", lo, hi);
}

static void test_median_ci(void)
{
	double v[100], lo, hi, x[50], y[50], est, qlo, qhi;

	for (int i = 0; i < 100; i++)
		v[i] = 100 - i;
	cmpstat_median_ci(v, 100, 0.95, &lo, &hi);
	unit_ok(lo == 40 && hi == 61, "median interval of 1..100 at 95%%: order statistics "
		"40 and 61 (Conover table A.3): [%g, %g]", lo, hi);
	for (int i = 0; i < 50; i++) {
		x[i] = 100 + (i % 10);
		y[i] = i < 5 ? 100 : 200 + i;
	}
	cmpstat_quantile_change(x, 50, y, 50, 0.1, 500, 1, 0.95, &est, &qlo, &qhi);
	unit_ok(est == 0, "10%% quantile change: the fastest decile of y did not move (%g)", est);
	cmpstat_quantile_change(x, 50, y, 50, 0.5, 500, 1, 0.95, &est, &qlo, &qhi);
	unit_ok(est > 1 && qlo > 1, "median change of the same samples: +%.0f%%", 100 * est);
}

static void test_holm(void)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005, NAN }, adj[5];
	double want[] = { 0.03, 0.06, 0.06, 0.02 };
	int ok = 1;

	cmpstat_holm(p, 5, adj);
	for (int i = 0; i < 4; i++)
		ok &= near(adj[i], want[i], 1e-12);
	unit_ok(ok && isnan(adj[4]), "holm: p.adjust values, NaN not counted "
		"(%g %g %g %g)", adj[0], adj[1], adj[2], adj[3]);
}

int main(void)
{
	test_fisher();
	test_mann_whitney();
	test_median();
	test_change();
	test_median_ci();
	test_holm();
	return unit_done();
}
