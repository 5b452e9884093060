// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Command line parsing.  Every value parser is checked: the number must
 * fill the whole value and not overflow; anything else marks the key bad.
 */
#include "cmdline.h"

struct cmdline_word {
	const char *key, *val;   /* val points past '=' */
	unsigned klen, vlen;
};

static int cmdline_is(const struct cmdline_word *w, const char *key)
{
	unsigned i = 0;

	for (; key[i]; i++)
		if (i >= w->klen || w->key[i] != key[i])
			return 0;
	return i == w->klen;
}

static int cmdline_val_is(const struct cmdline_word *w, const char *v)
{
	unsigned i = 0;

	for (; v[i]; i++)
		if (i >= w->vlen || w->val[i] != v[i])
			return 0;
	return i == w->vlen;
}

static void cmdline_copy(char dst[CMDLINE_NAME_MAX], const char *s,
			 unsigned n)
{
	unsigned i = 0;

	for (; i < n && i < CMDLINE_NAME_MAX - 1; i++)
		dst[i] = s[i];
	dst[i] = '\0';
}

static int cmdline_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal with an optional K/M/G (binary) suffix. */
static int cmdline_size(const struct cmdline_word *w, uint64_t *out)
{
	uint64_t v = 0;
	unsigned i = 0, shift = 0;

	for (; i < w->vlen && w->val[i] >= '0' && w->val[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(w->val[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i + 1 == w->vlen) {
		switch (w->val[i]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		default: return -1;
		}
		i++;
	}
	if (i != w->vlen || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

/*
 * 64 hex digits: the 32 key bytes in order, as openssl enc -K and
 * hardboot chacha --key take them.  Word i is bytes 4i..4i+3 little-endian,
 * so the secret record shows seed=000102..1f as 03020100 07060504 ...
 */
static int cmdline_seed(const struct cmdline_word *w, uint32_t seed[8])
{
	if (w->vlen != 64)
		return -1;
	for (unsigned i = 0; i < 64; i += 2) {
		int hi = cmdline_hexval(w->val[i]);
		int lo = cmdline_hexval(w->val[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		seed[i / 8] |= (uint32_t)(hi << 4 | lo) << (8 * (i / 2 % 4));
	}
	return 0;
}

/* report=cet,pages: each item once or more, in any order, none empty.
 * All or nothing: a bad item leaves the earlier ones unset too. */
static int cmdline_report(const struct cmdline_word *w, unsigned *report)
{
	unsigned bits = 0, i = 0;

	while (i <= w->vlen) {
		struct cmdline_word item = { 0, w->val + i, 0, 0 };

		while (i + item.vlen < w->vlen && w->val[i + item.vlen] != ',')
			item.vlen++;
		if (cmdline_val_is(&item, "cet"))
			bits |= CMDLINE_REPORT_CET;
		else if (cmdline_val_is(&item, "pages"))
			bits |= CMDLINE_REPORT_PAGES;
		else
			return -1;
		i += item.vlen + 1;
	}
	*report |= bits;
	return 0;
}

/*
 * slow=PHASE:CYCLES with PHASE one of rng, aslr, main, done and CYCLES
 * decimal (no suffix: TSC ticks are not a binary size), or slow=none.
 * All or nothing, like every value.
 */
static int cmdline_slow(const struct cmdline_word *w, struct cmdline_opts *o)
{
	static const char names[][5] = { "rng", "aslr", "main", "done" };
	unsigned colon = 0;
	uint64_t v = 0;

	if (cmdline_val_is(w, "none")) {
		o->have_slow = 1;
		o->slow = CMDLINE_SLOW_NONE;
		o->slow_cycles = 0;
		return 0;
	}
	while (colon < w->vlen && w->val[colon] != ':')
		colon++;
	if (colon == w->vlen || colon + 1 == w->vlen)
		return -1;
	for (unsigned i = colon + 1; i < w->vlen; i++) {
		uint64_t d = (uint64_t)(w->val[i] - '0');

		if (w->val[i] < '0' || w->val[i] > '9' || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		struct cmdline_word phase = { 0, w->val, 0, colon };

		if (cmdline_val_is(&phase, names[k])) {
			o->have_slow = 1;
			o->slow = (enum cmdline_slow)(CMDLINE_SLOW_RNG + k);
			o->slow_cycles = v;
			return 0;
		}
	}
	return -1;
}

/*
 * raw_src=rdseed|rdrand|jitter|tsc.  An if-chain, not a table of names:
 * the parser runs before relocation, where a stored pointer is not yet
 * where it points.
 */
static int cmdline_raw_src(const struct cmdline_word *w, enum cmdline_raw_src *src)
{
	if (cmdline_val_is(w, "rdseed"))
		*src = CMDLINE_RAW_RDSEED;
	else if (cmdline_val_is(w, "rdrand"))
		*src = CMDLINE_RAW_RDRAND;
	else if (cmdline_val_is(w, "jitter"))
		*src = CMDLINE_RAW_JITTER;
	else if (cmdline_val_is(w, "tsc"))
		*src = CMDLINE_RAW_TSC;
	else
		return -1;
	return 0;
}

static int cmdline_apply(struct cmdline_opts *o, const struct cmdline_word *w)
{
	uint64_t v;

	if (cmdline_is(w, "exit")) {
		if (cmdline_val_is(w, "poweroff"))
			o->exit = CMDLINE_EXIT_POWEROFF;
		else if (cmdline_val_is(w, "reset"))
			o->exit = CMDLINE_EXIT_RESET;
		else if (cmdline_val_is(w, "halt"))
			o->exit = CMDLINE_EXIT_HALT;
		else
			return -1;
	} else if (cmdline_is(w, "seed")) {
		uint32_t s[8] = { 0 };

		if (cmdline_seed(w, s))
			return -1;
		for (int i = 0; i < 8; i++)
			o->seed[i] = s[i];
		o->have_seed = 1;
	} else if (cmdline_is(w, "bulk")) {
		if (cmdline_size(w, &o->bulk))
			return -1;
	} else if (cmdline_is(w, "out")) {
		if (cmdline_size(w, &v) || v < 1 || v > CMDLINE_OUT_MAX ||
		    w->val[w->vlen - 1] > '9')
			return -1;
		o->out = (unsigned)v;
	} else if (cmdline_is(w, "rdrand") || cmdline_is(w, "rdseed")) {
		int off;

		if (cmdline_val_is(w, "0"))
			off = 1;
		else if (cmdline_val_is(w, "1"))
			off = 0;
		else
			return -1;
		if (w->key[2] == 'r')   /* rd(r)and, not rd(s)eed */
			o->no_rdrand = off;
		else
			o->no_rdseed = off;
	} else if (cmdline_is(w, "do")) {
		cmdline_copy(o->act, w->val, w->vlen);
	} else if (cmdline_is(w, "attack")) {
		if (cmdline_val_is(w, "ret"))
			o->attack = CMDLINE_ATTACK_RET;
		else if (cmdline_val_is(w, "ibt"))
			o->attack = CMDLINE_ATTACK_IBT;
		else if (cmdline_val_is(w, "smash"))
			o->attack = CMDLINE_ATTACK_SMASH;
		else if (cmdline_val_is(w, "int21"))
			o->attack = CMDLINE_ATTACK_INT21;
		else if (cmdline_val_is(w, "tag"))
			o->attack = CMDLINE_ATTACK_TAG;
		else
			return -1;
	} else if (cmdline_is(w, "report")) {
		return cmdline_report(w, &o->report);
	} else if (cmdline_is(w, "slow")) {
		return cmdline_slow(w, o);
	} else if (cmdline_is(w, "raw")) {
		/* a count of samples: decimal, no binary suffix */
		if (cmdline_size(w, &v) || v > CMDLINE_RAW_MAX ||
		    w->val[w->vlen - 1] > '9')
			return -1;
		o->raw = v;
	} else if (cmdline_is(w, "raw_src")) {
		return cmdline_raw_src(w, &o->raw_src);
	}
	return 0;
}

void cmdline_parse(struct cmdline_opts *o, const char *s)
{
	o->exit = CMDLINE_EXIT_POWEROFF;
	o->bulk = 0;
	o->out = CMDLINE_OUT_DEFAULT;
	o->have_seed = 0;
	o->no_rdrand = o->no_rdseed = 0;
	o->bad[0] = o->act[0] = '\0';
	o->attack = CMDLINE_ATTACK_NONE;
	o->report = 0;
	o->have_slow = 0;
	o->slow = CMDLINE_SLOW_NONE;
	o->slow_cycles = 0;
	o->raw = 0;
	o->raw_src = CMDLINE_RAW_JITTER;

	while (*s) {
		struct cmdline_word w = { s, 0, 0, 0 };
		const char *e = s;

		while (*e && *e != ' ')
			e++;
		for (const char *p = s; p < e; p++)
			if (*p == '=') {
				w.klen = (unsigned)(p - s);
				w.val = p + 1;
				w.vlen = (unsigned)(e - p - 1);
				break;
			}
		if (w.val && cmdline_apply(o, &w) && !o->bad[0])
			cmdline_copy(o->bad, w.key, w.klen);
		s = *e ? e + 1 : e;
	}
}
