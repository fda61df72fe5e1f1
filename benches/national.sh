#!/usr/bin/env bash
# National-scale benchmark: menukaart against Hugo and against `cp -r`.
#
# Generates a synthetic national project (500 interventions, 110 zorggroepen
# with 20 interventions each; deterministic from the seed; ordinary text
# lengths, see the README) plus the same pages as a Hugo site, then times on
# this machine, every build over the previous output as a real rebuild is:
#   1. HTML only: `menukaart build --geen-placemats` against `hugo`
#   2. full rebuild, nothing changed (220 placemats included) against `hugo`
#   3. full rebuild after editing one intervention (used by 5 zorggroepen)
#      against `hugo`
#   4. cold full build (output, kept buffer and placemat cache removed) against the
#      `cp -r` of its own finished output
# Each pair is run A, B, A, B, ... after one warm-up pair, so that a machine
# whose speed drifts (shared cores, CI) hits both sides alike. Printed per
# command: wall, user and system seconds and peak memory, as median with
# [min-max]; per pair the ratio A/B, as median with [min-max].
#
# One command from a clean clone (installs hugo and GNU time with apt-get
# when missing, as root or through sudo):
#   benches/national.sh [PAIRS]     (default 5 pairs; about 1.5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-5}"

need=()
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/menukaart"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Fixed build time: then a rebuild of unchanged input gives the same bytes.
export SOURCE_DATE_EPOCH=1790000000

python3 tools/gen_national.py --out "$work/project" --hugo "$work/hugo" --seed 42 >/dev/null
"$bin" check --root "$work/project" >/dev/null
edited="$work/project/interventions/interventie-007.md"

html=("$bin" build --root "$work/project" --output "$work/out-html" --geen-placemats)
full=("$bin" build --root "$work/project" --output "$work/out-full")
cold=("$bin" build --root "$work/project" --output "$work/out-cold")
hugo=(hugo --quiet --source "$work/hugo" --destination "$work/hugo-out")
copy=(cp -r "$work/out-full" "$work/copy")

prepare_none() { :; }
# Changes one intervention's text, back and forth, so every run has an edit.
prepare_edit() {
  if grep -q 'meting-wijziging' "$edited"; then
    sed -i '/meting-wijziging/d' "$edited"
  else
    printf '\nEen extra zin voor de meting (meting-wijziging).\n' >>"$edited"
  fi
}
# Cold: no output, no kept buffer, no placemat cache.
prepare_cold() { rm -rf "$work/out-cold" "$work/.out-cold.vorige" "$work/.out-cold.vorige.heel" "$work/project/.menukaart-cache"; }
prepare_copy() { rm -rf "$work/copy"; }

# Runs a command once under GNU time; appends "wall user sys peak_kb".
measure() {
  local file="$1"; shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; then
    echo "mislukt: $*" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  tail -n 1 "$work/time" >>"$file"
}

# pair NAME PREPARE_A A_ARRAY PREPARE_B B_ARRAY: one warm-up pair, then
# $pairs counted pairs, A first in each.
pair() {
  local name="$1" prep_a="$2" prep_b="$4"
  local -n cmd_a="$3" cmd_b="$5"
  : >"$work/$name.a"; : >"$work/$name.b"
  for i in $(seq 0 "$pairs"); do
    local to_a="$work/$name.a" to_b="$work/$name.b"
    if [ "$i" -eq 0 ]; then to_a=/dev/null; to_b=/dev/null; fi
    "$prep_a"; measure "$to_a" "${cmd_a[@]}"
    "$prep_b"; measure "$to_b" "${cmd_b[@]}"
  done
}

# Median and [min-max] of column COL of FILE.
summary() {
  sort -g -k"$2","$2" "$1" | awk -v c="$2" -v scale="${3:-1}" -v fmt="${4:-%.2f}" '
    { v[NR] = $c / scale }
    END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf fmt " [" fmt "-" fmt "]", m, v[1], v[NR]
    }'
}
row() { # LABEL FILE
  printf '%-44s %-19s %-19s %-19s %s\n' "$1" "$(summary "$2" 1)" "$(summary "$2" 2)" "$(summary "$2" 3)" \
    "$(summary "$2" 4 1024 %.0f)"
}
ratio() { # LABEL FILE_A FILE_B
  paste -d' ' "$2" "$3" | awk '{ print $1 / ($5 > 0 ? $5 : 0.005) }' >"$work/ratio"
  printf '%-44s %s\n' "$1" "$(summary "$work/ratio" 1)"
}

# First builds: outputs to rebuild over, counts, warm caches.
measure /dev/null "${html[@]}"
measure /dev/null "${full[@]}"
measure /dev/null "${hugo[@]}"

pair html prepare_none html prepare_none hugo
pair same prepare_none full prepare_none hugo
pair edit prepare_edit full prepare_none hugo
pair cold prepare_cold cold prepare_copy copy

pages_mk=$(find "$work/out-html" -name '*.html' | wc -l)
files_mk=$(find "$work/out-html" -type f | wc -l)
pages_hugo=$(find "$work/hugo-out" -name '*.html' | wc -l)
pdfs=$(find "$work/out-full" -name '*.pdf' | wc -l)
size_full=$(du -sm "$work/out-full" | cut -f1)

echo "machine: $(nproc) cores; $pairs pairs per comparison, alternating, after one warm-up pair"
echo "menukaart HTML only: $pages_mk pages in $files_mk files; Hugo: $pages_hugo pages; full output: $pdfs placemats, $size_full MB"
echo "figures: median [min-max] over the runs"
printf '%-44s %-19s %-19s %-19s %s\n' "" "wall s" "user s" "sys s" "peak MiB"
row "menukaart --geen-placemats (rebuild)" "$work/html.a"
row "hugo (same pages, alternating with ^)" "$work/html.b"
row "menukaart full rebuild, nothing changed" "$work/same.a"
row "hugo (alternating with ^)" "$work/same.b"
row "menukaart full rebuild, one edit" "$work/edit.a"
row "hugo (alternating with ^)" "$work/edit.b"
row "menukaart full build, cold" "$work/cold.a"
row "cp -r of the full output" "$work/cold.b"
echo "ratios, pair by pair: median [min-max]"
ratio "HTML only / Hugo            (target <= 0.7)" "$work/html.a" "$work/html.b"
ratio "full, nothing changed / Hugo (target <= 1.0)" "$work/same.a" "$work/same.b"
ratio "full, one edit / Hugo" "$work/edit.a" "$work/edit.b"
ratio "cold full build / cp -r     (target <= 5)" "$work/cold.a" "$work/cold.b"
echo "targets also: system time of the HTML-only rebuild < 0.3 s; peak memory < 150 MiB"
