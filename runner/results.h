/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The results directory (docs/results.md): boots.jsonl appended one whole
 * line per finished boot, metrics.jsonl, run.json rewritten atomically,
 * console/ logs.  A failed write never leaves a torn line behind.
 */
#ifndef HB_RUNNER_RESULTS_H
#define HB_RUNNER_RESULTS_H

#include <jansson.h>
#include <stddef.h>

#define RESULTS_SCHEMA 1

struct results {
	char *dir;
	int boots_fd;
	int metrics_fd;
	int lock_fd;             /* flock on dir while the run writes it */
	char *reserve;           /* room kept for the last run.json (a full disk) */
	unsigned long lines;
};

/* Create dir (its parents if need be), lock it and open the append files.
 * excl: dir must not exist (-EEXIST naming it); else it may (a suite's
 * folder that holds its plan.json). */
int results_open(struct results *r, const char *dir, int excl, char *err, size_t errlen);
/* flock(how) dir without waiting: the fd to close, -EBUSY (err says a run
 * writes it) or -errno. */
int results_lock(const char *dir, int how, char *err, size_t errlen);
/* Append o as one line to fd; -errno and err naming the file on failure. */
int results_append(struct results *r, int fd, const char *name, json_t *o,
		   char *err, size_t errlen);
/* Append each record of the array to the JSON-lines file at path (a
 * metrics file), as results_append does: whole lines or none. */
int results_append_records(const char *path, json_t *records, char *err, size_t errlen);
/* Write dir/name atomically (tmp + rename). */
int results_write_json(struct results *r, const char *name, json_t *o,
		       char *err, size_t errlen);
/* Open dir/rel for writing, creating parent directories. */
int results_open_file(struct results *r, const char *rel, char *err, size_t errlen);
void results_close(struct results *r);
/*
 * Read dir/name (boots.jsonl, metrics.jsonl) a JSON line at a time and
 * hand each record to fn, which borrows it.  fn returns 0, -EINVAL with
 * why saying what is wrong with the record (err then names file and line),
 * or another -errno with why naming the failing call.  A missing file is
 * empty when missing_ok, else an error like an unreadable one.
 */
typedef int (*results_line_fn)(json_t *rec, void *ctx, char *why, size_t n);
int results_each_line(const char *dir, const char *name, int missing_ok,
		      results_line_fn fn, void *ctx, char *err, size_t errlen);
/* Rewrite dir/name (a metrics file) atomically: the records stated_by
 * 'by' before are replaced by these (each gets stated_by = by), the
 * others kept.  For analyses run again on the same boots. */
int results_replace_records(const char *dir, const char *name, const char *by,
			    json_t *records, char *err, size_t errlen);
/* dir/run.json read for a reader: refused while a run holds the lock
 * (-EBUSY), if unparseable or of another schema (-EINVAL); *run NULL and
 * 0 when there is none. */
int results_run_json(const char *dir, json_t **run, char *err, size_t errlen);
/* results/<UTC date-time>-<pid> */
char *results_default_dir(void);

#endif
