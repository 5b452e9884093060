/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "perf.h"
#include "inspect.h"
#include "pagewalk.h"
#include "qemulog.h"
#include "qmp.h"
#include "ring.h"

#define ENGINE_CONSOLE_CAP (4u << 20) /* console bytes kept per QEMU */

/* Where a bulk boot is: waiting for its ring record, moving bytes, after
 * the last byte (done and QEMU's exit to come), or cut short. */
enum vm_bulk_phase { BULK_BOOTING, BULK_STREAMING, BULK_FINISHING, BULK_OVER };

struct vm {
	int active;
	int slot;
	struct sec_run *sr;
	struct engine_job job;
	unsigned long next;       /* boots of the job started so far */
	struct qemu_proc proc;
	int out_eof, err_eof, exited, status;
	int in_boot;              /* b holds a boot in progress */
	struct boot b;
	char last_line[96];       /* the boot's last non-empty console line */
	/* Warm: the boot that reached done, written once the guest is back
	 * (its next start record), so that a reset that fails is charged to
	 * the boot that asked for it, not to a next boot that never began. */
	int has_held;
	/* Warm boundaries.  Guest resets: start records read in this QEMU,
	 * each after the first to be covered by a QMP RESET event.  QMP
	 * resets: the guest is stopped at done and reset once every byte it
	 * wrote before is read (vm_reset_when_drained). */
	unsigned long starts;
	int reset_pending;
	struct boot held;
	enum boot_outcome held_oc;
	int64_t held_end;
	uint64_t held_console_end;
	struct proto_splitter sp;
	int64_t deadline;
	int timed_out, draining;
	char kill_reason[200];
	int console_fd;
	char console_rel[128];
	uint64_t console_len;
	char cbuf[16384];
	size_t cbuf_len;
	struct perf_set perf;
	char qmp_path[108];
	char gdb_path[108];       /* arm64 inspection: QEMU's gdbstub */
	struct qmp qmp;
	char int_path[128];       /* trace = exceptions: QEMU's -d int log */
	int qmp_up;
	int inspected;            /* registers read for this boot */
	int mem_fd;               /* inspect=regs,pagetables or bulk: guest RAM file */
	char mem_path[128];
	/* bulk mode: the ring record, then the ring */
	struct engine_bulk *bulk;
	enum vm_bulk_phase phase;
	int ring_seen, ring_bad;  /* ring record(s), read but not acted on yet */
	uint64_t ring_addr, ring_size;
	struct ring_reader ring;
	long ring_wait;           /* ring_round()'s wait for the next round */
	int64_t bulk_deadline;    /* the boot's own timeout; 0: none */
};

struct engine_loop {
	struct engine *e;
	int ep, sfd;
	sigset_t oldmask;         /* the caller's, back at engine_close() */
	struct vm *vms;
	GQueue jobs;
	int closing;              /* engine_close(): what ends now is no sample */
	int64_t last_progress;
	int64_t last_wake;
	struct pollfd *pfd;       /* a wait on more than epoll: see loop_wait() */
	int pfd_cap;
};

/* epoll user data: a VM's slot and which of its descriptors; the
 * signalfd is TAG_SIG */
#define TAG_SIG UINT64_MAX
enum { ENGINE_FD_SERIAL, ENGINE_FD_STDERR, ENGINE_NFDS };
#define ENGINE_TAG(slot, fd) ((uint64_t)(slot) * ENGINE_NFDS + (fd))

int64_t engine_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void engine_infra(struct engine *e, const char *msg)
{
	if (!e->infra)
		snprintf(e->infra_err, sizeof(e->infra_err), "%s", msg);
	e->infra = 1;
}

static void vm_kill(struct vm *vm, const char *why)
{
	if (why && !vm->kill_reason[0])
		snprintf(vm->kill_reason, sizeof(vm->kill_reason), "%s", why);
	if (vm->proc.pid > 0 && !vm->exited)
		kill(-vm->proc.pid, SIGKILL); /* the whole process group */
}

static uint64_t vm_console_pos(const struct vm *vm);
static void vm_console_flush(struct engine_loop *l, struct vm *vm);

/* ---- writing a finished boot ---------------------------------------- */

/* Count a boot.  A boot is a failure of the run when it is not what its
 * section expects: a broken twin failing its own check is not one (its
 * first such boot is kept as the evidence), a twin that passes is. */
static void engine_count(struct engine *e, struct sec_run *sr, json_t *o,
			 enum boot_outcome oc, unsigned long no, int ok, const char *why)
{
	const char *reason = json_string_value(json_object_get(o, "reason"));

	sr->count[oc]++;
	sr->finished++;
	e->finished++;
	if (ok) {
		sr->designed += oc != BOOT_PASS;
		if (oc != BOOT_PASS && !sr->evidence[0])
			snprintf(sr->evidence, sizeof(sr->evidence), "boot %lu: %s%s%s",
				 no, boot_outcome_names[oc], reason ? ": " : "",
				 reason ? reason : "");
		return;
	}
	sr->unexpected++;
	e->failed++;
	if (sr->nfails < ENGINE_MAX_FAILS) {
		struct sec_fail *f = &sr->fails[sr->nfails++];

		f->boot = no;
		f->oc = oc;
		snprintf(f->reason, sizeof(f->reason), "%s",
			 expect_failure(&sr->sec->exp) ? why : reason ? reason : "");
	}
}

/* Write one boot: vm->b, finished now, or vm->held, which reached done
 * earlier and whose console ends where its done line did. */
static void vm_write_boot(struct engine_loop *l, struct vm *vm, struct boot *b,
			  enum boot_outcome oc, const char *reason, int64_t now,
			  uint64_t console_end)
{
	struct engine *e = l->e;
	struct sec_run *sr = vm->sr;
	json_t *o;
	unsigned long no = b->no;
	char why[200];
	int ok;

	vm_console_flush(l, vm);
	/* The host failed (a full disk, say): this boot and those after it are
	 * no sample and nothing the guest did; the run stops with the reason. */
	if (e->infra) {
		boot_discard(b);
		return;
	}
	o = boot_finish(b, &oc, reason, now);
	json_object_set_new(o, "accel", json_string(sr->accel));
	json_object_set_new(o, "mode", json_string(sr->warm ? "warm" : "cold"));
	json_object_set_new(o, "worker", json_integer(vm->slot));
	/* Boots this QEMU ran before this one: warm-up is per process. */
	json_object_set_new(o, "seq", json_integer((json_int_t)(no - vm->job.first)));
	if (!sr->warm && vm->exited) {
		if (WIFEXITED(vm->status))
			json_object_set_new(o, "exit", json_integer(WEXITSTATUS(vm->status)));
		else if (WIFSIGNALED(vm->status))
			json_object_set_new(o, "signal", json_integer(WTERMSIG(vm->status)));
	}
	if (vm->console_fd >= 0)
		json_object_set_new(o, "console", json_pack("{s:s,s:I,s:I}",
			"file", vm->console_rel,
			"offset", (json_int_t)b->console_off,
			"length", (json_int_t)(console_end - b->console_off)));
	/* Warm boots share one QEMU: its counters cover the reset too. */
	json_object_set_new(o, "perf", perf_json(&vm->perf));
	/* The line that shows it again: a warm boot's failure may need the
	 * boots before it in the same QEMU (seq says how many). */
	if (oc != BOOT_PASS)
		json_object_set_new(o, "repro", json_string(sr->warm && sr->warm_repro ?
							    sr->warm_repro : sr->repro));
	ok = expect_boot(&sr->sec->exp, o, why, sizeof(why));
	json_object_set_new(o, "as_expected", json_boolean(ok));
	/* Counted once its line is kept: the totals equal the lines. */
	if (e->res) {
		char err[512];

		if (results_append(e->res, e->res->boots_fd, "boots.jsonl", o,
				   err, sizeof(err))) {
			engine_infra(e, err);
			json_decref(o);
			return;
		}
	}
	engine_count(e, sr, o, oc, no, ok, why);
	if (e->on_boot)
		e->on_boot(e, sr, o);
	json_decref(o);
	if (sr->finished == sr->queued && e->on_section) {
		sr->t_end = now;
		e->on_section(e, sr);
	}
}

static uint64_t vm_console_pos(const struct vm *vm);

/* The boot in progress is over.  Ctrl-C: an unfinished boot is no sample.
 * Nor is one the client gave up on (engine_close() with QEMUs running). */
static void vm_finish_boot(struct engine_loop *l, struct vm *vm, enum boot_outcome oc,
			   const char *reason, int64_t now)
{
	vm->in_boot = 0;
	if (l->e->interrupted || l->e->infra || l->closing) {
		vm_console_flush(l, vm);
		boot_discard(&vm->b);
		return;
	}
	vm_write_boot(l, vm, &vm->b, oc, reason, now, vm_console_pos(vm));
}

/* Warm: the boot reached done; keep it until the guest is back. */
static void vm_hold_boot(struct vm *vm, enum boot_outcome oc, int64_t now)
{
	vm->held = vm->b;
	vm->b.o = NULL;
	vm->has_held = 1;
	vm->held_oc = oc;
	vm->held_end = now;
	vm->held_console_end = vm_console_pos(vm);
	vm->in_boot = 0;
}

