#!/bin/sh
# review_shared.sh - a supervisor's review across what a supervisee shared: 'reflect review
# --shared [--from NAME]'; ids are the authors' own numbers, answered entries' questions are discussed.
. "$(dirname "$0")/../lib/lib.sh"

J2="$T/supervisor.db"
s() { "$REFLECT" --journal "$J2" --passphrase-file "$PW" "$@"; }

new_journal
s init --kdf interactive >/dev/null || fail "init supervisor"
r id --name "Ana Ruiz" >"$T/ana.card" || fail "id"
s id --name "Sam Okafor" >"$T/sam.card" || fail "id (supervisor)"
r contact add Sam "$T/sam.card" --verified >/dev/null || fail "contact add Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "contact add Ana"

while IFS= read -r line; do
	[ -n "$line" ] || continue
	printf '%s\n' "$line" | r add >/dev/null || fail "add failed: $line"
done <<'JSON'
{"visit_date":"2026-11-02","family":"F-1","notice":{"text":"The baby turned away","emotions":["fear"]},"curious":{"questions":["What was the baby telling us?"]},"themes":["ghosts in the nursery"],"for_supervision":true}
{"visit_date":"2026-11-03","family":"F-1","notice":{"text":"The baby turned away again","emotions":["fear","sadness"]},"curious":{"questions":["Whose fear was it?"]},"themes":["ghosts in the nursery"],"for_supervision":true}
{"visit_date":"2026-11-04","family":"F-2","notice":{"text":"Sidonie private words","emotions":["joy"]}}
JSON
r share --to Sam --flagged -o "$T/share.bundle" >/dev/null || fail "share"
s receive "$T/share.bundle" >/dev/null || fail "receive"

# The supervisor's own journal has no entries; the shared ones make the review.
assert_contains "$(s review --format json)" '"entries": 0'
out=$(s review --shared --format json --ids) || fail "review --shared"
assert_contains "$out" '"entries": 2'
assert_contains "$out" '"name": "fear"'
assert_not_contains "$out" '"name": "joy"'
assert_contains "$out" "Whose fear was it?"
assert_contains "$out" "What was the baby telling us?"
# Its ids are Ana's own numbers, which 'show --shared' opens.
held=$(s list --shared | grep "turned away again" | cut -f1)
[ -n "$held" ] || fail "no held entry"
assert_contains "$(s show --shared "$held")" "Whose fear was it?"
q=$(printf '%s\n' "$out" | grep -B2 '"text": "Whose fear was it?"' | head -n 1)
assert_contains "$q" "\"entry\": $held,"

assert_contains "$(s review --shared --from Ana --format json)" '"entries": 2'
# Reviewing one supervisee speaks of her by name, never "you".
out=$(s review --shared --from Ana --width 100) || fail "review --shared --from Ana"
assert_contains "$out" "Review of Ana's reflections"
assert_contains "$(s review --shared --from Ana --format json)" '"subject": "Ana"'
# a name nobody shared under is said (issue 13's slips), not an empty review with exit 0
assert_status 1 s review --shared --from Nobody --format json
assert_contains "$(s review --shared --theme "ghosts in the nursery" --format json)" '"entries": 2'

# Once the supervisor has responded to an entry, its question is no longer open.
echo "Let us wonder together." | s respond "$held" >/dev/null || fail "respond"
out=$(s review --shared --format json) || fail "review --shared after responding"
assert_not_contains "$out" "Whose fear was it?"
assert_contains "$out" "What was the baby telling us?"
assert_contains "$(s review --shared)" "Open questions for supervision (1)"
exit 0
