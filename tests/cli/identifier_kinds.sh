#!/bin/sh
# identifier_kinds.sh - every kind of identifier ('identifiers add --kind K' for each kind the
# manual lists) is refused unredacted and redacted in an export: family members by the family
# code, places and others by [redacted]. One name per kind, so a skipped kind shows.
. "$(dirname "$0")/../lib/lib.sh"
new_journal
for kn in child:Abena parent:Bartholomew carer:Cordelia name:Dmitri place:Elmstead other:Fennimore; do
	printf '%s\n' "${kn#*:}" | r identifiers add --kind "${kn%%:*}" 2>/dev/null || fail "identifiers add --kind ${kn%%:*}"
done
out=$(r identifiers list)
for kn in child:Abena parent:Bartholomew carer:Cordelia name:Dmitri place:Elmstead other:Fennimore; do
	assert_contains "$out" "	${kn%%:*}	${kn#*:}" "identifier of kind ${kn%%:*} listed"
done
echo '{"family":"F-3","notice":{"text":"Abena, Bartholomew, Cordelia, Dmitri, Elmstead, Fennimore"},"portfolio":true}' |
	r add >/dev/null || fail "add"
assert_status 1 r export --format txt -o "$T/plain.txt"
for n in Abena Bartholomew Cordelia Dmitri Elmstead Fennimore; do
	assert_contains "$(cat "$T/.err")" "$n" "the refusal names what it found"
done
[ -e "$T/plain.txt" ] && fail "an unredacted export was written"
for fmt in txt md html json; do
	r export --format "$fmt" --redact -o "$T/red.$fmt" 2>/dev/null || fail "export --redact $fmt"
	for n in Abena Bartholomew Cordelia Dmitri Elmstead Fennimore; do
		grep -qF "$n" "$T/red.$fmt" && fail "identifier '$n' left in the $fmt export"
	done
done
assert_contains "$(cat "$T/red.txt")" "[F-3], [F-3], [F-3], [F-3], [redacted], [redacted]"
exit 0
