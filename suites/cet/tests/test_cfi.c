/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cfi's judgement of one arm64 payload boot, on the fault records real
 * boots gave (QEMU 7.2 TCG, images/arm64) and their near misses: a
 * missing TBI (DFSC 0x04), a fault elsewhere, a PAC abort at the target
 * itself (no error bits), a hijack.
 */
#include <stdint.h>
#include <string.h>

#include "cfi.h"
#include "qemulog.h"
#include "unit.h"

static const struct {
	const char *attack;
	struct cfi_fault f;
	int hijacked;
	enum cfi_end want;
	const char *what;
} cfi_cases[] = {
	{ "ret", { 1, 0x21, 0x4, 0x2050002a72f8b0ull, 0x2050002a72f8b0ull, 0x50002a72f8b0ull, 0 },
	  0, CFI_CAUGHT, "pac: abort at the target with error bit 53" },
	{ "ret", { 1, 0x21, 0x4, 0x50002a72f8b0ull, 0x50002a72f8b0ull, 0x50002a72f8b0ull, 0 },
	  0, CFI_OTHER, "pac: abort at the unmangled target is not PAC" },
	{ "ret", { 1, 0x21, 0x4, 0x2050002a72f8c0ull, 0, 0x50002a72f8b0ull, 0 },
	  0, CFI_OTHER, "pac: abort elsewhere" },
	{ "ret", { 0, 0, 0, 0, 0, 0, 0 }, 1, CFI_HIJACKED, "pac off: hijack" },
	{ "ibt", { 1, 0x0d, 0x2, 0, 0x50009884a884ull, 0x50009884a884ull, 0 },
	  0, CFI_CAUGHT, "bti: EC 0x0d at the target" },
	{ "ibt", { 1, 0x0d, 0x2, 0, 0x50009884a880ull, 0x50009884a884ull, 0 },
	  0, CFI_OTHER, "bti: EC 0x0d at the landing pad" },
	{ "ibt", { 1, 0x00, 0x0, 0, 0x50009884a884ull, 0x50009884a884ull, 0 },
	  0, CFI_OTHER, "bti: undefined instruction is not BTI" },
	{ "tag", { 1, 0x25, 0x11, 0x030010be5abdf000ull, 0x500041e338f4ull,
		   0x030010be5abdf010ull, 0 }, 0, CFI_CAUGHT, "mte: tag check fault, granule" },
	{ "tag", { 1, 0x25, 0x04, 0x030010be5abdf000ull, 0x500041e338f4ull,
		   0x030010be5abdf010ull, 0 }, 0, CFI_OTHER, "mte: DFSC 0x04 (no TBI)" },
	{ "tag", { 1, 0x25, 0x11, 0x020010be5abdf000ull, 0x500041e338f4ull,
		   0x030010be5abdf010ull, 0 }, 0, CFI_OTHER, "mte: another tag" },
	{ "tag", { 0, 0, 0, 0, 0, 0, 0 }, 0, CFI_OTHER, "mte: neither fault nor hijack" },
	{ "tag", { 0, 0, 0, 0, 0, 0, 0 }, 1, CFI_HIJACKED, "mte off: hijack" },
};

/* QEMU's -d int log as boots.jsonl holds it, and the guest's record. */
static const char cfi_log[] =
	"Taking exception 3 [Prefetch Abort] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...with ESR 0x21/0x86000004\n"
	"...with FAR 0x2050002a72f8b0\n"
	"...with ELR 0x2050002a72f8b0\n"
	"...to EL1 PC 0x50002a72d200 PSTATE 0x20003c5\n"
	"Taking exception 16 [Semihosting call] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...handling as semihosting call 0x18\n";

static void cfi_outside(void)
{
	struct cfi_fault guest = { 1, 0x21, 0x4, 0x2050002a72f8b0ull, 0x2050002a72f8b0ull,
				   0x50002a72f8b0ull, 0 }, q, lie;
	json_t *rec = json_object(), *arr = json_array();

	unit_ok(cfi_qemu_fault(rec, &q) == -1, "a boot without trace has no outside view");
	json_object_set_new(rec, "qemu_exceptions", arr);
	unit_ok(!cfi_qemu_fault(rec, &q) && !q.have, "an empty log: QEMU saw no exception");
	unit_ok(qemulog_parse(cfi_log, sizeof(cfi_log) - 1, arr) == 1,
		"the log's one exception, the semihosting exit left out");
	unit_ok(!cfi_qemu_fault(rec, &q) && q.have && q.ec == 0x21 && q.iss == 0x4 &&
		q.has_far && q.far == guest.far && q.elr == guest.elr,
		"QEMU's prefetch abort: EC 0x21, ISS 0x4, FAR = ELR");
	unit_ok(cfi_agree(&guest, &q), "the guest's record agrees with it");
	lie = guest;
	lie.ec = 0x0d;
	unit_ok(!cfi_agree(&lie, &q), "a guest claiming BTI's class contradicts it");
	lie = guest;
	lie.elr += 4;
	unit_ok(!cfi_agree(&lie, &q), "a guest claiming another ELR contradicts it");
	lie.have = 0;
	unit_ok(!cfi_agree(&lie, &q), "a guest claiming no fault contradicts it");
	q.has_far = 0;
	q.far = 0;
	unit_ok(cfi_agree(&guest, &q), "FAR is compared only where QEMU states it");
	json_decref(rec);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cfi_cases); i++) {
		const struct cfi_payload *p = cfi_payload_find(cfi_cases[i].attack);

		unit_ok(p && cfi_judge_boot(p, &cfi_cases[i].f, cfi_cases[i].hijacked) ==
			cfi_cases[i].want, "%s", cfi_cases[i].what);
	}
	unit_ok(!cfi_payload_find("smash"), "smash is not a cfi payload");
	cfi_outside();
	return unit_done();
}
