/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Images: a name from images/build/manifest.json, or a path to any ELF file
 * (a foreign unikernel).  The manifest says how the image boots and exits;
 * a foreign ELF gets protocol defaults that a suite section may override.
 */
#ifndef HB_RUNNER_IMAGE_H
#define HB_RUNNER_IMAGE_H

#include <jansson.h>
#include <stddef.h>

#include "arch.h"

struct image_info {
	char *name;
	char *path;
	char *boot;          /* pvh | multiboot */
	const struct arch_desc *arch; /* manifest "arch", else the ELF's machine */
	int protocol;        /* 1 = speaks HB1, 0 = foreign (patterns) */
	int own;             /* one of ours (manifest, HB1): all five phase marks,
	                        and it obeys exit= on its command line */
	char *machine;       /* default machine */
	char *cpu;           /* default -cpu model */
	unsigned long memory;/* default MiB */
	unsigned exit_port;  /* isa-debug-exit port */
	int exit_ok;         /* QEMU status for a passing guest */
	int exit_fail;       /* QEMU status for a failing guest */
	char sha256[65];
	json_t *entry;       /* manifest entry (claims, patterns), or NULL */
};

int image_resolve(struct image_info *img, const char *spec,
		  const char *base_dir, const char *images_dir,
		  char *err, size_t errlen);
void image_free(struct image_info *img);
/* Default images directory: $HARDBOOT_IMAGES, else images/build of the
 * binary's source tree, else PREFIX/share/hardboot/images of an installed
 * binary, else ./images/build. */
const char *image_default_dir(void);
/* The suite files: suites/ of the source tree or PREFIX/share/hardboot/suites. */
const char *image_suites_dir(void);
int image_sha256(const char *path, char out[65]);

#endif
