/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "qemu.h"

/*
 * microvm with qboot is the fastest standard machine for a PVH kernel
 * (~25 ms fork to exit under TCG); qboot is used only with acpi=off,
 * otherwise SeaBIOS runs (~2.7 s under an emulating KVM).
 */
#define QEMU_MICROVM "microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off"

static char *qemu_machine(const struct section *sec, const struct qemu_opts *o)
{
	const char *m = sec->machine;
	GString *s = g_string_new(!strcmp(m, "microvm") ? QEMU_MICROVM : m);

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
	ARG("-device");
	ARGF("isa-debug-exit,iobase=0x%x,iosize=%d", sec->img.exit_port,
	     sec->img.exit_port == 0xf4 ? 4 : 2);
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
