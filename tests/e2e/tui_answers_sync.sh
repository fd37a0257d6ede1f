#!/bin/sh
# tui_answers_sync.sh - a reflection written as a model's questions (layout = nmc) syncs when
# saved, as one written in the usual steps does: with an exchange folder set, an entry marked
# for supervision goes to the pinned supervisor at once.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

X="$T/exchange"
mkdir -p "$X" "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\nlayout = nmc\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
new_journal
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
r id --name Ana >"$T/ana.card"
s id --name Sam >"$T/sam.card"
r contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"

start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "The NMC reflective account"
type_text "canary-nmc a quiet visit at the door"
# the four parts, the visit date, the family, the domains: then "for supervision"
keys Tab Tab Tab Tab Tab Tab Tab
wait_for "Space to change"
keys Space
keys C-s
wait_for "Synced: 0 came in, 1 went ou"
keys q; wait_for "[exited 0]"
stop_tui
ls "$X" | grep -q . || fail "nothing went to the exchange folder"
s sync "$X" >/dev/null || fail "Sam syncs"
assert_contains "$(s list --shared)" "canary-nmc"
echo "a model's questions sync on save ok"
