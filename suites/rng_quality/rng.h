/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot rng`: a guest's generator, streamed out through the bulk ring
 * (a bulk boot of the engine, stream.c), judged on the host.
 *
 * Battery mode (smoke | nightly | full): one boot streams the bytes the
 * battery reads; the runner keeps a read-ahead buffer so that the guest
 * keeps generating while dieharder works, and feeds one dieharder process
 * per test through a pipe into its stdin (-g 200).  Bytes a finished
 * dieharder left unread in its pipe are dropped: no byte is ever given to
 * two tests, or twice to one.  A WEAK line is rerun on fresh stream: the
 * unread tail of the first boot's stream (48 MiB are kept for that), then
 * new boots; if a new boot's stream starts like the first one (a constant
 * key), the rerun skips every byte already used instead.  Every byte is
 * hashed (SHA-256) and goes through the quick statistics (rngstat.c).
 *
 * KAT mode (--kat): one boot in fixed-seed mode; its stream is compared
 * byte for byte with the host's RFC 8439 ChaCha20 (chacha.c) and with
 * `openssl enc -chacha20` for the same key and counter, two independent
 * references, while the references are checked against each other.
 *
 * Exit status: 0 pass, 1 the generator or the guest failed a check, 2
 * usage, 3 harness error (the stream ran out, dieharder or openssl missing
 * or misbehaving, a result line missing), 130 interrupted.
 */
#ifndef HB_RUNNER_RNG_H
#define HB_RUNNER_RNG_H

#include <stdint.h>

#define RNG_KAT_KEY "000102030405060708090a0b0c0d0e0f" \
		    "101112131415161718191a1b1c1d1e1f" /* RFC 8439 2.3.2 */

struct rng_args {
	const char *image;
	const char *images_dir;
	const char *battery;    /* smoke | nightly | full | none; NULL: smoke */
	uint64_t bytes;         /* stream of the first boot; 0: what it needs */
	const char *metrics;    /* append metric records to this file; NULL: none */
	unsigned reruns;        /* WEAK reruns before a line fails, >= 1 */
	int kat;                /* known-answer test instead of a battery */
	const char *key;        /* fixed ChaCha20 key, 64 hex digits (--kat: RNG_KAT_KEY) */
	const char *accel;      /* auto | kvm | tcg; NULL: the image's default */
	double timeout;         /* seconds per boot, 0: none */
	const char *append;     /* extra kernel command line */
	const char *dieharder;  /* program; NULL: "dieharder" */
	const char *openssl;    /* program; NULL: "openssl" */
};

/* Run it, print the report (TAP) on stdout; returns the exit status. */
int rng_main(const struct rng_args *a);

/* The first boot's stream for a battery: its bytes, 1 MiB per run for
 * what each dieharder leaves in its pipe, and 48 MiB for reruns. */
uint64_t rng_battery_stream(const char *battery);

#endif
