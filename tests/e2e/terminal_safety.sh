#!/bin/sh
# terminal_safety.sh - an entry (and a shared bundle) holding terminal escapes cannot retitle
# or clear the terminal, nor forge rows: show, list, review, export to a terminal, list --shared,
# show --shared, identifiers, usage echoes. Control characters are shown, never passed through.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
ESC=$(printf '\033')
cat >"$T/hostile.json" <<'JSON'
{"written_at":"2026-11-20T10:00:00Z","family":"F-1\tforged\nrow",
 "notice":{"text":"before \u001b]0;OWNED-TITLE\u0007 middle \u001b[2J after \u202e reversed \u009b1m end"},
 "curious":{"questions":["a \u001b[31mred\u001b[0m question"]},
 "themes":["repair"],"for_supervision":true}
JSON
id=$(r add "$T/hostile.json") || fail "add"
no_raw() { printf '%s' "$1" | grep -q "$ESC" && fail "a raw ESC reached the output of $2"; return 0; }
for cmd in "show $id" "list" "review" "drafts"; do
	# shellcheck disable=SC2086
	out=$(r $cmd 2>&1)
	no_raw "$out" "$cmd"
done
out=$(r list)
assert_contains "$out" "before ␛]0;OWNED-TITLE␇ middle ␛[2J after \\u202e"
assert_contains "$(r show "$id")" "reversed \\u009b1m end"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "a tab or newline in a field forged a row: $out"
assert_contains "$out" "F-1␉forged␤row"
out=$(r show "$id")
assert_contains "$out" "a ␛[31mred␛[0m question"
# an identifier with a tab, a usage error echoing an escape
printf 'Ma\tya\n' | r identifiers add 2>/dev/null || fail "identifiers add"
assert_contains "$(r identifiers list)" "Ma␉ya"
out=$("$REFLECT" --journal "$J" "bad${ESC}[2Jcommand" 2>&1)
no_raw "$out" "a usage message"
assert_contains "$out" "bad␛[2Jcommand"
# a name meant to deceive is refused
r id --name "Ana" >"$T/ana.card" || fail "id"
assert_status 2 r contact add "$(printf 'Sam\342\200\256')" "$T/ana.card"
assert_status 2 r contact add "$(printf 'S\320\260m')" "$T/ana.card"
assert_status 2 r contact add "$(printf 'S\342\200\213am')" "$T/ana.card"

# export to a terminal: the title stays, the screen is not cleared
TUI_ENV="REFLECT_PASSPHRASE_FILE=$PW" start_tui -- export --format txt --keep-identifiers
wait_for "exited 0"
title=$(tm display -p -t $S '#{pane_title}')
assert_not_contains "$title" "OWNED-TITLE"
assert_contains "$(screen)" "OWNED-TITLE"   # shown, as text
assert_contains "$(screen)" "Reflections" # what came before the escape was not cleared away
stop_tui
# ... while export to a file or a pipe stays exact
r export --format txt --keep-identifiers -o "$T/out.txt" 2>/dev/null || fail "export"
grep -q "$ESC" "$T/out.txt" || fail "an export to a file lost the text as written"

# a supervisee's bundle carrying escapes, on the supervisor's side
J2="$T/sup.db"
s() { "$REFLECT" --journal "$J2" --passphrase-file "$PW" "$@"; }
s init --kdf interactive >/dev/null || fail "init"
s id --name "Sam" >"$T/sam.card" || fail "id"
r contact add Sam "$T/sam.card" --verified >/dev/null 2>&1 || r contact add Sam "$T/sam.card" >/dev/null || fail "pin"
s contact add Ana "$T/ana.card" --verified >/dev/null 2>&1 || s contact add Ana "$T/ana.card" >/dev/null || fail "pin ana"
r share --to Sam --entry "$id" --keep-identifiers -o "$T/b.bundle" >/dev/null 2>&1 \
	|| r share --to Sam --entry "$id" -o "$T/b.bundle" >/dev/null 2>&1 || fail "share"
s receive "$T/b.bundle" >/dev/null || fail "receive"
out=$(s list --shared 2>&1)
no_raw "$out" "list --shared"
item=$(printf '%s\n' "$out" | head -n 1 | cut -f1)
out=$(s show --shared "$item" 2>&1)
no_raw "$out" "show --shared"
assert_contains "$out" "␛]0;OWNED-TITLE␇"
echo "terminal safety ok"
