#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The nightly over SSH hosts, for real: the GNU-parallel recipe of
# docs/nightly.md (the block between its "recipe: ssh" markers, run as it
# is) against two sshd instances this test starts itself on 127.0.0.2 and
# 127.0.0.3, high ports, each with its own host key, authorized_keys and
# an empty work directory that a login is confined to (ForceCommand cd),
# never the system's sshd.  The hosts share no path with each other or
# with "here": the runner, the suites and the images reach them only in
# the recipe's --transferfile, and the shards come back only through its
# --return.  Two nights in a row (the second is compared with the first
# and boots the in-run A/B), then the recipe without --transferfile, and
# without --return, must fail.
#
# Slow tier: ~2 minutes of boots.  False failures: those of nightly.bats
# (compare at --alpha 1e-4, the A/B's identical pair at 1.7e-5).
load test_helper

# bats file_tags=slow

setup_file() {
	command -v parallel >/dev/null || skip "GNU parallel not installed (make deps)"
	command -v rsync >/dev/null || skip "rsync not installed (make deps)"
	[ -x /usr/sbin/sshd ] || skip "openssh-server not installed (make deps)"
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	[ "$(id -u)" = 0 ] || skip "the hosts' logins are root's"
	export T="$BATS_FILE_TMPDIR"
	mkdir -p "$T/client"
	ssh-keygen -q -t ed25519 -N '' -f "$T/client/id"
	: >"$T/known_hosts"
	ssh_host h2 127.0.0.2
	ssh_host h3 127.0.0.3
	{
		printf 'Host h2\n  HostName 127.0.0.2\n  Port %s\n' "$(cat "$T/h2/port")"
		printf 'Host h3\n  HostName 127.0.0.3\n  Port %s\n' "$(cat "$T/h3/port")"
		printf 'Host *\n  User root\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$T/client/id"
		printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n' "$T/known_hosts"
		printf '  BatchMode yes\n  ConnectTimeout 10\n'
	} >"$T/ssh_config"
	export PARALLEL_SSH="ssh -F $T/ssh_config"
	here_tree
}

teardown_file() {
	local h
	for h in h2 h3; do
		[ -s "$T/$h/sshd.pid" ] && kill "$(cat "$T/$h/sshd.pid")" 2>/dev/null
	done
	return 0
}

# ssh_host NAME ADDR: an sshd of its own on ADDR, a free high port, logins
# (root, by the client key only) confined to $T/NAME/work.
ssh_host() {
	local addr=$2 d="$T/$1" port
	mkdir -p "$d/work" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$d/hostkey"
	cp "$T/client/id.pub" "$d/authorized_keys"
	for _ in 1 2 3 4 5; do
		port=$((20000 + (RANDOM % 40000)))
		cat >"$d/sshd_config" <<-EOF
		Port $port
		ListenAddress $addr
		HostKey $d/hostkey
		PidFile $d/sshd.pid
		AuthorizedKeysFile $d/authorized_keys
		StrictModes no
		UsePAM no
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		ForceCommand cd $d/work && HOME=$d/work exec /bin/bash -c "\$SSH_ORIGINAL_COMMAND"
		EOF
		rm -f "$d/sshd.pid"
		/usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log" || continue
		for _ in $(seq 50); do [ -s "$d/sshd.pid" ] && break; sleep 0.1; done
		if [ -s "$d/sshd.pid" ]; then
			echo "$port" >"$d/port"
			echo "[$addr]:$port $(cat "$d/hostkey.pub")" >>"$T/known_hosts"
			return 0
		fi
	done
	echo "sshd on $addr did not start: $(cat "$d/sshd.log")" >&2
	return 1
}