/* Write the held boot: as it ended (reason NULL), or charged with what
 * went wrong after its done line, in the reset it asked for. */
static void vm_release_held(struct engine_loop *l, struct vm *vm, enum boot_outcome oc,
			    const char *reason)
{
	if (!vm->has_held)
		return;
	vm->has_held = 0;
	vm_write_boot(l, vm, &vm->held, reason ? oc : vm->held_oc, reason,
		      vm->held_end, vm->held_console_end);
}

/* Console offset of the byte after the last complete line. */
static uint64_t vm_console_pos(const struct vm *vm)
{
	return vm->sp.consumed < ENGINE_CONSOLE_CAP ? vm->sp.consumed : ENGINE_CONSOLE_CAP;
}

/* A console line as a reason can quote it: printable ASCII, cut short. */
static void vm_keep_line(char *dst, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < n; i++)
		dst[i] = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' ? s[i] : '?';
	dst[i] = '\0';
}

static void vm_begin_boot(struct vm *vm, int64_t now)
{
	unsigned long no = vm->job.first + vm->next++;

	boot_begin(&vm->b, vm->sr->sec, no, now, vm_console_pos(vm));
	vm->in_boot = 1;
	vm->inspected = 0;
	vm->last_line[0] = '\0';
	vm->deadline = now + (int64_t)(vm->sr->sec->timeout * 1e9);
}

/* ---- bulk mode: the ring moved out by the loop -------------------------- */

static void vm_memfile_drop(struct vm *vm);

/* The lines the guest prints, as `hardboot stream` needs them. */
static int vm_bulk_line(struct vm *vm, char *line, int64_t now)
{
	struct engine_bulk *b = vm->bulk;
	struct proto_rec rec;
	char copy[sizeof(b->late)];

	if (vm->phase == BULK_OVER)
		return 0; /* cut short: the facts are those of that moment */
	snprintf(copy, sizeof(copy), "%s", line);
	/* The contract: nothing between the ring record and the last byte. */
	if (vm->ring_seen && !b->complete && !b->late[0])
		snprintf(b->late, sizeof(b->late), "%s", copy);
	if (proto_parse(line, &rec) <= 0) {
		if (copy[0])
			snprintf(b->last_text, sizeof(b->last_text), "%s", copy);
		return 0;
	}
	switch (rec.kind) {
	case PROTO_CPU:
		if (proto_get(&rec, "src"))
			snprintf(b->seed_src, sizeof(b->seed_src), "%s",
				 proto_get(&rec, "src"));
		break;
	case PROTO_RING:
		if (vm->ring_seen) {
			vm->ring_bad = 1; /* a second ring: which one is real? */
			break;
		}
		vm->ring_seen = 1;
		b->t_ring = now;
		if (proto_get_u64(&rec, "addr", &vm->ring_addr) ||
		    proto_get_u64(&rec, "size", &vm->ring_size) ||
		    proto_get_u64(&rec, "len", &b->len))
			vm->ring_bad = 1;
		snprintf(b->last_text, sizeof(b->last_text), "%s", copy);
		break;
	case PROTO_CHECK:
		/* Which in-guest check failed (kat=fail) is worth a line. */
		for (int i = 0; i < rec.nfields; i++) {
			size_t used = strlen(b->checks);

			if (strcmp(rec.f[i].val, "pass"))
				snprintf(b->checks + used, sizeof(b->checks) - used,
					 "%s%s=%s", used ? " " : "", rec.f[i].key,
					 rec.f[i].val);
		}
		break;
	case PROTO_DONE:
		b->done = 1;
		snprintf(b->done_st, sizeof(b->done_st), "%s",
			 proto_get(&rec, "st") ? proto_get(&rec, "st") : "?");
		break;
	default:
		break;
	}
	return 0;
}

/*
 * The boot is cut short: the first cause is kept and QEMU killed, except
 * when it has ended by itself; then it gets a second to be reaped, so
 * that its own exit status is what the verdict names, not our SIGKILL.
 */
__attribute__((format(printf, 4, 5)))
static void vm_bulk_stop(struct vm *vm, enum engine_bulk_end end, int rc,
			 const char *fmt, ...)
{
	struct engine_bulk *b = vm->bulk;
	va_list ap;

	if (vm->phase == BULK_STREAMING)
		b->moved = ring_moved(&vm->ring);
	vm->phase = BULK_OVER;
	vm->deadline = 0;
	if (b->end == ENGINE_BULK_OK) {
		b->end = end;
		b->rc = rc;
		va_start(ap, fmt);
		vsnprintf(b->err, sizeof(b->err), fmt, ap);
		va_end(ap);
	}
	if (end == ENGINE_BULK_ENDED && !vm->exited)
		vm->deadline = engine_now() + 1000000000;
	else
		vm_kill(vm, NULL);
}

/* What, other than the guest's records, says the boot is over, in the
 * order it is named: a signal, the boot's timeout, QEMU's fatal line, and
 * QEMU gone (its serial port closed or its exit). */
static enum engine_bulk_end vm_bulk_stopping(const struct engine_loop *l,
					     const struct vm *vm, int64_t now)
{
	if (l->e->interrupted)
		return ENGINE_BULK_SIGNAL;
	if (vm->bulk_deadline && now >= vm->bulk_deadline)
		return ENGINE_BULK_DEADLINE;
	if (vm->proc.fatal[0])
		return ENGINE_BULK_FATAL;
	if (vm->out_eof || vm->exited)
		return ENGINE_BULK_ENDED;
	return ENGINE_BULK_OK;
}

static void vm_bulk_stop_by(struct vm *vm, enum engine_bulk_end end)
{
	vm_bulk_stop(vm, end, 0, "%s", end == ENGINE_BULK_FATAL ? vm->proc.fatal : "");
}

/* The ring record was read: check it against bulk=, map the ring, and
 * drop the file's name (QEMU and we hold it open now). */
static void vm_bulk_open(struct vm *vm)
{
	struct engine_bulk *b = vm->bulk;
	int rc;

	if (vm->ring_bad) {
		vm_bulk_stop(vm, ENGINE_BULK_RING_BAD, -EPROTO, "%s", b->last_text);
		return;
	}
	if (b->len != b->bytes) {
		vm_bulk_stop(vm, ENGINE_BULK_RING_LEN, -EPROTO, "len=%llu",
			     (unsigned long long)b->len);
		return;
	}
	/* the ring record names a guest-physical address; the memory-backend
	 * file starts at the architecture's first RAM byte (arm64: 1 GiB) */
	if (vm->ring_addr < vm->sr->sec->img.arch->ram_base) {
		vm_bulk_stop(vm, ENGINE_BULK_RING_BAD, -EPROTO,
			     "ring addr=%llx below %s RAM at %llx",
			     (unsigned long long)vm->ring_addr, vm->sr->sec->img.arch->name,
			     (unsigned long long)vm->sr->sec->img.arch->ram_base);
		return;
	}
	rc = ring_open(&vm->ring, vm->mem_path,
		       vm->ring_addr - vm->sr->sec->img.arch->ram_base,
		       vm->ring_size, b->len);
	if (rc) {
		vm_bulk_stop(vm, ENGINE_BULK_RING_OPEN, rc, "%s", vm->ring.err);
		return;
	}
	vm_memfile_drop(vm);
	b->ring = 1;
	vm->phase = BULK_STREAMING;
	vm->deadline = 0; /* the stall clock is ring_round()'s */
}

/* All len bytes are out; done and QEMU's exit must follow within the
 * image timeout. */
static void vm_bulk_complete(struct vm *vm, int64_t now)
{
	vm->bulk->complete = 1;
	vm->bulk->t_end = now;
	vm->bulk->moved = ring_moved(&vm->ring);
	vm->phase = BULK_FINISHING;
	vm->deadline = now + (int64_t)(vm->sr->sec->timeout * 1e9);
}

/* One ring round, or, when the guest spoke or something stopped the boot,
 * the last pump: what it published before that is ours. */
static void vm_bulk_stream(struct engine_loop *l, struct vm *vm, int64_t now)
{
	struct engine_bulk *b = vm->bulk;
	enum engine_bulk_end end = vm_bulk_stopping(l, vm, now);
	int rc;

	if (b->late[0] || end) {
		ssize_t n = ring_pump(&vm->ring, b->out_fd);

		if (n >= 0 && ring_complete(&vm->ring)) {
			vm_bulk_complete(vm, now);
			return;
		}
		if (b->late[0] && end != ENGINE_BULK_SIGNAL && end != ENGINE_BULK_DEADLINE)
			end = ENGINE_BULK_LATE;
		vm_bulk_stop_by(vm, end);
		return;
	}
	rc = ring_round(&vm->ring, b->out_fd, (int)(vm->sr->sec->timeout * 1000),
			&vm->ring_wait);
	b->moved = ring_moved(&vm->ring);
	if (rc > 0)
		vm_bulk_complete(vm, now);
	else if (rc == -ETIMEDOUT)
		vm_bulk_stop(vm, ENGINE_BULK_STALL, rc, "%s", vm->ring.err);
	else if (rc == -EPROTO)
		vm_bulk_stop(vm, ENGINE_BULK_CORRUPT, rc, "%s", vm->ring.err);
	else if (rc < 0)
		vm_bulk_stop(vm, ENGINE_BULK_OUTPUT, rc, "%s", vm->ring.err);
}

