#!/usr/bin/env bash
# The real-browser and real-Word check of the study report (#8, #21): renders
# report.html in headless Chromium to PNG and checks that it rendered (a
# non-trivial image, and the DOM holds the path diagrams); checks that
# report.docx holds one PNG picture per figure (word/media/*.png and
# <pic:pic> in document.xml against the HTML's figures) and figures/ a PNG
# and an SVG of each; converts report.docx to PDF with LibreOffice headless
# and checks the PDF opened. That no two labels of a path diagram overlap is
# checked from Graphviz's layout coordinates by the Swift tests
# (ReportTests PathDiagramTests, StudyTests pathDiagramsKeepLabelsApart).
# report.xlsx is converted too (at least a page per sheet).
# Installs chromium, libreoffice-writer-nogui and libreoffice-calc-nogui from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
for p in chromium libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk unzip; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  echo "installing:$need"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.build/release/clusterstat study --out "$out/report" --bootstrap 200 >/dev/null
html="file://$out/report/report.html"
chromium --headless --no-sandbox --disable-gpu --window-size=1280,6000 --screenshot="$out/report.png" "$html" >/dev/null 2>&1
size=$(stat -c %s "$out/report.png" 2>/dev/null || echo 0)
[ "$size" -gt 50000 ] || { echo "check-render: the HTML screenshot is missing or blank ($size bytes)"; exit 1; }
dom=$(chromium --headless --no-sandbox --disable-gpu --dump-dom "$html" 2>/dev/null)
diagrams=$(grep -o 'class="path-diagram"' <<<"$dom" | wc -l)
[ "$diagrams" -eq 5 ] || { echo "check-render: expected 5 path diagrams in the rendered DOM, found $diagrams"; exit 1; }
grep -q 'class="bar-chart"' <<<"$dom" || { echo "check-render: the coupling chart is missing"; exit 1; }
figures=$(grep -o '<figure class="figure">' "$out/report/report.html" | wc -l)
media=$(unzip -l "$out/report/report.docx" | grep -c 'word/media/.*\.png$' || true)
pictures=$(unzip -p "$out/report/report.docx" word/document.xml | grep -o '<pic:pic>' | wc -l)
[ "$media" -eq "$figures" ] && [ "$pictures" -eq "$figures" ] || { echo "check-render: report.docx has $media PNG parts and $pictures pictures for $figures figures"; exit 1; }
pngs=$(ls "$out/report/figures" | grep -c '\.png$' || true); svgs=$(ls "$out/report/figures" | grep -c '\.svg$' || true)
[ "$pngs" -eq "$figures" ] && [ "$svgs" -eq "$figures" ] || { echo "check-render: figures/ has $pngs PNG and $svgs SVG files for $figures figures"; exit 1; }
libreoffice --headless --convert-to pdf --outdir "$out" "$out/report/report.docx" >/dev/null 2>&1
pdf="$out/report.pdf"
[ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-' || { echo "check-render: LibreOffice could not convert report.docx"; exit 1; }
pages=$(grep -c '/Type */Page[^s]' "$pdf" || true)
[ "$pages" -ge 5 ] || { echo "check-render: the PDF of report.docx has only $pages pages"; exit 1; }
libreoffice --headless --convert-to pdf --outdir "$out" "$out/report/report.xlsx" >/dev/null 2>&1
xpdf="$out/report.pdf"
[ -s "$xpdf" ] && head -c 5 "$xpdf" | grep -q '%PDF-' || { echo "check-render: LibreOffice could not convert report.xlsx"; exit 1; }
sheets=$(unzip -p "$out/report/report.xlsx" xl/workbook.xml | grep -o '<sheet ' | wc -l)
xpages=$(grep -c '/Type */Page[^s]' "$xpdf" || true)
[ "$sheets" -ge 20 ] && [ "$xpages" -ge "$sheets" ] || { echo "check-render: report.xlsx has $sheets sheets and its PDF $xpages pages"; exit 1; }
echo "check-render: report.html rendered in Chromium ($size-byte PNG, $diagrams path diagrams); report.docx has $pictures pictures for $figures figures and opened in LibreOffice ($pages PDF pages); report.xlsx too ($sheets sheets, $xpages PDF pages)"
