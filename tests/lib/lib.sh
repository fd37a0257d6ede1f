# lib.sh - helpers for the shell tests: a throwaway journal, assertions.
# Use: . "$(dirname "$0")/../lib/lib.sh"
set -u
# files the tests write (passphrase files among them) are the test's alone: reflect warns about
# a passphrase file others can read
umask 077
REFLECT=${REFLECT:-$(pwd)/build/reflect}
T=$(mktemp -d /tmp/reflect-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_RUNTIME_DIR="$T/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
J="$T/journal.db"
PW="$T/pass"
printf 'correct horse battery\n' >"$PW"

fail() { echo "FAIL: $*" >&2; exit 1; }

# r ARGS...: reflect on the test journal with the test passphrase.
r() { "$REFLECT" --journal "$J" --passphrase-file "$PW" "$@"; }

# new_journal: a fresh journal with fast key settings.
new_journal() { r init --kdf interactive >/dev/null || fail "init failed"; }

assert_eq() { [ "$1" = "$2" ] || fail "${3:-values differ}: expected '$2', got '$1'"; }
assert_contains() { printf '%s' "$1" | grep -qF -- "$2" || fail "${3:-missing text}: '$2' not in: $1"; }
assert_not_contains() { printf '%s' "$1" | grep -qF -- "$2" && fail "${3:-unexpected text}: '$2' in: $1"; return 0; }
# assert_status WANT CMD...: run CMD, check its exit status.
assert_status() {
	want=$1; shift
	"$@" >"$T/.out" 2>"$T/.err"; got=$?
	[ "$got" = "$want" ] || fail "exit $got (wanted $want) from: $* -- $(cat "$T/.err")"
}
# no_plaintext TEXT FILES...: TEXT appears in no byte of FILES.
no_plaintext() {
	text=$1; shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		if grep -qaF -- "$text" "$f"; then fail "plaintext '$text' found in $f"; fi
	done
}
# snapshot FILE: every entry of the test journal, every field with its id, as exported JSON
# (sorted keys, stable): compare two snapshots to see that nothing changed, was lost or doubled.
snapshot() { r export --format json --keep-identifiers >"$1" 2>/dev/null || fail "export for a snapshot failed"; }
# same_snapshot A B WHAT: A and B hold the same entries, field by field.
same_snapshot() { cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -n 40; fail "${3:-the entries changed}"; }; }
# ids_texts: "id<TAB>text" for every entry in the list, by id.
ids_texts() { r list | cut -f1,4 | sort -n; }
# human_day DAY: DAY (YYYY-MM-DD) as reflect shows it to people ("Fri 20 Nov 2026");
# short_day DAY: as the screens' narrow lists show it ("Fri 20 Nov" this year, "20 Nov 2025").
human_day() { date -d "$1" '+%a %-d %b %Y'; }
short_day() {
	if [ "$(date -d "$1" +%Y)" = "$(date +%Y)" ]; then date -d "$1" '+%a %-d %b'; else date -d "$1" '+%-d %b %Y'; fi
}

# supervision_trio: three throwaway journals named Ana, Ben and Sam, used through a(), b() and
# s() (the test passphrase); Ana and Ben pin Sam as their supervisor, Sam pins them both.
supervision_trio() {
	a() { "$REFLECT" --journal "$T/ana.db" --passphrase-file "$PW" "$@"; }
	b() { "$REFLECT" --journal "$T/ben.db" --passphrase-file "$PW" "$@"; }
	s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
	for f in a b s; do $f init --kdf interactive >/dev/null 2>&1 || fail "init $f"; done
	a id --name Ana >"$T/ana.card" || fail "Ana's card"
	b id --name Ben >"$T/ben.card" || fail "Ben's card"
	s id --name Sam >"$T/sam.card" || fail "Sam's card"
	a contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
	b contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ben pins Sam"
	s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"
	s contact add Ben "$T/ben.card" --verified >/dev/null || fail "Sam pins Ben"
}
