#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot run: real QEMU boots of the project's images, the results
# directory, and every kind of bad input named in one line.
load test_helper

FIX="$HB_ROOT/test/fixtures/run"

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
}

valid_jsonl() { # every line of $1 parses as JSON
	run jq -e -c . "$1"
	assert_success
}

@test "run: cold boots of hardened pass, one JSON line each, TAP on stdout" {
	run -0 "$HB" run -o "$OUT" --boots 3 --accel tcg --no-progress hardened
	assert_line --index 0 "TAP version 13"
	assert_line "1..1"
	assert_line --regexp '^ok 1 - hardened: 3/3 boots passed \(tcg, cold,'
	valid_jsonl "$OUT/boots.jsonl"
	run jq -r '[.outcome, .mode, .accel, (.addr.stack|test("^0x[0-9a-f]{16}$")),
		(.host_ns.main >= .host_ns.entry), (.tsc.main > .tsc.entry),
		(.perf.task_clock_ns > 0), .exit] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf 'pass\tcold\ttcg\ttrue\ttrue\ttrue\ttrue\t1\n%.0s' 1 2 3)"
	[ "$(jq -r .boot "$OUT/boots.jsonl" | sort -n | tr '\n' ' ')" = "0 1 2 " ]
}

@test "run: run.json records host, QEMU, exact command line, hashes, accel and why" {
	run -0 "$HB" run -o "$OUT" --boots 1 --accel tcg hardened
	run jq -r '.schema, .state, (.qemu_version|to_entries[0].value|test("QEMU")),
		.sections[0].accel, .sections[0].accel_why,
		(.sections[0].image_sha256|length), (.git_revision != null),
		(.sections[0].qemu_cmdline|test("-kernel .*/hardened.elf"))' "$OUT/run.json"
	assert_output "$(printf '1\ncomplete\ntrue\ntcg\naccel=tcg requested\n64\ntrue\ntrue')"
	# The recorded line boots the image by itself.
	cmd=$(jq -r '.sections[0].repro_cmdline' "$OUT/run.json")
	run -1 bash -c "$cmd </dev/null"
	assert_output --partial "HB1 done st=pass"
}

@test "run: metrics.jsonl has a boot failure rate with its interval" {
	run -0 "$HB" run -o "$OUT" --boots 2 --accel tcg hardened
	run jq -r '[.metric, .value, .unit, .better, .n, .confidence, .test,
		(.interval[1] > 0.5)] | @tsv' "$OUT/metrics.jsonl"
	assert_output "$(printf 'boot_failure_rate\t0\tratio\tlower\t2\t0.95\tClopper-Pearson exact binomial\ttrue')"
}

@test "run: console log of each boot is where its record points" {
	run -0 "$HB" run -o "$OUT" --boots 2 --accel tcg --mode warm hardened
	while read -r f off len; do
		run bash -c "tail -c +$((off + 1)) '$OUT/$f' | head -c $len"
		assert_line --index 0 --regexp '^HB1 start img=hardened'
		assert_line --regexp '^HB1 done st=pass$'
	done < <(jq -r '[.console.file, .console.offset, .console.length] | @tsv' "$OUT/boots.jsonl")
}

@test "run: warm mode resets the guest between boots, each from fresh RAM" {
	run -0 "$HB" run -o "$OUT" --boots 40 -j 2 --accel tcg --mode warm hardened
	assert_line --regexp '^ok 1 - hardened: 40/40 boots passed \(tcg, warm,'
	run jq -r '.checks.fresh' "$OUT/boots.jsonl"
	[ "$(sort -u <<<"$output")" = pass ]
	# 40 different layouts: a warm boot did not reuse its predecessor's.
	[ "$(jq -r .addr.stack "$OUT/boots.jsonl" | sort -u | wc -l)" -eq 40 ]
	[ "$(jq -r .boot "$OUT/boots.jsonl" | sort -n | uniq | wc -l)" -eq 40 ]
}

@test "run: warm reset through QMP system_reset works too" {
	run -0 "$HB" run -o "$OUT" --boots 6 -j 1 --accel tcg --mode warm \
		--images "$HB_IMAGES" "$FIX/../../fixtures/run/qmp-reset.ini"
	assert_line --regexp '^ok 1 - qmp: 6/6 boots passed \(tcg, warm,'
	run jq -r '.checks.fresh' "$OUT/boots.jsonl"
	[ "$(sort -u <<<"$output")" = pass ]
}

