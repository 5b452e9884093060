#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make run`: the four security suites on the shipped images (hardboot
# suite all), ending with one screen per configuration -- ASLR bits per
# region, canary and seed bits, the RNG verdict, W^X/CET, boot cost -- and
# the HTML report.  Broken twins fail by design and say so; any exit but 0
# is a finding (1: a verdict failed; 2/3: configuration or host).
set -u
cd "$(dirname "$0")/.." || exit 3
out=${HB_RESULTS:-results/$(date -u +%Y%m%d-%H%M%S)}
build/hardboot suite all -o "$out" --headline
rc=$?
if build/hardboot report -o "$out/report" "$out" >"$out/report.log" 2>&1; then
	echo "report: $out/report/index.html"
else
	echo "report: not drawn, see $out/report.log"
fi
echo "results: $out"
exit "$rc"
