#!/bin/sh
# tui_home.sh - the home list: newest first with date, family, first words and themes; j/k and
# arrows; / to search and filter; Enter opens an entry with every step and its responses;
# c changes it, d deletes it after asking; ? shows help.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
add() { printf '%s' "$1" | r add >/dev/null || fail "add failed"; }
add '{"visit_date":"2026-11-01","family":"F-1","pause":{"text":"oldest visit words"},"themes":["culture"]}'
add '{"visit_date":"2026-11-10","family":"F-2","notice":{"text":"middle visit, La mamá sonrió","emotions":["joy"]},"themes":["self-care"],"for_supervision":true,"responses":[{"from":"Supervisor Ana","at":"2026-11-21T10:00:00Z","text":"What did you notice in yourself?"}]}'
add '{"visit_date":"2026-11-20","family":"F-3","pause":{"text":"newest visit words","activation":4},"curious":{"questions":["What was the baby telling us?"]},"themes":["ghosts in the nursery"]}'

start_tui -- --passphrase-file "$PW"
wait_for "3 reflections"
s=$(screen)
# newest first
# days as people read them, never YYYY-MM-DD
assert_not_contains "$s" "2026-11-"
l3=$(printf '%s\n' "$s" | grep -n "$(short_day 2026-11-20)" | cut -d: -f1)
l2=$(printf '%s\n' "$s" | grep -n "$(short_day 2026-11-10)" | cut -d: -f1)
l1=$(printf '%s\n' "$s" | grep -n "$(short_day 2026-11-01)" | cut -d: -f1)
[ "$l3" -lt "$l2" ] && [ "$l2" -lt "$l1" ] || fail "not newest first: $s"
assert_contains "$s" "newest visit words"
assert_contains "$s" "ghosts in the nursery"
assert_contains "$s" "F-2"

# j moves down; Enter opens the selected one
keys j
keys Enter
wait_for "middle visit, La mamá sonrió"
wait_for "Feelings: joy"
wait_for "for supervision"
keys G
wait_for "Responses from supervision"
wait_for "Supervisor Ana"
wait_for "What did you notice in yourself?"
keys Escape
wait_for "3 reflections"
keys k Enter
wait_for "What was the baby telling us?"
wait_for "Activation: 4 of 10"
keys Escape
wait_for "3 reflections"

# search: words (accents do not matter), a theme, no match, back to all
keys /
wait_for "Search:"
type_text "mama"; keys Enter
wait_for "1 of 3"
wait_for "F-2"
assert_not_contains "$(screen)" "F-3"
keys /
keys C-w C-w C-w
type_text 'theme:"ghosts in the nursery"'; keys Enter
wait_for "1 of 3"
wait_for "F-3"
keys /; keys C-w C-w C-w C-w C-w C-w; type_text "since:2026-11-05"; keys Enter
wait_for "2 of 3"
keys /; keys C-w C-w C-w C-w; type_text "nothing-like-this"; keys Enter
wait_for "Nothing matches this search"
keys /; keys C-w C-w C-w C-w; type_text "since:soon"; keys Enter
wait_for "could not be read"
keys Escape
wait_for "3 reflections"

# help
keys ?
wait_for "Help: your reflections"
wait_for "search and filter"
keys q
wait_for "3 reflections"

# change an entry: c opens it in compose; Ctrl-S saves it
snapshot "$T/before.json"
keys G Enter
wait_for "oldest visit words"
keys c
wait_for "changing a reflection"
type_text " and more"
keys C-s
wait_for "Saved and sealed"
keys Enter
wait_for "oldest visit words and more"
# Saved: the journal holds the change in that entry's field, and nothing else changed (the
# other entries and every other field of this one, its id included).
sed 's/"text": "oldest visit words"/"text": "oldest visit words and more"/' "$T/before.json" >"$T/want.json"
cmp -s "$T/before.json" "$T/want.json" && fail "the test's expected export did not change"
snapshot "$T/after.json"
same_snapshot "$T/want.json" "$T/after.json" "the journal after the edit"

# delete asks first; n keeps it, y deletes it
keys d
wait_for "Delete this reflection for good?"
keys n
wait_for "oldest visit words and more"
keys d
wait_for "Delete this reflection for good?"
keys y
wait_for "The reflection was deleted"
wait_for "2 reflections"
keys q
wait_for "[exited 0]"
assert_eq "$(r list | wc -l | tr -d ' ')" "2" "one deleted"
assert_not_contains "$(r export --format json --keep-identifiers)" "oldest visit"
echo "home ok"