# Warm boots must be cold boots in distribution.  Test: chi-square
# homogeneity of the low nibble of each region's page number (16 bins,
# df = 15), 160 boots per mode, each region at alpha = 1e-4/3 (Bonferroni
# over three regions), so the test fails by chance with probability
# <= 1e-4.  Critical value chi2_{15}(1 - 3.33e-5) = 47.269 (GSL
# gsl_cdf_chisq_Qinv).  aslr-off is the negative control: its warm and cold
# boots are identical, and the same statistic on hardened-vs-aslr-off is huge.
chi2_homog() { # FILE_A FILE_B REGION -> chi-square statistic
	{ jq -r --arg r "$3" '"A " + .addr[$r]' "$1"; jq -r --arg r "$3" '"B " + .addr[$r]' "$2"; } |
		awk '{ v = substr($2, length($2) - 3, 1); n[$1, v]++; t[$1]++; c[v]++; N++ }
		END { for (s in t) for (v in c) { e = t[s] * c[v] / N; x += (n[s, v] - e) ^ 2 / e }
		      printf "%.3f\n", x }'
}

@test "run: warm and cold boots give the same address distributions" {
	"$HB" run -o "$OUT/cold" --boots 160 --accel tcg --mode cold hardened >/dev/null
	"$HB" run -o "$OUT/warm" --boots 160 --accel tcg --mode warm hardened >/dev/null
	"$HB" run -o "$OUT/off" --boots 160 --accel tcg --mode warm aslr-off >/dev/null
	for r in stack heap base; do
		x=$(chi2_homog "$OUT/cold/boots.jsonl" "$OUT/warm/boots.jsonl" "$r")
		echo "# $r warm vs cold chi2 = $x (critical 47.269)" >&3
		awk -v x="$x" 'BEGIN { exit !(x < 47.269) }'
		x=$(chi2_homog "$OUT/cold/boots.jsonl" "$OUT/off/boots.jsonl" "$r")
		awk -v x="$x" 'BEGIN { exit !(x > 47.269) }'
	done
}

@test "run: foreign image read through suite patterns, exit 0x501 convention" {
	run -0 "$HB" run -o "$OUT" "$FIX/foreign.ini"
	assert_line --regexp '^ok 1 - foreign: 3/3 boots passed'
	run jq -r '[.exit, (.addr.stack|test("^0x")), (.addr.heap|test("^0x")), (.addr.base|test("^0x"))] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf '83\ttrue\ttrue\ttrue\n%.0s' 1 2 3)"
}

@test "run: q35 and pc machines boot the same image" {
	run -0 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$FIX/machines.ini"
	assert_line --regexp '^ok [12] - q35: 1/1 boots passed'
	assert_line --regexp '^ok [12] - pc: 1/1 boots passed'
}

@test "bad input: a hung, crashing or triple-faulting guest, garbage and NULs on serial" {
	run -1 "$HB" run -o "$OUT" --junit "$BATS_TEST_TMPDIR/j.xml" "$FIX/misbehave.ini"
	assert_line --regexp '^# hang boot 0: timeout: timeout after 1s'
	assert_line --regexp '^# crash boot 0: crash: QEMU exited 0 without done'
	assert_line --regexp '^# triple boot 0: crash: QEMU exited 0 without done'
	assert_line --regexp '^ok [0-9]+ - garbage: 1/1 boots passed'
	assert_line --regexp '^ok [0-9]+ - longline: 1/1 boots passed'
	assert_line --regexp '^ok [0-9]+ - nul: 1/1 boots passed'
	assert_line --regexp '^# wrongexit boot 0: error: QEMU exit 3 contradicts done st=pass'
	assert_line --regexp '^# noexit boot 0: timeout: timeout after 1s'
	valid_jsonl "$OUT/boots.jsonl"
	# Every failing boot carries the command that reproduces it.
	run jq -r 'select(.outcome != "pass") | .repro | test("^qemu-system-x86_64 .*do=")' "$OUT/boots.jsonl"
	refute_output --partial false
	run grep -c '<testcase' "$BATS_TEST_TMPDIR/j.xml"
	assert_output 8
	run grep -c '<failure' "$BATS_TEST_TMPDIR/j.xml"
	assert_output 5
}

