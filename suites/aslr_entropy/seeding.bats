#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The seeding-path matrix (seeding.ini): the same image seeded from rdseed
# (rdrand present), rdrand only, or neither (TSC jitter).  Each row must
# report the source it used on every boot and give the layout and the
# canary >= AE_SEEDING_MIN bits at 99%.  rdseed exists here only under KVM
# (TCG does not advertise it): without KVM that row is a SKIP with the
# runner's reason.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	# plan: the boots that keep a 28-bit layout from failing 12 bits
	SEEDING_BOOTS=$(plan_boots "$AE_SEEDING_MIN" "$AE_TRUE_STACK")
	RDSEED=$(ae_run "$AE_SEEDING_INI" seed-rdseed "$SEEDING_BOOTS")
	RDRAND=$(ae_run "$AE_SEEDING_INI" seed-rdrand "$SEEDING_BOOTS")
	NONE=$(ae_run "$AE_SEEDING_INI" seed-none "$SEEDING_BOOTS")
	export SEEDING_BOOTS RDSEED RDRAND NONE
}

# row DIR SOURCE: every boot seeded from SOURCE; stack, heap, canary meet
# the threshold.  False failure: three thresholds, each plan_risk(12 of
# 28 or 56 bits) <= 2.5e-5 plus a false uniformity rejection <= AE_ALPHA =
# 1e-5, for a seed with the bits rdrand gives: plan_risk is 5e-9 at the
# planned boots, so <= 3.1e-5 in all.
row() {
	local skip
	skip=$(jq -r '.sections[0].skip // empty' "$1/run.json")
	[ -z "$skip" ] || skip "$skip"
	run -0 jq -r '.cpu.src' "$1/boots.jsonl"
	[ "$(sort -u <<<"$output")" = "$2" ]
	[ "$(wc -l <<<"$output")" -eq "$SEEDING_BOOTS" ]
	run -0 "$HB" entropy --alpha "$AE_ALPHA" --min "stack=$AE_SEEDING_MIN" --min "heap=$AE_SEEDING_MIN" \
		--min "canary=$AE_SEEDING_MIN" "$1"
	assert_line "# 3 checks, 0 failed"
}

@test "seeding: rdseed and rdrand (KVM only)" {
	local skip
	skip=$(jq -r '.sections[0].skip // empty' "$RDSEED/run.json")
	[ -z "$skip" ] || skip "$skip"
	# A KVM host whose CPU lacks rdseed cannot show it to the guest.
	run -0 jq -r '.cpu.has | index("rdseed") != null' "$RDSEED/boots.jsonl"
	[ "$(sort -u <<<"$output")" = true ] || skip "this KVM host's CPU has no rdseed"
	row "$RDSEED" rdseed
}

@test "seeding: rdrand only" {
	row "$RDRAND" rdrand
}

@test "seeding: neither (TSC jitter fallback)" {
	row "$NONE" jitter
	# What the raw jitter words are worth here, for the record: the layout
	# comes from ChaCha20 keyed with them, so it can be uniform while they
	# are not.
	run -0 bash -c "'$HB' entropy --json '$NONE' | jq -r '.sections[0].regions[]
		| select(.region | startswith(\"seed.\")) | \"\\(.region) p=\\(.uniformity.p)\"' | tr '\n' ' '"
	echo "# jitter seed words, uniformity: $output" >&3
}
