#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The guest images, booted directly with QEMU (TCG), not through the runner:
# each one boots and ends as its manifest entry says, and each twin shows
# exactly the flaw it was built with.  docs/images.md, docs/protocol.md.
load test_helper
bats_require_minimum_version 1.5.0

# RFC 8439 2.3.2 key bytes 00 01 .. 1f: not word-symmetric, so reading
# seed= as words instead of bytes would show.
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
ZERO_IV=00000000000000000000000000000000
MICROVM=microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off

setup() {
	[ -f "$HB_IMAGES/manifest.json" ] ||
		skip "images/build/manifest.json missing (run 'make images')"
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
}

# qemu_on MACHINE IMAGE [CMDLINE [EXTRA...]]: one TCG boot on any machine.
qemu_on() {
	local machine="$1" img="$2" cmdline="${3:-}"
	shift 3 || shift $#
	timeout 30 qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-no-reboot -M "$machine" -accel tcg -cpu max -m 16M -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$HB_IMAGES/$img.elf" ${cmdline:+-append "$cmdline"} "$@" </dev/null
}

# rec_val KIND KEY: the first value of KEY in "HB1 KIND" records of $output.
rec_val() {
	printf '%s\n' "$output" | grep -a "^HB1 $1 " | tr ' ' '\n' |
		sed -n "s/^$2=//p" | head -n 1
}

# le_words HEX64: 32 key bytes as the secret record shows them, 8
# little-endian 32-bit words.
le_words() {
	local hex="$1" out="" i
	for ((i = 0; i < 64; i += 8)); do
		out+="${hex:i+6:2}${hex:i+4:2}${hex:i+2:2}${hex:i:2}"
	done
	printf '%s\n' "$out"
}

# manifest FILTER: jq over images/build/manifest.json.
manifest() {
	jq -r "$1" "$HB_IMAGES/manifest.json"
}

# boot_values IMAGE KIND KEY [CMDLINE]: KEY of record KIND on 3 boots, one
# per line.
boot_values() {
	local i
	for i in 1 2 3; do
		run -1 qemu_boot "$1" "${4:-}"
		rec_val "$2" "$3"
	done
}

# wait_for FILE PATTERN COUNT: until FILE has COUNT lines matching PATTERN
# (at most 20 s).
wait_for() {
	for _ in $(seq 400); do
		[ "$(grep -a -c "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		sleep 0.05
	done
	return 1
}

@test "images: the manifest lists every variant, each file exists" {
	run -0 manifest '.version'
	assert_output 1
	run -0 manifest '.images[] | select(.arch == "x86_64") | .name'
	assert_output "$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$HB_ROOT/images/variants.list")"
	for f in $(manifest '.images[].file'); do
		[ -f "$HB_IMAGES/$f" ]
	done
	# Every entry carries the whole schema.
	run -0 manifest '[.images[] | select(.role and .boot and .protocol and
		.machines and .cpu and .needs and .memory_mib and (.arch == "arm64" or .exit.port) and .arch and
		.claims.aslr.stack != null and .claims.aslr_pairs and
		.claims.canary and .claims.rng and .claims.seed and .claims.kat)] |
		length'
	assert_output "$(manifest '.images | length')"
	run -0 manifest '.images[] | select(.role == "twin") | .claims.twin_of' 
	refute_output --partial null
	run -0 manifest '.images[] | select(.name == "foreign") | .patterns | keys | join(",")'
	assert_output "addr.base,addr.heap,addr.stack,done"
}

