#!/bin/sh
# tui_layout_questions.sh - a layout is also a prompt set: with layout = gibbs (or nmc) in the
# settings, a new reflection in the TUI asks that model's questions, each one skippable; the
# answers are saved on the entry (as plain mode saves them) and the export prints them under
# the model's headings. An entry written in Pause / Notice / Be Curious is still changed as it
# was written.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
mkdir -p "$XDG_CONFIG_HOME/reflect"

# Gibbs
printf 'layout = gibbs\n' >"$XDG_CONFIG_HOME/reflect/config"
start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "Gibbs' reflective cycle"
wait_for "What happened?"
wait_for "What were you thinking and feeling?"
wait_for "What was good and bad about the experience?"
wait_for "What sense can you make of the situation?"
wait_for "What else could you have done?"
wait_for "If it arose again, what would you do?"
type_text "The baby turned away at the door"
keys Tab; type_text "Tense, then tender"
# Evaluation and Analysis are skipped
keys Tab Tab Tab; type_text "I could have waited longer"
keys Tab; type_text "Sit on the floor first"
keys Tab; wait_for "Visit date"
keys Tab; type_text "F-21"
# the details of the classic Details step that a portfolio needs
keys Tab; wait_for "Competency domains"
keys Enter; wait_for "[ ] Reflection"
type_text "Refl"; keys Space; wait_for "[x] Reflection"
keys Enter; wait_for "Reflection"
keys Tab; wait_for "Space to change"
keys Tab; keys Space; wait_for "[x]"
keys C-s; wait_for "Saved and sealed"
keys q; wait_for "[exited 0]"
stop_tui
md=$(r export --format md --keep-identifiers)
assert_contains "$md" "Description"
assert_contains "$md" "The baby turned away at the door"
assert_contains "$md" "Tense, then tender"
assert_contains "$md" "I could have waited longer"
assert_contains "$md" "Sit on the floor first"
assert_contains "$md" "F-21"
printf '%s\n' "$md" | grep -A4 "^#.*Feelings" | grep -qF "Tense, then tender" ||
	fail "the feelings are not under the Gibbs heading: $md"
printf '%s\n' "$md" | grep -A4 "^#.*Action plan" | grep -qF "Sit on the floor first" ||
	fail "the action plan is not under its heading: $md"
assert_not_contains "$md" "Evaluation"
assert_not_contains "$md" "Nothing written"
json=$(r export --format json --keep-identifiers | tr -d ' \n')
assert_contains "$json" '"feelings":"Tense,thentender"'
assert_contains "$json" '"competencies":["Reflection"]'
assert_contains "$json" '"portfolio":true'
assert_contains "$json" '"for_supervision":false'
# so it is in the portfolio, as evidence of its domain
p=$(r export --format md --portfolio --keep-identifiers 2>/dev/null)
assert_contains "$p" "Tense, then tender"
assert_contains "$p" "Reflection: 1 reflection"

# NMC
printf 'layout = nmc\n' >"$XDG_CONFIG_HOME/reflect/config"
start_tui -- --passphrase-file "$PW"
wait_for "F-21"
keys n
wait_for "The NMC reflective account"
wait_for "What did you learn from it?"
wait_for "How my practice changed"
type_text "A mother asked me to come back"
keys Tab Tab; wait_for "How did you change or improve your practice as a result?"
type_text "I now ask before I sit down"
keys C-s; wait_for "Saved and sealed"
keys q; wait_for "[exited 0]"
stop_tui
md=$(r export --format md --keep-identifiers)
assert_contains "$md" "A mother asked me to come back"
printf '%s\n' "$md" | grep -A4 "^#.*How my practice changed" | grep -qF "I now ask before I sit down" ||
	fail "the practice answer is not under the NMC heading: $md"
assert_not_contains "$md" "What I learned"
# every list shows the first words of what was answered
assert_contains "$(r list)" "A mother asked me"

# Kept as a draft, it comes back on its own questions, where it was.
start_tui -- --passphrase-file "$PW"
wait_for "A mother asked me"
keys n; wait_for "The NMC reflective account"
type_text "canary-nmc-draft"; keys Tab
keys Escape; wait_for "Leave this reflection?"
keys k; wait_for "Kept as a sealed draft. Press d to carry on with it."
keys d; wait_for "canary-nmc-draft"
keys Enter; wait_for "What did you learn from it?"
wait_for "canary-nmc-draft"
keys C-s; wait_for "Saved and sealed"
stop_tui
assert_contains "$(r list)" "canary-nmc-draft"

# Changed later, it opens on its own questions with its answers.
start_tui -- --passphrase-file "$PW"
wait_for "canary-nmc-draft"
keys Enter; wait_for "What happened?"
keys c; wait_for "The NMC reflective account"
wait_for "changing a reflection"
wait_for "canary-nmc-draft"
stop_tui

# An entry written as Pause / Notice / Be Curious is changed in its own steps.
id=$(echo '{"notice": {"text": "Written the usual way"}}' | r add) || fail "add"
start_tui -- --passphrase-file "$PW"
wait_for "Written the usual way"
keys Enter; wait_for "Written the usual way"
keys c; wait_for "1 Pause"
stop_tui

# Plain mode on a terminal, in Spanish: the Gibbs questions are introduced in Spanish too.
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
export LANG=es_ES.UTF-8 LC_ALL=es_ES.UTF-8
printf 'layout = gibbs\n' >"$XDG_CONFIG_HOME/reflect/config"
start_tui -- --passphrase-file "$PW" --plain
wait_for "¿Qué te gustaría hacer?"
type_text "e"; keys Enter
wait_for "Lo que omitas está bien: una línea vacía pasa a la siguiente."
wait_for "¿Qué pasó?"
stop_tui
