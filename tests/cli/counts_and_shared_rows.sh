#!/bin/sh
# counts_and_shared_rows.sh - two slips found in review: the review's comparison of periods says
# "1 entry", never "1 entries" (English and Spanish); 'reflect list --shared' makes every field
# safe on one line, so a tab or a newline in a supervisee's family code or theme cannot forge a
# row or a column, and themes are shown in the language in force.
. "$(dirname "$0")/../lib/lib.sh"

new_journal
echo '{"visit_date":"2026-11-25","notice":{"text":"a quiet visit"}}' | r add >/dev/null || fail "add"
echo '{"visit_date":"2026-11-05","notice":{"text":"an earlier visit"}}' | r add >/dev/null || fail "add"
echo '{"visit_date":"2026-11-06","notice":{"text":"another earlier visit"}}' | r add >/dev/null || fail "add"
out=$(r review --recent-since 2026-11-20 --earlier-since 2026-11-01 --earlier-until 2026-11-19) ||
	fail "review"
assert_contains "$out" "(1 entry) against"
assert_contains "$out" "(2 entries)"
assert_not_contains "$out" "1 entries"

# a supervisee's entry with a tab and a newline in its family code and a theme
ANA="$T/ana.db"
SAM="$T/sam.db"
X="$T/exchange"
mkdir -p "$X" "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
a() { "$REFLECT" --journal "$ANA" --passphrase-file "$PW" "$@"; }
s() { "$REFLECT" --journal "$SAM" --passphrase-file "$PW" "$@"; }
a init --kdf interactive >/dev/null 2>&1 || fail "init Ana"
s init --kdf interactive >/dev/null 2>&1 || fail "init Sam"
a id --name Ana >"$T/ana.card" || fail "Ana's card"
s id --name Sam >"$T/sam.card" || fail "Sam's card"
a contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"
printf '%s\n' '{"family":"F-7\tforged\n99\tforged row","themes":["ghosts in the nursery","x\ty"],"notice":{"text":"canary-rows the baby slept"},"for_supervision":true}' |
	a add >/dev/null || fail "add Ana"
a sync >/dev/null 2>&1 || fail "Ana syncs"
s sync >/dev/null 2>&1 || fail "Sam syncs"
out=$(s list --shared) || fail "list --shared"
assert_contains "$out" "canary-rows"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "a newline in a field made a row: $out"
# id, day, from, family, first words, themes: six columns, no more
cols=$(printf '%s\n' "$out" | awk -F '\t' '{ print NF }')
assert_eq "$cols" "6" "a tab in a field made a column: $out"
assert_not_contains "$out" "99	forged"
# the same in Spanish (the locale generated when we may; a visible skip otherwise)
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
out=$(LC_ALL=es_ES.UTF-8 LANG=es_ES.UTF-8 r review --recent-since 2026-11-20 \
	--earlier-since 2026-11-01 --earlier-until 2026-11-19) || fail "review in Spanish"
assert_contains "$out" "(1 entrada) frente al"
assert_not_contains "$out" "(1 entradas)"
echo "counts and shared rows ok"