/* After events and deadlines: move the boot on as far as it goes now. */
static void vm_bulk_advance(struct engine_loop *l, struct vm *vm)
{
	int64_t now = engine_now();
	enum engine_bulk_end end;

	switch (vm->phase) {
	case BULK_BOOTING:
		/* A ring record read in the same turn as done wins. */
		if (vm->ring_seen)
			vm_bulk_open(vm);
		else if (vm->bulk->done)
			vm_bulk_stop(vm, ENGINE_BULK_NO_RING, -EPROTO, "%s", "");
		else if ((end = vm_bulk_stopping(l, vm, now)))
			vm_bulk_stop_by(vm, end);
		else if (now >= vm->deadline)
			vm_bulk_stop(vm, ENGINE_BULK_TIMEOUT, -ETIMEDOUT, "%s", "");
		if (vm->phase == BULK_STREAMING)
			vm_bulk_stream(l, vm, now);
		break;
	case BULK_STREAMING:
		vm_bulk_stream(l, vm, now);
		break;
	case BULK_FINISHING:
		/* QEMU's exit after done is the end it should have. */
		if (vm->exited && vm->out_eof)
			break;
		end = vm_bulk_stopping(l, vm, now);
		if (end && end != ENGINE_BULK_ENDED)
			vm_bulk_stop_by(vm, end);
		else if (now >= vm->deadline)
			vm_bulk_stop(vm, ENGINE_BULK_TIMEOUT, -ETIMEDOUT, "%s", "");
		break;
	case BULK_OVER:
		if (!vm->exited && vm->deadline && now >= vm->deadline) {
			vm_kill(vm, NULL); /* closed its serial port, lives on */
			vm->deadline = 0;
		}
		break;
	}
}

/* The nearest moment a bulk boot needs a look: a deadline, or its next
 * ring round. */
static void vm_bulk_next(const struct vm *vm, int64_t now, int64_t *next)
{
	if (vm->exited)
		return;
	if (vm->deadline && vm->deadline < *next)
		*next = vm->deadline;
	if (vm->phase != BULK_OVER && vm->bulk_deadline && vm->bulk_deadline < *next)
		*next = vm->bulk_deadline;
	if (vm->phase == BULK_STREAMING && vm->ring_wait >= 0 &&
	    now + vm->ring_wait < *next)
		*next = now + vm->ring_wait;
}

/* The guest RAM file (inspect=regs,pagetables, bulk rings), created by the
 * runner and opened by name by QEMU, as QEMU's user. */
static int vm_memfile(struct vm *vm, char *err, size_t n)
{
	const struct qemu_user *u = &vm->sr->user;
	int e;

	vm->mem_fd = pagewalk_memfile(vm->mem_path, sizeof(vm->mem_path),
				      vm->sr->sec->memory, err, n);
	if (vm->mem_fd < 0)
		return vm->mem_fd;
	if (!u->drop || !fchown(vm->mem_fd, u->uid, u->gid))
		return 0;
	e = errno;
	snprintf(err, n, "fchown %s to %s: %s", vm->mem_path, u->name, strerror(e));
	vm_memfile_drop(vm);
	return -e;
}

/* QEMU's line with this boot's RAM file, and bulk=N that asks the guest
 * for the stream (docs/protocol.md). */
static char **vm_bulk_argv(struct engine_loop *l, struct vm *vm)
{
	struct engine_bulk *b = vm->bulk;
	struct qemu_opts qo = vm->sr->qo;
	char err[300], *append, **argv;
	int rc;

	if ((rc = vm_memfile(vm, err, sizeof(err)))) {
		vm_bulk_stop(vm, ENGINE_BULK_SPAWN, rc, "%s", err);
		engine_infra(l->e, err);
		return NULL;
	}
	append = g_strdup_printf("bulk=%llu%s%s", (unsigned long long)b->bytes,
				 b->append && *b->append ? " " : "",
				 b->append ? b->append : "");
	qo.memfile = vm->mem_path;
	qo.append = append;
	argv = qemu_argv(vm->sr->sec, &qo);
	g_free(append);
	return argv;
}

static void vm_bulk_begin(struct vm *vm, int64_t t0)
{
	struct engine_bulk *b = vm->bulk;

	b->t0 = t0;
	vm->deadline = t0 + (int64_t)(vm->sr->sec->timeout * 1e9);
	if (b->timeout > 0)
		vm->bulk_deadline = t0 + (int64_t)(b->timeout * 1e9);
}

/* QEMU is reaped (or never ran): the facts are final. */
static void vm_bulk_finish(struct engine_loop *l, struct vm *vm)
{
	struct engine_bulk *b = vm->bulk;

	if (vm->proc.pid > 0)
		vm_bulk_advance(l, vm);
	if (vm->phase == BULK_STREAMING)
		b->moved = ring_moved(&vm->ring);
	b->status = vm->status;
	qemu_first_err_line(&vm->proc, b->qemu_said, sizeof(b->qemu_said));
	b->signo = l->e->signo;
	ring_close(&vm->ring);
	vm_memfile_drop(vm);
	vm->sr->finished++;
	l->e->finished++;
	b->finished = 1;
}

/* ---- serial and stderr ---------------------------------------------- */

static int vm_is_start(const char *line)
{
	return !strncmp(line, HB_PROTO_TAG " " HB_REC_START " ", 10) ||
	       !strcmp(line, HB_PROTO_TAG " " HB_REC_START);
}

struct line_ctx {
	struct engine_loop *l;
	struct vm *vm;
	int64_t now;
};

/* QMP connection of this VM, opened on first use.  Failing to reach QMP
 * is this VM's error; the caller decides whether the run can go on. */
static int vm_qmp(struct vm *vm)
{
	int rc;

	if (vm->qmp_up)
		return 0;
	rc = qmp_connect(&vm->qmp, vm->qmp_path, 5000);
	if (rc == -ECONNRESET || rc == -EPIPE || rc == -ECONNREFUSED)
		return rc; /* QEMU is gone: its exit says why */
	if (rc) {
		snprintf(vm->kill_reason, sizeof(vm->kill_reason), "%s", vm->qmp.err);
		vm_kill(vm, NULL);
		return -EIO;
	}
	vm->qmp_up = 1;
	return 0;
}

/* A QMP command's result for the boot: QEMU gone (-ECONNRESET, the guest
 * made it exit after done: a wrong exit code, say; the held boot's
 * failure, charged when QEMU is reaped), or any other failure, which
 * stops the run. */
static int vm_qmp_result(struct engine_loop *l, struct vm *vm, int rc)
{
	char why[300];

	if (rc == -ECONNRESET || rc == -EPIPE || rc == -ECONNREFUSED)
		return -ECONNRESET;
	if (rc) {
		snprintf(why, sizeof(why), "section [%s]: %s", vm->sr->sec->name,
			 vm->qmp.err);
		engine_infra(l->e, why);
		vm_kill(vm, why);
		return -EIO;
	}
	return 0;
}

/*
 * The guest halted after done; reset it from outside.  QEMU re-loads the
 * kernel image ROMs and zero-fills their .bss on every system reset, so the
 * next boot starts from RAM as a cold boot sees it (the image checks this
 * itself: check fresh=).  A guest stopped for inspection is resumed.  So is
 * one kept by -action shutdown=pause (an image made elsewhere that powers
 * off after done): a reset leaves a paused VM paused.  So is one of ours,
 * stopped at done by vm_qmp_stop().
 */
static int vm_qmp_reset(struct engine_loop *l, struct vm *vm)
{
	int rc = vm_qmp(vm);

	if (!rc)
		rc = qmp_execute(&vm->qmp, "system_reset", NULL, NULL, 5000);
	if (!rc && (vm->sr->inspect || vm->sr->qo.keep_guest || vm->sr->sec->img.own))
		rc = qmp_execute(&vm->qmp, "cont", NULL, NULL, 5000);
	return vm_qmp_result(l, vm, rc);
}

/* Registers from outside, into the boot's sample, and with
 * inspect=regs,pagetables the page tables walked through the RAM file while
 * the guest is stopped (pagewalk.c).  A failure is this boot's error, not
 * the run's: the guest may have wedged QEMU. */
static void vm_inspect(struct engine_loop *l, struct vm *vm)
{
	char err[200];
	struct inspect_regs regs;

	(void)l;
	if (vm_qmp(vm))
		return;
	if (inspect_guest(&vm->qmp, vm->sr->gdbstub ? vm->gdb_path : NULL, vm->b.o,
			  &regs, err, sizeof(err)) ||
	    (vm->mem_fd >= 0 &&
	     pagewalk_guest(vm->mem_fd, vm->sr->sec->img.arch->ram_base,
			    (uint64_t)vm->sr->sec->memory << 20, &regs,
			    vm->b.o, err, sizeof(err))))
		snprintf(vm->kill_reason, sizeof(vm->kill_reason), "inspect: %s%s", err,
			 /* the socket closed under us: QEMU is gone */
			 strstr(err, "reset by peer") || strstr(err, "EOF") ||
			 strstr(err, "closed") ? " (QEMU ended before QMP could read the "
			 "guest: it exits right after its done line; make it halt there)" : "");
	vm->inspected = 1;
}

