/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "arch.h"
#include "qemu.h"

const char *qemu_machine_expanded(const char *machine)
{
	return arch_machine_expanded(machine);
}

/* The machine line: the architecture's options for its machine (arch.c). */
static char *qemu_machine(const struct section *sec, const struct qemu_opts *o)
{
	char *m = arch_machine_line(sec->img.arch, sec->machine);
	GString *s = g_string_new(m);

	g_free(m);

	if (o->memfile)
		g_string_append(s, ",memory-backend=hbmem");
	return g_string_free(s, FALSE);
}

static char *qemu_append(const struct section *sec, const struct qemu_opts *o)
{
	static const char *const after[] = {
		[QEMU_AFTER_POWEROFF] = "exit=poweroff",
		[QEMU_AFTER_RESET] = "exit=reset",
		[QEMU_AFTER_HALT] = "exit=halt",
	};
	GString *s = g_string_new(NULL);

	if (sec->img.protocol)
		g_string_append(s, after[o->after]);
	if (sec->append && *sec->append)
		g_string_append_printf(s, "%s%s", s->len ? " " : "", sec->append);
	if (o->append && *o->append)
		g_string_append_printf(s, "%s%s", s->len ? " " : "", o->append);
	return g_string_free(s, FALSE);
}

char **qemu_argv(const struct section *sec, const struct qemu_opts *o)
{
	GPtrArray *a = g_ptr_array_new();
	char *append = qemu_append(sec, o);

#define ARG(x) g_ptr_array_add(a, g_strdup(x))
#define ARGF(...) g_ptr_array_add(a, g_strdup_printf(__VA_ARGS__))
	ARG(sec->qemu);
	ARG("-nodefaults");
	ARG("-no-user-config");
	ARG("-display");
	ARG("none");
	if (o->sandbox) {
		ARG("-sandbox");
		ARG(o->sandbox);
	}
	if (o->runas) {
		ARG("-runas");
		ARG(o->runas);
	}
	/* Cold boots must end on a guest reset (triple fault) rather than boot
	 * again; warm boots need the reset, whether the guest or QMP asks. */
	if (!o->reboot)
		ARG("-no-reboot");
	ARG("-M");
	g_ptr_array_add(a, qemu_machine(sec, o));
	ARG("-accel");
	ARG(o->accel);
	ARG("-cpu");
	ARGF("%s%s", sec->cpu, o->no_arch_caps ? ",-arch-capabilities" : "");
	ARG("-m");
	ARGF("%luM", sec->memory);
	if (o->memfile) {
		ARG("-object");
		ARGF("memory-backend-file,id=hbmem,size=%luM,mem-path=%s,share=on",
		     sec->memory, o->memfile);
	}
	ARG("-serial");
	ARG("stdio");
	if (o->keep_guest) {
		ARG("-action");
		ARG("shutdown=pause");
	} else if (sec->img.arch->exit == ARCH_EXIT_SEMIHOSTING) {
		/* arm64 virt: SYS_EXIT is the only exit with a status */
		ARG("-semihosting");
	} else {
		ARG("-device");
		ARGF("isa-debug-exit,iobase=0x%x,iosize=%d", sec->img.exit_port,
		     sec->img.exit_port == 0xf4 ? 4 : 2);
	}
	if (o->qmp_path) {
		ARG("-qmp");
		ARGF("unix:%s,server=on,wait=off", o->qmp_path);
	}
	ARG("-kernel");
	ARG(sec->img.path);
	if (*append) {
		ARG("-append");
		ARG(append);
	}
	for (char **e = sec->extra_argv; e && *e; e++)
		ARG(*e);
#undef ARG
#undef ARGF
	g_free(append);
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

char *qemu_cmdline(char *const *argv)
{
	GString *s = g_string_new(NULL);

	for (char *const *p = argv; *p; p++) {
		char *q = g_shell_quote(*p);
		int plain = !strpbrk(*p, " \t\n'\"\\$`*?[]{}()<>|&;#~!");

		g_string_append_printf(s, "%s%s", p == argv ? "" : " ",
				       plain ? *p : q);
		g_free(q);
	}
	return g_string_free(s, FALSE);
}

char *qemu_version(const char *qemu)
{
	char *argv[] = { (char *)qemu, "-version", NULL };
	char *out = NULL, *nl;
	int status = 0;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
			  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
			  &status, NULL) || status) {
		g_free(out);
		return NULL;
	}
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	return out;
}

