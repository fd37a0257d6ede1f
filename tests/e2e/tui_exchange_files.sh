#!/bin/sh
# tui_exchange_files.sh - one sitting without an exchange folder: the practitioner writes her
# marked entries for her supervisor to a file from the supervision screen (W), the supervisor
# receives it there (R), answers and writes the response file (w), and she receives it (R).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

a() { "$REFLECT" --journal "$T/ana.db" --passphrase-file "$PW" "$@"; }
s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
a init --kdf interactive >/dev/null 2>&1 || fail "init ana"
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
a id --name Ana >"$T/ana.card"
s id --name Sam >"$T/sam.card"
a contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"
id=$(echo '{"notice":{"text":"canary-files the baby turned away"},"for_supervision":true}' | a add) || fail "add"

J="$T/ana.db"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "1 reflection"
write_marked "$T/e.bundle" "Wrote 1 entry for Sam in"
stop_tui
[ -f "$T/e.bundle" ] || fail "no bundle was written"
no_plaintext "canary-files" "$T/e.bundle"

J="$T/sam.db"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys s
wait_for "Reflective supervision"
keys R
wait_for "Receive the bundle file"
type_text "$T/e.bundle"
keys Enter
wait_for "Received 1 entry from Ana"
wait_for "Inbox: Ana (1 shared, 1 waiting for you)"
keys Down
keys r
wait_for "your response to Ana"
type_text "canary-files-response What was she protecting?"
keys C-s
wait_for "Saved."
keys w
wait_for "Write the responses for Ana to the file"
for i in $(seq 1 30); do keys BSpace; done
type_text "$T/r.bundle"
keys Enter
wait_for "Wrote 1 response for Ana in"
# the same file again is refused: nothing is received twice
keys R
wait_for "Receive the bundle file"
type_text "$T/e.bundle"
keys Enter
wait_for "Refused"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui

J="$T/ana.db"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "1 reflection"
keys s
wait_for "Marked for supervision"
keys R
wait_for "Receive the bundle file"
type_text "$T/r.bundle"
keys Enter
wait_for "Received 1 message from Sam"
keys q
wait_for "1 with a new response"
keys q
wait_for "[exited 0]"
stop_tui
assert_contains "$(a show "$id")" "canary-files-response"
echo "exchange by files from the TUI ok"
