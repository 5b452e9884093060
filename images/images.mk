# SPDX-License-Identifier: GPL-3.0-or-later
# The guest images: images/build/NAME.elf for every name in
# images/variants.list, and images/build/manifest.json describing them.
#
# A variant is one fragment, images/variants/NAME.mk, that overrides the
# V_* defaults below (the defaults are the hardened image), plus its line
# in variants.list.  The fragment drives both the -D flags the code is
# built with and the manifest entry, so the claims cannot drift from the
# build.  docs/images.md explains each variable.

IMG_DIR   := images
IMG_OUT   := images/build
IMG_LIST  := $(shell sed -e 's/\#.*//' -e '/^[[:space:]]*$$/d' $(IMG_DIR)/variants.list)

IMG_WARN  := -Wall -Wextra -Wshadow -Wformat=2 $(if $(filter 1,$(WERROR)),-Werror)
# Freestanding, position independent, no red zone (no interrupt may
# clobber below rsp), and general registers only: no SSE/AVX state is ever
# touched, so an emulating KVM never meets an instruction it cannot do.
IMG_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fpie -fno-plt \
	-mno-red-zone -mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 \
	-mno-avx -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-common -fvisibility=hidden $(IMG_WARN) \
	-Iinclude -I$(IMG_DIR) -MMD -MP
IMG_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker \
	-Wl,-z,max-page-size=4096 -Wl,-z,text -Wl,--build-id=none

IMG_LIB   := string fmt serial chacha20 paging cmdline
IMG_CORE  := entry.S seed.S raw.c boot.c record.c rng.c aslr.c reloc.c heap.c \
	canary.c cpu.c ring.c cfi.S cet.c attack.c slow.c

# ---- defaults: the hardened image --------------------------------------
define img_defaults
V_ROLE             := product
V_MAIN             := main
V_BOOT             := pvh
V_PROTOCOL         := HB1
V_MACHINES         := microvm q35 pc
V_NEEDS            := isa-debug-exit
V_EXIT             := "port":"0xf4","pass":1,"fail":3
V_ASLR             := 1
V_BASE_BITS        := 20
V_STACK_BITS       := 28
V_HEAP_BITS        := 28
V_SLOT_BIASED      := 0
V_HEAP_CORRELATED  := 0
V_CANARY           := random
V_SEED             := hw
V_RNG              := chacha20
V_CHACHA_ROUNDS    := 20
V_WX               := 1
V_PIE              := 1
V_CET              := 1
V_NOENDBR          := 0
V_WX_TEXT          := 0
V_SLOW             := 0
V_SLOW_PHASE       := none
V_SLOW_CYCLES      := 0
V_CLAIM_STACK      :=
V_CLAIM_HEAP       :=
V_CLAIM_BASE       :=
V_CLAIM_PAIRS      :=
V_CLAIM_HEAP_STACK :=
V_CLAIM_KAT        := pass
V_FLAW             :=
V_PATTERNS         :=
V_MODES            :=
endef

img_max = $(shell [ $(1) -ge $(2) ] && echo $(1) || echo $(2))
img_or  = $(if $(strip $(1)),$(strip $(1)),$(2))
IMG_SPACE := $(eval) $(eval)
IMG_COMMA := ,
img_json_list = $(subst $(IMG_SPACE),$(IMG_COMMA),$(strip $(patsubst %,"%",$(1))))

IMG_CANARY_none   := HB_CANARY_NONE
IMG_CANARY_random := HB_CANARY_RANDOM
IMG_CANARY_const  := HB_CANARY_CONST
IMG_SEED_hw       := HB_SEED_HW
IMG_SEED_half     := HB_SEED_HALF
IMG_SEED_tsc      := HB_SEED_TSC
IMG_SEED_fixed    := HB_SEED_FIXED
IMG_SEED_none     := HB_SEED_NONE
IMG_RNG_chacha20  := HB_RNG_CHACHA
IMG_RNG_lcg       := HB_RNG_LCG
IMG_SLOW_none     := CMDLINE_SLOW_NONE
IMG_SLOW_rng      := CMDLINE_SLOW_RNG
IMG_SLOW_aslr     := CMDLINE_SLOW_ASLR
IMG_SLOW_main     := CMDLINE_SLOW_MAIN
IMG_SLOW_done     := CMDLINE_SLOW_DONE

