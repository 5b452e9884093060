/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "results.h"
#include "version.h"

static int results_fail(char *err, size_t errlen, const char *what,
			const char *path, int e)
{
	snprintf(err, errlen, "%s %s: %s", what, path, strerror(e));
	return -e;
}

char *results_default_dir(void)
{
	char ts[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d-%H%M%S", &tm);
	return g_strdup_printf("results/%s-%d", ts, (int)getpid());
}

static int results_open_append(struct results *r, const char *name,
			       char *err, size_t errlen)
{
	char *path = g_build_filename(r->dir, name, NULL);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0)
		fd = results_fail(err, errlen, "open", path, errno);
	g_free(path);
	return fd;
}

/*
 * The directory is the run's: created here (its parents may exist), never
 * one that exists, so two runs cannot interleave their boot numbers in
 * one boots.jsonl.  mkdir() is atomic: of two runs racing for one -o, one
 * gets EEXIST.  The flock on the directory, held until results_close(),
 * tells readers and analyses that a run is still writing it.
 */
static int results_mkdir(const char *dir, int excl, char *err, size_t errlen)
{
	char *parent = g_path_get_dirname(dir);
	int rc = 0;

	if (g_mkdir_with_parents(parent, 0755))
		rc = results_fail(err, errlen, "results dir", dir, errno);
	else if (mkdir(dir, 0755) && (errno != EEXIST || excl)) {
		if (errno == EEXIST) {
			snprintf(err, errlen, "results dir %s exists: a run writes a "
				 "directory of its own (give another -o)", dir);
			rc = -EEXIST;
		} else {
			rc = results_fail(err, errlen, "results dir", dir, errno);
		}
	}
	g_free(parent);
	return rc;
}

int results_lock(const char *dir, int how, char *err, size_t errlen)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return results_fail(err, errlen, "open", dir, errno);
	if (flock(fd, how | LOCK_NB)) {
		int e = errno;

		close(fd);
		if (e == EWOULDBLOCK) {
			snprintf(err, errlen, "%s is being written by a run (locked): "
				 "wait for it to end", dir);
			return -EBUSY;
		}
		return results_fail(err, errlen, "flock", dir, e);
	}
	return fd;
}

/*
 * Room kept for the last run.json: on a full disk the boots' lines stop,
 * but the run must still say why it stopped and how many it kept.  The
 * reserve is freed just before that write (results_write_json, on ENOSPC).
 * A disk too small even for the reserve runs without one.
 */
#define RESULTS_RESERVE (64 * 1024)

static void results_reserve(struct results *r)
{
	char *path = g_build_filename(r->dir, ".reserve", NULL);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd >= 0 && !posix_fallocate(fd, 0, RESULTS_RESERVE))
		r->reserve = path;
	else {
		unlink(path);
		g_free(path);
	}
	if (fd >= 0)
		close(fd);
}

static int results_unreserve(struct results *r)
{
	if (!r->reserve)
		return 0;
	unlink(r->reserve);
	g_free(r->reserve);
	r->reserve = NULL;
	return 1;
}

int results_open(struct results *r, const char *dir, int excl, char *err, size_t errlen)
{
	char *cons;
	int fd;

	memset(r, 0, sizeof(*r));
	r->boots_fd = r->metrics_fd = r->lock_fd = -1;
	r->dir = g_strdup(dir);
	fd = results_mkdir(dir, excl, err, errlen);
	if (fd)
		return fd;
	if (access(dir, W_OK))
		return results_fail(err, errlen, "results dir", dir, errno);
	fd = results_lock(dir, LOCK_EX, err, errlen);
	if (fd < 0)
		return fd;
	r->lock_fd = fd;
	cons = g_build_filename(dir, "console", NULL);
	if (g_mkdir_with_parents(cons, 0755)) {
		int e = errno;

		results_fail(err, errlen, "results dir", cons, e);
		g_free(cons);
		return -e;
	}
	g_free(cons);
	fd = results_open_append(r, "boots.jsonl", err, errlen);
	if (fd < 0)
		return fd;
	r->boots_fd = fd;
	fd = results_open_append(r, "metrics.jsonl", err, errlen);
	if (fd < 0)
		return fd;
	r->metrics_fd = fd;
	results_reserve(r);
	return 0;
}

/*
 * One write() per line on an O_APPEND fd: a reader never sees half a
 * record from us.  If the disk fills mid-line, cut the file back to the last
 * whole line so the samples already measured stay parseable.
 */
