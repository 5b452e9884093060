/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The guest's exceptions as QEMU itself saw them: its `-d int` log
 * (section key trace = exceptions).  A guest's own fault record is the
 * guest's claim; this log is written by QEMU's aarch64 model when it takes
 * the exception, so it is evidence from outside.  QEMU 7.2 target/arm
 * prints, per exception:
 *
 *   Taking exception 3 [Prefetch Abort] on CPU 0
 *   ...from EL1 to EL1
 *   ...with ESR 0x21/0x86000004
 *   ...with FAR 0x205000eb73e890
 *   ...with ELR 0x205000eb73e890
 *   ...to EL1 PC 0x5000eb73d200 PSTATE 0x20003c5
 *
 * Semihosting calls (how arm64 images exit) are exceptions to QEMU too;
 * they are left out.  x86's -d int log has another form and is not read.
 */
#ifndef HB_RUNNER_QEMULOG_H
#define HB_RUNNER_QEMULOG_H

#include <jansson.h>
#include <stddef.h>

/* At most this many exceptions per boot are kept, and this much of the
 * log is read: a guest looping on faults writes megabytes. */
#define QEMULOG_MAX_EXC 8
#define QEMULOG_READ_CAP (256u * 1024)

/* Append the exceptions of text[0..len) to arr (at most QEMULOG_MAX_EXC
 * in all): {"name", "from_el", "to_el", "ec", "esr", "far", "elr"}, the
 * numbers as the log gives them (hex strings for the 64-bit ones).  Lines
 * that do not parse are skipped; returns how many exceptions were added. */
int qemulog_parse(const char *text, size_t len, json_t *arr);
/* Read the log at path (its first QEMULOG_READ_CAP bytes) into a new
 * array *out.  0, or -errno with err naming the file. */
int qemulog_read(const char *path, json_t **out, char *err, size_t n);

#endif
