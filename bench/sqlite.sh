#!/usr/bin/env bash
# What `docmend stats --sqlite` costs against `--csv`, and whether its
# memory stays flat as the batch grows.
#
# The batch is the report fixtures (the five text seeds, the three audit
# pages, the 25 reports of fixtures/corpus/reports) copied in turn into N
# files, and four times as many. Each batch runs RUNS times with --csv,
# with --sqlite, and with both (with --across-years too, for the
# year-against-year tables); the script prints the median wall time, the
# median CPU time (user + system, workers included), the largest peak RSS
# of the docmend process over the runs, and the size of the output.
#
# Usage: bench/sqlite.sh            (N=600 RUNS=5 by default)
#        N=2000 RUNS=3 bench/sqlite.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${N:-600}
RUNS=${RUNS:-5}
cargo build --release -q -p docmend-cli
BIN=$PWD/target/release/docmend
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
files=(fixtures/text/*.txt fixtures/audit/*.html fixtures/corpus/reports/*.html)

# make_batch N DIR: N files in DIR, copies of the fixtures in turn.
make_batch() {
    local n=$1 dir=$2 i f
    mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do
        f=${files[$((i % ${#files[@]}))]}
        cp "$f" "$dir/$(printf '%05d' "$i")_$(basename "$f")"
    done
}

# measure OUT CMD...: median wall and CPU time in ms, the largest max RSS
# in KiB over RUNS runs, and the size of OUT in bytes after the last.
measure() {
    local out=$1
    shift
    local walls=() cpus=() rss_max=0 r
    for ((r = 0; r < RUNS; r++)); do
        rm -f "$WORK"/out.*
        /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >/dev/null
        read -r wall user sys rss <"$WORK/time.txt"
        walls+=("$(awk -v w="$wall" 'BEGIN {printf "%d", w * 1000}')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
        ((rss > rss_max)) && rss_max=$rss
    done
    local median='{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
    echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk "$median")" \
        "$(printf '%s\n' "${cpus[@]}" | sort -n | awk "$median")" \
        "$rss_max" "$(stat -c %s "$out")"
}

echo "== median of $RUNS runs, $(nproc) cores, ${#files[@]} fixtures in turn"
printf '%-6s %-32s %9s %9s %12s %10s %10s\n' files output wall cpu "ms per file" "max RSS" size
for n in "$N" $((N * 4)); do
    make_batch "$n" "$WORK/in$n"
    for mode in csv sqlite both csv-years sqlite-years; do
        case $mode in
            csv) args=(--csv "$WORK/out.csv") out=$WORK/out.csv label="--csv" ;;
            sqlite) args=(--sqlite "$WORK/out.db") out=$WORK/out.db label="--sqlite" ;;
            both) args=(--csv "$WORK/out.csv" --sqlite "$WORK/out.db") out=$WORK/out.db label="--csv --sqlite" ;;
            csv-years) args=(--csv "$WORK/out.csv" --across-years) out=$WORK/out.csv label="--csv --across-years" ;;
            sqlite-years) args=(--sqlite "$WORK/out.db" --across-years) out=$WORK/out.db label="--sqlite --across-years" ;;
        esac
        read -r wall cpu rss size < <(measure "$out" "$BIN" stats -q "${args[@]}" "$WORK/in$n")
        printf '%-6s %-32s %6s ms %6s ms %12s %6.1f MiB %6.1f MB\n' "$n" "$label" "$wall" "$cpu" \
            "$(awk -v t="$wall" -v n="$n" 'BEGIN {printf "%.3f", t / n}')" \
            "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" \
            "$(awk -v b="$size" 'BEGIN {print b / 1000000}')"
    done
done
