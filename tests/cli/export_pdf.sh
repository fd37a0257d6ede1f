#!/bin/sh
# export_pdf.sh - the HTML export printed by headless Chromium: one page per entry or more
# (plus the cover), text on every page, and a screenshot that is not blank. Skips (77) when
# Chromium or poppler-utils is not installed.
. "$(dirname "$0")/../lib/lib.sh"
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed"; exit 77; }
command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 ||
	{ echo "poppler-utils (pdfinfo, pdftotext) is not installed"; exit 77; }

# chrome OUT-FLAG FILE: run headless Chromium with no network and a throwaway profile.
chrome() {
	prof=$(mktemp -d "$T/chrome.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-extensions --no-pdf-header-footer --print-to-pdf-no-header \
		--proxy-server=127.0.0.1:9 --user-data-dir="$prof" "$@" >"$T/chrome.log" 2>&1
}

new_journal
N=6
i=1
while [ $i -le $N ]; do
	d=$(printf '2026-11-%02d' $((i + 1)))
	printf '{"written_at": "%sT10:00:00Z", "visit_date": "%s", "family": "F-%d", "portfolio": true,
	  "pause": {"text": "Pausing before visit %d.", "activation": %d},
	  "notice": {"text": "Entry marker%d: *the baby* looked for her mother.\\n\\n- one\\n- two"},
	  "curious": {"text": "What happens next time?", "questions": ["Why now?"]},
	  "competencies": ["Reflection"]}\n' "$d" "$d" $i $i $((i % 11)) $i | r add >/dev/null ||
		fail "add $i"
	i=$((i + 1))
done

r export --format html -o "$T/plain.html" 2>/dev/null || fail "html export"
r export --format html --portfolio --layout gibbs -o "$T/portfolio.html" 2>/dev/null || fail "portfolio export"

# pages FILE: the PDF's page count.
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

chrome --print-to-pdf="$T/plain.pdf" "file://$T/plain.html"
[ -s "$T/plain.pdf" ] || fail "no PDF from chromium: $(tail -n 5 "$T/chrome.log")"
p=$(pages "$T/plain.pdf")
[ "${p:-0}" -ge $N ] || fail "the PDF has $p pages for $N entries"

chrome --print-to-pdf="$T/portfolio.pdf" "file://$T/portfolio.html"
p=$(pages "$T/portfolio.pdf")
[ "${p:-0}" -ge $((N + 1)) ] || fail "the portfolio PDF has $p pages for a cover and $N entries"

# Not blank: every entry's text is in the PDF, each entry starts a page of its own.
pdftotext -layout "$T/portfolio.pdf" "$T/portfolio.txt" || fail "pdftotext"
assert_contains "$(cat "$T/portfolio.txt")" "Reflective practice portfolio"
assert_contains "$(cat "$T/portfolio.txt")" "Description"
i=1
while [ $i -le $N ]; do
	page=$(awk -v m="marker$i:" 'BEGIN { RS = "\f" } index($0, m) { print NR; exit }' "$T/portfolio.txt")
	[ -n "$page" ] || fail "entry $i is not in the PDF"
	[ -z "${last:-}" ] || [ "$page" -gt "$last" ] || fail "entry $i does not start a new page"
	last=$page
	i=$((i + 1))
done

# A screenshot of the page: an image with something drawn on it.
chrome --screenshot="$T/shot.png" --window-size=1000,1400 "file://$T/plain.html"
[ -s "$T/shot.png" ] || fail "no screenshot"
size=$(wc -c <"$T/shot.png")
[ "$size" -gt 20000 ] || fail "the screenshot looks blank ($size bytes)"
echo "PDF: $p pages for a cover and $N entries"
