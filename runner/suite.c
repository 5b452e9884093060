/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture.h"
#include "proto.h"
#include "suite.h"
#include "hardboot/proto.h"

#define SUITE_FILE_MAX (1024 * 1024)

enum suite_type { KEY_STR, KEY_RAW, KEY_ULONG, KEY_SECONDS, KEY_ENUM };

struct suite_key {
	const char *name;
	enum suite_type type;
	const char *def;      /* NULL: from the image manifest */
	size_t off;
	const char *choices;  /* KEY_ENUM: '|'-separated */
	unsigned long min, max;
	const char *help;
};

#define SEC_OFF(f) offsetof(struct section, f)

/* The one list of section keys. */
static const struct suite_key suite_keys[] = {
	{ "image", KEY_STR, NULL, SEC_OFF(image), NULL, 0, 0,
	  "manifest name (hardened) or path to an ELF image" },
	{ "machine", KEY_STR, NULL, SEC_OFF(machine), NULL, 0, 0,
	  "microvm (expanded to microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off: qboot, the fast PVH line; microvm,acpi=auto for QEMU's own), q35, pc, or any full -M value (default: manifest)" },
	{ "cpu", KEY_STR, NULL, SEC_OFF(cpu), NULL, 0, 0,
	  "-cpu model and flags, e.g. max,-rdrand (default: manifest)" },
	{ "memory", KEY_ULONG, NULL, SEC_OFF(memory), NULL, 2, 1048576,
	  "guest RAM in MiB (default: manifest)" },
	{ "accel", KEY_ENUM, "auto", SEC_OFF(accel), "auto|kvm|tcg", 0, 0,
	  "accelerator; auto probes both once and keeps the faster" },
	{ "boots", KEY_ULONG, "10", SEC_OFF(boots), NULL, 1, 100000000,
	  "number of boots" },
	{ "mode", KEY_ENUM, "cold", SEC_OFF(mode), "cold|warm", 0, 0,
	  "cold: one QEMU per boot; warm: guest reset between boots" },
	{ "reset", KEY_ENUM, "auto", SEC_OFF(reset), "auto|guest|qmp", 0, 0,
	  "warm reset: guest triple fault, or QMP system_reset (auto: qmp under kvm)" },
	{ "timeout", KEY_SECONDS, "10", SEC_OFF(timeout), NULL, 0, 0,
	  "seconds per boot before the QEMU process group is killed" },
	{ "append", KEY_RAW, "", SEC_OFF(append), NULL, 0, 0,
	  "extra guest kernel command line" },
	{ "qemu_args", KEY_RAW, "", SEC_OFF(qemu_args), NULL, 0, 0,
	  "extra QEMU arguments, shell quoting" },
	{ "qemu", KEY_STR, NULL, SEC_OFF(qemu), NULL, 0, 0,
	  "QEMU binary, path or name in $PATH (default: the image's architecture's, "
	  "qemu-system-x86_64 or qemu-system-aarch64)" },
	{ "requires", KEY_STR, "", SEC_OFF(requires), NULL, 0, 0,
	  "guest CPU features the section needs, comma list of cet, rdrand, rdseed; SKIP unless the guest would see them (QEMU's expansion of cpu under the accelerator, QMP query-cpu-model-expansion)" },
	{ "inspect", KEY_ENUM, "none", SEC_OFF(inspect), "none|regs|regs,pagetables", 0, 0,
	  "regs: stop the guest at done (or pattern.halt) and read RIP, RSP, CR0/3/4, EFER via QMP; "
	  "regs,pagetables: also walk its page tables through file-backed guest RAM" },
	{ "trace", KEY_ENUM, "none", SEC_OFF(trace), "none|exceptions", 0, 0,
	  "exceptions: QEMU logs each exception the guest takes (-d int; aarch64 images, cold mode), read into boots.jsonl as qemu_exceptions: evidence from outside for a fault the guest reports" },
	{ "group", KEY_STR, "", SEC_OFF(group), NULL, 0, 0,
	  "free-form group name for reports" },
	{ "warmup", KEY_ULONG, "0", SEC_OFF(warmup), NULL, 0, 100000000,
	  "boots analyses discard as warm-up: the first N of each QEMU (warm) or of the section (cold)" },
	{ "baseline", KEY_STR, "", SEC_OFF(baseline), NULL, 0, 0,
	  "section that hardboot boottime compares this one against" },
	{ "protocol", KEY_ENUM, NULL, SEC_OFF(protocol), "hb1|none", 0, 0,
	  "hb1: speaks the serial protocol; none: read with pattern.* (default: manifest, else hb1)" },
	{ "exit_port", KEY_ULONG, NULL, SEC_OFF(exit_port), NULL, 1, 0xffff,
	  "isa-debug-exit I/O port, decimal (244 = 0xf4, 1281 = 0x501)" },
	{ "exit_ok", KEY_ULONG, NULL, SEC_OFF(exit_ok), NULL, 0, 255,
	  "QEMU exit status of a passing guest (default: manifest, else 1)" },
	{ "exit_fail", KEY_ULONG, NULL, SEC_OFF(exit_fail), NULL, 0, 255,
	  "QEMU exit status of a guest that reports failure (default 3)" },
	{ "expect", KEY_RAW, "pass", SEC_OFF(expect), NULL, 0, 0,
	  "what every boot must show: pass; fail CHECK... (a broken twin: exactly these guest "
	  "checks fail); crash, timeout or error; policy:NAME for a suite policy that must fail" },
};

