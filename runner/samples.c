/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "results.h"
#include "samples.h"

static struct sample_set *samples_set(struct samples *s, const char *section)
{
	struct sample_set *set;

	for (size_t i = 0; i < s->nsets; i++)
		if (!strcmp(s->sets[i].section, section))
			return &s->sets[i];
	s->sets = g_renew(struct sample_set, s->sets, s->nsets + 1);
	set = &s->sets[s->nsets++];
	memset(set, 0, sizeof(*set));
	set->section = g_strdup(section);
	set->checks = json_object();
	set->srcs = json_object();
	return set;
}

static struct sample_col *samples_col_get(struct sample_set *set,
					  const char *name, unsigned bits)
{
	struct sample_col *c;

	for (size_t i = 0; i < set->ncols; i++)
		if (!strcmp(set->cols[i].name, name))
			return &set->cols[i];
	set->cols = g_renew(struct sample_col, set->cols, set->ncols + 1);
	c = &set->cols[set->ncols++];
	c->name = g_strdup(name);
	c->v = g_new0(uint64_t, set->cap);
	c->have = g_new0(uint8_t, set->cap);
	c->bits = bits;
	return c;
}

static void samples_grow(struct sample_set *set)
{
	size_t cap = set->cap ? set->cap * 2 : 256;

	for (size_t i = 0; i < set->ncols; i++) {
		set->cols[i].v = g_renew(uint64_t, set->cols[i].v, cap);
		set->cols[i].have = g_renew(uint8_t, set->cols[i].have, cap);
		memset(set->cols[i].have + set->cap, 0, cap - set->cap);
	}
	set->cap = cap;
}

static void samples_put(struct sample_set *set, const char *name, unsigned bits,
			uint64_t v)
{
	struct sample_col *c = samples_col_get(set, name, bits);

	c->v[set->rows] = v;
	c->have[set->rows] = 1;
}

/* "0x00007f..." or plain hex */
static int samples_hex(const char *s, uint64_t *v)
{
	if (!s)
		return -EINVAL;
	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	return proto_hex_u64(s, v);
}

/*
 * A field of the wrong type is the record's fault and named: dropping it
 * quietly would take that boot out of one region's sample and not the
 * others', and the regions' n would differ for no stated reason.
 */
static int samples_bad(struct samples *s, json_t *b, const char *kind, const char *k,
		       const char *want)
{
	snprintf(s->why, sizeof(s->why), "section %s boot %lld: %s%s%s is not %s",
		 json_string_value(json_object_get(b, "section")),
		 (long long)json_integer_value(json_object_get(b, "boot")), kind,
		 *k ? "." : "", k, want);
	return -EINVAL;
}

static int samples_addrs(struct samples *s, struct sample_set *set, json_t *b,
			 const char *kind)
{
	json_t *o = json_object_get(b, kind), *v;
	const char *k;

	if (o && !json_is_object(o))
		return samples_bad(s, b, kind, "", "an object");
	json_object_foreach(o, k, v) {
		uint64_t x;
		char name[96];

		if (samples_hex(json_string_value(v), &x))
			return samples_bad(s, b, kind, k, "a hex address string");
		snprintf(name, sizeof(name), "%s.%s", kind, k);
		samples_put(set, name, 64, x);
	}
	return 0;
}

/* Secrets as the guest printed them, split into sample columns. */
static int samples_secrets(struct samples *smp, struct sample_set *set, json_t *b)
{
	json_t *o = json_object_get(b, "secret"), *v;
	const char *k;

	if (o && !json_is_object(o))
		return samples_bad(smp, b, "secret", "", "an object");
	json_object_foreach(o, k, v) {
		const char *s = json_string_value(v);
		size_t len = s ? strlen(s) : 0;
		char name[96];
		uint64_t x;

		if (!len || len > 4096 || strspn(s, "0123456789abcdefABCDEF") != len)
			return samples_bad(smp, b, "secret", k, "a hex string");
		/* The canary is one 64-bit value; seed and out are lists of words. */
		if (!strcmp(k, "canary") || len < 8 || len % 8) {
			snprintf(name, sizeof(name), "secret.%s", k);
			if (!proto_hex_u64(s, &x))
				samples_put(set, name, (unsigned)len * 4, x);
			continue;
		}
		for (size_t w = 0; w + 8 <= len; w += 8) {
			char word[9];

			memcpy(word, s + w, 8);
			word[8] = '\0';
			snprintf(name, sizeof(name), "secret.%s.%zu", k, w / 8);
			if (!proto_hex_u64(word, &x))
				samples_put(set, name, 32, x);
		}
	}
	return 0;
}

