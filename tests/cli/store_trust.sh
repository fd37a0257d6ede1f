#!/bin/sh
# store_trust.sh - trust in the store from the command line (issue 12): drafts listed and let
# go, ids never given twice, an old row put back named by check, a changed kind stopping a
# redacting export and the identity, a deleted digest row as damage, check --accept, passwd
# keeping the key's cost and rotating the master key.
. "$(dirname "$0")/../lib/lib.sh"
new_journal
SEED="$BUILD/tests/drivers/drafts_seed"
[ -x "$SEED" ] || SEED="$(pwd)/build/tests/drivers/drafts_seed"

# ---- drafts ----
add() { printf '{"written_at":"2026-11-2%sT10:00:00Z","notice":{"text":"%s"}}' "$1" "$2" | r add; }
id1=$(add 0 "first entry") || fail "add"
printf '0 1 0 canary new one\\e]0;owned\\a here\n%s 3 2 changes\\tforged\\e[2J row\n' "$id1" \
	| "$SEED" "$J" "$PW" >"$T/ids" || fail "seeding drafts"
d1=$(sed -n 1p "$T/ids"); d2=$(sed -n 2p "$T/ids")
out=$(r drafts) || fail "drafts"
assert_contains "$out" "$d1	"
assert_contains "$out" "new reflection	Notice	canary new one␛]0;owned␇ here"
assert_contains "$out" "changes to entry #$id1	Details	changes forged␛[2J row"
printf '%s' "$out" | grep -q "$(printf '\033')" && fail "a raw ESC reached the terminal"
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || fail "a draft's text forged a row: $out"
# letting one go needs a yes; from a script --force
assert_status 1 r drafts discard "$d1"
assert_contains "$(cat "$T/.err")" "--force"
assert_contains "$(r drafts)" "canary new one"
assert_status 0 r drafts discard "$d1" --force
out=$(r drafts)
assert_not_contains "$out" "canary new one"
assert_contains "$out" "changes"
assert_status 1 r drafts discard 999 --force
assert_status 2 r drafts discard
assert_status 2 r drafts forget 1

# ---- ids never given twice ----
for i in 1 2 3; do add $i "entry $i" >/dev/null || fail "add"; done
last=$(r list | head -n 1 | cut -f1)
sqlite3 "$J" "ATTACH '$T/old.db' AS o; CREATE TABLE o.e AS SELECT * FROM entries WHERE id = $last;
	CREATE TABLE o.b AS SELECT * FROM entry_bodies WHERE id = $last" || fail "sqlite3"
r delete --force "$last" 2>/dev/null || fail "delete"
new=$(add 5 "after the delete") || fail "add"
[ "$new" -gt "$last" ] || fail "id $new given again (the deleted one was $last)"
assert_status 0 r check
# the old copy of the deleted row put back
sqlite3 "$J" "ATTACH '$T/old.db' AS o; INSERT INTO entries SELECT * FROM o.e;
	INSERT INTO entry_bodies SELECT * FROM o.b" || fail "sqlite3"
assert_status 4 r check
assert_contains "$(cat "$T/.out")" "deleted, added, changed or rolled back"
assert_status 4 r list
# accepting it as it is needs a yes; from a script --yes
assert_status 1 r check --accept
assert_status 0 r check --accept --yes
assert_status 0 r check

# ---- a kind changed to hide the identifiers list and the identity ----
printf 'Maya\n' | r identifiers add --kind child 2>/dev/null || fail "identifiers add"
fp=$(r id --fingerprint) || fail "id"
add 6 "Maya smiled at the baby" >/dev/null || fail "add"
sqlite3 "$J" "UPDATE items SET kind = 'x' WHERE kind = 'identifier'" || fail "sqlite3"
assert_status 4 r export --format txt --redact -o "$T/out.txt"
assert_contains "$(cat "$T/.err")" "identifiers list may be incomplete"
[ -f "$T/out.txt" ] && fail "an export was written from a damaged journal"
assert_status 4 r check
assert_contains "$(cat "$T/.out")" "items"
sqlite3 "$J" "UPDATE items SET kind = 'identifier' WHERE kind = 'x'" || fail "sqlite3"
assert_status 0 r check
idkind=$(sqlite3 "$J" "SELECT kind FROM items WHERE kind LIKE 'ident%' AND kind <> 'identifier' LIMIT 1")
[ -n "$idkind" ] || idkind=$(sqlite3 "$J" "SELECT kind FROM items WHERE kind <> 'identifier' LIMIT 1")
sqlite3 "$J" "UPDATE items SET kind = 'y' WHERE kind = '$idkind'" || fail "sqlite3"
assert_status 4 r id --fingerprint
assert_not_contains "$(cat "$T/.out")" "$fp"
sqlite3 "$J" "UPDATE items SET kind = '$idkind' WHERE kind = 'y'" || fail "sqlite3"
assert_eq "$(r id --fingerprint)" "$fp"

# ---- the digest row deleted: damage, not another file ----
sqlite3 "$J" "DELETE FROM meta WHERE key = 'digest'" || fail "sqlite3"
assert_status 4 r list
assert_status 4 r check
assert_contains "$(cat "$T/.out")" "missing"
assert_status 0 r check --accept --yes
assert_status 0 r list

