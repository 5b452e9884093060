#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot compare BASE NEW: the nightly gate, on real suite runs.
#
# setup_file runs three suites the way a nightly does (`hardboot suite`
# with the suite's own [suite], [policy] and [defaults]) on one section
# [sut], once per image: hardened twice (two identical nights), and each
# broken twin as tonight's image of [sut]: aslr_entropy on aslr-8bit,
# aslr-biased, canary-const (200 warm boots each); rng_quality on
# rng-halfseed, rng-fixedseed (100); cet on wx-violation, cet-noendbr (2
# cold boots with the page-table audit).  Compare reads the records the
# suites wrote and nothing else.  ~40-80 s on 2 cores under TCG.  The
# boot-time twin (slowboot) needs an interleaved run: compare_boottime.bats.
#
# False failures: the tests use --alpha 1e-4 (Holm, family-wise), so two
# identical nights differ by chance with probability <= 1e-4; the certain
# changes (policy verdicts) of two identical nights differ only through
# the suites' own verdicts: `uniform` at 1e-4/3 per region (3 regions) and
# the bit thresholds, not proven at 200 boots (pass and not proven are the
# same evidence to compare).  The twins' flaws are far beyond that:
# aslr-8bit's base collides ~60-80 times in 200 boots where hardened's
# never does (p ~ 1e-17), the other twins are constant or all but.
load test_helper

ALPHA=1e-4

# suite_ini SUITE IMAGE FILE [KEY=VALUE...]: SUITE's own [suite], [policy]
# and [defaults], and one section [sut] booting IMAGE.
suite_ini() {
	local suite=$1 img=$2 file=$3 kv
	shift 3
	awk '/^\[/ { keep = ($0 == "[suite]" || $0 == "[policy]" || $0 == "[defaults]") } keep' \
		"$HB_ROOT/suites/$suite/$suite.ini" >"$file"
	printf '[sut]\nimage = %s\n' "$img" >>"$file"
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >>"$file"
	done
}

# night SUITE NAME IMAGE [KEY=VALUE...]: one suite run into $R/NAME.
# accel = tcg: the suites' auto probe picks the faster accelerator, and
# several suites probing at once on a host whose KVM emulates ring 0 (PVM,
# close to TCG here) picked KVM for one night and TCG for the next: a
# true finding (the accelerator changed), led by the seed source that
# changed with it (CI, 2026-12-04), but not what these tests plant.
night() {
	local suite=$1 name=$2 img=$3
	shift 3
	suite_ini "$suite" "$img" "$R/$name.ini" accel=tcg "$@"
	"$HB" suite -j1 --no-progress -o "$R/$name" "$R/$name.ini" >"$R/$name.tap" 2>&1 3>&- || :
}

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	R="$BATS_FILE_TMPDIR"
	local img
	for img in hardened hardened2 aslr-8bit aslr-biased canary-const; do
		night aslr_entropy "aslr-$img" "${img%2}" boots=200 &
	done
	wait
	for img in hardened hardened2 rng-halfseed rng-fixedseed; do
		night rng_quality "rng-$img" "${img%2}" boots=100 &
	done
	for img in hardened hardened2 wx-violation cet-noendbr; do
		night cet "cet-$img" "${img%2}" inspect=regs,pagetables \
			append=report=cet,pages boots=2 &
	done
	wait
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	R="$BATS_FILE_TMPDIR"
}

# dir SUITE NAME: the results directory of a night's suite.
dir() {
	echo "$R/$2/$1"
}

# The findings, "verdict subject lead-metric", one per line.
findings() {
	jq -r '.findings[] | "\(.verdict) \(.subject) \(.lead.metric)"' "$1"
}

# A copy of a night to change: copy_run SUITE NAME COPY; prints its dir.
copy_run() {
	cp -r "$(dir "$1" "$2")" "$BATS_TEST_TMPDIR/$3"
	echo "$BATS_TEST_TMPDIR/$3"
}

