/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Boot records become columns: table of records in, values out. */
#include <stdlib.h>

#include "samples.h"
#include "unit.h"

static const char *const records[] = {
	"{\"v\":1,\"section\":\"s\",\"boot\":0,\"outcome\":\"pass\",\"img\":\"hardened\","
	"\"accel\":\"tcg\",\"mode\":\"warm\",\"cpu\":{\"has\":[],\"src\":\"rdrand\"},"
	"\"addr\":{\"stack\":\"0x0000300000001000\"},"
	"\"secret\":{\"canary\":\"1122334455667700\",\"seed\":\"00000001000000020000000300000004"
	"00000005000000060000000700000008\",\"out\":\"deadbeefcafef00d\"},"
	"\"checks\":{\"kat\":\"pass\"},\"tsc\":{\"entry\":5},\"host_ns\":{\"done\":900},"
	"\"seq\":3,\"tsc_khz\":2096024}",
	"{\"v\":1,\"section\":\"s\",\"boot\":1,\"outcome\":\"crash\",\"reason\":\"x\"}",
	"{\"v\":1,\"section\":\"s\",\"boot\":2,\"outcome\":\"pass\",\"img\":\"hardened\","
	"\"accel\":\"kvm\",\"addr\":{\"stack\":\"0x0000300000002000\",\"heap\":\"0x10\"},"
	"\"checks\":{\"kat\":\"fail\"}}",
	"{\"v\":1,\"section\":\"t\",\"boot\":0,\"outcome\":\"timeout\"}",
};

int main(void)
{
	struct samples s = { .runs = json_array() };
	const struct sample_set *set;
	const struct sample_col *c;
	uint64_t *v;
	size_t n;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(records); i++) {
		json_t *b = json_loads(records[i], 0, NULL);

		unit_ok(b && samples_add(&s, b, "dir") == 0, "record %zu accepted", i);
		json_decref(b);
	}
	{
		json_t *bad = json_loads("{\"section\":\"s\",\"outcome\":\"maybe\"}", 0, NULL);

		unit_ok(samples_add(&s, bad, "dir") < 0, "unknown outcome refused");
		json_decref(bad);
	}
	set = samples_find(&s, "s");
	unit_ok(set && set->rows == 2 && set->count[BOOT_PASS] == 2 &&
		set->count[BOOT_CRASH] == 1 && samples_total(set) == 3,
		"only passing boots are rows; all are counted");
	unit_ok(set && !strcmp(set->accel, "mixed") && !strcmp(set->image, "hardened"),
		"labels merge, mixed when they differ");
	c = samples_col(set, "addr.stack");
	n = samples_values(c, set->rows, &v);
	unit_ok(n == 2 && v[0] == 0x300000001000ULL && v[1] == 0x300000002000ULL,
		"addresses parsed from 0x strings");
	free(v);
	c = samples_col(set, "addr.heap");
	n = samples_values(c, set->rows, &v);
	unit_ok(n == 1 && v[0] == 0x10 && !c->have[0] && c->have[1],
		"a column added late is absent for earlier rows");
	free(v);
	c = samples_col(set, "secret.seed.7");
	unit_ok(c && c->bits == 32 && c->v[0] == 8, "seed word 7 is its own 32-bit column");
	c = samples_col(set, "secret.out.1");
	unit_ok(c && c->v[0] == 0xcafef00d, "output words split");
	c = samples_col(set, "secret.canary");
	unit_ok(c && c->bits == 64 && c->v[0] == 0x1122334455667700ULL, "canary 64-bit");
	c = samples_col(set, "host_ns.done");
	unit_ok(c && c->v[0] == 900, "host timestamps");
	unit_ok(samples_col(set, "boot") && samples_col(set, "boot")->v[1] == 2 &&
		samples_col(set, "seq")->v[0] == 3 && !samples_col(set, "seq")->have[1] &&
		samples_col(set, "tsc_khz")->v[0] == 2096024,
		"boot number, place in its QEMU and the guest's TSC rate are columns");
	unit_ok(json_integer_value(json_object_get(json_object_get(set->checks, "kat"),
						   "fail")) == 1, "check outcomes counted");
	unit_ok(samples_find(&s, "t") && samples_find(&s, "t")->rows == 0,
		"a section with no passing boot has no rows");
	samples_free(&s);
	return unit_done();
}
