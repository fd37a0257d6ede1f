#!/bin/sh
# leaks.sh - nothing a person wrote is left in plaintext anywhere: after a session of adds,
# exports to stdout, plain-mode writing and draft saves, a canary is in no byte of the journal,
# its -wal and -shm, $TMPDIR, /tmp or /dev/shm; the process cannot dump core and is not
# dumpable; a crash after unlocking leaves no core file.
. "$(dirname "$0")/../lib/lib.sh"
B=${BUILD:-build}
CANARY="CANARY-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
touch "$T/start"
new_journal

# Adds with the canary in every field a person fills.
for i in 1 2 3; do
	cat >"$T/in.json" <<JSON
{"visit_date":"2026-11-2$i","family":"F-$CANARY","visit_type":"home $CANARY","life_stage":"infant $CANARY",
 "pause":{"text":"pause $CANARY $i","activation":5},"notice":{"text":"notice $CANARY","emotions":["e $CANARY"]},
 "curious":{"text":"curious $CANARY","questions":["q $CANARY"]},"themes":["t $CANARY"],"competencies":["c $CANARY"],
 "responses":[{"from":"S $CANARY","at":"2026-11-22T10:00:00Z","text":"r $CANARY"}]}
JSON
	r add <"$T/in.json" >/dev/null || fail "add $i"
	rm -f "$T/in.json" # the test's own input file, not reflect's doing
done
# Exports to stdout are read through a pipe and never touch the disk.
n=$(r export --format json --keep-identifiers | grep -c "$CANARY")
[ "$n" -gt 0 ] || fail "the export does not hold the entries"
r show 1 | grep -q "$CANARY" || fail "show does not print the entry"
r list | grep -q . || fail "list prints nothing"
# Plain mode.
printf '%s\n' "plain $CANARY" "" "4" "" "noticed $CANARY" "" "" "wonder $CANARY" "" "" |
	r --plain >/dev/null 2>&1 || fail "plain mode"
# Drafts (and more entries), saved by a writer that is then killed.
"$B/tests/drivers/crash_writer" "$J" "$PW" "$T/ack" "$CANARY" >"$T/cw.out" 2>"$T/cw.err" &
pid=$!
w=0
while ! grep -q verified "$T/cw.out" && [ $w -lt 1000 ]; do w=$((w + 1)); sleep 0.01; done
sleep 0.5
# While the writer is running, the WAL holds the newest pages: still sealed.
no_plaintext "$CANARY" "$J" "$J-wal" "$J-shm"
kill -9 $pid
wait $pid 2>/dev/null
grep -q '^draft ' "$T/ack" || fail "the writer saved no draft: $(cat "$T/cw.err")"
rm -f "$T/ack" "$T/cw.out" "$T/cw.err"
r check >/dev/null || fail "check after the session"
no_plaintext "$CANARY" "$J" "$J-wal" "$J-shm"

# Every file written anywhere we look since the test began.
for dir in "$TMPDIR" /tmp /dev/shm; do
	[ -d "$dir" ] || continue
	find "$dir" -xdev -type f -newer "$T/start" -size -64M 2>/dev/null >"$T/files"
	while IFS= read -r f; do
		case "$f" in "$T/files" | "$T/start") continue ;; esac
		if grep -qaF -- "$CANARY" "$f" 2>/dev/null; then fail "plaintext found in $f"; fi
	done <"$T/files"
done
echo "no canary in the journal, its WAL and shm, \$TMPDIR, /tmp or /dev/shm"

# The hardening rcrypto_init applies.
h=$("$B/tests/drivers/hardening")
assert_eq "$h" "dumpable 0 core 0/0 umask 077" "process hardening"

# A crash after unlocking leaves no core file, even with core dumps allowed by the shell.
mkdir -p "$T/crash"
mkfifo "$T/fifo"
(
	cd "$T/crash" || exit 1
	ulimit -c unlimited 2>/dev/null
	exec "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain <"$T/fifo" >/dev/null 2>&1
) &
pid=$!
exec 9>"$T/fifo" # hold the answers open: reflect waits, unlocked, with a text in memory
printf 'pause %s\n' "$CANARY" >&9
sleep 1.5
grep -q '^Max core file size *0 *0' "/proc/$pid/limits" ||
	fail "a running reflect may dump core: $(grep 'core' "/proc/$pid/limits")"
kill -SEGV $pid
wait $pid 2>/dev/null
exec 9>&-
if ls "$T/crash" | grep -q .; then fail "a core file was left: $(ls "$T/crash")"; fi
# The control: the same shell setup does leave a core for a process that did not forbid it.
pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
case "$pattern" in
core*)
	( cd "$T/crash" && ulimit -c unlimited 2>/dev/null && exec sh -c 'kill -SEGV $$' ) 2>/dev/null
	if ls "$T/crash" | grep -q core; then
		echo "control: an ordinary process dumped core there; reflect did not"
	else
		echo "control: no core even for an ordinary process here (limits of this machine)"
	fi
	;;
*) echo "core_pattern is '$pattern': core files would not land in the working directory" ;;
esac
exit 0