# Load one fragment and freeze its settings as NAME_* variables.
define img_load
$(eval $(img_defaults))
include $(IMG_DIR)/variants/$(1).mk
$(1)_ROLE     := $$(V_ROLE)
$(1)_MAIN     := $$(V_MAIN)
$(1)_BOOT     := $$(V_BOOT)
$(1)_PROTOCOL := $$(V_PROTOCOL)
$(1)_MACHINES := $$(V_MACHINES)
$(1)_NEEDS    := $$(V_NEEDS)
$(1)_EXIT     := $$(V_EXIT)
$(1)_PATTERNS := $$(V_PATTERNS)
$(1)_MODES    := $$(V_MODES)
$(1)_SLOW     := $$(if $$(filter 1,$$(V_SLOW)),"phase":"$$(V_SLOW_PHASE)"$$(IMG_COMMA)"cycles":$$(V_SLOW_CYCLES))
$(1)_FLAW     := $$(V_FLAW)
$(1)_CANARY   := $$(V_CANARY)
$(1)_SEED     := $$(V_SEED)
$(1)_RNG      := $$(if $$(filter 20,$$(V_CHACHA_ROUNDS)),$$(V_RNG),chacha$$(V_CHACHA_ROUNDS))
$(1)_KAT      := $$(V_CLAIM_KAT)
$(1)_WX       := $$(if $$(filter 1,$$(V_WX)),true,false)
$(1)_CLAIMWX  := $$(if $$(filter 1,$$(V_WX)),$$(if $$(filter 1,$$(V_WX_TEXT)),false,true),false)
$(1)_CET      := $$(if $$(filter 1,$$(V_CET)),true,false)
$(1)_ENDBR    := $$(if $$(filter 1,$$(V_CET)),$$(if $$(filter 1,$$(V_NOENDBR)),false,true),false)
$(1)_BSTACK   := $$(call img_or,$$(V_CLAIM_STACK),$$(if $$(filter 1,$$(V_ASLR)),$$(V_STACK_BITS),0))
$(1)_BHEAP    := $$(call img_or,$$(V_CLAIM_HEAP),$$(if $$(filter 1,$$(V_ASLR)),$$(V_HEAP_BITS),0))
$(1)_BBASE    := $$(call img_or,$$(V_CLAIM_BASE),$$(if $$(filter 1,$$(V_ASLR)),$$(V_BASE_BITS),0))
$(1)_PHS      := $$(call img_or,$$(V_CLAIM_HEAP_STACK),$$(call img_or,$$(V_CLAIM_PAIRS),$$(call img_max,$$($(1)_BHEAP),$$($(1)_BSTACK))))
$(1)_PBS      := $$(call img_or,$$(V_CLAIM_PAIRS),$$(call img_max,$$($(1)_BBASE),$$($(1)_BSTACK)))
$(1)_PBH      := $$(call img_or,$$(V_CLAIM_PAIRS),$$(call img_max,$$($(1)_BBASE),$$($(1)_BHEAP)))
$(1)_DEFS     := -DHB_IMG_NAME='"$(1)"' \
	-DHB_CFG_PROTOCOL=$$(if $$(filter HB1,$$(V_PROTOCOL)),1,0) \
	-DHB_CFG_BOOT_MULTIBOOT=$$(if $$(filter multiboot,$$(V_BOOT)),1,0) \
	-DHB_CFG_ASLR=$$(V_ASLR) -DHB_CFG_BASE_BITS=$$(V_BASE_BITS) \
	-DHB_CFG_STACK_BITS=$$(V_STACK_BITS) -DHB_CFG_HEAP_BITS=$$(V_HEAP_BITS) \
	-DHB_CFG_SLOT_BIASED=$$(V_SLOT_BIASED) \
	-DHB_CFG_HEAP_CORRELATED=$$(V_HEAP_CORRELATED) \
	-DHB_CFG_CANARY=$$(IMG_CANARY_$$(V_CANARY)) \
	-DHB_CFG_SEED=$$(IMG_SEED_$$(V_SEED)) -DHB_CFG_RNG=$$(IMG_RNG_$$(V_RNG)) \
	-DHB_CFG_CHACHA_ROUNDS=$$(V_CHACHA_ROUNDS) -DHB_CFG_WX=$$(V_WX) \
	-DHB_CFG_PIE=$$(V_PIE) -DHB_CFG_CET=$$(V_CET) -DHB_CFG_NOENDBR=$$(V_NOENDBR) \
	-DHB_CFG_WX_TEXT=$$(V_WX_TEXT) -DHB_CFG_SLOW=$$(V_SLOW) \
	-DHB_CFG_SLOW_PHASE=$$(IMG_SLOW_$$(V_SLOW_PHASE)) -DHB_CFG_SLOW_CYCLES=$$(V_SLOW_CYCLES)ull
