#!/usr/bin/env bash
# Start-up figures, hinet against fzf in alternation on the same generated
# catalogues (1k, 10k, 100k networks; one file, and a folder of one file per
# network) and on the bundled catalogue: first start, later start to the
# first frame in a pseudo-terminal, peak memory, one-shot search. Prints
# medians and same-run ratios as Markdown tables (scripts/bench_startup.py
# says exactly what is measured). 100k runs are long: they take BIG_ROUNDS.
#
# Usage: scripts/bench-startup.sh
# Environment: SIZES (default 1000,10000,100000), LAYOUTS (file,dir),
#   ROUNDS (default 5), BIG_ROUNDS (rounds at 100k, default 2), KEEP=1.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_fzf
if [ ! -x /usr/bin/time ]; then
    echo "/usr/bin/time is missing: installing it" >&2
    apt-get install -y time || { apt-get update && apt-get install -y time; }
fi

build_bench_tools

keep=()
if [ "${KEEP:-0}" = 1 ]; then
    keep=(--keep)
fi
exec python3 scripts/bench_startup.py \
    --hinet target/release/hinet --gen target/release/examples/gen \
    --sizes "${SIZES:-1000,10000,100000}" --layouts "${LAYOUTS:-file,dir}" \
    --rounds "${ROUNDS:-5}" --big-rounds "${BIG_ROUNDS:-2}" "${keep[@]}"
