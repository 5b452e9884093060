#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot report: gnuplot charts and the HTML page, looked at in headless
# Chromium as a person would.
#
# setup_file makes a history of three small runs (baseline, hardened,
# aslr-8bit: 60 warm TCG boots each in 10 interleaved processes), states the entropy records on
# the last one only (the report computes them for the others), compares
# the last two and writes the report.  No statistical threshold here: the
# tests check what is drawn, not what was measured.
load test_helper

CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync)
CHARTS="phases overhead entropy trend_cost trend_entropy"

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	local d="$BATS_FILE_TMPDIR"
	# interleaved turns of 6 boots: 10 QEMU processes a configuration, the
	# fewest the boot-time statistics (their unit is a process) compare
	{
		printf '[suite]\nname = report-test\ninterleave = 6\n'
		printf '[defaults]\naccel = tcg\nmode = warm\ntimeout = 10\nboots = 60\n'
		printf '[%s]\nimage = %s\n' baseline baseline hardened hardened aslr-8bit aslr-8bit
	} >"$d/s.ini"
	for i in 1 2 3; do
		"$HB" run -j2 --no-progress --images "$HB_IMAGES" -o "$d/n$i" "$d/s.ini" \
			>"$d/n$i.tap" 2>&1 3>&- || :
	done
	"$HB" entropy --metrics "$d/n3/metrics.jsonl" "$d/n3" >/dev/null 2>&1 || :
	"$HB" compare --json-file "$d/cmp.json" "$d/n2" "$d/n3" >"$d/cmp.md" 2>&1 || :
	"$HB" report --compare-json "$d/cmp.json" -o "$d/out" "$d/n1" "$d/n2" "$d/n3" \
		>"$d/report.log" 2>&1 || :
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	R="$BATS_FILE_TMPDIR"
}

# Pixels of a screenshot, every 4th row and column, as "r g b" lines
# (gnuplot reads PNG; no image tool needed).
pixels() {
	gnuplot -e "set table '$2'; plot '$1' binary filetype=png every 4:4 with rgbimage" \
		>/dev/null 2>&1
}

# count_colors PIXELS: "ORANGE BLUE", pixels of the charts' first two
# series colours (#f28e2b and #4e79a7, filled at 85% over white).
count_colors() {
	awk 'NF >= 6 && $3 > 200 && $4 > 120 && $4 < 190 && $5 < 110 { o++ }
	     NF >= 6 && $5 > $3 + 40 && $5 > 120 && $3 < 140 { b++ }
	     END { print o + 0, b + 0 }' "$1"
}

screenshot() { # URL FILE WIDTHxHEIGHT
	timeout 120 chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$(mktemp -d)" \
		--screenshot="$2" --window-size="$3" "$1" >/dev/null 2>&1 3>&-
}

@test "report: every chart drawn as SVG and PNG beside its script and data" {
	run cat "$R/report.log"
	assert_output --partial "$R/out/index.html"
	refute_output --partial "not drawn"
	for c in $CHARTS; do
		[ -s "$R/out/$c.svg" ] && [ -s "$R/out/$c.png" ]
		[ -s "$R/out/$c.gp" ] && [ -s "$R/out/$c.dat" ]
		[ "$(head -c 4 "$R/out/$c.png" | od -An -tx1 | tr -d ' ')" = 89504e47 ]
		grep -q '<svg' "$R/out/$c.svg"
		grep -q "src=\"$c.svg\"" "$R/out/index.html"
	done
	# The scripts redraw by hand.
	rm "$R/out/phases.svg"
	(cd "$R/out" && gnuplot phases.gp)
	[ -s "$R/out/phases.svg" ]
}

@test "report: axes name their quantity and unit" {
	run cat "$R/out/phases.svg"
	assert_output --partial "µs (median per phase)"
	run cat "$R/out/overhead.svg"
	assert_output --partial "change of the median against the baseline (%)"
	assert_output --partial "QEMU CPU time per boot"
	run cat "$R/out/entropy.svg"
	assert_output --partial ">bits<"
	assert_output --partial "99% lower bound"
	run cat "$R/out/trend_cost.svg"
	assert_output --partial "QEMU CPU time per boot (us)"
	run cat "$R/out/trend_entropy.svg"
	assert_output --partial "weakest address region"
	# The trends have one point per results directory.
	run grep -c '^[0-9]' "$R/out/trend_cost.dat"
	assert_output 3
}

@test "report: the page has the configurations, the gate and every metric record" {
	run cat "$R/out/index.html"
	assert_output --partial "<h2>Regression gate</h2>"
	assert_output --partial "<h2>Configurations</h2>"
	assert_output --partial "<td>aslr-8bit</td>"
	assert_output --partial "Clopper-Pearson"
	assert_output --regexp "[0-9]+ records of <code>"
	# Entropy records computed for the runs that had none, marked as such.
	run jq -r 'select(.metric == "entropy_headline_bits") | .subject' "$R/n2/metrics.jsonl"
	assert_output ""
	run grep -c 'hardened/base' "$R/out/entropy.dat"
	assert_output 0
	run grep -c '"hardened"' "$R/out/entropy.dat"
	[ "$output" -ge 5 ]
}

