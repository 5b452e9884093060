/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the suite-file loader (GKeyFile + key table). */
#include <stdint.h>

#include "suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct suite s = { 0 };
	char err[SUITE_ERR_LEN];

	suite_load_data(&s, (const char *)data, size, "fuzz.ini",
			"/nonexistent-images", err, sizeof(err));
	suite_free(&s);
	return 0;
}
