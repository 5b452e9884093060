#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# ci/github-nightly.yml, checked as far as this machine can: no Actions
# schema checker is packaged, so every `run:` command's invocations of
# ci/nightly.sh and hardboot are found (continuation lines joined, arrays
# of options assigned in the same step followed) and each option they pass
# must be one that the command's --help lists.  A workflow calling an
# option that does not exist fails here, not at 2 a.m.
load test_helper

# wf_runs FILE: the run: commands, one logical line each (block scalars
# unfolded, lines ending in a backslash joined), "--- run" before each step.
wf_runs() {
	awk '
	function out(s) { if (s ~ /\\$/) { cont = cont substr(s, 1, length(s) - 1) " "; return }
			  print cont s; cont = "" }
	{
		match($0, /^ */); ind = RLENGTH
		if (blk && $0 !~ /^[ \t]*$/ && ind <= key) blk = 0
		if (blk) { s = $0; sub(/^ +/, "", s); out(s); next }
		if ($0 ~ /^ *(- )?run: */) {
			print "--- run"
			key = ind; cont = ""
			s = $0; sub(/^ *(- )?run: */, "", s)
			if (s ~ /^[|>][-+]?$/) blk = 1
			else out(s)
		}
	}' "$1"
}

# wf_help CMD [SUB]: the --help text of ci/nightly.sh or of hardboot SUB
# (cached per command); fails when the command does not answer --help.
wf_help() {
	local f="$BATS_TEST_TMPDIR/help-$1-${2:-}"
	if [ ! -f "$f" ]; then
		case "$1" in
		nightly) "$HB_ROOT/ci/nightly.sh" --help >"$f" 2>&1 || { rm -f "$f"; return 1; } ;;
		hardboot) "$HB" "$2" --help >"$f" 2>&1 || { rm -f "$f"; return 1; } ;;
		esac
	fi
	cat "$f"
}

# wf_check FILE: one line per option checked ("ok CMD --opt" or "MISSING
# CMD --opt"), a count of invocations last; fails on any missing option.
# shellcheck disable=SC2016 # literal ${...} and $HB of the workflow text
wf_check() {
	local line seg bad=0 n=0 cmd sub tok i opts words
	local -A arr=()
	while IFS= read -r line; do
		if [ "$line" = "--- run" ]; then
			arr=()
			continue
		fi
		# NAME=(--opt value ...) in this step: options spread later as "${NAME[@]}"
		while [[ $line =~ ([A-Za-z_][A-Za-z0-9_]*)=\(([^\)]*)\) ]]; do
			arr[${BASH_REMATCH[1]}]+=" ${BASH_REMATCH[2]}"
			line=${line/"${BASH_REMATCH[0]}"/}
		done
		while IFS= read -r seg; do
			read -ra words <<<"${seg//[\"\']/}"
			cmd=
			for ((i = 0; i < ${#words[@]}; i++)); do
				case "${words[i]}" in
				*nightly.sh) cmd=nightly; sub=; break ;;
				hardboot | */hardboot | '$HB')
					cmd=hardboot
					sub=${words[i + 1]:-}
					i=$((i + 1))
					break
					;;
				esac
			done
			[ -n "$cmd" ] || continue
			n=$((n + 1))
			if ! wf_help "$cmd" "$sub" >/dev/null; then
				echo "MISSING $cmd $sub: does not answer --help"
				bad=1
				continue
			fi
			opts=()
			for tok in "${words[@]:i+1}"; do
				case "$tok" in
				--[a-z]*) opts+=("${tok%%=*}") ;;
				'${'*'[@]}')
					tok=${tok#\$\{}
					# shellcheck disable=SC2206 # the array's words, as bash spreads them
					opts+=(${arr[${tok%%\[*}]:-})
					;;
				esac
			done
			for tok in "${opts[@]}"; do
				[ "${tok#--}" != "$tok" ] || continue
				if wf_help "$cmd" "$sub" | grep -qE -- "(^|[^a-z-])${tok}([^a-z-]|\$)"; then
					echo "ok $cmd${sub:+ $sub} $tok"
				else
					echo "MISSING $cmd${sub:+ $sub} $tok"
					bad=1
				fi
			done
		done < <(sed -e 's/&&/\n/g' -e 's/||/\n/g' -e 's/;/\n/g' -e 's/|/\n/g' <<<"$line")
	done < <(wf_runs "$1")
	echo "invocations $n"
	return "$bad"
}

@test "ci workflow: every ci/nightly.sh and hardboot option the workflow passes exists" {
	run -0 wf_check "$HB_ROOT/ci/github-nightly.yml"
	assert_line "ok nightly --shard"
	assert_line "ok nightly --output"
	assert_line "ok nightly --root"
	assert_line "ok nightly --from-shards"
	# the base comes in an array assigned in the same step
	assert_line "ok nightly --base"
	refute_output --partial MISSING
	assert_line --regexp '^invocations ([2-9]|[1-9][0-9])$'
}

@test "ci workflow: the check fails on an option that does not exist, in any form of run:" {
	cat >"$BATS_TEST_TMPDIR/wf.yml" <<-'EOF'
	jobs:
	  a:
	    steps:
	      - run: ci/nightly.sh --shard 1/2 --bogus-opt
	      - name: block
	        run: |
	          x=(--no-such-base dir)
	          build/hardboot compare --json out.json \
	            --not-an-option a b && ci/nightly.sh "${x[@]}"
	      - run: build/hardboot no-such-command --help
	EOF
	run -1 wf_check "$BATS_TEST_TMPDIR/wf.yml"
	assert_line "ok nightly --shard"
	assert_line "MISSING nightly --bogus-opt"
	assert_line "ok hardboot compare --json"
	assert_line "MISSING hardboot compare --not-an-option"
	assert_line "MISSING nightly --no-such-base"
	assert_line "MISSING hardboot no-such-command: does not answer --help"
	assert_line "invocations 4"
}
