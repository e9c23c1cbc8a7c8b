#!/usr/bin/env bash
# The peak memory of `docmend convert` on every hostile input of the
# `src/cli/tests/hostile_*.rs` tests, release build, the slow ones
# included: one row per case with the input's size, the peak resident
# memory of the docmend process (wait4's ru_maxrss), the cap the test
# asserts and what docmend did. These are the measurements of
# docs/limits.md.
#
# Each test runs alone (a child's ru_maxrss starts at the test process's
# own peak, so tests sharing a process would see each other's), and the
# tests write their inputs in pieces, never holding them whole.
#
# Usage: bench/hostile_memory.sh [TEST_FILE...]   (default: every hostile_* test file)
# Output: a markdown table on standard output.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    files=(hostile_spreadsheets hostile_packages hostile_text hostile_pdf)
fi

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size() {
    awk -v b="$1" 'BEGIN {
        if (b >= 1048576) printf "%.1f MiB", b / 1048576;
        else if (b >= 1024) printf "%.1f KiB", b / 1024;
        else printf "%d B", b }'
}

cargo build --release -q -p docmend-cli --tests
echo "| case | input | peak (MiB) | cap (MiB) | outcome |"
echo "|---|---|---|---|---|"
for file in "${files[@]}"; do
    tests=$(cargo test --release -q -p docmend-cli --test "$file" -- --list --include-ignored 2>/dev/null |
        sed -n 's/: test$//p')
    for test in $tests; do
        DOCMEND_HOSTILE_REPORT=1 cargo test --release -q -p docmend-cli --test "$file" -- \
            --exact "$test" --include-ignored --nocapture 2>&1 >/dev/null |
            grep '^hostile-memory' |
            while IFS=$'\t' read -r _ case input peak cap outcome; do
                echo "| $case | $(size "$input") | $(mib "$peak") | $(mib "$cap") | $outcome |"
            done
    done
done
