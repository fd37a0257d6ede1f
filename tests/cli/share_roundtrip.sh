#!/bin/sh
# share_roundtrip.sh - two journals exchange cards, a share and a response through the commands;
# bad bundles are refused with exit 4 and change nothing.
. "$(dirname "$0")/../lib/lib.sh"

J2="$T/supervisor.db"
J3="$T/other.db"
s() { "$REFLECT" --journal "$J2" --passphrase-file "$PW" "$@"; }
o() { "$REFLECT" --journal "$J3" --passphrase-file "$PW" "$@"; }

new_journal
s init --kdf interactive >/dev/null || fail "init supervisor"
o init --kdf interactive >/dev/null || fail "init other"

# cards and fingerprints
r id --name "Ana Ruiz" >"$T/ana.card" || fail "id"
s id --name "Sam Okafor" >"$T/sam.card" || fail "id (supervisor)"
o id --name "Sam Okafor" >"$T/impostor.card" || fail "id (other)"
assert_contains "$(cat "$T/ana.card")" "-----BEGIN REFLECT CONTACT-----"
fpr_ana=$(r id --fingerprint)
fpr_sam=$(s id --fingerprint)
echo "$fpr_ana" | grep -Eq '^([0-9A-HJKMNP-TV-Z]{4} ){7}[0-9A-HJKMNP-TV-Z]{4}$' || fail "fingerprint shape: $fpr_ana"
assert_contains "$(cat "$T/ana.card")" "$fpr_ana"

# the practitioner pins the supervisor unverified, then verifies what was read aloud
out=$(r contact add Sam "$T/sam.card") || fail "contact add"
assert_contains "$out" "Not verified yet"
assert_status 1 r contact verify Sam --fingerprint "AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH"
r contact verify Sam --fingerprint "$(echo "$fpr_sam" | tr 'A-Z ' 'a-z-')" >/dev/null || fail "verify"
assert_contains "$(r contact list)" "verified"
# the supervisor pins the practitioner from standard input, verified in person
s contact add Ana - --verified <"$T/ana.card" >/dev/null || fail "contact add from stdin"
assert_status 1 s contact add Ana2 "$T/ana.card"

# entries: one flagged for supervision, one private
id1=$(echo '{"notice":{"text":"The baby turned away when mum raised her voice","emotions":["fear"]},"curious":{"questions":["What was the baby telling us?"]},"themes":["ghosts in the nursery"],"for_supervision":true}' | r add) || fail "add"
id2=$(echo '{"notice":{"text":"Sidonie private words"}}' | r add) || fail "add 2"

assert_status 2 r share --to Sam -o "$T/x.bundle"
assert_status 1 r share --to Nobody --flagged -o "$T/x.bundle"
r share --to Sam --flagged -o "$T/share1.bundle" >"$T/out" || fail "share: $(cat "$T/out")"
assert_contains "$(cat "$T/out")" "Shared 1 entry with Sam"
no_plaintext "baby" "$T/share1.bundle"
no_plaintext "Ana Ruiz" "$T/share1.bundle"
assert_status 1 r share --to Sam --flagged -o "$T/share1.bundle"

# the supervisor receives it
out=$(s receive "$T/share1.bundle") || fail "receive"
assert_contains "$out" "Received 1 new entry from Ana"
assert_status 4 s receive "$T/share1.bundle"
assert_contains "$(cat "$T/.err")" "received already"
list=$(s list --shared --from Ana)
assert_contains "$list" "The baby turned away"
assert_not_contains "$list" "Sidonie"
assert_status 1 s list --shared --from Nobody
assert_contains "$(cat "$T/.err")" "nothing was shared with you by 'Nobody'"
# --from matches names case aside; ids are the author's own numbers, on both sides
assert_contains "$(s list --shared --from ana)" "The baby turned away"
assert_eq "$(s list)" ""
item=$(echo "$list" | cut -f1)
assert_eq "$item" "$id1" "the supervisor knows the entry by Ana's number"
assert_contains "$(s show --shared "$item")" "What was the baby telling us?"
assert_contains "$(s show --shared --from ana "$item")" "Ana #$id1, shared by Ana"
assert_status 1 s show "$item"
assert_contains "$(cat "$T/.err")" "reflect show --shared --from 'Ana' $id1"
no_plaintext "turned away" "$J2" "$J2-wal"

# the supervisor answers and sends the answer back
echo "I wonder what the turning away protected her from." | s respond "$item" >/dev/null || fail "respond"
assert_contains "$(s list --shared)" "[1 response]"
assert_contains "$(s show --shared "$item")" "not sent yet"
s share --responses --to Ana -o "$T/resp1.bundle" >/dev/null || fail "share responses"
assert_not_contains "$(s show --shared "$item")" "not sent yet"
assert_contains "$(s show --shared "$item")" "You, "
assert_status 1 s share --responses --to Ana -o "$T/resp2.bundle"
no_plaintext "protected" "$T/resp1.bundle"

out=$(r receive "$T/resp1.bundle") || fail "receive responses"
assert_contains "$out" "Received 1 message from Sam"
show=$(r show "$id1")
assert_contains "$show" "RESPONSE from Sam"
assert_contains "$show" "I wonder what the turning away protected her from."
assert_not_contains "$(r show "$id2")" "RESPONSE"
assert_contains "$(r export --format json --keep-identifiers)" "I wonder what the turning away protected her from."
assert_status 4 r receive "$T/resp1.bundle"

