#!/bin/sh
# tui_first_week.sh - the rough edges of a first week, on the screens at 80x24: the rating from
# a digit typed first, room and hints for Notice's sub-fields, the visit date replaced by typing
# and checked at once, the summary cut with "…", first words by one rule, help to its end,
# the search syntax shown and labels found by their start, back to the review after a lock, and
# a small window pointing to reflect --plain.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
printf '{"visit_date": "2026-11-02", "pause": {"text": "older pause words"}, "notice": {"text": "older notice words", "emotions": ["tenderness"]}, "themes": ["ghosts in the nursery"]}' | r add >/dev/null
start_tui 80 24 -- --passphrase-file "$PW"
wait_for "1 reflection"
# first words: the Notice text, as reflect list shows
wait_for "older notice words"
assert_contains "$(r list)" "older notice words"

keys n
wait_for "How am I arriving?"
wait_for "A number 0-10 typed first sets the activation rating"
# a digit typed first sets the rating; then words as usual
type_text "7"
wait_for "7, "
type_text "Arriving after a long and heavy visit with so many words that the summary line will surely be cut short"
wait_for "surely be cut short"
keys C-n
wait_for "What do I notice?"
type_text "The newest notice words"
keys Tab
# the sub-field's hint shows at 80x24 and the field being written in has room
wait_for "Glances, touch, voice, turning toward or away."
type_text "one"; keys Enter; type_text "two"; keys Enter; type_text "three"; keys Enter; type_text "four"
wait_for "four"
wait_for "three"
wait_for "two"
keys C-n; keys C-n
wait_for "Visit date"
# typing replaces the prefilled date; a bad date is said at once
type_text "2026-11-31"
wait_for "That visit date is not a date"
keys BSpace BSpace
type_text "30"
wait_gone "That visit date is not a date"
keys C-n
wait_for "Before you save"
wait_for "activation 7"
wait_for "…"
keys Enter
wait_for "Saved and sealed"
wait_for "The newest notice words"

# help: scrolls to its end at 80x24 and closes on Esc
keys ?
wait_for "Help: your reflections"
i=0; while [ $i -lt 30 ]; do keys Down; i=$((i + 1)); done
wait_for "marked for supervision, kept for the portfolio"
wait_for "Help: your reflections"
keys Escape
wait_gone "Help: your reflections"
keys ?; wait_for "Help: your reflections"; keys q; wait_gone "Help: your reflections"

# search: the syntax is shown; labels are found by their start and by a word
keys /
wait_for "theme:ghosts  feeling:tender"
type_text "theme:ghosts"; keys Enter
wait_for "1 of 2"
wait_for "older notice words"
keys Escape
wait_for "2 reflections"
keys /; type_text "feeling:tender since:2026-11-01"; keys Enter
wait_for "1 of 2"
keys Escape
wait_for "2 reflections"

# a dialog after another: the earlier one's borders do not stay around the next prompt
keys s
wait_for "reflect  ·  supervision"
keys a
wait_for "Date of the session"
keys Enter
wait_for "How many minutes?"
keys Enter
wait_for "Individual or group?"
keys i
wait_for "Who provided it?"
keys a
wait_for "Their name (Enter to skip):"
assert_not_contains "$(screen)" "Who provided it?"
assert_not_contains "$(screen)" "│"
assert_not_contains "$(screen)" "└"
keys Escape
wait_gone "Their name"
keys Escape
wait_for "2 reflections"

# locking from the review pane returns there after unlocking
keys r
wait_for "reflect  ·  review"
keys x
wait_for "Your journal is locked"
type_text "correct horse battery"; keys Enter
wait_for "reflect  ·  review"
keys Escape
wait_for "2 reflections"

# a window smaller than 80x24 points to plain mode
tm resize-window -t $S -x 60 -y 20
wait_for "Please make the window larger"
wait_for "reflect --plain"
tm resize-window -t $S -x 80 -y 24
wait_for "2 reflections"
keys q
wait_for "[exited 0]"
out=$(r export --format json --keep-identifiers --search "newest notice")
assert_contains "$out" '"activation": 7'
assert_contains "$out" '"visit_date": "2026-11-30"'
assert_contains "$out" '"between": "one\ntwo\nthree\nfour"'
echo "first week tui ok"
