#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer runs over every parser of untrusted input, from the seed
# corpus in test/fixtures/fuzz/.  A crash, leak or OOM fails the test and
# leaves the reproducer in the test's temp dir.  `make test` gives each
# target a smoke run of HB_FUZZ_SECONDS (4); the slow tier (nightly) runs
# them all again for HB_FUZZ_LONG_SECONDS (60) each.
load test_helper

# target:seed-corpus, one per parser
FUZZ_TARGETS="fuzz_proto:proto fuzz_capture:capture fuzz_dieharder:dieharder
fuzz_suite:suite fuzz_checksec:checksec fuzz_elffile:elffile fuzz_entropy:entropy
fuzz_compare:compare fuzz_sp90b:sp90b fuzz_rawnoise:rawnoise fuzz_results:results
fuzz_merge:merge fuzz_qmp:qmp fuzz_ring:ring fuzz_pagewalk:pagewalk
fuzz_qemulog:qemulog fuzz_gdbstub:gdbstub fuzz_pagewalk_arm64:pagewalk_arm64"

# fuzz_run TARGET CORPUS [SECONDS]
fuzz_run() {
	local target="$1" seeds="$HB_FIXTURES/fuzz/$2" secs="${3:-${HB_FUZZ_SECONDS:-4}}"
	rm -rf "$BATS_TEST_TMPDIR/corpus"
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	cp "$seeds"/* "$BATS_TEST_TMPDIR/corpus/"
	run "$HB_ROOT/build/fuzz/$target" -max_total_time="$secs" \
		-rss_limit_mb=1024 -artifact_prefix="$BATS_TEST_TMPDIR/" \
		"$BATS_TEST_TMPDIR/corpus"
	assert_success
	# built with -fno-sanitize-recover=all: a UBSan report is a crash; this
	# says so for a build that recovered anyway
	refute_output --partial "runtime error:"
	assert_output --partial "Done "
}

@test "fuzz: every parser has a target here" {
	local t n=0
	for t in $FUZZ_TARGETS; do
		[ -x "$HB_ROOT/build/fuzz/${t%%:*}" ] || fail "no build/fuzz/${t%%:*}"
		n=$((n + 1))
	done
	# every target in the tree is listed (a new one joins both runs)
	[ "$n" -eq "$(find "$HB_ROOT/runner/fuzz" "$HB_ROOT"/suites/*/fuzz -name 'fuzz_*.c' | wc -l)" ]
}

# bats test_tags=slow
@test "fuzz: every target for HB_FUZZ_LONG_SECONDS (slow tier)" {
	local t
	for t in $FUZZ_TARGETS; do
		fuzz_run "${t%%:*}" "${t#*:}" "${HB_FUZZ_LONG_SECONDS:-60}"
	done
}

@test "fuzz: serial stream parser" { fuzz_run fuzz_proto proto; }
@test "fuzz: pattern captures" { fuzz_run fuzz_capture capture; }
@test "fuzz: dieharder output reader" { fuzz_run fuzz_dieharder dieharder; }
@test "fuzz: suite-file loader" { fuzz_run fuzz_suite suite; }
@test "fuzz: checksec parsers (objdump text, notes)" { fuzz_run fuzz_checksec checksec; }
@test "fuzz: checksec ELF reader (libelf) on any bytes" { fuzz_run fuzz_elffile elffile; }
@test "fuzz: entropy estimators on any values" { fuzz_run fuzz_entropy entropy; }
@test "fuzz: compare on any metric records" { fuzz_run fuzz_compare compare; }
@test "fuzz: SP 800-90B sample reader, estimators and tests on any bytes" { fuzz_run fuzz_sp90b sp90b; }
@test "fuzz: raw-noise samples from the ring on any bytes" { fuzz_run fuzz_rawnoise rawnoise; }
@test "fuzz: results reader (boots.jsonl, run.json)" { fuzz_run fuzz_results results; }
@test "fuzz: merge of any two shards" { fuzz_run fuzz_merge merge; }
@test "fuzz: QMP replies and the register dump" { fuzz_run fuzz_qmp qmp; }
@test "fuzz: bulk ring header in guest RAM" { fuzz_run fuzz_ring ring; }
@test "fuzz: host-side walk of the guest's page tables" { fuzz_run fuzz_pagewalk pagewalk; }
@test "fuzz: QEMU's aarch64 exception log" { fuzz_run fuzz_qemulog qemulog; }
@test "fuzz: QEMU's gdbstub replies (packets, target descriptions, registers)" { fuzz_run fuzz_gdbstub gdbstub; }
@test "fuzz: host-side walk of an arm64 guest's stage-1 tables" { fuzz_run fuzz_pagewalk_arm64 pagewalk_arm64; }
@test "fuzz: compare, a check_skip_rate without n: no UBSan report (nan to unsigned)" {
	run "$HB_ROOT/build/fuzz/fuzz_compare" "$HB_FIXTURES/fuzz/compare/skip-without-n"
	assert_success
	refute_output --partial "runtime error:"
}
