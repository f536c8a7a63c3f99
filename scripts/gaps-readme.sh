#!/bin/sh
# Rewrite the figures of `hinet check --gaps` for the bundled catalogue into
# catalogue/README.md (between the gaps:start and gaps:end markers).
set -eu
cd "$(dirname "$0")/.."
report=$(cargo run -q --release -- --no-cache check --gaps catalogue)
{
    echo '```'
    echo "$report" | sed -n '1p'
    echo "$report" | sed -n '/^totals:/,$p'
    echo '```'
    echo
    echo 'Networks with no website or join page (only a source page to open):'
    echo
    echo "$report" | awk -F'\t' '/\tno website or join page/ { printf "%s`%s`", sep, $1; sep = ", " } END { print "." }'
} > target/gaps.md
awk '
    /<!-- gaps:start -->/ { print; while ((getline line < "target/gaps.md") > 0) print line; skip = 1; next }
    /<!-- gaps:end -->/ { skip = 0 }
    !skip { print }
' catalogue/README.md > target/README.gaps && mv target/README.gaps catalogue/README.md