@test "bad input: a 1 MiB serial line is cut, not buffered" {
	run -0 "$HB" run -o "$OUT" --section longline "$FIX/misbehave.ini"
	run jq -r '.console.length' "$OUT/boots.jsonl"
	[ "$output" -gt 1000000 ]
	[ "$(stat -c %s "$OUT/console/longline/0.log")" -gt 1000000 ]
}

@test "bad input: missing image named, exit 2" {
	run -2 "$HB" run -o "$OUT" nosuch-image
	assert_output --partial "image nosuch-image: not in"
	run -2 "$HB" run -o "$OUT" /nonexistent/x.elf
	assert_output --partial "/nonexistent/x.elf: No such file or directory"
}

@test "bad input: non-ELF image named, exit 2" {
	run -2 "$HB" run -o "$OUT" "$FIX/notelf.elf"
	assert_output --regexp "image .*notelf.elf: not an ELF file"
}

@test "bad input: suite files with an unknown key, a bad number, no section" {
	run -2 "$HB" run -o "$OUT" "$FIX/bad-unknown-key.ini"
	assert_output --regexp "bad-unknown-key.ini: \[a\] unknown key 'bootz'"
	run -2 "$HB" run -o "$OUT" "$FIX/bad-number.ini"
	assert_output --regexp "bad-number.ini: \[a\] key 'boots': '3x' is not a whole number"
	run -2 "$HB" run -o "$OUT" "$FIX/bad-no-section.ini"
	assert_output --partial "bad-no-section.ini: no [section] to run"
	run -2 "$HB" run -o "$OUT" --section nope "$FIX/foreign.ini"
	assert_output --partial "no section [nope]"
	run -2 "$HB" run -o "$OUT" "$FIX/nosuch.ini"
	assert_output --partial "nosuch.ini"
}

@test "bad input: bad command-line values named, exit 2" {
	run -2 "$HB" run --boots 0 hardened
	assert_output --partial "--boots: '0' is not a whole number"
	run -2 "$HB" run --accel xen hardened
	assert_output --partial "--accel: 'xen'"
	run -2 "$HB" run --timeout -1 hardened
	assert_output --partial "--timeout: '-1'"
	run -2 "$HB" frobnicate
	assert_output --partial "unknown command 'frobnicate'"
}

@test "bad input: no QEMU is an infrastructure error, exit 3" {
	run -3 "$HB" run -o "$OUT" "$FIX/no-qemu.ini"
	assert_output --partial "section [a]: QEMU '/nonexistent/qemu-system-x86_64' not found"
}

@test "bad input: unwritable results directory named, exit 3" {
	touch "$BATS_TEST_TMPDIR/file"
	run -3 "$HB" run -o "$BATS_TEST_TMPDIR/file/sub" --boots 1 hardened
	assert_output --regexp "results dir .*file/sub: Not a directory"
	run -3 "$HB" run -o /proc/hardboot-results --boots 1 hardened
	assert_output --partial "/proc/hardboot-results"
}

@test "bad input: a full disk stops the run, names the file, keeps whole lines" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	mkdir -p "$BATS_TEST_TMPDIR/full"
	mount -t tmpfs -o size=48k tmpfs "$BATS_TEST_TMPDIR/full" || skip "cannot mount tmpfs here"
	run "$HB" run -o "$BATS_TEST_TMPDIR/full/r" --boots 400 --mode warm --accel tcg hardened
	cp "$BATS_TEST_TMPDIR/full/r/boots.jsonl" "$BATS_TEST_TMPDIR/kept.jsonl" || true
	umount "$BATS_TEST_TMPDIR/full"
	[ "$status" -eq 3 ]
	assert_output --partial "No space left on device"
	assert_output --regexp "(boots.jsonl|console/hardened/w[0-9]-[0-9]+.log|run.json)"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/kept.jsonl")" -ge 1 ]
	valid_jsonl "$BATS_TEST_TMPDIR/kept.jsonl"
}

@test "SIGINT after K boots keeps at least K complete lines, exit 130" {
	K=20
	"$HB" run -o "$OUT" --boots 100000 --mode warm --accel tcg hardened \
		>"$BATS_TEST_TMPDIR/tap" 2>&1 3>&- &
	pid=$!
	for _ in $(seq 600); do
		[ -f "$OUT/boots.jsonl" ] && [ "$(wc -l < "$OUT/boots.jsonl")" -ge $K ] && break
		sleep 0.1
	done
	n=$(wc -l < "$OUT/boots.jsonl")
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 130 ]
	[ "$n" -ge $K ]
	[ "$(wc -l < "$OUT/boots.jsonl")" -ge "$n" ]
	valid_jsonl "$OUT/boots.jsonl"
	run jq -r .state "$OUT/run.json"
	assert_output interrupted
	run cat "$BATS_TEST_TMPDIR/tap"
	assert_line --regexp '^Bail out! interrupted after [0-9]+ of 100000 boots; results kept'
	# No QEMU left behind.
	run pgrep -f "$OUT" 
	assert_failure
}

