#!/usr/bin/env bash
# Renders the Excel report of the sample data as people see it: the job runs on sample-data/comments.csv
# with the demo model in a scratch folder, LibreOffice turns the workbook into a PDF, poppler turns
# the first page of the Summary, Topics and Trend sheets into PNG images, and says how many A4 pages
# the whole report prints on. Needs Debian's libreoffice-calc-nogui, fonts-noto-cjk and poppler-utils.
#   docs/render-report.sh [OUT_DIR]   (default: docs/images: report-1.png Summary, report-2.png Topics,
#   report-3.png Trend; KEEP_PDF=1 keeps the PDF there too)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/docs/images}")"
for tool in soffice pdftoppm pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install libreoffice-calc-nogui fonts-noto-cjk poppler-utils" >&2; exit 2; }
done
[ -f "$root/target/qwen-batch.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
java -jar "$root/target/qwen-batch.jar" run --input "$root/sample-data/comments.csv" --model demo --labels topic --out "$work/reports" >/dev/null
workbook="$(ls "$work"/reports/*.xlsx | head -1)"
soffice --headless --convert-to pdf --outdir "$work" "$workbook" >/dev/null 2>&1
mkdir -p "$out"
pdf="$(ls "$work"/*.pdf | head -1)"
pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
# the first page of each sheet, found by a line only that sheet has
first_page() {
  for page in $(seq 1 "$pages"); do
    text="$(pdftotext -f "$page" -l "$page" -layout "$pdf" -)"
    if grep -Eq "$1" <<<"$text"; then echo "$page"; return; fi
  done
  echo "no page with '$1'" >&2; exit 1
}
n=1
for marker in "sentiment briefing" "negative share.*previous period" "^ *(day|week starting) "; do
  page="$(first_page "$marker")"
  pdftoppm -png -r 90 -f "$page" -l "$page" -singlefile "$pdf" "$out/report-$n"
  echo "$out/report-$n.png (page $page)"
  n=$((n + 1))
done
[ "${KEEP_PDF:-0}" = 1 ] && cp "$pdf" "$out/report.pdf"
echo "the whole report prints on $pages A4 pages"