static void qemu_child(char *const *argv, int out, int err, int go, int fail,
		       pid_t parent)
{
	sigset_t none;
	char c;
	int devnull = open("/dev/null", O_RDONLY);
	int e;

	/* Own process group before the signals are unblocked: the terminal's
	 * Ctrl-C reaches the runner, which then kills the group. */
	setpgid(0, 0);
	/* A runner killed outright (SIGKILL, OOM) kills no group: the kernel
	 * does it.  The death signal fires when the forking *thread* exits;
	 * only the engine's one thread starts QEMU.  A runner that died
	 * before prctl() has already re-parented us: go now. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	dup2(devnull, 0);
	dup2(out, 1);
	dup2(err, 2);
	if (go >= 0)
		while (read(go, &c, 1) < 0 && errno == EINTR)
			;
	execvp(argv[0], argv);
	e = errno;
	if (write(fail, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Before the fork: nothing is the child's yet, so close every end. */
static void qemu_close_pipes(int out[2], int er[2], int go[2], int fail[2])
{
	int *all[] = { out, er, go, fail };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		for (int k = 0; k < 2; k++)
			if (all[i][k] >= 0)
				close(all[i][k]);
}

int qemu_spawn(struct qemu_proc *p, char *const *argv,
	       void (*hook)(pid_t pid, void *ctx), void *ctx,
	       char *err, size_t errlen)
{
	int out[2] = { -1, -1 }, er[2] = { -1, -1 }, go[2] = { -1, -1 };
	int fail[2] = { -1, -1 }, ex = 0, rc;
	pid_t parent = getpid();
	ssize_t n;

	memset(p, 0, sizeof(*p));
	p->out_fd = p->err_fd = -1;
	if (pipe2(out, O_CLOEXEC) || pipe2(er, O_CLOEXEC) || pipe2(fail, O_CLOEXEC) ||
	    (hook && pipe2(go, O_CLOEXEC))) {
		rc = -errno;
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		qemu_close_pipes(out, er, go, fail);
		return rc;
	}
	p->pid = fork();
	if (p->pid < 0) {
		rc = -errno;
		snprintf(err, errlen, "fork: %s", strerror(errno));
		qemu_close_pipes(out, er, go, fail);
		p->pid = 0;
		return rc;
	}
	if (p->pid == 0)
		qemu_child(argv, out[1], er[1], go[0], fail[1], parent);
	setpgid(p->pid, p->pid);
	close(out[1]);
	close(er[1]);
	close(fail[1]);
	if (hook) {
		close(go[0]);
		hook(p->pid, ctx);
		if (write(go[1], "g", 1) < 0) {
			/* the child is gone; its exit says why */
		}
		close(go[1]);
	}
	n = read(fail[0], &ex, sizeof(ex)); /* EOF: exec succeeded */
	close(fail[0]);
	p->out_fd = out[0];
	p->err_fd = er[0];
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(er[0], F_SETFL, O_NONBLOCK);
	if (n == (ssize_t)sizeof(ex)) {
		snprintf(err, errlen, "cannot run QEMU '%s': %s", argv[0], strerror(ex));
		return -ex;
	}
	return 0;
}

static const char *const qemu_fatal_lines[] = {
	"KVM internal error", "emulation failure", "failed to set MSR",
	"Could not access KVM kernel module", "failed to initialize kvm",
};

/* One whole line of stderr: the first fatal one is kept. */
static void qemu_check_fatal(struct qemu_proc *p, const char *line)
{
	for (size_t i = 0; i < G_N_ELEMENTS(qemu_fatal_lines) && !p->fatal[0]; i++) {
		const char *hit = strstr(line, qemu_fatal_lines[i]);

		if (hit)
			snprintf(p->fatal, sizeof(p->fatal), "QEMU: %s", hit);
	}
}

/* Lines are checked as they complete, however much QEMU printed before
 * (a register dump can come first); the first QEMU_ERR_CAP bytes are
 * kept for the boot's reason. */
static void qemu_err_lines(struct qemu_proc *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n' && p->llen < sizeof(p->line) - 1) {
			p->line[p->llen++] = buf[i];
			continue;
		}
		if (buf[i] != '\n')
			continue; /* over-long: the rest of it is dropped */
		p->line[p->llen] = '\0';
		qemu_check_fatal(p, p->line);
		p->llen = 0;
	}
}

