#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The C unit tests, built normally and with ASan+UBSan.
load test_helper

run_unit() {
	run "$HB_ROOT/build/$1"
	assert_success
	refute_output --partial "not ok"
	assert_output --regexp '1\.\.[0-9]+'
}

@test "unit: option tables (cli.c)" { run_unit tests/test_cli; }
@test "unit: option tables (ASan+UBSan)" { run_unit asan/tests/test_cli; }
@test "unit: serial parser" { run_unit tests/test_proto; }
@test "unit: serial parser (ASan+UBSan)" { run_unit asan/tests/test_proto; }
@test "unit: QEMU's aarch64 exception log" { run_unit tests/test_qemulog; }
@test "unit: QEMU's aarch64 exception log (ASan+UBSan)" { run_unit asan/tests/test_qemulog; }
@test "unit: what a guest may claim (boot.c)" { run_unit tests/test_boot; }
@test "unit: what a guest may claim (ASan+UBSan)" { run_unit asan/tests/test_boot; }
@test "unit: suite loader" { run_unit tests/test_suite; }
@test "unit: suite loader (ASan+UBSan)" { run_unit asan/tests/test_suite; }
@test "unit: pattern captures (bases, lengths, refusals)" { run_unit tests/test_capture; }
@test "unit: pattern captures (ASan+UBSan)" { run_unit asan/tests/test_capture; }
@test "unit: ChaCha20 (RFC 8439)" { run_unit tests/test_chacha; }
@test "unit: ChaCha20 (ASan+UBSan)" { run_unit asan/tests/test_chacha; }
@test "unit: bulk ring reader" { run_unit tests/test_ring; }
@test "unit: bulk ring reader (ASan+UBSan)" { run_unit asan/tests/test_ring; }
@test "unit: results read back as sample columns" { run_unit tests/test_samples; }
@test "unit: results read back (ASan+UBSan)" { run_unit asan/tests/test_samples; }
@test "unit: RNG quick statistics" { run_unit tests/test_rngstat; }
@test "unit: RNG quick statistics (ASan+UBSan)" { run_unit asan/tests/test_rngstat; }
@test "unit: entropy estimators" { run_unit tests/test_entropy; }
@test "unit: entropy estimators (ASan+UBSan)" { run_unit asan/tests/test_entropy; }
@test "unit: entropy leaks, layout, metric records" { run_unit tests/test_entropy_set; }
@test "unit: entropy leaks, layout (ASan+UBSan)" { run_unit asan/tests/test_entropy_set; }
@test "unit: boot planning" { run_unit tests/test_plan; }
@test "unit: boot planning (ASan+UBSan)" { run_unit asan/tests/test_plan; }
@test "unit: dieharder output and batteries" { run_unit tests/test_dieharder; }
@test "unit: dieharder output and batteries (ASan+UBSan)" { run_unit asan/tests/test_dieharder; }
@test "unit: RNG keying checks" { run_unit tests/test_keying; }
@test "unit: RNG keying checks (ASan+UBSan)" { run_unit asan/tests/test_keying; }
@test "unit: the statistics core against R and tables (quantiles, intervals, rank test, Fisher, Holm)" { run_unit tests/test_stats; }
@test "unit: the statistics core (ASan+UBSan)" { run_unit asan/tests/test_stats; }
@test "unit: interleaved boot order" { run_unit tests/test_interleave; }
@test "unit: interleaved boot order (ASan+UBSan)" { run_unit asan/tests/test_interleave; }
@test "unit: boot-time statistics" { run_unit tests/test_btstat; }
@test "unit: boot-time statistics (ASan+UBSan)" { run_unit asan/tests/test_btstat; }
@test "unit: checksec readers (ELF through libelf, objdump, notes)" { run_unit tests/test_checksec; }
@test "unit: checksec parsers (ASan+UBSan)" { run_unit asan/tests/test_checksec; }
@test "unit: page-table walker on synthetic RAM" { run_unit tests/test_pagewalk; }
@test "unit: page-table walker (ASan+UBSan)" { run_unit asan/tests/test_pagewalk; }
@test "unit: cfi judges arm64 payload faults" { run_unit tests/test_cfi; }
@test "unit: cfi judges arm64 payload faults (ASan+UBSan)" { run_unit asan/tests/test_cfi; }
@test "unit: boot-time analysis of synthetic runs" { run_unit tests/test_boottime; }
@test "unit: boot-time analysis (ASan+UBSan)" { run_unit asan/tests/test_boottime; }
@test "unit: compare families on record pairs" { run_unit tests/test_compare; }
@test "unit: compare families (ASan+UBSan)" { run_unit asan/tests/test_compare; }
@test "unit: SP 800-90B estimators and tests" { run_unit tests/test_sp90b; }
@test "unit: SP 800-90B estimators and tests (ASan+UBSan)" { run_unit asan/tests/test_sp90b; }
@test "unit: raw-noise samples, their checks and symbols" { run_unit tests/test_rawnoise; }
@test "unit: raw-noise samples (ASan+UBSan)" { run_unit asan/tests/test_rawnoise; }