# Rewrite a file of a results directory through jq: edit DIR FILE FILTER [-c].
edit() {
	local d=$1 file=$2 filter=$3
	shift 3
	jq "$@" "$filter" "$d/$file" >"$d/$file.new" && mv "$d/$file.new" "$d/$file"
}

# planted SUITE TWIN: compare hardened -> TWIN, exit 1; findings in $BATS_TEST_TMPDIR/c.json.
planted() {
	run -1 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/c.json" \
		--junit "$BATS_TEST_TMPDIR/c.xml" "$(dir "$1" "${1%%_*}-hardened")" "$(dir "$1" "${1%%_*}-$2")"
	assert_output --partial "## hardboot compare: regression"
}

@test "compare: the nights ran and their records declare how to compare them" {
	local n
	for n in aslr-hardened aslr-aslr-8bit rng-hardened rng-rng-halfseed cet-hardened cet-wx-violation; do
		run -0 jq -rs '[.[] | select(.compare == null)] | length' "$R/$n/"*/metrics.jsonl
		assert_output 0
		run -0 jq -rs '[.[] | select(.schema != 2)] | length' "$R/$n/"*/metrics.jsonl
		assert_output 0
	done
	# the collision test's sufficient statistics are in the records
	run -0 jq -r 'select(.metric == "entropy_collision_bits" and .subject == "sut/base") |
		"\(.n) \(.collisions) \(.triples)"' "$(dir aslr_entropy aslr-hardened)/metrics.jsonl"
	assert_output "200 0 0"
	# the run's facts, stated by hardboot suite
	run -0 jq -r 'select(.metric == "accelerator" or .metric == "seed_source") | .compare' \
		"$(dir aslr_entropy aslr-hardened)/metrics.jsonl"
	assert_output "$(printf 'fact\nfact')"
}

@test "compare: two identical nights, in either order, have no finding" {
	local s a b
	for s in aslr_entropy rng_quality cet; do
		a=$(dir "$s" "${s%%_*}-hardened")
		b=$(dir "$s" "${s%%_*}-hardened2")
		run -0 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/ab.json" "$a" "$b"
		assert_output --partial "Nothing changed beyond chance."
		run -0 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/ba.json" "$b" "$a"
		assert_output --partial "Nothing changed beyond chance."
		run jq -r '.findings | length' "$BATS_TEST_TMPDIR/ab.json" "$BATS_TEST_TMPDIR/ba.json"
		assert_output "$(printf '0\n0')"
	done
	# --json: the same document on stdout, and no Markdown there
	"$HB" compare --alpha "$ALPHA" --json "$a" "$b" 2>/dev/null >"$BATS_TEST_TMPDIR/out.json"
	diff <(jq -S .items "$BATS_TEST_TMPDIR/ab.json") <(jq -S .items "$BATS_TEST_TMPDIR/out.json")
}

@test "compare: a good night is one screen, one passing JUnit testcase" {
	run -0 "$HB" compare --alpha "$ALPHA" --junit "$BATS_TEST_TMPDIR/c.xml" \
		"$(dir aslr_entropy aslr-hardened)" "$(dir aslr_entropy aslr-hardened2)"
	[ "${#lines[@]}" -le 12 ]
	run grep -c '<testcase' "$BATS_TEST_TMPDIR/c.xml"
	assert_output 1
	run grep -c '<failure' "$BATS_TEST_TMPDIR/c.xml"
	assert_output 0
}

@test "compare: aslr-8bit is one finding, the image base, with no extra command" {
	planted aslr_entropy aslr-8bit
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "worse sut/base entropy_collision_bits"
	# the verdict that went with it is in the same row, the views shown
	run jq -r '.findings[0].also' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "policy_verdict min_bits.base worse"
	run grep -c '<testcase' "$BATS_TEST_TMPDIR/c.xml"
	assert_output 2
	run grep -c '<failure type="worse"' "$BATS_TEST_TMPDIR/c.xml"
	assert_output 1
	if command -v xmllint >/dev/null; then
		xmllint --noout "$BATS_TEST_TMPDIR/c.xml"
	fi
}

