#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make run`: the main job on the shipped images.  Broken twins fail by
# design and say so (expect = fail kat): any exit but 0 is a finding.
set -u
cd "$(dirname "$0")/.." || exit 3
out=${HB_RESULTS:-results/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out" || exit 3
build/hardboot run -o "$out/main" --junit "$out/main.junit.xml" suites/main.ini
rc=$?
echo "results: $out"
exit "$rc"