/*
 * Warm boots end at a reset, never at a line: a guest that prints a second
 * transcript without resetting must not make a second boot.
 *
 * QMP resets (every image made elsewhere, KVM, inspection): the runner
 * stops the guest at its done line, reads every byte it wrote before, and
 * only then resets and resumes it (vm_reset_when_drained); a start record
 * among those bytes is an error.  Exact for every boot.
 *
 * Guest resets (hardboot's own images under TCG, the fast path): QEMU
 * sends a RESET event for each, from its main loop while the vCPUs are
 * paused, so it is on the QMP socket before any byte of the next boot is
 * on the serial pipe.  Every start record after a QEMU's first must be
 * covered by one more RESET: never a false alarm, however far the runner
 * reads behind the guest.  A guest that prints extra transcripts and then
 * resets is caught once the runner's reading catches up with it.
 */
#define ENGINE_RESET_WAIT_MS 2000

/* A start record just read: did a reset come before it? */
static int vm_start_covered(struct vm *vm)
{
	if (!vm->sr->guest_resets)
		return !vm->reset_pending;
	if (++vm->starts == 1)
		return 1;
	return vm->qmp_up &&
	       !qmp_wait_resets(&vm->qmp, vm->starts - 1, ENGINE_RESET_WAIT_MS);
}

/* A start record with no reset before it is no boot.  After done it is
 * charged to the held boot (what goes wrong after done is its); in the
 * middle of a boot, to that boot.  Its QEMU is stopped, the rest of the
 * job requeued on a new one. */
static void vm_no_reset(struct engine_loop *l, struct vm *vm, int64_t now)
{
	static const char why[] = "a new start record without a reset";

	if (!vm->has_held && vm->in_boot && vm->b.started) {
		vm_finish_boot(l, vm, BOOT_ERROR, why, now);
	} else {
		if (vm->in_boot) {
			boot_discard(&vm->b);
			vm->in_boot = 0;
			vm->next--;
		}
		vm_release_held(l, vm, BOOT_ERROR, "done, then a new start record "
				"without a reset");
	}
	vm->reset_pending = 0;
	vm->draining = 1;
	vm_kill(vm, NULL);
}

/* Warm, QMP resets: stop the guest at done, so that everything it wrote
 * before the reset is in the pipe when the pipe is found empty. */
static int vm_qmp_stop(struct engine_loop *l, struct vm *vm)
{
	int rc = vm_qmp(vm);

	if (!rc)
		rc = qmp_execute(&vm->qmp, "stop", NULL, NULL, 5000);
	rc = vm_qmp_result(l, vm, rc);
	if (!rc)
		vm->reset_pending = 1;
	return rc;
}

/* Warm, own image: the boot reached done.  It is written once the guest
 * is back from the reset (its next start record), so that what goes wrong
 * in the reset is charged to it; the job's last boot too when the guest
 * resets itself. */
static int vm_warm_done(struct engine_loop *l, struct vm *vm, int64_t now)
{
	int rc;

	vm_hold_boot(vm, vm->b.st_pass ? BOOT_PASS : BOOT_FAIL, now);
	if (!vm->sr->reset_qmp && vm->next < vm->job.n) {
		vm_begin_boot(vm, now); /* its start comes after the reset */
		return 0;
	}
	/* the held boot waits for its reset alone */
	vm->deadline = now + (int64_t)(vm->sr->sec->timeout * 1e9);
	if (!vm->sr->reset_qmp)
		return 0;
	rc = vm_qmp_stop(l, vm);
	if (rc == -ECONNRESET)
		return 1; /* not draining: vm_complete() charges the held boot */
	if (rc) {
		vm->draining = 1;
		return 1;
	}
	return 0;
}

static int vm_on_line(void *p, char *line, size_t len, int truncated)
{
	struct line_ctx *c = p;
	struct vm *vm = c->vm;
	int ev;

	(void)len;
	if (vm->bulk)
		return vm_bulk_line(vm, line, c->now);
	if (vm->sr->warm && !vm->draining && (vm->in_boot || vm->has_held) &&
	    vm_is_start(line) && !vm_start_covered(vm)) {
		vm_no_reset(c->l, vm, c->now);
		return 1;
	}
	if (!vm->in_boot) {
		/* The job's last boot, held until its reset showed: done. */
		if (vm->has_held && !vm->draining && vm_is_start(line)) {
			vm_release_held(c->l, vm, BOOT_PASS, NULL);
			vm->draining = 1;
			vm_kill(vm, NULL);
			return 1;
		}
		return 0; /* draining after the last warm boot */
	}
	/* Warm mode: a second start means the guest reset before done. */
	if (vm->sr->warm && vm->b.started && vm_is_start(line)) {
		vm_finish_boot(c->l, vm, BOOT_CRASH, "guest reset before done", c->now);
		if (vm->next == vm->job.n || c->l->e->interrupted || c->l->e->infra) {
			vm->draining = 1;
			vm_kill(vm, NULL);
			return 0;
		}
		vm_begin_boot(vm, c->now);
	}
	if (*line)
		vm_keep_line(vm->last_line, sizeof(vm->last_line), line, strlen(line));
	ev = boot_line(&vm->b, line, truncated, c->now);
	/* The guest is back from the reset the held boot asked for. */
	if (ev & BOOT_EV_START)
		vm_release_held(c->l, vm, BOOT_PASS, NULL);
	if (vm->sr->inspect && (ev & (BOOT_EV_DONE | BOOT_EV_HALT)) && !vm->inspected) {
		vm_inspect(c->l, vm);
		if (!vm->sr->warm) { /* cold: the sample is complete */
			vm_kill(vm, NULL);
			return 1;
		}
	}
	if (!(ev & BOOT_EV_DONE) || !vm->sr->warm)
		return 0;
	/* Warm: the boot ends at done.  The last boot of an image made
	 * elsewhere needs no reset: it is complete. */
	if (c->l->e->interrupted || c->l->e->infra ||
	    (vm->next == vm->job.n && vm->sr->reset_qmp && !vm->sr->sec->img.own)) {
		vm_finish_boot(c->l, vm, vm->b.st_pass ? BOOT_PASS : BOOT_FAIL, NULL, c->now);
		vm->draining = 1;
		vm_kill(vm, NULL);
		return 1;
	}
	if (vm->sr->sec->img.own)
		return vm_warm_done(c->l, vm, c->now);
	/* An image made elsewhere may print no start record to show it is
	 * back; its reset is the runner's own (QMP), so the boot ends at its
	 * done line. */
	vm_finish_boot(c->l, vm, vm->b.st_pass ? BOOT_PASS : BOOT_FAIL, NULL, c->now);
	if (vm->sr->reset_qmp) {
		int rc = vm_qmp_reset(c->l, vm);

		if (rc == -ECONNRESET)
			return 1;
		if (rc) {
			vm->draining = 1;
			return 1;
		}
	}
	vm_begin_boot(vm, c->now);
	return 0;
}

/* Console bytes are buffered and written once per finished boot (or when
 * the buffer fills): a write per pipe read would double the runner's
 * syscalls, and the bytes of an unfinished boot are no sample. */
static void vm_console_flush(struct engine_loop *l, struct vm *vm)
{
	if (vm->console_fd < 0 || !vm->cbuf_len)
		return;
	ssize_t w = write(vm->console_fd, vm->cbuf, vm->cbuf_len);

	if (w != (ssize_t)vm->cbuf_len) {
		char msg[300];

		/* a short write sets no errno: the disk is full */
		snprintf(msg, sizeof(msg), "write %s/%s: %s", l->e->res->dir,
			 vm->console_rel, strerror(w < 0 ? errno : ENOSPC));
		engine_infra(l->e, msg);
	}
	vm->cbuf_len = 0;
}

static void vm_console(struct engine_loop *l, struct vm *vm, const char *buf, size_t n)
{
	if (vm->console_fd < 0)
		return;
	if (vm->console_len + n > ENGINE_CONSOLE_CAP)
		n = vm->console_len < ENGINE_CONSOLE_CAP ?
			ENGINE_CONSOLE_CAP - vm->console_len : 0;
	vm->console_len += n;
	while (n) {
		size_t take = sizeof(vm->cbuf) - vm->cbuf_len;

		if (take > n)
			take = n;
		memcpy(vm->cbuf + vm->cbuf_len, buf, take);
		vm->cbuf_len += take;
		buf += take;
		n -= take;
		if (vm->cbuf_len == sizeof(vm->cbuf))
			vm_console_flush(l, vm);
	}
}

/*
 * QEMU's 16550 model writes each guest byte to the pipe with its own
 * write(2), about 1 us apart under TCG.  Waking up per byte would cost the
 * runner more CPU than the boot itself at 1000 boots/s.  So when a read
 * ends inside a line, the rest of that line is already on its way: wait
 * a few tens of microseconds and read again before going back to epoll.
 * A line's host timestamp is then late by at most ENGINE_COALESCE_NS.
 */
#define ENGINE_COALESCE_NS 40000
#define ENGINE_COALESCE_MAX 8

