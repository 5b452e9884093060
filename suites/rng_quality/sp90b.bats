#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot sp800-90b against NIST's reference implementation
# (SP800-90B_EntropyAssessment v1.1.8, commit 68ed165f): the sample files
# are made again from fixed seeds (test/fixtures/sp90b/sp90b_gen.c), each
# checked against the SHA-256 that NIST's tool printed when it read it, and
# every estimate is compared to 4 decimals with that tool's stored output
# (test/fixtures/sp90b/*.txt, see README there).  The IID tests shuffle
# with a generator of our own, so they must agree in verdict only.
load ../../test/test_helper

FIX="$HB_FIXTURES/sp90b"

setup_file() {
	local n
	${CC:-cc} -O2 -o "$BATS_FILE_TMPDIR/sp90b_gen" "$HB_FIXTURES/sp90b/sp90b_gen.c"
	for n in uniform8 biased4 markov1 jitter drift restart_ok restart_stuck; do
		"$BATS_FILE_TMPDIR/sp90b_gen" "$n" "$BATS_FILE_TMPDIR/$n.bin"
	done
	head -c 5000 "$BATS_FILE_TMPDIR/markov1.bin" >"$BATS_FILE_TMPDIR/markov1_5k.bin"
}

# sample NAME: the regenerated file, after checking its SHA-256 against the
# hash in the reference output REF (the bytes NIST's tool assessed)
sample() {
	local f="$BATS_FILE_TMPDIR/$1.bin" want
	want=$(awk -F'SHA-256 hash ' 'NF > 1 { sub(/\).*/, "", $2); print $2; exit }' "$2")
	[ -n "$want" ] || { echo "no SHA-256 in $2" >&2; return 1; }
	[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$want" ] ||
		{ echo "$f differs from the sample NIST's tool read" >&2; return 1; }
	echo "$f"
}

# ref_estimates FILE: "name track value" for each estimate ea_non_iid -v
# (or ea_restart -v: tracks rows, cols) printed
ref_estimates() {
	awk '
	BEGIN {
		key["Most Common Value"] = "mcv"; key["Collision Test"] = "collision"
		key["Markov Test"] = "markov"; key["Compression Test"] = "compression"
		key["T-Tuple Test"] = "t_tuple"; key["LRS Test"] = "lrs"
		key["Multi Most Common in Window (MultiMCW) Prediction Test"] = "multi_mcw"
		key["Lag Prediction Test"] = "lag"
		key["Multi Markov Model with Counting (MultiMMC) Prediction Test"] = "multi_mmc"
		key["LZ78Y Prediction Test"] = "lz78y"
	}
	/^\t.* Estimate( \((bit string|Rows|Cols)\))? = / {
		line = $0
		sub(/^\t/, "", line)
		track = "original"
		if (line ~ /\(bit string\) = /) track = "bitstring"
		if (line ~ /\(Rows\) = /) track = "rows"
		if (line ~ /\(Cols\) = /) track = "cols"
		name = line
		sub(/ Estimate.*/, "", name)
		val = line
		sub(/.* = /, "", val)
		sub(/ .*/, "", val)
		if (!(name in key)) { print "unknown estimator: " name > "/dev/stderr"; exit 1 }
		print key[name], track, val
	}' "$1"
}

# mine_estimates JSON: the same list from hardboot's --json
mine_estimates() {
	jq -r '.non_iid.estimates | to_entries[] | .key as $k |
		(.value.original | select(. != null) | "\($k) original \(.h)"),
		(.value.bitstring | select(. != null) | "\($k) bitstring \(.h)")' "$1"
}

mine_restart_estimates() {
	jq -r '.restart | (.row_estimates | to_entries[] | select(.value != null) |
			"\(.key) rows \(.value.h)"),
		(.col_estimates | to_entries[] | select(.value != null) |
			"\(.key) cols \(.value.h)")' "$1"
}

