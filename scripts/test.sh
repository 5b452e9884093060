#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make test`: every test of the project through Bats, so one TAP stream
# counts them all.  C unit tests, the sanitizer build and the fuzz smoke runs
# are wrapped in test/unit.bats and test/fuzz.bats; `make test` builds them
# (test-build) after installing the packages.
set -u
cd "$(dirname "$0")/.." || exit 3
files=$(find test suites -name '*.bats' 2>/dev/null | sort)
# shellcheck disable=SC2086 # one argument per file
exec bats --tap ${HB_BATS_FLAGS:-} $files
