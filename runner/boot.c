/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "capture.h"
#include "version.h"

const char *const boot_outcome_names[BOOT_NOUTCOMES] = {
	[BOOT_PASS] = "pass", [BOOT_FAIL] = "fail", [BOOT_CRASH] = "crash",
	[BOOT_TIMEOUT] = "timeout", [BOOT_ERROR] = "error",
};

void boot_begin(struct boot *b, const struct section *sec, unsigned long no,
		int64_t t0, uint64_t console_off)
{
	memset(b, 0, sizeof(*b));
	b->sec = sec;
	b->no = no;
	b->t0 = t0;
	b->console_off = console_off;
	b->o = json_object();
}

void boot_discard(struct boot *b)
{
	json_decref(b->o);
	b->o = NULL;
}

/* The guest's line in a reason: bytes that are not printable ASCII as \xNN,
 * so that a reason is always valid UTF-8 (jansson refuses any other string,
 * and a refused reason would be an empty one). */
static void boot_quote(char *out, size_t n, const char *line, size_t max)
{
	size_t o = 0;

	for (size_t i = 0; line[i] && i < max && o + 5 < n; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, n - o, "\\x%02x", c);
	}
	out[o] = '\0';
}

static void boot_proto_error(struct boot *b, const char *what, const char *line)
{
	char q[420];

	if (b->proto_errors++)
		return;
	boot_quote(q, sizeof(q), line, 100);
	snprintf(b->proto_error, sizeof(b->proto_error), "%s: %s", what, q);
}

static json_t *boot_sub(struct boot *b, const char *key)
{
	json_t *o = json_object_get(b->o, key);

	if (!o) {
		o = json_object();
		json_object_set_new(b->o, key, o);
	}
	return o;
}

static int boot_hex_ok(const char *v)
{
	uint64_t x;
	size_t n = strlen(v);

	/* secrets may be longer than 64 bits: check digit by digit */
	for (size_t i = 0; i < n; i += 16) {
		char part[17];

		snprintf(part, sizeof(part), "%s", v + i);
		if (proto_hex_u64(part, &x))
			return 0;
	}
	return n > 0;
}

/* Addresses are kept as "0x..." strings: JSON numbers lose bits above 2^53
 * in many readers and kernel addresses live above 2^63. */
static void boot_set_addr(json_t *o, const char *key, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%016llx", (unsigned long long)v);
	json_object_set_new(o, key, json_string(s));
}

