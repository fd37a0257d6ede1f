#!/bin/sh
# tui_home_concern.sh - on the practitioner's own home an entry marked as a safety concern
# carries a mark ('!') beside its first words; another does not.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
echo '{"notice":{"text":"canary-concern a bruise I worried about"},"for_supervision":true,"safety_concern":true}' | r add >/dev/null || fail "add concern"
echo '{"notice":{"text":"canary-plain an ordinary visit"}}' | r add >/dev/null || fail "add plain"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "2 reflections"
assert_contains "$(screen | grep -F canary-concern)" "!S"
assert_not_contains "$(screen | grep -F canary-plain)" "!"
keys q; wait_for "[exited 0]"
stop_tui
echo "a safety concern is marked on the home ok"