# agree REF_LIST MINE_LIST: the same estimates, each within 0.00005
# (the reference prints six decimals)
agree() {
	awk 'NR == FNR { ref[$1 " " $2] = $3; next }
	{
		k = $1 " " $2; seen[k] = 1; n++
		if (!(k in ref)) { print "only in hardboot: " k; bad = 1; next }
		d = $3 - ref[k]; if (d < 0) d = -d
		if (d >= 0.00005) { print "differs: " k ": hardboot " $3 ", reference " ref[k]; bad = 1 }
	}
	END {
		for (k in ref) if (!(k in seen)) { print "only in the reference: " k; bad = 1 }
		print n " estimates agree to 4 decimals" (bad ? ": NO" : "")
		exit bad
	}' "$1" "$2"
}

# close A B: |A - B| < 0.00005
close() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.00005) }' ||
		{ echo "$1 vs $2" >&2; return 1; }
}

# ref_value FILE PREFIX: the number after "PREFIX" on the last such line
ref_value() {
	awk -v p="$2" 'index($0, p) == 1 { v = substr($0, length(p) + 1) } END { print v + 0 }' "$1"
}

non_iid_case() {
	local name="$1" ref="$FIX/$1.non_iid.txt" f final
	f=$(sample "$name" "$ref")
	"$HB" sp800-90b "$f" --json >"$BATS_TEST_TMPDIR/mine.json"
	ref_estimates "$ref" >"$BATS_TEST_TMPDIR/ref.lst"
	mine_estimates "$BATS_TEST_TMPDIR/mine.json" >"$BATS_TEST_TMPDIR/mine.lst"
	agree "$BATS_TEST_TMPDIR/ref.lst" "$BATS_TEST_TMPDIR/mine.lst"
	# the assessment: min(H_original, bits x H_bitstring), or H_original
	if grep -q '^min(H_original' "$ref"; then
		final=$(awk -F': ' '/^min\(H_original/ { print $2 }' "$ref")
	else
		final=$(ref_value "$ref" "H_original: ")
	fi
	close "$(jq -r .h_min "$BATS_TEST_TMPDIR/mine.json")" "$final"
	close "$(jq -r .non_iid.h_original "$BATS_TEST_TMPDIR/mine.json")" \
		"$(ref_value "$ref" "H_original: ")"
}

@test "sp800-90b: uniform bytes, every non-IID estimate as NIST's (4 decimals)" {
	non_iid_case uniform8
}

@test "sp800-90b: biased 4-symbol source, estimates and bitstring track as NIST's" {
	non_iid_case biased4
}

@test "sp800-90b: binary Markov source, binary-only estimators as NIST's" {
	non_iid_case markov1
}

@test "sp800-90b: timing-jitter-like source, translated alphabet with gaps, as NIST's" {
	non_iid_case jitter
}

@test "sp800-90b: drifting source, estimates as NIST's" {
	non_iid_case drift
}

