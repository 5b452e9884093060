# SPDX-License-Identifier: GPL-3.0-or-later
# The arm64 images: images/build/arm64-*.elf from the arch-independent C
# of images/ (records, generators, layout, canary, ring) and the arm64
# files here (entry, vectors, seeding from RNDRRS/RNDR, PL011, device
# tree, stage-1 tables, BTI/PAC/MTE payloads), built with Debian's
# aarch64-linux-gnu-gcc.  Included by images.mk; their manifest entries
# join images/build/manifest.json with "arch":"arm64".
#
# A variant is one line of ARM_VARIANTS below:
#   NAME ROLE BTI PAC MTE_CHECK ASLR CANARY SEED FLAW WX_TEXT SLOW
# The hardened image has everything on; each twin switches one thing off
# at run time (the code is the same, built with -mbranch-protection):
#   nobti: code pages not guarded (descriptor GP clear)
#   nopac: SCTLR_EL1.EnIA clear (PACIASP/AUTIASP are NOPs)
#   nomte: tags stored (ATA) but not checked (TCF 0)
#   wx-violation: the text mapped writable and executable, and
#     SCTLR_EL1.WXN clear (WXN would make it execute-never: no boot)
# and the boot-time suite's proof, slowboot: hardened plus a spin of SLOW
# generic-timer ticks (62.5 MHz under QEMU: 1.5M = 24 ms) before the rng
# mark, as x86's slowboot spins TSC ticks.

ARM_CC    ?= aarch64-linux-gnu-gcc
ARM_DIR   := $(IMG_DIR)/arm64

ARM_VARIANTS := \
	arm64-hardened:product:1:1:1:1:random:hw:-:0:0 \
	arm64-nobti:twin:0:1:1:1:random:hw:bti-off:0:0 \
	arm64-nopac:twin:1:0:1:1:random:hw:pac-off:0:0 \
	arm64-nomte:twin:1:1:0:1:random:hw:mte-unchecked:0:0 \
	arm64-aslr-off:twin:1:1:1:0:random:hw:no-aslr:0:0 \
	arm64-canary-const:twin:1:1:1:1:const:hw:constant-canary:0:0 \
	arm64-rng-fixedseed:twin:1:1:1:1:random:fixed:fixed-key:0:0 \
	arm64-wx-violation:twin:1:1:1:1:random:hw:wx-text:1:0 \
	arm64-slowboot:test:1:1:1:1:random:hw:-:0:1500000

ARM_LIST := $(foreach v,$(ARM_VARIANTS),$(word 1,$(subst :, ,$(v))))

# The canary is read through SP_EL0 (free while the images run on SP_EL1),
# which holds the address of __stack_chk_guard (entry.S, then boot.c at the
# random base): with =global, gcc reads the guard through the GOT, which
# is relocated before the switch, so a protected function between
# relocation and switch would read through an address not mapped yet.
ARM_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fpie -fno-plt \
	-mgeneral-regs-only -mstrict-align -mbranch-protection=standard \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common \
	-fvisibility=hidden -fstack-protector-strong \
	-mstack-protector-guard=sysreg -mstack-protector-guard-reg=sp_el0 \
	-mstack-protector-guard-offset=0 $(IMG_WARN) \
	-Iinclude -I$(IMG_DIR) -MMD -MP
ARM_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker \
	-Wl,-z,max-page-size=4096 -Wl,-z,text -Wl,--build-id=none \
	-Wl,-z,now -Wl,-z,noexecstack -Wl,-z,force-bti -Wl,-z,pac-plt

# Shared with x86 (images/), then arm64's own; entry.S first (the ELF
# entry is the first byte of .boot.text).
ARM_SRC := arm64/entry.S arm64/seed.S arm64/seedc.c arm64/boot.c \
	arm64/serial.c arm64/fdt.c arm64/paging.c arm64/cpu.c \
	arm64/fault.c arm64/attack.c arm64/cfi.S \
	record.c rng.c aslr.c reloc.c heap.c canary.c ring.c raw.c slow.c main.c \
	lib/string.c lib/fmt.c lib/chacha20.c lib/cmdline.c

arm_f = $(word $(2),$(subst :, ,$(filter $(1):%,$(ARM_VARIANTS))))
arm_canary = $(IMG_CANARY_$(1))
arm_seed = $(IMG_SEED_$(1))
arm_bool = $(if $(filter 1,$(1)),true,false)