static int boot_record(struct boot *b, struct proto_rec *r, char *copy,
		       int64_t now)
{
	int ev = 0;

	switch (r->kind) {
	case PROTO_START: {
		const char *img = proto_get(r, "img");

		/* a second start (warm: a new boot began) is the engine's to
		 * handle; this boot keeps its first */
		if (!b->started && img)
			json_object_set_new(b->o, "img", json_string(img));
		b->started = 1;
		return BOOT_EV_START;
	}
	case PROTO_CPU: {
		json_t *cpu = boot_sub(b, "cpu");

		for (int i = 0; i < r->nfields; i++) {
			if (!strcmp(r->f[i].key, "has")) {
				json_t *arr = json_array();
				char *save = NULL, *tok;
				char feats[HB_PROTO_MAX_LINE];

				snprintf(feats, sizeof(feats), "%s", r->f[i].val);
				for (tok = strtok_r(feats, ",", &save); tok;
				     tok = strtok_r(NULL, ",", &save))
					if (strcmp(tok, "-"))
						json_array_append_new(arr, json_string(tok));
				json_object_set_new(cpu, "has", arr);
			} else {
				json_object_set_new(cpu, r->f[i].key, json_string(r->f[i].val));
			}
		}
		break;
	}
	case PROTO_TSC: {
		const char *khz = proto_get(r, "khz");
		char *end;
		unsigned long long v = khz ? strtoull(khz, &end, 10) : 0;

		if (!khz || *end || !v)
			boot_proto_error(b, "bad tsc record", copy);
		else
			json_object_set_new(b->o, "tsc_khz", json_integer((json_int_t)v));
		break;
	}
	case PROTO_MARK:
		for (int i = 0; i < r->nfields; i++) {
			int m = proto_mark_index(r->f[i].key);
			uint64_t v;

			if (m < 0 || proto_hex_u64(r->f[i].val, &v)) {
				boot_proto_error(b, "bad mark", copy);
				continue;
			}
			b->tsc[m] = v;
			b->t_mark[m] = now;
			b->marks |= 1u << m;
		}
		break;
	case PROTO_ADDR: {
		json_t *a = boot_sub(b, "addr");

		for (int i = 0; i < r->nfields; i++) {
			uint64_t v;

			if (proto_hex_u64(r->f[i].val, &v))
				boot_proto_error(b, "bad address", copy);
			else
				boot_set_addr(a, r->f[i].key, v);
		}
		break;
	}
	case PROTO_SECRET: {
		json_t *s = boot_sub(b, "secret");

		for (int i = 0; i < r->nfields; i++) {
			if (!boot_hex_ok(r->f[i].val))
				boot_proto_error(b, "bad secret", copy);
			else
				json_object_set_new(s, r->f[i].key,
						    json_string(r->f[i].val));
		}
		break;
	}
	case PROTO_CHECK: {
		json_t *c = boot_sub(b, "checks");

		for (int i = 0; i < r->nfields; i++)
			json_object_set_new(c, r->f[i].key, json_string(r->f[i].val));
		break;
	}
	case PROTO_RING: {
		/* checked here; read by `hardboot stream`, which maps the ring */
		uint64_t addr, size, len;

		if (proto_get_u64(r, "addr", &addr) || proto_get_u64(r, "size", &size) ||
		    proto_get_u64(r, "len", &len)) {
			boot_proto_error(b, "bad ring record", copy);
			break;
		}
		ev |= BOOT_EV_RING;
		break;
	}
	case PROTO_DONE: {
		const char *st = proto_get(r, "st");

		if (!st || (strcmp(st, "pass") && strcmp(st, "fail"))) {
			boot_proto_error(b, "bad done record", copy);
			st = "fail";
		}
		/* a done with no start before it ends no boot of ours (warm: a
		 * stray line after the last reset) */
		if (!b->started)
			boot_proto_error(b, "done before start", copy);
		b->done = 1;
		b->st_pass = !strcmp(st, "pass");
		b->t_done = now;
		ev |= BOOT_EV_DONE;
		break;
	}
	case PROTO_PAGES: {
		/* Counts as numbers, the shadow stack and the digest as hex
		 * strings (addresses and hashes lose bits as JSON numbers). */
		static const char *const counts[] = { "n", "wx", "x", "ss" };
		json_t *pg = boot_sub(b, "pages");
		uint64_t v;

		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			if (proto_get_u64(r, counts[i], &v) || v > (1ull << 52))
				boot_proto_error(b, "bad pages record", copy);
			else
				json_object_set_new(pg, counts[i], json_integer((json_int_t)v));
		}
		if (proto_get_u64(r, "shstk", &v))
			boot_proto_error(b, "bad pages record", copy);
		else
			boot_set_addr(pg, "shstk", v);
		if (proto_get_u64(r, "sum", &v))
			boot_proto_error(b, "bad pages record", copy);
		else
			boot_set_addr(pg, "sum", v);
		break;
	}
	case PROTO_FAULT: {
		/* Class and syndrome as numbers, addresses as hex strings; the
		 * first fault of a boot is kept (the one that ended it). */
		static const char *const nums[] = { "ec", "iss", "vec" };
		static const char *const addrs[] = { "far", "elr", "tgt" };
		json_t *f;
		uint64_t v;

		if (json_object_get(b->o, "fault"))
			break;
		f = boot_sub(b, "fault");
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			if (proto_get_u64(r, nums[i], &v) || v > 0x1ffffff)
				boot_proto_error(b, "bad fault record", copy);
			else
				json_object_set_new(f, nums[i], json_integer((json_int_t)v));
		}
		for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			if (proto_get_u64(r, addrs[i], &v))
				boot_proto_error(b, "bad fault record", copy);
			else
				boot_set_addr(f, addrs[i], v);
		}
		break;
	}
	case PROTO_UNKNOWN:
		json_object_set_new(boot_sub(b, "unknown_records"), r->kind_name,
				    json_true());
		break;
	case PROTO_NOT_RECORD:
	case PROTO_NKINDS:
		break;
	}
	return ev;
}

