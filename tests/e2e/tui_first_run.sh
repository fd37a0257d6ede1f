#!/bin/sh
# tui_first_run.sh - the first run of `reflect` creates the journal: a word on what the passphrase
# protects and that it cannot be recovered, a short one refused kindly, a mismatch caught, typed
# twice in the terminal; the journal then opens with that passphrase.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

[ -e "$J" ] && fail "journal exists before the first run"
start_tui
wait_for "This is a private place"
wait_for "cannot be recovered"
type_text "short"; keys Enter
wait_for "shorter than 8 characters"
type_text "correct horse battery"; keys Enter
wait_for "Once more"
type_text "correct horse batterY"; keys Enter
wait_for "did not match"
type_text "correct horse battery"; keys Enter
wait_for "Once more"
type_text "correct horse battery"; keys Enter
wait_for "Your journal is ready" 60
wait_for "No reflections yet"
# the typed passphrase never shows on the screen
assert_not_contains "$(screen)" "horse"
keys q
wait_for "[exited 0]"
[ -f "$J" ] || fail "no journal file after the first run"
assert_eq "$(r list | wc -l | tr -d ' ')" "0" "a new journal is empty"
printf 'correct horse batterY\n' >"$T/wrong"
"$REFLECT" --journal "$J" --passphrase-file "$T/wrong" list >/dev/null 2>&1
assert_eq "$?" "3" "the other passphrase does not open it"
echo "first run ok"
