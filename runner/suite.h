/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Suite files: INI, one [section] per run, read with GLib's GKeyFile (no line
 * length cap, ';' is not a comment, so long QEMU lines and regexes survive).
 * A [defaults] group sets keys for every section.  The key table in suite.c
 * is the single source of the keys, their types, defaults and --help text.
 */
#ifndef HB_RUNNER_SUITE_H
#define HB_RUNNER_SUITE_H

#include <regex.h>
#include <stddef.h>

#include "expect.h"
#include "image.h"

#define SUITE_MAX_PATTERNS 16
#define SUITE_ERR_LEN 512

/* key = value pairs in file order: a [policy] group, a section's policy.KEY */
struct suite_kv {
	char **keys, **vals;
	int n;
};

/* What a pattern's capture is (suite file key pattern.KIND.NAME[.BASE]). */
enum suite_pat_kind {
	SUITE_PAT_ADDR,   /* a virtual address: addr.NAME, 64 bits at most */
	SUITE_PAT_SECRET, /* a canary, key or RNG output: secret.NAME, any length */
	SUITE_PAT_MARK,   /* a boot-phase line: mark.NAME, the capture its TSC */
	SUITE_PAT_DONE,   /* the boot's end (no capture needed) */
	SUITE_PAT_HALT,   /* where inspection stops the guest */
};

/* How the capture's digits are read. */
enum suite_pat_base {
	SUITE_BASE_AUTO,  /* 0x prefix or a-f: hex; digits only: refused */
	SUITE_BASE_HEX,
	SUITE_BASE_DEC,
};

struct suite_pattern {
	char *name;     /* region, secret or mark name, or "done" / "halt" */
	char *key;      /* the key as written after "pattern." */
	char *source;
	enum suite_pat_kind kind;
	enum suite_pat_base base;
	regex_t re;
};

struct section {
	char *name;
	/* keys, as in suite_keys[] */
	char *image;
	char *machine;
	char *cpu;
	unsigned long memory;   /* MiB */
	char *accel;            /* auto | kvm | tcg */
	unsigned long boots;
	char *mode;             /* cold | warm */
	char *reset;            /* auto | guest | qmp */
	double timeout;         /* seconds per boot */
	char *append;           /* extra kernel command line */
	char *qemu_args;        /* extra QEMU arguments, shell-quoted */
	char *qemu;             /* QEMU binary */
	char *requires;         /* comma list of CPU features, e.g. cet */
	char *group;
	char *inspect;          /* none | regs | regs,pagetables */
	char *trace;            /* none | exceptions (QEMU's -d int log) */
	unsigned long warmup;   /* boots analyses discard as warm-up */
	char *baseline;         /* section boot-time analyses compare against */
	char *protocol;         /* hb1 | none, overrides the image */
	unsigned long exit_port, exit_ok, exit_fail; /* 0: from the image */
	char *expect;           /* what the section must show (expect.h) */
	int boots_set;          /* boots = came from the file, not the default */
	struct suite_kv policy; /* policy.KEY = VALUE: this section's overrides */
	/* derived */
	struct expect exp;
	struct suite_pattern pat[SUITE_MAX_PATTERNS];
	int npat;
	char **extra_argv;      /* qemu_args split */
	struct image_info img;
};

struct suite {
	char *path;             /* NULL when built from IMAGE arguments */
	char *name;
	char sha256[65];
	unsigned long interleave; /* [suite] interleave: boots per turn, 0 = in order */
	char *kind;             /* [suite] kind: whose analyses and policy (hardboot suite) */
	char *description;
	struct suite_kv policy; /* the [policy] group, raw */
	struct section *sec;
	int nsec;
};

/* Command-line overrides applied after the file (NULL/0 = not given). */
struct suite_overrides {
	unsigned long boots;
	const char *accel;
	const char *mode;
	double timeout;
	const char *qemu_args;   /* --qemu-args: replaces each section's qemu_args */
	const char *const *only; /* --section NAME, repeatable: keep these */
	int nonly;
};

int suite_load(struct suite *s, const char *path, const char *images_dir,
	       char *err, size_t errlen);
int suite_from_images(struct suite *s, char *const *images, int n,
		      const char *images_dir, char *err, size_t errlen);
int suite_apply(struct suite *s, const struct suite_overrides *o,
		char *err, size_t errlen);
void suite_free(struct suite *s);
/* The value of key in kv, or NULL. */
const char *suite_kv_get(const struct suite_kv *kv, const char *key);
void suite_kv_add(struct suite_kv *kv, const char *key, const char *val);
void suite_kv_free(struct suite_kv *kv);
/* Print the key table (for --help). */
void suite_print_keys(void);
/* Load from an in-memory buffer (fuzzing, tests). */
int suite_load_data(struct suite *s, const char *data, size_t len,
		    const char *name, const char *images_dir,
		    char *err, size_t errlen);

#endif
