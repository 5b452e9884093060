#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# ci/nightly.sh: nights in a row on one small suite (a baseline section and
# [sut], 100 warm TCG boots each, ~10 s a night): the first night becomes
# the base, an unchanged night passes, a night whose [sut] became
# aslr-8bit fails, a night run as two shards and merged passes, a base of
# another QEMU is refused.  The nights share one root, in file order.
#
# False failures: compare runs at --alpha 1e-4 (family-wise, Holm); the
# regression night's image base collides ~19 times in 100 boots where
# hardened's never does.  Boot times: these nights run one after another
# on a 2-vCPU host that other jobs share, and a night run as two shards
# loads it differently again, so their lower deciles drift by tens of
# percent; the floor here is +-100% (--noise 1).  Boot-time detection is
# proved in compare.bats, on runs made side by side.
load test_helper

setup_file() {
	export NROOT="$BATS_FILE_TMPDIR/root"
	export NSUITE="$BATS_FILE_TMPDIR/proof.ini"
	write_suite hardened
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

write_suite() {
	printf '[suite]\nname = proof\n[defaults]\naccel = tcg\nmode = warm\ntimeout = 10\n' >"$NSUITE"
	printf 'boots = 100\n[baseline]\nimage = baseline\n[sut]\nimage = %s\nappend = out=16\n' \
		"$1" >>"$NSUITE"
}

nightly() {
	HB="$HB" HB_IMAGES="$HB_IMAGES" "$HB_ROOT/ci/nightly.sh" --root "$NROOT" \
		--suite "$NSUITE" --alpha 1e-4 --noise 1 "$@" 3>&-
}

last_good() { readlink -f "$NROOT/last-good"; }

@test "nightly: the first night has nothing to compare with and becomes the base" {
	run -0 nightly
	assert_output --partial "nothing to compare with (this night becomes the base)"
	[ -f "$(last_good)/GOOD" ]
	[ -s "$(last_good)/proof/metrics.jsonl" ]
	[ -s "$(last_good)/checksec/metrics.jsonl" ]
	[ -s "$(last_good)/report/proof/index.html" ]
	# entropy and keying stated their records
	run jq -r '.metric' "$(last_good)/proof/metrics.jsonl"
	assert_line entropy_headline_bits
	assert_line rng_seed_word_bits
	run cat "$(last_good)/summary.md"
	assert_output --partial "this one is the base"
}

@test "nightly: an unchanged night passes and becomes the last good one" {
	local before
	before=$(last_good)
	sleep 1 # a new UTC stamp
	run -0 nightly
	assert_output --partial "compare proof: exit 0"
	assert_output --partial "compare checksec: exit 0"
	[ "$(last_good)" != "$before" ]
	run cat "$(last_good)/summary.md"
	assert_output --partial "## proof: no regression"
	assert_output --partial "Compared with \`$before\`"
	[ -s "$(last_good)/compare-proof.junit.xml" ]
	# The report's trends span both nights.
	run grep -c '^[0-9]' "$(last_good)/report/proof/trend_cost.dat"
	assert_output 2
}

@test "nightly: a night whose [sut] lost ASLR bits fails and keeps the last good night" {
	local before
	before=$(last_good)
	write_suite aslr-8bit
	sleep 1
	run -1 nightly
	write_suite hardened
	assert_output --partial "compare proof: exit 1"
	[ "$(last_good)" = "$before" ]
	local night
	night=$(find "$NROOT" -mindepth 1 -maxdepth 1 -name '2*' | sort | tail -n 1)
	[ ! -e "$night/GOOD" ]
	run cat "$night/summary.md"
	assert_output --partial "## proof: regression"
	assert_output --partial "\`sut/base\`"
	run jq -r '[.items[] | select(.verdict == "worse") | .subject] | unique | join(" ")' \
		"$night/compare-proof.json"
	assert_output "sut/base"
	[ -s "$night/report/proof/index.html" ]
}

@test "nightly: two shards on two 'machines', merged, compare like one run" {
	local s="$BATS_TEST_TMPDIR/shards"
	sleep 1
	# One QEMU each: together they load the host as the unsharded -j2 nights.
	HB_JOBS=1 nightly --shard 1/2 --output "$s/1" >"$BATS_TEST_TMPDIR/s1.log" 2>&1 &
	HB_JOBS=1 nightly --shard 2/2 --output "$s/2" >"$BATS_TEST_TMPDIR/s2.log" 2>&1 &
	wait
	[ -d "$s/1/proof" ] && [ -d "$s/2/proof" ]
	# Shards do not compare; the merge does.
	[ ! -e "$s/1/summary.md" ]
	run -0 nightly --from-shards "$s/1" "$s/2"
	assert_output --partial "merge 2 shards of proof"
	assert_output --partial "compare proof: exit 0"
	run jq -r '.state, (.merged_from | length)' "$(last_good)/proof/run.json"
	assert_output "$(printf 'merged\n2')"
	run jq -r 'select(.metric == "boot_failure_rate") | .n' "$(last_good)/proof/metrics.jsonl"
	assert_output "$(printf '100\n100')"
}

@test "nightly: a base from another QEMU is refused: exit 2, re-baseline on purpose" {
	local base="$BATS_TEST_TMPDIR/otherqemu"
	cp -r "$(last_good)" "$base"
	jq '.qemu_version["qemu-system-x86_64"] = "QEMU emulator version 9.9.9"' \
		"$base/proof/run.json" >"$base/r.json" && mv "$base/r.json" "$base/proof/run.json"
	sleep 1
	run -2 nightly --base "$base"
	assert_output --partial "different QEMU versions"
	run cat "$(find "$NROOT" -mindepth 1 -maxdepth 1 -name '2*' | sort | tail -n 1)/summary.md"
	assert_output --partial "comparison refused"
}

@test "nightly: usage" {
	run -2 "$HB_ROOT/ci/nightly.sh" --bogus
	assert_output --partial "unknown argument '--bogus'"
	assert_output --partial "--from-shards DIR..."
}