#define SUITE_NKEYS (sizeof(suite_keys) / sizeof(suite_keys[0]))
#define PATTERN_PREFIX "pattern."
#define POLICY_PREFIX "policy."

void suite_print_keys(void)
{
	printf("\nSuite file keys (per [section], or in [defaults]):\n");
	for (size_t i = 0; i < SUITE_NKEYS; i++)
		printf("  %-10s %s%s%s\n", suite_keys[i].name, suite_keys[i].help,
		       suite_keys[i].def && *suite_keys[i].def ? "; default " : "",
		       suite_keys[i].def && *suite_keys[i].def ? suite_keys[i].def : "");
	printf("  %-10s POSIX extended regex with one capture group, the value "
	       "sampled; KIND addr (the default), secret (any length) or mark "
	       "(a phase mark's TSC: entry paging rng aslr main); BASE hex or dec, "
	       "else from a 0x before the group or its class, else refused when "
	       "digits only; pattern.done and pattern.halt (no group needed) end "
	       "the boot and stop it for inspection\n",
	       "pattern.KIND.NAME.BASE");
}

static const struct suite_key *suite_key_find(const char *name)
{
	for (size_t i = 0; i < SUITE_NKEYS; i++)
		if (!strcmp(suite_keys[i].name, name))
			return &suite_keys[i];
	return NULL;
}

static int suite_enum_ok(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && !strncmp(p, v, n))
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* Store one raw value into the section; err names file, section and key. */
static int suite_set(struct section *sec, const struct suite_key *k,
		     const char *val, const char *where, char *err, size_t errlen)
{
	char *dst = (char *)sec + k->off;
	char *end;

	switch (k->type) {
	case KEY_STR:
	case KEY_RAW:
		g_free(*(char **)dst);
		*(char **)dst = g_strdup(val);
		return 0;
	case KEY_ENUM:
		if (!suite_enum_ok(k->choices, val)) {
			snprintf(err, errlen, "%s key '%s': '%s' is not one of %s",
				 where, k->name, val, k->choices);
			return -EINVAL;
		}
		g_free(*(char **)dst);
		*(char **)dst = g_strdup(val);
		return 0;
	case KEY_ULONG: {
		unsigned long v;

		errno = 0;
		v = strtoul(val, &end, 10);
		if (errno || end == val || *end || val[0] == '-' ||
		    v < k->min || v > k->max) {
			snprintf(err, errlen,
				 "%s key '%s': '%s' is not a whole number in %lu..%lu",
				 where, k->name, val, k->min, k->max);
			return -EINVAL;
		}
		*(unsigned long *)dst = v;
		return 0;
	}
	case KEY_SECONDS: {
		double v;

		errno = 0;
		v = strtod(val, &end);
		if (errno || end == val || *end || !isfinite(v) || v <= 0 ||
		    v > 86400) {
			snprintf(err, errlen,
				 "%s key '%s': '%s' is not a number of seconds in (0, 86400]",
				 where, k->name, val);
			return -EINVAL;
		}
		*(double *)dst = v;
		return 0;
	}
	}
	return -EINVAL;
}

#define SUITE_RE_MAX_LEN 512
#define SUITE_RE_MAX_REPEAT 1000