@test "compare: aslr-biased is worse on its three biased regions and nowhere else" {
	planted aslr_entropy aslr-biased
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "$(printf 'worse sut/%s entropy_collision_bits\n' base heap stack)"
	run jq -r '.findings[0].also' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "entropy_uniformity_p worse"
}

@test "compare: canary-const is worse on the canary only" {
	planted aslr_entropy canary-const
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "worse sut/canary entropy_collision_bits"
}

@test "compare: rng-halfseed is worse on seed words 2-7 only" {
	planted rng_quality rng-halfseed
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "$(printf 'worse sut/seed.%s rng_seed_word_bits\n' 2 3 4 5 6 7)"
}

@test "compare: rng-fixedseed is worse on its keying and seed words only" {
	planted rng_quality rng-fixedseed
	run jq -r '.findings[] | "\(.verdict) \(.subject)"' "$BATS_TEST_TMPDIR/c.json"
	assert_line "worse sut"
	refute_line --regexp '^(better|differs|gone|new)'
	run jq -r '.findings[] | select(.subject == "sut") | .lead.metric, .also' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "rng_output_collision_bits worse"
	run jq -r '.findings[].subject' "$BATS_TEST_TMPDIR/c.json"
	refute_output --regexp 'sut/(kat|selftest)'
}

@test "compare: wx-violation is worse on W^X only" {
	planted cet wx-violation
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "worse sut pagetables_wx_pages"
	run jq -r '.findings[0].also' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "policy_verdict wx_pages worse"
	refute_output --partial endbr
}

@test "compare: cet-noendbr is worse on ENDBR only" {
	planted cet cet-noendbr
	run jq -r '.findings[] | "\(.verdict) \(.subject)"' "$BATS_TEST_TMPDIR/c.json"
	assert_output "worse sut"
	run jq -r '.findings[0] | .lead.metric, .also' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "endbr"
	refute_output --partial "wx"
}

@test "compare: KVM fallen back to TCG is one finding" {
	local base
	base=$(copy_run aslr_entropy aslr-hardened kvmbase)
	# planted in the records: this machine has no /dev/kvm to fall from
	edit "$base" run.json '.sections[0].accel = "kvm" |
		.sections[0].accel_why = "probe: kvm reached done in 30.0 ms, tcg in 31.0 ms"'
	edit "$base" metrics.jsonl 'if .metric == "accelerator" then .value = "kvm" |
		.accel_why = "probe: kvm reached done in 30.0 ms, tcg in 31.0 ms" else . end' -c
	run -1 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/c.json" "$base" \
		"$(dir aslr_entropy aslr-hardened2)"
	assert_output --partial "KVM fell back to TCG"
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "worse sut accelerator"
}

@test "compare: PASS turned SKIP is a finding, for a policy and an in-guest check" {
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 skip)
	edit "$new" metrics.jsonl 'if .metric == "policy_verdict" and .policy == "layout" then
		.verdict = "skip" | .why = "no layout this night" else . end' -c
	edit "$new" metrics.jsonl 'if .metric == "check_skip_rate" and .subject == "sut/fresh" then
		.k = .n | .value = 1 else . end' -c
	run -1 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/c.json" \
		"$(dir aslr_entropy aslr-hardened)" "$new"
	run jq -r '.findings[] | "\(.verdict) \(.subject) \(.lead.metric) \(.lead.note)"' \
		"$BATS_TEST_TMPDIR/c.json"
	assert_line --partial "worse sut policy_verdict policy layout: PASS -> SKIP: no layout this night"
	assert_line --partial "worse sut/fresh check_skip_rate PASS -> SKIP on 200 of 200 boots"
	assert_equal "${#lines[@]}" 2
}