# How fast each boots ("well under a second") is bench/image_boot.sh's to
# say, against QEMU's own start measured in the same run: a timed test here
# would flap with the machine's load.
@test "images: every protocol image boots to done under TCG" {
	local name
	for name in $(manifest '.images[] | select(.protocol == "HB1" and .arch == "x86_64") | .name'); do
		run qemu_boot "$name"
		echo "$name: exit $status"
		assert_line --regexp '^HB1 done st=(pass|fail)$'
		assert_line "HB1 start img=$name proto=1"
		if [ "$(manifest ".images[] | select(.name == \"$name\") | .claims.kat")" = pass ]; then
			[ "$status" -eq 1 ]
			assert_line 'HB1 done st=pass'
		else
			[ "$status" -eq 3 ]
		fi
	done
}

@test "images: a boot's records, in order, with all five marks" {
	run -1 qemu_boot hardened
	run -0 bash -c "printf '%s\n' \"\$1\" | cut -d' ' -f2 | uniq | tr '\n' ' '" _ "$output"
	assert_output "start mark cpu addr secret check done "
	run -1 qemu_boot hardened
	run -0 bash -c "printf '%s\n' \"\$1\" | sed -n 's/^HB1 mark \([a-z]*\)=.*/\1/p' | tr '\n' ' '" _ "$output"
	assert_output "entry paging rng aslr main "
}

@test "images: marks are increasing TSC values, addresses canonical hex" {
	local prev=0 v
	run -1 qemu_boot hardened
	for m in entry paging rng aslr main; do
		v=$((16#$(rec_val mark "$m")))
		[ "$v" -gt "$prev" ]
		prev=$v
	done
	for r in stack heap base; do
		v=$(rec_val addr "$r")
		[[ "$v" =~ ^[0-9a-f]+$ ]]
		[ $((16#$v)) -lt $((16#800000000000)) ]
		[ $((16#$v % 4096)) -eq 0 ]
	done
}

@test "images: aslr-off has the same layout on 3 boots, hardened 3 different ones" {
	for r in stack heap base; do
		run -0 boot_values aslr-off addr "$r"
		[ "$(sort -u <<<"$output" | wc -l)" -eq 1 ]
		run -0 boot_values hardened addr "$r"
		[ "$(sort -u <<<"$output" | wc -l)" -eq 3 ]
	done
}

@test "images: aslr-correlated keeps heap - stack constant, hardened does not" {
	local d1 d2
	run -1 qemu_boot aslr-correlated
	d1=$(( 16#$(rec_val addr heap) - 16#$(rec_val addr stack) ))
	run -1 qemu_boot aslr-correlated
	d2=$(( 16#$(rec_val addr heap) - 16#$(rec_val addr stack) ))
	[ "$d1" -eq "$d2" ]
	run -1 qemu_boot hardened
	d1=$(( 16#$(rec_val addr heap) - 16#$(rec_val addr stack) ))
	run -1 qemu_boot hardened
	d2=$(( 16#$(rec_val addr heap) - 16#$(rec_val addr stack) ))
	[ "$d1" -ne "$d2" ]
}

@test "images: aslr-8bit keeps its base inside 256 page slots" {
	run -0 boot_values aslr-8bit addr base
	for b in $output; do
		[ $(( (16#$b - 16#500000000000) / 4096 )) -lt 256 ]
	done
}

@test "images: the known-answer test passes on hardened, fails on rng-badchacha" {
	run -1 qemu_boot hardened
	assert_line --regexp '^HB1 check kat=pass '
	run -3 qemu_boot rng-badchacha
	assert_line --regexp '^HB1 check kat=fail '
	assert_line 'HB1 done st=fail'
}

@test "images: hardened seed and output differ on every boot; rng-fixedseed output does not" {
	run -0 boot_values hardened secret seed
	[ "$(sort -u <<<"$output" | wc -l)" -eq 3 ]
	run -0 boot_values hardened secret out
	[ "$(sort -u <<<"$output" | wc -l)" -eq 3 ]
	run -0 boot_values rng-fixedseed secret seed
	[ "$(sort -u <<<"$output" | wc -l)" -eq 3 ]
	run -0 boot_values rng-fixedseed secret out
	[ "$(sort -u <<<"$output" | wc -l)" -eq 1 ]
}

@test "images: rng-halfseed reports zero seed words 2-7, rng-tsconly src=tsc" {
	run -1 qemu_boot rng-halfseed
	[[ "$(rec_val secret seed)" =~ ^[0-9a-f]{16}0{48}$ ]]
	run -1 qemu_boot rng-tsconly
	assert_line --regexp '^HB1 cpu has=.* src=tsc$'
	[[ "$(rec_val secret seed)" =~ ^[0-9a-f]{16}0{48}$ ]]
}

@test "images: the canary is random with a zero low byte; canary-const is constant" {
	run -0 boot_values hardened secret canary
	[ "$(sort -u <<<"$output" | wc -l)" -eq 3 ]
	for c in $output; do
		[[ "$c" =~ ^[0-9a-f]{14}00$ ]]
	done
	run -0 boot_values canary-const secret canary
	[ "$(sort -u <<<"$output" | wc -l)" -eq 1 ]
	run -1 qemu_boot baseline
	[ "$(rec_val secret canary)" = 0000000000000000 ]
}

@test "images: fixed-seed output equals openssl enc -chacha20 of zeros" {
	run -1 qemu_boot hardened "seed=$KEY out=16"
	assert_line --regexp '^HB1 cpu has=.* src=cmdline$'
	# The secret record shows the key as 8 little-endian words.
	[ "$(rec_val secret seed)" = "$(le_words "$KEY")" ]
	local want
	want=$(head -c 64 /dev/zero | openssl enc -chacha20 -K "$KEY" -iv "$ZERO_IV" |
		od -An -v -tx4 | tr -d ' \n')
	[ "$(rec_val secret out)" = "$want" ]
	run -1 qemu_boot hardened "seed=$KEY"
	[ "$(rec_val secret out)" = "${want:0:16}" ]
}

@test "images: rng-lcg outputs a 32-bit LCG keyed by seed word 0" {
	run -1 qemu_boot rng-lcg "seed=$KEY out=3"
	local x=$((16#03020100)) want=""
	for _ in 1 2 3; do
		x=$(( (x * 1664525 + 1013904223) & 0xffffffff ))
		want+=$(printf '%08x' "$x")
	done
	[ "$(rec_val secret out)" = "$want" ]
}

@test "images: rdrand=0 falls back to jitter; bad command-line values fail the boot, not crash it" {
	run -1 qemu_boot hardened "rdrand=0 rdseed=0"
	assert_line --regexp '^HB1 cpu has=.* src=jitter$'
	for bad in exit=later seed=12 bulk=1X out=17 out=0 rdrand=2 raw=1k raw_src=rdtsc; do
		run -3 qemu_boot hardened "$bad"
		assert_line "HB1 check kat=pass fresh=pass cmdline=fail:${bad%%=*}"
		assert_line 'HB1 done st=fail'
	done
	run -1 qemu_boot hardened "quiet nonsense=1 =x"
	assert_line 'HB1 done st=pass'
}

@test "images: a whole boot stays under 450 bytes of records" {
	run -1 qemu_boot hardened
	echo "${#output} bytes"
	[ "${#output}" -lt 450 ]
}

@test "images: exit=reset gives fresh warm boots in one QEMU" {
	local log="$BATS_TEST_TMPDIR/warm.log" pid
	timeout 60 qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-M "$MICROVM" -accel tcg -cpu max -m 16M -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$HB_IMAGES/hardened.elf" -append exit=reset \
		</dev/null >"$log" 2>&1 3>&- &
	pid=$!
	wait_for "$log" '^HB1 done st=pass' 5 || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" || true
	[ "$(grep -a -c '^HB1 done st=pass' "$log")" -ge 5 ]
	[ "$(grep -a -c 'fresh=fail' "$log")" -eq 0 ]
	[ "$(grep -a -c '^HB1 start ' "$log")" -ge 5 ]
	# every boot its own layout and seed
	[ "$(grep -a '^HB1 addr ' "$log" | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(grep -a '^HB1 secret ' "$log" | sort | uniq -d | wc -l)" -eq 0 ]
}

@test "images: exit=halt leaves QEMU running after done" {
	local log="$BATS_TEST_TMPDIR/halt.log" pid
	timeout 60 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/hardened.elf" \
		-append exit=halt </dev/null >"$log" 2>&1 3>&- &
	pid=$!
	wait_for "$log" '^HB1 done st=pass' 1
	sleep 0.5
	kill -0 "$pid"
	kill "$pid"
	wait "$pid" || true
}

@test "images: hardened maps W^X pages only, baseline maps writable code" {
	local ser="$BATS_TEST_TMPDIR/ser.txt" mon="$BATS_TEST_TMPDIR/mon.txt"
	for img in hardened baseline; do
		: >"$ser"
		{ wait_for "$ser" '^HB1 done' 1; echo "info tlb"; echo quit; } |
			timeout 60 qemu-system-x86_64 -nodefaults -no-user-config \
				-display none -no-reboot -M "$MICROVM" -accel tcg -cpu max \
				-m 16M -serial "file:$ser" -monitor stdio \
				-kernel "$HB_IMAGES/$img.elf" -append exit=halt >"$mon"
		# info tlb flags: X = NX, W = writable
		tr -d '\r' <"$mon" | grep -a -E '^[0-9a-f]{16}: ' >"$mon.pages"
		[ "$(wc -l <"$mon.pages")" -gt 20 ]
		if [ "$img" = hardened ]; then
			run -1 grep -E ' -[-A-Z]{7}W$' "$mon.pages"
			# nothing identity-mapped: no trampoline, no page 0
			run -1 grep -E '^0000000000' "$mon.pages"
		else
			grep -q -E ' -[-A-Z]{7}W$' "$mon.pages"
		fi
	done
}

@test "images: hardened and foreign boot on q35 and pc (SeaBIOS) too" {
	for m in q35 pc; do
		run -1 qemu_on "$m" hardened
		assert_line 'HB1 done st=pass'
		run -83 qemu_on "$m" foreign "" -device isa-debug-exit,iobase=0x501,iosize=2
		assert_line --partial 'foreign: done'
	done
}

@test "images: foreign speaks no HB1, prints its addresses with \\r\\n, exits 83" {
	local pat
	run -83 qemu_boot foreign "" -device isa-debug-exit,iobase=0x501,iosize=2
	refute_line --partial 'HB1'
	assert_line --regexp $'^foreign: stack at 0x[0-9a-f]+, heap at 0x[0-9a-f]+, base at 0x[0-9a-f]+\r$'
	assert_line $'foreign: done\r'
	for r in addr.stack addr.heap addr.base "done"; do
		pat=$(manifest ".images[] | select(.name == \"foreign\") | .patterns[\"$r\"]")
		grep -q -E "$pat" <<<"$output"
	done
}

@test "images: ring without a reader: the first bytes land after the header" {
	local mem="$BATS_TEST_TMPDIR/ram" log="$BATS_TEST_TMPDIR/ring.log" pid addr
	truncate -s 16M "$mem"
	timeout 60 qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-no-reboot -object "memory-backend-file,id=mem,size=16M,mem-path=$mem,share=on" \
		-M "$MICROVM,memory-backend=mem" -accel tcg -cpu max -m 16M -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$HB_IMAGES/hardened.elf" -append "seed=$KEY bulk=65537" \
		</dev/null >"$log" 2>&1 3>&- &
	pid=$!
	wait_for "$log" '^HB1 ring ' 1
	addr=$((16#$(grep -a '^HB1 ring ' "$log" | sed 's/.*addr=\([0-9a-f]*\).*/\1/')))
	grep -a -q '^HB1 ring addr=[0-9a-f]* size=400000 len=10001$' "$log"
	# head (offset 64) reaches len; the guest then waits for tail.
	for _ in $(seq 200); do
		[ "$(od -An -tu8 -j $((addr + 64)) -N 8 "$mem" | tr -d ' ')" = 65537 ] && break
		sleep 0.05
	done
	[ "$(od -An -tx4 -N 4 -j "$addr" "$mem" | tr -d ' ')" = 47524248 ]
	kill -0 "$pid"
	run -1 grep -a -q '^HB1 done' "$log"
	kill "$pid"
	wait "$pid" || true
	cmp <(dd if="$mem" bs=4096 skip=$((addr / 4096 + 1)) count=17 2>/dev/null | head -c 65537) \
		<(head -c 65537 /dev/zero | openssl enc -chacha20 -K "$KEY" -iv "$ZERO_IV")
}

# raw_boot SRC N: one boot with raw=N raw_src=SRC and nobody reading the
# ring; prints its log and the N 64-bit samples (decimal, one a line) once
# head reaches 8 N.  The guest then waits for the host, so it never
# reaches the rng mark: the samples came before the seed was taken.
raw_boot() {
	local mem="$BATS_TEST_TMPDIR/ram.$1" log="$BATS_TEST_TMPDIR/raw.$1" pid addr
	truncate -s 16M "$mem"
	timeout 60 qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-no-reboot -object "memory-backend-file,id=mem,size=16M,mem-path=$mem,share=on" \
		-M "$MICROVM,memory-backend=mem" -accel tcg -cpu max -m 16M -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$HB_IMAGES/hardened.elf" -append "raw=$2 raw_src=$1 bulk=$((8 * $2))" \
		</dev/null >"$log" 2>&1 3>&- &
	pid=$!
	wait_for "$log" '^HB1 ring ' 1
	addr=$((16#$(grep -a '^HB1 ring ' "$log" | sed 's/.*addr=\([0-9a-f]*\).*/\1/')))
	for _ in $(seq 200); do
		[ "$(od -An -tu8 -j $((addr + 64)) -N 8 "$mem" | tr -d ' ')" = $((8 * $2)) ] && break
		sleep 0.05
	done
	kill "$pid"
	wait "$pid" || true
	cat "$log"
	od -An -v -tu8 -w8 -j $((addr + 4096)) -N $((8 * $2)) "$mem" | tr -d ' '
}

@test "images: raw=N records N raw samples of raw_src= in the ring before the seed is taken" {
	local v prev x src
	run -0 raw_boot tsc 1000
	assert_line --regexp '^HB1 ring addr=[0-9a-f]+ size=100000 len=1f40$'
	refute_line --partial 'mark rng='
	# back-to-back TSC readings: 1,000 of them, strictly increasing
	mapfile -t v < <(printf '%s\n' "$output" | grep -E '^[0-9]+$')
	[ "${#v[@]}" -eq 1000 ]
	prev=0
	for x in "${v[@]}"; do
		[ "$x" -gt "$prev" ]
		prev=$x
	done
	# RDRAND's 32-bit outputs and cpuid timings fit in 32 bits; a keystream
	# byte string would not (all 64 upper halves zero: chance 2^-2048)
	for src in rdrand jitter; do
		run -0 raw_boot "$src" 64
		mapfile -t v < <(printf '%s\n' "$output" | grep -E '^[0-9]+$')
		[ "${#v[@]}" -eq 64 ]
		for x in "${v[@]}"; do
			[ "$x" -gt 0 ]
			[ "$x" -lt 4294967296 ]
		done
	done
}

@test "images: raw_src= of an instruction rdseed=0 or rdrand=0 masks is a skip, no ring" {
	run -1 qemu_boot hardened "rdseed=0 raw=10 raw_src=rdseed bulk=80"
	assert_line 'HB1 check kat=pass fresh=pass raw=skip:cpuid'
	assert_line 'HB1 done st=pass'
	refute_line --partial 'HB1 ring '
	run -1 qemu_boot hardened "rdrand=0 raw=10 raw_src=rdrand"
	assert_line 'HB1 check kat=pass fresh=pass raw=skip:cpuid'
	refute_line --partial 'HB1 ring '
}

@test "images: 64 MiB through the ring equals openssl (hardboot stream)" {
	[ -x "$HB" ] || skip "build/hardboot missing (make runner)"
	"$HB" help 2>&1 | grep -q '^ *stream' ||
		skip "build/hardboot has no stream command yet"
	local out="$BATS_TEST_TMPDIR"
	run -0 "$HB" stream --accel tcg hardened --key "$KEY" --bytes 64M -o "$out/guest.bin"
	head -c 64M /dev/zero | openssl enc -chacha20 -K "$KEY" -iv "$ZERO_IV" >"$out/want.bin"
	cmp "$out/guest.bin" "$out/want.bin"
}

@test "misbehave: each do= mode fails the way docs/images.md says" {
	run -124 timeout 2 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/misbehave.elf" -append do=hang
	assert_line 'HB1 start img=misbehave proto=1'
	refute_line --partial 'HB1 done'
	for m in crash triple; do
		run -0 qemu_boot misbehave "do=$m"
		refute_line --partial 'HB1 done'
	done
	run -1 qemu_boot misbehave do=garbage
	assert_line 'HB1 done st=pass'
	[[ "$output" == *$'\xff'* ]]
	run -1 qemu_boot misbehave do=nul
	assert_line 'HB1 done st=pass'
	run -1 qemu_boot misbehave do=sse
	assert_line 'HB1 done st=pass'
	run -124 timeout 3 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/misbehave.elf" -append do=noexit
	assert_line 'HB1 done st=pass'
	run -3 qemu_boot misbehave do=wrongexit
	assert_line 'HB1 done st=pass'
	run -3 qemu_boot misbehave do=smash
	assert_line 'HB1 check canary=fail'
	assert_line 'HB1 done st=fail'
	run -124 timeout 3 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/misbehave.elf" -append do=replay
	[ "$(grep -c '^HB1 start ' <<<"$output")" -eq 5 ]
	[ "$(grep -c '^HB1 done st=pass' <<<"$output")" -eq 5 ]
}

@test "misbehave: garbage carries NUL bytes, longline a 1 MiB line, both then a valid boot" {
	local f="$BATS_TEST_TMPDIR/out"
	local rc=0
	qemu_boot misbehave do=garbage >"$f" || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(tr -cd '\000' <"$f" | wc -c)" -ge 4 ]
	grep -a -q '^HB1 done st=pass' "$f"
	rc=0
	qemu_boot misbehave do=longline >"$f" || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$f")" -ge 1048576 ]
	grep -a -q '^HB1 done st=pass' "$f"
}

@test "images: command-line parser, printf-lite, page-table summary and ChaCha blocks, table tests on the host" {
	command -v "${CC:-cc}" >/dev/null || skip "no C compiler"
	run -0 "${CC:-cc}" -std=gnu11 -Wall -Wextra -Werror -I"$HB_ROOT/images" \
		-I"$HB_ROOT/include" -o "$BATS_TEST_TMPDIR/test_lib" \
		"$HB_ROOT/images/tests/test_lib.c" "$HB_ROOT/images/lib/cmdline.c" \
		"$HB_ROOT/images/lib/fmt.c" "$HB_ROOT/images/lib/paging.c" \
		"$HB_ROOT/images/lib/chacha20.c"
	run -0 "$BATS_TEST_TMPDIR/test_lib"
	assert_output 'ok: 0 failure(s)'
}

# slowboot's spin counts TSC ticks, so the phase it sits in is at least that
# long whatever the host's load: these bounds cannot fail by chance.
@test "images: slowboot spins the set TSC ticks just before the named mark" {
	local n a b
	n=$(manifest '.images[] | select(.name == "slowboot") | .slow.cycles')
	[ "$(manifest '.images[] | select(.name == "slowboot") | .slow.phase')" = rng ]
	run -1 qemu_boot slowboot
	a=$((16#$(rec_val mark paging))) b=$((16#$(rec_val mark rng)))
	[ $((b - a)) -ge "$n" ]
	run -1 qemu_boot slowboot "slow=aslr:30000000"
	a=$((16#$(rec_val mark rng))) b=$((16#$(rec_val mark aslr)))
	[ $((b - a)) -ge 30000000 ]
	run -1 qemu_boot slowboot "slow=main:30000000"
	a=$((16#$(rec_val mark aslr))) b=$((16#$(rec_val mark main)))
	[ $((b - a)) -ge 30000000 ]
	# the entry phase runs before the command line is read: refused
	run -3 qemu_boot slowboot "slow=paging:5"
	assert_line --partial "cmdline=fail:slow"
}
