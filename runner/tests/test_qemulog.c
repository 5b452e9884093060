/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * QEMU's aarch64 -d int log as a table: the three exceptions the cfi
 * payloads take (as QEMU 7.2 printed them), the semihosting exit left out,
 * and what a log made by a guest's doing may hold: no details, a cut line,
 * bad hex, 17-digit values, a flood past the cap.
 */
#include <string.h>

#include "qemulog.h"
#include "unit.h"

static const char log_three[] =
	"Taking exception 3 [Prefetch Abort] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...with ESR 0x21/0x86000004\n"
	"...with FAR 0x205000eb73e890\n"
	"...with ELR 0x205000eb73e890\n"
	"...to EL1 PC 0x5000eb73d200 PSTATE 0x20003c5\n"
	"Taking exception 1 [Undefined Instruction] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...with ESR 0xd/0x36000002\n"
	"...with ELR 0x50009884a884\n"
	"Taking exception 4 [Data Abort] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...with ESR 0x25/0x96000011\n"
	"...with FAR 0x30010be5abdf000\n"
	"...with ELR 0x500041e338f4\n"
	"Taking exception 16 [Semihosting call] on CPU 0\n"
	"...from EL1 to EL1\n"
	"...handling as semihosting call 0x18\n";

static const char log_bad[] =
	"Taking exception 3 [Prefetch Abort] on CPU 0\n"
	"...with ESR 0x21/0xzz\n...with FAR 0x12345678901234567\n"
	"...with ELR 0x\nnot a detail\n...with ELR 0x10\n";
static const char cut[] = "Taking exception 3 [Prefetch Abort";
static const char noname[] = "Taking exception 3 [] on CPU 0\n";
static const char ctl[] = "Taking exception 3 [\x01\x02] on CPU 0\n";

static const char *field(json_t *arr, size_t i, const char *k)
{
	return json_string_value(json_object_get(json_array_get(arr, i), k));
}

static long long num(json_t *arr, size_t i, const char *k)
{
	json_t *v = json_object_get(json_array_get(arr, i), k);

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

int main(void)
{
	json_t *a = json_array();
	char flood[4096] = "";

	unit_ok(qemulog_parse(log_three, sizeof(log_three) - 1, a) == 3 &&
		json_array_size(a) == 3, "three exceptions, the semihosting call left out");
	unit_ok(!strcmp(field(a, 0, "name"), "Prefetch Abort") && num(a, 0, "ec") == 0x21 &&
		!strcmp(field(a, 0, "esr"), "0x0000000086000004") &&
		!strcmp(field(a, 0, "far"), "0x00205000eb73e890") &&
		!strcmp(field(a, 0, "elr"), "0x00205000eb73e890") &&
		num(a, 0, "from_el") == 1 && num(a, 0, "to_el") == 1,
		"PAC: prefetch abort, EC 0x21, FAR = ELR with the error bit");
	unit_ok(num(a, 1, "ec") == 0x0d && !field(a, 1, "far") &&
		!strcmp(field(a, 1, "elr"), "0x000050009884a884"),
		"BTI: EC 0x0d, no FAR line, ELR the target");
	unit_ok(num(a, 2, "ec") == 0x25 && !strcmp(field(a, 2, "esr"), "0x0000000096000011"),
		"MTE: data abort, DFSC 0x11 in the syndrome");
	json_decref(a);

	a = json_array();
	qemulog_parse(log_bad, strlen(log_bad), a);
	unit_ok(json_array_size(a) == 1 && num(a, 0, "ec") == -1 && !field(a, 0, "far") &&
		!field(a, 0, "elr"), "bad hex, 17 digits, an empty value, a detail after "
		"another line: none taken");
	json_decref(a);

	a = json_array();
	unit_ok(qemulog_parse(cut, strlen(cut), a) == 0 &&
		qemulog_parse(noname, strlen(noname), a) == 0 &&
		qemulog_parse(ctl, strlen(ctl), a) == 0,
		"a cut line, an empty name, control bytes: no exception");
	json_decref(a);

	for (int i = 0; i < 20; i++)
		strcat(flood, "Taking exception 4 [Data Abort] on CPU 0\n...with ESR 0x25/0x96000011\n");
	a = json_array();
	qemulog_parse(flood, strlen(flood), a);
	unit_ok(json_array_size(a) == QEMULOG_MAX_EXC, "20 exceptions: the first %d kept",
		QEMULOG_MAX_EXC);
	json_decref(a);

	unit_ok(qemulog_read("/nonexistent/hb.int", &a, flood, sizeof(flood)) < 0 &&
		strstr(flood, "/nonexistent/hb.int"), "an unreadable log names its file");
	return unit_done();
}