/* One capture of a foreign image, typed by its key: an address into addr,
 * a secret into secret (as HB1's secret record), a mark's TSC into tsc
 * with the host's time of the line. */
static void boot_capture(struct boot *b, const struct suite_pattern *p,
			 const char *line, const regmatch_t *m, int64_t now)
{
	char hex[CAPTURE_MAX_DIGITS + 16], why[160];
	uint64_t x = 0;
	int mi;

	if (capture_read(p->kind, p->base, line + m->rm_so,
			 (size_t)(m->rm_eo - m->rm_so), hex, sizeof(hex), why,
			 sizeof(why))) {
		char what[200];

		snprintf(what, sizeof(what), "pattern.%s %s", p->key, why);
		boot_proto_error(b, what, line);
		return;
	}
	if (p->kind != SUITE_PAT_SECRET)
		proto_hex_u64(hex, &x); /* at most 16 digits: checked above */
	switch (p->kind) {
	case SUITE_PAT_ADDR:
		boot_set_addr(boot_sub(b, "addr"), p->name, x);
		break;
	case SUITE_PAT_SECRET:
		json_object_set_new(boot_sub(b, "secret"), p->name, json_string(hex));
		break;
	case SUITE_PAT_MARK:
		mi = proto_mark_index(p->name);
		b->tsc[mi] = x;
		b->t_mark[mi] = now;
		b->marks |= 1u << mi;
		break;
	case SUITE_PAT_DONE:
	case SUITE_PAT_HALT:
		break;
	}
}

/* Foreign images: each pattern's capture group becomes a sample. */
static int boot_patterns(struct boot *b, const char *line, int64_t now)
{
	const struct section *sec = b->sec;
	int ev = 0;

	for (int i = 0; i < sec->npat; i++) {
		const struct suite_pattern *p = &sec->pat[i];
		regmatch_t m[2];

		if (regexec(&p->re, line, 2, m, 0))
			continue;
		if (p->kind == SUITE_PAT_DONE) {
			b->done = 1;
			b->st_pass = 1;
			b->t_done = now;
			ev |= BOOT_EV_DONE;
		} else if (p->kind == SUITE_PAT_HALT) {
			ev |= BOOT_EV_HALT;
		} else if (p->re.re_nsub == 1 && m[1].rm_so >= 0) {
			boot_capture(b, p, line, &m[1], now);
		}
	}
	if (!b->started) {
		b->started = 1;
	}
	return ev;
}

int boot_line(struct boot *b, char *line, int truncated, int64_t now)
{
	char copy[HB_PROTO_MAX_LINE];
	struct proto_rec r;
	int rc;

	if (!b->sec->img.protocol)
		return boot_patterns(b, line, now);
	snprintf(copy, sizeof(copy), "%s", line);
	rc = proto_parse(line, &r);
	if (rc == 0)
		return 0;
	/* A record is ASCII by the protocol; a value that is not even UTF-8
	 * cannot be stored, and dropping it would keep an earlier value in its
	 * place (kat=pass, then kat=fail:\xff).  The record is refused. */
	{
		const gchar *bad;

		if (!g_utf8_validate(copy, -1, &bad)) {
			char what[64];

			snprintf(what, sizeof(what), "not UTF-8 at byte %zu", (size_t)(bad - copy));
			boot_proto_error(b, what, copy);
			return 0;
		}
	}
	if (rc < 0 || truncated) {
		boot_proto_error(b, truncated ? "over-long record" : "malformed record",
				 copy);
		return 0;
	}
	return boot_record(b, &r, copy, now);
}