# sharing runs the export's de-identification scan before sealing: it stops and shows where,
# or replaces (--redact), or keeps as asked; nothing identifying reaches the supervisor unasked
printf 'Jaylen Okafor\n' | r identifiers add --kind child 2>/dev/null || fail "identifiers add"
id3=$(echo '{"family":"F-07","notice":{"text":"Jaylen held Keisha close; call 415-555-0132."}}' | r add) || fail "add 3"
assert_status 1 r share --to Sam --entry "$id3" -o "$T/named.bundle"
[ ! -e "$T/named.bundle" ] || fail "a refused share wrote a bundle"
assert_contains "$(cat "$T/.err")" "entry $id3, notice.text: \"Jaylen\""
assert_contains "$(cat "$T/.err")" "\"Keisha\""
assert_contains "$(cat "$T/.err")" "--redact"
assert_status 2 r share --to Sam --entry "$id3" --redact --keep-identifiers -o "$T/named.bundle"
r share --to Sam --entry "$id3" --redact -o "$T/named.bundle" >"$T/out" 2>"$T/err" || fail "share --redact: $(cat "$T/err")"
assert_contains "$(cat "$T/err")" "Replaced 3 identifying details"
out=$(s receive "$T/named.bundle") || fail "receive the redacted share"
item3=$(s list --shared --from Ana | grep F-07 | cut -f1)
shown=$(s show --shared "$item3")
assert_contains "$shown" "[child F-07] held [name] close; call [phone]."
assert_not_contains "$shown" "Jaylen"
assert_not_contains "$shown" "Keisha"
assert_not_contains "$shown" "0132"
# (the identifiers list itself never travels)
no_plaintext "Okafor" "$J2" "$J2-wal"

# damaged, misaddressed, unknown and changed senders: exit 4, nothing imported
before=$(s list --shared | wc -l)
out=$(r share --to Sam --entry "$id1" "$id2" --keep-identifiers -o "$T/two.bundle") || fail "share two by id"
assert_contains "$out" "Shared 2 entries"
r share --to Sam --entry "$id2" --keep-identifiers -o "$T/share2.bundle" >/dev/null || fail "share by id"
size=$(wc -c <"$T/share2.bundle")
head -c $((size - 30)) "$T/share2.bundle" >"$T/cut.bundle"
assert_status 4 s receive "$T/cut.bundle"
assert_contains "$(cat "$T/.err")" "truncated"
assert_contains "$(cat "$T/.err")" "Nothing was imported"
cp "$T/share2.bundle" "$T/flip.bundle"
printf '\001' | dd of="$T/flip.bundle" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
assert_status 4 s receive "$T/flip.bundle"
assert_contains "$(cat "$T/.err")" "altered"
assert_status 4 o receive "$T/share2.bundle"
assert_contains "$(cat "$T/.err")" "addressed to someone else"
o contact add Sam "$T/sam.card" >/dev/null || fail "other pins Sam"
echo '{"notice":{"text":"x"},"for_supervision":true}' | o add >/dev/null
o share --to Sam --flagged -o "$T/o.bundle" >/dev/null 2>&1 || fail "other shares"
assert_status 4 s receive "$T/o.bundle"
assert_contains "$(cat "$T/.err")" "not one of your contacts"
assert_eq "$(s list --shared | wc -l)" "$before" "nothing imported"
s receive "$T/share2.bundle" >/dev/null || fail "the intact bundle"

# a changed card for a pinned name is refused until verified again
assert_status 4 r contact add Sam "$T/impostor.card"
assert_contains "$(cat "$T/.err")" "has changed"
assert_contains "$(r contact list)" "card changed"
assert_status 4 r share --to Sam --flagged -o "$T/y.bundle"
fpr_new=$(o id --fingerprint)
r contact verify Sam --fingerprint "$fpr_new" >/dev/null || fail "verify the new card"
assert_not_contains "$(r contact list)" "card changed"

# the supervision log and its hours
r supervision add --minutes 60 --provider "Dr Kim" --endorsement "IMH Mentor" --entry "$id1" >/dev/null || fail "supervision add"
r supervision add --minutes 90 --group --consultant >/dev/null || fail "supervision add group"
r supervision add --minutes 45 --peer >/dev/null || fail "supervision add peer"
assert_status 2 r supervision add --minutes 0
assert_status 1 r supervision add --minutes 30 --entry 999
hours=$(r supervision hours)
assert_contains "$hours" "2.5 hours"
assert_contains "$hours" "24 hours: 21.5 hours to go"
assert_contains "$hours" "50 hours: 47.5 hours to go"
assert_contains "$hours" "Peer supervision does not count"
assert_contains "$hours" "0.8 hours of peer supervision"
assert_contains "$(r supervision hours --years 2)" "(2 years)"
assert_status 2 r supervision hours --years 3
assert_contains "$(r supervision list)" "Dr Kim (IMH Mentor)"
no_plaintext "Dr Kim" "$J" "$J-wal"
exit 0
