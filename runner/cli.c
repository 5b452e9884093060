/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_usage_opts(FILE *f, const struct cli_opt *o)
{
	for (; o && o->name; o++) {
		char left[64];

		if (o->id < 128)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
}

/* getopt_long tables from ours, so --help and parsing cannot disagree. */
static struct option *cli_getopt(const struct cli_opt *o, char *shorts, size_t n)
{
	size_t cnt = 0, si = 0;
	struct option *lo;

	while (o[cnt].name)
		cnt++;
	lo = g_new0(struct option, cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		lo[i].name = o[i].name;
		lo[i].has_arg = o[i].arg ? required_argument : no_argument;
		lo[i].val = o[i].id;
		if (o[i].id < 128 && si + 3 < n) {
			shorts[si++] = (char)o[i].id;
			if (o[i].arg)
				shorts[si++] = ':';
		}
	}
	shorts[si] = '\0';
	return lo;
}

int cli_parse(int argc, char **argv, const struct cli_spec *spec,
	      cli_opt_fn fn, void *ctx, int *first)
{
	char shorts[64];
	struct option *lo = cli_getopt(spec->opts, shorts, sizeof(shorts));
	int c, rc = 0;

	optind = 1;
	while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: hardboot %s %s\n", spec->cmd, spec->usage);
			if (spec->about)
				printf("%s\n", spec->about);
			cli_usage_opts(stdout, spec->opts);
			if (spec->more_help)
				spec->more_help();
			g_free(lo);
			return 1;
		}
		rc = c == '?' || c == ':' ? -EINVAL : fn(c, optarg, ctx) ? -EINVAL : 0;
	}
	g_free(lo);
	*first = optind;
	if (!rc && spec->operands && optind >= argc) {
		fprintf(stderr, "hardboot %s: give %s (see --help)\n", spec->cmd,
			spec->operands);
		rc = -EINVAL;
	}
	return rc;
}

int cli_ulong(const char *opt, const char *s, unsigned long min,
	      unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || *v < min || *v > max) {
		fprintf(stderr, "hardboot: --%s: '%s' is not a whole number in %lu..%lu\n",
			opt, s, min, max);
		return -EINVAL;
	}
	return 0;
}

int cli_size(const char *opt, const char *s, unsigned long long *v)
{
	char *end;
	unsigned long long mul = 1;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10, end++;
	else if (*end == 'M')
		mul = 1ULL << 20, end++;
	else if (*end == 'G')
		mul = 1ULL << 30, end++;
	if (errno || end == s || *end || s[0] == '-' || *v > (~0ULL) / mul) {
		fprintf(stderr, "hardboot: --%s: '%s' is not a size (N, NK, NM, NG)\n",
			opt, s);
		return -EINVAL;
	}
	*v *= mul;
	return 0;
}

int cli_real(const char *opt, const char *s, double lo, double hi,
	     unsigned incl, double *v)
{
	char *end;
	int below, above;

	errno = 0;
	*v = strtod(s, &end);
	below = incl & CLI_LO_INCL ? *v < lo : *v <= lo;
	above = incl & CLI_HI_INCL ? *v > hi : *v >= hi;
	if (errno || end == s || *end || !isfinite(*v) || below || above) {
		fprintf(stderr, "hardboot: --%s: '%s' is not a number in %c%g, %g%c\n",
			opt, s, incl & CLI_LO_INCL ? '[' : '(', lo, hi,
			incl & CLI_HI_INCL ? ']' : ')');
		return -EINVAL;
	}
	return 0;
}

int cli_seconds(const char *opt, const char *s, double *v)
{
	return cli_real(opt, s, 0, 86400, CLI_HI_INCL, v);
}

int cli_choice(const char *opt, const char *s, const char *choices)
{
	gchar **c = g_strsplit(choices, "|", -1);
	int ok = 0;

	for (gchar **p = c; *p; p++)
		ok |= !strcmp(*p, s);
	g_strfreev(c);
	if (!ok) {
		char *list = g_strdelimit(g_strdup(choices), "|", ',');

		fprintf(stderr, "hardboot: --%s: '%s' is not one of %s\n", opt, s, list);
		g_free(list);
		return -EINVAL;
	}
	return 0;
}

int cli_selected(char *const *list, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return n == 0;
}
