#!/bin/sh
# tui_prompts.sh - an organisation's own prompt set (a plain text file, here the shipped Spanish
# example and a small one in Somali and Chinese) replaces the built-in prompts in the TUI and in
# plain mode, without rebuilding; its feelings are stored as written; a bad file is reported with
# its line, and the built-in prompts are used.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
new_journal
mkdir -p "$XDG_CONFIG_HOME/reflect"
printf 'prompts = %s\n' "$top/doc/prompts.es.txt" >"$XDG_CONFIG_HOME/reflect/config"
out=$(r config)
assert_contains "$out" "the prompt set reads well: Práctica reflexiva en visitas domiciliarias"

# the TUI (English interface) asks the organisation's questions
start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "1 Pausa   2 Observa   3 Ten curiosidad   4 Detalles"
wait_for "Detente. Acepta cómo llegas, sin juzgarte."
wait_for "¿Cómo llego después de esta visita?"
type_text "Llego con el corazón apretado"
keys C-n; wait_for "¿Qué observé en la visita?"
keys Tab Tab Tab Enter; wait_for "estabilidad"
wait_for "[ ] miedo"
type_text "mie"; keys Space; wait_for "[x] miedo"
keys Enter
keys C-s; wait_for "Saved and sealed"
keys q; wait_for "[exited 0]"
stop_tui
json=$(r export --format json --keep-identifiers)
assert_contains "$json" '"Llego con el corazón apretado"'
assert_contains "$(printf '%s' "$json" | tr -d ' \n')" '"emotions":["miedo"]'

# --prompts on the command line wins over the settings; plain mode on a terminal uses it too
cat >"$T/set.txt" <<'SET'
name = Somali and Chinese
[pause]
question = Sidee baad u timid maanta?
[curious]
question = 宝宝在告诉我们什么？
prompt = Maxaa ku soo kordhay?
SET
start_tui -- --passphrase-file "$PW" --prompts "$T/set.txt" --plain
wait_for "What would you like to do?"
type_text "w"; keys Enter
wait_for "Sidee baad u timid maanta?"
type_text "Waan daallanahay"; keys Enter Enter
wait_for "How activated do you feel"
keys Enter
wait_for "What do I notice?"
keys Enter
wait_for "Feelings you notice"
keys Enter
wait_for "宝宝在告诉我们什么？"
wait_for "Maxaa ku soo kordhay?"
keys Enter
wait_for "Questions to bring to supervision"
keys Enter
wait_for "Family code"
keys Enter
wait_for "Themes"
keys Enter
wait_for "Bring it to supervision?"
keys Enter
wait_for "Saved as entry 2."
type_text "q"; keys Enter
wait_for "[exited 0]"
stop_tui
assert_contains "$(r export --format json --keep-identifiers)" '"Waan daallanahay"'

# a bad prompt set: its line is named, and the built-in prompts are used
printf '[pause]\ninvite = fine\nfeelings = sad\n' >"$T/bad.txt"
printf 'prompts = %s\n' "$T/bad.txt" >"$XDG_CONFIG_HOME/reflect/config"
assert_contains "$(r config)" "line 3 of the prompt set: unknown key 'feelings'"
printf 'only a pause\n' | r --plain >/dev/null 2>"$T/err" || fail "plain mode with a bad set"
assert_contains "$(cat "$T/err")" "the prompt set $T/bad.txt, line 3: unknown key 'feelings'"
start_tui -- --passphrase-file "$PW"
wait_for "The prompt set, line 3: unknown key 'feelings'"
keys n
wait_for "How am I arriving?"
keys Escape; wait_for "reflections"
keys q; wait_for "[exited 0]"
stop_tui
printf 'prompts = %s\n' "$T/missing.txt" >"$XDG_CONFIG_HOME/reflect/config"
assert_contains "$(r config)" "the prompt set cannot be read"
echo "prompt sets ok"
