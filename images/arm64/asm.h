/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the arm64 images' assembly files. */
#ifndef HB_ARM64_ASM_H
#define HB_ARM64_ASM_H

/*
 * Claim BTI and PAC for every assembly object, as gcc does for C built
 * with -mbranch-protection=standard: the linker ANDs the property over all
 * inputs, so one unmarked file would drop the image's marking.  Every
 * function here whose address is taken starts with a landing pad.
 */
#define HB_ARM64_PROP_NOTE                                \
	.pushsection .note.gnu.property, "a";             \
	.balign 8;                                        \
	.long 4;                                          \
	.long 16;                                         \
	.long 5;           /* NT_GNU_PROPERTY_TYPE_0 */   \
	.asciz "GNU";                                     \
	.long 0xc0000000;  /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */ \
	.long 4;                                          \
	.long 3;           /* BTI | PAC */                \
	.long 0;                                          \
	.popsection

/* Hint-space encodings: valid (as NOPs) on any armv8-a core. */
#define HB_BTI_C   hint #34
#define HB_BTI_J   hint #36
#define HB_PACIASP hint #25
#define HB_AUTIASP hint #29

/* What attack_gadget returns when entered past its landing pad. */
#define HB_ATTACK_GADGET_MAGIC 0x68696a6b

#define HB_ARM64_FUNC(name) \
	.hidden name;       \
	.globl name;        \
	.type name, %function; \
	name:

#define HB_ARM64_END(name) .size name, . - name

#endif /* HB_ARM64_ASM_H */