/*
 * glibc's regcomp() expands a{n,m} by copying the subtree, so nested or
 * chained bounded repeats grow memory multiplicatively (a fuzzer found
 * "(x{255}){255}{255}" eating gigabytes).  Bound the product of all repeat
 * counts: a conservative over-estimate of the nesting.
 */
static int suite_regex_too_big(const char *src)
{
	double product = 1;
	int depth = 0;

	if (strlen(src) > SUITE_RE_MAX_LEN)
		return 1;
	for (const char *p = src; *p; p++) {
		unsigned long a, b;
		char *end;
		int escaped = p > src && p[-1] == '\\';

		/* "a++" or "a*{2}": undefined in POSIX, and each extra
		 * operator doubles what glibc builds. */
		if (!escaped && strchr("*+?{", *p) && p > src &&
		    strchr("*+?}", p[-1]) && !(p > src + 1 && p[-2] == '\\'))
			return 1;
		if (!escaped && *p == '(' && ++depth > 8)
			return 1; /* nested repeated groups double per level */
		if (!escaped && *p == ')' && depth > 0)
			depth--;
		if (*p != '{' || escaped)
			continue;
		a = strtoul(p + 1, &end, 10);
		b = *end == ',' ? strtoul(end + 1, &end, 10) : 0;
		product *= (double)((a > b ? a : b) + 1);
		if (product > SUITE_RE_MAX_REPEAT)
			return 1;
	}
	return 0;
}

static const char *const suite_pat_kinds[] = {
	[SUITE_PAT_ADDR] = "addr", [SUITE_PAT_SECRET] = "secret",
	[SUITE_PAT_MARK] = "mark",
};

static int suite_pat_kind_of(const char *s)
{
	for (int k = SUITE_PAT_ADDR; k <= SUITE_PAT_MARK; k++)
		if (!strcmp(s, suite_pat_kinds[k]))
			return k;
	return -1;
}

static int suite_pat_base_of(const char *s)
{
	return !strcmp(s, "hex") ? SUITE_BASE_HEX : !strcmp(s, "dec") ? SUITE_BASE_DEC : -1;
}

/* A mark is one of HB1's phase marks: boottime's phases are the
 * differences between them (suites/boottime/boottime.c). */
static int suite_pat_mark_ok(const char *name)
{
	return proto_mark_index(name) >= 0;
}

/*
 * The key after "pattern.": NAME (an address, or done / halt), NAME.BASE,
 * KIND.NAME or KIND.NAME.BASE, KIND one of addr, secret, mark and BASE one
 * of hex, dec.  Names are letters, digits, '_' and '-'.
 */
