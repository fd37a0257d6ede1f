#!/bin/sh
# plain.sh - plain mode with piped answers: a reflection reaches the journal intact.
. "$(dirname "$0")/../lib/lib.sh"
new_journal
printf '%s\n' "Arriving tired, La mamá sonrió" "" "7" "" "宝宝 slept in her arms" \
	"Aabbe wuu dhoolla caddeeyay" "" "tenderness, fear" "" "How does this fit?" "" \
	"What was the baby telling us?" "Who holds the parent?" "" \
	| "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>"$T/err" || fail "plain mode: $(cat "$T/err")"
id=$(cat "$T/out")
assert_eq "$id" "1" "plain mode prints the new id"
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "Arriving tired, La mamá sonrió"'
assert_contains "$out" '"activation": 7'
assert_contains "$out" "宝宝 slept in her arms\\nAabbe wuu dhoolla caddeeyay"
assert_contains "$out" '"tenderness"'
assert_contains "$out" '"fear"'
assert_contains "$out" '"What was the baby telling us?"'
assert_contains "$out" '"Who holds the parent?"'
assert_contains "$out" '"for_supervision": true'
# Field by field: the whole entry is the answers given, and nothing else (written_at: now).
cat >"$T/want.json" <<'JSON'
{
  "entries": [
    {
      "curious": {
        "questions": [
          "What was the baby telling us?",
          "Who holds the parent?"
        ],
        "text": "How does this fit?"
      },
      "for_supervision": true,
      "id": 1,
      "notice": {
        "emotions": [
          "tenderness",
          "fear"
        ],
        "text": "宝宝 slept in her arms\nAabbe wuu dhoolla caddeeyay"
      },
      "pause": {
        "activation": 7,
        "text": "Arriving tired, La mamá sonrió"
      },
      "portfolio": false,
      "written_at": "NOW"
    }
  ],
  "reflect": 1
}
JSON
printf '%s\n' "$out" | sed 's/"written_at": "20[0-9][0-9]-[0-9-]*T[0-9:]*Z"$/"written_at": "NOW"/' >"$T/got.json"
diff -u "$T/want.json" "$T/got.json" || fail "plain mode's entry differs from the answers given"
# Skipping everything saves nothing and says so gently.
printf '\n\n\n\n\n\n' | "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>&1 || fail "empty plain run"
assert_eq "$(r list | wc -l | tr -d ' ')" "1" "an empty reflection is not saved"
# A missing answer at the end of input is simply skipped.
printf 'only a pause\n' | "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" || fail "short input"
assert_eq "$(cat "$T/out")" "2"
# A rating that is not one ("seven") is left out and said on stderr; everything else is kept.
printf '%s\n' "Tired" "" "seven" "" "She laughed" "" "Ternura" "" "" "Why now?" "" \
	| "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>"$T/err" || fail "bad rating: $(cat "$T/err")"
assert_eq "$(cat "$T/out")" "3"
assert_contains "$(cat "$T/err")" "activation rating was not used"
out=$(r export --format json --search "She laughed")
assert_contains "$out" '"text": "Tired"'
assert_contains "$out" '"text": "She laughed"'
assert_not_contains "$out" '"activation"'
# After the questions: the family code, themes matched to the vocabulary, and supervision (no
# wins over the questions).
printf '%s\n' "Pause four" "" "3" "" "Notice four" "" "" "" "Still a question?" "" \
	"F-12" "" "Ghosts in the nursery, my own theme" "" "no" "" \
	| "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>"$T/err" || fail "details: $(cat "$T/err")"
assert_eq "$(cat "$T/out")" "4"
assert_eq "$(cat "$T/err")" ""
out=$(r export --format json --search "Notice four")
assert_contains "$out" '"family": "F-12"'
assert_contains "$out" '"ghosts in the nursery"'
assert_contains "$out" '"my own theme"'
assert_contains "$out" '"for_supervision": false'
# yes marks it even without questions; an answer that is neither is said and the rule decides
printf '%s\n' "Pause five" "" "" "" "" "" "" "" "" "yes" "" \
	| "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>"$T/err" || fail "yes: $(cat "$T/err")"
assert_contains "$(r export --format json --search "Pause five")" '"for_supervision": true'
printf '%s\n' "Pause six" "" "" "" "" "" "Why?" "" "" "" "perhaps" "" \
	| "$REFLECT" --journal "$J" --passphrase-file "$PW" --plain >"$T/out" 2>"$T/err" || fail "perhaps: $(cat "$T/err")"
assert_contains "$(cat "$T/err")" "neither yes nor no"
assert_contains "$(r export --format json --search "Pause six")" '"for_supervision": true'
exit 0