int results_append(struct results *r, int fd, const char *name, json_t *o,
		   char *err, size_t errlen)
{
	char *s = json_dumps(o, JSON_COMPACT);
	size_t len;
	ssize_t n;

	if (!s) {
		snprintf(err, errlen, "%s/%s: json_dumps failed", r->dir, name);
		return -ENOMEM;
	}
	len = strlen(s);
	s[len++] = '\n'; /* overwrites the NUL; length is tracked */
	n = write(fd, s, len);
	free(s);
	if (n == (ssize_t)len) {
		r->lines++;
		return 0;
	}
	{
		int e = n < 0 ? errno : ENOSPC;
		char *path = g_build_filename(r->dir, name, NULL);

		/* O_APPEND left the offset after the n bytes that made it: cut
		 * them (the partial line), and nothing when none did. */
		if (n > 0) {
			off_t end = lseek(fd, 0, SEEK_CUR);

			if (end >= n && ftruncate(fd, end - n)) {
				/* nothing better to do: the error below names the file */
			}
		}
		results_fail(err, errlen, "write", path, e);
		g_free(path);
		return -e;
	}
}

int results_write_json(struct results *r, const char *name, json_t *o,
		       char *err, size_t errlen)
{
	char *path = g_build_filename(r->dir, name, NULL);
	char *tmp = g_strdup_printf("%s.tmp", path);
	int rc = 0, bad;

	errno = 0;
	bad = json_dump_file(o, tmp, JSON_INDENT(2) | JSON_SORT_KEYS);
	/* a full disk (jansson may leave errno at the fclose's): the reserve is for this */
	if (bad && results_unreserve(r)) {
		unlink(tmp);
		errno = 0;
		bad = json_dump_file(o, tmp, JSON_INDENT(2) | JSON_SORT_KEYS);
	}
	if (bad) {
		rc = results_fail(err, errlen, "write", tmp, errno ? errno : EIO);
		unlink(tmp);
	} else if (rename(tmp, path)) {
		rc = results_fail(err, errlen, "rename", path, errno);
	}
	g_free(tmp);
	g_free(path);
	return rc;
}

int results_open_file(struct results *r, const char *rel, char *err, size_t errlen)
{
	char *path = g_build_filename(r->dir, rel, NULL);
	char *dir = g_path_get_dirname(path);
	int fd;

	if (g_mkdir_with_parents(dir, 0755))
		fd = results_fail(err, errlen, "mkdir", dir, errno);
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		fd = results_fail(err, errlen, "open", path, errno);
	g_free(dir);
	g_free(path);
	return fd;
}

void results_close(struct results *r)
{
	if (r->boots_fd >= 0)
		close(r->boots_fd);
	if (r->metrics_fd >= 0)
		close(r->metrics_fd);
	results_unreserve(r);
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	g_free(r->dir);
	memset(r, 0, sizeof(*r));
	r->boots_fd = r->metrics_fd = r->lock_fd = -1;
}

/*
 * A boot record of a schema this hardboot does not know is refused, not
 * read by guesswork (docs/results.md): "v" on every line of boots.jsonl.
 */
static int results_line_schema(const char *name, json_t *o, char *why, size_t n)
{
	json_t *v;

	if (strcmp(name, "boots.jsonl"))
		return 0;
	v = json_object_get(o, "v");
	if (json_is_integer(v) && json_integer_value(v) == HB_RESULTS_SCHEMA)
		return 0;
	if (!json_is_integer(v))
		snprintf(why, n, "boot record without a schema version \"v\" (this hardboot reads %d)",
			 HB_RESULTS_SCHEMA);
	else
		snprintf(why, n, "boot record schema %lld, this hardboot reads %d",
			 (long long)json_integer_value(v), HB_RESULTS_SCHEMA);
	return -EINVAL;
}

int results_each_line(const char *dir, const char *name, int missing_ok,
		      results_line_fn fn, void *ctx, char *err, size_t errlen)
{
	char *path = g_build_filename(dir, name, NULL);
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	unsigned long no = 0;
	ssize_t len;
	int rc = 0;

	if (!f) {
		rc = missing_ok && errno == ENOENT ? 0 : -errno;
		if (rc)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		g_free(path);
		return rc;
	}
	while (!rc && (len = getline(&line, &cap, f)) > 0) {
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		char why[256] = "";

		no++;
		/* A last line without its newline is one a killed runner was
		 * writing: the boots before it are whole, so say so and go on. */
		if (!o && line[len - 1] != '\n') {
			fprintf(stderr, "hardboot: warning: %s:%lu: torn last line (%zd bytes, "
				"no newline; a run killed mid-write?) skipped\n", path, no, len);
			break;
		}
		if (!o) {
			snprintf(err, errlen, "%s:%lu: %s", path, no, je.text);
			rc = -EINVAL;
			break;
		}
		rc = results_line_schema(name, o, why, sizeof(why));
		if (!rc)
			rc = fn(o, ctx, why, sizeof(why));
		json_decref(o);
		if (rc == -EINVAL)
			snprintf(err, errlen, "%s:%lu: %s", path, no, why);
		else if (rc)
			snprintf(err, errlen, "%s", why);
	}
	/* getline says -1 for a read error too: a results file that cannot be
	 * read must not pass for a short one. */
	if (!rc && ferror(f)) {
		rc = -(errno ? errno : EIO);
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	}
	free(line);
	fclose(f);
	g_free(path);
	return rc;
}

