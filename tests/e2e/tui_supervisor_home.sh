#!/bin/sh
# tui_supervisor_home.sh - one sitting after one unlock, through an exchange folder: the
# supervisor's home (an inbox per supervisee, a safety concern on top), a thread (a response
# from the screen, the practitioner's reply from the entry view), syncing on unlock and after
# each message, and the review across everyone.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

ANA="$T/ana.db"
BEN="$T/ben.db"
SAM="$T/sam.db"
X="$T/exchange"
mkdir -p "$X" "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
supervision_trio
ida=$(echo '{"notice":{"text":"canary-home the baby turned away"},"curious":{"questions":["What was the baby telling us?"]},"for_supervision":true}' | a add) || fail "add"
b add >/dev/null <<'JSON' || fail "add Ben 1"
{"notice":{"text":"an ordinary visit with F-3"},"for_supervision":true}
JSON
idb=$(echo '{"notice":{"text":"Am I burning out? a bruise I worried about"},"for_supervision":true,"safety_concern":true}' | b add) || fail "add Ben 2"
a sync >/dev/null || fail "Ana syncs"
b sync >/dev/null || fail "Ben syncs"

# the supervisor unlocks once: what came in is received and the inbox is home
J="$SAM"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "Synced: 3 came in, 0 went out."
wait_for "Inbox: Ana (1 shared, 1 waiting for you)"
wait_for "Inbox: Ben (2 shared, 2 waiting for you)"
# the safety concern is at the top of Ben's inbox, marked
ben_head=$(screen | grep -n "Inbox: Ben" | cut -d: -f1)
concern=$(screen | grep -n "(!) SAFETY CONCERN" | cut -d: -f1)
ordinary=$(screen | grep -n "an ordinary visit" | cut -d: -f1)
[ "$concern" = $((ben_head + 1)) ] || fail "the concern is not first in Ben's inbox: $(screen)"
[ "$concern" -lt "$ordinary" ] || fail "the concern is below an ordinary entry"
assert_contains "$(screen)" "#$idb"
wait_for "review: patterns across everyone's shared entries"
# a practitioner's empty sections are not a supervisor's
assert_not_contains "$(screen)" "Responses from supervision"
assert_not_contains "$(screen)" "Marked for supervision"

# a response to Ana from the screen goes out at once
keys Down
keys Enter
wait_for "Ana #$ida, shared by Ana"
keys r
wait_for "your response to Ana"
type_text "canary-home-response What might she have been protecting?"
keys C-s
wait_for "Synced: 0 came in, 1 went out."
wait_for "THREAD"
keys Escape
wait_for "· answered"

# the practitioner reads it and replies from the entry view, in her own sitting
stop_tui
J="$ANA"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "Synced: 1 came in, 0 went out."
keys Enter
wait_for "Responses from supervision"
wait_for "canary-home-response"
# an entry marked as a safety concern from the entry view, and unmarked
type_text "!"
wait_for "Marked as a safety concern"
# a concern travels at once through the folder
wait_for "Synced: 0 came in, 1 went out."
wait_for "(!) MARKED AS A SAFETY CONCERN"
type_text "!"
wait_for "No longer marked as a safety concern."
keys r
wait_for "your reply in the thread"
type_text "canary-home-reply Maybe from my own voice rising."
keys C-s
wait_for "Synced: 0 came in, 1 went out."
wait_for "canary-home-reply"
keys Escape
wait_for "1 reflection"
keys q
wait_for "[exited 0]"
stop_tui

# bundles are read in any order: Ana's entry went marked, then unmarked; read newest first,
# the older marked copy must not replace the newer one
for f in $(ls -t "$X"); do s receive "$X/$f" >/dev/null 2>&1 || true; done
assert_not_contains "$(s show --shared --from Ana "$ida")" "SAFETY CONCERN"

# the supervisor sees the reply after the response, marked as new
J="$SAM"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "new reply"
keys Down
keys Enter
wait_for "Ana #$ida, shared by Ana"
wait_for "canary-home-reply"
resp=$(screen | grep -n "canary-home-response" | cut -d: -f1)
reply=$(screen | grep -n "canary-home-reply" | cut -d: -f1)
[ "$resp" -lt "$reply" ] || fail "the thread is out of order: $(screen)"
assert_contains "$(screen)" "Ana, "
keys Escape
wait_for "review: patterns across everyone's shared entries"
# the review across everyone: the last row
for k in 1 2 3 4 5 6 7 8 9 10; do keys Down; done
keys Enter
wait_for "patterns across everyone's shared entries"
wait_for "Everyone who shared with you"
keys Escape
wait_for "Inbox: Ana"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui
for f in "$SAM" "$SAM-wal"; do no_plaintext "canary-home" "$f"; done
for f in "$X"/*; do no_plaintext "canary-home" "$f"; done
echo "supervisor home ok"