static void vm_read_serial(struct engine_loop *l, struct vm *vm)
{
	char buf[65536];
	int partial = 0, waits = 0;

	for (;;) {
		ssize_t n = read(vm->proc.out_fd, buf, sizeof(buf));
		struct line_ctx c = { l, vm, engine_now() };

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct timespec ts = { 0, ENGINE_COALESCE_NS };

			if (!partial || waits++ == ENGINE_COALESCE_MAX)
				return;
			nanosleep(&ts, NULL);
			continue;
		}
		if (n <= 0) {
			if (vm->in_boot || vm->bulk)
				proto_flush(&vm->sp, vm_on_line, &c);
			vm->out_eof = 1;
			epoll_ctl(l->ep, EPOLL_CTL_DEL, vm->proc.out_fd, NULL);
			return;
		}
		if (vm->in_boot && !vm->b.t_first)
			vm->b.t_first = c.now;
		if (!vm->draining)
			vm_console(l, vm, buf, (size_t)n);
		proto_feed(&vm->sp, buf, (size_t)n, vm_on_line, &c);
		partial = buf[n - 1] != '\n' && !vm->draining;
		/* A short read that ended a line drained the pipe: back to epoll
		 * without a read that would only say EAGAIN. */
		if (!partial && (size_t)n < sizeof(buf))
			return;
	}
}

/* Warm, QMP resets: the guest stopped at done and the pipe is empty, so
 * nothing it wrote before the reset is still to come: the held boot is
 * complete; reset the guest, resume it, begin the next boot. */
static void vm_reset_when_drained(struct engine_loop *l, struct vm *vm)
{
	struct pollfd p = { .fd = vm->proc.out_fd, .events = POLLIN };
	int rc;

	if (!vm->reset_pending || vm->draining || vm->out_eof)
		return;
	if (poll(&p, 1, 0) > 0)
		return; /* more of its bytes first: the next read */
	vm->reset_pending = 0;
	if (vm->next == vm->job.n) { /* the job's last boot: complete */
		vm_release_held(l, vm, BOOT_PASS, NULL);
		vm->draining = 1;
		vm_kill(vm, NULL);
		return;
	}
	rc = vm_qmp_reset(l, vm);
	if (rc == -ECONNRESET)
		return; /* vm_complete() charges the held boot */
	if (rc) {
		vm->draining = 1;
		return;
	}
	vm_begin_boot(vm, engine_now());
}

/*
 * QEMU pauses the guest, rather than exiting, on "KVM internal error"
 * (an emulation failure on a PVM-style KVM): waiting for the timeout would
 * cost seconds per boot, so the first such line kills it.
 */
static void vm_read_stderr(struct engine_loop *l, struct vm *vm)
{
	if (qemu_read_stderr(&vm->proc)) {
		vm->err_eof = 1;
		epoll_ctl(l->ep, EPOLL_CTL_DEL, vm->proc.err_fd, NULL);
	}
	if (vm->proc.fatal[0])
		vm_kill(vm, vm->proc.fatal);
}

/* ---- spawning ----------------------------------------------------------- */

static int vm_console_open(struct engine_loop *l, struct vm *vm)
{
	char err[512];

	vm->console_fd = -1;
	vm->console_len = 0;
	if (!l->e->res || !l->e->console)
		return 0;
	if (vm->sr->warm)
		snprintf(vm->console_rel, sizeof(vm->console_rel),
			 "console/%s/w%d-%lu.log", vm->sr->sec->name, vm->slot,
			 vm->job.first + vm->next);
	else
		snprintf(vm->console_rel, sizeof(vm->console_rel),
			 "console/%s/%lu.log", vm->sr->sec->name, vm->job.first);
	vm->console_fd = results_open_file(l->e->res, vm->console_rel, err,
					   sizeof(err));
	if (vm->console_fd < 0) {
		engine_infra(l->e, err);
		return -EIO;
	}
	return 0;
}

static void vm_perf_hook(pid_t pid, void *ctx)
{
	struct vm *vm = ctx;

	perf_attach(&vm->perf, pid, !strcmp(vm->sr->accel, "kvm"));
}

static int vm_spawn(struct engine_loop *l, struct vm *vm)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char **argv = vm->sr->argv, **own = NULL;
	char err[300];
	int rc;

	/* Bulk boots and QMP sockets are per QEMU: build this VM's own line. */
	if (vm->bulk) {
		argv = own = vm_bulk_argv(l, vm);
		if (!argv)
			return -EIO;
		vm_bulk_begin(vm, engine_now());
	} else if (vm->sr->qmp || vm->sr->trace) {
		static unsigned long seq;
		struct qemu_opts qo = vm->sr->qo;

		if (vm->sr->qmp) {
			snprintf(vm->qmp_path, sizeof(vm->qmp_path), "%s/hb-%d-%d-%lu.qmp",
				 g_get_tmp_dir(), (int)getpid(), vm->slot, seq);
			qo.qmp_path = vm->qmp_path;
		}
		if (vm->sr->gdbstub) {
			snprintf(vm->gdb_path, sizeof(vm->gdb_path), "%s/hb-%d-%d-%lu.gdb",
				 g_get_tmp_dir(), (int)getpid(), vm->slot, seq);
			qo.gdb_path = vm->gdb_path;
		}
		if (vm->sr->trace) {
			snprintf(vm->int_path, sizeof(vm->int_path), "%s/hb-%d-%d-%lu.int",
				 g_get_tmp_dir(), (int)getpid(), vm->slot, seq);
			unlink(vm->int_path); /* QEMU appends to what is there */
			qo.int_log = vm->int_path;
		}
		seq++;
		if (vm->sr->pagewalk) {
			if ((rc = vm_memfile(vm, err, sizeof(err)))) {
				engine_infra(l->e, err);
				return rc;
			}
			qo.memfile = vm->mem_path;
		}
		argv = own = qemu_argv(vm->sr->sec, &qo);
	}
	rc = qemu_spawn(&vm->proc, argv, &vm->sr->user, vm->bulk ? NULL : vm_perf_hook, vm, err,
			sizeof(err));
	g_strfreev(own);
	if (rc) {
		char msg[400];

		if (vm->bulk)
			vm_bulk_stop(vm, ENGINE_BULK_SPAWN, rc, "%s", err);
		snprintf(msg, sizeof(msg), "section [%s]: %s", vm->sr->sec->name, err);
		engine_infra(l->e, msg);
		if (vm->proc.pid <= 0)
			return rc;
		vm->draining = 1; /* exec failed: reap the child, count nothing */
	}
	ev.data.u64 = ENGINE_TAG(vm->slot, ENGINE_FD_SERIAL);
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, vm->proc.out_fd, &ev) == 0) {
		ev.data.u64 = ENGINE_TAG(vm->slot, ENGINE_FD_STDERR);
		if (epoll_ctl(l->ep, EPOLL_CTL_ADD, vm->proc.err_fd, &ev) == 0)
			return 0;
	}
	/* Unwatched pipes would never reach EOF: stop the run instead of
	 * waiting on this QEMU forever. */
	snprintf(err, sizeof(err), "section [%s]: epoll_ctl ADD QEMU pipe: %s",
		 vm->sr->sec->name, strerror(errno));
	engine_infra(l->e, err);
	if (vm->bulk)
		vm_bulk_stop(vm, ENGINE_BULK_SPAWN, -EIO, "%s", err);
	vm_kill(vm, NULL);
	vm->draining = 1;
	vm->out_eof = vm->err_eof = 1;
	return 0;
}

static void vm_memfile_drop(struct vm *vm);

static void vm_start(struct engine_loop *l, struct vm *vm, struct engine_job *j)
{
	struct sec_run *sr = j->bulk ? j->bulk->sr : &l->e->sr[j->sidx];
	int slot = vm->slot;

	memset(vm, 0, sizeof(*vm));
	vm->slot = slot;
	vm->active = 1;
	vm->sr = sr;
	vm->job = *j;
	vm->bulk = j->bulk;
	vm->proc.out_fd = vm->proc.err_fd = vm->console_fd = -1;
	vm->mem_fd = -1;
	vm->ring.fd = -1;
	for (int i = 0; i < PERF_NCOUNTERS; i++)
		vm->perf.fd[i] = -1; /* a bulk boot attaches none */
	proto_splitter_init(&vm->sp);
	if (!sr->t_start)
		sr->t_start = engine_now();
	if (vm_console_open(l, vm) || vm_spawn(l, vm)) {
		if (vm->proc.pid <= 0) {
			if (vm->bulk)
				vm_bulk_finish(l, vm);
			vm_memfile_drop(vm);
			vm->active = 0;
			return;
		}
	}
	if (vm->bulk)
		return; /* no boot record: its facts are the client's */
	/* Inspection must stop the guest within microseconds of a pattern, and
	 * QEMU tells a guest's own resets only to a connected client; and a
	 * guest that makes QEMU exit right after done (a wrong exit code) would
	 * leave a first connect at done retrying a dead socket for 5 s: have
	 * QMP ready before the guest runs. */
	if (sr->qmp && !vm->draining)
		vm_qmp(vm);
	vm_begin_boot(vm, engine_now());
	if (vm->draining)
		vm->in_boot = 0, boot_discard(&vm->b);
}

/* ---- completion ---------------------------------------------------------- */

