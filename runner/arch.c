// SPDX-License-Identifier: GPL-3.0-or-later
#include <glib.h>
#include <string.h>

#include "arch.h"

/*
 * x86_64: microvm with qboot is the fastest standard machine for a PVH
 * kernel (~25 ms fork to exit under TCG); qboot is used only with
 * acpi=off, otherwise SeaBIOS runs (~2.7 s under an emulating KVM).  The
 * guest resets by triple fault.
 *
 * arm64: virt has no isa-debug-exit; semihosting's SYS_EXIT gives the
 * status and PSCI SYSTEM_RESET (HVC, virt's conduit at EL1) the reset,
 * which reloads the ELF (shared/FIELD.md).  mte=on gives the guest tag
 * memory, which FEAT_MTE2 and so the MTE images need; there is no CPU
 * property for it.  RAM starts at 1 GiB.  QEMU 7.2's monitor shows no
 * aarch64 system registers; its gdbstub does (inspect.c).
 */
#define ARCH_MICROVM "microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off"
#define ARCH_VIRT "virt,mte=on"

const struct arch_desc arch_table[] = {
	{ "x86_64", 62, 3, "qemu-system-x86_64", "microvm", "max",
	  ARCH_EXIT_ISA_DEBUG, "triple fault", 0, ARCH_REGS_MONITOR },
	{ "arm64", 183, 0, "qemu-system-aarch64", "virt", "max",
	  ARCH_EXIT_SEMIHOSTING, "PSCI SYSTEM_RESET", 0x40000000, ARCH_REGS_GDBSTUB },
};

const unsigned arch_count = G_N_ELEMENTS(arch_table);

const struct arch_desc *arch_by_name(const char *name)
{
	for (unsigned i = 0; name && i < arch_count; i++)
		if (!strcmp(arch_table[i].name, name))
			return &arch_table[i];
	return NULL;
}

const struct arch_desc *arch_by_elf(unsigned machine)
{
	for (unsigned i = 0; i < arch_count; i++)
		if (arch_table[i].elf_machine == machine ||
		    (arch_table[i].elf_machine32 && arch_table[i].elf_machine32 == machine))
			return &arch_table[i];
	return NULL;
}

const struct arch_desc *arch_host(void)
{
#if defined(__aarch64__)
	return arch_by_name("arm64");
#elif defined(__x86_64__)
	return arch_by_name("x86_64");
#else
	return NULL;
#endif
}

const char *arch_machine_expanded(const char *machine)
{
	if (!strcmp(machine, "microvm"))
		return ARCH_MICROVM;
	if (!strcmp(machine, "virt"))
		return ARCH_VIRT;
	return machine;
}

const char *arch_machine_why(const char *machine)
{
	if (!strcmp(machine, "microvm"))
		return "machine = microvm is hardboot's fast PVH line (qboot, no option "
		       "ROMs, PIT, PIC, RTC or ACPI); machine = microvm,acpi=auto is QEMU's "
		       "own microvm";
	if (!strcmp(machine, "virt"))
		return "machine = virt is virt,mte=on: tag memory for the MTE images; "
		       "machine = virt,mte=off is QEMU's own virt";
	return NULL;
}

char *arch_machine_line(const struct arch_desc *a, const char *machine)
{
	(void)a;
	return g_strdup(arch_machine_expanded(machine));
}
