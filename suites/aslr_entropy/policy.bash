# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034 # thresholds are read by the .bats files
# The ASLR entropy policy: thresholds, the confidence they are proven at,
# the false-failure budget, and the boot counts `hardboot plan` derives from
# them.  Loaded by every .bats file of this suite (after test_helper).
#
# Budget: a test that boots real images fails by chance with probability
# <= 1e-4.  A test checking k thresholds gives each AE_RISK = 2.5e-5
# (k <= 4), computed by `hardboot plan --true` for a source with the bits
# its image claims (images/build/manifest.json: claims.aslr).
#
# HB_ENTROPY_FULL=1: the long run (~25k boots, several minutes under TCG)
# that shows 24 bits of stack and heap and 18 of base.
# HB_ENTROPY_RESULTS=DIR: keep the boots there and reuse them across runs
# (by default they live for one bats run, shared by the suite's files).

AE_SUITE="$HB_ROOT/suites/aslr_entropy"
AE_INI="$AE_SUITE/aslr_entropy.ini"
AE_SEEDING_INI="$AE_SUITE/seeding.ini"
AE_RESULTS="${HB_ENTROPY_RESULTS:-${BATS_RUN_TMPDIR:-/tmp}/aslr_entropy}"
AE_CONF=0.99          # every bound below holds at 99%, one-sided
AE_RISK=2.5e-5        # per threshold; <= 4 thresholds per test
# Level of the uniformity tests that pick the headline: a false rejection
# switches a region to the weaker min-entropy bound and could fail a
# threshold, so it is kept at 1e-5 per region wherever a threshold is read.
AE_ALPHA=1e-5

if [ "${HB_ENTROPY_FULL:-0}" = 1 ]; then
	AE_STACK_MIN=24
	AE_HEAP_MIN=24
	AE_BASE_MIN=18
else
	AE_STACK_MIN=20
	AE_HEAP_MIN=20
	AE_BASE_MIN=16
fi
AE_CANARY_MIN=20      # and every one of its 56 random bits balanced (paxtest)
AE_CANARY_QUALITY=56
AE_SEED_MIN=20        # each raw 32-bit seed word
AE_FOREIGN_MIN=8      # through patterns and registers, few cold boots
AE_SEEDING_MIN=12     # each seeding path: stack, heap, canary

# Claimed bits (manifest claims.aslr of hardened), the truth plan assumes.
AE_TRUE_STACK=28
AE_TRUE_HEAP=28
AE_TRUE_BASE=20
AE_TRUE_CANARY=56
AE_TRUE_SEED=32

# plan_boots BITS TRUE: boots that keep a TRUE-bit source from failing
# BITS with probability above AE_RISK.
plan_boots() {
	"$HB" plan --bits "$1" --true "$2" --confidence "$AE_CONF" --risk "$AE_RISK" \
		--json | jq -r '.true_boots'
}

plan_risk() { # BITS TRUE N: false-failure probability at N boots
	"$HB" plan --bits "$1" --true "$2" --confidence "$AE_CONF" --risk "$AE_RISK" \
		--json | jq -r '.false_failure'
}

max_of() { printf '%s\n' "$@" | sort -n | tail -1; }

# ae_boots SECTION: the boot count of a section of aslr_entropy.ini.
ae_boots() {
	case "$1" in
	hardened)
		max_of "$(plan_boots "$AE_STACK_MIN" "$AE_TRUE_STACK")" \
			"$(plan_boots "$AE_HEAP_MIN" "$AE_TRUE_HEAP")" \
			"$(plan_boots "$AE_BASE_MIN" "$AE_TRUE_BASE")" \
			"$(plan_boots "$AE_CANARY_MIN" "$AE_TRUE_CANARY")" \
			"$(plan_boots "$AE_SEED_MIN" "$AE_TRUE_SEED")" ;;
	aslr-8bit)
		# estimate within 8 +- 0.5 with probability 1 - 5e-5
		"$HB" plan --bits 8 --confidence 0.99995 --json | jq -r '.estimate_boots' ;;
	foreign)
		max_of "$(plan_boots "$AE_FOREIGN_MIN" "$AE_TRUE_BASE")" 60 ;;
	*)
		awk -v s="[$1]" '$0 == s { f = 1; next } /^\[/ { f = 0 }
			f && $1 == "boots" { print $3; exit }' "$AE_INI" ;;
	esac
}

# ae_run INI SECTION [BOOTS]: boot a section once per bats run (or once per
# HB_ENTROPY_RESULTS directory) and print its results directory.  A failed
# run prints its TAP and fails.
ae_run() {
	local ini="$1" sec="$2" n="${3:-}" out rc=0
	[ -n "$n" ] || n=$(ae_boots "$sec")
	out="$AE_RESULTS/$sec"
	mkdir -p "$AE_RESULTS"
	(
		flock 9
		if [ -f "$out/.boots" ] && [ "$(cat "$out/.boots")" = "$n" ]; then
			exit 0
		fi
		rm -rf "$out"
		"$HB" run -o "$out" --section "$sec" --boots "$n" --no-progress \
			--no-console "$ini" >"$AE_RESULTS/$sec.tap" 2>&1 || exit $?
		echo "$n" >"$out/.boots"
	) 9>"$AE_RESULTS/$sec.lock" 3>&- || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$AE_RESULTS/$sec.tap" >&2
		return "$rc"
	fi
	echo "$out"
}

# The hardened policy's bit thresholds, as options of hardboot entropy.
AE_HARDENED_BITS=(--alpha "$AE_ALPHA" --min "stack=$AE_STACK_MIN" --min "heap=$AE_HEAP_MIN" --min "base=$AE_BASE_MIN")
