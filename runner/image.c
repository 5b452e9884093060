/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardboot/proto.h"
#include "image.h"

/*
 * Where the program's data lives, relative to the binary: in the source
 * tree (build/hardboot, build/asan/hardboot: TREE under the top) or
 * installed by `make install` (PREFIX/bin/hardboot: PREFIX/share/hardboot/
 * INSTALLED).  NULL if neither exists.
 */
static const char *image_datadir(char *dir, size_t n, const char *tree,
				 const char *installed)
{
	char exe[PATH_MAX], *slash;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *const fmt[] = { "%s/../%s", "%s/../../%s", "%s/../share/hardboot/%s" };

	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (size_t i = 0; i < G_N_ELEMENTS(fmt); i++) {
		char *real;

		snprintf(dir, n, fmt[i], exe, i < 2 ? tree : installed);
		real = realpath(dir, NULL);
		if (real) {
			snprintf(dir, n, "%s", real);
			free(real);
			return dir;
		}
	}
	return NULL;
}

const char *image_default_dir(void)
{
	static char dir[PATH_MAX + 64];
	const char *env = getenv("HARDBOOT_IMAGES");
	const char *d;

	if (env && *env)
		return env;
	d = image_datadir(dir, sizeof(dir), "images/build", "images");
	return d ? d : "images/build";
}

const char *image_suites_dir(void)
{
	static char dir[PATH_MAX + 64];
	const char *d = image_datadir(dir, sizeof(dir), "suites", "suites");

	return d ? d : "suites";
}

int image_sha256(const char *path, char out[65])
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	unsigned char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		g_checksum_free(ck);
		return -errno;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		g_checksum_update(ck, buf, (gssize)n);
	close(fd);
	if (n < 0) {
		g_checksum_free(ck);
		return -EIO;
	}
	snprintf(out, 65, "%s", g_checksum_get_string(ck));
	g_checksum_free(ck);
	return 0;
}

/* An image must be an ELF of a guest architecture (arch.c): QEMU's -kernel
 * would otherwise try to boot it as a Linux kernel and fail with a message
 * that names nothing.  Sets img->arch when the manifest did not, and
 * refuses a manifest whose arch disagrees with the file. */
static int image_check_elf(struct image_info *img, char *err, size_t errlen)
{
	const char *path = img->path;
	const struct arch_desc *a;
	unsigned char h[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		int e = errno;

		snprintf(err, errlen, "image %s: %s", path, strerror(e));
		return -e;
	}
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4)) {
		snprintf(err, errlen, "image %s: not an ELF file", path);
		return -ENOEXEC;
	}
	a = arch_by_elf((unsigned)h[18] | (unsigned)h[19] << 8);
	if (!a) {
		snprintf(err, errlen, "image %s: ELF for machine %u, not x86_64 or arm64",
			 path, (unsigned)h[18] | (unsigned)h[19] << 8);
		return -ENOEXEC;
	}
	if (img->arch && img->arch != a) {
		snprintf(err, errlen, "image %s: ELF for %s, the manifest says %s",
			 path, a->name, img->arch->name);
		return -ENOEXEC;
	}
	if (!img->arch) {
		img->arch = a;
		if (!img->machine)
			img->machine = g_strdup(a->machine);
	}
	return 0;
}

static char *image_json_str(json_t *o, const char *key, const char *def)
{
	const char *v = json_string_value(json_object_get(o, key));

	return g_strdup(v ? v : def);
}

static void image_from_entry(struct image_info *img, json_t *e)
{
	json_t *ex = json_object_get(e, "exit");
	json_t *machines = json_object_get(e, "machines");
	const char *proto = json_string_value(json_object_get(e, "protocol"));
	const char *port = json_string_value(json_object_get(ex, "port"));
	json_int_t mem = json_integer_value(json_object_get(e, "memory_mib"));

	img->entry = json_incref(e);
	if (json_string_value(json_object_get(e, "arch")))
		img->arch = arch_by_name(json_string_value(json_object_get(e, "arch")));
	g_free(img->name);
	img->name = image_json_str(e, "name", img->name);
	img->boot = image_json_str(e, "boot", "pvh");
	img->protocol = !(proto && !strcmp(proto, "none"));
	img->own = img->protocol;
	img->machine = g_strdup(json_is_array(machines) ?
		json_string_value(json_array_get(machines, 0)) : NULL);
	img->cpu = image_json_str(e, "cpu", "max");
	if (mem > 0)
		img->memory = (unsigned long)mem;
	if (port)
		img->exit_port = (unsigned)strtoul(port, NULL, 0);
	if (json_is_integer(json_object_get(ex, "pass")))
		img->exit_ok = (int)json_integer_value(json_object_get(ex, "pass"));
	if (json_is_integer(json_object_get(ex, "ok")))
		img->exit_ok = (int)json_integer_value(json_object_get(ex, "ok"));
	if (json_is_integer(json_object_get(ex, "fail")))
		img->exit_fail = (int)json_integer_value(json_object_get(ex, "fail"));
	if (json_is_integer(json_object_get(ex, "crash")))
		img->exit_fail = (int)json_integer_value(json_object_get(ex, "crash"));
}

