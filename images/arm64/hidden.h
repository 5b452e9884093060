/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Forced into every arm64 C file (-include): every symbol, declared or
 * defined, is inside the image.  -fvisibility=hidden covers definitions
 * only; an extern declared without it is reached through the GOT, and
 * unlike x86's GOTPCRELX, aarch64 ld leaves those loads in a static PIE.
 * The GOT is relocated to the random base before the switch, so a GOT
 * load between relocation and switch would hand C an address that is
 * not mapped yet.  Hidden, every access is adrp+add, PC-relative.
 */
#pragma GCC visibility push(hidden)