static void boot_times(struct boot *b, json_t *o, int64_t t_end)
{
	json_t *t = json_object(), *tsc = NULL;

#define REL(x) json_integer((json_int_t)((x) - b->t0))
	if (b->t_first)
		json_object_set_new(t, "first_byte", REL(b->t_first));
	for (int i = 0; i < HB_NMARKS; i++) {
		if (!(b->marks & (1u << i)))
			continue;
		json_object_set_new(t, proto_mark_names[i], REL(b->t_mark[i]));
		if (!tsc)
			tsc = json_object();
		json_object_set_new(tsc, proto_mark_names[i],
				    json_integer((json_int_t)b->tsc[i]));
	}
	if (b->done)
		json_object_set_new(t, "done", REL(b->t_done));
	json_object_set_new(t, "end", REL(t_end));
#undef REL
	json_object_set_new(o, "host_ns", t);
	if (tsc)
		json_object_set_new(o, "tsc", tsc);
}

static int boot_failed_check(struct boot *b)
{
	json_t *v;
	const char *k;

	json_object_foreach(json_object_get(b->o, "checks"), k, v)
		if (!strncmp(json_string_value(v) ?: "", "fail", 4))
			return 1;
	return 0;
}

json_t *boot_finish(struct boot *b, enum boot_outcome *ocp, const char *reason,
		    int64_t t_end)
{
	enum boot_outcome oc = *ocp;
	json_t *o = json_object();
	char why[256];

	/* A protocol violation is the guest's fault, but it makes every sample
	 * of that boot suspect: the boot is an error, whatever it claimed. */
	if (oc == BOOT_PASS && b->proto_errors) {
		oc = BOOT_ERROR;
		snprintf(why, sizeof(why), "protocol: %s", b->proto_error);
		reason = why;
	}
	/* done st=pass claims every check passed: a failed check says otherwise,
	 * and the check is the evidence. */
	if (oc == BOOT_PASS && boot_failed_check(b)) {
		oc = BOOT_FAIL;
		reason = NULL;
	}
	if (oc == BOOT_FAIL && !reason) {
		/* Name the guest's failed checks: "kat=fail canary=fail". */
		json_t *c = json_object_get(b->o, "checks"), *v;
		const char *k;
		size_t len = 0;

		len += (size_t)snprintf(why, sizeof(why), "guest check failed:");
		json_object_foreach(c, k, v) {
			const char *s = json_string_value(v);

			if (s && !strncmp(s, "fail", 4) && len < sizeof(why))
				len += (size_t)snprintf(why + len, sizeof(why) - len,
							" %s=%s", k, s);
		}
		reason = why;
	}
	/* Our images print all five marks; an app made elsewhere (emit.h)
	 * prints the ones its boot has. */
	if (oc == BOOT_PASS && b->sec->img.protocol && b->sec->img.own &&
	    b->marks != (1u << HB_NMARKS) - 1) {
		oc = BOOT_ERROR;
		reason = "protocol: done without all five phase marks";
	}
	json_object_set_new(o, "v", json_integer(HB_RESULTS_SCHEMA));
	json_object_set_new(o, "section", json_string(b->sec->name));
	json_object_set_new(o, "boot", json_integer((json_int_t)b->no));
	json_object_set_new(o, "outcome", json_string(boot_outcome_names[oc]));
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	if (b->done)
		json_object_set_new(o, "st", json_string(b->st_pass ? "pass" : "fail"));
	if (b->proto_errors)
		json_object_set_new(o, "protocol_errors",
				    json_integer((json_int_t)b->proto_errors));
	json_object_update(o, b->o);
	boot_times(b, o, t_end);
	boot_discard(b);
	*ocp = oc;
	return o;
}

int boot_outcome_parse(const char *name)
{
	for (int k = 0; name && k < BOOT_NOUTCOMES; k++)
		if (!strcmp(name, boot_outcome_names[k]))
			return k;
	return -EINVAL;
}
