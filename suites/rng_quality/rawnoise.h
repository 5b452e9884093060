/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `hardboot raw-noise`: the raw samples of an image's early entropy source
 * (RDSEED, RDRAND, the TSC-jitter fallback, or the TSC readings of the
 * rng-tsconly twin) over many boots, as SP 800-90B assesses a noise source:
 * before any conditioning, and with a boot as the restart of 3.1.4.
 *
 * Each boot is a cold bulk boot of the engine (stream.c) with
 * `raw=N raw_src=SRC` on its command line: the guest records N samples
 * where its seed path would read the source, before anything consumes
 * randomness, and hands them over through the ring, 64 bits each
 * (docs/protocol.md, "Raw-noise mode").  Up to --jobs boots run at once.
 * Boot r's samples become row r of the output, one symbol per byte as
 * `hardboot sp800-90b` reads it: symbol = (sample >> shift) & (2^bits - 1).
 * So `--boots 1000 --samples 1000` is the restart matrix of 3.1.4, and
 * `--boots 1 --samples 1000000` the sequential sample of 3.1.1.
 *
 * Cold boots, not warm: the engine's bulk mode opens one ring per QEMU,
 * and a cold boot is the restart the standard means (power-on state, a
 * TSC that starts again near zero under TCG).
 *
 * Every boot must be complete: exactly 8 N bytes, done st=pass and the
 * manifest's exit status; the first boot that is not ends the collection
 * and the output files are removed.  The samples are checked against what
 * the source can give (below), which also refuses an image that does not
 * know raw= and streams its keystream instead.
 */
#ifndef HB_RAWNOISE_H
#define HB_RAWNOISE_H

#include <stddef.h>
#include <stdint.h>

/* The sources, as the guest's raw_src= names them. */
enum rawnoise_src {
	RAWNOISE_RDSEED,
	RAWNOISE_RDRAND,
	RAWNOISE_JITTER,
	RAWNOISE_TSC,
	RAWNOISE_NSRC,
};

/* The most samples one boot may record (the guest's raw= limit, 2^32). */
#define RAWNOISE_MAX_SAMPLES (1ull << 32)

struct rawnoise_args {
	const char *image;        /* manifest name or path to an ELF */
	const char *images_dir;   /* with manifest.json */
	enum rawnoise_src src;
	unsigned long boots;      /* rows, at least 1 */
	uint64_t samples;         /* per boot, 1..RAWNOISE_MAX_SAMPLES */
	unsigned bits, shift;     /* symbol bits 1..8, shift 0..63 */
	const char *out;          /* the symbols, row after row */
	const char *raw_out;      /* NULL, or the 64-bit samples as they came */
	const char *accel;        /* auto|kvm|tcg, NULL = the image's default */
	double timeout;           /* seconds per boot, 0 = the image timeout */
	const char *append;       /* extra kernel command line, or NULL */
	const char *qemu_args;    /* more QEMU options, shell-quoted, or NULL */
	int jobs;                 /* QEMUs at once, at least 1 */
};

struct rawnoise_result {
	int status;               /* HB_EXIT_* (run.h) */
	char err[640];            /* one line naming the image and boot at fault */
	char image[64];
	char accel[8];
	char accel_why[200];
	unsigned long boots;      /* rows written */
	unsigned distinct;        /* distinct symbols in the output */
	uint64_t raw_min, raw_max;/* over every sample */
	double secs;              /* the first spawn to the last boot's end */
};

/* "jitter" -> RAWNOISE_JITTER: 0, or -EINVAL for a name it does not know. */
int rawnoise_source(const char *name, enum rawnoise_src *src);
const char *rawnoise_source_name(enum rawnoise_src src);

/*
 * One boot's ring bytes as n samples (little-endian 64-bit words), checked
 * against what the source gives: rdseed, rdrand (32-bit outputs,
 * zero-extended) and jitter (the ticks of one cpuid) below 2^32, the TSC
 * never going back.  A keystream passes the first check with probability
 * 2^-32 per sample and the second with 1/n!.  0; -EPROTO with why naming
 * the sample, when a check or the length (8 n) is wrong.
 */
int rawnoise_decode(const uint8_t *buf, size_t len, enum rawnoise_src src,
		    uint64_t *v, size_t n, char *why, size_t whylen);

/* sym[i] = (v[i] >> shift) & (2^bits - 1): the symbol of each sample. */
void rawnoise_symbols(const uint64_t *v, size_t n, unsigned bits, unsigned shift,
		      uint8_t *sym);

/*
 * Collect.  0 when every boot delivered its samples; otherwise -errno with
 * res->err set and res->status saying which kind of failure: HB_EXIT_USAGE
 * (image, output, or a source the guest's CPU does not offer),
 * HB_EXIT_CHECK (a boot failed or sent impossible samples), HB_EXIT_INFRA
 * (QEMU, /dev/shm, the output), HB_EXIT_INTR.  Prints nothing.
 */
int rawnoise_run(const struct rawnoise_args *a, struct rawnoise_result *res);

#endif
