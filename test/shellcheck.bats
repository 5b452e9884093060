#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# ShellCheck on every shell file of the project, Bats files included.
load test_helper

@test "shellcheck: all shell files are clean" {
	cd "$HB_ROOT"
	mapfile -t files < <(git ls-files '*.sh' '*.bash' '*.bats' .ci/run test/fixtures/kvm \
		scripts bench ci 2>/dev/null | sort -u | grep -vE '\.(c|h|md|ini|mk|json|yml)$')
	[ "${#files[@]}" -gt 0 ]
	run shellcheck -x "${files[@]}"
	assert_success
}

@test "no Python anywhere in the project" {
	cd "$HB_ROOT"
	run bash -c "git ls-files | grep -E '\\.py\$'"
	assert_failure
}
