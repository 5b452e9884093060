#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make test` / `make test-slow`: every test of the project through Bats,
# so one TAP stream counts them all.  C unit tests, the sanitizer build and
# the fuzz smoke runs are wrapped in test/unit.bats and test/fuzz.bats;
# `make test` builds them (test-build) after installing the packages.
#
# Tiers: tests tagged `slow` (`# bats test_tags=slow`: proofs that need
# many boots or many gigabytes) run only in the slow tier, which the
# nightly runs (ci/nightly.sh --slow-tests) and CI's default does not.
#   scripts/test.sh [fast|slow|all]   (default fast)
set -u
cd "$(dirname "$0")/.." || exit 3
case "${1:-fast}" in
fast) tags='--filter-tags !slow' ;;
slow) tags='--filter-tags slow' ;;
all) tags= ;;
*) echo "usage: scripts/test.sh [fast|slow|all]" >&2; exit 2 ;;
esac
files=$(find test suites -name '*.bats' 2>/dev/null | sort)
# shellcheck disable=SC2086 # one argument per file and per flag
exec bats --tap $tags ${HB_BATS_FLAGS:-} $files
