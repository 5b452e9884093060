#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Boot throughput of the runner against plain QEMU, measured in one go with
# the same image, the same parallelism and exactly the QEMU command line the
# runner records in run.json:
#   (a) a plain shell loop of that command (cold)
#   (b) hardboot run, cold
#   (c) plain QEMU on the warm line: the image resetting itself, serial to
#       a file; or, where the runner resets over QMP (KVM), a minimal loop
#       that sends system_reset after each done (bench/qmp_reset_loop.c)
#   (d) hardboot run, warm
#   (e) the minimal kernel (images/bench/minreset.S: writes "HB1 done" and
#       resets itself) on the same warm line in plain QEMU: what a warm
#       boot costs QEMU when the image costs nothing.  (c) and (e) run in
#       alternating halves of SECS, so a change in the machine's load hits
#       both alike.
# Targets: b >= 0.95 a;  d >= 0.9 c;  c >= 0.5 e (TCG: the image's own
# cost per warm boot; docs/performance.md says where the time goes);
# runner RSS <= 50 MB after >= 10000 boots.  Exits 1 when one is missed.
#
# usage: bench/boot_throughput.sh [IMAGE] ; env COLD=N WARM=N JOBS=N SECS=N
#        ACCEL=tcg|kvm|auto (the runner resolves it, with its CPU model)
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
IMAGE=${1:-hardened}
COLD=${COLD:-200}
WARM=${WARM:-10000}
JOBS=${JOBS:-2}
SECS=${SECS:-10}
ACCEL=${ACCEL:-tcg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.3f", x / y }'; }
ge() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x >= y) }'; }

# The exact command lines, from a short run of the runner itself.
"$HB" run -o "$tmp/probe" --boots 1 --accel "$ACCEL" --no-progress "$IMAGE" >/dev/null ||
	{ echo "bench: $HB run $IMAGE failed" >&2; exit 2; }
cold_cmd=$(jq -r '.sections[0].qemu_cmdline' "$tmp/probe/run.json")
"$HB" run -o "$tmp/probe-warm" --boots 1 --accel "$ACCEL" --mode warm --no-progress "$IMAGE" >/dev/null
warm_cmd=$(jq -r '.sections[0].qemu_cmdline' "$tmp/probe-warm/run.json")
echo "image $IMAGE, accel $ACCEL, $JOBS jobs, $(nproc) CPUs"
echo "cold line: $cold_cmd"
echo "warm line: $warm_cmd"

# (a) plain loop, same parallelism; serial to /dev/null
t0=$(now)
seq "$COLD" | xargs -P "$JOBS" -I{} sh -c "$cold_cmd >/dev/null 2>&1 </dev/null"
t1=$(now)
a=$(rate "$COLD" "$t0" "$t1")

# (b) hardboot run, cold
t0=$(now)
"$HB" run -o "$tmp/b" -j "$JOBS" --boots "$COLD" --accel "$ACCEL" --no-progress "$IMAGE" >/dev/null
t1=$(now)
b=$(rate "$COLD" "$t0" "$t1")
[ "$(jq -r .totals.not_passed "$tmp/b/run.json")" = 0 ] || echo "bench: (b) had failing boots" >&2

make -s bench-build || exit 2
# shellcheck source=bench/self_reset.sh
. bench/self_reset.sh

# (c) plain QEMU on the same warm line, JOBS at once: resetting itself
# (TCG), or reset over QMP after each done where the runner does so (KVM:
# a guest's own reset is lost every other boot on a PVM KVM).  (e) the
# minimal kernel on that line, in alternating halves with (c) (TCG only:
# it resets itself, which a PVM KVM loses).
e=
if [[ "$warm_cmd" == *exit=halt* ]]; then # the runner resets over QMP
	for j in $(seq "$JOBS"); do
		build/bench/qmp_reset_loop "$SECS" "$warm_cmd" >"$tmp/c$j.n" 2>"$tmp/c$j.err" &
	done
	wait
	c_n=$(cat "$tmp"/c*.n | awk '{ s += $1 } END { print s + 0 }')
	c=$(awk -v n="$c_n" -v s="$SECS" 'BEGIN { printf "%.1f", n / s }')
	c_how="plain QEMU, QMP reset"
else
	half=$(awk -v s="$SECS" 'BEGIN { print s / 2 }')
	min_cmd=$(minimal_line "$warm_cmd")
	c1=$(self_reset c1_ "$half" "$warm_cmd")
	e1=$(self_reset e1_ "$half" "$min_cmd")
	e2=$(self_reset e2_ "$half" "$min_cmd")
	c2=$(self_reset c2_ "$half" "$warm_cmd")
	c=$(awk -v x="$c1" -v y="$c2" 'BEGIN { printf "%.1f", (x + y) / 2 }')
	e=$(awk -v x="$e1" -v y="$e2" 'BEGIN { printf "%.1f", (x + y) / 2 }')
	c_how="plain QEMU, self-reset"
fi

# (d) hardboot run, warm
t0=$(now)
"$HB" run -o "$tmp/d" -j "$JOBS" --boots "$WARM" --accel "$ACCEL" --mode warm --no-progress "$IMAGE" >/dev/null
t1=$(now)
d=$(rate "$WARM" "$t0" "$t1")
rss=$(jq -r '.runner.max_rss_kb' "$tmp/d/run.json")
cpu=$(jq -r '.runner.user_s + .runner.sys_s' "$tmp/d/run.json")
[ "$(jq -r .totals.not_passed "$tmp/d/run.json")" = 0 ] || echo "bench: (d) had failing boots" >&2

rb=$(ratio "$b" "$a")
rd=$(ratio "$d" "$c")
printf '(a) plain loop, cold        %8s boots/s\n' "$a"
printf '(b) hardboot run, cold      %8s boots/s   b/a = %s (target >= 0.95)\n' "$b" "$rb"
printf '(c) %-24s%8s boots/s\n' "$c_how" "$c"
printf '(d) hardboot run, warm      %8s boots/s   d/c = %s (target >= 0.9)\n' "$d" "$rd"
if [ -n "$e" ]; then
	re=$(ratio "$c" "$e")
	printf '(e) minimal kernel, self-reset %5s boots/s   c/e = %s (target >= 0.5), d/e = %s\n' \
		"$e" "$re" "$(ratio "$d" "$e")"
fi
printf 'runner: max RSS %s kB after %s boots (target <= 51200), CPU %s s = %s ms/boot\n' \
	"$rss" "$WARM" "$cpu" "$(awk -v c="$cpu" -v n="$WARM" 'BEGIN { printf "%.3f", c * 1000 / n }')"

fail=0
ge "$rb" 0.95 || { echo "MISSED: cold runner below 0.95 of the plain loop"; fail=1; }
ge "$rd" 0.9 || { echo "MISSED: warm runner below 0.9 of plain self-resetting QEMU"; fail=1; }
if [ -n "$e" ]; then
	ge "$re" 0.5 || { echo "MISSED: $IMAGE's warm boot below 0.5 of the minimal kernel's (plain QEMU, same line)"; fail=1; }
fi
if [ "$WARM" -ge 10000 ]; then
	[ "$rss" -le 51200 ] || { echo "MISSED: runner RSS above 50 MB"; fail=1; }
else
	echo "note: RSS target needs WARM >= 10000"
fi
exit "$fail"
