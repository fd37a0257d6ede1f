#!/bin/sh
# attest.sh - a supervisor's signed statement: 'supervision confirm' writes it into a bundle,
# the practitioner receives it, the log says "confirmed by", the portfolio prints it (name,
# credential, fingerprint, confirmed hours apart from self-reported ones) and embeds it, and
# 'reflect verify' checks it offline: a tampered one (hours, entries, period, summary) is
# refused with exit 4.
. "$(dirname "$0")/../lib/lib.sh"

J2="$T/supervisor.db"
s() { "$REFLECT" --journal "$J2" --passphrase-file "$PW" "$@"; }

new_journal
s init --kdf interactive >/dev/null || fail "init supervisor"
r id --name "Ana Ruiz" >"$T/ana.card" || fail "id"
s id --name "Sam Okafor" >"$T/sam.card" || fail "id (supervisor)"
fpr_sam=$(s id --fingerprint)
r contact add Sam "$T/sam.card" --verified >/dev/null || fail "contact add Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "contact add Ana"

# The practitioner's entries and log; two entries are shared and one answered.
id1=$(echo '{"visit_date": "2026-10-01", "notice": {"text": "First visit."}, "for_supervision": true, "portfolio": true}' | r add) || fail "add 1"
id2=$(echo '{"visit_date": "2026-10-20", "notice": {"text": "Second visit."}, "for_supervision": true, "portfolio": true}' | r add) || fail "add 2"
r supervision add --minutes 60 --date 2026-10-05 >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 90 --date 2026-10-22 --group >/dev/null 2>&1 || fail "supervision add"
r supervision add --minutes 45 --date 2026-10-29 >/dev/null 2>&1 || fail "supervision add"
r share --to Sam --flagged -o "$T/share.bundle" >/dev/null || fail "share"
s receive "$T/share.bundle" >/dev/null || fail "receive share"
item=$(s list --shared --from Ana | grep "Second visit" | cut -f1)
echo "What did you notice in yourself?" | s respond "$item" >/dev/null || fail "respond"

# The supervisor confirms two of the three sessions; the entries discussed default to the
# ones answered.
assert_status 2 s supervision confirm --to Ana -o "$T/conf.bundle"
assert_status 2 s supervision confirm --to Ana --session 2026-13-01:60 -o "$T/conf.bundle"
s supervision confirm --to Ana --since 2026-10-01 --until 2026-10-31 \
	--session 2026-10-05:60 --session 2026-10-22:90:group \
	--credential "IMH-E Infant Mental Health Mentor" -o "$T/conf.bundle" >"$T/out" ||
	fail "confirm: $(cat "$T/out")"
assert_contains "$(cat "$T/out")" "Signed: 2 sessions (2.5 hours)"
assert_contains "$(cat "$T/out")" "1 entry was discussed"
no_plaintext "Mentor" "$T/conf.bundle"

out=$(r receive "$T/conf.bundle") || fail "receive the confirmation"
assert_contains "$out" "Received Sam's signed confirmation"
assert_status 4 r receive "$T/conf.bundle"
log=$(r supervision list)
assert_contains "$(echo "$log" | grep "$(human_day 2026-10-05)")" "confirmed by Sam Okafor"
assert_contains "$(echo "$log" | grep "$(human_day 2026-10-22)")" "confirmed by Sam Okafor"
assert_not_contains "$(echo "$log" | grep "$(human_day 2026-10-29)")" "confirmed"

# The portfolio: the statement on the cover, confirmed hours apart from self-reported.
r export --format md --portfolio --since 2026-10-01 --until 2026-10-31 --name "Ana Ruiz" -o "$T/p.md" 2>/dev/null || fail "md portfolio"
md=$(cat "$T/p.md")
assert_contains "$md" "Sam Okafor, IMH-E Infant Mental Health Mentor"
assert_contains "$md" "$fpr_sam"
assert_contains "$md" "3.25 hours over 3 sessions: 2 one-to-one sessions (1.75 h), 1 group session (1.5 h)"
assert_contains "$md" "Confirmed by a supervisor’s signed statement: 2.5 h over 2 sessions. Self-reported: 0.75 h over 1 session."
assert_contains "$md" "These entries were discussed: $(human_day 2026-10-20)."
assert_contains "$md" "Signed on:** $(date +"%a %-d %b %Y")"
printf "%s\n" "$md" | grep -q "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]" && fail "an ISO day on the portfolio: $md"
r export --format json --portfolio --since 2026-10-01 --until 2026-10-31 -o "$T/p.json" 2>/dev/null || fail "json portfolio"
assert_contains "$(cat "$T/p.json")" '"confirmed_hours": 2.5, "confirmed_sessions": 2'

