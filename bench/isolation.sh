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

# measure CMD...: the median wall time and the median CPU time (user +
# system, of the process and the workers it started) of RUNS runs, in
# milliseconds. CPU time is what isolation costs the machine; it hardly
# depends on what else the machine is doing.
measure() {
    local walls=() cpus=() r
    for ((r = 0; r < RUNS; r++)); do
        /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@" >/dev/null
        read -r wall user sys <"$WORK/time.txt"
        walls+=("$(awk -v w="$wall" 'BEGIN {printf "%d", w * 1000}')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
    done
    local median='{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
    echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk "$median") $(printf '%s\n' "${cpus[@]}" | sort -n | awk "$median")"
}

echo "== $N files (${#files[@]} kinds in turn), median of $RUNS runs, $(nproc) cores"
printf '%-5s %-11s %9s %9s %18s %18s\n' jobs mode wall cpu "wall per file" "cpu per file"
for jobs in 1 2; do
    read -r wall_in cpu_in < <(measure "$BIN" convert "$WORK/in" --jsonl -q -j "$jobs" --in-process)
    read -r wall_iso cpu_iso < <(measure "$BIN" convert "$WORK/in" --jsonl -q -j "$jobs")
    for mode in in-process isolated; do
        if [ "$mode" = in-process ]; then wall=$wall_in cpu=$cpu_in; else wall=$wall_iso cpu=$cpu_iso; fi
        printf '%-5s %-11s %6s ms %6s ms %15s ms %15s ms\n' "$jobs" "$mode" "$wall" "$cpu" \
            "$(awk -v t="$wall" -v n="$N" 'BEGIN {printf "%.3f", t / n}')" \
            "$(awk -v t="$cpu" -v n="$N" 'BEGIN {printf "%.3f", t / n}')"
    done
    printf '%-5s %-11s %27s %15s ms %15s ms\n' "$jobs" "cost" "" \
        "$(awk -v a="$wall_in" -v b="$wall_iso" -v n="$N" 'BEGIN {printf "%+.3f", (b - a) / n}')" \
        "$(awk -v a="$cpu_in" -v b="$cpu_iso" -v n="$N" 'BEGIN {printf "%+.3f", (b - a) / n}')"
done
