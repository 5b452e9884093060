#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole nightly job: run the suites, state every suite's metric records,
# compare with the last good night, draw the report, say pass or fail.
#
#   ci/nightly.sh                        everything on this machine
#   ci/nightly.sh --shard I/N            one machine's share of the runs only
#                                        (hardboot run --shard), for a CI matrix
#                                        or GNU parallel; no compare
#   ci/nightly.sh --from-shards DIR...   merge the shards' runs (hardboot merge),
#                                        then everything after the runs
#
# Options:
#   --root DIR        where the nights are kept: DIR/<UTC stamp>/ (default nightly)
#   -o, --output DIR  this night's directory (default ROOT/<UTC stamp>; must
#                     not exist or be empty: every night is a fresh directory)
#   --base DIR        the night to compare with (default ROOT/last-good)
#   --suite FILE      a suite to run (repeatable; default $HB_NIGHTLY_SUITES
#                     or suites/main.ini suites/aslr_entropy/aslr_entropy.ini
#                     suites/rng_quality/rng_quality.ini)
#   --history N       nights in the trend charts (default 14)
#   --rng IMAGE       also judge IMAGE's generator with dieharder (repeatable;
#                     battery $HB_NIGHTLY_BATTERY, default smoke)
#   --alpha A         compare's family-wise false-alarm rate (default 0.01)
#   --noise F         passed to compare as is (not given by default): boot
#                     times across nights are a trend and never gate (--ab)
#   --ab IMAGE        judge IMAGE's boot time in this run against the last good
#                     night's copy of it, booted interleaved (repeatable;
#                     default $HB_NIGHTLY_AB or "hardened baseline"; --ab none:
#                     no A/B)
#   --ab-boots N      boots per side of that A/B (default 120: 12 warm QEMU
#                     processes of 10, the unit the boottime statistics count)
#   --keep N          retention: nights kept under ROOT (default 14;
#                     last-good always); ROOT/images keeps every image a kept
#                     night refers to and the rest is pruned
#   --quick           the quick setting: every suite at 100 boots a section
#                     (hardboot run --boots 100), as bench/nightly_noise.sh
#                     runs it
# Environment: HB (the hardboot binary, default build/hardboot), HB_IMAGES
# (default images/build), HB_JOBS (QEMU processes, default: CPUs).
#
# A night's directory: one results directory per suite (named after the
# suite file), checksec/ (static checks of the images), rng/ (batteries),
# compare-NAME.{md,json,junit.xml} against the base, images.json (every
# image of HB_IMAGES by its sha256, kept in ROOT/images/SHA256.elf; the
# suites' run.json name theirs by image_sha256 too), ab.ini and ab/ (the
# in-run boot-time A/B: hardboot boottime --run), ab.json, summary.md (what
# a CI comment shows), report/NAME/index.html, and GOOD when nothing
# regressed.  ROOT/last-good points at the last GOOD night.
#
# Exit status: 0 no regression (or the first night: nothing to compare
# with), 1 a regression, 2 usage or a comparison refused (QEMU or the
# requested accelerator changed, or compare said "not comparable: rebase":
# re-baseline on purpose), 3 infrastructure.
set -u
cd "$(dirname "$0")/.." || exit 3

HB=${HB:-build/hardboot}
HB_IMAGES=${HB_IMAGES:-images/build}
root=nightly
out=
base=
shard=
from_shards=()
suites=()
rng_images=()
history=14
alpha=0.01
noise=
keep=14
ab_boots=120
quick=0
ab_images=()

usage() {
	sed -n '3,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
	case "$1" in
	--root) root=$2; shift 2 ;;
	-o | --output) out=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--suite) suites+=("$2"); shift 2 ;;
	--shard) shard=$2; shift 2 ;;
	--history) history=$2; shift 2 ;;
	--rng) rng_images+=("$2"); shift 2 ;;
	--alpha) alpha=$2; shift 2 ;;
	--noise) noise=$2; shift 2 ;;
	--ab) ab_images+=("$2"); shift 2 ;;
	--ab-boots) ab_boots=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--from-shards)
		shift
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
			from_shards+=("$1")
			shift
		done
		;;
	-h | --help) usage; exit 0 ;;
	*) echo "nightly: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