# verify: offline, no journal needed.
out=$("$REFLECT" verify "$T/p.json") || fail "verify: $out"
assert_contains "$out" "good signature by Sam Okafor, IMH-E Infant Mental Health Mentor, key fingerprint $fpr_sam"
assert_contains "$out" "from 2026-10-01 to 2026-10-31: 2 sessions (2.5 hours, 1 in a group)"
"$REFLECT" verify --fingerprint "$fpr_sam" "$T/p.json" >/dev/null || fail "verify --fingerprint"
assert_status 4 "$REFLECT" verify --fingerprint "$(r id --fingerprint)" "$T/p.json"

# tamper FROM TO: the portfolio with FROM replaced by TO is refused with exit 4.
tamper() {
	sed "s/$1/$2/" "$T/p.json" >"$T/t.json"
	cmp -s "$T/p.json" "$T/t.json" && fail "the tampering '$1' changed nothing"
	assert_status 4 "$REFLECT" verify "$T/t.json"
}
# inside the signed statement: hours, entries, period
tamper ':90}' ':120}'
tamper ':\[2\],' ':[1,2],'
tamper '2026-10-31\\' '2026-12-31\\'
# inside and beside it alike (only the signature can tell)
sed 's/:90}/:120}/; s/"minutes": 150/"minutes": 180/' "$T/p.json" >"$T/t.json"
assert_status 4 "$REFLECT" verify "$T/t.json"
assert_contains "$(cat "$T/.err")" "the signature does not match"
# beside it, what the portfolio shows
tamper '"minutes": 150' '"minutes": 210'
tamper '"from": "2026-10-01", "minutes"' '"from": "2026-09-01", "minutes"'
tamper '"supervisor": "Sam Okafor"' '"supervisor": "Dr Sam Okafor"'
# a portfolio without one
r export --format json -o "$T/plain.json" 2>/dev/null || fail "json"
assert_status 1 "$REFLECT" verify "$T/plain.json"

# The credential kept with the supervisor's identity: sealed in their journal, shown on their
# card, and signed into a confirmation without --credential each time (which still overrides).
assert_status 2 s id --credential "$(printf 'bad\nline')"
s id --credential "IMH-E® Infant Mental Health Mentor (Level 4)" >"$T/sam2.card" || fail "id --credential"
assert_contains "$(cat "$T/sam2.card")" "Reflect contact card for Sam Okafor, IMH-E® Infant Mental Health Mentor (Level 4)"
assert_eq "$(s id --fingerprint)" "$fpr_sam" "the credential changes no key"
no_plaintext "Level 4" "$J2" "$J2-wal"
s supervision confirm --to Ana --since 2026-10-01 --until 2026-10-31 \
	--session 2026-10-29:45 -o "$T/conf2.bundle" >/dev/null || fail "confirm with the kept credential"
r receive "$T/conf2.bundle" >/dev/null || fail "receive the second confirmation"
r export --format md --portfolio --since 2026-10-01 --until 2026-10-31 -o "$T/p2.md" 2>/dev/null || fail "md portfolio 2"
assert_contains "$(cat "$T/p2.md")" "Sam Okafor, IMH-E® Infant Mental Health Mentor (Level 4)"
r export --format json --portfolio --since 2026-10-01 --until 2026-10-31 -o "$T/p2.json" 2>/dev/null || fail "json portfolio 2"
out=$("$REFLECT" verify "$T/p2.json") || fail "verify 2: $out"
assert_contains "$out" "good signature by Sam Okafor, IMH-E® Infant Mental Health Mentor (Level 4), key fingerprint $fpr_sam"
s supervision confirm --to Ana --session 2026-10-29:45 --credential "Reflective Supervisor" \
	-o "$T/conf3.bundle" >/dev/null || fail "confirm with --credential"
r receive "$T/conf3.bundle" >/dev/null || fail "receive the third confirmation"
r export --format json --portfolio -o "$T/p3.json" 2>/dev/null || fail "json portfolio 3"
assert_contains "$("$REFLECT" verify "$T/p3.json")" "good signature by Sam Okafor, Reflective Supervisor, key fingerprint"
# cleared, it is no longer signed in
s id --credential "" >/dev/null || fail "clear the credential"
assert_not_contains "$(s id)" "Level 4"

# A confirmed session the practitioner never logged is in her log all the same, saying so
# and how to add it; one she logged is listed once.
s supervision confirm --to Ana --session 2026-11-03:50:group -o "$T/conf4.bundle" >"$T/out" ||
	fail "confirm a session not logged"
assert_contains "$(cat "$T/out")" "Signed: 1 session (0.8 hours) took place; 1 entry was discussed."
r receive "$T/conf4.bundle" >/dev/null || fail "receive the fourth confirmation"
log=$(r supervision list)
row=$(echo "$log" | grep "$(human_day 2026-11-03)")
assert_contains "$row" "50 min"
assert_contains "$row" "confirmed by Sam Okafor, not in your log"
assert_contains "$row" "reflect supervision add --date 2026-11-03 --minutes 50 --group"
assert_eq "$(echo "$log" | grep -c "$(human_day 2026-10-29)")" "1" "a logged, confirmed session listed once"
echo "attestation ok"
