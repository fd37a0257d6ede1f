#!/bin/sh
# journal.sh - the sealed journal through its commands: init, add, list, show, delete, export,
# import, passwd, check, backup; exit statuses; nothing readable on disk.
. "$(dirname "$0")/../lib/lib.sh"
CANARY=CANARY-41d9

new_journal
assert_status 1 r init --kdf interactive
assert_contains "$(cat "$T/.err")" "already exists"

# add, with every field, in several scripts
cat >"$T/e1.json" <<JSON
{"written_at": "2026-11-20T16:05:00Z", "visit_date": "2026-11-20", "family": "F-12",
 "visit_type": "home visit", "life_stage": "perinatal",
 "pause": {"text": "arriving $CANARY", "body": "tight chest", "activation": 6},
 "notice": {"text": "La mamá sonrió. 宝宝 slept. Aabbe wuu dhoolla caddeeyay",
            "between": "eyes met", "stirred": "my own mother", "emotions": ["fear", "tenderness"]},
 "curious": {"text": "what next", "parent": "was she tired?", "infant": "was he safe?",
             "questions": ["What was the baby telling us?"]},
 "themes": ["ghosts in the nursery"], "competencies": ["Reflection"],
 "for_supervision": true, "portfolio": false,
 "responses": [{"from": "Ana", "at": "2026-11-21T10:00:00Z", "text": "What did you notice in yourself?"}]}
JSON
id=$(r add "$T/e1.json") || fail "add failed"
assert_eq "$id" "1" "first id"
id2=$(printf '{"written_at":"2026-11-21T09:00:00Z","family":"F-7","notice":{"text":"a calm visit","emotions":["joy"]},"themes":["culture"]}' | r add) || fail "add from stdin"
assert_eq "$id2" "2"

# list: newest first, each line starting with the id
out=$(r list)
assert_eq "$(echo "$out" | head -n 1 | cut -f1)" "2" "newest first"
assert_eq "$(echo "$out" | wc -l | tr -d ' ')" "2"
assert_eq "$(r list --theme 'Ghosts in the nursery' | cut -f1)" "1" "theme filter"
assert_eq "$(r list --emotion joy | cut -f1)" "2" "emotion filter"
assert_eq "$(r list --search 'MAMA SONRIO' | cut -f1)" "1" "accent-insensitive search"
assert_eq "$(r list --flagged | cut -f1)" "1" "flagged"
assert_eq "$(r list --since 2026-11-21 | cut -f1)" "2" "since"
assert_eq "$(r list --limit 1 | wc -l | tr -d ' ')" "1" "limit"
assert_status 2 r list --since yesterday

# show
out=$(r show 1)
assert_contains "$out" "La mamá sonrió"
assert_contains "$out" "Activation: 6 of 10"
assert_contains "$out" "What was the baby telling us?"
assert_status 1 r show 99
assert_status 2 r show abc

# nothing readable on disk
no_plaintext "$CANARY" "$J" "$J-wal" "$J-shm"
no_plaintext "sonri" "$J" "$J-wal" "$J-shm"
no_plaintext "correct horse" "$J" "$J-wal" "$J-shm"

# The export holds every field of the input documents above, field by field (written here by
# hand from those documents: sorted keys, ids and the two flags added, nothing else).
cat >"$T/want.json" <<JSON
{
  "entries": [
    {
      "competencies": [
        "Reflection"
      ],
      "curious": {
        "infant": "was he safe?",
        "parent": "was she tired?",
        "questions": [
          "What was the baby telling us?"
        ],
        "text": "what next"
      },
      "family": "F-12",
      "for_supervision": true,
      "id": 1,
      "life_stage": "perinatal",
      "notice": {
        "between": "eyes met",
        "emotions": [
          "fear",
          "tenderness"
        ],
        "stirred": "my own mother",
        "text": "La mamá sonrió. 宝宝 slept. Aabbe wuu dhoolla caddeeyay"
      },
      "pause": {
        "activation": 6,
        "body": "tight chest",
        "text": "arriving $CANARY"
      },
      "portfolio": false,
      "responses": [
        {
          "at": "2026-11-21T10:00:00Z",
          "from": "Ana",
          "text": "What did you notice in yourself?"
        }
      ],
      "themes": [
        "ghosts in the nursery"
      ],
      "visit_date": "2026-11-20",
      "visit_type": "home visit",
      "written_at": "2026-11-20T16:05:00Z"
    },
    {
      "family": "F-7",
      "for_supervision": false,
      "id": 2,
      "notice": {
        "emotions": [
          "joy"
        ],
        "text": "a calm visit"
      },
      "portfolio": false,
      "themes": [
        "culture"
      ],
      "written_at": "2026-11-21T09:00:00Z"
    }
  ],
  "reflect": 1
}
JSON

