/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard.h"

int shard_parse(const char *spec, unsigned *i, unsigned *n, char *err, size_t len)
{
	const char *s = spec;
	char *end;
	unsigned long a, b;

	errno = 0;
	a = strtoul(s, &end, 10);
	if (errno || end == s || *end != '/')
		goto bad;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (errno || end == s || *end || !a || a > b || b > 10000)
		goto bad;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
bad:
	snprintf(err, len, "--shard: '%s' is not i/N with 1 <= i <= N <= 10000", spec);
	return -EINVAL;
}

static int shard_first_of_group(const struct sec_run *sr, int j)
{
	for (int m = 0; m < j; m++)
		if (!strcmp(sr[m].sec->group, sr[j].sec->group))
			return 0;
	return 1;
}

/* Ordinal of section k's group among the suite's groups, in order of
 * first appearance. */
static int shard_group_index(const struct sec_run *sr, int k)
{
	int idx = 0;

	for (int j = 0; j < k; j++) {
		if (!sr[j].sec->group[0] || !shard_first_of_group(sr, j))
			continue;
		if (!strcmp(sr[j].sec->group, sr[k].sec->group))
			return idx;
		idx++;
	}
	return idx;
}

void shard_apply(struct sec_run *sr, int nsr, unsigned i, unsigned n)
{
	for (int k = 0; k < nsr; k++) {
		unsigned long b = sr[k].sec->boots;

		if (sr[k].sec->group[0]) {
			int g = shard_group_index(sr, k);

			sr[k].first_boot = 0;
			sr[k].nboots = b;
			sr[k].excluded = (unsigned)g % n != i - 1;
			continue;
		}
		/* Boots [b(i-1)/n, b i/n): every boot in exactly one shard. */
		sr[k].first_boot = b * (i - 1) / n;
		sr[k].nboots = b * i / n - sr[k].first_boot;
		sr[k].excluded = sr[k].nboots == 0;
	}
}
