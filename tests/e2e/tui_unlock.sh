#!/bin/sh
# tui_unlock.sh - unlocking by typing (a wrong passphrase says so and lets the person try again),
# locking with x (the screen is cleared, the passphrase is needed again), locking by itself
# after --lock-after seconds of idle time in the middle of a reflection, Ctrl-X while writing.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
echo '{"visit_date":"2026-11-20","family":"F-7","notice":{"text":"canary-unlock-text"}}' | r add >/dev/null

start_tui
wait_for "Welcome back"
type_text "not my passphrase"; keys Enter
wait_for "does not open this journal"
assert_not_contains "$(screen)" "not my passphrase"
type_text "correct horse battery"; keys Enter
wait_for "canary-unlock-text"

# x locks at once: the screen is cleared of everything written
keys x
wait_for "Your journal is locked"
assert_not_contains "$(screen)" "canary-unlock-text"
assert_not_contains "$(screen)" "F-7"
type_text "wrong again"; keys Enter
wait_for "does not open this journal"
type_text "correct horse battery"; keys Enter
wait_for "canary-unlock-text"
keys q
wait_for "[exited 0]"
stop_tui

# Idle locking in the middle of a reflection: the screen clears, the draft is kept, sealed.
start_tui -- --passphrase-file "$PW" --lock-after 4
wait_for "canary-unlock-text"
keys n
wait_for "How am I arriving?"
type_text "typed before the lock"
wait_for "Your journal is locked"
assert_not_contains "$(screen)" "typed before the lock"
stop_tui

# Ctrl-X locks from inside a text; the draft is offered back after each unlock.
start_tui -- --passphrase-file "$PW"
wait_for "had not finished"
keys Enter
wait_for "typed before the lock"
type_text ", and after"
keys C-x
wait_for "Your journal is locked"
assert_not_contains "$(screen)" "typed before the lock"
type_text "correct horse battery"; keys Enter
wait_for "had not finished"
keys Enter
wait_for "typed before the lock, and after"
keys C-s
wait_for "Saved and sealed"
keys q
wait_for "[exited 0]"
assert_contains "$(r export --format json --keep-identifiers)" '"text": "typed before the lock, and after"'
echo "unlock ok"
