/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for QEMU's aarch64 -d int log (qemulog.h): QEMU writes
 * it, the guest decides what is in it (how many exceptions, at which
 * addresses).  Any bytes give at most QEMULOG_MAX_EXC well-formed objects,
 * never a crash.
 */
#include <stdint.h>
#include <string.h>

#include "qemulog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *arr = json_array(), *e;
	size_t i;

	qemulog_parse((const char *)data, size, arr);
	if (json_array_size(arr) > QEMULOG_MAX_EXC)
		__builtin_trap();
	json_array_foreach(arr, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));

		if (!name || !*name || !strcmp(name, "Semihosting call"))
			__builtin_trap();
	}
	json_decref(arr);
	return 0;
}
