/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pattern captures of images that do not speak HB1: the digits a suite
 * file's regex captured, read in the base the suite states (or the one the
 * regex or the digits make plain), into lower-case hex for the boot record.
 * Untrusted input (the guest's console): every refusal says what was
 * captured and why.
 */
#ifndef HB_RUNNER_CAPTURE_H
#define HB_RUNNER_CAPTURE_H

#include <stddef.h>

#include "suite.h"

/* Longest capture read: a 4096-bit secret in decimal fits. */
#define CAPTURE_MAX_DIGITS 1300

/* The base a regex implies for its capture group: HEX when "0x" stands
 * right before the group or the group's class names hex digits, DEC when
 * its class is decimal digits only, AUTO when the regex does not say. */
enum suite_pat_base capture_base_of_regex(const char *src);

/*
 * Read the capture v[0..len) as a pattern of this kind.  hex gets
 * lower-case hex digits without 0x: an address or mark without leading
 * zeros (at most 16 digits), a secret zero-padded to whole 32-bit words.
 * Returns 0, or -EINVAL with why saying what was captured and why it was
 * refused (e.g. digits only and no base stated, 17 hex digits for an
 * address).
 */
int capture_read(enum suite_pat_kind kind, enum suite_pat_base base,
		 const char *v, size_t len, char *hex, size_t hexlen,
		 char *why, size_t whylen);

#endif
