#!/bin/sh
# plain_interactive.sh - reflect --plain on a terminal, as a screen-reader user meets it: short
# answers end with Enter, longer ones with an empty line, every answer is acknowledged, a rating
# that is not one is asked again, and the family code, themes and supervision are asked last.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
start_tui 80 24 -- --passphrase-file "$PW" --plain
wait_for "What would you like to do?"
type_text "w"; keys Enter
wait_for "(end with an empty line)"
type_text "Arrived tired"; keys Enter
keys Enter
wait_for "Noted."
wait_for "How activated do you feel"
type_text "12"; keys Enter
wait_for "That is not a number from 0 to 10"
type_text "seven"; keys Enter
wait_for "Please type a number from 0 to 10"
type_text "7"; keys Enter
wait_for "Noted: 7."
type_text "She held the baby close"; keys Enter; keys Enter
wait_for "Feelings you notice"
type_text "tenderness, fear"; keys Enter
wait_for "Noted: tenderness, fear."
type_text "What did the baby feel?"; keys Enter; keys Enter
wait_for "Questions to bring to supervision"
type_text "How do I hold this?"; keys Enter; keys Enter
wait_for "Family code"
type_text "F-3"; keys Enter
wait_for "Noted: F-3."
type_text "ghosts in the nursery"; keys Enter
wait_for "Noted: ghosts in the nursery."
wait_for "Bring it to supervision?"
type_text "perhaps"; keys Enter
wait_for "Please answer yes or no"
type_text "no"; keys Enter
wait_for "Not marked for supervision."
wait_for "Saved as entry 1"
type_text "q"; keys Enter
wait_for "[exited 0]"
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "Arrived tired"'
assert_contains "$out" '"activation": 7'
assert_contains "$out" '"tenderness"'
assert_contains "$out" '"fear"'
assert_contains "$out" '"family": "F-3"'
assert_contains "$out" '"ghosts in the nursery"'
assert_contains "$out" '"How do I hold this?"'
assert_contains "$out" '"for_supervision": false'
echo "plain interactive ok"
