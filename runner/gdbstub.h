/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small client of QEMU's gdbstub (GDB remote serial protocol) over a
 * unix socket: registers QEMU's monitor does not show.  On aarch64, QEMU
 * 7.2's `info registers` has no TTBR0/TCR/SCTLR/MAIR, but its gdbstub
 * serves every system register as a target-description feature
 * (system-registers.xml, QEMU's "org.qemu.gdb.arm.sys.regs"), and a `p`
 * packet reads one by its number.  QEMU answers `p` only after the client
 * has read target.xml (until then it assumes a gdb without descriptions),
 * so gdbstub_regs() reads the description first, then each register.
 *
 * Nothing QEMU sends is trusted: packets are length-bounded, checksums are
 * checked, and a malformed description just lacks the register.
 */
#ifndef HB_RUNNER_GDBSTUB_H
#define HB_RUNNER_GDBSTUB_H

#include <stddef.h>
#include <stdint.h>

#define GDBSTUB_MAX_PACKET 65536

struct gdbstub {
	int fd;
	char in[GDBSTUB_MAX_PACKET];
	size_t len;
	char err[200];
};

/* Connect to QEMU's -gdb unix socket, retrying while it does not exist
 * yet, for at most timeout_ms. */
int gdbstub_connect(struct gdbstub *g, const char *path, int timeout_ms);
/* Send one packet and read the reply (its payload, NUL-terminated, to
 * free): -ETIMEDOUT, -ECONNRESET, -EPROTO with g->err. */
int gdbstub_cmd(struct gdbstub *g, const char *cmd, char **reply, int timeout_ms);
/* Read names[i] into vals[i] (have bit i set) for each register the
 * target describes; the rest are left out of *have. */
int gdbstub_regs(struct gdbstub *g, const char *const *names, size_t n,
		 uint64_t *vals, unsigned *have, int timeout_ms);
void gdbstub_close(struct gdbstub *g);

/* ---- the parsers, apart for the unit tests and the fuzzer ------------ */

/* The first complete packet in buf[0..len): its decoded payload into
 * out[0..outn) (run-length and escapes expanded, NUL-terminated) and the
 * bytes consumed; 0 when no complete packet is there yet; -EPROTO on a
 * bad checksum or a payload longer than outn - 1 (consumed is still set,
 * so the caller can skip it). */
int gdbstub_unframe(const char *buf, size_t len, char *out, size_t outn,
		    size_t *consumed);
/* Register numbers by name in one target-description feature: regnum
 * given, or the one after the last (gdb's rule); *next carries the
 * numbering from one feature file into the next.  nums[i] = -1 when
 * names[i] is not there. */
void gdbstub_xml_regnums(const char *xml, const char *const *names, size_t n,
			 long *nums, long *next);
/* The xi:include hrefs of target.xml, in order, into hrefs[0..max). */
size_t gdbstub_xml_includes(const char *xml, char hrefs[][64], size_t max);
/* A register value as QEMU sends it (target byte order: little-endian
 * hex, 2 to 16 digits); -EPROTO otherwise. */
int gdbstub_hex_le(const char *s, uint64_t *v);

#endif
