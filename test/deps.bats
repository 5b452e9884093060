#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's commands on a machine without the packages: `make deps`
# installs them, and what is built after it must see them.  A copy of the
# tree is built with a pkg-config, dpkg-query and apt-get on PATH that
# behave as on a fresh machine: nothing is installed and pkg-config knows
# no library until apt-get "installs" (the real libraries are already on
# this machine; only their discovery is delayed, as it is on a fresh one).
load test_helper

setup() {
	[ "$(id -u)" = 0 ] || skip "make deps installs as root"
	command -v git >/dev/null || skip "git not installed"
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/bin" "$T/tree"
	# the tree as it is, without build outputs (a clean clone of this state)
	git -C "$HB_ROOT" ls-files -z --cached --others --exclude-standard | (cd "$HB_ROOT" && xargs -0 cp --parents -t "$T/tree")
	cat >"$T/bin/dpkg-query" <<-EOT
	#!/bin/sh
	[ -e "$T/installed" ] && exec /usr/bin/dpkg-query "\$@"
	exit 1
	EOT
	cat >"$T/bin/apt-get" <<-EOT
	#!/bin/sh
	echo "apt-get \$*" >>"$T/apt.log"
	case " \$* " in *" install "*) touch "$T/installed" ;; esac
	EOT
	cat >"$T/bin/pkg-config" <<-EOT
	#!/bin/sh
	[ -e "$T/installed" ] || exit 1
	exec /usr/bin/pkg-config "\$@"
	EOT
	chmod +x "$T/bin/"*
}

@test "deps: the first 'make build' of a fresh tree installs, then builds with the libraries' flags" {
	run -0 env PATH="$T/bin:$PATH" make -C "$T/tree" --no-print-directory WERROR=1 build
	assert_output --partial "hardboot: installing"
	run -0 grep -c "install -y" "$T/apt.log"
	[ -x "$T/tree/build/hardboot" ]
	[ -f "$T/tree/images/build/manifest.json" ]
	run -0 "$T/tree/build/hardboot" --version
}

@test "deps: a plain 'make' without the packages stops with one line that says what to do" {
	run -2 env PATH="$T/bin:$PATH" make -C "$T/tree" --no-print-directory -s runner
	assert_output --partial "hardboot: pkg-config knows none of glib-2.0 jansson gsl libcrypto libelf: run 'make deps'"
	[ ! -e "$T/tree/build/hardboot" ]
}