$(1)_LDHARDEN := $$(if $$(filter 1,$$(V_WX)),-z now -z noexecstack,-z execstack)
$(1)_PIE      := $$(if $$(filter 1,$$(V_PIE)),true,false)
$(1)_HARDEN   := $$(if $$(filter none,$$(V_CANARY)),-fno-stack-protector,-fstack-protector-strong -mstack-protector-guard=global) \
	$$(if $$(filter 1,$$(V_CET)),-fcf-protection=full -fno-jump-tables,-fcf-protection=none)
$(1)_SRC      := $$(IMG_CORE) $$(V_MAIN).c $$(patsubst %,lib/%.c,$$(IMG_LIB))
$(1)_OBJ      := $$(patsubst %,$$(IMG_OUT)/$(1)/%.o,$$(basename $$($(1)_SRC)))
endef

$(foreach v,$(IMG_LIST),$(eval $(call img_load,$(v))))

IMG_ELF := $(patsubst %,$(IMG_OUT)/%.elf,$(IMG_LIST))

# The arm64 images (images/arm64/arm64.mk): their rules and manifest entries.
include $(IMG_DIR)/arm64/arm64.mk

.PHONY: images
images: $(IMG_ELF) $(ARM_ELF) $(IMG_OUT)/manifest.json

# Everything is rebuilt when a fragment, the list or this file changes.
IMG_DEPS := $(IMG_DIR)/images.mk $(IMG_DIR)/variants.list

# Per-variant objects: images/build/NAME/FILE.o
define img_rules
$(IMG_OUT)/$(1)/%.o: $(IMG_DIR)/%.c $(IMG_DEPS) $(IMG_DIR)/variants/$(1).mk
	@mkdir -p $$(@D)
	$$(CC) $$(IMG_CFLAGS) $$($(1)_HARDEN) $$($(1)_DEFS) -c -o $$@ $$<

$(IMG_OUT)/$(1)/%.o: $(IMG_DIR)/%.S $(IMG_DEPS) $(IMG_DIR)/variants/$(1).mk
	@mkdir -p $$(@D)
	$$(CC) $$(IMG_CFLAGS) $$($(1)_DEFS) -c -o $$@ $$<

# The linker script depends on the variant (link address, RELRO).
$(IMG_OUT)/$(1)/link.ld: $(IMG_DIR)/link.ld.S $(IMG_DIR)/layout.h $(IMG_DEPS) $(IMG_DIR)/variants/$(1).mk
	@mkdir -p $$(@D)
	$$(CC) -E -P -x c -I$(IMG_DIR) $$($(1)_DEFS) -o $$@ $$<

