#!/bin/sh
# tui_supervision.sh - the supervision screen in both roles, driven in tmux: a supervisor reads
# an entry a supervisee shared and writes a response; the practitioner sees it come back; a
# session is logged and counted.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

ANA="$T/ana.db"
SAM="$T/sam.db"
a() { "$REFLECT" --journal "$ANA" --passphrase-file "$PW" "$@"; }
s() { "$REFLECT" --journal "$SAM" --passphrase-file "$PW" "$@"; }
a init --kdf interactive >/dev/null 2>&1 || fail "init ana"
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
a id --name Ana >"$T/ana.card"
s id --name Sam >"$T/sam.card"
a contact add Sam "$T/sam.card" --verified >/dev/null || fail "pin Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "pin Ana"
id=$(echo '{"notice":{"text":"canary-tui-share the baby turned away"},"curious":{"questions":["What was the baby telling us?"]},"for_supervision":true}' | a add) || fail "add"
a share --to Sam --flagged -o "$T/s.bundle" >/dev/null || fail "share"
s receive "$T/s.bundle" >/dev/null || fail "receive"

# the supervisor: a journal holding only what others shared opens on the inbox
J="$SAM"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "Inbox: Ana (1 shared, 1 waiting for you)"
wait_for "canary-tui-share"
assert_contains "$(screen)" "#$id"
assert_contains "$(screen)" "· new"
wait_for "Ana #$id asked: What was the baby telling us?"
assert_contains "$(screen)" "Reflective supervision"
# the first choice is logging a session; the shared entry is further down
keys Down
keys Enter
wait_for "Ana #$id, shared by Ana"
wait_for "What was the baby telling us?"
keys r
wait_for "your response to Ana"
type_text "canary-tui-response I wonder what she was protecting."
keys C-s
wait_for "Saved. Send it with"
wait_for "THREAD"
wait_for "You, "
wait_for "not sent yet"
keys Escape
wait_for "· answered"
# sent to a file from the screen, without leaving it
keys w
wait_for "Write the responses for Ana to the file"
for i in $(seq 1 20); do keys BSpace; done
type_text "$T/r.bundle"
keys Enter
wait_for "Wrote 1 response for Ana in"
# answered: its question is no longer open, in the inbox or in the review
assert_not_contains "$(screen)" "asked: What was the baby telling us?"
keys Down Enter
wait_for "patterns in what was shared by Ana"
assert_not_contains "$(screen)" "What was the baby telling us?"
keys Escape
wait_for "review: patterns in what Ana shared"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui
for f in "$SAM" "$SAM-wal"; do no_plaintext "canary-tui" "$f"; done

[ -f "$T/r.bundle" ] || fail "the TUI wrote no bundle"
no_plaintext "canary-tui" "$T/r.bundle"
a receive "$T/r.bundle" >/dev/null || fail "receive responses"

# the practitioner: the response beside the entry; a session logged from the screen
J="$ANA"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "1 reflection"
keys s
wait_for "Responses from supervision"
wait_for "from Sam"
assert_contains "$(screen)" "shared 1 entry with Sam"
assert_contains "$(screen)" "received 1 response from Sam"
assert_contains "$(screen)" "Marked for supervision"
keys a
wait_for "Date of the session"
keys Enter
wait_for "How many minutes"
keys BSpace BSpace; type_text "90"; keys Enter
wait_for "Individual or group"
keys g
wait_for "Who provided it"
keys c
wait_for "Their name"
type_text "Dr Kim"; keys Enter
wait_for "endorsement level"
type_text "IMH Mentor"; keys Enter
wait_for "Did you discuss the 1 entry"
keys y
wait_for "Logged 90 minutes of group supervision"
wait_for "1.5 hours in 1 session"
# the entry with its response
keys Down Down
keys Enter
wait_for "Responses from supervision"
wait_for "canary-tui-response I wonder what she was protecting."
keys Escape
wait_for "Reflective supervision"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui

out=$(a supervision list)
assert_contains "$out" "90 min"
assert_contains "$out" "Dr Kim (IMH Mentor)"
assert_contains "$out" "entries $id"
assert_contains "$(a show "$id")" "canary-tui-response"
echo "supervision screen ok"
