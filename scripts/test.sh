#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make test`: every test of the project through Bats, so one TAP stream
# counts them all.  C unit tests, the sanitizer build and the fuzz smoke runs
# are wrapped in test/unit.bats and test/fuzz.bats.
set -u
cd "$(dirname "$0")/.." || exit 3
make -s unit-build fuzz-build || exit 3
files=$(find test suites -name '*.bats' 2>/dev/null | sort)
# shellcheck disable=SC2086 # one argument per file
exec bats --tap ${HB_BATS_FLAGS:-} $files
