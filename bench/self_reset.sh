# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by bench/*.sh: the rate of plain QEMU on a warm line, the guest
# resetting itself, with no runner.  Needs $tmp and $JOBS.
#
# self_reset TAG SECS LINE: JOBS QEMUs on LINE at once; prints the boots
# per second that reached "HB1 done st=pass" over SECS seconds of steady
# state, counted from each QEMU's first done on: QEMU's own start, which
# the runner's thousands of boots amortize, is left out.  Serial goes
# through a pipe as the runner reads it (-serial file: would cost a
# write() per byte, which a 450-byte boot pays and a 17-byte one does not).
# shellcheck disable=SC2154 # tmp and JOBS: the sourcing script's
self_reset() {
	local j f n0 n1 t0 t1 pids=() k=0 started line
	line=$(self_line "$3")
	for j in $(seq "$JOBS"); do
		: >"$tmp/$1$j.log"
		eval "$line > >(grep --line-buffered '^HB1 done' >\"\$tmp/\$1\$j.log\") 2>/dev/null </dev/null &"
		pids+=($!)
	done
	while [ $k -lt 400 ]; do
		started=1
		for f in "$tmp/$1"*.log; do
			grep -q '^HB1 done' "$f" || started=0
		done
		[ $started = 1 ] && break
		sleep 0.05
		k=$((k + 1))
	done
	n0=$(cat "$tmp/$1"*.log | grep -c '^HB1 done st=pass')
	t0=$(date +%s.%N)
	sleep "$2"
	n1=$(cat "$tmp/$1"*.log | grep -c '^HB1 done st=pass')
	t1=$(date +%s.%N)
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	awk -v n="$((n1 - n0))" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }'
}

# self_line LINE: the runner's warm line without its QMP socket (a
# placeholder path there: the runner counts the guest's resets through it;
# a plain loop has no one to read it).
self_line() {
	sed -E "s/ -qmp 'unix:[^']*'//" <<<"$1"
}

# minimal_line LINE: the same line booting the minimal self-resetting
# kernel (images/bench/minreset.S, build/bench/minreset.elf) instead.
minimal_line() {
	echo "${1/-kernel * -append/-kernel $PWD/build/bench/minreset.elf -append}"
}
