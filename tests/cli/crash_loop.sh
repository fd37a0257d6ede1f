#!/bin/sh
# crash_loop.sh - writers killed with SIGKILL at random moments, again and again: after every
# kill the journal opens, passes the check, and holds every entry and draft whose save had
# returned. Two lanes run side by side (two journals), ROUNDS kills each (default 100).
. "$(dirname "$0")/../lib/lib.sh"
DRV=${BUILD:-build}/tests/drivers/crash_writer
[ -x "$DRV" ] || DRV=$(pwd)/build/tests/drivers/crash_writer
[ -x "$DRV" ] || fail "the crash_writer driver is not built (make check builds it)"
ROUNDS=${ROUNDS:-100}
SEED=${REFLECT_CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "crash loop: seed $SEED, $ROUNDS rounds in each of 2 lanes"

# lane N: ROUNDS kills on its own journal; prints "kills K acked A" at the end.
lane() {
	n=$1
	j="$T/lane$n.db"
	ack="$T/ack$n"
	seed=$((SEED + n * 7919))
	"$REFLECT" --journal "$j" --passphrase-file "$PW" init --kdf interactive >/dev/null 2>&1 ||
		{ echo "lane $n: init failed"; return 1; }
	: >"$ack"
	kills=0
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
		delay=$(( seed % 200 ))
		early=$(( (seed / 256) % 5 ))
		"$DRV" "$j" "$PW" "$ack" >"$T/out$n" 2>"$T/err$n" &
		pid=$!
		if [ $early = 0 ]; then
			# Any moment at all, even while it opens and checks.
			sleep "0.$(printf '%03d' $((delay + 150)))"
		else
			w=0
			while ! grep -q verified "$T/out$n" 2>/dev/null; do
				if ! kill -0 $pid 2>/dev/null; then break; fi
				w=$((w + 1))
				[ $w -gt 3000 ] && { echo "lane $n round $i: the driver hangs"; kill -9 $pid; return 1; }
				sleep 0.01
			done
			sleep "0.$(printf '%03d' $delay)"
		fi
		if ! kill -9 $pid 2>/dev/null; then
			wait $pid; rc=$?
			echo "lane $n round $i: the journal failed its check after a kill (exit $rc):"
			cat "$T/err$n"
			return 1
		fi
		wait $pid 2>/dev/null
		kills=$((kills + 1))
		if [ $((i % 10)) = 9 ]; then
			# The command a person would run, too.
			"$REFLECT" --journal "$j" --passphrase-file "$PW" check >"$T/chk$n" 2>&1 ||
				{ echo "lane $n round $i: reflect check failed:"; cat "$T/chk$n"; return 1; }
		fi
		i=$((i + 1))
	done
	# A last start verifies what the last kill left.
	"$DRV" "$j" "$PW" "$ack" >"$T/out$n" 2>"$T/err$n" &
	pid=$!
	w=0
	while ! grep -q verified "$T/out$n" 2>/dev/null && kill -0 $pid 2>/dev/null && [ $w -lt 3000 ]; do
		w=$((w + 1)); sleep 0.01
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	grep -q verified "$T/out$n" || { echo "lane $n: final verification failed:"; cat "$T/err$n"; return 1; }
	"$REFLECT" --journal "$j" --passphrase-file "$PW" check >/dev/null 2>&1 ||
		{ echo "lane $n: reflect check failed at the end"; return 1; }
	acked=$(grep -c '^entry ' "$ack")
	listed=$("$REFLECT" --journal "$j" --passphrase-file "$PW" list | wc -l | tr -d ' ')
	[ "$listed" -ge "$acked" ] || { echo "lane $n: $acked entries acknowledged, $listed listed"; return 1; }
	echo "kills $kills acked $acked drafts $(grep -c '^draft ' "$ack")"
}

lane 1 >"$T/lane1" 2>&1 &
p1=$!
lane 2 >"$T/lane2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
cat "$T/lane1" "$T/lane2"
[ $r1 = 0 ] && [ $r2 = 0 ] || fail "a lane failed (seed $SEED)"
kills=$(cat "$T/lane1" "$T/lane2" | awk '/^kills/ {k += $2; a += $4; d += $6} END {print k " kills survived, " a " acknowledged entries and " d " drafts all found"}')
echo "crash loop: $kills"
exit 0
