/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "run.h"

#define CLI_HELP_COL 32         /* where the descriptions start */
#define CLI_HELP_WIDTH 79

/* ---- values ----------------------------------------------------------------- */

static int cli_uint(const char *s, unsigned long long min, unsigned long long max,
		    unsigned long long *v, char *why, size_t n)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || *v < min || *v > max) {
		snprintf(why, n, "'%s' is not a whole number in %llu..%llu", s, min, max);
		return -EINVAL;
	}
	return 0;
}

static int cli_size(const char *s, unsigned long long min, unsigned long long max,
		    unsigned long long *v, char *why, size_t n)
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
	if (errno || end == s || *end || s[0] == '-' || *v > max / mul ||
	    *v * mul < min) {
		if (max == ~0ULL)
			snprintf(why, n, "'%s' is not a size (N, NK, NM, NG) of at least "
				 "%llu bytes", s, min);
		else
			snprintf(why, n, "'%s' is not a size (N, NK, NM, NG) in %llu..%llu",
				 s, min, max);
		return -EINVAL;
	}
	*v *= mul;
	return 0;
}

static int cli_real(const char *s, double lo, double hi, unsigned incl, double *v,
		    char *why, size_t n)
{
	char *end;
	int below, above;

	errno = 0;
	*v = strtod(s, &end);
	below = incl & CLI_LO_INCL ? *v < lo : *v <= lo;
	above = incl & CLI_HI_INCL ? *v > hi : *v >= hi;
	if (errno || end == s || *end || !isfinite(*v) || below || above) {
		snprintf(why, n, "'%s' is not a number in %c%g, %g%c", s,
			 incl & CLI_LO_INCL ? '[' : '(', lo, hi,
			 incl & CLI_HI_INCL ? ']' : ')');
		return -EINVAL;
	}
	return 0;
}

static int cli_choice(const char *s, const char *choices, char *why, size_t n)
{
	gchar **c = g_strsplit(choices, "|", -1);
	int ok = 0;

	for (gchar **p = c; *p; p++)
		ok |= !strcmp(*p, s);
	g_strfreev(c);
	if (!ok) {
		char *list = g_strdelimit(g_strdup(choices), "|", ',');

		snprintf(why, n, "'%s' is not one of %s", s, list);
		g_free(list);
		return -EINVAL;
	}
	return 0;
}

/* ---- fields ----------------------------------------------------------------- */

static void *cli_field(const struct cli_opt *o, void *args)
{
	return (char *)args + o->off;
}

/* UINT fields are 4 or 8 bytes wide: int, unsigned, long, uint64_t. */
static void cli_put_uint(const struct cli_opt *o, void *args, unsigned long long v)
{
	if (o->size == sizeof(uint32_t)) {
		uint32_t w = (uint32_t)v;

		memcpy(cli_field(o, args), &w, sizeof(w));
	} else {
		uint64_t w = v;

		memcpy(cli_field(o, args), &w, sizeof(w));
	}
}

static unsigned long long cli_get_uint(const struct cli_opt *o, const void *args)
{
	uint32_t w32;
	uint64_t w64;

	if (o->size == sizeof(w32)) {
		memcpy(&w32, (const char *)args + o->off, sizeof(w32));
		return w32;
	}
	memcpy(&w64, (const char *)args + o->off, sizeof(w64));
	return w64;
}

/* The array is read and written with memcpy: its field may be declared
 * const char *const * (suite_overrides.only), which char ** must not alias. */
static void cli_list_add(const struct cli_opt *o, void *args, const char *arg)
{
	int *cnt = (int *)((char *)args + o->count);
	char **v;

	memcpy(&v, cli_field(o, args), sizeof(v));
	v = g_renew(char *, v, (size_t)*cnt + 2);
	v[(*cnt)++] = (char *)arg;
	v[*cnt] = NULL;
	memcpy(cli_field(o, args), &v, sizeof(v));
}

