# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot - security-hardening test and measurement suite for unikernels.
#
#   make            build the runner (build/hardboot) and the images
#   make deps       install missing Debian packages (root)
#   make test       unit tests, sanitizer build, fuzz smoke, ShellCheck, Bats tests
#   make test-slow  the slow tier: proofs that need many boots (the nightly runs it)
#   make run        run suites/main.ini on the shipped images into results/
#   make doc-figures  regenerate the measured figures in the docs (boots the suites)
#
# WERROR=1 (the CI default) turns warnings into errors.

CC       ?= gcc
CLANG    ?= clang
BUILD    := build
WERROR   ?= 1
PKGS     := glib-2.0 jansson gsl libcrypto libelf

# Diagnostics are cut to fixed buffers on purpose: no format-truncation.
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
ifeq ($(WERROR),1)
WARN     += -Werror
endif
# pkg-config is asked when make reads this file.  On a machine without the
# packages that is before `make deps` could install them, so the README's
# commands (run, test) install first and build in a second make (see
# `build` below); a plain `make` there stops with one line saying so.
PKG_CFLAGS   := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
PKG_OK       := $(if $(PKG_LIBS),yes)
HOST_CFLAGS  := -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude -Irunner -I$(BUILD) $(PKG_CFLAGS)
HOST_LDLIBS  := $(PKG_LIBS) -lm
SAN_FLAGS    := -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all

.PHONY: all deps build runner images test test-build unit unit-build fuzz-build checksec-fixtures bench-build run clean pkg-check install uninstall test-slow doc-figures
all: runner images

deps:
	@sh scripts/deps.sh

# The README's commands: packages first, then a new make that reads this
# file again, so its pkg-config flags are those of the installed libraries.
# Without -j the build uses every CPU.
SUBMAKE = +@case " $$MAKEFLAGS " in *" -j"*) j= ;; *) j=-j$$(nproc) ;; esac; \
	$(MAKE) --no-print-directory $$j

build: deps
	$(SUBMAKE) all

test: deps
	$(SUBMAKE) all test-build
	@sh scripts/test.sh

test-slow: deps
	$(SUBMAKE) all test-build
	@sh scripts/test.sh slow

run: deps
	$(SUBMAKE) all
	@sh scripts/run.sh

doc-figures: deps
	$(SUBMAKE) all bench-build
	@bash scripts/doc-figures.sh

test-build: unit-build fuzz-build checksec-fixtures bench-build

pkg-check:
	@test -n "$(PKG_OK)" || { echo "hardboot: pkg-config knows none of $(PKGS): run 'make deps' as root (or make run / make test, which do)" >&2; exit 2; }

include runner/runner.mk
include images/images.mk
include test/fixtures/checksec/checksec.mk

clean:
	rm -rf $(BUILD) images/build

# `make install PREFIX=/usr/local DESTDIR=`: the program, the shipped images
# and the suite files, where the installed program looks for them
# (PREFIX/share/hardboot/{images,suites}; see image_default_dir()).
PREFIX  ?= /usr/local
DESTDIR ?=
HB_SHARE = $(DESTDIR)$(PREFIX)/share/hardboot
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(HB_SHARE)/images $(HB_SHARE)/suites \
		$(DESTDIR)$(PREFIX)/share/doc/hardboot
	install -m 755 $(BUILD)/hardboot $(DESTDIR)$(PREFIX)/bin/hardboot
	install -m 644 $(IMG_ELF) $(IMG_OUT)/manifest.json $(HB_SHARE)/images/
	cd suites && find . -name '*.ini' -exec install -D -m 644 {} $(HB_SHARE)/suites/{} \;
	install -m 644 README.md LICENSE docs/*.md $(DESTDIR)$(PREFIX)/share/doc/hardboot/

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/hardboot $(HB_SHARE) $(DESTDIR)$(PREFIX)/share/doc/hardboot
