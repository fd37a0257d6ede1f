#!/bin/sh
# export_pdf.sh - `reflect export --format pdf`: the portfolio printed by headless Chromium.
# Every page says "Page n of N" and carries the running header (name and period), the
# contents and the evidence index give the page each entry really starts on, the cover's
# counts are true, no file:// path is printed, every page image has something drawn on it,
# the file is 0600 and nothing is left in /dev/shm. Chromium and poppler-utils come with
# `make check` (TEST_DEB_PKGS): without them this test fails rather than skips.
. "$(dirname "$0")/../lib/lib.sh"
command -v chromium >/dev/null 2>&1 || fail "chromium is not installed (make check installs it)"
for tool in pdfinfo pdftotext pdftoppm; do
	command -v $tool >/dev/null 2>&1 || fail "$tool is not installed (poppler-utils)"
done

new_journal
N=6
i=1
while [ $i -le $N ]; do
	d=$(printf '2026-11-%02d' $((i + 1)))
	# Entry 3 is long (several pages) and entries 2 and 5 have a supervisor's response.
	long=""
	if [ $i -eq 3 ]; then
		k=0
		while [ $k -lt 60 ]; do
			long="$long\\n\\nA long paragraph $k about the visit, what the mother said and what the baby did next, and how the room felt."
			k=$((k + 1))
		done
	fi
	resp=""
	if [ $i -eq 2 ] || [ $i -eq 5 ]; then
		resp=", \"responses\": [{\"from\": \"Ana Supervisor\", \"at\": \"${d}T18:00:00Z\", \"text\": \"Answer$i: what did you notice in yourself?\"}]"
	fi
	printf '{"written_at": "%sT10:00:00Z", "visit_date": "%s", "family": "F-%d", "visit_type": "home visit",
	  "portfolio": true, "for_supervision": true,
	  "pause": {"text": "Pausing before visit %d.", "activation": %d},
	  "notice": {"text": "Entry marker%d: *the baby* looked for her mother.%s"},
	  "curious": {"text": "What happens next time?", "questions": ["Why now?"]},
	  "competencies": ["Reflection"%s]%s}\n' "$d" "$d" $i $i $((i % 11)) $i "$long" \
		"$([ $((i % 2)) -eq 0 ] && echo ', "Thinking"')" "$resp" | r add >/dev/null ||
		fail "add $i"
	i=$((i + 1))
done
r supervision add --minutes 60 --date 2026-11-03 >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 90 --date 2026-11-04 --group >/dev/null 2>&1 || fail "supervision add"

r export --format pdf --portfolio --name "Sam Rivera" -o "$T/portfolio.pdf" 2>"$T/err" ||
	fail "export --format pdf: $(cat "$T/err")"
[ -s "$T/portfolio.pdf" ] || fail "no PDF"
assert_eq "$(head -c 5 "$T/portfolio.pdf")" "%PDF-" "the file is a PDF"
assert_eq "$(stat -c %a "$T/portfolio.pdf")" 600 "the PDF's mode"
# The private page (and Chromium's profile) in /dev/shm is wiped and gone.
left=$(find /dev/shm -maxdepth 2 -path '/dev/shm/reflect-*/portfolio.*' 2>/dev/null)
[ -z "$left" ] || fail "left in /dev/shm: $left"
grep -rlaF "Entry marker" /dev/shm 2>/dev/null && fail "the page's text is left in /dev/shm"
ls -a "$T" | grep -q '^\.reflect-export' && fail "a temporary file was left beside the PDF"