# iid_case FILE REFNAME: verdicts of the three IID test groups as ea_iid's,
# the chi-square statistics, P_col and the MCV estimate to 4 decimals
iid_case() {
	local f="$1" ref="$FIX/$2.iid.txt" j="$BATS_TEST_TMPDIR/mine.json" want t
	"$HB" sp800-90b "$f" --iid --json --seed 7 >"$j"
	for t in "IID permutation tests:.iid.permutation_pass" \
		"chi square tests:.iid.chi_square.pass" \
		"length of longest repeated substring test:.iid.lrs.pass"; do
		want=false
		grep -q "^\*\* Passed ${t%%:*}" "$ref" && want=true
		echo "${t%%:*}: reference $want, hardboot $(jq -r "${t#*:}" "$j")"
		[ "$(jq -r "${t#*:}" "$j")" = "$want" ]
	done
	close "$(jq -r .iid.chi_square.independence.score "$j")" \
		"$(awk '/^Chi square independence/ { getline; sub(/.*= /, ""); print }' "$ref")"
	close "$(jq -r .iid.chi_square.goodness_of_fit.score "$j")" \
		"$(awk '/^Chi square goodness of fit/ { getline; sub(/.*= /, ""); print }' "$ref")"
	close "$(jq -r .iid.h_original "$j")" "$(ref_value "$ref" "H_original: ")"
	close "$(jq -r .iid.lrs.p_col "$j")" "$(ref_value "$ref" $'\tP_col: ')"
	[ "$(jq -r .iid.lrs.w "$j")" = "$(ref_value "$ref" $'\tLength of LRS: ')" ]
}

# slow tier (make test-slow): the 10,000 shuffles take ~20 s here
# bats test_tags=slow
@test "sp800-90b --iid: uniform bytes pass the IID tests, as with NIST's tool" {
	iid_case "$(sample uniform8 "$FIX/uniform8.iid.txt")" uniform8
	[ "$(jq -r .iid.pass "$BATS_TEST_TMPDIR/mine.json")" = true ]
}

@test "sp800-90b --iid: biased 4-symbol source passes, as with NIST's tool" {
	iid_case "$(sample biased4 "$FIX/biased4.iid.txt")" biased4
	[ "$(jq -r .iid.pass "$BATS_TEST_TMPDIR/mine.json")" = true ]
}

# slow tier (make test-slow): the 10,000 shuffles take ~20 s here
# bats test_tags=slow
@test "sp800-90b --iid: jitter-like source passes, as with NIST's tool" {
	iid_case "$(sample jitter "$FIX/jitter.iid.txt")" jitter
	[ "$(jq -r .iid.pass "$BATS_TEST_TMPDIR/mine.json")" = true ]
}

# slow tier (make test-slow): the 10,000 shuffles take ~20 s here
# bats test_tags=slow
@test "sp800-90b --iid: drifting source fails (excursion, goodness of fit), as with NIST's tool" {
	iid_case "$(sample drift "$FIX/drift.iid.txt")" drift
	[ "$(jq -r .iid.pass "$BATS_TEST_TMPDIR/mine.json")" = false ]
	[ "$(jq -r '.iid.permutation[] | select(.name == "excursion") | .pass' \
		"$BATS_TEST_TMPDIR/mine.json")" = false ]
	# the same statistics fail in both: excursion alone
	grep -q '^ *excursion\* ' "$FIX/drift.iid.txt"
	[ "$(grep -cE '^ +[A-Za-z][A-Za-z0-9()]*\* +[0-9]' "$FIX/drift.iid.txt")" = 1 ]
	[ "$(jq '[.iid.permutation[] | select(.pass | not)] | length' \
		"$BATS_TEST_TMPDIR/mine.json")" = 1 ]
}

@test "sp800-90b --iid: Markov bits (first 5,000) fail, as with NIST's tool" {
	# ea_iid read the first 5,000 of markov1.bin (-l 0,5000) and hashed it whole
	sample markov1 "$FIX/markov1_5k.iid.txt" >/dev/null
	iid_case "$BATS_FILE_TMPDIR/markov1_5k.bin" markov1_5k
	[ "$(jq -r .iid.pass "$BATS_TEST_TMPDIR/mine.json")" = false ]
}

# restart_case NAME STATUS: rows x columns as ea_restart read them
restart_case() {
	local ref="$FIX/$1.restart.txt" j="$BATS_TEST_TMPDIR/mine.json" f refcut
	f=$(sample "$1" "$ref")
	local st=0
	"$HB" sp800-90b "$f" --restart 1000 --h-initial 1.925311 --json >"$j" || st=$?
	[ "$st" = "$2" ]
	[ "$(jq -r .restart.x_max "$j")" = "$(ref_value "$ref" "X_max: ")" ]
	refcut=$(awk -F'X_cutoff: ' 'NF > 1 { print $2 }' "$ref")
	echo "cutoff: hardboot $(jq -r .restart.cutoff "$j") (binomial), reference $refcut (simulated)"
}

@test "sp800-90b --restart: 1,000 restarts of a jitter source pass; H_r, H_c as NIST's" {
	restart_case restart_ok 0
	ref_estimates "$FIX/restart_ok.restart.txt" >"$BATS_TEST_TMPDIR/ref.lst"
	mine_restart_estimates "$BATS_TEST_TMPDIR/mine.json" >"$BATS_TEST_TMPDIR/mine.lst"
	agree "$BATS_TEST_TMPDIR/ref.lst" "$BATS_TEST_TMPDIR/mine.lst"
	grep -q '^Restart Sanity Check Passed' "$FIX/restart_ok.restart.txt"
	grep -q '^Validation Test Passed' "$FIX/restart_ok.restart.txt"
	[ "$(jq -r .restart.pass "$BATS_TEST_TMPDIR/mine.json")" = true ]
	close "$(jq -r .restart.h_r "$BATS_TEST_TMPDIR/mine.json")" \
		"$(ref_value "$FIX/restart_ok.restart.txt" "H_r: ")"
	close "$(jq -r .restart.h_c "$BATS_TEST_TMPDIR/mine.json")" \
		"$(ref_value "$FIX/restart_ok.restart.txt" "H_c: ")"
	close "$(jq -r .h_min "$BATS_TEST_TMPDIR/mine.json")" \
		"$(ref_value "$FIX/restart_ok.restart.txt" "min(H_r, H_c, H_I): ")"
}

@test "sp800-90b --restart: a source that boots from a fixed state fails the sanity check, as NIST's" {
	restart_case restart_stuck 1
	grep -q 'Restart Sanity Check Failed' "$FIX/restart_stuck.restart.txt"
	[ "$(jq -r .restart.sanity_pass "$BATS_TEST_TMPDIR/mine.json")" = false ]
	[ "$(jq -r .restart.x_c "$BATS_TEST_TMPDIR/mine.json")" = 1000 ]
	[ "$(jq -r .h_min "$BATS_TEST_TMPDIR/mine.json")" = null ]
}

@test "sp800-90b: text report names every estimate and the seed; usage and I/O errors" {
	run -0 "$HB" sp800-90b "$BATS_FILE_TMPDIR/markov1_5k.bin"
	assert_output --partial "6.3.4   compression"
	assert_output --regexp 'H_min: 0\.[0-9]{6} bits per 1-bit symbol'
	head -c 20000 "$BATS_FILE_TMPDIR/biased4.bin" >"$BATS_TEST_TMPDIR/b20k"
	run -0 "$HB" sp800-90b "$BATS_TEST_TMPDIR/b20k" --iid --seed 3
	assert_output --partial "seed 3, 10000 shuffles"
	assert_output --partial "IID: yes"
	assert_output --regexp 'H_min: [01]\.[0-9]{6} bits per 2-bit symbol'
	run -2 "$HB" sp800-90b
	run -2 "$HB" sp800-90b "$BATS_FILE_TMPDIR/markov1_5k.bin" --bits 9
	run -2 "$HB" sp800-90b "$BATS_FILE_TMPDIR/markov1_5k.bin" --restart 7
	: >"$BATS_TEST_TMPDIR/empty"
	run -2 "$HB" sp800-90b "$BATS_TEST_TMPDIR/empty"
	run -3 "$HB" sp800-90b "$BATS_TEST_TMPDIR/missing"
}

@test "sp800-90b --bits: values wider than K are masked to the low K bits" {
	printf '\x13\x02\x11\x00\x12\x03\x10\x01%.0s' $(seq 200) >"$BATS_TEST_TMPDIR/wide"
	run -0 "$HB" sp800-90b "$BATS_TEST_TMPDIR/wide" --bits 2 --json
	[ "$(echo "$output" | jq -r '.bits, .k, .masked' | tr '\n' ' ')" = "2 4 true " ]
}