/* The guest RAM file of inspect=regs,pagetables goes with its QEMU. */
static void vm_memfile_drop(struct vm *vm)
{
	if (vm->mem_fd < 0)
		return;
	close(vm->mem_fd);
	unlink(vm->mem_path);
	vm->mem_fd = -1;
}

/* What QEMU said that explains an end: its fatal line, else the first
 * line of its stderr; "" if nothing. */
static void vm_qemu_said(const struct vm *vm, char *out, size_t n)
{
	if (vm->proc.fatal[0])
		snprintf(out, n, "%s", vm->proc.fatal);
	else
		qemu_first_err_line(&vm->proc, out, n);
}

/*
 * A KVM that cannot go on with the guest (an internal error, an
 * instruction its emulator cannot do; a triple fault under a PVM-style
 * KVM ends this way) stops the guest where TCG would reset or exit: the
 * guest's behaviour, so the outcome TCG gives a triple fault, crash, with
 * QEMU's words as the reason.  QEMU failing to start (a refused MSR, no
 * KVM module) is the harness's error.
 */
static enum boot_outcome vm_killed_outcome(const struct vm *vm)
{
	return strstr(vm->kill_reason, "KVM internal error") ||
	       strstr(vm->kill_reason, "emulation failure") ? BOOT_CRASH : BOOT_ERROR;
}

/* A timeout names what QEMU printed and what the console holds: its byte
 * count, and the last line (or the unfinished one it ends in), since a
 * guest that hangs usually said why just before (an assertion, a panic). */
static void vm_timeout_why(const struct vm *vm, const struct boot *b,
			   const char *what, char *why, size_t n)
{
	char said[200], seen[240] = "", tail[96] = "";
	uint64_t bytes = vm->sp.consumed - b->console_off;
	int partial = vm->sp.len > 0;

	vm_qemu_said(vm, said, sizeof(said));
	if (partial)
		vm_keep_line(tail, sizeof(tail), vm->sp.buf, vm->sp.len);
	else
		snprintf(tail, sizeof(tail), "%s", vm->last_line);
	if (!bytes)
		snprintf(seen, sizeof(seen), " (guest never started: no console output)");
	else if (!b->started)
		snprintf(seen, sizeof(seen), " (%llu console bytes, no %s; it %s: \"%s\")",
			 (unsigned long long)bytes, vm->sr->sec->img.protocol ?
			 "start record" : "complete line", partial ? "ends mid-line" :
			 "ends", tail);
	else if (tail[0])
		snprintf(seen, sizeof(seen), " (%llu console bytes, no done; it %s: \"%s\")",
			 (unsigned long long)bytes, partial ? "ends mid-line" : "ends", tail);
	snprintf(why, n, "timeout after %gs%s%s%s%s", vm->sr->sec->timeout, what,
		 seen, said[0] ? "; QEMU said: " : "", said);
}
/* Decide a cold boot's outcome from the final record and the exit status. */
static enum boot_outcome vm_cold_outcome(const struct vm *vm, char *why, size_t n)
{
	const struct image_info *img = &vm->sr->sec->img;
	const struct boot *b = &vm->b;
	int code;
	char first[160];

	why[0] = '\0';
	if (vm->timed_out) {
		vm_timeout_why(vm, b, "", why, n);
		return BOOT_TIMEOUT;
	}
	if (vm->kill_reason[0]) {
		snprintf(why, n, "%s", vm->kill_reason);
		return vm_killed_outcome(vm);
	}
	/* Stopped and inspected at done or pattern.halt: killed on purpose. */
	if (vm->inspected)
		return !img->protocol || b->st_pass ? BOOT_PASS : BOOT_FAIL;
	if (WIFSIGNALED(vm->status)) {
		snprintf(why, n, "QEMU killed by signal %d", WTERMSIG(vm->status));
		return BOOT_ERROR;
	}
	code = WEXITSTATUS(vm->status);
	qemu_first_err_line(&vm->proc, first, sizeof(first));
	if (!img->protocol) {
		int has_done = 0;

		for (int i = 0; i < vm->sr->sec->npat; i++)
			has_done |= vm->sr->sec->pat[i].kind == SUITE_PAT_DONE;
		if (code == img->exit_ok && (b->done || !has_done))
			return BOOT_PASS;
		if (code == img->exit_ok) {
			snprintf(why, n, "exit %d but pattern.done never matched", code);
			return BOOT_ERROR;
		}
		if (code == img->exit_fail) {
			snprintf(why, n, "guest reported a crash (exit %d)", code);
			return BOOT_CRASH;
		}
	} else if (b->done) {
		int want = b->st_pass ? img->exit_ok : img->exit_fail;

		if (code == want)
			return b->st_pass ? BOOT_PASS : BOOT_FAIL;
		snprintf(why, n, "QEMU exit %d contradicts done st=%s (expected %d)",
			 code, b->st_pass ? "pass" : "fail", want);
		return BOOT_ERROR;
	}
	if (code == 0) {
		snprintf(why, n, "QEMU exited 0 without %s: guest reset, triple "
			 "fault or power-off", img->protocol ? "done" : "an exit code");
		return BOOT_CRASH;
	}
	if (first[0]) {
		snprintf(why, n, "QEMU exit %d: %s", code, first);
		return BOOT_ERROR;
	}
	snprintf(why, n, "QEMU exit %d without done", code);
	return code == img->exit_ok || code == img->exit_fail ? BOOT_CRASH : BOOT_ERROR;
}

/* "exit 3", "signal 9" */
static const char *vm_status_text(int status)
{
	static char s[32];

	if (WIFSIGNALED(status))
		snprintf(s, sizeof(s), "signal %d", WTERMSIG(status));
	else
		snprintf(s, sizeof(s), "exit %d", WEXITSTATUS(status));
	return s;
}

/* Warm: the held boot reached done, then QEMU ended before the guest
 * printed its next start.  What happened is that boot's doing. */
static enum boot_outcome vm_warm_after_done(const struct vm *vm, char *why, size_t n)
{
	char said[200];

	vm_qemu_said(vm, said, sizeof(said));
	if (vm->timed_out) {
		snprintf(why, n, "done, then no start record within %gs of the reset "
			 "it asked for%s%s", vm->sr->sec->timeout,
			 said[0] ? "; QEMU said: " : "", said);
		return BOOT_TIMEOUT;
	}
	if (vm->kill_reason[0]) {
		snprintf(why, n, "done, then in the reset it asked for: %s", vm->kill_reason);
		return vm_killed_outcome(vm);
	}
	snprintf(why, n, "done, then QEMU ended (%s) instead of a reset%s%s",
		 vm_status_text(vm->status), said[0] ? ": " : "", said);
	return BOOT_ERROR;
}

/* trace = exceptions: what QEMU saw the guest take, into the boot's
 * sample (cold: the log is this boot's alone).  A log that cannot be
 * read is said in the sample, not a reason to lose the boot. */
static void vm_exceptions(struct vm *vm)
{
	char err[200];
	json_t *arr;

	if (!vm->int_path[0])
		return;
	if (vm->in_boot && vm->b.o) {
		if (qemulog_read(vm->int_path, &arr, err, sizeof(err)))
			json_object_set_new(vm->b.o, "qemu_exceptions_error", json_string(err));
		else
			json_object_set_new(vm->b.o, "qemu_exceptions", arr);
	}
	unlink(vm->int_path);
	vm->int_path[0] = '\0';
}

static void vm_complete(struct engine_loop *l, struct vm *vm)
{
	int64_t now = engine_now();
	char why[256];

	if (vm->bulk)
		vm_bulk_finish(l, vm);
	vm_exceptions(vm);
	if (vm->has_held) {
		/* The guest never came back from the held boot's reset.  The
		 * boot begun for it never started: it is no sample, it goes
		 * back in the queue. */
		if (vm->in_boot) {
			boot_discard(&vm->b);
			vm->in_boot = 0;
			vm->next--;
		}
		if (l->e->interrupted || l->e->infra || vm->draining)
			vm_release_held(l, vm, BOOT_PASS, NULL);
		else
			vm_release_held(l, vm, vm_warm_after_done(vm, why, sizeof(why)), why);
	}
	if (vm->in_boot) {
		enum boot_outcome oc;

		if (!vm->sr->warm) {
			oc = vm_cold_outcome(vm, why, sizeof(why));
		} else if (vm->timed_out) {
			oc = BOOT_TIMEOUT;
			vm_timeout_why(vm, &vm->b, " (warm boot)", why, sizeof(why));
		} else if (vm->kill_reason[0]) {
			oc = vm_killed_outcome(vm);
			snprintf(why, sizeof(why), "%s", vm->kill_reason);
		} else {
			char said[160];

			vm_qemu_said(vm, said, sizeof(said));
			oc = vm->b.started ? BOOT_CRASH : BOOT_ERROR;
			snprintf(why, sizeof(why), "QEMU ended (%s) during a warm boot%s%s",
				 vm_status_text(vm->status), said[0] ? ": " : "", said);
		}
		vm_finish_boot(l, vm, oc, why[0] ? why : NULL, now);
	}
	/* Warm job cut short: the rest of its boots go back in the queue. */
	if (vm->sr->warm && vm->next < vm->job.n && !l->e->interrupted && !l->e->infra) {
		struct engine_job *rest = g_new0(struct engine_job, 1); /* bulk = NULL */

		rest->sidx = vm->job.sidx;
		rest->first = vm->job.first + vm->next;
		rest->n = vm->job.n - vm->next;
		g_queue_push_head(&l->jobs, rest);
	}
	if (vm->qmp_up)
		qmp_close(&vm->qmp);
	if (vm->qmp_path[0])
		unlink(vm->qmp_path);
	if (vm->gdb_path[0])
		unlink(vm->gdb_path);
	vm_memfile_drop(vm);
	vm_console_flush(l, vm);
	perf_close(&vm->perf);
	if (vm->console_fd >= 0)
		close(vm->console_fd);
	close(vm->proc.out_fd);
	close(vm->proc.err_fd);
	vm->active = 0;
}