@test "accel: kvm requested without /dev/kvm is a SKIP with the reason" {
	[ ! -e /dev/kvm ] || skip "/dev/kvm present: covered by the kvm tests"
	run -0 "$HB" run -o "$OUT" "$FIX/kvm.ini"
	assert_line --regexp '^ok 1 - needs-kvm # SKIP accel=kvm but /dev/kvm is unusable'
}

@test "accel: auto without /dev/kvm says why it chose tcg" {
	[ ! -e /dev/kvm ] || skip "/dev/kvm present: covered by the kvm tests"
	run -0 "$HB" run -o "$OUT" --boots 1 hardened
	run jq -r '.sections[0].accel_why' "$OUT/run.json"
	assert_output --regexp '^/dev/kvm unusable \(.*\): tcg$'
}

@test "accel: auto probes both; an SSE image falls back to tcg on an emulating KVM" {
	kvm_or_skip
	run -0 "$HB" run -o "$OUT" --boots 1 --images "$HB_IMAGES" "$FIX/sse.ini"
	run jq -r '.sections[0].accel_why' "$OUT/run.json"
	assert_output --regexp '^probe: '
}

@test "kvm: hardened boots under KVM" {
	kvm_or_skip
	run -0 "$HB" run -o "$OUT" --boots 2 --accel kvm hardened
	run jq -r '.perf.kvm_pio' "$OUT/boots.jsonl"
	refute_output --partial null
}

@test "requires=cet is a SKIP with the reason on a QEMU without CET" {
	run -0 "$HB" run -o "$OUT" "$FIX/cet.ini"
	assert_line --regexp "^ok 1 - cet-runtime # SKIP .* cannot expose cet to a guest \(no 'shstk' in -cpu help\)"
}

@test "progress bar on request, plain TAP otherwise" {
	run -0 "$HB" run -o "$OUT" --boots 2 --accel tcg --progress hardened
	assert_output --regexp '2/2 boots .*/s .*ETA .*failures 0'
}

@test "an image made elsewhere: the suite says how it talks and exits" {
	cp "$HB_IMAGES/foreign.elf" "$BATS_TEST_TMPDIR/unikraft_qemu-x86_64"
	sed "s|^image = .*|image = $BATS_TEST_TMPDIR/unikraft_qemu-x86_64|" \
		"$HB_ROOT/suites/examples/unikraft.ini" >"$BATS_TEST_TMPDIR/u.ini"
	run -0 "$HB" run -o "$OUT" --boots 2 --accel tcg "$BATS_TEST_TMPDIR/u.ini"
	assert_line --regexp '^ok [12] - helloworld: 2/2 boots passed'
	assert_line --regexp '^ok [12] - emitter: 2/2 boots passed'
	run jq -r 'select(.section == "helloworld") | [.exit, (.addr.heap|test("^0x"))] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf '83\ttrue\n83\ttrue')"
	# include/hardboot/emit.h's records: the canary, 256 bits of RNG
	# output, a main mark, the image's name
	run jq -r 'select(.section == "emitter") | [.exit, .img, (.secret.canary|length),
		(.secret.rng|length), (.tsc.main > 0), .checks.kat] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf '83\tforeign\t16\t64\ttrue\tpass\n83\tforeign\t16\t64\ttrue\tpass')"
	# Without those keys the same file is taken for a protocol image.
	grep -vE '^(protocol|exit_)' "$BATS_TEST_TMPDIR/u.ini" >"$BATS_TEST_TMPDIR/v.ini"
	run -1 "$HB" run -o "$OUT/v" --boots 1 --accel tcg --section helloworld "$BATS_TEST_TMPDIR/v.ini"
}

