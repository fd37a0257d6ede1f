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
out=$(r export --format json)
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
exit 0