if [ ${#suites[@]} -eq 0 ]; then
	# shellcheck disable=SC2206 # a list of paths without spaces
	suites=(${HB_NIGHTLY_SUITES:-suites/main.ini suites/aslr_entropy/aslr_entropy.ini
		suites/rng_quality/rng_quality.ini})
fi
if [ ${#ab_images[@]} -eq 0 ]; then
	# shellcheck disable=SC2206 # a list of image names
	ab_images=(${HB_NIGHTLY_AB:-hardened baseline})
fi
[ "${ab_images[*]}" = none ] && ab_images=()
for n in "$keep" "$ab_boots"; do
	case "$n" in '' | *[!0-9]*) echo "nightly: '$n' is not a count" >&2; exit 2 ;; esac
done
[ "$keep" -ge 1 ] || { echo "nightly: --keep needs at least 1 night" >&2; exit 2; }
[ -x "$HB" ] || { echo "nightly: $HB missing (make)" >&2; exit 3; }
stamp=$(date -u +%Y%m%d-%H%M%S)
out=${out:-$root/$stamp${shard:+-shard-${shard%/*}-of-${shard#*/}}}
# Every night is a fresh directory: hardboot run refuses to write into an
# existing results directory, and a night mixed with an older one is neither.
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
	echo "nightly: $out exists and is not empty: give a fresh -o DIR" >&2
	exit 2
fi
mkdir -p "$out" || exit 3
run_extra=()
[ "$quick" -eq 1 ] && run_extra=(--boots 100)
log() { echo "nightly: $*" >&2; }
name_of() { basename "$1" .ini; }

# ---- 1. runs ------------------------------------------------------------------
# hardboot run exits 1 when a boot failed a check: the broken twins do that
# on purpose, and compare judges the failure rates.  2, 3, 130 stop the night.
run_suites() {
	local s rc
	for s in "${suites[@]}"; do
		log "run $s${shard:+ (shard $shard)}"
		"$HB" run ${HB_JOBS:+-j "$HB_JOBS"} --no-progress --images "$HB_IMAGES" \
			${shard:+--shard "$shard"} "${run_extra[@]}" -o "$out/$(name_of "$s")" \
			--junit "$out/$(name_of "$s").junit.xml" "$s" >"$out/$(name_of "$s").tap"
		rc=$?
		if [ "$rc" -gt 1 ]; then
			log "run $s: exit $rc (see $out/$(name_of "$s").tap)"
			exit "$rc"
		fi
	done
}

merge_shards() {
	local s name dirs d
	for s in "${suites[@]}"; do
		name=$(name_of "$s")
		dirs=()
		for d in "${from_shards[@]}"; do
			[ -d "$d/$name" ] && dirs+=("$d/$name")
		done
		[ ${#dirs[@]} -gt 0 ] || { log "no shard ran $name"; exit 3; }
		log "merge ${#dirs[@]} shards of $name"
		"$HB" merge -o "$out/$name" "${dirs[@]}" || exit $?
	done
}

if [ ${#from_shards[@]} -gt 0 ]; then
	merge_shards
else
	run_suites
fi
if [ -n "$shard" ]; then
	log "shard $shard done: $out (merge with --from-shards)"
	exit 0
fi

# ---- 2. every suite's metric records ------------------------------------------
# Stated once per merged run: entropy and keying over the whole sample.  A
# step that fails leaves its records out, and compare calls them "gone".
# No boottime records here: boot times of two nights are not an experiment
# (load, frequency and caches drift between them), so they are judged only
# in this night's own A/B (step 3) and drawn as a trend (step 5).
state_metrics() {
	local s dir k keyed secs
	for s in "${suites[@]}"; do
		dir=$out/$(name_of "$s")
		"$HB" entropy --metrics "$dir/metrics.jsonl" "$dir" >"$dir.entropy.txt" 2>&1 ||
			log "entropy $dir: exit $? (its records may be missing)"
		# keying needs 16 output words (append = out=16): those sections only
		mapfile -t keyed < <(jq -r 'select((.secret.out // "") | length >= 128) | .section' \
			"$dir/boots.jsonl" 2>/dev/null | sort -u)
		secs=()
		for k in "${keyed[@]}"; do secs+=(--section "$k"); done
		if [ ${#keyed[@]} -gt 0 ]; then
			"$HB" keying "${secs[@]}" --metrics "$dir/metrics.jsonl" \
				"$dir" >"$dir.keying.txt" 2>&1 ||
				log "keying $dir: exit $? (checks failing on twins are expected)"
		fi
	done
	mkdir -p "$out/checksec"
	"$HB" checksec --metrics "$out/checksec/metrics.jsonl" "$HB_IMAGES"/*.elf \
		>"$out/checksec.txt" 2>&1 || log "checksec: exit $? (twins fail on purpose)"
	if [ ${#rng_images[@]} -gt 0 ]; then
		mkdir -p "$out/rng"
		for i in "${rng_images[@]}"; do
			"$HB" rng --battery "${HB_NIGHTLY_BATTERY:-smoke}" --metrics "$out/rng/metrics.jsonl" \
				"$i" >"$out/rng/$i.tap" 2>&1 || log "rng $i: exit $?"
		done
	fi
}
state_metrics

# ---- 3. the images, content-addressed, and the in-run boot-time A/B -----------
# Every image of HB_IMAGES goes into ROOT/images/SHA256.elf (with its
# manifest entry, SHA256.json) and images.json lists them by name, so a
# later night can boot exactly the bytes this night booted.
store=$root/images
proto_tag=$("$HB" --version | grep -o 'HB[0-9][0-9]*' | head -n 1)
store_images() {
	local e file h tmp
	mkdir -p "$store" || exit 3
	tmp=$(mktemp "$out/images.json.XXXXXX") || exit 3
	while read -r e; do
		file=$(jq -r '.file' <<<"$e")
		[ -f "$HB_IMAGES/$file" ] || continue
		h=$(sha256sum "$HB_IMAGES/$file") || exit 3
		h=${h%% *}
		if [ ! -f "$store/$h.elf" ]; then
			jq '.' <<<"$e" >"$store/$h.json" || exit 3
			cp "$HB_IMAGES/$file" "$store/$h.elf.tmp" || exit 3
			mv "$store/$h.elf.tmp" "$store/$h.elf" || exit 3
		fi
		jq -c --arg h "$h" --arg p "$proto_tag" \
			'{name, file, sha256: $h, protocol: (.protocol // $p)}' \
			<<<"$e" >>"$tmp.lines" || exit 3
	done < <(jq -c '.images[]' "$HB_IMAGES/manifest.json")
	if ! jq -s --arg p "$proto_tag" '{schema: 1, protocol: $p, images: .}' \
		<"$tmp.lines" >"$tmp" || ! mv "$tmp" "$out/images.json"; then
		log "$out/images.json: cannot write"
		exit 3
	fi
	rm -f "$tmp.lines"
}

# The last good night's copy of image NAME: its sha256, or a reason why none.
last_good_image() {
	local name=$1 rec h p now d
	[ -f "$base/images.json" ] || { echo "-the last good night kept no images (made before images.json)"; return; }
	rec=$(jq -c --arg n "$name" '.images[] | select(.name == $n)' "$base/images.json")
	[ -n "$rec" ] || { echo "-not an image of the last good night"; return; }
	h=$(jq -r '.sha256' <<<"$rec")
	p=$(jq -r '.protocol' <<<"$rec")
	# An image speaks the wire protocol of the hardboot that built it: this
	# runner parses only its own version (proto_parse), so an older image
	# would fail every boot for a reason that is not a regression.
	now=$(jq -r --arg n "$name" '.images[] | select(.name == $n) | .protocol' "$out/images.json")
	if [ "$p" != "$now" ]; then
		echo "-refused: its image speaks protocol $p, tonight's ${now:-none} (this hardboot $proto_tag) (rebase: the next good night is the base)"
		return
	fi
	for d in "$(dirname "$base")/images" "$store"; do
		[ -f "$d/$h.elf" ] && { echo "$d/$h.elf"; return; }
	done
	echo "-its image $h is not in $store (pruned?)"
}

# One suite of two sections per image, [last-NAME] the baseline of [NAME],
# in turns of 10 warm boots that rotate: the boottime suite's method
# (suites/boottime/README.md), so the host's drift falls on both alike.
ab_run() {
	local name got lg man ini n=0 rc
	ab_status=none
	[ ${#ab_images[@]} -gt 0 ] || { ab_note="no --ab images"; return; }
	[ -n "$base" ] || { ab_note="no last good night: nothing to boot against"; return; }
	man=$out/ab-images
	mkdir -p "$man" || exit 3
	ini=$out/ab.ini
	printf '# the in-run boot-time A/B of ci/nightly.sh: each image against the\n# last good night'"'"'s copy of it, interleaved\n[suite]\nname = nightly-ab\ninterleave = 10\n\n[defaults]\nmode = warm\nboots = %s\nwarmup = 1\ntimeout = 10\n' \
		"$ab_boots" >"$ini"
	echo '[]' >"$man/entries.json"
	ab_skipped=()
	for name in "${ab_images[@]}"; do
		lg=$(last_good_image "$name")
		if [ "${lg#-}" != "$lg" ]; then
			ab_skipped+=("\`$name\`: ${lg#-}")
			log "A/B $name: ${lg#-}"
			continue
		fi
		got=$(jq -c --arg n "$name" '.images[] | select(.name == $n)' "$HB_IMAGES/manifest.json")
		[ -n "$got" ] || { ab_skipped+=("\`$name\`: not in $HB_IMAGES"); continue; }
		ln -sfn "$(readlink -f "$lg")" "$man/last-$name.elf"
		ln -sfn "$(readlink -f "$HB_IMAGES/$(jq -r '.file' <<<"$got")")" "$man/$name.elf"
		jq --argjson new "$got" --slurpfile old "${lg%.elf}.json" --arg n "$name" \
			'. + [$old[0] + {name: ("last-" + $n), file: ("last-" + $n + ".elf")},
			      $new + {name: $n, file: ($n + ".elf")}]' \
			"$man/entries.json" >"$man/e.tmp" && mv "$man/e.tmp" "$man/entries.json"
		printf '\n[last-%s]\nimage = last-%s\n\n[%s]\nimage = %s\nbaseline = last-%s\n' \
			"$name" "$name" "$name" "$name" "$name" >>"$ini"
		n=$((n + 1))
	done
	jq '{images: .}' "$man/entries.json" >"$man/manifest.json" || exit 3
	[ "$n" -gt 0 ] || { ab_note="no image to boot against"; return; }
	log "A/B: $n image(s) against the last good night's, $ab_boots boots a side, interleaved"
	"$HB" boottime --run "$ini" -o "$out/ab" --images "$man" ${HB_JOBS:+-j "$HB_JOBS"} \
		--gate --metrics "$out/ab/first/metrics.jsonl" >"$out/ab.txt" 2>&1
	rc=$?
	case "$rc" in
	0) ab_status=pass ;;
	1) ab_status=slower ;;
	*) log "A/B: hardboot boottime exit $rc (see $out/ab.txt)"; exit 3 ;;
	esac
	conf=()
	[ -d "$out/ab/confirm" ] && conf=(--confirm "$out/ab/confirm")
	"$HB" boottime --json "$out/ab/first" "${conf[@]}" >"$out/ab.json" 2>/dev/null ||
		log "A/B: no ab.json"
}

# The A/B in the summary: what the gate said, slower pairs first.
ab_summary() {
	local s
	echo "### boot time: this night's images against the last good night's, in this run"
	echo
	if [ "$ab_status" = none ]; then
		echo "Not measured: $ab_note."
	else
		echo "Interleaved A/B ($ab_boots warm boots a side in turns of 10, the unit a QEMU" \
			"process; confirmed on a fresh sample when flagged; \`$out/ab.txt\`):" \
			"$( [ "$ab_status" = slower ] && echo '**slower**' || echo 'no image slower')."
		echo
		echo "| image | phase | last good | tonight | change (95% CI) | verdict |"
		echo "|---|---|---|---|---|---|"
		jq -r '.comparisons | sort_by(if .verdict == "slower" then 0 elif .verdict == "faster" then 1 else 2 end)[]
			| select(.phase == "guest" or .phase == "qemu_cpu" or .verdict == "slower")
			| (.pooled // .first) as $c
			| "| `\(.config)` | \(.phase) | \($c.median_baseline | round) \(.unit) | \($c.median | round) \(.unit) | \($c.diff | round) [\($c.lo | round), \($c.hi | round)] | \(.verdict) |"' \
			"$out/ab.json" 2>/dev/null
	fi
	for s in "${ab_skipped[@]}"; do echo "- $s"; done
	echo
	echo "Boot times across nights are drawn as a trend (report) and never gate."
	echo
}

[ -z "$base" ] && [ -e "$root/last-good" ] && base=$(readlink -f "$root/last-good")
store_images
ab_skipped=()
ab_note=
ab_run

# ---- 4. compare with the last good night ---------------------------------------
worst=0
summary=$out/summary.md
{
	echo "# hardboot nightly $stamp"
	echo
	echo "Revision $(git rev-parse --short HEAD 2>/dev/null || echo unknown); results in \`$out\`."
	echo
} >"$summary"
ab_summary >>"$summary"
if [ "$ab_status" = slower ]; then
	worst=1
	log "A/B: an image boots slower than the last good night's (see $out/ab.txt)"
	jq -r '.comparisons[] | select(.verdict == "slower") | (.pooled // .first) as $c |
		"nightly:   slower \(.config)/\(.phase): \($c.diff) \(.unit) [\($c.lo), \($c.hi)]"' \
		"$out/ab.json" >&2 2>/dev/null
fi
parts=()
for s in "${suites[@]}"; do parts+=("$(name_of "$s")"); done
parts+=(checksec)
[ ${#rng_images[@]} -gt 0 ] && parts+=(rng)

# compare exit 1 only for boot-time rows (metric boot_phase, boottime_*)
# is a trend: two nights' boot times never gate (step 3 judges them).
only_boottime() {
	jq -e '[(.items // .findings // [])[] | select(.verdict == "worse" or .verdict == "gone")
		| .metric | test("^boot(time)?_") | not] | any | not' "$1" >/dev/null 2>&1
}

if [ -z "$base" ]; then
	log "no last good night under $root: nothing to compare with (this night becomes the base)"
	echo "No earlier good night to compare with: this one is the base." >>"$summary"
else
	echo "Compared with \`$base\`." >>"$summary"
	echo >>"$summary"
	for p in "${parts[@]}"; do
		if [ ! -d "$base/$p" ]; then
			echo "- \`$p\`: not in the base night, not compared." >>"$summary"
			continue
		fi
		"$HB" compare --alpha "$alpha" ${noise:+--noise "$noise"} --markdown "$out/compare-$p.md" \
			--json-file "$out/compare-$p.json" --junit "$out/compare-$p.junit.xml" "$base/$p" "$out/$p"
		rc=$?
		log "compare $p: exit $rc"
		if [ "$rc" -eq 1 ] && only_boottime "$out/compare-$p.json"; then
			log "compare $p: only boot times moved across nights: a trend, not a regression"
			echo "- \`$p\`: only boot times moved against the last good night: drawn as a" \
				"trend, not a regression (boot time is judged by the A/B above)." >>"$summary"
			rc=0
		fi
		# the regressions in the log too, one line each
		[ "$rc" -eq 1 ] && jq -r '(.items // .findings)[] | select(.verdict == "worse" or .verdict == "gone") |
			"nightly:   \(.verdict) \(.metric) \(.subject): \(.note // "")"' "$out/compare-$p.json" >&2
		case "$rc" in
		0) ;;
		1) [ "$worst" -eq 0 ] && worst=1 ;;
		2) echo "- \`$p\`: comparison refused (see the log): re-baseline on purpose." >>"$summary"
		   worst=2 ;;
		3) echo "- \`$p\`: not comparable: rebase (the last good night was made by another" \
			"results or protocol schema; see the log)." >>"$summary"
		   worst=2 ;;
		*) exit 3 ;;
		esac
		# The CI comment: each part's summary, its heading demoted.
		[ -f "$out/compare-$p.md" ] && sed "s/^## hardboot compare:/## $p:/" \
			"$out/compare-$p.md" >>"$summary"
		echo >>"$summary"
	done
fi

# ---- 5. report: this night and the ones before it --------------------------------
for s in "${suites[@]}"; do
	name=$(name_of "$s")
	# Nights are ROOT/<UTC stamp>/: their names sort by time; shards are not nights.
	mapfile -t nights < <(find "$root" -mindepth 2 -maxdepth 2 -type d -name "$name" \
		-path "$root/2*" ! -path "*-shard-*" 2>/dev/null | sort | tail -n "$history")
	case " ${nights[*]} " in *" $out/$name "*) ;; *) nights+=("$out/$name") ;; esac
	cmp=()
	[ -f "$out/compare-$name.json" ] && cmp=(--compare-json "$out/compare-$name.json")
	"$HB" report "${cmp[@]}" -o "$out/report/$name" "${nights[@]}" >"$out/report-$name.txt" 2>&1 ||
		log "report $name: exit $? (see $out/report-$name.txt)"
done
if [ -d "$out/ab/first" ]; then
	"$HB" report -o "$out/report/ab" "$out/ab/first" >"$out/report-ab.txt" 2>&1 ||
		log "report ab: exit $? (see $out/report-ab.txt)"
fi

# ---- 6. the verdict ---------------------------------------------------------------------
if [ "$worst" -eq 0 ]; then
	touch "$out/GOOD"
	ln -sfn "$(readlink -f "$out")" "$root/last-good"
	log "no regression: $out is the new last good night"
else
	log "regression or refusal (exit $worst): last good night stays ${base:-none}"
fi
echo "Exit status $worst." >>"$summary"

# ---- 7. retention: keep the newest --keep nights (last-good always) and
# every image a kept night refers to (images.json, and image_sha256 in
# its suites' run.json); delete the rest.
prune() {
	local nights lg me d i refs f h
	mapfile -t nights < <(find "$root" -mindepth 1 -maxdepth 1 -type d -name '2*' | sort)
	lg=$(readlink -f "$root/last-good" 2>/dev/null)
	me=$(readlink -f "$out")
	for ((i = 0; i < ${#nights[@]} - keep; i++)); do
		d=$(readlink -f "${nights[i]}")
		[ "$d" = "$lg" ] || [ "$d" = "$me" ] && continue
		rm -rf -- "$d" && log "retention: deleted $d (--keep $keep)"
	done
	[ -d "$store" ] || return 0
	refs=$(mktemp) || return 0
	for d in "$root"/2*/ "$lg/" "$me/"; do
		[ -f "$d/images.json" ] && jq -r '.images[].sha256' "$d/images.json"
		cat "$d"/*/run.json 2>/dev/null | jq -r '.. | .image_sha256? // empty' 2>/dev/null
	done | sort -u >"$refs"
	for f in "$store"/*.elf; do
		[ -f "$f" ] || continue
		h=$(basename "$f" .elf)
		grep -qx "$h" "$refs" || { rm -f -- "$f" "$store/$h.json" && log "retention: deleted image $h"; }
	done
	rm -f "$refs"
}
[ -z "$shard" ] && prune
exit "$worst"