static json_t *image_manifest_find(json_t *man, const char *name,
				   const char *file)
{
	json_t *imgs = json_object_get(man, "images"), *e;
	size_t i;

	json_array_foreach(imgs, i, e) {
		const char *n = json_string_value(json_object_get(e, "name"));
		const char *f = json_string_value(json_object_get(e, "file"));

		if ((name && n && !strcmp(n, name)) ||
		    (file && f && !strcmp(f, file)))
			return e;
	}
	return NULL;
}

static void image_defaults(struct image_info *img)
{
	img->protocol = 1;
	img->memory = 16;
	img->exit_port = HB_DEBUG_EXIT_PORT;
	img->exit_ok = (HB_EXIT_PASS << 1) | 1;
	img->exit_fail = (HB_EXIT_FAIL << 1) | 1;
}

/*
 * spec is a manifest name ("hardened") or a path.  Paths are relative to
 * base_dir (the suite file's directory) unless absolute.
 */
int image_resolve(struct image_info *img, const char *spec,
		  const char *base_dir, const char *images_dir,
		  char *err, size_t errlen)
{
	char *manpath = g_build_filename(images_dir, "manifest.json", NULL);
	json_t *man = json_load_file(manpath, 0, NULL), *e = NULL;
	int is_path = strchr(spec, '/') || g_str_has_suffix(spec, ".elf");
	int rc;

	memset(img, 0, sizeof(*img));
	image_defaults(img);
	if (is_path) {
		img->path = g_path_is_absolute(spec) || !base_dir ?
			g_strdup(spec) : g_build_filename(base_dir, spec, NULL);
		img->name = g_path_get_basename(spec);
		if (g_str_has_suffix(img->name, ".elf"))
			img->name[strlen(img->name) - 4] = '\0';
		if (man) {
			char *base = g_path_get_basename(spec);
			char *dir = g_path_get_dirname(img->path);
			char *rdir = realpath(dir, NULL), *rimg = realpath(images_dir, NULL);

			/* Use the manifest only for the manifest's own files. */
			if (rdir && rimg && !strcmp(rdir, rimg))
				e = image_manifest_find(man, NULL, base);
			free(rdir);
			free(rimg);
			g_free(dir);
			g_free(base);
		}
	} else {
		if (!man) {
			snprintf(err, errlen,
				 "image %s: no manifest %s (run 'make images')",
				 spec, manpath);
			g_free(manpath);
			return -ENOENT;
		}
		e = image_manifest_find(man, spec, NULL);
		if (!e) {
			snprintf(err, errlen, "image %s: not in %s", spec, manpath);
			json_decref(man);
			g_free(manpath);
			return -ENOENT;
		}
		img->name = g_strdup(spec);
		img->path = g_build_filename(images_dir,
			json_string_value(json_object_get(e, "file")), NULL);
	}
	{
		/* Absolute, so run.json and repro lines work from any directory. */
		char *abs = realpath(img->path, NULL);

		if (abs) {
			g_free(img->path);
			img->path = g_strdup(abs);
			free(abs);
		}
	}
	if (e)
		image_from_entry(img, e);
	json_decref(man);
	g_free(manpath);
	rc = image_check_elf(img, err, errlen);
	if (!img->boot)
		img->boot = g_strdup("pvh");
	if (!img->machine)
		img->machine = g_strdup(img->arch ? img->arch->machine : "microvm");
	if (!img->cpu)
		img->cpu = g_strdup("max");
	if (!rc && image_sha256(img->path, img->sha256))
		rc = -EIO;
	return rc;
}

void image_free(struct image_info *img)
{
	g_free(img->name);
	g_free(img->path);
	g_free(img->boot);
	g_free(img->machine);
	g_free(img->cpu);
	json_decref(img->entry);
	memset(img, 0, sizeof(*img));
}