$(IMG_OUT)/$(1).elf: $$($(1)_OBJ) $(IMG_OUT)/$(1)/link.ld
	$$(CC) $$(IMG_CFLAGS) $$($(1)_HARDEN) $$(IMG_LDFLAGS) $$($(1)_LDHARDEN) \
		-T $(IMG_OUT)/$(1)/link.ld -o $$@ $$($(1)_OBJ)
	$$(if $$(filter multiboot,$$($(1)_BOOT)),objcopy -O elf32-i386 $$@ $$@)

$(IMG_OUT)/$(1).json: $(IMG_DEPS) $(IMG_DIR)/variants/$(1).mk
	@mkdir -p $$(@D)
	@printf '%s' '{"name":"$(1)","file":"$(1).elf","arch":"x86_64","role":"$$($(1)_ROLE)",' \
	'"boot":"$$($(1)_BOOT)","protocol":"$$($(1)_PROTOCOL)",' \
	'"machines":[$$(call img_json_list,$$($(1)_MACHINES))],"cpu":"max",' \
	'"needs":[$$(call img_json_list,$$($(1)_NEEDS))],"memory_mib":16,' \
	'"exit":{$$($(1)_EXIT)},' \
	'"claims":{"aslr":{"stack":$$($(1)_BSTACK),"heap":$$($(1)_BHEAP),"base":$$($(1)_BBASE)},' \
	'"aslr_pairs":{"heap-stack":$$($(1)_PHS),"base-stack":$$($(1)_PBS),"base-heap":$$($(1)_PBH)},' \
	'"canary":"$$($(1)_CANARY)","rng":"$$($(1)_RNG)","seed":"$$($(1)_SEED)",' \
	'"kat":"$$($(1)_KAT)","wx":$$($(1)_CLAIMWX),"pie":$$($(1)_PIE),"relro":$$($(1)_WX),' \
	'"cet":{"ibt":$$($(1)_CET),"shstk":$$($(1)_CET),"endbr":$$($(1)_ENDBR)},' \
	'"twin_of":$$(if $$(filter twin,$$($(1)_ROLE)),"hardened",null),' \
	'"flaw":$$(if $$($(1)_FLAW),"$$($(1)_FLAW)",null)}' \
	'$$(if $$($(1)_PATTERNS),$$(IMG_COMMA)"patterns":{$$($(1)_PATTERNS)})' \
	'$$(if $$($(1)_MODES),$$(IMG_COMMA)"modes":[$$(call img_json_list,$$($(1)_MODES))])' \
	'$$(if $$($(1)_SLOW),$$(IMG_COMMA)"slow":{$$($(1)_SLOW)})}' > $$@
endef

$(foreach v,$(IMG_LIST),$(eval $(call img_rules,$(v))))

$(IMG_OUT)/manifest.json: $(patsubst %,$(IMG_OUT)/%.json,$(IMG_LIST)) \
	$(patsubst %,$(IMG_OUT)/%.json,$(ARM_LIST))
	@{ printf '{"version":1,"images":[\n'; \
	   sep=''; for f in $^; do printf "$$sep"; cat "$$f"; sep=',\n'; done; \
	   printf '\n]}\n'; } > $@.tmp && mv $@.tmp $@
	@echo "images: $(words $(IMG_LIST) $(ARM_LIST)) images, manifest $@"

-include $(foreach v,$(IMG_LIST),$($(v)_OBJ:.o=.d))

# The minimal self-resetting kernel (images/bench/minreset.S): not an image
# of the suites, not in the manifest; the baseline of the warm-boot targets
# in bench/, built with the bench programs.
$(BUILD)/bench/minreset.elf: $(IMG_DIR)/bench/minreset.S $(IMG_DIR)/bench/minreset.ld
	@mkdir -p $(@D)
	$(CC) -nostdlib -static -Wl,--build-id=none -Wl,-T,$(IMG_DIR)/bench/minreset.ld -o $@ $<

bench-build: $(BUILD)/bench/minreset.elf