/* arg into o's field: 0, or -EINVAL with why. */
static int cli_store(const struct cli_opt *o, void *args, const char *arg,
		     char *why, size_t n)
{
	unsigned long long u;
	double d;
	int one = 1, zero = 0, rc = 0;

	switch (o->type) {
	case CLI_FLAG:
	case CLI_NOFLAG:
		memcpy(cli_field(o, args), o->type == CLI_FLAG ? &one : &zero, sizeof(int));
		return 0;
	case CLI_CHOICE:
		rc = cli_choice(arg, o->arg, why, n);
		/* fall through */
	case CLI_STR:
		if (!rc)
			memcpy(cli_field(o, args), &arg, sizeof(arg));
		return rc;
	case CLI_LIST:
		cli_list_add(o, args, arg);
		return 0;
	case CLI_UINT:
	case CLI_SIZE:
		rc = o->type == CLI_UINT ? cli_uint(arg, o->min, o->max, &u, why, n) :
			cli_size(arg, o->min, o->max ? o->max : ~0ULL, &u, why, n);
		if (!rc)
			cli_put_uint(o, args, u);
		return rc;
	case CLI_REAL:
	case CLI_SECONDS:
		rc = o->type == CLI_REAL ? cli_real(arg, o->lo, o->hi, o->incl, &d, why, n) :
			cli_real(arg, 0, 86400, CLI_HI_INCL, &d, why, n);
		if (!rc)
			memcpy(cli_field(o, args), &d, sizeof(d));
		return rc;
	case CLI_CALL:
		return o->call(arg, cli_field(o, args), why, n);
	case CLI_HELP:
	case CLI_END:
		break;
	}
	return 0;
}

/* The width each type writes: a table whose field does not match it is a
 * bug that would scribble over its neighbours. */
static int cli_size_ok(const struct cli_opt *o)
{
	switch (o->type) {
	case CLI_FLAG:
	case CLI_NOFLAG:
		return o->size == sizeof(int);
	case CLI_STR:
	case CLI_CHOICE:
	case CLI_LIST:
		return o->size == sizeof(char *);
	case CLI_UINT:
		return (o->size == 4 && o->max <= INT32_MAX) || o->size == 8;
	case CLI_SIZE:
		return o->size == 8;
	case CLI_REAL:
	case CLI_SECONDS:
		return o->size == sizeof(double);
	case CLI_CALL:
		return o->call != NULL;
	case CLI_HELP:
	case CLI_END:
		break;
	}
	return 1;
}

