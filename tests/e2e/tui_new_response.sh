#!/bin/sh
# tui_new_response.sh - the practitioner's home marks an entry holding a response that came and
# was not read since ("· new response", and a count in the header); opening the entry reads it.
# A later reply from the practitioner's own side is not new; another response is.
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
id1=$(echo '{"notice":{"text":"canary-new-one the baby turned away"},"for_supervision":true}' | a add) || fail "add 1"
id2=$(echo '{"notice":{"text":"canary-new-two a quiet visit"},"for_supervision":true}' | a add) || fail "add 2"
a share --to Sam --flagged -o "$T/s.bundle" >/dev/null || fail "share"
s receive "$T/s.bundle" >/dev/null || fail "receive"
echo "canary-new-response I wonder what the turning away protected." | s respond --from Ana "$id1" >/dev/null || fail "respond"
s share --responses --to Ana -o "$T/r1.bundle" >/dev/null || fail "send"
a receive "$T/r1.bundle" >/dev/null || fail "receive response"

J="$ANA"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "2 reflections · 1 with a new response"
row1=$(screen | grep -F "canary-new-one")
assert_contains "$row1" "· new response"
row2=$(screen | grep -F "canary-new-two")
assert_not_contains "$row2" "new response"
# opening the entry reads it: the mark and the count go
keys Down
wait_for "canary-new-one"

keys Enter
wait_for "canary-new-response I wonder"
keys Escape
wait_for "2 reflections"
assert_not_contains "$(screen)" "new response"
keys q
wait_for "[exited 0]"
stop_tui

# read stays read when the journal opens again; the state is sealed, never plaintext
J="$ANA"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "2 reflections"
assert_not_contains "$(screen)" "new response"
keys q
wait_for "[exited 0]"
stop_tui
for f in "$ANA" "$ANA-wal"; do no_plaintext "canary-new" "$f"; done

# Ana's own reply is not new to her; Sam's answer to it is
echo "canary-new-reply Maybe from my own voice rising." | a respond "$id1" >/dev/null || fail "reply"
a share --responses --to Sam -o "$T/a1.bundle" >/dev/null || fail "send reply"
s receive "$T/a1.bundle" >/dev/null || fail "receive reply"
echo "canary-new-again What did your voice carry?" | s respond --from Ana "$id1" >/dev/null || fail "respond again"
s share --responses --to Ana -o "$T/r2.bundle" >/dev/null || fail "send again"
a receive "$T/r2.bundle" >/dev/null || fail "receive again"
J="$ANA"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "2 reflections · 1 with a new response"
assert_contains "$(screen | grep -F canary-new-one)" "· new response"
# the supervision screen marks it the same way among the responses from supervision; opening
# it from there reads it
keys s
wait_for "Responses from supervision"
wait_for "from Sam"
assert_contains "$(screen | grep -F "from Sam")" "· new response"
keys End Enter
wait_for "canary-new-again What did"
keys Escape
wait_for "Responses from supervision"
wait_for "from Sam"
assert_not_contains "$(screen)" "new response"
keys Escape
wait_for "2 reflections"
assert_not_contains "$(screen)" "new response"
keys q
wait_for "[exited 0]"
stop_tui
echo "new responses ok"