# "Here": a built tree (runner, scripts, suites, images) and the test's
# small suite, as the recipe expects it.
here_tree() {
	local h="$T/here"
	mkdir -p "$h/build" "$h/images/build"
	cp "$HB" "$h/build/hardboot"
	cp -r "$HB_ROOT/ci" "$HB_ROOT/suites" "$h/"
	cp "$HB_IMAGES/manifest.json" "$HB_IMAGES"/*.elf "$h/images/build/"
	printf '[suite]\nname = proof\n[defaults]\naccel = tcg\nmode = warm\ntimeout = 10\n' >"$h/suites/proof.ini"
	printf 'boots = 100\n[baseline]\nimage = baseline\n[sut]\nimage = hardened\nappend = out=16\n' \
		>>"$h/suites/proof.ini"
	printf 'h2\nh3\n' >"$h/hosts.txt"
	# the documented block, as it is
	{
		echo 'set -e'
		sed -n '/^<!-- recipe: ssh/,/^<!-- \/recipe -->/p' "$HB_ROOT/docs/nightly.md" |
			sed -e '1d' -e '$d' -e 's/^    //'
	} >"$T/recipe.sh"
	grep -q 'parallel ' "$T/recipe.sh"
}

recipe() {
	(cd "$T/here" && opts="--suite suites/proof.ini --alpha 1e-4 --ab hardened --ab-boots 100" \
		HB_NIGHTLY_AB='' bash "${1:-$T/recipe.sh}") 3>&-
}

@test "ssh hosts: the two sshd answer, each in its own empty directory" {
	run -0 ssh -F "$T/ssh_config" h2 pwd
	assert_output "$T/h2/work"
	run -0 ssh -F "$T/ssh_config" h3 'pwd; ls -A'
	assert_output "$T/h3/work"
}

@test "ssh hosts: the documented recipe runs a shard on each host, merged here: the first night" {
	run -0 recipe
	assert_output --partial "1	nightly: shard 1/2 done"
	assert_output --partial "2	nightly: shard 2/2 done"
	assert_output --partial "merge 2 shards of proof"
	assert_output --partial "this night becomes the base"
	local night
	night=$(readlink -f "$T/here/nightly/last-good")
	run jq -r '.state, (.merged_from | length)' "$night/proof/run.json"
	assert_output "$(printf 'merged\n2')"
	# each shard booted the images of its own host's directory
	run jq -r '.sections[].image_path' "$T/here/shards/1/proof/run.json" "$T/here/shards/2/proof/run.json"
	assert_line --regexp "^$T/h2/work/hb-[12]/images/build/hardened.elf$"
	assert_line --regexp "^$T/h3/work/hb-[12]/images/build/hardened.elf$"
	refute_line --regexp "^$T/here"
	# --cleanup and the job's own rm: nothing left on the hosts
	run ls -A "$T/h2/work" "$T/h3/work"
	refute_output --regexp 'hb|shard'
}

@test "ssh hosts: the second night is compared with the first and boots the in-run A/B here" {
	sleep 1 # a new UTC stamp
	run -0 recipe
	assert_output --partial "merge 2 shards of proof"
	# boot times of two nights may move (a trend): nothing else may
	assert_output --regexp "compare proof: exit (0|1)"
	assert_output --partial "compare checksec: exit 0"
	assert_output --partial "A/B: 1 image(s) against the last good night's"
	refute_output --partial "boots slower"
	assert_output --partial "is the new last good night"
	run cat "$(readlink -f "$T/here/nightly/last-good")/summary.md"
	assert_output --partial "Exit status 0."
}

@test "ssh hosts: the recipe without --transferfile fails: nothing reaches a host otherwise" {
	sed 's/--transferfile hb.tar //' "$T/recipe.sh" >"$T/no-transfer.sh"
	run -1 cmp -s "$T/recipe.sh" "$T/no-transfer.sh"
	sleep 1
	run recipe "$T/no-transfer.sh"
	assert_failure
	assert_output --partial "hb.tar"
}

@test "ssh hosts: the recipe without --return fails: no shard comes back otherwise" {
	sed 's/--return shard-{}.tar //' "$T/recipe.sh" >"$T/no-return.sh"
	run -1 cmp -s "$T/recipe.sh" "$T/no-return.sh"
	rm -rf "$T/here/shards"
	sleep 1
	run recipe "$T/no-return.sh"
	assert_failure
	assert_output --partial "shard-1.tar"
}