/* The table's defaults into args, checking each row on the way. */
static int cli_defaults(const struct cli_spec *spec, void *args)
{
	char why[256];

	for (const struct cli_opt *o = spec->opts; o->name; o++) {
		if (!cli_size_ok(o)) {
			fprintf(stderr, "hardboot %s: --%s: the option table's field does "
				"not fit its type\n", spec->cmd, o->name);
			return -EINVAL;
		}
		if (o->def && cli_store(o, args, o->def, why, sizeof(why))) {
			fprintf(stderr, "hardboot %s: --%s: the option table's default: %s\n",
				spec->cmd, o->name, why);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- --help ----------------------------------------------------------------- */

static void cli_default_text(const struct cli_opt *o, const void *args, GString *s)
{
	const void *f = (const char *)args + o->off;
	unsigned long long u;
	const char *str;
	double d;
	int k;

	if (o->def || o->unset) {
		g_string_append(s, o->def ? o->def : o->unset);
		return;
	}
	switch (o->type) {
	case CLI_STR:
	case CLI_CHOICE:
		memcpy(&str, f, sizeof(str));
		if (str)
			g_string_append(s, str);
		break;
	case CLI_UINT:
		g_string_append_printf(s, "%llu", cli_get_uint(o, args));
		break;
	case CLI_SIZE:
		u = cli_get_uint(o, args);
		for (k = 0; k < 3 && u && !(u % 1024); k++)
			u /= 1024;
		g_string_append_printf(s, "%llu%.*s", u, k ? 1 : 0, &" KMG"[k]);
		break;
	case CLI_REAL:
	case CLI_SECONDS:
		memcpy(&d, f, sizeof(d));
		g_string_append_printf(s, "%g", d);
		break;
	default:
		break;
	}
}

/* "(1..256; default: CPUs)": what the row says of the value. */
static void cli_facts(const struct cli_opt *o, const void *args, GString *s)
{
	GString *f = g_string_new(NULL), *d = g_string_new(NULL);

	if (o->type == CLI_UINT)
		g_string_append_printf(f, "%llu..%llu", o->min, o->max);
	else if (o->type == CLI_REAL)
		g_string_append_printf(f, "%c%g, %g%c", o->incl & CLI_LO_INCL ? '[' : '(',
				       o->lo, o->hi, o->incl & CLI_HI_INCL ? ']' : ')');
	else if (o->type == CLI_SECONDS)
		g_string_append(f, "seconds in (0, 86400]");
	else if (o->type == CLI_SIZE && o->min)
		g_string_append_printf(f, "at least %llu byte%s", o->min, o->min == 1 ? "" : "s");
	else if (o->type == CLI_LIST)
		g_string_append(f, "repeatable");
	if (o->required)
		g_string_append_printf(f, "%srequired", f->len ? "; " : "");
	if (!o->required)
		cli_default_text(o, args, d);
	if (d->len)
		g_string_append_printf(f, "%sdefault: %s", f->len ? "; " : "", d->str);
	if (f->len)
		g_string_append_printf(s, " (%s)", f->str);
	g_string_free(f, TRUE);
	g_string_free(d, TRUE);
}

/* text from column CLI_HELP_COL, folded at spaces within CLI_HELP_WIDTH */
static void cli_fold(FILE *f, const char *text)
{
	const int room = CLI_HELP_WIDTH - CLI_HELP_COL;
	const char *p = text;

	while (*p) {
		int len = (int)strlen(p);

		if (len > room) {
			len = room;
			while (len > 0 && p[len] != ' ')
				len--;
			if (!len)
				len = (int)strcspn(p, " ");
		}
		fprintf(f, "%.*s\n", len, p);
		p += len;
		while (*p == ' ')
			p++;
		if (*p)
			fprintf(f, "%*s", CLI_HELP_COL, "");
	}
}

static void cli_help(const struct cli_spec *spec, const void *args)
{
	GString *line = g_string_new(NULL);

	printf("usage: hardboot %s %s\n", spec->cmd, spec->usage);
	if (spec->about)
		printf("%s\n", spec->about);
	printf("\noptions:\n");
	for (const struct cli_opt *o = spec->opts; o->name; o++) {
		int w;

		g_string_printf(line, "  %c%c%s--%s%s%s", o->letter ? '-' : ' ',
				o->letter ? o->letter : ' ', o->letter ? ", " : "  ",
				o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		w = (int)line->len;
		if (w >= CLI_HELP_COL)
			printf("%s\n%*s", line->str, CLI_HELP_COL, "");
		else
			printf("%s%*s", line->str, CLI_HELP_COL - w, "");
		g_string_assign(line, o->help);
		cli_facts(o, args, line);
		cli_fold(stdout, line->str);
	}
	if (spec->more_help)
		spec->more_help();
	if (spec->more)
		printf("\n%s", spec->more);
	g_string_free(line, TRUE);
}

/* ---- parsing ---------------------------------------------------------------- */

/* getopt_long tables from ours: every long option says its row (256 + i),
 * a letter finds it through cli_row(). */
static struct option *cli_getopt(const struct cli_opt *o, GString *shorts)
{
	size_t cnt = 0;
	struct option *lo;

	while (o[cnt].name)
		cnt++;
	lo = g_new0(struct option, cnt + 1);
	g_string_assign(shorts, ":");
	for (size_t i = 0; i < cnt; i++) {
		int has_arg = o[i].type != CLI_FLAG && o[i].type != CLI_NOFLAG &&
			      o[i].type != CLI_HELP;

		lo[i].name = o[i].name;
		lo[i].has_arg = has_arg ? required_argument : no_argument;
		lo[i].val = 256 + (int)i;
		if (o[i].letter) {
			g_string_append_c(shorts, o[i].letter);
			if (has_arg)
				g_string_append_c(shorts, ':');
		}
	}
	return lo;
}

static int cli_row(const struct cli_opt *opts, int c)
{
	if (c >= 256)
		return c - 256;
	for (int i = 0; opts[i].name; i++)
		if (opts[i].letter && opts[i].letter == c)
			return i;
	return -1;
}

/* getopt's own complaint, in our words: which option, what is wrong */
static void cli_bad_option(const struct cli_spec *spec, char **argv, int c)
{
	const char *word = argv[optind - 1];

	if (c == ':' && optopt >= 256)
		fprintf(stderr, "hardboot %s: --%s needs a value (see --help)\n", spec->cmd,
			spec->opts[optopt - 256].name);
	else if (c == ':')
		fprintf(stderr, "hardboot %s: -%c needs a value (see --help)\n", spec->cmd,
			optopt);
	else if (optopt && optopt < 256)
		fprintf(stderr, "hardboot %s: unknown option -%c (see --help)\n", spec->cmd,
			optopt);
	else
		fprintf(stderr, "hardboot %s: unknown option %s (see --help)\n", spec->cmd,
			word);
}

/* The operands' count against the spec; stored in args when it says so. */
static int cli_operands(const struct cli_spec *spec, char **argv, int n, void *args)
{
	if (n >= spec->min_ops && (spec->max_ops == CLI_ANY || n <= spec->max_ops)) {
		if (spec->store_ops) {
			char **v = argv + optind;

			memcpy((char *)args + spec->ops_off, &v, sizeof(v));
			memcpy((char *)args + spec->nops_off, &n, sizeof(n));
		}
		return 0;
	}
	if (spec->operands)
		fprintf(stderr, "hardboot %s: give %s (see --help)\n", spec->cmd,
			spec->operands);
	else
		fprintf(stderr, "hardboot %s: takes options only (see --help)\n", spec->cmd);
	return -EINVAL;
}

static int cli_required(const struct cli_spec *spec, const char *seen)
{
	for (int i = 0; spec->opts[i].name; i++)
		if (spec->opts[i].required && !seen[i]) {
			fprintf(stderr, "hardboot %s: --%s is required (see --help)\n",
				spec->cmd, spec->opts[i].name);
			return -EINVAL;
		}
	return 0;
}

static int cli_getopts(int argc, char **argv, const struct cli_spec *spec, void *args,
		       char *seen)
{
	GString *shorts = g_string_new(NULL);
	struct option *lo = cli_getopt(spec->opts, shorts);
	char why[512];
	int c, rc = 0;

	/* 0, not 1: glibc then forgets a previous parse's place too */
	optind = 0;
	opterr = 0;
	while (!rc && (c = getopt_long(argc, argv, shorts->str, lo, NULL)) != -1) {
		int i = cli_row(spec->opts, c);
		const struct cli_opt *o = i >= 0 ? &spec->opts[i] : NULL;

		if (!o) {
			cli_bad_option(spec, argv, c);
			rc = -EINVAL;
		} else if (o->type == CLI_HELP) {
			cli_help(spec, args);
			rc = 1;
		} else if (cli_store(o, args, optarg, why, sizeof(why))) {
			fprintf(stderr, "hardboot %s: --%s: %s\n", spec->cmd, o->name, why);
			rc = -EINVAL;
		} else {
			seen[i] = 1;
		}
	}
	g_free(lo);
	g_string_free(shorts, TRUE);
	return rc;
}

int cli_parse(int argc, char **argv, const struct cli_spec *spec, void *args,
	      int *first)
{
	size_t nopts = 0;
	char *seen;
	int rc;

	while (spec->opts[nopts].name)
		nopts++;
	seen = g_new0(char, nopts + 1);
	rc = cli_defaults(spec, args);
	if (!rc)
		rc = cli_getopts(argc, argv, spec, args, seen);
	if (first)
		*first = optind;
	if (!rc)
		rc = cli_required(spec, seen);
	if (!rc)
		rc = cli_operands(spec, argv, argc - optind, args);
	g_free(seen);
	if (rc)
		cli_free(spec, args);
	return rc;
}

void cli_free(const struct cli_spec *spec, void *args)
{
	for (const struct cli_opt *o = spec->opts; o->name; o++)
		if (o->type == CLI_LIST) {
			char **v;

			memcpy(&v, cli_field(o, args), sizeof(v));
			g_free(v);
			v = NULL;
			memcpy(cli_field(o, args), &v, sizeof(v));
			*(int *)((char *)args + o->count) = 0;
		}
}

int cli_status(int rc)
{
	return rc > 0 ? HB_EXIT_OK : HB_EXIT_USAGE;
}

int cli_selected(char *const *list, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return n == 0;
}
