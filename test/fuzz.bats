#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Short libFuzzer runs over every parser of untrusted input, from the seed
# corpus in test/fixtures/fuzz/.  A crash, leak or OOM fails the test and
# leaves the reproducer in the test's temp dir.
load test_helper

fuzz_run() {
	local target="$1" seeds="$HB_FIXTURES/fuzz/$2"
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	cp "$seeds"/* "$BATS_TEST_TMPDIR/corpus/"
	run "$HB_ROOT/build/fuzz/$target" -max_total_time="${HB_FUZZ_SECONDS:-15}" \
		-rss_limit_mb=1024 -artifact_prefix="$BATS_TEST_TMPDIR/" \
		"$BATS_TEST_TMPDIR/corpus"
	assert_success
	# built with -fno-sanitize-recover=all: a UBSan report is a crash; this
	# says so for a build that recovered anyway
	refute_output --partial "runtime error:"
	assert_output --partial "Done "
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
@test "fuzz: compare, a check_skip_rate without n: no UBSan report (nan to unsigned)" {
	run "$HB_ROOT/build/fuzz/fuzz_compare" "$HB_FIXTURES/fuzz/compare/skip-without-n"
	assert_success
	refute_output --partial "runtime error:"
}