/* Each QEMU by its pid: the engine's client may have children of its own
 * (rng: dieharder, openssl) whose exit status is theirs to collect. */
static void loop_reap(struct engine_loop *l)
{
	for (int i = 0; i < l->e->jobs; i++) {
		struct vm *vm = &l->vms[i];
		int status;

		if (!vm->active || vm->exited || vm->proc.pid <= 0 ||
		    waitpid(vm->proc.pid, &status, WNOHANG) != vm->proc.pid)
			continue;
		vm->exited = 1;
		vm->status = status;
		if (vm->bulk)
			vm->bulk->t_exit = engine_now();
		/* QEMU's own children (none expected) may keep the pipes
		 * open: make sure the group is gone. */
		kill(-vm->proc.pid, SIGKILL);
	}
}

/* ---- progress ----------------------------------------------------------- */

static void loop_progress(struct engine_loop *l, int force)
{
	struct engine *e = l->e;
	int64_t now = engine_now();
	double el, rate, eta;

	if (!e->progress || (!force && now - l->last_progress < 100000000))
		return;
	l->last_progress = now;
	el = (double)(now - e->t_start) / 1e9;
	rate = el > 0 ? (double)e->finished / el : 0;
	eta = rate > 0 ? (double)(e->total - e->finished) / rate : 0;
	fprintf(stderr, "\r\033[K%lu/%lu boots  %.1f/s  ETA %.0fs  failures %lu",
		e->finished, e->total, rate, eta, e->failed);
	if (force)
		fputc('\n', stderr);
	fflush(stderr);
}

/* ---- the loop ------------------------------------------------------------ */

static void engine_plan_job(GQueue *q, int s, unsigned long first, unsigned long n)
{
	struct engine_job *j = g_new(struct engine_job, 1);

	*j = (struct engine_job){ .sidx = s, .first = first, .n = n };
	g_queue_push_tail(q, j);
}

/* Cold: one QEMU per boot; warm: n boots on one QEMU. */
static void engine_plan_turn(GQueue *q, const struct sec_run *sr, int s,
		      unsigned long first, unsigned long n)
{
	if (sr->warm) {
		engine_plan_job(q, s, first, n);
		return;
	}
	for (unsigned long b = first; b < first + n; b++)
		engine_plan_job(q, s, b, 1);
}

/*
 * Interleaved: turns of e->interleave boots, one turn per section per
 * round, and round r starts with the (r mod k)-th of the k sections, so
 * that A B / B A alternate.  Configurations compared this way see the
 * same host: a slow drift (other jobs, thermal, page cache) lands on all
 * of them alike instead of on whichever section ran last, and with
 * parallel workers no section is always the one started first.
 */
static void engine_plan_interleaved(struct engine *e, GQueue *q, const int *act, int k)
{
	unsigned long *next = g_new0(unsigned long, (size_t)k), turn = e->interleave;
	int left = k;

	for (unsigned long r = 0; left; r++) {
		for (int i = 0; i < k; i++) {
			int a = (int)((i + r) % (unsigned long)k);
			struct sec_run *sr = &e->sr[act[a]];
			unsigned long n = sr->nboots - next[a];

			if (!n)
				continue;
			if (n > turn)
				n = turn;
			engine_plan_turn(q, sr, act[a], sr->first_boot + next[a], n);
			next[a] += n;
			left -= next[a] == sr->nboots;
		}
	}
	g_free(next);
}

void engine_plan(struct engine *e, GQueue *q)
{
	int *act = g_new(int, (size_t)e->nsr + 1), k = 0;

	for (int s = 0; s < e->nsr; s++) {
		struct sec_run *sr = &e->sr[s];
		unsigned long boots = sr->nboots, per, first = sr->first_boot;
		int workers;

		if (sr->skip || sr->excluded || !boots)
			continue;
		sr->queued = boots;
		e->total += boots;
		act[k++] = s;
		if (e->interleave)
			continue;
		if (!sr->warm) {
			engine_plan_turn(q, sr, s, first, boots);
			continue;
		}
		/* Warm: split into one chunk per worker, as even as possible. */
		workers = e->jobs < (int)boots ? e->jobs : (int)boots;
		for (int w = 0; w < workers; w++) {
			per = boots / (unsigned long)workers +
			      ((unsigned long)w < boots % (unsigned long)workers);
			engine_plan_job(q, s, first, per);
			first += per;
		}
	}
	if (e->interleave && k)
		engine_plan_interleaved(e, q, act, k);
	g_free(act);
}

/* The signals the loop takes through its signalfd instead of handlers. */
static void loop_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

/* The loop cannot start: say which call failed, undo what was set up. */
static int loop_setup_fail(struct engine_loop *l, const char *call)
{
	char msg[200];

	snprintf(msg, sizeof(msg), "%s: %s", call, strerror(errno));
	engine_infra(l->e, msg);
	if (l->ep >= 0)
		close(l->ep);
	if (l->sfd >= 0)
		close(l->sfd);
	sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
	return -EIO;
}

/*
 * Blocked signals stay pending until the signalfd reads them, so a Ctrl-C
 * that lands between two waits is not lost.  The caller's mask comes back
 * at engine_close(): an engine run inside another (the accelerator probe
 * inside `hardboot rng`) leaves the outer one's signals blocked.
 */
static int loop_setup(struct engine_loop *l)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_SIG };
	sigset_t set;

	l->ep = -1;
	loop_sigset(&set);
	sigprocmask(SIG_BLOCK, &set, &l->oldmask);
	l->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sfd < 0)
		return loop_setup_fail(l, "signalfd");
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->ep < 0)
		return loop_setup_fail(l, "epoll_create1");
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, l->sfd, &ev))
		return loop_setup_fail(l, "epoll_ctl ADD signalfd");
	l->vms = g_new0(struct vm, l->e->jobs);
	for (int i = 0; i < l->e->jobs; i++)
		l->vms[i].slot = i;
	return 0;
}

static void loop_signal(struct engine_loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			loop_reap(l);
			continue;
		}
		l->e->interrupted = 1;
		if (!l->e->signo)
			l->e->signo = (int)si.ssi_signo;
		for (int i = 0; i < l->e->jobs; i++)
			if (l->vms[i].active)
				vm_kill(&l->vms[i], "interrupted");
	}
	loop_reap(l);
}

/* Nanoseconds to the nearest deadline or bulk ring round (-1: none).  A
 * boot deadline that has passed kills its QEMU now; a bulk boot's are
 * acted on by vm_bulk_advance() after the wait, which is then 0. */
static int64_t loop_timeout_ns(struct engine_loop *l)
{
	int64_t now = engine_now(), next = INT64_MAX;

	for (int i = 0; i < l->e->jobs; i++) {
		struct vm *vm = &l->vms[i];

		if (vm->active && vm->bulk) {
			vm_bulk_next(vm, now, &next);
			continue;
		}
		if (!vm->active || (!vm->in_boot && !vm->has_held) || vm->timed_out ||
		    vm->exited)
			continue;
		if (vm->deadline <= now) {
			vm->timed_out = 1;
			vm_kill(vm, NULL);
			continue;
		}
		if (vm->deadline < next)
			next = vm->deadline;
	}
	if (l->e->progress && next - now > 100000000)
		next = now + 100000000;
	if (next == INT64_MAX)
		return -1;
	return next > now ? next - now : 0;
}

static int loop_busy(struct engine_loop *l)
{
	for (int i = 0; i < l->e->jobs; i++)
		if (l->vms[i].active)
			return 1;
	return 0;
}

/* Moderation only while every running QEMU is a warm one: a cold boot's
 * host timestamps (first byte, marks, done) are its host phases, and a
 * suite that mixes modes must not make them late. */
static int loop_all_warm(struct engine_loop *l)
{
	for (int i = 0; i < l->e->jobs; i++)
		if (l->vms[i].active && !l->vms[i].sr->warm)
			return 0;
	return 1;
}

/*
 * Interrupt moderation for warm runs: after a wakeup, let a short window
 * pass so that what several guests print meanwhile is read in one go.
 * Without it the runner wakes for nearly every serial write (QEMU writes
 * each guest byte on its own), and at ~1000 boots/s its syscalls alone
 * would take a core on this kind of VM.  Host timestamps of warm boots are
 * then late by up to the window (stated in run.json); the TSC marks are not
 * affected.
 */
static void loop_moderate(struct engine_loop *l)
{
	int64_t now = engine_now(), wait = l->last_wake + l->e->coalesce_ns - now;

	if (wait > 0) {
		struct timespec ts = { 0, (long)wait };

		nanosleep(&ts, NULL);
		now = engine_now();
	}
	l->last_wake = now;
}