@test "report: what boottime said, how the run was sampled, and the phases' intervals" {
	run cat "$R/out/index.html"
	assert_output --partial "<h2>Boot time against the baselines</h2>"
	assert_output --partial "Sampling: interleaved, the sections took turns of 6 boots, rotating"
	assert_output --regexp "<tr><td>hardened/guest</td><td>baseline</td>.*<td( class=\"bad\")?>(no change|flagged|slower|faster|too few)</td></tr>"
	assert_output --partial "Sampled interleaved: the sections took turns of 6 boots"
	# the guest phase's median and its interval beside the stacked medians
	run awk '!/^#/ { print NF }' "$R/out/phases.dat"
	assert_output "$(printf '9\n9\n9')"
	run grep -c 'using 0:7:8:9 with yerrorbars' "$R/out/phases.gp"
	assert_output 1
	# a run made one section after another says so
	cp -r "$R/n3" "$BATS_TEST_TMPDIR/seq"
	jq '.interleave = 0' "$R/n3/run.json" >"$BATS_TEST_TMPDIR/seq/run.json"
	run -0 "$HB" report -o "$BATS_TEST_TMPDIR/seq/out" "$BATS_TEST_TMPDIR/seq"
	run cat "$BATS_TEST_TMPDIR/seq/out/index.html"
	assert_output --partial "Sampling: one section after another, not interleaved"
	assert_output --partial "Sampled one section after another (not interleaved)"
}

@test "report: a boottime --run directory is reported by its first sample; anything else names what to give" {
	local bt="$BATS_TEST_TMPDIR/bt"
	mkdir -p "$bt"
	cp -r "$R/n3" "$bt/first"
	run -0 "$HB" report "$bt"
	assert_output --partial "$bt is a boottime --run directory: the page is of its first sample, $bt/first (nothing was flagged: no confirmation sample)"
	[ -s "$bt/first/report/index.html" ]
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -2 "$HB" report "$BATS_TEST_TMPDIR/empty"
	assert_output --partial "empty: no run.json: give a results directory (hardboot run -o DIR), a boottime --run directory"
}

@test "report: headless Chromium shows the charts" {
	command -v chromium >/dev/null || skip "chromium not installed (scripts/deps.sh)"
	screenshot "file://$R/out/index.html" "$R/page.png" 1300,5200
	[ -s "$R/page.png" ]
	[ "$(stat -c %s "$R/page.png")" -gt 100000 ]
	pixels "$R/page.png" "$R/page.txt"
	read -r orange blue < <(count_colors "$R/page.txt")
	echo "# chart colours in the screenshot: orange $orange, blue $blue"
	[ "$orange" -gt 2000 ]
	[ "$blue" -gt 2000 ]
	# The same page without its charts: the check sees the difference.
	mkdir "$R/bare"
	cp "$R/out/index.html" "$R/bare/"
	screenshot "file://$R/bare/index.html" "$R/bare.png" 1300,5200
	pixels "$R/bare.png" "$R/bare.txt"
	read -r orange blue < <(count_colors "$R/bare.txt")
	echo "# without the SVGs: orange $orange, blue $blue"
	[ "$orange" -lt 200 ]
}

@test "report: one results directory: no trend, and the page says why" {
	run -0 "$HB" report -o "$BATS_TEST_TMPDIR/one" "$R/n3"
	assert_output --partial "trend_cost     not drawn: one results directory"
	run cat "$BATS_TEST_TMPDIR/one/index.html"
	assert_output --partial "Not drawn: one results directory: a trend needs the nightly history"
	[ -s "$BATS_TEST_TMPDIR/one/entropy.svg" ]
	[ ! -e "$BATS_TEST_TMPDIR/one/trend_cost.svg" ]
}

@test "report: without gnuplot the page keeps its tables and the exit status says so" {
	run -3 env PATH=/nonexistent "$HB" report -o "$BATS_TEST_TMPDIR/nognu" "$R/n3"
	assert_output --partial "gnuplot not found in PATH"
	run cat "$BATS_TEST_TMPDIR/nognu/index.html"
	assert_output --partial "<h2>Configurations</h2>"
	assert_output --partial "Not drawn: gnuplot not found in PATH"
}

@test "report: usage errors" {
	run -2 "$HB" report
	assert_output --partial "give one or more results directories"
	run -2 "$HB" report -o "$BATS_TEST_TMPDIR/x" "$BATS_TEST_TMPDIR/nope"
	assert_output --partial "nope: not a results directory"
	run -2 "$HB" report --cost nothing "$R/n3"
	assert_output --partial "'nothing' is not a boot phase"
	run -2 "$HB" report --compare-json "$BATS_TEST_TMPDIR/none.json" -o "$BATS_TEST_TMPDIR/y" "$R/n3"
}
