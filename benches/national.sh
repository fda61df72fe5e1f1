#!/usr/bin/env bash
# National-scale benchmark: menukaart against Hugo and against `cp -r`.
#
# Generates a synthetic national project (500 interventions, 110 zorggroepen
# with 20 interventions each; deterministic from the seed) plus the same
# pages as a Hugo site, then times in one run on this machine:
#   - menukaart build --geen-placemats   (HTML, routes, exports)
#   - hugo                               (the same intervention pages)
#   - menukaart build                    (everything, incl. 220 placemats)
#   - cp -r of menukaart's finished output (the I/O floor)
# and prints medians, the ratios menukaart/Hugo and menukaart/cp, pages per
# second and peak memory. Uses only public tools: hyperfine and GNU time.
#
# Usage: benches/national.sh [RUNS]   (default 5 runs each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

need=()
command -v hugo >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

cargo build --release --quiet
bin="$PWD/target/release/menukaart"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 tools/gen_national.py --out "$work/project" --hugo "$work/hugo" --seed 42
"$bin" check --root "$work/project" >/dev/null

# One build each first, to count pages and files and to warm the caches.
"$bin" build --root "$work/project" --output "$work/out-full" >/dev/null
"$bin" build --root "$work/project" --output "$work/out-html" --geen-placemats >/dev/null
hugo --quiet --source "$work/hugo" --destination "$work/hugo-out" >/dev/null

median() { jq -r '.results[0].median' "$1"; }
time_it() { # name, command...
  local name="$1"; shift
  hyperfine --runs "$runs" --warmup 1 --style none --export-json "$work/$name.json" "$@" >/dev/null
  median "$work/$name.json"
}
peak_kb() { # command...
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}

t_html=$(time_it html "$bin build --root $work/project --output $work/out-html --geen-placemats")
t_hugo=$(time_it hugo "hugo --quiet --source $work/hugo --destination $work/hugo-out")
t_full=$(time_it full "$bin build --root $work/project --output $work/out-full")
t_copy=$(time_it copy --prepare "rm -rf $work/copy" "cp -r $work/out-full $work/copy")

pages_mk=$(find "$work/out-html" -name '*.html' | wc -l)
pages_hugo=$(find "$work/hugo-out" -name '*.html' | wc -l)
pdfs=$(find "$work/out-full" -name '*.pdf' | wc -l)
mem_html=$(peak_kb "$bin" build --root "$work/project" --output "$work/out-html" --geen-placemats)
mem_full=$(peak_kb "$bin" build --root "$work/project" --output "$work/out-full")
mem_hugo=$(peak_kb hugo --quiet --source "$work/hugo" --destination "$work/hugo-out")
size_full=$(du -sm "$work/out-full" | cut -f1)

awk -v th="$t_html" -v tg="$t_hugo" -v tf="$t_full" -v tc="$t_copy" \
    -v pm="$pages_mk" -v ph="$pages_hugo" -v pdfs="$pdfs" -v size="$size_full" \
    -v mh="$mem_html" -v mf="$mem_full" -v mg="$mem_hugo" -v runs="$runs" -v cores="$(nproc)" 'BEGIN {
  printf "machine: %d cores; median of %d runs each\n", cores, runs
  printf "%-40s %9s %9s %12s %10s\n", "", "median s", "pages", "pages/s", "peak MB"
  printf "%-40s %9.3f %9d %12.0f %10.1f\n", "menukaart build --geen-placemats", th, pm, pm / th, mh / 1024
  printf "%-40s %9.3f %9d %12.0f %10.1f\n", "hugo (same intervention pages)", tg, ph, ph / tg, mg / 1024
  printf "%-40s %9.3f %9d %12.0f %10.1f\n", "menukaart build (with " pdfs " placemats)", tf, pm, pm / tf, mf / 1024
  printf "%-40s %9.3f %9s %12s %10s\n", "cp -r of the full output (" size " MB)", tc, "", "", ""
  printf "ratio menukaart/Hugo (HTML only):         %.2f  (target < 1.0)\n", th / tg
  printf "ratio full build / cp -r of its output:   %.2f  (target < 5)\n", tf / tc
  printf "peak memory, full build:                  %.1f MB  (target < 200 MB)\n", mf / 1024
}'
