/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Context counts for the MultiMMC (6.3.9) and LZ78Y (6.3.10) predictors:
 * for each context length L (1..16) how often symbol y followed the
 * L-symbol string x, and the prediction for x: the y seen most often
 * after it, the larger y on a tie (6.3.9 step 3b, 6.3.10 step 3b).
 *
 * A bitstring (k = 2) has at most 2^L contexts of length L, so its counts
 * are plain arrays indexed by the context's bits: 8 million bits times 16
 * lengths stay fast.  Larger alphabets hash the context bytes (open
 * addressing, linear probing); the standard's caps on dictionary entries
 * keep those tables small.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"

/* ---- open-addressing table of fixed-length byte keys to a 64-bit value -- */

static uint64_t dict_hash(const uint8_t *key, unsigned len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;

	for (unsigned i = 0; i < len; i++) {
		h ^= key[i];
		h *= 0x100000001b3ull;
		h ^= h >> 29;
	}
	return h;
}

static int dict_grow(struct sp90b_dict *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	uint8_t *keys = calloc(cap, t->klen), *used = calloc(cap, 1);
	uint64_t *val = calloc(cap, sizeof(*val));

	if (!keys || !used || !val) {
		free(keys);
		free(used);
		free(val);
		return -ENOMEM;
	}
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->used[i])
			continue;
		j = dict_hash(t->keys + i * t->klen, t->klen) & (cap - 1);
		while (used[j])
			j = (j + 1) & (cap - 1);
		used[j] = 1;
		memcpy(keys + j * t->klen, t->keys + i * t->klen, t->klen);
		val[j] = t->val[i];
	}
	free(t->keys);
	free(t->used);
	free(t->val);
	t->keys = keys;
	t->used = used;
	t->val = val;
	t->cap = cap;
	return 0;
}

/* The value slot of key, created (as 0) when `create`; NULL when absent
 * and not created, or out of memory (*err = -ENOMEM). */
static uint64_t *dict_slot(struct sp90b_dict *t, const uint8_t *key, int create, int *err)
{
	size_t j;

	*err = 0;
	if (create && (t->n + 1) * 2 > t->cap) {
		*err = dict_grow(t);
		if (*err)
			return NULL;
	}
	if (!t->cap)
		return NULL;
	j = dict_hash(key, t->klen) & (t->cap - 1);
	for (; t->used[j]; j = (j + 1) & (t->cap - 1))
		if (!memcmp(t->keys + j * t->klen, key, t->klen))
			return &t->val[j];
	if (!create)
		return NULL;
	t->used[j] = 1;
	memcpy(t->keys + j * t->klen, key, t->klen);
	t->val[j] = 0;
	t->n++;
	return &t->val[j];
}

static void dict_free(struct sp90b_dict *t)
{
	free(t->keys);
	free(t->used);
	free(t->val);
	memset(t, 0, sizeof(*t));
}

/* ---- the model ------------------------------------------------------------- */

/*
 * A bitstring's context of length L ending at s[i] is the low L bits of a
 * window that rolls along the sequence: one table read instead of L per
 * lookup, which is most of the time of 6.3.9 and 6.3.10 on 8 million bits.
 */
static int model_windows(struct sp90b_model *m, const uint8_t *s, size_t n)
{
	uint32_t w = 0;

	m->base = s;
	m->win = malloc((n ? n : 1) * sizeof(*m->win));
	if (!m->win)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		m->win[i] = w = w << 1 | (s[i] & 1);
	return 0;
}

int sp90b_model_init(struct sp90b_model *m, unsigned k, unsigned maxlen, const uint8_t *s,
		     size_t n)
{
	memset(m, 0, sizeof(*m));
	if (maxlen > SP90B_MODEL_MAXLEN)
		return -EINVAL;
	m->k = k;
	m->maxlen = maxlen;
	if (k == 2 && model_windows(m, s, n))
		goto nomem;
	for (unsigned l = 1; l <= maxlen; l++) {
		if (k == 2) {
			m->bin[l] = calloc((size_t)2 << l, sizeof(*m->bin[l]));
			if (!m->bin[l])
				goto nomem;
		} else {
			m->ctx[l].klen = l;
			m->pair[l].klen = l + 1;
		}
	}
	return 0;
nomem:
	sp90b_model_free(m);
	return -ENOMEM;
}

void sp90b_model_free(struct sp90b_model *m)
{
	free(m->win);
	for (unsigned l = 1; l <= SP90B_MODEL_MAXLEN; l++) {
		free(m->bin[l]);
		dict_free(&m->ctx[l]);
		dict_free(&m->pair[l]);
	}
	memset(m, 0, sizeof(*m));
}

/* the bits of the len symbols at x, the first one highest */
static size_t model_bits(const struct sp90b_model *m, const uint8_t *x, unsigned len)
{
	return m->win[(size_t)(x - m->base) + len - 1] & ((1u << len) - 1);
}

int sp90b_model_predict(struct sp90b_model *m, const uint8_t *x, unsigned len,
			unsigned *y, uint64_t *count)
{
	uint64_t *v;
	int err;

	if (m->k == 2) {
		const uint32_t *c = m->bin[len] + 2 * model_bits(m, x, len);

		*y = c[0] > c[1] ? 0 : 1;
		*count = c[*y];
		return *count > 0;
	}
	v = dict_slot(&m->ctx[len], x, 0, &err);
	if (!v)
		return 0;
	*y = (unsigned)(*v & 0xff);
	*count = *v >> 8;
	return 1;
}

/* Count y after x.  Returns 1 when the pair (x, y) is new, 0 when it was
 * counted before, -ENOSPC when it is new but `allow_new` forbids it. */
int sp90b_model_count(struct sp90b_model *m, const uint8_t *x, unsigned len, unsigned y,
		      int allow_new)
{
	uint8_t key[SP90B_MODEL_MAXLEN + 1];
	uint64_t *pv, *cv, cnt;
	int err, fresh;

	if (m->k == 2) {
		uint32_t *c = m->bin[len] + 2 * model_bits(m, x, len);

		if (!c[y] && !allow_new)
			return -ENOSPC;
		fresh = c[y] == 0;
		c[y]++;
		return fresh;
	}
	memcpy(key, x, len);
	key[len] = (uint8_t)y;
	pv = dict_slot(&m->pair[len], key, 0, &err);
	if (!pv && !allow_new)
		return -ENOSPC;
	fresh = !pv;
	if (!pv && !(pv = dict_slot(&m->pair[len], key, 1, &err)))
		return err;
	cnt = ++*pv;
	cv = dict_slot(&m->ctx[len], x, 1, &err);
	if (!cv)
		return err;
	/* the prediction for x: most counts, the larger y on a tie */
	if (cnt > (*cv >> 8) || (cnt == (*cv >> 8) && y > (*cv & 0xff)))
		*cv = cnt << 8 | y;
	return fresh;
}
