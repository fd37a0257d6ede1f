#!/bin/sh
# tui_reflection.sh - a whole reflection through every step, with text in several scripts,
# reaches the journal intact in every field (checked with `reflect export`); nothing readable
# is left on disk.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "1 Pause"
wait_for "How am I arriving?"
# Pause: the cursor starts in the main text
type_text "La mamá sonrió"
keys Tab; wait_for "not set (Left/Right or 0-9)"
keys Right Right Right Right Right Right Right Right Left   # 0, up to 7, back to 6
wait_for "6, activated"
keys Tab; type_text "shoulders tight, 宝宝 slept"
# Notice
keys C-n; wait_for "What passed between parent and infant?"
type_text "Aabbe wuu dhoolla caddeeyay"
keys Enter; type_text "second line of notice"
keys Tab; type_text "a long gaze 👀"
keys Tab; type_text "my own mother's voice"
keys Tab Enter; wait_for "Type a few letters"
type_text "fear"; keys Space
type_text "tendern"; keys Space
keys +; wait_for "Your own words"
type_text "a quiet ache, ternura"; keys Enter
wait_for "Chosen: fear, tenderness, a quiet ache, ternura"
keys Enter
wait_for "fear, tenderness, a quiet ache, ternura"
# Be Curious
keys C-n; wait_for "I wonder about the parent"
type_text "What was the baby telling us?"
keys Tab; type_text "proud and so tired"
keys Tab; type_text "safe enough to sleep"
keys Tab; type_text "Whose ghost was in the room?"; keys Enter; type_text "¿Qué necesita ella?"
# questions for supervision tick the box by the rule plain mode follows; Space still changes it
keys Tab; wait_for "[x] Bring this to supervision"
keys Space; wait_for "[ ] Bring this to supervision"
keys Space; wait_for "[x] Bring this to supervision"
# and back: nothing is lost
keys C-p; wait_for "a long gaze"
keys C-p; wait_for "La mamá sonrió"
keys C-n C-n C-n
# Details
wait_for "Family code"
keys Tab; type_text "F-12"; keys Enter
keys Right; wait_for "home visit"
keys Tab Right; wait_for "perinatal"
keys Tab Enter; wait_for "reflective lenses"
type_text "ghosts"; keys Space
type_text "implicit"; keys Space
keys Enter
keys Tab Enter; wait_for "Law, Regulation"
type_text "refl"; keys Space; keys Enter
keys Tab Space; wait_for "[x] Keep for my portfolio"
# Summary, then save
keys C-n; wait_for "Before you save"
wait_for "feelings: fear, tenderness, a quiet ache, ternura"
wait_for "2 questions for supervision"
keys Enter
wait_for "Saved and sealed"
wait_for "1 reflection"
wait_for "F-12"
wait_for "Aabbe wuu dhoolla"   # the most telling first words: the Notice text
keys q
wait_for "[exited 0]"

out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "La mamá sonrió"'
assert_contains "$out" '"activation": 6'
assert_contains "$out" '"body": "shoulders tight, 宝宝 slept"'
assert_contains "$out" '"text": "Aabbe wuu dhoolla caddeeyay\nsecond line of notice"'
assert_contains "$out" '"between": "a long gaze 👀"'
assert_contains "$out" '"stirred": "my own mother'"'"'s voice"'
for e in '"fear"' '"tenderness"' '"a quiet ache"' '"ternura"' '"ghosts in the nursery"' \
	'"implicit bias"' '"Reflection"' '"What was the baby telling us?"' \
	'"Whose ghost was in the room?"' '"¿Qué necesita ella?"'; do
	assert_contains "$out" "$e"
done
assert_contains "$out" '"parent": "proud and so tired"'
assert_contains "$out" '"infant": "safe enough to sleep"'
assert_contains "$out" '"family": "F-12"'
assert_contains "$out" '"visit_type": "home visit"'
assert_contains "$out" '"life_stage": "perinatal"'
assert_contains "$out" '"visit_date": "'"$(date +%Y-%m-%d)"'"'
assert_contains "$out" '"for_supervision": true'
assert_contains "$out" '"portfolio": true'
assert_eq "$(r list | wc -l | tr -d ' ')" "1" "one entry"
r check >/dev/null || fail "check after the TUI"

# No plaintext anywhere on disk.
for canary in "sonrió" "dhoolla" "宝宝" "ternura" "Whose ghost" "F-12"; do
	if grep -rqaF --exclude=tmux.sock -- "$canary" "$T"; then
		fail "plaintext '$canary' found on disk: $(grep -rlaF -- "$canary" "$T")"
	fi
done
echo "reflection ok"
