/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Samples read back from results directories: every analysis (entropy,
 * RNG keying, boot time, compare) starts here.  boots.jsonl is turned into
 * columns of 64-bit values per section, so 100,000 boots cost a few MB and
 * estimators run over plain arrays; the JSON is not kept.
 *
 * Column names:
 *   addr.REGION      virtual address the guest reported, or a pattern.addr capture
 *   regs.rip ...     registers read from outside (inspect=regs)
 *   secret.canary    64-bit canary (HB1, or pattern.secret.canary)
 *   secret.NAME.I    32-bit word I of another secret (pattern.secret.NAME)
 *   secret.seed.I    raw seed word I (32 bits), I = 0..7
 *   secret.out.I     output word I (32 bits)
 *   tsc.MARK         raw TSC at a phase mark
 *   host_ns.EVENT    host ns after the boot began (first_byte, marks, done, end)
 *   perf.COUNTER     host cost (counters that were available)
 *   boot, seq        boot number in the section; boots its QEMU ran before it
 *   tsc_khz          TSC rate the guest reported
 */
#ifndef HB_RUNNER_SAMPLES_H
#define HB_RUNNER_SAMPLES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "boot.h"

struct sample_col {
	char *name;
	uint64_t *v;          /* one value per passing boot, index = row */
	uint8_t *have;        /* 1 where that boot had the value */
	unsigned bits;        /* width of the value: 32 for seed/out words, else 64 */
};

struct sample_set {
	char *section;
	char *image;
	char *accel;          /* as recorded by the boots; "mixed" if several */
	char *mode;
	char *dir;            /* first results directory it came from */
	unsigned long count[BOOT_NOUTCOMES]; /* every boot, by outcome */
	size_t rows;          /* passing boots: the sample */
	size_t cap;
	struct sample_col *cols;
	size_t ncols;
	json_t *checks;       /* check name -> {"pass":n,"fail":n,"skip":n} */
	json_t *srcs;         /* seed source -> count */
};

struct samples {
	struct sample_set *sets;
	size_t nsets;
	json_t *runs;         /* array of each directory's run.json (or null) */
	void *seen;           /* GHashTable of dir, section, boot: duplicates refused */
	char why[256];        /* what samples_add() refused */
};

/* Load one or more results directories; sections with the same name are
 * merged (shards, repeated runs).  err names the file and line at fault. */
int samples_load(struct samples *s, char *const *dirs, int ndirs,
		 char *err, size_t n);
/* Add one boot record (also used by tests). */
int samples_add(struct samples *s, json_t *boot, const char *dir);
const struct sample_set *samples_find(const struct samples *s, const char *section);
/* Column by name, or NULL. */
const struct sample_col *samples_col(const struct sample_set *set, const char *name);
/* Values of a column where present, copied into a new array (free()). */
size_t samples_values(const struct sample_col *c, size_t rows, uint64_t **out);
unsigned long samples_total(const struct sample_set *set);
void samples_free(struct samples *s);

#endif