# ---- check looks at the schema ----
sqlite3 "$J" "CREATE INDEX sneaky ON entries (fp)" || fail "sqlite3"
assert_status 4 r check
assert_contains "$(cat "$T/.out")" "tables or indexes"
sqlite3 "$J" "DROP INDEX sneaky" || fail "sqlite3"
assert_status 0 r check

# ---- passwd keeps the cost, rotates the master key ----
kdf_before=$(sqlite3 "$J" "SELECT hex(substr(value, 1, 16)) FROM meta WHERE key = 'kdf'")
sqlite3 "$J" "ATTACH '$T/keys.db' AS k; CREATE TABLE k.m AS SELECT * FROM meta WHERE key IN ('kdf', 'master')" \
	|| fail "sqlite3"
printf 'a new passphrase\n' >"$T/new"
r passwd --new-passphrase-file "$T/new" 2>/dev/null || fail "passwd"
kdf_after=$(sqlite3 "$J" "SELECT hex(substr(value, 1, 16)) FROM meta WHERE key = 'kdf'")
assert_eq "$kdf_after" "$kdf_before" "the key derivation's cost changed without --kdf"
after=$(printf '{"notice":{"text":"canary written after the change"}}' \
	| "$REFLECT" --journal "$J" --passphrase-file "$T/new" add) || fail "add after passwd"
"$REFLECT" --journal "$J" --passphrase-file "$T/new" check >/dev/null || fail "check after passwd"
# the old key rows and the old passphrase read nothing written after, nor anything re-sealed
sqlite3 "$J" "ATTACH '$T/keys.db' AS k; DELETE FROM meta WHERE key IN ('kdf', 'master');
	INSERT INTO meta SELECT * FROM k.m" || fail "sqlite3"
assert_status 4 r show "$after"
out=$(r export --format json --keep-identifiers 2>/dev/null)
assert_not_contains "$out" "canary written after the change"
assert_not_contains "$out" "first entry"
echo "store trust ok"

# ---- passphrase files ----
printf 'correct horse battery\n' >"$T/open"
chmod 644 "$T/open"
"$REFLECT" --journal "$J" --passphrase-file "$T/open" list >/dev/null 2>"$T/err" || true
assert_contains "$(cat "$T/err")" "can be read by others"
chmod 600 "$T/open"
"$REFLECT" --journal "$J" --passphrase-file "$T/open" list >/dev/null 2>"$T/err" || true
assert_not_contains "$(cat "$T/err")" "can be read by others"
printf 'short\n' >"$T/short"
assert_status 1 "$REFLECT" --journal "$T/other.db" --passphrase-file "$T/short" init --kdf interactive
assert_contains "$(cat "$T/.err")" "shorter than 8 characters"
[ -f "$T/other.db" ] && fail "a journal was made with a short passphrase"
printf 'tiny\n' >"$T/tiny"
assert_status 1 r passwd --new-passphrase-file "$T/tiny"
assert_status 4 r show "$after" # the old passphrase still opens (with the old key rows in place)

# ---- /dev/shm: a killed editor hand-off is swept by any command ----
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	dead=$(sh -c 'echo $$')
	mkdir -p "/dev/shm/reflect-$dead-test" && printf 'canary plaintext\n' >"/dev/shm/reflect-$dead-test/entry.md"
	r list >/dev/null 2>&1 || true
	[ -e "/dev/shm/reflect-$dead-test" ] && fail "a stale hand-off file was left on /dev/shm by 'list'"
fi
echo "store trust files ok"

# ---- the same limits everywhere; strict JSON documents ----
J9="$T/nine.db"
n() { "$REFLECT" --journal "$J9" --passphrase-file "$PW" "$@"; }
n init --kdf interactive >/dev/null || fail "init"
python3 -c "print('[2026-01-01 10:00] Big one'); print('word ' * 300000)" >"$T/big.txt"
assert_status 1 n import --format jrnl "$T/big.txt"
assert_contains "$(cat "$T/.err")" "longer than reflect keeps in one text"
python3 -c "print('[2026-01-01 10:00] Near the limit'); print('word ' * 200000)" >"$T/near.txt"
n import --format jrnl "$T/near.txt" 2>/dev/null || fail "an entry within the limit was refused"
n export --format json --keep-identifiers -o "$T/near.json" 2>/dev/null || fail "export"
J10="$T/ten.db"
"$REFLECT" --journal "$J10" --passphrase-file "$PW" init --kdf interactive >/dev/null || fail "init"
"$REFLECT" --journal "$J10" --passphrase-file "$PW" import --format json "$T/near.json" 2>/dev/null \
	|| fail "reflect's own export did not import back"
printf '{"reflect": 1, "entries": 5}' >"$T/five.json"
assert_status 1 n import --format json "$T/five.json"
assert_contains "$(cat "$T/.err")" '"entries" must be a list of entries'
printf '{"reflect": 1, "garbage": {"a": 1}, "entries": [{"notice": {"text": "smuggled"}}]}' >"$T/garbage.json"
assert_status 1 n import --format json "$T/garbage.json"
assert_contains "$(cat "$T/.err")" "not part of a reflect export"
assert_not_contains "$(n list)" "smuggled"
echo "store trust limits ok"
