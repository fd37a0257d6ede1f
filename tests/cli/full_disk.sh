#!/bin/sh
# full_disk.sh - no room to write while adding or backing up: exit 1, a message that says the
# entry was not saved, no id printed, and the journal exactly as it was (every entry, field by
# field); once there is room again the same entry saves. The room runs out through a file-size
# limit (RLIMIT_FSIZE, with SIGXFSZ ignored so the write fails with EFBIG instead of killing
# the process), so this runs everywhere, root or not, without mounting anything. The "disk is
# full" wording for a real ENOSPC is tested by check_faults (a VFS reporting SQLITE_FULL) and
# full_disk_tmpfs.sh (a small tmpfs, where mounting is allowed).
. "$(dirname "$0")/../lib/lib.sh"
new_journal
echo '{"notice":{"text":"before the room ran out"},"family":"F-1"}' | r add >/dev/null || fail "first add"
echo '{"notice":{"text":"a second entry"},"themes":["sleep"]}' | r add >/dev/null || fail "second add"
snapshot "$T/before.json"

# limited KIB CMD...: run CMD with files limited to KIB KiB (SIGXFSZ ignored, so write fails).
limited() { ( trap '' XFSZ; ulimit -f "$1"; shift; "$@" ); }
# The shared-memory index needs 32 KiB to open; an entry far larger than the rest of the limit
# cannot be written to the write-ahead log.
big=$(head -c 150000 /dev/zero | tr '\0' 'w')
printf '{"notice":{"text":"written with no room %s"}}\n' "$big" >"$T/big.json"
for kib in 40 64 100; do
	limited $kib "$REFLECT" --journal "$J" --passphrase-file "$PW" add "$T/big.json" >"$T/out" 2>"$T/err"
	rc=$?
	assert_eq "$rc" "1" "exit status with no room ($kib KiB)"
	assert_contains "$(cat "$T/err")" "not saved"
	[ -s "$T/out" ] && fail "an id was printed for an entry that was not saved ($kib KiB)"
	r check >/dev/null 2>&1 || fail "check after running out of room ($kib KiB): $(r check 2>&1)"
	snapshot "$T/after.json"
	same_snapshot "$T/before.json" "$T/after.json" "nothing half-written ($kib KiB)"
done

# With room again, the same input saves, and only it is new.
id=$(r add "$T/big.json") || fail "add after room came back"
assert_eq "$id" "3" "the next id"
assert_eq "$(r list | cut -f1 | sort -n | tr '\n' ' ')" "1 2 3 " "ids after room came back"
r show 3 >"$T/show3" || fail "show 3"
printf 'written with no room %s' "$big" >"$T/want3"
grep -qF -f "$T/want3" "$T/show3" || fail "the entry saved after room came back is not the one given"
r delete --force 3 >/dev/null || fail "delete"
snapshot "$T/after.json"
same_snapshot "$T/before.json" "$T/after.json" "the first two entries after add and delete"

# A backup with no room: exit 1, and no partial file left behind.
mkdir -p "$T/backups"
# 34 KiB: room for the shared-memory index (32 KiB), none for a copy (a new journal is 36 KiB).
limited 34 "$REFLECT" --journal "$J" --passphrase-file "$PW" backup "$T/backups/b.db" >"$T/out" 2>"$T/err"
rc=$?
assert_eq "$rc" "1" "backup exit with no room: $(cat "$T/err")"
[ -z "$(ls -A "$T/backups")" ] || fail "a partial backup was left: $(ls -A "$T/backups")"
r check >/dev/null || fail "check after the failed backup"
snapshot "$T/after.json"
same_snapshot "$T/before.json" "$T/after.json" "the journal after a failed backup"
exit 0