int results_append_records(const char *path, json_t *records, char *err, size_t errlen)
{
	struct results r = { .boots_fd = -1, .metrics_fd = -1, .lock_fd = -1 };
	char *name = g_path_get_basename(path);
	size_t i;
	json_t *m;
	int fd, rc = 0;

	r.dir = g_path_get_dirname(path);
	fd = results_open_append(&r, name, err, errlen);
	json_array_foreach(records, i, m) {
		if (fd < 0 || rc)
			break;
		rc = results_append(&r, fd, name, m, err, errlen);
	}
	if (fd >= 0)
		close(fd);
	g_free(r.dir);
	g_free(name);
	return fd < 0 ? fd : rc;
}

struct results_keep {
	const char *by;
	GString *out;
};

static int results_keep_line(json_t *rec, void *ctx, char *why, size_t n)
{
	struct results_keep *k = ctx;
	const char *by = json_string_value(json_object_get(rec, "stated_by"));
	char *line;

	(void)why;
	(void)n;
	if (by && !strcmp(by, k->by))
		return 0;
	line = json_dumps(rec, JSON_COMPACT);
	g_string_append_printf(k->out, "%s\n", line);
	free(line);
	return 0;
}

int results_replace_records(const char *dir, const char *name, const char *by,
			    json_t *records, char *err, size_t errlen)
{
	struct results_keep k = { by, g_string_new(NULL) };
	char *path = g_build_filename(dir, name, NULL);
	char *tmp = g_strdup_printf("%s.tmp", path);
	size_t i;
	json_t *r;
	int rc = results_each_line(dir, name, 1, results_keep_line, &k, err, errlen);

	json_array_foreach(records, i, r) {
		char *line;

		json_object_set_new(r, "stated_by", json_string(by));
		line = json_dumps(r, JSON_COMPACT);
		g_string_append_printf(k.out, "%s\n", line);
		free(line);
	}
	/* whole file or nothing: a full disk leaves the old one in place */
	if (!rc) {
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		ssize_t w = fd < 0 ? -1 : write(fd, k.out->str, k.out->len);

		if (fd < 0)
			rc = results_fail(err, errlen, "open", tmp, errno);
		else if (w != (ssize_t)k.out->len || fsync(fd))
			rc = results_fail(err, errlen, "write", tmp, w < 0 ? errno : ENOSPC);
		if (fd >= 0 && close(fd) && !rc)
			rc = results_fail(err, errlen, "close", tmp, errno);
		if (!rc && rename(tmp, path))
			rc = results_fail(err, errlen, "rename", path, errno);
		if (rc)
			unlink(tmp);
	}
	g_string_free(k.out, TRUE);
	g_free(tmp);
	g_free(path);
	return rc;
}

int results_run_json(const char *dir, json_t **run, char *err, size_t errlen)
{
	char *path = g_build_filename(dir, "run.json", NULL);
	json_error_t je;
	json_t *v;
	int fd = results_lock(dir, LOCK_SH, err, errlen);

	*run = NULL;
	if (fd < 0) {
		g_free(path);
		return fd;
	}
	close(fd);
	if (access(path, F_OK) && errno == ENOENT) {
		g_free(path);
		return 0;
	}
	*run = json_load_file(path, 0, &je);
	if (!*run) {
		snprintf(err, errlen, "%s: %s", path, je.text);
		g_free(path);
		return -EINVAL;
	}
	v = json_object_get(*run, "schema");
	if (!json_is_integer(v) || json_integer_value(v) != HB_RESULTS_SCHEMA) {
		if (json_is_integer(v))
			snprintf(err, errlen, "%s: schema %lld, this hardboot reads %d", path,
				 (long long)json_integer_value(v), HB_RESULTS_SCHEMA);
		else
			snprintf(err, errlen, "%s: no schema version (this hardboot reads %d)",
				 path, HB_RESULTS_SCHEMA);
		json_decref(*run);
		*run = NULL;
		g_free(path);
		return -EINVAL;
	}
	g_free(path);
	return 0;
}