@test "typed captures: secrets and marks kept as such; refusals say what was captured and why" {
	cat >"$BATS_TEST_TMPDIR/t.ini" <<-EOF
	[defaults]
	image = foreign
	boots = 1
	[typed]
	pattern.addr.stack = stack at 0x([[:xdigit:]]+)
	pattern.secret.tail = heap at 0x[0-9a-f]*([0-9a-f]{5})000,
	pattern.mark.main = base at 0x([[:xdigit:]]+)
	pattern.done = foreign: done
	[ambiguous]
	pattern.secret.x = foreign: (booting|done)
	pattern.addr.digits = stack at 0x[0-9a-f]*([0-9]{3})
	pattern.done = foreign: done
	EOF
	run -1 "$HB" run -o "$OUT" --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/t.ini"
	assert_line --regexp '^ok [12] - typed: 1/1 boots passed'
	assert_line --regexp "^# ambiguous boot 0: error: protocol: pattern.secret.x captured 'booting' as a secret: 'o' is not a digit"
	run jq -r 'select(.section == "typed") | [(.secret.tail|length), (.tsc.main > 0), (.host_ns.main > 0), (.addr|keys|join(","))] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf '8\ttrue\ttrue\tstack')"
	printf '[a]\nimage = foreign\npattern.secret.x = foreign: done\n' >"$BATS_TEST_TMPDIR/n.ini"
	run -2 "$HB" run -o "$OUT/n" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/n.ini"
	assert_output "hardboot: $BATS_TEST_TMPDIR/n.ini: [a] key 'pattern.secret.x': 0 capture groups, need exactly 1 (the value to sample, in parentheses)"
}

@test "expect: a designed failure seen is ok with its evidence, in TAP, JUnit, run.json and the exit status" {
	printf '[twin]\nimage = rng-badchacha\nexpect = fail kat\nboots = 2\n' >"$BATS_TEST_TMPDIR/x.ini"
	run -0 "$HB" run -o "$OUT" --accel tcg --junit "$BATS_TEST_TMPDIR/j.xml" \
		--images "$HB_IMAGES" "$BATS_TEST_TMPDIR/x.ini"
	assert_line --regexp '^ok 1 - twin: 2/2 boots as expected \(fail kat\) \(tcg, cold,'
	assert_line --regexp '^# twin: expected fail kat, seen: boot [01]: fail: guest check failed: kat=fail$'
	run grep -c '<failure' "$BATS_TEST_TMPDIR/j.xml"
	assert_output 0
	run jq -r '.sections[0] | [.expect, .as_expected, .outcomes.fail] | @tsv' "$OUT/run.json"
	assert_output "$(printf 'fail kat\t2\t2')"
	run jq -r 'select(.metric == "boot_failure_rate") | [.value, .expect] | @tsv' "$OUT/metrics.jsonl"
	assert_output "$(printf '0\tfail kat')"
}

@test "expect: a twin that passes, or fails a check it should not, is not ok and exit 1" {
	printf '[passes]\nimage = hardened\nexpect = fail kat\nboots = 1\n[other]\nimage = rng-badchacha\nexpect = fail selftest\nboots = 1\n' \
		>"$BATS_TEST_TMPDIR/x.ini"
	run -1 "$HB" run -o "$OUT" --accel tcg --junit "$BATS_TEST_TMPDIR/j.xml" \
		--images "$HB_IMAGES" "$BATS_TEST_TMPDIR/x.ini"
	assert_line --regexp '^not ok [12] - passes: 0/1 boots as expected \(fail kat\)'
	assert_line '# passes boot 0: pass: pass, expected fail kat'
	assert_line --regexp '^not ok [12] - other: 0/1 boots as expected \(fail selftest\)'
	assert_line '# other boot 0: fail: check selftest absent, expected fail selftest'
	run grep -c '<failure message="1 of 1 boots not as expected' "$BATS_TEST_TMPDIR/j.xml"
	assert_output 2
}

@test "expect: a bad value names the file, section and key; a section name cannot make TAP lie" {
	printf '[x]\nimage = hardened\nexpect = fail\n[y]\nimage = hardened\nexpect = sometimes\n' >"$BATS_TEST_TMPDIR/x.ini"
	run -2 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/x.ini"
	assert_output "hardboot: $BATS_TEST_TMPDIR/x.ini: [y] key 'expect': 'sometimes' is not an outcome (pass, fail, crash, timeout, error)"
	printf '[a # TODO later]\nimage = hardened\nexpect = fail kat\nboots = 1\n' >"$BATS_TEST_TMPDIR/t.ini"
	run -1 "$HB" run -o "$OUT.t" --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/t.ini"
	assert_line --regexp '^not ok 1 - a \\# TODO later: 0/1 boots as expected'
}

