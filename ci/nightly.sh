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
#   -o, --output DIR  this night's directory (default ROOT/<UTC stamp>)
#   --base DIR        the night to compare with (default ROOT/last-good)
#   --suite FILE      a suite to run (repeatable; default $HB_NIGHTLY_SUITES
#                     or suites/main.ini suites/aslr_entropy/aslr_entropy.ini
#                     suites/rng_quality/rng_quality.ini)
#   --history N       nights in the trend charts (default 14)
#   --rng IMAGE       also judge IMAGE's generator with dieharder (repeatable;
#                     battery $HB_NIGHTLY_BATTERY, default smoke)
#   --alpha A         compare's family-wise false-alarm rate (default 0.01)
#   --noise F         compare's boot-time noise floor across nights (default
#                     0.25; 0.10 on a machine that runs nothing else)
# Environment: HB (the hardboot binary, default build/hardboot), HB_IMAGES
# (default images/build), HB_JOBS (QEMU processes, default: CPUs).
#
# A night's directory: one results directory per suite (named after the
# suite file), checksec/ (static checks of the images), rng/ (batteries),
# compare-NAME.{md,json,junit.xml} against the base, summary.md (what a CI
# comment shows), report/NAME/index.html, and GOOD when nothing regressed.
# ROOT/last-good points at the last GOOD night.
#
# Exit status: 0 no regression (or the first night: nothing to compare
# with), 1 a regression, 2 usage or a comparison refused (QEMU or the
# requested accelerator changed: re-baseline on purpose), 3 infrastructure.
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
noise=0.25

usage() {
	sed -n '3,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
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
	--from-shards)
		shift
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
			from_shards+=("$1")
			shift
		done
		;;
	-h | --help) usage ;;
	*) echo "nightly: unknown argument '$1'" >&2; usage ;;
	esac
done
if [ ${#suites[@]} -eq 0 ]; then
	# shellcheck disable=SC2206 # a list of paths without spaces
	suites=(${HB_NIGHTLY_SUITES:-suites/main.ini suites/aslr_entropy/aslr_entropy.ini
		suites/rng_quality/rng_quality.ini})
fi
[ -x "$HB" ] || { echo "nightly: $HB missing (make)" >&2; exit 3; }
stamp=$(date -u +%Y%m%d-%H%M%S)
out=${out:-$root/$stamp${shard:+-shard-${shard%/*}-of-${shard#*/}}}
mkdir -p "$out" || exit 3
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
			${shard:+--shard "$shard"} -o "$out/$(name_of "$s")" \
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
		"$HB" boottime --metrics "$dir/metrics.jsonl" "$dir" >"$dir.boottime.txt" 2>&1 ||
			log "boottime $dir: exit $?"
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

# ---- 3. compare with the last good night ---------------------------------------
if [ -z "$base" ] && [ -e "$root/last-good" ]; then
	base=$(readlink -f "$root/last-good")
fi
worst=0
summary=$out/summary.md
{
	echo "# hardboot nightly $stamp"
	echo
	echo "Revision $(git rev-parse --short HEAD 2>/dev/null || echo unknown); results in \`$out\`."
	echo
} >"$summary"
parts=()
for s in "${suites[@]}"; do parts+=("$(name_of "$s")"); done
parts+=(checksec)
[ ${#rng_images[@]} -gt 0 ] && parts+=(rng)
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
		"$HB" compare --alpha "$alpha" --noise "$noise" --markdown "$out/compare-$p.md" --json-file "$out/compare-$p.json" \
			--junit "$out/compare-$p.junit.xml" "$base/$p" "$out/$p"
		rc=$?
		log "compare $p: exit $rc"
		# the regressions in the log too, one line each
		[ "$rc" -eq 1 ] && jq -r '.items[] | select(.verdict == "worse" or .verdict == "gone") |
			"nightly:   \(.verdict) \(.metric) \(.subject): \(.note)"' "$out/compare-$p.json" >&2
		case "$rc" in
		0) ;;
		1) [ "$worst" -eq 0 ] && worst=1 ;;
		2) echo "- \`$p\`: comparison refused (see the log): re-baseline on purpose." >>"$summary"
		   worst=2 ;;
		*) exit "$rc" ;;
		esac
		# The CI comment: each part's summary, its heading demoted.
		[ -f "$out/compare-$p.md" ] && sed "s/^## hardboot compare:/## $p:/" \
			"$out/compare-$p.md" >>"$summary"
		echo >>"$summary"
	done
fi

# ---- 4. report: this night and the ones before it --------------------------------
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

# ---- 5. the verdict ---------------------------------------------------------------------
if [ "$worst" -eq 0 ]; then
	touch "$out/GOOD"
	ln -sfn "$(readlink -f "$out")" "$root/last-good"
	log "no regression: $out is the new last good night"
else
	log "regression or refusal (exit $worst): last good night stays ${base:-none}"
fi
echo "Exit status $worst." >>"$summary"
exit "$worst"