/* Whole numbers; perf also says why a counter is unavailable (an object). */
static int samples_numbers(struct samples *s, struct sample_set *set, json_t *b,
			   const char *kind)
{
	json_t *o = json_object_get(b, kind), *v;
	const char *k;

	if (o && !json_is_object(o))
		return samples_bad(s, b, kind, "", "an object");
	json_object_foreach(o, k, v) {
		char name[96];

		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			if (json_is_object(v) && !strcmp(kind, "perf"))
				continue;
			return samples_bad(s, b, kind, k, "a whole number >= 0");
		}
		snprintf(name, sizeof(name), "%s.%s", kind, k);
		samples_put(set, name, 64, (uint64_t)json_integer_value(v));
	}
	return 0;
}

/* A top-level integer of the boot record as a column of its own name. */
static int samples_scalar(struct samples *s, struct sample_set *set, json_t *b,
			  const char *key)
{
	json_t *v = json_object_get(b, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return samples_bad(s, b, key, "", "a whole number >= 0");
	samples_put(set, key, 64, (uint64_t)json_integer_value(v));
	return 0;
}

static void samples_count_checks(struct sample_set *set, json_t *b)
{
	json_t *o = json_object_get(b, "checks"), *v;
	const char *k;
	const char *src = json_string_value(json_object_get(json_object_get(b, "cpu"), "src"));

	json_object_foreach(o, k, v) {
		const char *s = json_string_value(v);
		const char *res = !s ? "?" : !strncmp(s, "pass", 4) ? "pass" :
				  !strncmp(s, "fail", 4) ? "fail" : "skip";
		json_t *c = json_object_get(set->checks, k);

		if (!c) {
			c = json_pack("{s:i,s:i,s:i}", "pass", 0, "fail", 0, "skip", 0);
			json_object_set_new(set->checks, k, c);
		}
		json_object_set_new(c, res, json_integer(json_integer_value(
			json_object_get(c, res)) + 1));
	}
	if (src)
		json_object_set_new(set->srcs, src, json_integer(
			json_integer_value(json_object_get(set->srcs, src)) + 1));
}

static void samples_label(char **dst, const char *v)
{
	if (!v)
		return;
	if (!*dst)
		*dst = g_strdup(v);
	else if (strcmp(*dst, v)) {
		g_free(*dst);
		*dst = g_strdup("mixed");
	}
}

/* The same boot twice in one directory is two runs mixed (or a copy):
 * counting both would inflate n and fake collisions. */
static int samples_dup(struct samples *s, json_t *b, const char *section, const char *dir)
{
	json_t *bn = json_object_get(b, "boot");
	char *key;

	if (!json_is_integer(bn))
		return 0;
	if (!s->seen)
		s->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	key = g_strdup_printf("%s%c%s%c%lld", dir ? dir : "", 0x1f, section, 0x1f,
			      (long long)json_integer_value(bn));
	if (!g_hash_table_add(s->seen, key)) {
		snprintf(s->why, sizeof(s->why), "section %s boot %lld recorded twice "
			 "(two runs in one directory?)", section,
			 (long long)json_integer_value(bn));
		return -EINVAL;
	}
	return 0;
}

int samples_add(struct samples *s, json_t *b, const char *dir)
{
	const char *section = json_string_value(json_object_get(b, "section"));
	int k = boot_outcome_parse(json_string_value(json_object_get(b, "outcome")));
	struct sample_set *set;
	int rc;

	if (!section || k < 0) {
		snprintf(s->why, sizeof(s->why), "not a boot record (no section or outcome)");
		return -EINVAL;
	}
	if (samples_dup(s, b, section, dir))
		return -EINVAL;
	set = samples_set(s, section);
	if (!set->dir && dir)
		set->dir = g_strdup(dir);
	set->count[k]++;
	samples_label(&set->image, json_string_value(json_object_get(b, "img")));
	samples_label(&set->accel, json_string_value(json_object_get(b, "accel")));
	samples_label(&set->mode, json_string_value(json_object_get(b, "mode")));
	samples_count_checks(set, b);
	/* Only passing boots are samples; the others are counted above, since
	 * excluding them biases the sample and reports must say so. */
	if (k != BOOT_PASS)
		return 0;
	if (set->rows == set->cap)
		samples_grow(set);
	rc = samples_addrs(s, set, b, "addr") ?: samples_addrs(s, set, b, "regs") ?:
	     samples_secrets(s, set, b) ?: samples_numbers(s, set, b, "tsc") ?:
	     samples_numbers(s, set, b, "host_ns") ?: samples_numbers(s, set, b, "perf") ?:
	     samples_scalar(s, set, b, "boot") ?: samples_scalar(s, set, b, "seq") ?:
	     samples_scalar(s, set, b, "tsc_khz");
	if (rc) {
		/* the row is not kept: clear what was put before the bad field */
		for (size_t c = 0; c < set->ncols; c++)
			set->cols[c].have[set->rows] = 0;
		return rc;
	}
	set->rows++;
	return 0;
}

struct samples_dir {
	struct samples *s;
	const char *dir;
};

static int samples_add_line(json_t *b, void *ctx, char *why, size_t n)
{
	struct samples_dir *d = ctx;

	if (samples_add(d->s, b, d->dir)) {
		snprintf(why, n, "%s", d->s->why);
		return -EINVAL;
	}
	return 0;
}

/* Images that do not speak HB1 print no start record: their name is the
 * one run.json gives the section (the manifest's, or the file's). */
static void samples_images_from_run(struct samples *s, json_t *run)
{
	json_t *sec;
	size_t i;

	json_array_foreach(json_object_get(run, "sections"), i, sec) {
		const char *name = json_string_value(json_object_get(sec, "name"));
		const char *img = json_string_value(json_object_get(sec, "image"));

		for (size_t k = 0; name && img && k < s->nsets; k++)
			if (!s->sets[k].image && !strcmp(s->sets[k].section, name))
				s->sets[k].image = g_strdup(img);
	}
}

static int samples_load_dir(struct samples *s, const char *dir, char *err, size_t n)
{
	struct samples_dir d = { s, dir };
	json_t *run = NULL;
	int rc = results_run_json(dir, &run, err, n);

	if (!rc)
		rc = results_each_line(dir, "boots.jsonl", 0, samples_add_line, &d, err, n);
	if (!rc) {
		samples_images_from_run(s, run);
		json_array_append_new(s->runs, run ?: json_null());
	} else {
		json_decref(run);
	}
	return rc;
}

int samples_load(struct samples *s, char *const *dirs, int ndirs, char *err, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->runs = json_array();
	for (int i = 0; i < ndirs; i++) {
		int rc = samples_load_dir(s, dirs[i], err, n);

		if (rc)
			return rc;
	}
	return 0;
}

const struct sample_set *samples_find(const struct samples *s, const char *section)
{
	for (size_t i = 0; i < s->nsets; i++)
		if (!strcmp(s->sets[i].section, section))
			return &s->sets[i];
	return NULL;
}

const struct sample_col *samples_col(const struct sample_set *set, const char *name)
{
	for (size_t i = 0; i < set->ncols; i++)
		if (!strcmp(set->cols[i].name, name))
			return &set->cols[i];
	return NULL;
}

size_t samples_values(const struct sample_col *c, size_t rows, uint64_t **out)
{
	size_t n = 0;

	*out = malloc((rows ? rows : 1) * sizeof(**out));
	for (size_t i = 0; i < rows; i++)
		if (c->have[i])
			(*out)[n++] = c->v[i];
	return n;
}

unsigned long samples_total(const struct sample_set *set)
{
	unsigned long t = 0;

	for (int k = 0; k < BOOT_NOUTCOMES; k++)
		t += set->count[k];
	return t;
}

void samples_free(struct samples *s)
{
	for (size_t i = 0; i < s->nsets; i++) {
		struct sample_set *set = &s->sets[i];

		for (size_t c = 0; c < set->ncols; c++) {
			g_free(set->cols[c].name);
			g_free(set->cols[c].v);
			g_free(set->cols[c].have);
		}
		g_free(set->cols);
		g_free(set->section);
		g_free(set->image);
		g_free(set->accel);
		g_free(set->mode);
		g_free(set->dir);
		json_decref(set->checks);
		json_decref(set->srcs);
	}
	g_free(s->sets);
	json_decref(s->runs);
	if (s->seen)
		g_hash_table_destroy(s->seen);
	memset(s, 0, sizeof(*s));
}
