#!/bin/sh
# concurrency.sh - two processes at once, a lock held past the busy timeout, passwd killed
# at random moments: nothing is lost and the journal always opens.
. "$(dirname "$0")/../lib/lib.sh"
new_journal

# Two writers at once: every entry arrives.
( for i in $(seq 1 15); do echo "{\"notice\":{\"text\":\"a $i\"}}" | r add >/dev/null || echo fail >>"$T/fails"; done ) &
( for i in $(seq 1 15); do echo "{\"notice\":{\"text\":\"b $i\"}}" | r add >/dev/null || echo fail >>"$T/fails"; done ) &
wait
[ -f "$T/fails" ] && fail "a concurrent add failed: $(wc -l <"$T/fails")"
# Each text exactly once, ids 1..30 each once (a lost entry replaced by a duplicate fails).
r list | cut -f4 | sort >"$T/texts"
{ for i in $(seq 1 15); do echo "a $i"; echo "b $i"; done; } | sort >"$T/want"
diff -u "$T/want" "$T/texts" || fail "both writers' entries, each once"
assert_eq "$(r list | cut -f1 | sort -n | tr '\n' ' ')" "$(seq 1 30 | tr '\n' ' ')" "ids after concurrent writes"
r check >/dev/null || fail "check after concurrent writes"
snapshot "$T/before.json"

# A lock held past the busy timeout: a clear 'busy', exit 1, and nothing changed.
# The lock is held from when the holder says so until the test releases it (no timed guess).
# wait_file F: until F exists (the holder's signal).
wait_file() { n=300; while [ ! -e "$1" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done; [ -e "$1" ] || fail "no $1"; }
( echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('hold', x'00');"; echo ".shell touch '$T/locked'"
  n=600; while [ ! -e "$T/release" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
  echo "ROLLBACK;" ) | sqlite3 "$J" &
wait_file "$T/locked"
echo '{"notice":{"text":"while busy"}}' | REFLECT_BUSY_TIMEOUT_MS=800 r add >"$T/out" 2>"$T/err"; rc=$?
assert_eq "$rc" "1" "busy exit"
assert_contains "$(cat "$T/err")" "busy"
touch "$T/release"
wait
snapshot "$T/after.json"
same_snapshot "$T/before.json" "$T/after.json" "nothing half-written while busy"
# Waiting out a short lock works.
( echo "BEGIN IMMEDIATE;"; echo ".shell touch '$T/locked2'"; sleep 1; echo "ROLLBACK;" ) | sqlite3 "$J" &
wait_file "$T/locked2"
id=$(echo '{"notice":{"text":"after the wait"}}' | r add) || fail "add after a short lock"
wait
assert_eq "$id" "31" "the id after the wait"
snapshot "$T/before.json"

# passwd killed at random moments: the old or the new passphrase always opens.
cp "$PW" "$T/old"
i=0
while [ $i -lt 25 ]; do
	printf 'new passphrase %s\n' "$i" >"$T/new"
	# the binary itself in the background (not the r function's subshell), so the kill hits it
	"$REFLECT" --journal "$J" --passphrase-file "$PW" passwd --kdf interactive \
		--new-passphrase-file "$T/new" >/dev/null 2>&1 &
	pid=$!
	sleep 0.$(( (i * 37) % 10 ))
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if "$REFLECT" --journal "$J" --passphrase-file "$PW" check >/dev/null 2>&1; then
		:
	elif "$REFLECT" --journal "$J" --passphrase-file "$T/new" check >/dev/null 2>&1; then
		cp "$T/new" "$PW"
	else
		fail "after passwd was killed (round $i) neither passphrase opens the journal"
	fi
	i=$((i + 1))
done
snapshot "$T/after.json"
same_snapshot "$T/before.json" "$T/after.json" "every entry, field by field, after the killed passwd runs"
exit 0
