/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The warm baseline where the guest does not reset itself (reset=qmp, as
 * under KVM): one plain QEMU on the runner's recorded warm line, a
 * system_reset over QMP after every "HB1 done", nothing else -- the least
 * a harness must do to boot such a guest in a loop.  bench/boot_throughput.sh
 * runs JOBS of these side by side against `hardboot run --mode warm`.
 *
 * usage: qmp_reset_loop SECONDS 'QEMU LINE'   prints the count of done
 * records.  The line's QMP socket placeholder is replaced by a real path.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu.h"
#include "qmp.h"

static char **loop_argv(const char *line, const char *sock)
{
	char **argv = NULL;
	GError *ge = NULL;

	if (!g_shell_parse_argv(line, NULL, &argv, &ge)) {
		fprintf(stderr, "qmp_reset_loop: %s\n", ge->message);
		g_error_free(ge);
		return NULL;
	}
	for (char **a = argv; *a; a++)
		if (g_str_has_prefix(*a, "unix:") && strstr(*a, ".qmp")) {
			g_free(*a);
			*a = g_strdup_printf("unix:%s,server=on,wait=off", sock);
		}
	return argv;
}

int main(int argc, char **argv)
{
	char sock[128], err[256], buf[65536], line[4096];
	size_t llen = 0;
	unsigned long done = 0;
	struct qemu_proc p;
	struct qmp q;
	char **qa;
	gint64 end;

	if (argc != 3) {
		fprintf(stderr, "usage: qmp_reset_loop SECONDS 'QEMU LINE'\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(sock, sizeof(sock), "%s/hb-bench-%d.qmp", g_get_tmp_dir(), (int)getpid());
	qa = loop_argv(argv[2], sock);
	if (!qa || qemu_spawn(&p, qa, NULL, NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "qmp_reset_loop: %s\n", qa ? err : "bad line");
		return 2;
	}
	if (qmp_connect(&q, sock, 5000)) {
		fprintf(stderr, "qmp_reset_loop: %s\n", q.err);
		kill(-p.pid, SIGKILL);
		return 2;
	}
	fcntl(p.out_fd, F_SETFL, 0); /* blocking: one QEMU, nothing else to watch */
	end = g_get_monotonic_time() + (gint64)(strtod(argv[1], NULL) * 1e6);
	while (g_get_monotonic_time() < end) {
		ssize_t n = read(p.out_fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (llen < sizeof(line) - 1)
					line[llen++] = buf[i];
				continue;
			}
			line[llen] = '\0';
			llen = 0;
			if (strncmp(line, "HB1 done st=pass", 16))
				continue;
			done++;
			if (qmp_execute(&q, "system_reset", NULL, NULL, 5000)) {
				fprintf(stderr, "qmp_reset_loop: %s\n", q.err);
				end = 0;
				break;
			}
		}
	}
	qmp_close(&q);
	kill(-p.pid, SIGKILL);
	waitpid(p.pid, NULL, 0);
	unlink(sock);
	g_strfreev(qa);
	printf("%lu\n", done);
	return 0;
}
