#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy, from outside: the runner stops each guest at done (or at its done
# line), reads CR0/CR3/CR4/EFER through QMP and walks the page tables
# through the file-backed guest RAM.  hardened: paging on with NXE and WP,
# no page writable and executable, stack and heap NX, the shadow stack
# read-only + dirty with its token, and its own walk equal to the host's.
# wx-violation fails exactly the W^X check; cet-noendbr passes (its flaw is
# not in the tables); baseline fails W^X and NX; foreign is audited without
# any help from the guest.  Deterministic: a mapping is NX or not, a
# payload ends in one handler or another; a false failure is a broken host.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	DIR=$(suite_result cet) || return 1
	export DIR
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# verdicts SECTION: "paging=pass nxe=pass ..." from hardboot pagetables --json
verdicts() {
	"$HB" pagetables --json --section "$1" "$DIR" |
		jq -r '.[0].checks | to_entries | map("\(.key)=\(.value.result)") | join(" ")'
}

@test "pagetables: hardened passes all eight of x86, on three random layouts" {
	run -0 verdicts hardened-pages
	assert_output "paging=pass nxe=pass wp=pass wx=pass stack-nx=pass heap-nx=pass shstk=pass guest-walk=pass bti-gp=skip mte-tags=skip"
	[ "$(section_boots "$DIR" hardened-pages '.pagetables.walked' | grep -c true)" -eq 3 ]
}

@test "pagetables: wx-violation fails exactly W^X, naming its writable text" {
	run -0 verdicts wx-violation-pages
	assert_output "paging=pass nxe=pass wp=pass wx=fail stack-nx=pass heap-nx=pass shstk=pass guest-walk=pass bti-gp=skip mte-tags=skip"
	run -1 "$HB" pagetables --section wx-violation-pages "$DIR"
	assert_line --regexp '^not ok [0-9]+ - wx-violation-pages: wx: [1-9][0-9]* W\+X pages for ring 0, first at 0x00005[0-9a-f]{11} \([0-9]+ pages rwx--\) \(3 of 3 boots\)$'
}

@test "pagetables: cet-noendbr passes them all; its flaw is an instruction, not a mapping" {
	run -0 verdicts cet-noendbr-pages
	assert_output "paging=pass nxe=pass wp=pass wx=pass stack-nx=pass heap-nx=pass shstk=pass guest-walk=pass bti-gp=skip mte-tags=skip"
}

@test "pagetables: baseline maps everything RWX: W^X, stack and heap NX fail; no shadow stack to check" {
	run -0 verdicts baseline-pages
	assert_output "paging=pass nxe=pass wp=pass wx=fail stack-nx=fail heap-nx=fail shstk=skip guest-walk=pass bti-gp=skip mte-tags=skip"
}

@test "pagetables: foreign, no protocol: stack and heap from its console, RSP from QMP, audited all the same" {
	run -0 verdicts foreign-pages
	assert_output "paging=pass nxe=pass wp=pass wx=pass stack-nx=pass heap-nx=pass shstk=skip guest-walk=skip bti-gp=skip mte-tags=skip"
	run -0 "$HB" pagetables --section foreign-pages "$DIR"
	assert_line --regexp '^ok [0-9]+ - foreign-pages: shstk # SKIP no shadow stack declared by the image \(1 page encoded read-only \+ dirty\)$'
	[ "$(section_boots "$DIR" foreign-pages '.pagetables.regions.rsp.executable')" = false ]
}

@test "pagetables: the shadow stack is read-only + dirty, NX, its token its own address, where the image says" {
	run -0 section_boots "$DIR" hardened-pages \
		'[.pages.shstk, .pagetables.regions.shstk.va, .pagetables.regions.shstk.perm,
		  .pagetables.regions.shstk.token, .pagetables.ss, .pagetables.cet]'
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		jq -e '.[0] == .[1] and .[2] == "r---s" and .[4] == 1 and .[5] == false and
			((.[1] | ltrimstr("0x") | explode | length) == 16) and
			(.[3] | ltrimstr("0x0000")) == ((.[1] | ltrimstr("0x0000") | .[:-3]) + "ff8")' <<<"$l"
	done
}