@test "a timeout says what the console holds: its bytes and its last line" {
	cp "$HB_IMAGES/foreign.elf" "$BATS_TEST_TMPDIR/uk.elf"
	printf '[a]\nimage = uk.elf\nappend = exit=halt\ntimeout = 3\nboots = 1\n' >"$BATS_TEST_TMPDIR/to.ini"
	run -1 "$HB" run -o "$OUT" --accel tcg "$BATS_TEST_TMPDIR/to.ini"
	assert_line --regexp '^# a boot 0: timeout: timeout after 3s \(115 console bytes, no start record; it ends: "foreign: done"\)'
}

@test "machine = microvm: its expansion stated in run.json; any other value passed as written" {
	printf '[a]\nimage = hardened\nboots = 1\n[b]\nimage = hardened\nmachine = microvm,acpi=auto\nboots = 1\n' >"$BATS_TEST_TMPDIR/m.ini"
	run -0 "$HB" run -o "$OUT" --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/m.ini"
	run jq -r '.sections[] | [.name, .machine, .machine_expanded.value // "-"] | @tsv' "$OUT/run.json"
	assert_output "$(printf 'a\tmicrovm\tmicrovm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off\nb\tmicrovm,acpi=auto\t-')"
	run jq -r '.sections[1].qemu_cmdline' "$OUT/run.json"
	assert_output --partial ' -M microvm,acpi=auto '
}

@test "requires: gated on what the guest would see (QEMU's CPU model expansion), not on what QEMU knows" {
	printf '[seed]\nimage = hardened\nrequires = rdseed\nboots = 1\n[rand]\nimage = hardened\nrequires = rdrand\nboots = 1\n[norand]\nimage = hardened\ncpu = max,-rdrand\nrequires = rdrand\nboots = 1\n' >"$BATS_TEST_TMPDIR/r.ini"
	run -0 "$HB" run -o "$OUT" --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/r.ini"
	# TCG has no RDSEED although -cpu help lists the flag
	assert_line "ok 1 - seed # SKIP the guest would not see rdseed: QEMU's -cpu max under tcg has rdseed off (query-cpu-model-expansion)"
	assert_line "ok 2 - norand # SKIP the guest would not see rdrand: QEMU's -cpu max,-rdrand under tcg has rdrand off (query-cpu-model-expansion)"
	assert_line --regexp '^ok 3 - rand: 1/1 boots passed'
	run jq -r '.cpu.has | index("rdrand") != null' "$OUT/boots.jsonl"
	assert_output true
}

@test "warm mode for an image made elsewhere: QMP reset after its done line, inspected boots kept up" {
	printf '[defaults]\nimage = foreign\nmode = warm\n[w]\nboots = 6\n[wi]\ninspect = regs\nboots = 3\n' >"$BATS_TEST_TMPDIR/w.ini"
	run -0 "$HB" run -o "$OUT" -j 1 --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/w.ini"
	assert_line --regexp '^ok 1 - w: 6/6 boots passed \(tcg, warm,'
	assert_line --regexp '^ok 2 - wi: 3/3 boots passed \(tcg, warm,'
	# one QEMU, re-randomized on every reset; registers read at each done
	run jq -r 'select(.section == "w") | .addr.stack' "$OUT/boots.jsonl"
	[ "$(sort -u <<<"$output" | wc -l)" -eq 6 ]
	run jq -r 'select(.section == "w") | .seq' "$OUT/boots.jsonl"
	assert_output "$(seq 0 5)"
	run jq -r 'select(.section == "wi") | .regs.rip | test("^0x")' "$OUT/boots.jsonl"
	assert_output "$(printf 'true\ntrue\ntrue')"
	# its exit device left out and a shutdown paused: QEMU stays for QMP
	run jq -r '.sections[0].qemu_cmdline' "$OUT/run.json"
	assert_output --partial '-action shutdown=pause'
	refute_output --partial 'isa-debug-exit'
	printf '[g]\nimage = foreign\nmode = warm\nreset = guest\n' >"$BATS_TEST_TMPDIR/g.ini"
	run -2 "$HB" run -o "$OUT/g" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/g.ini"
	assert_output --partial "section [g]: reset=guest needs an image that resets itself after done"
}
