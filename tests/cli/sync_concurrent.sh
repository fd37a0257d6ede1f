#!/bin/sh
# sync_concurrent.sh - a practitioner and a supervisor sync through one exchange folder 50
# times, both at the same moment (two processes), while entries and responses keep being
# written: in the end nothing is lost and nothing is duplicated, compared by content.
. "$(dirname "$0")/../lib/lib.sh"

S="$T/sam.db"
X="$T/exchange"
ROUNDS=${ROUNDS:-50}
mkdir -p "$X"
s() { "$REFLECT" --journal "$S" --passphrase-file "$PW" "$@"; }

new_journal
s init --kdf interactive >/dev/null || fail "init supervisor"
r id --name "Ana" >"$T/ana.card" || fail "id"
s id --name "Sam" >"$T/sam.card" || fail "id"
r contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"

# respond_pending: the supervisor answers every entry that has come in and is not answered yet
# (the ids wait in a file until their entry has arrived)
respond_pending() {
	: >"$T/still"
	for n in $(cat "$T/pending"); do
		if ! echo "response to $n" | s respond --from Ana "$n" >/dev/null 2>"$T/resp.err"; then
			# not arrived yet: nothing from Ana at all, or not this entry
			grep -qE "has shared no entry|nothing was shared with you" "$T/resp.err" ||
				fail "respond $n: $(cat "$T/resp.err")"
			echo "$n" >>"$T/still"
		fi
	done
	mv "$T/still" "$T/pending"
}

: >"$T/pending"
i=1
while [ "$i" -le "$ROUNDS" ]; do
	n=$(printf '{"notice":{"text":"visit number %s"},"for_supervision":true}\n' "$i" | r add) ||
		fail "add $i"
	# both sides at once
	r sync "$X" >"$T/a.out" 2>&1 &
	pa=$!
	s sync "$X" >"$T/s.out" 2>&1 &
	ps=$!
	wait "$pa" || fail "Ana's sync $i: $(cat "$T/a.out")"
	wait "$ps" || fail "Sam's sync $i: $(cat "$T/s.out")"
	echo "$n" >>"$T/pending"
	respond_pending
	i=$((i + 1))
done
# let everything in flight arrive
s sync "$X" >/dev/null || fail "last sync (Sam)"
r sync "$X" >/dev/null || fail "last sync (Ana)"
s sync "$X" >/dev/null || fail "last sync (Sam, 2)"
respond_pending
assert_eq "$(cat "$T/pending")" "" "entries that never reached the supervisor"
s sync "$X" >/dev/null || fail "sending the last responses"
r sync "$X" >/dev/null || fail "receiving the last responses"

# every entry reached the supervisor once, with its text
r list | cut -f1 | sort -n >"$T/ids.ana"
s list --shared --from Ana | cut -f1 | sort -n >"$T/ids.sam"
assert_eq "$(wc -l <"$T/ids.ana" | tr -d ' ')" "$ROUNDS" "Ana's entries"
assert_eq "$(cat "$T/ids.sam")" "$(cat "$T/ids.ana")" "the ids the supervisor holds"
s list --shared --from Ana | cut -f5 | sort >"$T/texts.sam"
i=1
: >"$T/texts.want"
while [ "$i" -le "$ROUNDS" ]; do echo "visit number $i" >>"$T/texts.want"; i=$((i + 1)); done
sort "$T/texts.want" -o "$T/texts.want"
assert_eq "$(cat "$T/texts.sam")" "$(cat "$T/texts.want")" "the texts the supervisor holds"
# every entry has exactly one response, the one written for it
r export --format json --keep-identifiers >"$T/all.json" 2>/dev/null || fail "export"
grep -o '"text": "response to [0-9]*"' "$T/all.json" | sed 's/.*response to //; s/"//' | sort -n >"$T/answered"
assert_eq "$(cat "$T/answered")" "$(cat "$T/ids.ana")" "the responses Ana holds, each once"
# and nothing is left half-written in the folder
ls -a "$X" | grep -q '\.tmp$' && fail "a temporary file was left"
exit 0
