#!/usr/bin/env bash
# Pages per second of docmend's PDF converter against `pdftotext -layout`
# (poppler-utils) on the same files, in one run.
#
# Usage: bench/pdf.sh [PDF...]   (default: fixtures/pdf/*.pdf and the PDFs
#                                 of ../shared/realworld, when present)
# Env:   RUNS   passes over the file set per tool, default 5
# Needs: pdftotext and pdfinfo (Debian: apt-get install poppler-utils).
# Timings are printed, never asserted.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-5}
for tool in pdftotext pdfinfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench/pdf.sh: $tool not found (apt-get install poppler-utils)" >&2
        exit 1
    fi
done

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    files=(fixtures/pdf/*.pdf)
    if [ -d ../shared/realworld ]; then
        while IFS= read -r f; do files+=("$f"); done < <(find ../shared/realworld -name '*.pdf' | sort)
    fi
fi

# Only files both tools can read (pdftotext refuses encrypted ones, docmend
# some damaged ones), so that both do the same work.
usable=()
pages=0
for f in "${files[@]}"; do
    if n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}') && [ -n "$n" ] \
        && pdftotext -layout "$f" - >/dev/null 2>&1; then
        usable+=("$f")
        pages=$((pages + n))
    fi
done
echo "files: ${#usable[@]} of ${#files[@]}, pages: $pages, passes: $RUNS"

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/docmend

time_tool() {
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$RUNS"); do
        "$@"
    done
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

pdftotext_seconds=$(time_tool bash -c 'for f in "$@"; do pdftotext -layout "$f" - >/dev/null 2>&1; done' _ "${usable[@]}")
# One docmend process per file, as pdftotext runs; -j1 for one core each.
docmend_seconds=$(time_tool bash -c 'for f in "$@"; do "'"$BIN"'" convert -j1 "$f" >/dev/null 2>&1 || true; done' _ "${usable[@]}")

total_pages=$((pages * RUNS))
printf 'pdftotext -layout  %8.3f s  %8.1f pages/s\n' "$pdftotext_seconds" "$(echo "$total_pages / $pdftotext_seconds" | bc -l)"
printf 'docmend convert    %8.3f s  %8.1f pages/s\n' "$docmend_seconds" "$(echo "$total_pages / $docmend_seconds" | bc -l)"
printf 'docmend / pdftotext time ratio: %.2f\n' "$(echo "$docmend_seconds / $pdftotext_seconds" | bc -l)"
