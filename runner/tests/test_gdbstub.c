/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The gdbstub client's parsers, one row per case (framing, checksum,
 * escapes, run-length, target descriptions with implicit and explicit
 * register numbers, values in target byte order), and the client end to
 * end on a transcript of QEMU 7.2's replies (test/fixtures/fuzz/gdbstub)
 * through a socket pair.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub.h"
#include "unit.h"

static const struct {
	const char *what, *in;
	int rc;              /* > 0: a packet; 0: incomplete; < 0: error */
	const char *payload;
	size_t consumed;
} frames[] = {
	{ "a packet after acks", "++$OK#9a", 3, "OK", 8 },
	{ "the empty reply", "$#00", 1, "", 4 },
	{ "a bad checksum", "$OK#9b", -EPROTO, NULL, 6 },
	{ "not a hex checksum", "$OK#zz", -EPROTO, NULL, 6 },
	{ "incomplete: no checksum yet", "$OK#9", 0, NULL, 0 },
	{ "incomplete: no end yet", "$OK", 0, NULL, 0 },
	{ "noise only", "+-+", 0, NULL, 3 },
	{ "an escape: }] is }", "$a}]b#9d", 4, "a}b", 8 },
	{ "run-length: 0* (three more) is 0000", "$0* #7a", 5, "0000", 7 },
	{ "run-length with nothing before it is literal", "$* #4a", 3, "* ", 6 },
};

static void test_unframe(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(frames); i++) {
		char out[64];
		size_t used;
		int rc = gdbstub_unframe(frames[i].in, strlen(frames[i].in), out, sizeof(out),
					 &used);

		unit_ok(rc == frames[i].rc && used == frames[i].consumed &&
			(!frames[i].payload || !strcmp(out, frames[i].payload)),
			"unframe: %s (rc %d, consumed %zu)", frames[i].what, rc, used);
	}
	{
		char out[4];
		size_t used;

		unit_ok(gdbstub_unframe("$abcdef#36", 10, out, sizeof(out), &used) == -EPROTO &&
			used == 10, "unframe: a payload longer than the buffer is refused, skipped");
	}
}

static void test_xml(void)
{
	static const char *const names[] = { "x1", "sp", "pc", "TTBR0_EL1", "SCTLR", "NONE" };
	const char *core = "<feature><reg name=\"x0\" bitsize=\"64\"/>"
			   "<reg name=\"x1\" bitsize=\"64\"/><reg name=\"sp\" regnum=\"31\"/>"
			   "<reg name=\"pc\" bitsize=\"64\"/></feature>";
	const char *sys = "<feature><reg bitsize=\"64\" xname=\"SCTLR\" name=\"TTBR0_EL1\" "
			  "regnum=\"89\"/><reg name=\"SCTLR\" regnum=\"125\" group=\"cp\"/>"
			  "<reg name=\"broken\" regnum=\"-4\"/></feature>";
	const char *target = "<target><xi:include href=\"aarch64-core.xml\"/>"
			     "<xi:include href=\"../etc/passwd\"/><xi:include href=\"a:b\"/>"
			     "<xi:include href=\"system-registers.xml\"/></target>";
	long nums[6] = { -1, -1, -1, -1, -1, -1 }, next = 0;
	char hrefs[8][64];
	uint64_t v;

	gdbstub_xml_regnums(core, names, 6, nums, &next);
	gdbstub_xml_regnums(sys, names, 6, nums, &next);
	unit_ok(nums[0] == 1 && nums[1] == 31 && nums[2] == 32 && nums[3] == 89 &&
		nums[4] == 125 && nums[5] == -1,
		"xml: implicit numbers follow the last (x1 1, pc 32), explicit ones win, "
		"xname= is not name=, a missing name stays -1");
	unit_ok(next == 127, "xml: a bad regnum counts as the next one (next %ld)", next);
	unit_ok(gdbstub_xml_includes(target, hrefs, 8) == 2 &&
		!strcmp(hrefs[0], "aarch64-core.xml") && !strcmp(hrefs[1], "system-registers.xml"),
		"xml: includes in order; none with a path or a colon");
	unit_ok(!gdbstub_hex_le("00d0204000000000", &v) && v == 0x4020d000ull,
		"hex: little-endian, 8 bytes");
	unit_ok(!gdbstub_hex_le("ff00", &v) && v == 0xff, "hex: 2 bytes");
	unit_ok(gdbstub_hex_le("E14", &v) == -EPROTO && gdbstub_hex_le("", &v) == -EPROTO &&
		gdbstub_hex_le("00000000000000000000", &v) == -EPROTO &&
		gdbstub_hex_le("0g", &v) == -EPROTO, "hex: errors, odd, empty, too long, non-hex");
}

/* The client on QEMU 7.2's replies, sent all at once. */
static void test_client(void)
{
	static const char *const names[] = { "pc", "sp", "TTBR0_EL1", "TCR_EL1", "SCTLR",
					     "MAIR_EL1" };
	char path[512], buf[8192];
	struct gdbstub *g = calloc(1, sizeof(*g));
	uint64_t v[6] = { 0 };
	unsigned have = 0;
	int sv[2], rc;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/fuzz/gdbstub/qemu-7.2-aarch64",
		 getenv("HB_FIXTURES") ? getenv("HB_FIXTURES") : "test/fixtures");
	f = fopen(path, "rb");
	n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	unit_ok(n > 0, "client: transcript %s read", path);
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	if (write(sv[1], buf, n) != (ssize_t)n)
		n = 0;
	shutdown(sv[1], SHUT_WR);
	g->fd = sv[0];
	rc = gdbstub_regs(g, names, 6, v, &have, 2000);
	unit_ok(rc == 0 && have == 0x1f && v[0] == 0x000030a101ec2f80ull &&
		v[2] == 0x4020d000ull && v[4] == 0x00000900b0d8180dull,
		"client: the stop reply skipped, descriptions read in chunks, 5 registers, "
		"MAIR_EL1 not described so not read (rc %d, have 0x%x)", rc, have);
	/* what it sent: target.xml first (QEMU answers p only after it) */
	n = (size_t)read(sv[1], buf, sizeof(buf) - 1);
	buf[n < sizeof(buf) ? n : 0] = '\0';
	unit_ok(strstr(buf, "$qXfer:features:read:target.xml:0,") == buf &&
		strstr(buf, "$p20#") && strstr(buf, "$p7d#"),
		"client: asks for target.xml first, then p by number");
	gdbstub_close(g);
	close(sv[1]);
	free(g);
}

int main(void)
{
	test_unframe();
	test_xml();
	test_client();
	return unit_done();
}