# export then import into a new journal gives back every field
r export --format json -o "$T/all.json" 2>"$T/err" || fail "export"
diff -u "$T/want.json" "$T/all.json" || fail "the export differs from the documents that were added"
assert_contains "$(cat "$T/err")" "anyone who has the file"
[ "$(stat -c %a "$T/all.json")" = 600 ] || fail "export file mode is not 0600"
assert_status 1 r export --format json -o "$T/all.json"
"$REFLECT" --journal "$T/second.db" --passphrase-file "$PW" init --kdf interactive 2>/dev/null || fail "init second"
"$REFLECT" --journal "$T/second.db" --passphrase-file "$PW" import --format json "$T/all.json" 2>/dev/null || fail "import"
"$REFLECT" --journal "$T/second.db" --passphrase-file "$PW" export --format json >"$T/again.json" || fail "export again"
# ids are assigned anew; everything else is the same
sed 's/"id": [0-9]*,//' "$T/all.json" >"$T/a"; sed 's/"id": [0-9]*,//' "$T/again.json" >"$T/b"
cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b"; fail "export/import round trip differs"; }
# and the imported journal holds the input documents themselves (a fresh journal: the same ids)
diff -u "$T/want.json" "$T/again.json" || fail "the imported journal differs from the documents that were added"
# importing twice adds nothing
"$REFLECT" --journal "$T/second.db" --passphrase-file "$PW" import --format json "$T/all.json" 2>"$T/err" || fail "import twice"
assert_contains "$(cat "$T/err")" "Imported 0 entries"
assert_eq "$("$REFLECT" --journal "$T/second.db" --passphrase-file "$PW" list | wc -l | tr -d ' ')" "2"

# malformed JSON: line and column, nothing half-imported
printf '[{"family": "X"},\n {"family": "Y",\n  oops}]' >"$T/bad.json"
assert_status 1 r import --format json "$T/bad.json"
assert_contains "$(cat "$T/.err")" "line 3"
assert_contains "$(cat "$T/.err")" "nothing was imported"
printf '[{"family": "X"}, {"pause": {"activation": 12}}]' >"$T/bad2.json"
assert_status 1 r import --format json "$T/bad2.json"
assert_contains "$(cat "$T/.err")" "entry 2"
assert_eq "$(r list | wc -l | tr -d ' ')" "2" "nothing half-imported"

# wrong passphrase: exit 3, kind words
printf 'not it\n' >"$T/wrong"
"$REFLECT" --journal "$J" --passphrase-file "$T/wrong" list >/dev/null 2>"$T/err"; rc=$?
assert_eq "$rc" "3" "wrong passphrase exit"
assert_contains "$(cat "$T/err")" "does not open"
# never from the command line
assert_status 2 "$REFLECT" --journal "$J" --passphrase secret list

# passwd: the new one opens, the old one no longer does
printf 'a brand new passphrase\n' >"$T/new"
r passwd --kdf interactive --new-passphrase-file "$T/new" 2>/dev/null || fail "passwd"
assert_status 3 r list
"$REFLECT" --journal "$J" --passphrase-file "$T/new" list >/dev/null || fail "new passphrase"
cp "$T/new" "$PW"

# check, then tamper with one record: check names it, list still shows the rest
r check >/dev/null || fail "check on an intact journal"
sqlite3 "$J" "UPDATE entries SET meta = substr(meta, 1, 30) || x'00' || substr(meta, 32) WHERE id = 1" || fail "sqlite3"
assert_status 4 r check
assert_contains "$(cat "$T/.out")" "entry 1"
r list >"$T/out" 2>"$T/err"; rc=$?
assert_eq "$rc" "4" "list exit after damage"
assert_eq "$(cut -f1 "$T/out")" "2" "intact entry still listed"
assert_contains "$(cat "$T/err")" "skipped 1 damaged entry"
r export --format json >"$T/out" 2>/dev/null; [ $? = 4 ] || fail "export exit after damage"
assert_contains "$(cat "$T/out")" "a calm visit"

# delete: needs --force from a script
assert_status 1 r delete 2
r delete --force 2 2>/dev/null || fail "delete"
assert_status 1 r show 2

# backup stays sealed and opens
r backup "$T/backup.db" 2>/dev/null || fail "backup"
no_plaintext "a calm visit" "$T/backup.db"
no_plaintext "$CANARY" "$T/backup.db"

# a journal from a newer reflect is refused, unchanged
sqlite3 "$J" "PRAGMA user_version = 99"
assert_status 1 r list
assert_contains "$(cat "$T/.err")" "newer reflect"
exit 0