static int suite_pat_key(struct suite_pattern *p, const char *key,
			 const char *where, char *err, size_t errlen)
{
	gchar **part = g_strsplit(key, ".", 4);
	guint n = g_strv_length(part);
	int kind = -1, base = SUITE_BASE_AUTO, rc = 0;
	const char *name = NULL;

	if (n == 1) {
		name = part[0];
	} else if (n == 2 && suite_pat_kind_of(part[0]) >= 0) {
		kind = suite_pat_kind_of(part[0]);
		name = part[1];
	} else if (n == 2 && suite_pat_base_of(part[1]) >= 0) {
		name = part[0];
		base = suite_pat_base_of(part[1]);
	} else if (n == 3 && suite_pat_kind_of(part[0]) >= 0 &&
		   suite_pat_base_of(part[2]) >= 0) {
		kind = suite_pat_kind_of(part[0]);
		name = part[1];
		base = suite_pat_base_of(part[2]);
	}
	if (!name || !*name || strspn(name, "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(name)) {
		snprintf(err, errlen, "%s key 'pattern.%s': not pattern.NAME, "
			 "pattern.KIND.NAME or pattern.KIND.NAME.BASE (KIND addr, "
			 "secret or mark; BASE hex or dec; NAME letters, digits, _ and -)",
			 where, key);
		rc = -EINVAL;
	} else if (kind < 0 && (!strcmp(name, "done") || !strcmp(name, "halt"))) {
		p->kind = !strcmp(name, "done") ? SUITE_PAT_DONE : SUITE_PAT_HALT;
	} else if (kind == SUITE_PAT_MARK && !suite_pat_mark_ok(name)) {
		snprintf(err, errlen, "%s key 'pattern.%s': '%s' is not a phase mark "
			 "(entry, paging, rng, aslr, main)", where, key, name);
		rc = -EINVAL;
	} else {
		/* plain pattern.NAME: an address, as before typed captures */
		p->kind = kind < 0 ? SUITE_PAT_ADDR : (enum suite_pat_kind)kind;
	}
	if (!rc) {
		p->name = g_strdup(name);
		p->base = (enum suite_pat_base)base;
	}
	g_strfreev(part);
	return rc;
}

static void suite_pat_free(struct suite_pattern *p)
{
	regfree(&p->re);
	g_free(p->name);
	g_free(p->key);
	g_free(p->source);
}

static int suite_add_pattern(struct section *sec, const char *key,
			     const char *src, const char *where,
			     char *err, size_t errlen)
{
	struct suite_pattern np = { 0 }, *p;
	int rc;

	if (suite_pat_key(&np, key, where, err, errlen))
		return -EINVAL;
	for (int i = 0; i < sec->npat; i++) {
		if (sec->pat[i].kind == np.kind && !strcmp(sec->pat[i].name, np.name)) {
			/* section overrides defaults, pattern.NAME pattern.addr.NAME */
			suite_pat_free(&sec->pat[i]);
			sec->pat[i] = sec->pat[--sec->npat];
			break;
		}
	}
	if (sec->npat == SUITE_MAX_PATTERNS) {
		snprintf(err, errlen, "%s: more than %d patterns", where,
			 SUITE_MAX_PATTERNS);
		g_free(np.name);
		return -E2BIG;
	}
	if (suite_regex_too_big(src)) {
		snprintf(err, errlen, "%s key 'pattern.%s': regex too large "
			 "(over %d characters, stacked repeat operators, or {n} repeats multiplying past %d)",
			 where, key, SUITE_RE_MAX_LEN, SUITE_RE_MAX_REPEAT);
		g_free(np.name);
		return -EINVAL;
	}
	rc = regcomp(&np.re, src, REG_EXTENDED);
	if (rc) {
		char msg[128];

		regerror(rc, &np.re, msg, sizeof(msg));
		snprintf(err, errlen, "%s key 'pattern.%s': bad regex: %s",
			 where, key, msg);
		g_free(np.name);
		return -EINVAL;
	}
	/* A capture is the sample; without a group there is nothing to keep
	 * (done and halt only need the line to match). */
	if (np.re.re_nsub != 1 &&
	    (np.re.re_nsub > 1 || (np.kind != SUITE_PAT_DONE && np.kind != SUITE_PAT_HALT))) {
		snprintf(err, errlen,
			 "%s key 'pattern.%s': %zu capture groups, need exactly 1 "
			 "(the value to sample, in parentheses)",
			 where, key, np.re.re_nsub);
		regfree(&np.re);
		g_free(np.name);
		return -EINVAL;
	}
	if (np.base == SUITE_BASE_AUTO)
		np.base = capture_base_of_regex(src);
	np.key = g_strdup(key);
	np.source = g_strdup(src);
	p = &sec->pat[sec->npat++];
	*p = np;
	return 0;
}

/*
 * Keys are read with g_key_file_get_value(), not _get_string(): the latter
 * interprets backslash escapes and would reject a regex such as "\d".
 */
static int suite_read_group(GKeyFile *kf, const char *group,
			    struct section *sec, const char *file,
			    char *err, size_t errlen)
{
	gchar **keys = g_key_file_get_keys(kf, group, NULL, NULL);
	char where[256];
	int rc = 0;

	snprintf(where, sizeof(where), "%s: [%s]", file, group);
	for (gchar **k = keys; k && *k && !rc; k++) {
		gchar *val = g_key_file_get_value(kf, group, *k, NULL);
		const struct suite_key *key = suite_key_find(*k);

		g_strstrip(val);
		if (g_str_has_prefix(*k, PATTERN_PREFIX))
			rc = suite_add_pattern(sec, *k + strlen(PATTERN_PREFIX),
					       val, where, err, errlen);
		else if (g_str_has_prefix(*k, POLICY_PREFIX) && (*k)[strlen(POLICY_PREFIX)])
			suite_kv_add(&sec->policy, *k + strlen(POLICY_PREFIX), val);
		else if (!key) {
			snprintf(err, errlen, "%s unknown key '%s'", where, *k);
			rc = -EINVAL;
		} else {
			rc = suite_set(sec, key, val, where, err, errlen);
			sec->boots_set |= !strcmp(key->name, "boots");
		}
		g_free(val);
	}
	g_strfreev(keys);
	return rc;
}

static int suite_defaults(struct section *sec, const char *where,
			  char *err, size_t errlen)
{
	for (size_t i = 0; i < SUITE_NKEYS; i++) {
		const struct suite_key *k = &suite_keys[i];
		int rc;

		if (!k->def)
			continue;
		rc = suite_set(sec, k, k->def, where, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}

static void suite_section_free(struct section *sec)
{
	for (size_t i = 0; i < SUITE_NKEYS; i++)
		if (suite_keys[i].type == KEY_STR || suite_keys[i].type == KEY_RAW ||
		    suite_keys[i].type == KEY_ENUM)
			g_free(*(char **)((char *)sec + suite_keys[i].off));
	for (int i = 0; i < sec->npat; i++)
		suite_pat_free(&sec->pat[i]);
	g_strfreev(sec->extra_argv);
	image_free(&sec->img);
	expect_free(&sec->exp);
	suite_kv_free(&sec->policy);
	g_free(sec->name);
}

/* qemu_args split into extra_argv as a shell would; what names the key
 * (the file's, or the command line's --qemu-args) in the error. */
static int suite_split_qemu_args(struct section *sec, const char *what,
				 char *err, size_t errlen)
{
	GError *gerr = NULL;

	g_strfreev(sec->extra_argv);
	sec->extra_argv = NULL;
	if (!sec->qemu_args || !*sec->qemu_args ||
	    g_shell_parse_argv(sec->qemu_args, NULL, &sec->extra_argv, &gerr))
		return 0;
	snprintf(err, errlen, "%s '%s': %s", what, sec->qemu_args, gerr->message);
	g_error_free(gerr);
	return -EINVAL;
}

/* Fill what the manifest knows and the suite left open; split qemu_args. */
static int suite_finish_section(struct section *sec, const char *base_dir,
				const char *images_dir, const char *where,
				char *err, size_t errlen)
{
	int rc;

	if (!sec->image || !*sec->image) {
		snprintf(err, errlen, "%s missing key 'image'", where);
		return -EINVAL;
	}
	if (expect_parse(&sec->exp, sec->expect, err, errlen)) {
		char tmp[SUITE_ERR_LEN];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "%s key 'expect': %s", where, tmp);
		return -EINVAL;
	}
	rc = image_resolve(&sec->img, sec->image, base_dir, images_dir,
			   err, errlen);
	if (rc) {
		char tmp[SUITE_ERR_LEN];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "%s %s", where, tmp);
		return rc;
	}
	/* An image made elsewhere: the suite says how it talks and exits. */
	if (sec->protocol)
		sec->img.protocol = !strcmp(sec->protocol, "hb1");
	if (sec->exit_port)
		sec->img.exit_port = (unsigned)sec->exit_port;
	if (sec->exit_ok)
		sec->img.exit_ok = (int)sec->exit_ok;
	if (sec->exit_fail)
		sec->img.exit_fail = (int)sec->exit_fail;
	if (!strcmp(sec->trace, "exceptions") &&
	    (strcmp(sec->img.arch->name, "arm64") || !strcmp(sec->mode, "warm"))) {
		snprintf(err, errlen, "%s key 'trace': exceptions reads QEMU's aarch64 "
			 "exception log of one boot: an arm64 image in cold mode", where);
		return -EINVAL;
	}
	if (!sec->machine)
		sec->machine = g_strdup(sec->img.machine);
	if (!sec->qemu)
		sec->qemu = g_strdup(sec->img.arch->qemu);
	if (!sec->cpu)
		sec->cpu = g_strdup(sec->img.cpu);
	if (!sec->memory)
		sec->memory = sec->img.memory;
	{
		char what[300];

		snprintf(what, sizeof(what), "%s key 'qemu_args'", where);
		if (suite_split_qemu_args(sec, what, err, errlen))
			return -EINVAL;
	}
	if (!sec->img.protocol && sec->npat == 0 && sec->img.entry) {
		/* foreign image: patterns from the manifest */
		json_t *pats = json_object_get(sec->img.entry, "patterns"), *v;
		const char *k;

		json_object_foreach(pats, k, v) {
			if (!json_is_string(v))
				continue;
			rc = suite_add_pattern(sec, k, json_string_value(v), where,
					       err, errlen);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* baseline names another section of the same suite. */
static int suite_check_baseline(const struct suite *s, const struct section *sec,
				const char *file, char *err, size_t errlen)
{
	if (!sec->baseline || !*sec->baseline)
		return 0;
	for (int i = 0; i < s->nsec; i++)
		if (&s->sec[i] != sec && !strcmp(s->sec[i].name, sec->baseline))
			return 0;
	snprintf(err, errlen, "%s: [%s] key 'baseline': '%s' is not another section "
		 "of this suite", file, sec->name, sec->baseline);
	return -EINVAL;
}

/* [suite], [defaults] and [policy] are the file's own; every other group
 * is a section to run. */
static int suite_is_section(const char *group)
{
	return strcmp(group, "defaults") && strcmp(group, "suite") &&
	       strcmp(group, "policy");
}

const char *suite_kv_get(const struct suite_kv *kv, const char *key)
{
	for (int i = kv->n - 1; i >= 0; i--)
		if (!strcmp(kv->keys[i], key))
			return kv->vals[i];
	return NULL;
}

void suite_kv_add(struct suite_kv *kv, const char *key, const char *val)
{
	kv->keys = g_renew(char *, kv->keys, (size_t)kv->n + 2);
	kv->vals = g_renew(char *, kv->vals, (size_t)kv->n + 2);
	kv->keys[kv->n] = g_strdup(key);
	kv->vals[kv->n] = g_strdup(val);
	kv->n++;
	kv->keys[kv->n] = kv->vals[kv->n] = NULL;
}

void suite_kv_free(struct suite_kv *kv)
{
	g_strfreev(kv->keys);
	g_strfreev(kv->vals);
	memset(kv, 0, sizeof(*kv));
}

static int suite_from_keyfile(struct suite *s, GKeyFile *kf, const char *file,
			      const char *images_dir, char *err, size_t errlen)
{
	gchar **groups = g_key_file_get_groups(kf, NULL);
	char *base_dir = s->path ? g_path_get_dirname(s->path) : NULL;
	int has_defaults = g_key_file_has_group(kf, "defaults");
	int n = 0, rc = 0;

	for (gchar **g = groups; *g; g++)
		if (suite_is_section(*g))
			n++;
	if (n == 0) {
		snprintf(err, errlen, "%s: no [section] to run", file);
		rc = -EINVAL;
		goto out;
	}
	if (g_key_file_has_group(kf, "suite")) {
		gchar *name = g_key_file_get_value(kf, "suite", "name", NULL);
		gchar **keys = g_key_file_get_keys(kf, "suite", NULL, NULL);

		for (gchar **k = keys; k && *k && !rc; k++)
			if (!strcmp(*k, "interleave")) {
				gchar *v = g_key_file_get_value(kf, "suite", *k, NULL);
				char *end;

				g_strstrip(v);
				errno = 0;
				s->interleave = strtoul(v, &end, 10);
				if (errno || end == v || *end || v[0] == '-' ||
				    s->interleave > 100000000) {
					snprintf(err, errlen, "%s: [suite] key 'interleave': "
						 "'%s' is not a whole number of boots per turn "
						 "(0 = sections in order)", file, v);
					rc = -EINVAL;
				}
				g_free(v);
			} else if (!strcmp(*k, "kind") || !strcmp(*k, "description")) {
				gchar *v = g_key_file_get_value(kf, "suite", *k, NULL);

				g_strstrip(v);
				g_free(!strcmp(*k, "kind") ? s->kind : s->description);
				*(!strcmp(*k, "kind") ? &s->kind : &s->description) = v;
			} else if (strcmp(*k, "name")) {
				snprintf(err, errlen, "%s: [suite] unknown key '%s'",
					 file, *k);
				rc = -EINVAL;
			}
		g_strfreev(keys);
		if (name)
			s->name = name;
		if (rc)
			goto out;
	}
	if (g_key_file_has_group(kf, "policy")) {
		gchar **keys = g_key_file_get_keys(kf, "policy", NULL, NULL);

		for (gchar **k = keys; k && *k; k++) {
			gchar *v = g_key_file_get_value(kf, "policy", *k, NULL);

			g_strstrip(v);
			suite_kv_add(&s->policy, *k, v);
			g_free(v);
		}
		g_strfreev(keys);
	}
	s->sec = g_new0(struct section, n);
	for (gchar **g = groups; *g && !rc; g++) {
		struct section *sec;
		char where[256];

		if (!suite_is_section(*g))
			continue;
		sec = &s->sec[s->nsec++];
		sec->name = g_strdup(*g);
		snprintf(where, sizeof(where), "%s: [%s]", file, *g);
		rc = suite_defaults(sec, where, err, errlen);
		if (!rc && has_defaults)
			rc = suite_read_group(kf, "defaults", sec, file, err, errlen);
		if (!rc)
			rc = suite_read_group(kf, *g, sec, file, err, errlen);
		if (!rc)
			rc = suite_finish_section(sec, base_dir, images_dir, where,
						  err, errlen);
	}
	for (int i = 0; i < s->nsec && !rc; i++)
		rc = suite_check_baseline(s, &s->sec[i], file, err, errlen);
out:
	g_strfreev(groups);
	g_free(base_dir);
	return rc;
}

/*
 * GKeyFile merges a section given twice, and a key given twice keeps the
 * last: a suite file that says two things would run one of them without a
 * word.  Refused here with both places, before GKeyFile reads the text.
 */
static int suite_dups(const char *data, size_t len, const char *name, char *err,
		      size_t errlen)
{
	GHashTable *secs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *text = g_strndup(data, len), *save = NULL, *line, *group = NULL;
	unsigned long no = 0;
	int rc = 0;

	for (line = text; line && !rc; line = save) {
		char *nl = strchr(line, '\n'), *s, *eq;
		gpointer first;

		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		no++;
		s = g_strstrip(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strrchr(s, ']');

			if (!end)
				continue; /* GKeyFile says what is wrong with it */
			g_free(group);
			group = g_strndup(s + 1, (size_t)(end - s - 1));
			if (g_hash_table_lookup_extended(secs, group, NULL, &first)) {
				snprintf(err, errlen, "%s:%lu: section [%s] given twice (first at line %lu)",
					 name, no, group, (unsigned long)GPOINTER_TO_SIZE(first));
				rc = -EINVAL;
			}
			g_hash_table_insert(secs, g_strdup(group), GSIZE_TO_POINTER(no));
			continue;
		}
		eq = strchr(s, '=');
		if (!eq || !group)
			continue;
		*eq = '\0';
		{
			char *key = g_strdup_printf("%s%c%s", group, 0x1f, g_strstrip(s));

			if (g_hash_table_lookup_extended(keys, key, NULL, &first)) {
				snprintf(err, errlen, "%s:%lu: [%s] key '%s' given twice (first at line %lu)",
					 name, no, group, s, (unsigned long)GPOINTER_TO_SIZE(first));
				rc = -EINVAL;
			}
			g_hash_table_insert(keys, key, GSIZE_TO_POINTER(no));
		}
	}
	g_free(group);
	g_free(text);
	g_hash_table_destroy(secs);
	g_hash_table_destroy(keys);
	return rc;
}

/*
 * The guest's command line holds HB_CMDLINE_MAX - 1 bytes, and the runner
 * adds exit=poweroff (13) and a space; a longer append would be cut by the
 * guest without a word, a huge one fails at exec after the whole run.json
 * was written with it.  Other images: the x86 boot protocol's usual 2 KiB,
 * twice over.
 */
#define SUITE_APPEND_OURS (HB_CMDLINE_MAX - 1 - 14)
#define SUITE_APPEND_FOREIGN 4096

static int suite_check_append(const struct suite *s, const char *name, char *err,
			      size_t errlen)
{
	for (int i = 0; i < s->nsec; i++) {
		const struct section *sec = &s->sec[i];
		size_t n = sec->append ? strlen(sec->append) : 0;
		size_t max = sec->img.protocol ? SUITE_APPEND_OURS : SUITE_APPEND_FOREIGN;

		if (n > max) {
			snprintf(err, errlen, "%s: [%s] key 'append': %zu bytes, more than the "
				 "%zu the guest's command line holds", name, sec->name, n, max);
			return -EINVAL;
		}
	}
	return 0;
}

int suite_load_data(struct suite *s, const char *data, size_t len,
		    const char *name, const char *images_dir,
		    char *err, size_t errlen)
{
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	int rc;

	if (suite_dups(data, len, name, err, errlen)) {
		g_key_file_free(kf);
		return -EINVAL;
	}
	if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &gerr)) {
		snprintf(err, errlen, "%s: %s", name, gerr->message);
		g_error_free(gerr);
		g_key_file_free(kf);
		return -EINVAL;
	}
	rc = suite_from_keyfile(s, kf, name, images_dir, err, errlen);
	if (!rc)
		rc = suite_check_append(s, name, err, errlen);
	g_key_file_free(kf);
	return rc;
}

int suite_load(struct suite *s, const char *path, const char *images_dir,
	       char *err, size_t errlen)
{
	gchar *data = NULL, *sum;
	gsize len = 0;
	GError *gerr = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->path = g_strdup(path);
	/* read whole and parsed twice: bounded first (a 100 MB append would be
	 * read, parsed and written to run.json before exec refused it) */
	{
		struct stat st;

		if (!stat(path, &st) && st.st_size > SUITE_FILE_MAX) {
			snprintf(err, errlen, "%s: %lld bytes, more than a suite file holds (%d)",
				 path, (long long)st.st_size, SUITE_FILE_MAX);
			return -EFBIG;
		}
	}
	if (!g_file_get_contents(path, &data, &len, &gerr)) {
		/* GLib's message names the path and the reason */
		snprintf(err, errlen, "suite file: %s", gerr->message);
		rc = gerr->code == G_FILE_ERROR_NOENT ? -ENOENT : -EIO;
		g_error_free(gerr);
		return rc;
	}
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
	snprintf(s->sha256, sizeof(s->sha256), "%s", sum);
	g_free(sum);
	rc = suite_load_data(s, data, len, path, images_dir, err, errlen);
	if (!s->name) {
		s->name = g_path_get_basename(path);
		if (g_str_has_suffix(s->name, ".ini"))
			s->name[strlen(s->name) - 4] = '\0';
	}
	g_free(data);
	return rc;
}

/* "hardboot run IMAGE..." is a suite with one section per image. */
int suite_from_images(struct suite *s, char *const *images, int n,
		      const char *images_dir, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->name = g_strdup("cli");
	s->sec = g_new0(struct section, n);
	for (int i = 0; i < n; i++) {
		struct section *sec = &s->sec[s->nsec++];
		char where[256];
		int rc;

		sec->name = g_path_get_basename(images[i]);
		if (g_str_has_suffix(sec->name, ".elf"))
			sec->name[strlen(sec->name) - 4] = '\0';
		snprintf(where, sizeof(where), "argument '%s':", images[i]);
		rc = suite_defaults(sec, where, err, errlen);
		if (!rc) {
			sec->image = g_strdup(images[i]);
			rc = suite_finish_section(sec, NULL, images_dir, where, err,
						  errlen);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int suite_apply(struct suite *s, const struct suite_overrides *o,
		char *err, size_t errlen)
{
	if (o->nonly) {
		int k = 0;

		for (int j = 0; j < o->nonly; j++) {
			int found = 0;

			for (int i = 0; i < s->nsec; i++)
				found |= !strcmp(s->sec[i].name, o->only[j]);
			if (!found) {
				snprintf(err, errlen, "%s: no section [%s]",
					 s->path ? s->path : "suite", o->only[j]);
				return -ENOENT;
			}
		}
		/* Keep the listed sections in the suite's order. */
		for (int i = 0; i < s->nsec; i++) {
			int keep = 0;

			for (int j = 0; j < o->nonly; j++)
				keep |= !strcmp(s->sec[i].name, o->only[j]);
			if (!keep)
				suite_section_free(&s->sec[i]);
			else
				s->sec[k++] = s->sec[i];
		}
		s->nsec = k;
	}
	for (int i = 0; i < s->nsec; i++) {
		struct section *sec = &s->sec[i];

		if (o->boots)
			sec->boots = o->boots;
		if (o->timeout > 0)
			sec->timeout = o->timeout;
		if (o->accel) {
			g_free(sec->accel);
			sec->accel = g_strdup(o->accel);
		}
		if (o->mode) {
			g_free(sec->mode);
			sec->mode = g_strdup(o->mode);
		}
		if (o->qemu_args) {
			g_free(sec->qemu_args);
			sec->qemu_args = g_strdup(o->qemu_args);
			if (suite_split_qemu_args(sec, "--qemu-args", err, errlen))
				return -EINVAL;
		}
	}
	return 0;
}

void suite_free(struct suite *s)
{
	for (int i = 0; i < s->nsec; i++)
		suite_section_free(&s->sec[i]);
	g_free(s->sec);
	g_free(s->path);
	g_free(s->name);
	g_free(s->kind);
	g_free(s->description);
	suite_kv_free(&s->policy);
	memset(s, 0, sizeof(*s));
}
