# Shared by the bench and relevance scripts of this folder; source it with
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It moves to the project's root, where the scripts run.
# shellcheck shell=bash

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# ensure_fzf [--quiet]: install fzf from Debian's packages when it is
# missing (with sudo unless root; `apt-get update` only when the first
# install fails). --quiet hides apt-get's output.
ensure_fzf() {
    if command -v fzf >/dev/null 2>&1; then
        return 0
    fi
    echo "fzf is missing: installing it from Debian's packages" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    if [ "${1:-}" = --quiet ]; then
        $sudo apt-get install -y fzf >/dev/null 2>&1 || {
            $sudo apt-get update >/dev/null
            $sudo apt-get install -y fzf >/dev/null
        }
    else
        if ! $sudo apt-get install -y fzf; then
            $sudo apt-get update
            $sudo apt-get install -y fzf
        fi
    fi
}

# build_bench_tools: the release hinet binary and the catalogue generator
# (target/release/hinet, target/release/examples/gen).
build_bench_tools() {
    cargo build --release --quiet --bin hinet --example gen
}
