#!/usr/bin/env bash
# Benchmarks docmend on this machine and prints the numbers that
# docs/performance.md records:
#
#  (a) in-process conversion time per seed file (benches/convert.rs);
#  (b) whole-CLI throughput and peak memory on batches of 200 and 2000 files
#      made by copying the five seeds, written with --out-dir and as JSON
#      Lines to /dev/null.
#
# Usage: bench/run.sh            (from anywhere inside the checkout)
# Env:   DOCMEND_BENCH_ITERS     runs per file for (a), default 1000
#        RUNS                    repetitions per batch for (b), default 3
# Timings are printed, never asserted.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/docmend
RUNS=${RUNS:-3}

if [ ! -x /usr/bin/time ]; then
    echo "bench/run.sh: /usr/bin/time (GNU time) is needed for peak memory" >&2
    exit 1
fi

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "rust:  $(rustc --version)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo

echo "== build"
cargo build --release --quiet
echo

echo "== (a) in-process conversion per file: cargo bench --bench convert"
cargo bench --quiet --bench convert
echo

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

seeds=("$ROOT"/fixtures/text/*.txt)

# make_batch N DIR: N files in DIR, copies of the seeds in turn.
make_batch() {
    local n=$1 dir=$2 i
    mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do
        cp "${seeds[i % ${#seeds[@]}]}" "$dir/$(printf '%05d' "$i").txt"
    done
}

# measure LABEL N CMD...: runs CMD RUNS times; prints the median wall time,
# files per second at the median, and the largest max RSS over the runs.
measure() {
    local label=$1 n=$2
    shift 2
    local times=() rss_max=0 r start end rss
    for ((r = 0; r < RUNS; r++)); do
        rm -rf "$WORK/out"
        start=$(date +%s%N)
        /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
        rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time.txt")
        ((rss > rss_max)) && rss_max=$rss
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
    awk -v label="$label" -v n="$n" -v ms="$median" -v rss="$rss_max" 'BEGIN {
        printf "%-24s %6d files  %8.0f ms  %8.0f files/s  %6.2f ms/file  max RSS %6.1f MiB\n",
            label, n, ms, n / (ms / 1000), ms / n, rss / 1024 }'
}

echo "== (b) whole CLI, $(nproc) worker threads (default --jobs), median of $RUNS runs"
for n in 200 2000; do
    make_batch "$n" "$WORK/in$n"
    measure "--out-dir" "$n" "$BIN" convert "$WORK/in$n" --out-dir "$WORK/out"
    measure "--jsonl > /dev/null" "$n" "$BIN" convert "$WORK/in$n" --jsonl
done
