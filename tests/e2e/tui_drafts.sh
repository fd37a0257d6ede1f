#!/bin/sh
# tui_drafts.sh - every draft is kept: a new reflection kept as a draft, then changes to an
# older entry kept as another; neither replaces the other. Home says how many wait; after a
# restart both are offered, each saying what it is, and each reopens at the step and field the
# person was in.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
printf '{"written_at":"2026-11-20T10:00:00Z","notice":{"text":"canary-old-entry"}}' | r add >/dev/null \
	|| fail "add failed"
start_tui -- --passphrase-file "$PW"
wait_for "1 reflection"
# a new reflection, on Notice, kept as a draft
keys n
wait_for "How am I arriving?"
type_text "canary-draft-one pause"
keys C-n
wait_for "What do I notice?"
type_text "canary-draft-one notice"
keys Escape
wait_for "Leave this reflection?"
keys k
wait_for "Kept as a sealed draft. Press d to carry on with it."
wait_for "1 draft waits"
# changes to the old entry, kept as another draft
keys Enter
wait_for "canary-old-entry"
keys c
wait_for "changing a reflection"
keys C-n
wait_for "canary-old-entry"
keys C-e End
type_text " canary-draft-two"
keys Escape
wait_for "Leave this reflection?"
keys k
wait_for "Kept as a sealed draft"
screen >"$T/after-keep"
grep -q "your reflections" "$T/after-keep" || keys Escape
wait_for "2 drafts wait"
keys q
wait_for "[exited 0]"
stop_tui
for f in "$J" "$J-wal"; do no_plaintext "canary-draft" "$f"; done

out=$(r drafts)
assert_contains "$out" "new reflection"
# a draft's first words by the lists' rule, the most telling: Notice before the arrival text
assert_contains "$out" "canary-draft-one notice"
assert_not_contains "$out" "canary-draft-one pause"
assert_contains "$out" "changes to entry #1"

# both are offered after a restart, each saying which it is
start_tui -- --passphrase-file "$PW"
wait_for "2 reflections you had not finished"
wait_for "a new reflection started"
wait_for "changes to entry #1"
keys 2
wait_for "carry on with it"
keys Enter
# reopened on Notice, where the person was
wait_for "canary-old-entry canary-draft-two"
keys C-s
wait_for "Saved and sealed"
wait_for "1 draft waits"
keys d
wait_for "carry on with it"
# offered with its most telling words (Notice), not the arrival text; the dialog may wrap them
offer=$(screen | sed 's/^[ │]*//; s/[ │]*$//' | tr '\n' ' ')
assert_contains "$offer" "canary-draft-one notice"
assert_not_contains "$offer" "canary-draft-one pause"
keys Enter
wait_for "canary-draft-one notice"
assert_contains "$(screen)" "What do I notice?"
keys C-p
wait_for "canary-draft-one pause"
keys C-s
wait_for "Saved and sealed"
wait_for "2 reflections"
assert_not_contains "$(screen)" "draft wait"
keys q
wait_for "[exited 0]"
stop_tui
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "canary-old-entry canary-draft-two"'
assert_contains "$out" '"text": "canary-draft-one notice"'
assert_eq "$(r drafts)" ""
echo "drafts ok"
