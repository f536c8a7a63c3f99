#!/usr/bin/env bash
# Relevance of hinet's search on the judged queries of tests/relevance/
# (networks.tsv, opportunities.tsv), next to `fzf --filter` over one line per
# network and a plain BM25 baseline, on the same catalogue: s@1, s@3, MRR and
# nDCG@5 per category, as Markdown tables.
#
# Usage: scripts/relevance.sh [--catalogue PATH] [--misses]
#   --misses also lists, on stderr, each query whose answer hinet misses in its top 3.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_fzf --quiet
echo "fzf $(fzf --version)" >&2

cargo run --quiet --release --example relevance -- "$@"
