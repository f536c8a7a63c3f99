#!/usr/bin/env bash
# Time `hinet search QUERY` against `fzf --filter QUERY` on the same generated
# catalogue: hinet reads the catalogue (one TOML file by default), fzf reads
# the same networks as one line each (id, name, short name, tags, summary).
# Both are whole processes, output to /dev/null. hinet's time includes
# finding and checking the catalogue in its cache of parsed catalogues (the
# warm-up run fills it; every run still hashes every byte of the catalogue
# to find its entry) and searching; `search zzz` at the end gives that floor.
# With NO_CACHE=1 every hinet run parses, checks and indexes the catalogue.
#
# Usage: scripts/bench-vs-fzf.sh
# Environment: N (networks, default 10000), RUNS (per query, default 10),
#   SEED (the generator's seed; its own default when unset),
#   LAYOUT (file: one TOML file, the default; dir: one file per network,
#   which costs hinet 10,000 opens and reads), NO_CACHE=1,
#   KEEP=1 to keep the temporary folder.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${N:-10000}
RUNS=${RUNS:-10}
LAYOUT=${LAYOUT:-file}
QUERIES=(
    "data analyst"
    "clinical coding"
    "nursing informatics"
    "wales"
    "infromatics"
    "free course"
    "knowledge library"
    "cyber security"
)

ensure_fzf

build_bench_tools
hinet=target/release/hinet

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hinet-vs-fzf.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "keeping $tmp" >&2
else
    trap 'rm -rf "$tmp"' EXIT
fi
# No user settings, additions or bookmarks; a cache of its own.
export HINET_CONFIG_DIR="$tmp/config" HINET_DATA_DIR="$tmp/data" HINET_CACHE_DIR="$tmp/cache"
if [ "${NO_CACHE:-0}" = 1 ]; then
    export HINET_NO_CACHE=1
fi

seed=()
if [ -n "${SEED:-}" ]; then
    seed=(--seed "$SEED")
fi
case "$LAYOUT" in
dir)
    catalogue="$tmp/catalogue"
    target/release/examples/gen "$N" "${seed[@]}" --dir "$catalogue" --lines "$tmp/lines.txt"
    ;;
file)
    catalogue="$tmp/catalogue.toml"
    target/release/examples/gen "$N" "${seed[@]}" --out "$catalogue" --lines "$tmp/lines.txt"
    ;;
*)
    echo "LAYOUT must be dir or file" >&2
    exit 2
    ;;
esac
"$hinet" --catalogue "$catalogue" check >/dev/null

# median_us 'SHELL COMMAND': the median wall time of RUNS runs, in microseconds.
if command -v hyperfine >/dev/null 2>&1; then
    timer="hyperfine"
    median_us() {
        local csv="$tmp/hyperfine.csv"
        hyperfine --style none --warmup 1 --runs "$RUNS" --ignore-failure \
            --export-csv "$csv" "$1" >/dev/null
        # command,mean,stddev,median,user,system,min,max (seconds)
        awk -F, 'NR == 2 { printf "%d\n", $4 * 1e6 }' "$csv"
    }
else
    timer="date +%s%N, $RUNS runs"
    median_us() {
        local i start end
        eval "$1" >/dev/null 2>&1 || true # warm-up
        for ((i = 0; i < RUNS; i++)); do
            start=$(date +%s%N)
            eval "$1" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            echo $(((end - start) / 1000))
        done | sort -n | awk '{ a[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print a[m]; else print int((a[m] + a[m + 1]) / 2) }'
    }
fi

bytes=$(du -sb "$catalogue" | cut -f1)
echo "hinet vs fzf --filter: $N networks ($LAYOUT, $((bytes / 1000000)) MB of TOML; $(wc -c <"$tmp/lines.txt" | awk '{ printf "%.1f", $1 / 1e6 }') MB of lines for fzf)"
echo "$(nproc) cores, $(fzf --version | cut -d' ' -f1) fzf, median of $RUNS runs ($timer)"
printf '%-22s %10s %10s %8s %8s %7s\n' query "hinet ms" "fzf ms" "hinet#" "fzf#" ratio
total_h=0
total_f=0
for q in "${QUERIES[@]}"; do
    printf -v hcmd '%q --catalogue %q search %q' "$hinet" "$catalogue" "$q"
    printf -v fcmd 'fzf --filter %q < %q' "$q" "$tmp/lines.txt"
    h=$(median_us "$hcmd")
    f=$(median_us "$fcmd")
    nh=$(eval "$hcmd" | wc -l)
    nf=$(eval "$fcmd" | wc -l || true)
    total_h=$((total_h + h))
    total_f=$((total_f + f))
    awk -v q="$q" -v h="$h" -v f="$f" -v nh="$nh" -v nf="$nf" \
        'BEGIN { printf "%-22s %10.1f %10.1f %8d %8d %7.2f\n", q, h / 1000, f / 1000, nh, nf, h / f }'
done
printf -v hcmd '%q --catalogue %q search zzz' "$hinet" "$catalogue"
floor=$(median_us "$hcmd")
if [ "${NO_CACHE:-0}" = 1 ]; then
    floor_what="start, read, parse, check, index"
else
    floor_what="start, hash the catalogue, read the cached entry"
fi
awk -v h="$total_h" -v f="$total_f" -v z="$floor" -v w="$floor_what" -v n="${#QUERIES[@]}" 'BEGIN {
    printf "%-22s %10.1f %10.1f %8s %8s %7.2f\n", "all (sum)", h / 1000, f / 1000, "", "", h / f
    printf "overall ratio hinet/fzf: %.2f (%s)\n", h / f, h < f ? "hinet is faster" : "fzf is faster"
    printf "hinet floor (search zzz: %s): %.1f ms\n", w, z / 1000
}'
