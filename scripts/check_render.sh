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
for p in chromium libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk unzip poppler-utils; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  echo "installing:$need"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The screenshots and PDF pages stay under report/check-render/ for a reviewer to look at.
keep=report/check-render
rm -rf "$keep" && mkdir -p "$keep"

# check NAME DIAGRAMS: the figure, picture and page checks on $out/NAME (a study's report folder).
check() {
  local name=$1 want=$2 dir="$out/$1"
  local html="file://$dir/report.html"
  chromium --headless --no-sandbox --disable-gpu --window-size=1280,6000 --screenshot="$keep/$name.png" "$html" >/dev/null 2>&1
  local size; size=$(stat -c %s "$keep/$name.png" 2>/dev/null || echo 0)
  [ "$size" -gt 50000 ] || { echo "check-render: $name: the HTML screenshot is missing or blank ($size bytes)"; exit 1; }
  local dom; dom=$(chromium --headless --no-sandbox --disable-gpu --dump-dom "$html" 2>/dev/null)
  local diagrams; diagrams=$(grep -o 'class="path-diagram"' <<<"$dom" | wc -l)
  [ "$diagrams" -eq "$want" ] || { echo "check-render: $name: expected $want path diagrams in the rendered DOM, found $diagrams"; exit 1; }
  local figures media pictures pngs svgs
  figures=$(grep -o '<figure class="figure">' "$dir/report.html" | wc -l)
  media=$(unzip -l "$dir/report.docx" | grep -c 'word/media/.*\.png$' || true)
  pictures=$(unzip -p "$dir/report.docx" word/document.xml | grep -o '<pic:pic>' | wc -l)
  [ "$media" -eq "$figures" ] && [ "$pictures" -eq "$figures" ] || { echo "check-render: $name: report.docx has $media PNG parts and $pictures pictures for $figures figures"; exit 1; }
  pngs=$(ls "$dir/figures" | grep -c '\.png$' || true); svgs=$(ls "$dir/figures" | grep -c '\.svg$' || true)
  [ "$pngs" -eq "$figures" ] && [ "$svgs" -eq "$figures" ] || { echo "check-render: $name: figures/ has $pngs PNG and $svgs SVG files for $figures figures"; exit 1; }
  # A figure's caption goes below it (图 under the picture): the picture's paragraph comes first.
  unzip -p "$dir/report.docx" word/document.xml | python3 -c '
import re, sys
x = sys.stdin.read()
pics = [m.start() for m in re.finditer("<pic:pic>", x)]
caps = [m.start() for m in re.finditer(r"<w:t[^>]*>(图|Figure) \d+", x)]
sys.exit(0 if len(caps) == len(pics) and all(p < c for p, c in zip(pics, caps)) else 1)' || { echo "check-render: $name: a figure caption is not below its picture"; exit 1; }
  # Chinese throughout: no note in English under a table of the zh report (names and symbols aside).
  if grep -q '<p class="note">[^<]*\b\(the\|and\|weights\|over\|standard\)\b' "$dir/report.html"; then
    echo "check-render: $name: an English note in the Chinese report"; exit 1
  fi
  libreoffice --headless --convert-to pdf --outdir "$out" "$dir/report.docx" >/dev/null 2>&1
  local pdf="$out/report.pdf"
  [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-' || { echo "check-render: $name: LibreOffice could not convert report.docx"; exit 1; }
  local pages; pages=$(grep -c '/Type */Page[^s]' "$pdf" || true)
  [ "$pages" -ge 5 ] || { echo "check-render: $name: the PDF of report.docx has only $pages pages"; exit 1; }
  cp "$pdf" "$keep/$name-docx.pdf"
  pdftoppm -png -r 50 -f 1 -l 12 "$pdf" "$keep/$name-docx" 2>/dev/null || true
  libreoffice --headless --convert-to pdf --outdir "$out" "$dir/report.xlsx" >/dev/null 2>&1
  [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-' || { echo "check-render: $name: LibreOffice could not convert report.xlsx"; exit 1; }
  local sheets xpages
  sheets=$(unzip -p "$dir/report.xlsx" xl/workbook.xml | grep -o '<sheet ' | wc -l)
  xpages=$(grep -c '/Type */Page[^s]' "$pdf" || true)
  [ "$sheets" -ge 10 ] && [ "$xpages" -ge "$sheets" ] || { echo "check-render: $name: report.xlsx has $sheets sheets and its PDF $xpages pages"; exit 1; }
  echo "check-render: $name: report.html rendered in Chromium ($size-byte PNG, $diagrams path diagrams); report.docx has $pictures pictures for $figures figures, captions below, and opened in LibreOffice ($pages PDF pages); report.xlsx too ($sheets sheets, $xpages PDF pages)"
}

.build/release/clusterstat study --out "$out/book" --bootstrap 200 >/dev/null
grep -q 'class="bar-chart"' "$out/book/report.html" || { echo "check-render: book: the coupling chart is missing"; exit 1; }
check book 5
# The second shipped example: another questionnaire, another plan.
.build/release/clusterstat study --data Datasets/team-voice/responses-wjx-text.xlsx --codebook Datasets/team-voice/codebook.yaml \
  --out "$out/team-voice" --bootstrap 200 >/dev/null
diagrams=$(grep -o 'class="path-diagram"' "$out/team-voice/report.html" | wc -l)
check team-voice "$diagrams"
[ "$diagrams" -ge 1 ] || { echo "check-render: team-voice: no path diagram"; exit 1; }
