#!/bin/sh
# tui_supervisor_review.sh - Enter drills down in the supervisor's review: an open question or
# an entry opens that shared entry, the right one when two supervisees' entries carry the same
# number (Ana #1, Ben #1); a response written there closes the question in the review.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

X="$T/exchange"
mkdir -p "$X" "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
supervision_trio
# Ben's first, so that Ana's #1 is the newer: a question found by number alone is hers
idb=$(echo '{"notice":{"text":"canary-rev-ben an ordinary visit"},"curious":{"questions":["Is this enough?"]},"for_supervision":true}' | b add) || fail "add Ben"
sleep 1
ida=$(echo '{"notice":{"text":"canary-rev-ana the baby turned away"},"curious":{"questions":["What was the baby telling us?"]},"for_supervision":true}' | a add) || fail "add Ana"
[ "$ida" = "$idb" ] || fail "the test needs the same number on both sides"
a sync >/dev/null || fail "Ana syncs"
b sync >/dev/null || fail "Ben syncs"

# down_to TEXT: Down until the review's title names TEXT (the chosen question or entry)
down_to() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		screen | head -n 1 | grep -qF -- "$1" && return 0
		keys Down
		sleep 0.2
	done
	screen; fail "'$1' was never chosen"
}

J="$T/sam.db"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "review: patterns across everyone's shared entries"
for k in $(seq 1 20); do keys Down; done
keys Enter
wait_for "Everyone who shared with you"
wait_for "Ben #$idb"
wait_for "Ana #$ida"
# the supervisor's own practice check-in is no part of it ("your practice" about others)
keys End
wait_for "entries in this review"
assert_not_contains "$(screen)" "Practice over time"
assert_not_contains "$(screen)" "your practice"
keys Home
# the question names whose it is, and Enter on Ben's opens Ben's entry, not Ana's #1
down_to "Ben #$idb"
keys Enter
wait_for "Ben #$idb, shared by Ben"
wait_for "canary-rev-ben"
assert_not_contains "$(screen)" "canary-rev-ana"
# a response written there closes the question in the review
keys r
wait_for "your response to Ben"
type_text "canary-rev-response Enough for whom?"
keys C-s
wait_for "THREAD"
keys Escape
wait_for "Everyone who shared with you"
wait_for "Ana #$ida  "
assert_not_contains "$(screen)" "Is this enough?"
keys Escape
wait_for "review: patterns in what Ana shared"
stop_tui

# the review of one supervisee: Enter on an entry opens it. The rows to choose from: log a
# session, Ana's entry, her open question, her review.
J="$T/sam.db"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "review: patterns in what Ana shared"
keys Down Down Down
keys Enter
wait_for "patterns in what was shared by Ana"
down_to "Ana #$ida"
keys Enter
wait_for "Ana #$ida, shared by Ana"
wait_for "canary-rev-ana"
assert_not_contains "$(screen)" "canary-rev-ben"
keys Escape
wait_for "patterns in what was shared by Ana"
keys Escape
wait_for "review: patterns in what Ana shared"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui
# an open question discussed in a logged session Ana came to is no longer open on the
# supervisor's screen either, as in the review
s supervision add --date 2026-11-20 --minutes 60 --with Ana --entry "Ana:$ida" >/dev/null ||
	fail "log a session about Ana's entry"
assert_not_contains "$(s review --shared --from Ana)" "What was the baby telling us?"
J="$T/sam.db"
start_tui 100 40 -- --passphrase-file "$PW"
wait_for "review: patterns in what Ana shared"
wait_for "Inbox: Ana"
assert_not_contains "$(screen)" "asked: What was the baby telling us?"
assert_not_contains "$(screen)" "Open questions Ana asked"
# the session she gave is hers to list, not her own supervision
wait_for "Given to others: 1.0 hours in 1 session"
assert_contains "$(screen)" "Last 12 months: 0.0 hours in 0 sessions"
keys q
wait_for "your reflections"
keys q
wait_for "[exited 0]"
stop_tui
for f in "$T/sam.db" "$T/sam.db-wal"; do no_plaintext "canary-rev" "$f"; done
echo "supervisor review drill-down ok"
