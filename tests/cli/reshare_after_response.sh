#!/bin/sh
# reshare_after_response.sh - an entry answered in its thread can be shared again:
# the thread (the supervisor's name in it) stays beside the entry and is not scanned as what
# goes; the entry's own words still are.
. "$(dirname "$0")/../lib/lib.sh"

X="$T/exchange"
mkdir -p "$X"
a() { "$REFLECT" --journal "$T/ana.db" --passphrase-file "$PW" "$@"; }
s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
a init --kdf interactive >/dev/null 2>&1 || fail "init ana"
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
a id --name Ana >"$T/ana.card"
s id --name Samwise >"$T/sam.card"
a contact add Samwise "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Samwise"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Samwise pins Ana"
id=$(echo '{"notice":{"text":"the baby turned away"},"for_supervision":true}' | a add) || fail "add"
a sync "$X" >/dev/null || fail "Ana syncs"
s sync "$X" >/dev/null || fail "Samwise syncs"
echo "What was she protecting?" | s respond --from Ana "$id" >/dev/null || fail "respond"
s sync "$X" >/dev/null || fail "Samwise sends"
a sync "$X" >/dev/null || fail "Ana receives"
assert_contains "$(a show "$id")" "What was she protecting?"

# shared again (to a file, whatever changed): the thread stays and is no finding
out=$(a share --to Samwise --flagged -o "$T/again.bundle" 2>&1) ||
	fail "sharing an answered entry again was refused: $out"
assert_contains "$out" "Shared 1 entry with Samwise"
assert_contains "$(s receive "$T/again.bundle")" "Nothing changed"
# the entry's own words are still scanned
echo '{"notice":{"text":"Call 07700 900123 about it"},"for_supervision":true}' | a add >/dev/null ||
	fail "add with a phone number"
assert_status 1 a share --to Samwise --flagged -o "$T/phone.bundle"
[ ! -e "$T/phone.bundle" ] || fail "a bundle with a phone number was written"
echo "reshare after a response ok"
