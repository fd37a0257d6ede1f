#!/bin/sh
# full_disk_tmpfs.sh - a really full disk (ENOSPC on a small tmpfs) while adding or backing up:
# "the disk is full", exit 1, the journal exactly as it was (every entry, field by field); once
# there is space again the same entry saves. Needs the right to mount (root with CAP_SYS_ADMIN);
# skipped where that is refused, as listed in tests/skips.txt. full_disk.sh tests the same
# without mounting anything, so it runs everywhere.
. "$(dirname "$0")/../lib/lib.sh"
D="$T/small"
mkdir -p "$D"
mount -t tmpfs -o size=1m,mode=0700 tmpfs "$D" 2>/dev/null || { echo "cannot mount a small tmpfs here (needs root)"; exit 77; }
trap 'umount "$D" 2>/dev/null; rm -rf "$T"' EXIT
J="$D/journal.db"
new_journal
echo '{"notice":{"text":"before the disk filled"}}' | r add >/dev/null || fail "first add"

# fill SPARE_KB: leave about that much space free (tmpfs counts whole pages).
fill() {
	rm -f "$D/filler"
	dd if=/dev/zero of="$D/filler" bs=4k 2>/dev/null
	if [ "$1" -gt 0 ]; then
		size=$(stat -c %s "$D/filler")
		truncate -s $((size - $1 * 1024)) "$D/filler"
	fi
}

# Completely full, and nearly full (room to open, none to write the entry): both are told.
for spare in ${SPARES:-0 40 56}; do
	snapshot "$T/before.json"
	fill $spare
	echo '{"notice":{"text":"written while the disk was full"}}' | r add >"$T/out" 2>"$T/err"
	rc=$?
	echo "spare $spare KiB: exit $rc $(cat "$T/err")"
	if [ $rc = 0 ]; then
		# Enough room after all: it must really be there.
		assert_contains "$(r export --format json 2>/dev/null)" "written while the disk was full"
		rm -f "$D/filler"
		r delete --force "$(cat "$T/out")" >/dev/null 2>&1 || fail "delete after a fitting add"
		continue
	fi
	assert_eq "$rc" "1" "exit status on a full disk (spare $spare KiB)"
	assert_contains "$(cat "$T/err")" "the disk is full; free some space and try again"
	assert_contains "$(cat "$T/err")" "not saved"
	[ -s "$T/out" ] && fail "an id was printed for an entry that was not saved"
	rm -f "$D/filler"
	r check >/dev/null 2>&1 || fail "check after a full disk (spare $spare KiB): $(r check 2>&1)"
	snapshot "$T/after.json"
	same_snapshot "$T/before.json" "$T/after.json" "nothing half-written (spare $spare KiB)"
done

# With space again, the same input saves.
id=$(echo '{"notice":{"text":"written while the disk was full"}}' | r add) || fail "add after space came back"
assert_eq "$(ids_texts)" "$(printf '1\tbefore the disk filled\n%s\twritten while the disk was full' "$id")" "entries after space came back"

# A backup onto a full disk: a clear message, and no partial file left behind.
snapshot "$T/before-backup.json"
mkdir -p "$D/backups"
fill 0
r backup "$D/backups/b.db" >"$T/out" 2>"$T/err"
rc=$?
assert_eq "$rc" "1" "backup exit on a full disk"
assert_contains "$(cat "$T/err")" "disk is full"
[ -z "$(ls "$D/backups")" ] || fail "a partial backup was left: $(ls "$D/backups")"
rm -f "$D/filler"
r check >/dev/null || fail "check after the failed backup"
snapshot "$T/after.json"
same_snapshot "$T/before-backup.json" "$T/after.json" "the journal after a failed backup"
exit 0