/* The run is being stopped: what waits will not start.  A bulk boot's
 * client learns it from its facts, as of one that ran. */
static void loop_drop_jobs(struct engine_loop *l)
{
	struct engine *e = l->e;
	struct engine_job *j;

	while ((j = g_queue_pop_head(&l->jobs))) {
		struct engine_bulk *b = j->bulk;

		if (b) {
			b->end = e->interrupted ? ENGINE_BULK_SIGNAL : e->infra ?
				 ENGINE_BULK_SPAWN : ENGINE_BULK_CANCELLED;
			b->signo = e->signo;
			snprintf(b->err, sizeof(b->err), "%s", e->infra ? e->infra_err : "");
			b->finished = 1;
		}
		g_free(j);
	}
}

/* Start queued jobs on free slots; none once the run is being stopped. */
static void loop_start_jobs(struct engine_loop *l)
{
	struct engine *e = l->e;

	if (e->interrupted || e->infra || l->closing) {
		loop_drop_jobs(l);
		return;
	}
	for (int i = 0; i < e->jobs; i++) {
		struct engine_job *j;

		if (l->vms[i].active || !(j = g_queue_pop_head(&l->jobs)))
			continue;
		vm_start(l, &l->vms[i], j);
		g_free(j);
	}
}

/* A bulk boot whose ring is read round by round: its waits are shorter
 * than epoll_wait()'s milliseconds, and may be for its output. */
static int loop_streaming(const struct engine_loop *l)
{
	for (int i = 0; i < l->e->jobs; i++)
		if (l->vms[i].active && l->vms[i].bulk &&
		    l->vms[i].phase == BULK_STREAMING)
			return 1;
	return 0;
}

/* The epoll fd, the outputs bulk boots wait to write, the client's fds:
 * one ppoll() covers them all.  *nfixed: where the client's begin. */
static struct pollfd *loop_pollfds(struct engine_loop *l, const struct pollfd *extra,
				   int nextra, int *np, int *nfixed)
{
	int k = 0;

	if (l->pfd_cap < 1 + l->e->jobs + nextra) {
		l->pfd_cap = 1 + l->e->jobs + nextra;
		l->pfd = g_renew(struct pollfd, l->pfd, l->pfd_cap);
	}
	l->pfd[k++] = (struct pollfd){ .fd = l->ep, .events = POLLIN };
	for (int i = 0; i < l->e->jobs; i++) {
		const struct vm *vm = &l->vms[i];

		if (vm->active && vm->bulk && vm->phase == BULK_STREAMING &&
		    vm->ring_wait == RING_WAIT_OUT)
			l->pfd[k++] = (struct pollfd){ .fd = vm->bulk->out_fd,
						       .events = POLLOUT };
	}
	*nfixed = k;
	for (int i = 0; i < nextra; i++)
		l->pfd[k++] = extra[i];
	*np = k;
	return l->pfd;
}

/*
 * Wait for the next event of any kind and return the engine's ready fds.
 * Only QEMUs' pipes and the signals: one epoll_wait(), as always.  With
 * the client's fds (rng: dieharder's pipes) or a ring being read (waits of
 * microseconds; a full output), one ppoll() over the epoll fd (readable
 * when any of its members is) and those, then epoll_wait() without
 * waiting for what made the epoll fd readable: every fd of the process is
 * waited on in this one place, with no epoll_ctl() churn for fds whose
 * interest changes each turn.  Returns the events, or -errno.
 */
static int loop_wait(struct engine_loop *l, struct epoll_event *evs, int max,
		     struct pollfd *extra, int nextra, const char **call)
{
	int64_t tmo = loop_timeout_ns(l);
	struct timespec ts = { tmo / 1000000000, tmo % 1000000000 };
	struct pollfd *pfd;
	int n, np, nfixed;

	*call = "epoll_wait";
	if (!nextra && !loop_streaming(l)) {
		n = epoll_wait(l->ep, evs, max, tmo < 0 ? -1 : (int)((tmo + 999999) / 1000000));
		if (n > 0 && l->e->coalesce_ns && loop_all_warm(l))
			loop_moderate(l);
		return n < 0 ? (errno == EINTR ? 0 : -errno) : n;
	}
	pfd = loop_pollfds(l, extra, nextra, &np, &nfixed);
	*call = "ppoll";
	n = ppoll(pfd, (nfds_t)np, tmo < 0 ? NULL : &ts, NULL);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < nextra; i++)
		extra[i].revents = pfd[nfixed + i].revents;
	if (!(pfd[0].revents & POLLIN))
		return 0;
	*call = "epoll_wait";
	n = epoll_wait(l->ep, evs, max, 0);
	return n < 0 ? (errno == EINTR ? 0 : -errno) : n;
}

static void loop_dispatch(struct engine_loop *l, const struct epoll_event *evs, int n)
{
	for (int i = 0; i < n; i++) {
		uint64_t tag = evs[i].data.u64;
		struct vm *vm;

		if (tag == TAG_SIG) {
			loop_signal(l);
			continue;
		}
		vm = &l->vms[tag / ENGINE_NFDS];
		if (!vm->active)
			continue;
		switch (tag % ENGINE_NFDS) {
		case ENGINE_FD_STDERR:
			vm_read_stderr(l, vm);
			break;
		default:
			vm_read_serial(l, vm);
			vm_reset_when_drained(l, vm);
		}
	}
}

static void loop_kill_all(struct engine_loop *l, const char *why)
{
	for (int i = 0; i < l->e->jobs; i++)
		if (l->vms[i].active)
			vm_kill(&l->vms[i], why);
}

int engine_open(struct engine *e)
{
	struct engine_loop *l = g_new0(struct engine_loop, 1);
	int rc;

	l->e = e;
	rc = loop_setup(l);
	if (rc) {
		g_free(l);
		return rc;
	}
	e->loop = l;
	perf_global_init();
	g_queue_init(&l->jobs);
	engine_plan(e, &l->jobs);
	e->t_start = engine_now();
	return 0;
}

int engine_step(struct engine *e, struct pollfd *extra, int nextra)
{
	struct engine_loop *l = e->loop;
	struct epoll_event evs[64];
	const char *call;
	int busy, n;

	loop_start_jobs(l);
	busy = loop_busy(l);
	if (!busy && !nextra)
		return 0;
	if (e->infra)
		loop_kill_all(l, NULL);
	n = loop_wait(l, evs, G_N_ELEMENTS(evs), extra, nextra, &call);
	if (n < 0) {
		char msg[120];

		snprintf(msg, sizeof(msg), "%s: %s", call, strerror(-n));
		engine_infra(e, msg);
		return -EIO;
	}
	loop_dispatch(l, evs, n);
	for (int i = 0; i < e->jobs; i++) {
		struct vm *vm = &l->vms[i];

		if (vm->active && vm->bulk)
			vm_bulk_advance(l, vm);
		if (vm->active && vm->exited && vm->out_eof && vm->err_eof)
			vm_complete(l, vm);
	}
	loop_progress(l, 0);
	return busy;
}

int engine_close(struct engine *e)
{
	struct engine_loop *l = e->loop;

	if (!l)
		return 0;
	/* What still runs is killed and reaped: no QEMU outlives the loop. */
	l->closing = 1;
	loop_kill_all(l, NULL);
	while (loop_busy(l) && engine_step(e, NULL, 0) >= 0)
		;
	loop_progress(l, 1);
	g_queue_clear_full(&l->jobs, g_free);
	g_free(l->vms);
	g_free(l->pfd);
	close(l->ep);
	close(l->sfd);
	sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
	g_free(l);
	e->loop = NULL;
	if (e->infra)
		return -EIO;
	return e->interrupted ? -EINTR : 0;
}

int engine_run(struct engine *e)
{
	int rc = engine_open(e);

	if (rc)
		return rc;
	while (engine_step(e, NULL, 0) > 0)
		;
	return engine_close(e);
}

int engine_bulk_start(struct engine *e, struct engine_bulk *b)
{
	struct engine_job *j;

	if (!e->loop)
		return -EINVAL;
	/* Everything from 'finished' on is the engine's to fill. */
	memset(&b->finished, 0, sizeof(*b) - offsetof(struct engine_bulk, finished));
	j = g_new0(struct engine_job, 1);
	j->sidx = -1;
	j->n = 1;
	j->bulk = b;
	g_queue_push_tail(&e->loop->jobs, j);
	b->sr->queued++;
	e->total++;
	return 0;
}

void engine_bulk_cancel(struct engine *e, struct engine_bulk *b)
{
	struct engine_loop *l = e->loop;

	if (!l || b->finished)
		return;
	for (int i = 0; i < e->jobs; i++)
		if (l->vms[i].active && l->vms[i].bulk == b) {
			vm_bulk_stop(&l->vms[i], ENGINE_BULK_CANCELLED, -EPIPE, "%s", "");
			return;
		}
	for (GList *n = l->jobs.head; n; n = n->next) {
		struct engine_job *j = n->data;

		if (j->bulk == b) {
			g_queue_delete_link(&l->jobs, n);
			g_free(j);
			b->end = ENGINE_BULK_CANCELLED;
			b->finished = 1;
			return;
		}
	}
}
