/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A suite's policy: the thresholds its verdicts are judged by, in the
 * suite file's [policy] group, overridden per section by policy.KEY.  Each
 * suite lists the keys it reads in a table (name, type, default, help):
 * the table validates a file's values, names the one at fault, and prints
 * --help.  A key ending in ".*" is a family: min_bits.stack, min_bits.seed.*
 * (the part after the first dot names a region, a glob).
 *
 * A value "none" turns a check off for a section (the twins of another
 * suite, a section booted only for its registers); it is then not judged,
 * and says so in the suite's summary.
 */
#ifndef HB_RUNNER_POLICY_H
#define HB_RUNNER_POLICY_H

#include <stddef.h>

#include "suite.h"

enum policy_type {
	POLICY_BITS,        /* 0..64 bits */
	POLICY_COUNT,       /* a whole number */
	POLICY_PROB,        /* a probability in (0, 1) */
	POLICY_PERCENT,     /* "5%": a relative change, stored as 0.05 */
	POLICY_REQUIRED,    /* required | none */
	POLICY_CHOICE,      /* one of choices */
	POLICY_LIST,        /* comma or space separated names */
};

struct policy_key {
	const char *name;       /* "confidence", "min_bits.*" */
	enum policy_type type;
	const char *def;        /* NULL: not checked unless set */
	const char *choices;    /* POLICY_CHOICE: "smoke|nightly|full|none" */
	const char *help;
};

/* The keys of a table, NULL-terminated by a { NULL } entry. */
const struct policy_key *policy_find(const struct policy_key *keys, const char *name);
/* Every [policy] key and every section's policy.KEY against the table;
 * 0, or -EINVAL with err naming file, group and key. */
int policy_check(const struct suite *s, const struct policy_key *keys,
		 char *err, size_t n);
/* The value for a section: its policy.KEY, else [policy], else the
 * table's default; NULL when none (not checked). */
const char *policy_get(const struct suite *s, const struct section *sec,
		       const struct policy_key *keys, const char *name);
/* The value as a number (bits, count, prob, percent as a fraction);
 * NAN when unset or "none". */
double policy_num(const struct suite *s, const struct section *sec,
		  const struct policy_key *keys, const char *name);
/* 1 when set and not "none". */
int policy_on(const struct suite *s, const struct section *sec,
	      const struct policy_key *keys, const char *name);
/* The concrete keys of a family for a section ("min_bits.stack",
 * "min_bits.seed.*", ...): those set in [policy], in the section, and the
 * table's defaults of that family, each once.  Free with g_strfreev. */
char **policy_family(const struct suite *s, const struct section *sec,
		     const struct policy_key *keys, const char *family);
/* --help: the table. */
void policy_print_keys(const struct policy_key *keys);

#endif