pages=$(pdfinfo "$T/portfolio.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge $((N + 3)) ] || fail "the PDF has $pages pages for a cover, $N entries and a long one"
pdftotext -layout "$T/portfolio.pdf" "$T/p.txt" || fail "pdftotext"
text=$(cat "$T/p.txt")
assert_not_contains "$text" "file://" "a file path printed on the page"

# Every page: "Page n of N" and the running header with the name and the period.
p=1
while [ $p -le "$pages" ]; do
	page=$(awk -v n=$p 'BEGIN { RS = "\f" } NR == n { print }' "$T/p.txt")
	assert_contains "$page" "Page $p of $pages" "page number on page $p"
	assert_contains "$page" "Sam Rivera · $(human_day 2026-11-02) to $(human_day 2026-11-07)" "running header on page $p"
	p=$((p + 1))
done

# page_of TEXT: the page TEXT first appears on.
page_of() { awk -v m="$1" 'BEGIN { RS = "\f" } index($0, m) { print NR; exit }' "$T/p.txt"; }

# The cover: true counts and hours in words.
cover=$(awk 'BEGIN { RS = "\f" } /Entry marker1:/ { exit } { print }' "$T/p.txt" | tr '\n' ' ' | tr -s ' ')
assert_contains "$cover" "6 (6 marked for supervision, 2 with a supervisor’s response)"
assert_contains "$cover" "2.5 hours over 2 sessions: 1 one-to-one session (1 h), 1 group session (1.5 h)"

# The contents: each entry's date, visit type, family code and the page it starts on.
i=1
last=0
while [ $i -le $N ]; do
	# days in words, as people read them on the cover and in the contents
	d=$(human_day "$(printf '2026-11-%02d' $((i + 1)))")
	at=$(page_of "Entry marker$i:")
	[ -n "$at" ] || fail "entry $i is not in the PDF"
	[ "$at" -gt "$last" ] || fail "entry $i does not start a new page"
	last=$at
	row=$(grep -E "^ *$d +home visit +F-$i +[0-9]+ *$" "$T/p.txt") || fail "no contents row for entry $i"
	assert_eq "$(echo "$row" | awk '{ print $NF }')" "$at" "the contents' page for entry $i"
	# The evidence index names the same page.
	assert_contains "$cover" "$d (p. $at)" "the evidence index's page for entry $i"
	i=$((i + 1))
done
# The long entry runs over several pages, each numbered (checked above); the next entry
# starts after it.
[ $(( $(page_of "Entry marker4:") - $(page_of "Entry marker3:") )) -ge 2 ] ||
	fail "the long entry did not run over pages"

# A response is never on a page without its entry's name: its label says which reflection
# it answers, and it is on the same page as its entry's last part.
for i in 2 5; do
	d=$(TZ=UTC date -d "$(printf '2026-11-%02d' $((i + 1)))" '+%a %-d %b %Y')
	ap=$(page_of "Answer$i:")
	page=$(awk -v n="$ap" 'BEGIN { RS = "\f" } NR == n { print }' "$T/p.txt" | tr '\n' ' ' | tr -s ' ' | sed 's/- /-/g')
	assert_contains "$page" "to the reflection of $d" "the response's reference to its entry"
	assert_contains "$page" "Be Curious" "the response's page holds its entry's last part"
done

# Every page image has something drawn on it (not blank).
pdftoppm -gray -r 20 "$T/portfolio.pdf" "$T/img" || fail "pdftoppm"
count=0
for img in "$T"/img*.pgm; do
	ink=$(tr -d '\377' <"$img" | wc -c)
	[ "$ink" -gt 200 ] || fail "$(basename "$img") looks blank ($ink dark bytes)"
	count=$((count + 1))
done
assert_eq "$count" "$pages" "page images"

# One entry alone, as a PDF, without a cover.
r export --format pdf --entry 3 -o "$T/one.pdf" 2>/dev/null || fail "export --entry 3 as PDF"
one=$(pdftotext -layout "$T/one.pdf" - 2>/dev/null)
assert_contains "$one" "Entry marker3:"
assert_not_contains "$one" "Entry marker2:"
assert_contains "$one" "Page 1 of"

# Without Chromium: a clear message naming the package, nothing written.
PATH=/nonexistent "$REFLECT" --journal "$J" --passphrase-file "$PW" export --format pdf \
	-o "$T/none.pdf" >/dev/null 2>"$T/err" && fail "a PDF without Chromium"
assert_contains "$(cat "$T/err")" "'chromium'"
[ -e "$T/none.pdf" ] && fail "a file was written without Chromium"
echo "PDF: $pages pages for a cover and $N entries"
