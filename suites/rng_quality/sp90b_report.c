/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot sp800-90b` output: a table for people (each estimate with its
 * section and name, as ea_non_iid and ea_iid print them, six decimals) and
 * a JSON document for machines.  H_min, the last line, is the non-IID
 * assessment when that track ran, lowered to the IID track's MCV estimate
 * when that ran and passed: each is a valid bound where it applies, so the
 * lower one is the claim.
 */
#include <errno.h>
#include <math.h>

#include "metric.h"
#include "sp90b.h"

static double rep_min(double a, double b)
{
	return isnan(a) ? b : fmin(a, b);
}

double sp90b_report_hmin(const struct sp90b_report *rep)
{
	const struct sp90b_restart *r = rep->restart;
	double h = NAN;

	if (rep->noniid)
		h = rep->noniid->h_assessed;
	if (rep->iid && rep->iid->pass)
		h = rep_min(h, rep->iid->h_assessed);
	/* 3.1.4.4: a source that fails a restart test gets no estimate; one
	 * that passes keeps min(H_r, H_c, H_I) */
	if (r)
		h = r->pass ? rep_min(h, fmin(r->h_i, fmin(r->h_r, r->h_c))) : NAN;
	return h;
}

static void rep_cell(FILE *out, const struct sp90b_est *e, int last)
{
	char v[32] = "-";

	if (e->status == 0)
		snprintf(v, sizeof(v), "%.6f", e->h);
	fprintf(out, last ? "  %s" : "  %-12s", v);
}

static void rep_noniid(FILE *out, const struct sp90b_noniid *r)
{
	fprintf(out, "non-IID track (SP 800-90B 6.3), bits of min-entropy at 99%% confidence:\n");
	fprintf(out, "  %-7s %-28s  %s%s\n", "section", "estimator",
		r->bitstring ? "H_original    " : "H_original", r->bitstring ? "H_bitstring" : "");
	for (unsigned i = 0; i < SP90B_NEST; i++) {
		const struct sp90b_estimator *x = sp90b_estimators[i];

		fprintf(out, "  %-7s %-28s", x->section, x->title);
		rep_cell(out, &r->orig[i], !r->bitstring);
		if (r->bitstring)
			rep_cell(out, &r->bstr[i], 1);
		if (r->orig[i].status && r->orig[i].why && r->orig[i].status != -ENOTSUP)
			fprintf(out, "  (%s)", r->orig[i].why);
		fputc('\n', out);
	}
	fprintf(out, "  H_original: %.6f\n", r->h_original);
	if (r->bitstring) {
		fprintf(out, "  H_bitstring: %.6f\n", r->h_bitstring);
		fprintf(out, "  min(H_original, %u x H_bitstring): %.6f\n", r->bits,
			fmin(r->h_original, r->bits * r->h_bitstring));
	}
}

static const char *rep_pass(int pass)
{
	return pass ? "pass" : "FAIL";
}

static void rep_iid(FILE *out, const struct sp90b_iid *r)
{
	fprintf(out, "IID track (SP 800-90B 5), seed %lu, %u shuffles (%u run):\n", r->seed,
		r->shuffles, r->done);
	fprintf(out, "  %-24s %14s %6s %6s %6s  %s\n", "permutation test (5.1)", "statistic",
		"C0", "C1", "C2", "verdict");
	for (unsigned j = 0; j < SP90B_NPERM; j++) {
		const struct sp90b_perm *p = &r->perm[j];

		fprintf(out, "  %-24s %14.6Lg %6u %6u %6u  %s\n", p->name, p->t, p->c0, p->c1,
			p->c2, rep_pass(p->pass));
	}
	fprintf(out, "  chi-square independence (5.2.1/5.2.2): score %.6f, df %d, p-value %.6f: %s\n",
		r->indep.score, r->indep.df, r->indep.p, rep_pass(r->indep.pass));
	fprintf(out, "  chi-square goodness of fit (5.2.3/5.2.4): score %.6f, df %d, p-value %.6f: %s\n",
		r->fit.score, r->fit.df, r->fit.p, rep_pass(r->fit.pass));
	fprintf(out, "  longest repeated substring (5.2.5): W = %zu, P_col = %.6f, "
		"Pr(X >= 1) = %.6f: %s\n", r->lrs.w, r->lrs.pcol, r->lrs.prob,
		rep_pass(r->lrs.pass));
	fprintf(out, "  permutation tests: %s; chi-square tests: %s; LRS test: %s\n",
		rep_pass(r->perm_pass), rep_pass(r->chisq_pass), rep_pass(r->lrs.pass));
	fprintf(out, "  IID: %s\n", r->pass ? "yes, the MCV estimate applies" :
		"no: use the non-IID track (--non-iid)");
	fprintf(out, "  H_original (MCV, 6.3.1): %.6f\n", r->h_original);
	if (r->bitstring) {
		fprintf(out, "  H_bitstring (MCV): %.6f\n", r->h_bitstring);
		fprintf(out, "  min(H_original, %u x H_bitstring): %.6f\n", r->bits, r->h_assessed);
	}
}

static void rep_restart(FILE *out, const struct sp90b_restart *r)
{
	fprintf(out, "restart tests (SP 800-90B 3.1.4): %zu restarts x %zu samples, H_I = %.6f\n",
		r->rows, r->cols, r->h_i);
	fprintf(out, "  %-7s %-28s  %-12s  %s\n", "section", "estimator", "rows", "columns");
	for (unsigned i = 0; i < SP90B_NEST; i++) {
		if (r->row_est[i].status == -ENOTSUP && r->col_est[i].status == -ENOTSUP)
			continue;
		fprintf(out, "  %-7s %-28s", sp90b_estimators[i]->section,
			sp90b_estimators[i]->title);
		rep_cell(out, &r->row_est[i], 0);
		rep_cell(out, &r->col_est[i], 1);
		fputc('\n', out);
	}
	fprintf(out, "  sanity check (3.1.4.3): X_max = %zu (rows %zu, columns %zu), cutoff %u "
		"(binomial, alpha = %.3g): %s\n", r->x_max, r->x_r, r->x_c, r->cutoff, r->alpha,
		rep_pass(r->sanity_pass));
	fprintf(out, "  validation (3.1.4.4, %s): H_r = %.6f, H_c = %.6f, H_I/2 = %.6f: %s\n",
		r->iid ? "MCV" : "non-IID estimators", r->h_r, r->h_c, r->h_i / 2,
		rep_pass(r->validation_pass));
}

void sp90b_report_text(FILE *out, const struct sp90b_report *rep)
{
	const struct sp90b_data *d = rep->data;
	double h = sp90b_report_hmin(rep);

	fprintf(out, "SP 800-90B assessment of %s\n", rep->path);
	fprintf(out, "  %zu symbols of %u bits, %u distinct values%s%s\n", d->n, d->bits, d->k,
		d->k < (1u << d->bits) ? " (translated to 0..k-1)" : "",
		d->masked ? "; values wider than the symbol were masked" : "");
	if (d->n < 1000000)
		fprintf(out, "  note: fewer than the 1,000,000 samples the standard asks for\n");
	if (rep->noniid)
		rep_noniid(out, rep->noniid);
	if (rep->iid)
		rep_iid(out, rep->iid);
	if (rep->restart)
		rep_restart(out, rep->restart);
	if (isnan(h) && rep->restart)
		fprintf(out, "H_min: none (the restart tests failed)\n");
	else if (isnan(h))
		fprintf(out, "H_min: none (not IID; run the non-IID track)\n");
	else
		fprintf(out, "H_min: %.6f bits per %u-bit symbol\n", h, d->bits);
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *rep_est_json(const struct sp90b_est *e)
{
	json_t *o;

	if (e->status)
		return json_null();
	o = json_pack("{s:o,s:o}", "h", metric_num(e->h), "p", metric_num(e->p));
	for (unsigned i = 0; o && i < e->nd; i++)
		json_object_set_new(o, e->d[i].key, metric_num(e->d[i].val));
	return o;
}

static json_t *rep_noniid_json(const struct sp90b_noniid *r)
{
	json_t *est = json_object();

	for (unsigned i = 0; i < SP90B_NEST; i++) {
		const struct sp90b_estimator *x = sp90b_estimators[i];

		json_object_set_new(est, x->name, json_pack("{s:s,s:s,s:o,s:o}", "section",
			x->section, "title", x->title, "original", rep_est_json(&r->orig[i]),
			"bitstring", r->bitstring ? rep_est_json(&r->bstr[i]) : json_null()));
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:f}", "estimates", est,
			 "h_original", metric_num(r->h_original),
			 "h_bitstring", r->bitstring ? metric_num(r->h_bitstring) : json_null(),
			 "h_assessed", metric_num(r->h_assessed), "confidence", 0.99);
}

static json_t *rep_chisq_json(const struct sp90b_chisq *c)
{
	return json_pack("{s:o,s:i,s:o,s:b}", "score", metric_num(c->score), "df", c->df,
			 "p", metric_num(c->p), "pass", c->pass);
}

static json_t *rep_iid_json(const struct sp90b_iid *r)
{
	json_t *perm = json_array();

	for (unsigned j = 0; j < SP90B_NPERM; j++) {
		const struct sp90b_perm *p = &r->perm[j];

		json_array_append_new(perm, json_pack("{s:s,s:o,s:i,s:i,s:i,s:b}", "name",
			p->name, "statistic", metric_num((double)p->t), "c0", (int)p->c0,
			"c1", (int)p->c1, "c2", (int)p->c2, "pass", p->pass));
	}
	return json_pack("{s:I,s:i,s:i,s:o,s:b,s:{s:o,s:o,s:b},s:{s:I,s:o,s:o,s:b},"
			 "s:b,s:o,s:o,s:o}",
		"seed", (json_int_t)r->seed, "shuffles", (int)r->shuffles, "shuffles_run",
		(int)r->done, "permutation", perm, "permutation_pass", r->perm_pass,
		"chi_square", "independence", rep_chisq_json(&r->indep), "goodness_of_fit",
		rep_chisq_json(&r->fit), "pass", r->chisq_pass,
		"lrs", "w", (json_int_t)r->lrs.w, "p_col", metric_num(r->lrs.pcol),
		"pr_x_ge_1", metric_num(r->lrs.prob), "pass", r->lrs.pass,
		"pass", r->pass, "h_original", metric_num(r->h_original),
		"h_bitstring", r->bitstring ? metric_num(r->h_bitstring) : json_null(),
		"h_assessed", metric_num(r->h_assessed));
}

static json_t *rep_restart_json(const struct sp90b_restart *r)
{
	json_t *rows = json_object(), *cols = json_object();

	for (unsigned i = 0; i < SP90B_NEST; i++) {
		json_object_set_new(rows, sp90b_estimators[i]->name, rep_est_json(&r->row_est[i]));
		json_object_set_new(cols, sp90b_estimators[i]->name, rep_est_json(&r->col_est[i]));
	}
	return json_pack("{s:I,s:I,s:o,s:o,s:i,s:I,s:I,s:I,s:b,s:b,s:o,s:o,s:o,s:o,s:b,s:b}",
		"rows", (json_int_t)r->rows, "cols", (json_int_t)r->cols, "h_i", metric_num(r->h_i),
		"alpha", metric_num(r->alpha), "cutoff", (int)r->cutoff,
		"x_r", (json_int_t)r->x_r, "x_c", (json_int_t)r->x_c, "x_max", (json_int_t)r->x_max,
		"sanity_pass", r->sanity_pass, "iid", r->iid,
		"row_estimates", rows, "col_estimates", cols,
		"h_r", metric_num(r->h_r), "h_c", metric_num(r->h_c),
		"validation_pass", r->validation_pass, "pass", r->pass);
}

json_t *sp90b_report_json(const struct sp90b_report *rep)
{
	const struct sp90b_data *d = rep->data;
	json_t *o = json_pack("{s:s,s:s,s:I,s:i,s:i,s:b,s:I}", "standard", "NIST SP 800-90B",
			      "file", rep->path, "n", (json_int_t)d->n, "bits", (int)d->bits,
			      "k", (int)d->k, "masked", d->masked, "nbit", (json_int_t)d->nbit);

	if (!o)
		return NULL;
	json_object_set_new(o, "non_iid", rep->noniid ? rep_noniid_json(rep->noniid) : json_null());
	json_object_set_new(o, "iid", rep->iid ? rep_iid_json(rep->iid) : json_null());
	json_object_set_new(o, "restart", rep->restart ? rep_restart_json(rep->restart) :
			    json_null());
	json_object_set_new(o, "h_min", metric_num(sp90b_report_hmin(rep)));
	return o;
}
