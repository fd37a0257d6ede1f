#!/bin/sh
# identifiers.sh - 'reflect identifiers': names come from standard input (never argv), are
# sealed, listed with id and kind, de-duplicated loosely, and removed by id.
. "$(dirname "$0")/../lib/lib.sh"

new_journal
printf 'Maya\nJosé García\n\n  \nMAYA\n' | r identifiers add --kind child 2>"$T/err" || fail "add"
assert_contains "$(cat "$T/err")" "Added 2 identifiers; 1 was already on the list."
printf 'Riverside Estate\n' | r identifiers add --kind place 2>/dev/null || fail "add place"
out=$(r identifiers list)
assert_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "identifiers listed"
assert_contains "$out" "	child	Maya"
assert_contains "$out" "	child	José García"
assert_contains "$out" "	place	Riverside Estate"

# Names on the command line are refused, so they never reach shell history or ps.
assert_status 2 r identifiers add Maya
assert_contains "$(cat "$T/.err")" "standard input"
assert_status 2 r identifiers add --kind cousin
assert_status 2 r identifiers frobnicate
assert_status 2 r identifiers remove notanumber

id=$(printf '%s\n' "$out" | awk -F '\t' '$3 == "Maya" { print $1 }')
[ -n "$id" ] || fail "no id for Maya"
r identifiers remove "$id" 2>/dev/null || fail "remove"
assert_not_contains "$(r identifiers list)" "Maya"
assert_status 1 r identifiers remove "$id"
assert_contains "$(cat "$T/.err")" "no identifier"

# Sealed: nothing of them in the journal file.
no_plaintext "Riverside" "$J" "$J-wal" "$J-shm"
no_plaintext "García" "$J" "$J-wal" "$J-shm"
echo "identifiers ok"
