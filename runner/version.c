/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "version.h"

#if __has_include("version-rev.h")
#include "version-rev.h"
#endif
#ifndef HB_GIT_REV
#define HB_GIT_REV "unknown"
#endif

const char *version_git_rev(void)
{
	return HB_GIT_REV;
}
