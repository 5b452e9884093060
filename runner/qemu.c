/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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
	if (o->int_log) {
		ARG("-d");
		ARG("int");
		ARG("-D");
		ARG(o->int_log);
	}
	if (o->qmp_path) {
		ARG("-qmp");
		ARGF("unix:%s,server=on,wait=off", o->qmp_path);
	}
	if (o->gdb_path) {
		/* nothing waits for a debugger: the runner connects at done */
		ARG("-gdb");
		ARGF("unix:%s,server=on,wait=off", o->gdb_path);
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

_Noreturn static void qemu_child_fail(int fail, int e)
{
	if (write(fail, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Drop to the unprivileged user: groups first, then gid, then uid (the
 * order in which each step is still allowed). */
static int qemu_drop(const struct qemu_user *as)
{
	if (setgroups((size_t)as->ngroups, as->groups) || setgid(as->gid) ||
	    setuid(as->uid))
		return errno;
	return 0;
}

static void qemu_child(char *const *argv, const struct qemu_user *as, int out,
		       int err, int go, int fail, pid_t parent)
{
	sigset_t none;
	char c;
	int devnull = open("/dev/null", O_RDONLY);
	int e;

	/* Own process group before the signals are unblocked: the terminal's
	 * Ctrl-C reaches the runner, which then kills the group. */
	setpgid(0, 0);
	/* The user changes before the death signal is set: the kernel clears
	 * PR_SET_PDEATHSIG on any change of credentials, not on this exec. */
	if (as && as->drop && (e = qemu_drop(as)))
		qemu_child_fail(fail, e);
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
	qemu_child_fail(fail, errno);
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

int qemu_spawn(struct qemu_proc *p, char *const *argv, const struct qemu_user *as,
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
		qemu_child(argv, as, out[1], er[1], go[0], fail[1], parent);
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
 * resource changes; and it runs as an unprivileged user (qemu_user_decide).
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
	if (!qemu_sandbox_try(qemu, sb->opt, sb->why, sizeof(sb->why)))
		sb->opt[0] = '\0';
	return sb;
}

/* What the unprivileged user cannot do of what QEMU will need, tried in a
 * child that becomes that user: 0, a bit per failure, or QEMU_USER_SWITCH. */
#define QEMU_USER_IMAGE 1
#define QEMU_USER_KVM 2
#define QEMU_USER_TMP 4
#define QEMU_USER_SWITCH 8

static int qemu_user_try(const struct qemu_user *u, const char *image, int kvm,
			 const char *tmp)
{
	pid_t pid = fork();
	int st, bad = 0, fd;

	if (pid < 0)
		return QEMU_USER_SWITCH;
	if (pid == 0) {
		if (qemu_drop(u))
			_exit(QEMU_USER_SWITCH);
		if (access(image, R_OK))
			bad |= QEMU_USER_IMAGE;
		if (kvm && ((fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0 || close(fd)))
			bad |= QEMU_USER_KVM;
		if (tmp && access(tmp, W_OK | X_OK))
			bad |= QEMU_USER_TMP;
		_exit(bad);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return QEMU_USER_SWITCH;
	return WIFEXITED(st) ? WEXITSTATUS(st) : QEMU_USER_SWITCH;
}

void qemu_user_decide(struct qemu_user *u, const char *image, const char *accel,
		      int tmp_files)
{
	/* looked up here: a forked child of the runner allocates nothing */
	const char *tmp = tmp_files ? g_get_tmp_dir() : NULL;
	struct passwd *pw = getpwuid(geteuid());
	GString *why;
	int bad;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", pw ? pw->pw_name : "?");
	if (geteuid() != 0) {
		snprintf(u->why, sizeof(u->why), "the runner is not root: QEMU runs as its user");
		return;
	}
	pw = getpwnam(QEMU_USER);
	if (!pw) {
		snprintf(u->why, sizeof(u->why), "QEMU keeps root: no user %s on this host",
			 QEMU_USER);
		return;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	/* looked up here: NSS is no business of a forked child */
	u->ngroups = (int)G_N_ELEMENTS(u->groups);
	if (getgrouplist(QEMU_USER, u->gid, u->groups, &u->ngroups) < 0)
		u->ngroups = 0;
	bad = qemu_user_try(u, image, !strcmp(accel, "kvm"), tmp);
	if (!bad) {
		u->drop = 1;
		snprintf(u->name, sizeof(u->name), "%s", QEMU_USER);
		return;
	}
	why = g_string_new("QEMU keeps root: " QEMU_USER " cannot");
	if (bad & QEMU_USER_SWITCH)
		g_string_append(why, " be switched to");
	if (bad & QEMU_USER_IMAGE)
		g_string_append_printf(why, " read %s;", image);
	if (bad & QEMU_USER_KVM)
		g_string_append(why, " open /dev/kvm;");
	if (bad & QEMU_USER_TMP)
		g_string_append_printf(why, " create files in %s;", tmp);
	if (why->str[why->len - 1] == ';')
		g_string_truncate(why, why->len - 1);
	snprintf(u->why, sizeof(u->why), "%s", why->str);
	g_string_free(why, TRUE);
}

json_t *qemu_sandbox_json(const struct qemu_sandbox *sb, const struct qemu_user *u)
{
	json_t *o = json_object();

	json_object_set_new(o, "seccomp", sb->opt[0] ? json_string(sb->opt) : json_null());
	if (!sb->opt[0])
		json_object_set_new(o, "seccomp_why", json_string(sb->why));
	json_object_set_new(o, "user", json_string(u->name));
	if (u->why[0])
		json_object_set_new(o, "user_why", json_string(u->why));
	return o;
}
