#!/bin/sh
# tui_crash.sh - reflect killed with SIGKILL in the middle of a reflection: the sealed draft
# (saved every few seconds) is offered back at the next unlock, Enter restores every field (and
# reopens at the field the person was in), and
# no plaintext is ever on disk. SIGTERM seals the draft at once.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "How am I arriving?"
type_text "canary-crash-pause 宝宝"
keys Tab; keys 7
keys C-n; wait_for "What do I notice?"
type_text "canary-crash-notice Aabbe"
keys Tab Tab Tab Enter; wait_for "Type a few letters"
type_text "grief"; keys Space Enter
wait_for "grief"
wait_for "draft sealed"
pid=$(tui_pid) || fail "no reflect process found"
kill -KILL "$pid"
wait_for "[exited 137]"
stop_tui
for f in "$J" "$J-wal" "$J-shm"; do no_plaintext "canary-crash" "$f"; done
[ -z "$(ls /dev/shm 2>/dev/null | grep "^reflect-$pid-")" ] || fail "a private file was left on /dev/shm"

start_tui -- --passphrase-file "$PW"
wait_for "had not finished"
wait_for "canary-crash-notice"  # the offer shows the most telling words: Notice
keys Enter
# reopened where the person was: Notice, on the feelings
wait_for "canary-crash-notice Aabbe"
wait_for "> Feelings"
wait_for "grief"
keys C-p
wait_for "canary-crash-pause 宝宝"
wait_for "7, very activated"
keys C-s
wait_for "Saved and sealed"
keys q
wait_for "[exited 0]"
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "canary-crash-pause 宝宝"'
assert_contains "$out" '"text": "canary-crash-notice Aabbe"'
assert_contains "$out" '"activation": 7'
assert_contains "$out" '"grief"'
# saved: the draft is gone, nothing is offered next time
stop_tui
start_tui -- --passphrase-file "$PW"
wait_for "1 reflection"
assert_not_contains "$(screen)" "had not finished"
keys q
wait_for "[exited 0]"
stop_tui

# SIGTERM (or the terminal closing) in the middle of a sentence: the draft is sealed at once,
# without waiting for the next autosave, and reflect ends.
start_tui -- --passphrase-file "$PW"
wait_for "1 reflection"
keys n
wait_for "How am I arriving?"
type_text "canary-crash-term just typed"
wait_for "canary-crash-term just typed"
kill -TERM "$(tui_pid)"
wait_for "[exited 143]"
stop_tui
start_tui -- --passphrase-file "$PW"
wait_for "had not finished"
keys Enter
wait_for "canary-crash-term just typed"
keys C-s
wait_for "Saved and sealed"
wait_for "2 reflections"
keys q
wait_for "[exited 0]"
if grep -rqaF --exclude=tmux.sock -- "canary-crash" "$T"; then fail "plaintext on disk"; fi
echo "crash ok"