@test "compare: a suite that stopped emitting a metric is a regression, one row" {
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 gone)
	edit "$new" metrics.jsonl 'select(.metric != "entropy_uniformity_p")' -c
	run -1 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/c.json" \
		"$(dir aslr_entropy aslr-hardened)" "$new"
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "gone entropy_uniformity_p entropy_uniformity_p"
	run jq -r '.findings[0].lead.note' "$BATS_TEST_TMPDIR/c.json"
	assert_output --partial "the suite states entropy_uniformity_p and NEW has none"
	# one record gone of a family still stated: its subject
	new=$(copy_run aslr_entropy aslr-hardened2 gone1)
	edit "$new" metrics.jsonl 'select(.metric != "entropy_collision_bits" or .subject != "sut/heap")' -c
	run -1 "$HB" compare --alpha "$ALPHA" --json-file "$BATS_TEST_TMPDIR/c.json" \
		"$(dir aslr_entropy aslr-hardened)" "$new"
	run findings "$BATS_TEST_TMPDIR/c.json"
	assert_output "gone sut/heap entropy_collision_bits"
}

@test "compare: records of another schema are not comparable: rebase (exit 3)" {
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 schema)
	edit "$new" metrics.jsonl '.schema = 1 | del(.compare)' -c
	run -3 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --partial "not comparable: rebase"
	assert_output --partial "metric record schema 1"
	refute_output --partial "worse"
	new=$(copy_run aslr_entropy aslr-hardened2 runschema)
	edit "$new" run.json '.schema = 99'
	run -3 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --partial "run.json schema 99"
	new=$(copy_run aslr_entropy aslr-hardened2 proto)
	edit "$new" run.json '.sections[0].protocol = "HB9"'
	run -3 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --partial "not comparable: rebase: [sut] speaks protocol"
}

@test "compare: different QEMU versions are refused unless --force" {
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 qemu)
	edit "$new" run.json '.qemu_version["qemu-system-x86_64"] = "QEMU emulator version 9.9.9"'
	run -2 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --partial "different QEMU versions"
	assert_output --partial "--force"
	run -0 "$HB" compare --alpha "$ALPHA" --force "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --partial "Forced across QEMU versions"
}

@test "compare: accelerators both requested and different are refused unless --force" {
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 accel)
	edit "$new" run.json '.sections[0].accel = "kvm" | .sections[0].accel_why = "accel=kvm requested"'
	edit "$(copy_run aslr_entropy aslr-hardened base)" run.json \
		'.sections[0].accel_why = "accel=tcg requested"'
	run -2 "$HB" compare "$BATS_TEST_TMPDIR/base" "$new"
	assert_output --partial "[sut]: accelerator tcg in BASE, kvm in NEW, both requested"
}

@test "compare: usage errors and unreadable results" {
	run -2 "$HB" compare "$(dir aslr_entropy aslr-hardened)"
	assert_output --partial "give BASE and NEW"
	run -2 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$BATS_TEST_TMPDIR/nope"
	assert_output --partial "nope: not a results directory"
	run -2 "$HB" compare --alpha 2 "$(dir aslr_entropy aslr-hardened)" "$(dir aslr_entropy aslr-hardened)"
	local new
	new=$(copy_run aslr_entropy aslr-hardened2 torn)
	printf '{"schema":2,"metric":"x","subj' >>"$new/metrics.jsonl"
	# a torn last line (a run killed mid-write) is said and skipped, the
	# whole lines compared (docs/reliability.md)
	run -0 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$new"
	assert_output --regexp "metrics.jsonl:[0-9]+: torn last line"
	run -2 "$HB" compare "$R/aslr-hardened" "$R/aslr-hardened2"
	assert_output --partial "aslr-hardened holds the runs of several suites: give one of $R/aslr-hardened/aslr_entropy"
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -2 "$HB" compare "$BATS_TEST_TMPDIR/empty" "$BATS_TEST_TMPDIR/empty"
	assert_output --partial "no run.json and no metrics.jsonl: not a results directory"
	run -3 "$HB" compare "$(dir aslr_entropy aslr-hardened)" "$(dir cet cet-hardened)"
	assert_output --partial "not comparable: BASE is suite aslr_entropy, NEW suite cet"
}
