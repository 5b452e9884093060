#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# ci/nightly.sh: nights in a row on one small suite (a baseline section and
# [sut], 100 warm TCG boots each, and the in-run A/B of hardened against
# the last good night's copy, 100 boots a side: ~30 s a night): the first
# night becomes the base, an unchanged night passes, a night whose [sut]
# became aslr-8bit fails, a night whose hardened.elf is slowboot's bytes
# fails on the in-run A/B, a last good image of another protocol is
# refused, --keep prunes nights and images, a night run as two shards and
# merged passes, a base of another QEMU is refused.  The nights share one
# root, in file order.
#
# False failures: compare runs at --alpha 1e-4 (family-wise, Holm); the
# regression night's image base collides ~19 times in 100 boots where
# hardened's never does.  Boot times: these nights run one after another
# on a 2-vCPU host that other jobs share, and a night run as two shards
# loads it differently again, so their lower deciles drift by tens of
# percent; the floor here is +-100% (--noise 1), and boot times across
# nights never gate the night anyway.  The in-run A/B: an identical pair is
# confirmed changed with probability at most alpha^2/m = 1.7e-5
# (suites/boottime/README.md); slowboot's spin (28.6 ms before the rng
# mark) against hardened's rng phase of 1-3 ms here is missed only if the
# per-process medians of hardened reached the spin (at most 18.4 ms seen).
load test_helper

setup_file() {
	export NROOT="$BATS_FILE_TMPDIR/root"
	export NSUITE="$BATS_FILE_TMPDIR/proof.ini"
	# the in-run A/B only where a test looks at it (--ab hardened): 200 boots
	export HB_NIGHTLY_AB=none
	write_suite hardened
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# 150 boots a night: aslr-8bit then shows ~44 colliding pairs of 11,175
# against none, p ~ 2^-44 before Holm; at 100 boots its ~19 pairs sat at
# the edge of alpha 1e-4 over ~40 tests (a verdict that could flap).
write_suite() {
	printf '[suite]\nname = proof\n[defaults]\naccel = tcg\nmode = warm\ntimeout = 10\n' >"$NSUITE"
	printf 'boots = 150\n[baseline]\nimage = baseline\n[sut]\nimage = %s\nappend = out=16\n' \
		"$1" >>"$NSUITE"
}

nightly() {
	HB="$HB" HB_IMAGES="$HB_IMAGES" "$HB_ROOT/ci/nightly.sh" --root "$NROOT" \
		--suite "$NSUITE" --alpha 1e-4 --noise 1 --ab-boots 100 "$@" 3>&-
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
	run -0 nightly --ab hardened
	assert_output --partial "compare proof: exit 0"
	assert_output --partial "compare checksec: exit 0"
	# the identical images of both nights, booted side by side: no change
	assert_output --partial "A/B: 1 image(s) against the last good night's"
	refute_output --partial "boots slower"
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

last_night() { find "$NROOT" -mindepth 1 -maxdepth 1 -name '2*' | sort | tail -n 1; }

@test "nightly: boot time is an in-run A/B: tonight's [hardened] (slowboot's bytes) against the last good night's copy fails the night" {
	local imgs="$BATS_TEST_TMPDIR/images" before night f
	mkdir -p "$imgs"
	for f in "$HB_IMAGES"/*.elf; do ln -s "$(readlink -f "$f")" "$imgs/"; done
	cp "$HB_IMAGES/manifest.json" "$imgs/"
	ln -sfn "$(readlink -f "$HB_IMAGES/slowboot.elf")" "$imgs/hardened.elf"
	before=$(last_good)
	sleep 1
	HB_IMAGES="$imgs" run -1 nightly --ab hardened
	assert_output --partial "A/B: 1 image(s) against the last good night's"
	assert_output --partial "A/B: an image boots slower than the last good night's"
	# the spin is before the rng mark: rng (and so guest) carries it
	assert_output --regexp "slower hardened/rng: "
	[ "$(last_good)" = "$before" ]
	night=$(last_night)
	[ ! -e "$night/GOOD" ]
	# both sides booted in this run, interleaved, from the bytes images.json names
	run jq -r '.sections[] | "\(.name) \(.image_sha256)"' "$night/ab/first/run.json"
	assert_line "last-hardened $(jq -r '.images[] | select(.name == "hardened") | .sha256' "$before/images.json")"
	assert_line "hardened $(sha256sum "$HB_IMAGES/slowboot.elf" | cut -d' ' -f1)"
	run jq -r '.interleave' "$night/ab/first/run.json"
	assert_output 10
	run cat "$night/summary.md"
	assert_output --partial "**slower**"
	# shellcheck disable=SC2016 # backquotes of Markdown, not a command
	assert_output --regexp '\| `hardened` \| rng \| .* \| slower \|'
	assert_output --partial "never gate"
}

@test "nightly: a last good image of another protocol is refused with its reason, not booted" {
	local base="$BATS_TEST_TMPDIR/night"
	cp -r "$(last_good)" "$base"
	jq '(.images[] | select(.name == "hardened") | .protocol) = "HB0"' "$base/images.json" >"$base/i.json" &&
		mv "$base/i.json" "$base/images.json"
	sleep 1
	run -0 nightly --base "$base" --ab hardened
	assert_output --partial "A/B hardened: refused: its image speaks protocol HB0, tonight's HB1"
	[ ! -d "$(last_night)/ab" ]
	run cat "$(last_night)/summary.md"
	assert_output --partial "Not measured"
	assert_output --partial "refused: its image speaks protocol HB0"
}

@test "nightly: --keep 2 keeps two nights and last-good, and every image a kept night refers to" {
	local stale=0000000000000000000000000000000000000000000000000000000000000000
	touch "$NROOT/images/$stale.elf" "$NROOT/images/$stale.json"
	sleep 1
	run -0 nightly --keep 2
	assert_output --partial "retention: deleted image $stale"
	assert_output --partial "retention: deleted $NROOT/2"
	run find "$NROOT" -mindepth 1 -maxdepth 1 -name '2*'
	[ "${#lines[@]}" -eq 2 ]
	[ -f "$(last_good)/GOOD" ]
	# every image a kept night names is still there
	for h in $(jq -r '.images[].sha256' "$NROOT"/2*/images.json | sort -u); do
		[ -f "$NROOT/images/$h.elf" ]
	done
	[ ! -e "$NROOT/images/$stale.elf" ]
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
	assert_output "$(printf '150\n150')"
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
	run -0 "$HB_ROOT/ci/nightly.sh" --help
	assert_output --partial "--keep N"
	assert_output --partial "--ab IMAGE"
	run -2 "$HB_ROOT/ci/nightly.sh" --keep 0
	assert_output --partial "--keep needs at least 1 night"
}
