#!/usr/bin/env bash
# Renders the Excel report of the sample data as people see it: the job runs on sample-data/comments.csv
# with the demo model in a scratch folder, LibreOffice turns the workbook into a PDF, poppler turns
# its pages into PNG images. Needs Debian's libreoffice-calc-nogui, fonts-noto-cjk and poppler-utils.
#   docs/render-report.sh [OUT_DIR]   (default: docs/images: report-1.png the Summary page, report-2.png the
#   Topics page; PAGES=12 for more)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/docs/images}")"
for tool in soffice pdftoppm; do
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
for page in $(seq 1 "${PAGES:-2}"); do
  pdftoppm -png -r 90 -f "$page" -l "$page" -singlefile "$pdf" "$out/report-$page"
  echo "$out/report-$page.png"
done
