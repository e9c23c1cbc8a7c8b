#!/usr/bin/env bash
# Compares two docmend binaries by the instructions one conversion takes
# (valgrind's callgrind counts instructions, not seconds: the same count
# for the same binary and input, however busy the machine is). Each line
# is one `docmend convert FILE` of the benchmark's files, process start-up
# included (the same for both binaries).
#
# Usage: bench/instructions.sh BEFORE_BINARY AFTER_BINARY
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ $# -ne 2 ]; then
    echo "usage: bench/instructions.sh BEFORE_BINARY AFTER_BINARY" >&2
    exit 2
fi
command -v valgrind >/dev/null || { echo "bench/instructions.sh: valgrind is needed" >&2; exit 1; }
files=(fixtures/text/*.txt
    fixtures/docx/annual_report_003.docx
    fixtures/spreadsheet/annual_report_003.xlsx
    fixtures/spreadsheet/annual_report_003.xls
    fixtures/html/word_export_003.html
    fixtures/html/site_chrome_003.html
    fixtures/pdf/annual_report_003.pdf
    fixtures/pdf/libreoffice/annual_report_003.pdf
    fixtures/csv/annual_report_003.csv)
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" convert "$2" 2>&1 >/dev/null |
        grep -o 'Collected : [0-9]*' | awk '{print $3}'
}
printf '%-48s %14s %14s %8s\n' file before after change
for f in "${files[@]}"; do
    before=$(count "$1" "$f")
    after=$(count "$2" "$f")
    awk -v f="$f" -v b="$before" -v a="$after" \
        'BEGIN { printf "%-48s %14d %14d %+7.2f%%\n", f, b, a, (a - b) * 100 / b }'
done