int qemu_read_stderr(struct qemu_proc *p)
{
	for (;;) {
		char buf[4096];
		ssize_t n = read(p->err_fd, buf, sizeof(buf));
		size_t take;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0) {
			p->line[p->llen] = '\0';
			qemu_check_fatal(p, p->line);
			return 1;
		}
		qemu_err_lines(p, buf, (size_t)n);
		take = (size_t)n;
		if (take > QEMU_ERR_CAP - 1 - p->errlen)
			take = QEMU_ERR_CAP - 1 - p->errlen;
		memcpy(p->errbuf + p->errlen, buf, take);
		p->errlen += take;
		p->errbuf[p->errlen] = '\0';
	}
}

void qemu_first_err_line(const struct qemu_proc *p, char *out, size_t n)
{
	const char *nl = strchr(p->errbuf, '\n');

	snprintf(out, n, "%.*s", nl ? (int)(nl - p->errbuf) : (int)strlen(p->errbuf),
		 p->errbuf);
}

/*
 * hardboot boots foreign, possibly hostile images, usually as root.  A
 * guest that escapes into QEMU meets seccomp (-sandbox on): no obsolete
 * syscalls, no fork/exec, no setuid or capability changes, no scheduler or
 * resource changes.  QEMU keeps the runner's user: -runas (or any change
 * of credentials) makes the kernel clear PR_SET_PDEATHSIG, and a QEMU
 * dropped to nobody outlived a runner killed with -9 (stream.bats shows
 * it).  Dropping privileges in the child before exec would need /dev/kvm,
 * the RAM file and the QMP socket's directory open to that user: not done.
 * Probed once per binary: a QEMU built without seccomp says so.
 */
#define QEMU_SANDBOX_OPT "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"
#define QEMU_SANDBOX_MAX 8

static struct qemu_sandbox qemu_sandboxes[QEMU_SANDBOX_MAX];
static int qemu_nsandboxes;

static int qemu_sandbox_try(const char *qemu, const char *opt, char *why, size_t n)
{
	char *argv[] = { (char *)qemu, "-sandbox", (char *)opt, "-version", NULL };
	char *err = NULL;
	gint st = -1;
	int ok;

	ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
			  NULL, NULL, NULL, &err, &st, NULL) && g_spawn_check_wait_status(st, NULL);
	if (!ok) {
		char *nl = err ? strchr(err, '\n') : NULL;

		if (nl)
			*nl = '\0';
		snprintf(why, n, "%s", err && *err ? err : "QEMU refused the option");
	}
	g_free(err);
	return ok;
}

const struct qemu_sandbox *qemu_sandbox(const char *qemu)
{
	struct qemu_sandbox *sb;

	for (int i = 0; i < qemu_nsandboxes; i++)
		if (!strcmp(qemu_sandboxes[i].qemu, qemu))
			return &qemu_sandboxes[i];
	if (qemu_nsandboxes == QEMU_SANDBOX_MAX)
		qemu_nsandboxes = 0; /* a cache: forget the oldest ones */
	sb = &qemu_sandboxes[qemu_nsandboxes++];
	memset(sb, 0, sizeof(*sb));
	snprintf(sb->qemu, sizeof(sb->qemu), "%s", qemu);
	snprintf(sb->opt, sizeof(sb->opt), "%s", QEMU_SANDBOX_OPT);
	snprintf(sb->user_why, sizeof(sb->user_why), "QEMU keeps the runner's user: "
		 "a change of user clears PR_SET_PDEATHSIG, and QEMU would outlive "
		 "a runner killed with -9");
	if (!qemu_sandbox_try(qemu, sb->opt, sb->why, sizeof(sb->why)))
		sb->opt[0] = '\0';
	return sb;
}

json_t *qemu_sandbox_json(const struct qemu_sandbox *sb)
{
	struct passwd *pw = getpwuid(geteuid());
	json_t *o = json_object();

	json_object_set_new(o, "seccomp", sb->opt[0] ? json_string(sb->opt) : json_null());
	if (!sb->opt[0])
		json_object_set_new(o, "seccomp_why", json_string(sb->why));
	json_object_set_new(o, "user", pw ? json_string(pw->pw_name) : json_sprintf("%d", (int)geteuid()));
	json_object_set_new(o, "user_why", json_string(sb->user_why));
	return o;
}