define arm_rules
$(1)_ADEFS := -DHB_IMG_NAME='"$(1)"' -DHB_CFG_PROTOCOL=1 \
	-DHB_CFG_BOOT_MULTIBOOT=0 -DHB_CFG_ASLR=$(call arm_f,$(1),6) \
	-DHB_CFG_BASE_BITS=20 -DHB_CFG_STACK_BITS=28 -DHB_CFG_HEAP_BITS=28 \
	-DHB_CFG_SLOT_BIASED=0 -DHB_CFG_HEAP_CORRELATED=0 \
	-DHB_CFG_CANARY=$(call arm_canary,$(call arm_f,$(1),7)) \
	-DHB_CFG_SEED=$(call arm_seed,$(call arm_f,$(1),8)) \
	-DHB_CFG_RNG=HB_RNG_CHACHA -DHB_CFG_CHACHA_ROUNDS=20 -DHB_CFG_WX=1 \
	-DHB_CFG_PIE=1 -DHB_CFG_CET=0 -DHB_CFG_NOENDBR=0 -DHB_CFG_WX_TEXT=$(call arm_f,$(1),10) \
	-DHB_CFG_SLOW=$(if $(filter-out 0,$(call arm_f,$(1),11)),1,0) \
	-DHB_CFG_SLOW_PHASE=$(if $(filter-out 0,$(call arm_f,$(1),11)),CMDLINE_SLOW_RNG,CMDLINE_SLOW_NONE) \
	-DHB_CFG_SLOW_CYCLES=$(call arm_f,$(1),11)ull -DHB_CFG_BTI=$(call arm_f,$(1),3) \
	-DHB_CFG_PAC=$(call arm_f,$(1),4) -DHB_CFG_MTE=1 \
	-DHB_CFG_MTE_CHECK=$(call arm_f,$(1),5)
$(1)_AOBJ := $$(patsubst %,$(IMG_OUT)/$(1)/%.o,$$(basename $(ARM_SRC)))

$(IMG_OUT)/$(1)/%.o: $(IMG_DIR)/%.c $(IMG_DEPS) $(ARM_DIR)/arm64.mk
	@mkdir -p $$(@D)
	$(ARM_CC) $(ARM_CFLAGS) -include $(ARM_DIR)/hidden.h $$($(1)_ADEFS) -c -o $$@ $$<

$(IMG_OUT)/$(1)/%.o: $(IMG_DIR)/%.S $(IMG_DEPS) $(ARM_DIR)/arm64.mk
	@mkdir -p $$(@D)
	$(ARM_CC) $(ARM_CFLAGS) $$($(1)_ADEFS) -c -o $$@ $$<

$(IMG_OUT)/$(1)/link.ld: $(ARM_DIR)/link.ld.S $(IMG_DIR)/layout.h $(IMG_DEPS) $(ARM_DIR)/arm64.mk
	@mkdir -p $$(@D)
	$(ARM_CC) -E -P -x c -I$(IMG_DIR) $$($(1)_ADEFS) -o $$@ $$<

$(IMG_OUT)/$(1).elf: $$($(1)_AOBJ) $(IMG_OUT)/$(1)/link.ld
	$(ARM_CC) $(ARM_CFLAGS) $(ARM_LDFLAGS) -T $(IMG_OUT)/$(1)/link.ld \
		-o $$@ $$($(1)_AOBJ)

$(IMG_OUT)/$(1).json: $(IMG_DEPS) $(ARM_DIR)/arm64.mk
	@mkdir -p $$(@D)
	@printf '%s' '{"name":"$(1)","file":"$(1).elf","arch":"arm64",' \
	'"role":"$(call arm_f,$(1),2)","boot":"elf","protocol":"HB1",' \
	'"machines":["virt"],"cpu":"max","needs":["semihosting"],' \
	'"memory_mib":16,"exit":{"pass":1,"fail":3},' \
	'"claims":{"aslr":{"stack":$(if $(filter 1,$(call arm_f,$(1),6)),28,0),' \
	'"heap":$(if $(filter 1,$(call arm_f,$(1),6)),28,0),' \
	'"base":$(if $(filter 1,$(call arm_f,$(1),6)),20,0)},' \
	'"aslr_pairs":{"heap-stack":$(if $(filter 1,$(call arm_f,$(1),6)),28,0),' \
	'"base-stack":$(if $(filter 1,$(call arm_f,$(1),6)),28,0),' \
	'"base-heap":$(if $(filter 1,$(call arm_f,$(1),6)),28,0)},' \
	'"canary":"$(call arm_f,$(1),7)","rng":"chacha20","seed":"$(call arm_f,$(1),8)",' \
	'"kat":"pass","wx":$(if $(filter 1,$(call arm_f,$(1),10)),false,true),"pie":true,"relro":true,' \
	'"cet":{"ibt":false,"shstk":false,"endbr":false},' \
	'"cfi":{"bti":$(call arm_bool,$(call arm_f,$(1),3)),' \
	'"pac":$(call arm_bool,$(call arm_f,$(1),4)),' \
	'"mte":$(call arm_bool,$(call arm_f,$(1),5))},' \
	'"twin_of":$(if $(filter twin,$(call arm_f,$(1),2)),"arm64-hardened",null),' \
	'"flaw":$(if $(filter-out -,$(call arm_f,$(1),9)),"$(call arm_f,$(1),9)",null)}' \
	'$(if $(filter-out 0,$(call arm_f,$(1),11)),$(IMG_COMMA)"slow":{"phase":"rng"$(IMG_COMMA)"cycles":$(call arm_f,$(1),11)})}' > $$@
endef

$(foreach v,$(ARM_LIST),$(eval $(call arm_rules,$(v))))

ARM_ELF := $(patsubst %,$(IMG_OUT)/%.elf,$(ARM_LIST))

-include $(foreach v,$(ARM_LIST),$($(v)_AOBJ:.o=.d))
