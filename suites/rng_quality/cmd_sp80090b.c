/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardboot sp800-90b: NIST SP 800-90B entropy assessment of a sample file
 * (sp90b_*.c, docs/rng.md). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "metric.h"
#include "run.h"
#include "sp90b.h"

struct sp_args {
	unsigned long bits, rows, seed;
	double h_i;
	int iid, noniid, json;
};

#define SP_AT(m) CLI_AT(struct sp_args, m)

static const struct cli_opt sp_opts[] = {
	{ "bits", 0, CLI_UINT, "K", SP_AT(bits), .min = 1, .max = 8,
	  .unset = "the highest bit set",
	  .help = "bits per symbol; wider values are masked to the low K bits" },
	{ "non-iid", 0, CLI_FLAG, NULL, SP_AT(noniid),
	  .help = "the non-IID estimators of 6.3 (the default)" },
	{ "iid", 0, CLI_FLAG, NULL, SP_AT(iid),
	  .help = "the IID tests of 5 (10,000 shuffles) and the MCV estimate" },
	{ "restart", 0, CLI_UINT, "ROWS", SP_AT(rows), .min = 2, .max = 1UL << 30,
	  .unset = "none",
	  .help = "restart tests (3.1.4): the file is ROWS restarts of equal length, "
		  "row after row" },
	{ "h-initial", 0, CLI_REAL, "H", SP_AT(h_i), .lo = 0, .hi = 8,
	  .incl = CLI_LO_INCL | CLI_HI_INCL, .unset = "this file's own H_min",
	  .help = "--restart: the initial entropy estimate H_I to test" },
	CLI_OPT_SEED(SP_AT(seed), "1", "seed of the shuffles"),
	CLI_OPT_JSON(SP_AT(json), "the results as JSON"),
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const char sp_more[] =
	"FILE holds one sample per byte (NIST's format).  Estimates are bits of\n"
	"min-entropy per symbol at 99% confidence, as NIST's ea_non_iid and ea_iid\n"
	"compute them; the standard asks for 1,000,000 samples.  H_min, the last\n"
	"line, is the non-IID assessment, or the IID track's MCV estimate where\n"
	"the IID tests pass, whichever is lower; with --restart, also at most\n"
	"min(H_r, H_c, H_I), and none when a restart test fails.  --restart with\n"
	"--h-initial runs only the restart tests.  An image's own raw samples, a\n"
	"boot per row: hardboot raw-noise.  See suites/rng_quality/README.md.\n"
	"exit status: 0, 1 a restart test failed, 2 usage or unusable data, 3 I/O\n";

static const struct cli_spec sp_spec = {
	.cmd = "sp800-90b",
	.usage = "FILE [--bits K] [--iid] [--non-iid] [--restart ROWS] [--json] [--seed N]",
	.about = "NIST SP 800-90B entropy assessment of raw noise-source samples: the\n"
		 "non-IID estimators, the IID tests and the restart tests.",
	.opts = sp_opts,
	.more = sp_more,
	.operands = "one sample file", .min_ops = 1, .max_ops = 1,
};

struct sp_run {
	struct sp90b_data d;
	struct sp90b_noniid noniid;
	struct sp90b_iid iid;
	struct sp90b_restart restart;
	struct sp90b_report rep;
};

static int sp_tracks(const struct sp_args *a, struct sp_run *r)
{
	int rc;

	/* with --restart and --h-initial the tracks run only when asked for */
	if (a->noniid || (!a->iid && !(a->rows && a->h_i >= 0))) {
		rc = sp90b_noniid(&r->d, &r->noniid);
		if (rc) {
			fprintf(stderr, "hardboot sp800-90b: non-IID estimators: %s\n", strerror(-rc));
			return HB_EXIT_INFRA;
		}
		r->rep.noniid = &r->noniid;
	}
	if (a->iid) {
		rc = sp90b_iid(&r->d, a->seed, SP90B_SHUFFLES, &r->iid);
		if (rc == -EDOM) {
			fprintf(stderr, "hardboot sp800-90b: %s: the IID tests need at least 10 "
				"samples of two or more values\n", r->rep.path);
			return HB_EXIT_USAGE;
		}
		if (rc) {
			fprintf(stderr, "hardboot sp800-90b: IID tests: %s\n", strerror(-rc));
			return HB_EXIT_INFRA;
		}
		r->rep.iid = &r->iid;
	}
	return HB_EXIT_OK;
}

static int sp_restart(const struct sp_args *a, struct sp_run *r)
{
	double h_i = a->h_i >= 0 ? a->h_i : sp90b_report_hmin(&r->rep);
	int rc;

	if (isnan(h_i)) {
		fprintf(stderr, "hardboot sp800-90b: --restart: no H_I: the sample is not IID; "
			"give --h-initial or run the non-IID track\n");
		return HB_EXIT_USAGE;
	}
	if (r->d.n % a->rows || r->d.n / a->rows < 2 || h_i > r->d.bits) {
		fprintf(stderr, "hardboot sp800-90b: --restart %lu: %zu samples are not %lu rows "
			"of two or more, or H_I %.6f exceeds %u bits\n", a->rows, r->d.n, a->rows,
			h_i, r->d.bits);
		return HB_EXIT_USAGE;
	}
	rc = sp90b_restart(&r->d, a->rows, h_i, a->iid && !a->noniid, &r->restart);
	if (rc) {
		fprintf(stderr, "hardboot sp800-90b: restart tests: %s\n", strerror(-rc));
		return rc == -ENOMEM ? HB_EXIT_INFRA : HB_EXIT_USAGE;
	}
	r->rep.restart = &r->restart;
	return HB_EXIT_OK;
}

static int sp_output(const struct sp_args *a, struct sp_run *r)
{
	json_t *doc;

	if (!a->json) {
		sp90b_report_text(stdout, &r->rep);
		return HB_EXIT_OK;
	}
	doc = sp90b_report_json(&r->rep);
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(17))) {
		json_decref(doc);
		fprintf(stderr, "hardboot sp800-90b: cannot write the JSON document\n");
		return HB_EXIT_INFRA;
	}
	json_decref(doc);
	putchar('\n');
	return HB_EXIT_OK;
}

static int cmd_sp80090b(int argc, char **argv)
{
	struct sp_args a = { .h_i = -1 };
	struct sp_run *r;
	char err[512];
	int first, rc;

	rc = cli_parse(argc, argv, &sp_spec, &a, &first);
	if (rc)
		return cli_status(rc);
	r = calloc(1, sizeof(*r));
	if (!r)
		return HB_EXIT_INFRA;
	r->rep.path = argv[first];
	r->rep.data = &r->d;
	rc = sp90b_data_load(&r->d, argv[first], (unsigned)a.bits, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hardboot sp800-90b: %s\n", err);
		free(r);
		return rc == -ENODATA || rc == -EFBIG || rc == -EINVAL ? HB_EXIT_USAGE :
			HB_EXIT_INFRA;
	}
	rc = sp_tracks(&a, r);
	if (rc == HB_EXIT_OK && a.rows)
		rc = sp_restart(&a, r);
	if (rc == HB_EXIT_OK)
		rc = sp_output(&a, r);
	if (rc == HB_EXIT_OK && r->rep.restart && !r->restart.pass)
		rc = HB_EXIT_CHECK;
	sp90b_data_free(&r->d);
	free(r);
	return rc;
}

const struct cli_cmd cmd_sp80090b_info = {
	"sp800-90b", cmd_sp80090b, "FILE [--iid] [--restart R]",
	"NIST SP 800-90B entropy estimates of a sample file",
};
