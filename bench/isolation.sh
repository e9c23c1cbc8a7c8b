#!/usr/bin/env bash
# What converting a batch's files in worker processes costs per file,
# against converting them in the docmend process itself (--in-process).
#
# The batch is seed 003's report in every format plus the five text seeds
# (the files of bench/instructions.sh), copied in turn into N files. Each
# batch runs RUNS times with -j 1 and with -j 2, isolated (the default) and
# --in-process, writing JSON Lines to /dev/null; the script prints the
# median wall time of each and the difference per file.
#
# Usage: bench/isolation.sh            (N=600 RUNS=5 by default)
#        N=2000 RUNS=9 bench/isolation.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${N:-600}
RUNS=${RUNS:-5}
cargo build --release -q -p docmend-cli
BIN=$PWD/target/release/docmend
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
files=(fixtures/text/*.txt
    fixtures/docx/annual_report_003.docx
    fixtures/spreadsheet/annual_report_003.xlsx
    fixtures/spreadsheet/annual_report_003.xls
    fixtures/html/word_export_003.html
    fixtures/html/site_chrome_003.html
    fixtures/pdf/annual_report_003.pdf
    fixtures/csv/annual_report_003.csv)
mkdir "$WORK/in"
for ((i = 0; i < N; i++)); do
    f=${files[$((i % ${#files[@]}))]}
    cp "$f" "$WORK/in/$(printf '%05d' "$i")_$(basename "$f")"
done

# median_ms CMD...: the median wall time of RUNS runs, in milliseconds.
median_ms() {
    local times=() r start end
    for ((r = 0; r < RUNS; r++)); do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
}

echo "== $N files (${#files[@]} kinds in turn), median of $RUNS runs, $(nproc) cores"
printf '%-6s %14s %14s %16s\n' jobs in-process isolated "cost per file"
for jobs in 1 2; do
    inproc=$(median_ms "$BIN" convert "$WORK/in" --jsonl -j "$jobs" --in-process)
    isolated=$(median_ms "$BIN" convert "$WORK/in" --jsonl -j "$jobs")
    per_file=$(awk -v a="$inproc" -v b="$isolated" -v n="$N" 'BEGIN {printf "%.3f ms", (b - a) / n}')
    printf '%-6s %11s ms %11s ms %16s\n' "$jobs" "$inproc" "$isolated" "$per_file"
done