@test "pagetables: a walk from RAM catches what the guest cannot hide: paging off, NXE off, WP off, a lying walk, a bad shadow stack" {
	local d="$BATS_TEST_TMPDIR/fake"
	mkdir -p "$d"
	# hand-made boot records, as pagewalk.c writes them
	cat >"$d/boots.jsonl" <<-'JSONL'
	{"v":1,"section":"off","pagetables":{"mode":"off","walked":false,"nxe":true,"wp":true}}
	{"v":1,"section":"nonxe","pagetables":{"mode":"4-level","walked":true,"nxe":false,"wp":true,"pages":4,"x":4,"wx":0,"wx_ring0":0,"ss":0,"regions":{}}}
	{"v":1,"section":"nowp","pagetables":{"mode":"4-level","walked":true,"nxe":true,"wp":false,"pages":4,"x":1,"wx":0,"wx_ring0":1,"ss":0,"wx_ranges":[{"va":"0x0000000000005000","pages":1,"perm":"r-x--"}],"regions":{}}}
	{"v":1,"section":"liar","pagetables":{"mode":"4-level","walked":true,"nxe":true,"wp":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"regions":{},"guest":{"match":false,"differs":["wx","sum"]}}}
	{"v":1,"section":"ssrw","pagetables":{"mode":"4-level","walked":true,"nxe":true,"wp":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"regions":{"shstk":{"va":"0x0000000000700000","perm":"rw---","encoding_ok":false,"token_ok":true,"token":"0x0000000000700ff8"}}}}
	{"v":1,"section":"sstoken","pagetables":{"mode":"4-level","walked":true,"nxe":true,"wp":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":1,"regions":{"shstk":{"va":"0x0000000000700000","perm":"r---s","encoding_ok":true,"token_ok":false,"token":"0x0000000000000000"}}}}
	{"v":1,"section":"uninspected"}
	JSONL
	run -1 "$HB" pagetables "$d"
	assert_line --regexp '^not ok [0-9]+ - off: paging: paging off: not walked, every address is writable and executable \(1 of 1 boots\)$'
	assert_line --regexp '^not ok [0-9]+ - off: wx: paging off: everything W\+X'
	assert_line --regexp '^not ok [0-9]+ - nonxe: nxe: EFER.NXE is off'
	assert_line --regexp '^not ok [0-9]+ - nowp: wp: CR0.WP is off'
	assert_line --regexp '^not ok [0-9]+ - nowp: wx: 1 W\+X pages for ring 0, first at 0x0000000000005000'
	assert_line --regexp "^not ok [0-9]+ - liar: guest-walk: the image's own walk differs in wx,sum"
	assert_line --regexp '^not ok [0-9]+ - ssrw: shstk: shadow stack 0x0000000000700000: not read-only \+ dirty \+ NX \(perm rw---'
	assert_line --regexp '^not ok [0-9]+ - sstoken: shstk: shadow stack 0x0000000000700000: bad supervisor token'
	assert_line --regexp '^ok [0-9]+ - uninspected: wx # SKIP no boot was inspected'
	run -2 "$HB" pagetables --section nosuch "$d"
}

@test "pagetables: arm64 from the gdbstub: nxe, wp and shstk are x86's, bti-gp and mte-tags arm64's" {
	run -0 verdicts arm64-hardened-pages
	assert_output "paging=pass nxe=skip wp=skip wx=pass stack-nx=pass heap-nx=pass shstk=skip guest-walk=pass bti-gp=pass mte-tags=pass"
	run -0 verdicts arm64-nobti-pages
	assert_output --partial "bti-gp=fail mte-tags=pass"
	run -0 verdicts arm64-wx-violation-pages
	assert_output "paging=pass nxe=skip wp=skip wx=fail stack-nx=pass heap-nx=pass shstk=skip guest-walk=pass bti-gp=pass mte-tags=pass"
	run -1 "$HB" pagetables --section arm64-wx-violation-pages "$DIR"
	assert_line --regexp '^not ok [0-9]+ - arm64-wx-violation-pages: wx: [1-9][0-9]* W\+X pages for EL1, first at 0x00005[0-9a-f]{11} \([0-9]+ pages rwx--\)'
	# the heap pointer's page is tagged, the stack's is not
	run -0 section_boots "$DIR" arm64-hardened-pages \
		'[.pagetables.regions.heap.tagged, .pagetables.regions.stack.tagged, .pagetables.wxn]'
	assert_line '[true,false,true]'
}

@test "pagetables: arm64 registers that switch a protection off fail their check, whatever the tables say" {
	local d="$BATS_TEST_TMPDIR/fake64"
	mkdir -p "$d"
	cat >"$d/boots.jsonl" <<-'JSONL'
	{"v":1,"section":"nobticpu","pagetables":{"arch":"arm64","mode":"4K stage 1","walked":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"x_unguarded":0,"cpu":{"bti":false,"mte":3},"ata":true,"tcf":1,"tbi0":true,"regions":{"heap":{"va":"0x0000100000000000","mapped":true,"tagged":true,"executable":false}}}}
	{"v":1,"section":"noata","pagetables":{"arch":"arm64","mode":"4K stage 1","walked":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"x_unguarded":0,"cpu":{"bti":true,"mte":3},"ata":false,"tcf":1,"tbi0":true,"regions":{"heap":{"va":"0x0000100000000000","mapped":true,"tagged":true,"executable":false}}}}
	{"v":1,"section":"notbi","pagetables":{"arch":"arm64","mode":"4K stage 1","walked":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"x_unguarded":0,"cpu":{"bti":true,"mte":3},"ata":true,"tcf":1,"tbi0":false,"regions":{"heap":{"va":"0x0000100000000000","mapped":true,"tagged":true,"executable":false}}}}
	{"v":1,"section":"untagged","pagetables":{"arch":"arm64","mode":"4K stage 1","walked":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"x_unguarded":0,"cpu":{"bti":true,"mte":3},"ata":true,"tcf":1,"tbi0":true,"regions":{"heap":{"va":"0x0000100000000000","mapped":true,"tagged":false,"executable":false}}}}
	{"v":1,"section":"nomtecpu","pagetables":{"arch":"arm64","mode":"4K stage 1","walked":true,"pages":4,"x":1,"wx":0,"wx_ring0":0,"ss":0,"x_unguarded":0,"cpu":{"bti":true,"mte":0},"ata":true,"tcf":1,"tbi0":true,"regions":{"heap":{"va":"0x0000100000000000","mapped":true,"tagged":true,"executable":false}}}}
	{"v":1,"section":"mmuoff","pagetables":{"arch":"arm64","mode":"off","walked":false}}
	JSONL
	run -1 "$HB" pagetables "$d"
	assert_line --regexp '^not ok [0-9]+ - nobticpu: bti-gp: the CPU has no BTI \(ID_AA64PFR1_EL1.BT = 0\)'
	assert_line --regexp '^not ok [0-9]+ - noata: mte-tags: SCTLR_EL1.ATA is clear'
	assert_line --regexp '^not ok [0-9]+ - notbi: mte-tags: TCR_EL1.TBI0 is clear'
	assert_line --regexp '^not ok [0-9]+ - untagged: mte-tags: heap 0x0000100000000000 is not Normal Tagged'
	assert_line --regexp '^not ok [0-9]+ - nomtecpu: mte-tags: the CPU has no MTE2'
	assert_line --regexp '^not ok [0-9]+ - mmuoff: paging: paging off: not walked'
	assert_line --regexp '^ok [0-9]+ - mmuoff: nxe # SKIP arm64 has no EFER.NXE'
	# nothing else fails in these sections
	[ "$(grep -c '^not ok' <<<"$output")" -eq 9 ]
}

@test "pagetables: metric records per section" {
	local m="$BATS_TEST_TMPDIR/m.jsonl"
	run -1 "$HB" pagetables --metrics "$m" --section hardened-pages --section wx-violation-pages "$DIR"
	jq -e -s 'map(select(.metric == "pagetables_wx_pages")) | map({(.subject): (.value > 0)}) | add ==
		{"hardened-pages": false, "wx-violation-pages": true}' "$m"
	jq -e -s 'all(.schema == 2 and .compare == "fact" and .unit != null and .better == "lower" and .n >= 1)' "$m"
}
