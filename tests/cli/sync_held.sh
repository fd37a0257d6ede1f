#!/bin/sh
# sync_held.sh - an entry marked for supervision that holds identifying details is held back
# by 'reflect sync' with words that say so: who it did not go to, which entry, and how to
# settle it; never "nothing was due to go out" and "the file was refused". Once settled, it
# goes.
. "$(dirname "$0")/../lib/lib.sh"

X="$T/exchange"
mkdir -p "$X"
s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
new_journal
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
r id --name Ana >"$T/ana.card"
s id --name Sam >"$T/sam.card"
r contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"
id=$(echo '{"notice":{"text":"Marisol held the baby close"},"for_supervision":true}' | r add) ||
	fail "add"

assert_status 1 r sync "$X"
err=$(r sync "$X" 2>&1 >/dev/null)
out=$(r sync "$X" 2>/dev/null)
assert_contains "$err" "nothing went to Sam"
assert_contains "$err" "in entry $id"
assert_contains "$err" "reflect share --to Sam --flagged -o FILE"
assert_not_contains "$err" "the file was refused"
assert_not_contains "$out" "Nothing came in and nothing was due to go out."
[ -z "$(ls "$X")" ] || fail "something went to the exchange folder"

# settled: a word that is no name here; then it goes
r identifiers allow Marisol >/dev/null || fail "allow"
out=$(r sync "$X") || fail "sync after settling"
assert_contains "$out" "Sent 1 entry to Sam."
s sync "$X" >/dev/null || fail "Sam syncs"
assert_contains "$(s list --shared)" "Marisol held the baby close"
echo "sync holds back identifying details ok"
