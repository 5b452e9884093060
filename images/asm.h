/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers for the images' assembly files.
 */
#ifndef HB_ASM_H
#define HB_ASM_H

/*
 * Mark an object as IBT and shadow-stack compatible, as gcc does for C
 * built with -fcf-protection=full.  The linker ANDs these properties over
 * all inputs, so a single unmarked assembly file would silently drop the
 * image's CET marking.
 */
#define HB_ASM_CET_NOTE                                   \
	.pushsection .note.gnu.property, "a";             \
	.balign 8;                                        \
	.long 4;           /* n_namesz */                 \
	.long 16;          /* n_descsz */                 \
	.long 5;           /* NT_GNU_PROPERTY_TYPE_0 */   \
	.asciz "GNU";                                     \
	.long 0xc0000002;  /* GNU_PROPERTY_X86_FEATURE_1_AND */ \
	.long 4;                                          \
	.long 3;           /* IBT | SHSTK */              \
	.long 0;                                          \
	.popsection

/* What attack_gadget (cet.S) returns when entered past its endbr64. */
#define HB_ATTACK_GADGET_MAGIC 0x68696a6b

#define HB_ASM_FUNC(name) \
	.hidden name;     \
	.globl name;      \
	.type name, @function; \
	name:

#define HB_ASM_END(name) .size name, . - name

#endif /* HB_ASM_H */
