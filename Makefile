# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot - security-hardening test and measurement suite for unikernels.
#
#   make            build the runner (build/hardboot) and the images
#   make deps       install missing Debian packages (root)
#   make test       unit tests, sanitizer build, fuzz smoke, ShellCheck, Bats tests
#   make run        run suites/main.ini on the shipped images into results/
#
# WERROR=1 (the CI default) turns warnings into errors.

CC       ?= gcc
CLANG    ?= clang
BUILD    := build
WERROR   ?= 1
PKGS     := glib-2.0 jansson gsl libcrypto

# Diagnostics are cut to fixed buffers on purpose: no format-truncation.
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
ifeq ($(WERROR),1)
WARN     += -Werror
endif
HOST_CFLAGS  := -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude -Irunner \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
HOST_LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
SAN_FLAGS    := -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all

.PHONY: all deps runner images test unit unit-build fuzz-build bench-build run clean
all: runner images

deps:
	@sh scripts/deps.sh

include runner/runner.mk
include images/images.mk

test: deps all
	@sh scripts/test.sh

run: deps all
	@sh scripts/run.sh

clean:
	rm -rf $(BUILD) images/build
