#!/bin/sh
# tui_export.sh - the export dialog (e): rows, preview, identifying details asked about before
# anything is written, a portfolio file written 0600 with nothing identifying; the identifiers
# screen (i) adds and removes names.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
add() { printf '%s' "$1" | r add >/dev/null || fail "add failed"; }
add '{"visit_date":"2026-10-01","family":"F-1","notice":{"text":"Odalys played with blocks."},"competencies":["Reflection"],"portfolio":true}'
add '{"visit_date":"2026-11-10","family":"F-2","notice":{"text":"A quiet visit; call 07700 900123 next week."},"portfolio":true}'
add '{"visit_date":"2026-11-20","family":"F-3","notice":{"text":"Not for the portfolio."}}'

start_tui 100 30 -- --passphrase-file "$PW"
wait_for "3 reflections" 15

# The identifiers screen: add a child's name.
keys i
wait_for "names and places kept out of exports" 15
wait_for "The list is empty" 15
keys a
wait_for "Name or place:" 15
type_text "Odalys"; keys Enter
wait_for "Who or what is it?" 15
keys c
wait_for "Added. Exports will keep it out." 15
wait_for "child" 15
keys Escape
wait_for "3 reflections" 15

# Search for the portfolio entries, then open the export dialog from there.
keys /
wait_for "Search:" 15
type_text "is:portfolio"; keys Enter
wait_for "2 of 3" 15
keys e
wait_for "reflect  ·  export" 15
wait_for "2 reflections" 15
wait_for "is:portfolio" 15
wait_for "yes: period, counts, competency domains" 15
# Layout: Gibbs (one turn); format: HTML (one turn).
keys j Enter
wait_for "Gibbs reflective cycle" 15
keys j Enter
wait_for "HTML (prints one reflection a page)" 15
keys j j j j
keys Enter
wait_for "File (empty for the default):" 15
keys C-u
type_text "$T/portfolio.html"; keys Enter
wait_for "portfolio.html" 15

# Preview: replaced details, shown as plain text.
keys p
wait_for "export preview" 15
wait_for "Identifying details are shown replaced" 15
wait_for "1 of the 8 infant mental health competency domains is evidenced." 15
# The preview is what the same export writes as text: every line shown is a line of
# 'reflect export --format txt' with the dialog's choices.
r export --format txt --layout gibbs --portfolio --redact -o "$T/cli-preview.txt" 2>/dev/null ||
	fail "the CLI export for the preview"
screen >"$T/preview-top"
keys G
wait_for "DESCRIPTION" 15
assert_not_contains "$(screen)" "Odalys"
screen >"$T/preview-end"
# The body: between the title line and the status line, margins trimmed.
shown=0
for f in "$T/preview-top" "$T/preview-end"; do
	sed '1,2d;$d' "$f" | sed '$d' | sed 's/^ *//; s/ *$//' | grep -v '^$' >"$T/lines" || true
	while IFS= read -r line; do
		case "$line" in *"Identifying details are shown replaced"* | *"export preview"* | *"Esc"*) continue ;; esac
		grep -qxF -- "$line" "$T/cli-preview.txt" || grep -qF -- "$line" "$T/cli-preview.txt" ||
			fail "the preview shows '$line', which the export does not hold"
		shown=$((shown + 1))
	done <"$T/lines"
done
[ $shown -ge 5 ] || fail "the preview showed only $shown lines of the export"
keys Escape
wait_for "Name on the cover" 15

# Write: asked about the details first; v shows where; r replaces.
keys w
wait_for "2 identifying details were found" 15
keys v
wait_for "Reflection 1, notice.text:" 15
wait_for "07700 900123" 15
keys Escape
wait_for "2 identifying details were found" 15
keys r
wait_for "anyone who has the file can read it" 15
keys y
wait_for "Wrote 2 reflections" 15
[ -f "$T/portfolio.html" ] || fail "no file written"
assert_eq "$(stat -c %a "$T/portfolio.html")" 600 "mode of the TUI's export"
html=$(cat "$T/portfolio.html")
assert_contains "$html" "Reflective practice portfolio"
assert_contains "$html" "Description"
assert_contains "$html" "[child F-1] played with blocks."
assert_not_contains "$html" "Odalys"
assert_not_contains "$html" "07700"
assert_not_contains "$html" "Not for the portfolio"
# The file is the export the command line writes with the same choices, byte for byte.
r export --format html --layout gibbs --portfolio --redact -o "$T/cli-portfolio.html" 2>/dev/null ||
	fail "the CLI export"
diff -u "$T/cli-portfolio.html" "$T/portfolio.html" >"$T/html.diff" ||
	{ head -n 30 "$T/html.diff"; fail "the TUI's file differs from the CLI's export with the same choices"; }

# Writing again asks before replacing; n leaves the file as it is.
keys w
wait_for "2 identifying details were found" 15
keys r
wait_for "Replace it?" 15
keys n
wait_for "Nothing was written." 15
keys Escape
wait_for "2 of 3" 15

# Remove the names again from the identifiers screen: the one chosen goes (j moves down).
printf 'Zebedee\n' | r identifiers add --kind parent >/dev/null 2>&1 || fail "identifiers add"
keys i
wait_for "Zebedee" 15
keys j
keys d
wait_for "Take this off the list?" 15
keys y
wait_for "1 on the list" 15
out=$(r identifiers list) || fail "identifiers list"
assert_contains "$out" "Odalys"
assert_not_contains "$out" "Zebedee"
keys d
wait_for "Take this off the list?" 15
keys y
wait_for "The list is empty" 15
keys Escape
wait_for "2 of 3" 15

# e on an entry exports that entry alone; here as a PDF printed by Chromium.
keys Enter
wait_for "A quiet visit" 15
keys e
wait_for "reflect  ·  export" 15
wait_for "this reflection (Tue 10 Nov 2026)" 15
wait_for "1 reflection" 15
keys j j Enter
wait_for "HTML (prints one reflection a page)" 15
keys Enter
wait_for "PDF (printed by Chromium" 15
keys j j j j
keys Enter
wait_for "File (empty for the default):" 15
keys C-u
type_text "$T/one.pdf"; keys Enter
wait_for "one.pdf" 15
keys w
wait_for "1 identifying detail was found" 15
keys r
wait_for "Write it?" 15
keys y
wait_for "Wrote 1 reflection" 180
assert_eq "$(stat -c %a "$T/one.pdf")" 600 "mode of the TUI's PDF"
pdf=$(pdftotext "$T/one.pdf" - 2>/dev/null) || fail "the TUI's PDF does not read"
assert_contains "$pdf" "A quiet visit"
assert_contains "$pdf" "Page 1 of 1"
assert_not_contains "$pdf" "07700"
assert_not_contains "$pdf" "blocks"
keys Escape
wait_for "A quiet visit" 15
keys Escape
wait_for "2 of 3" 15
keys q
wait_for "[exited 0]" 15
echo "export dialog ok"
