#!/bin/sh
# review_shared_whose.sh - the review across everyone a supervisor holds names whose every
# item is: an open question is "Ana #1", never "#1" (Ben's entry may carry the same number);
# "holding past moments in mind" names whose entry and looks back over that person's entries
# only; the JSON says the author beside the number. The supervisor's own practice check-in
# never appears in a review of what others shared, nor asks about "your practice".
. "$(dirname "$0")/../lib/lib.sh"

X="$T/exchange"
mkdir -p "$X"
supervision_trio
add() { # who date text question
	echo "{\"visit_date\":\"$2\",\"family\":\"F-1\",\"pause\":{\"activation\":6},\"notice\":{\"text\":\"$3\",\"emotions\":[\"fear\"]},\"curious\":{\"questions\":[\"$4\"]},\"for_supervision\":true}" | $1 add
}
add b 2026-11-02 "the first visit" "what held me back" >/dev/null || fail "add Ben 1"
add a 2026-11-03 "a quiet visit" "what did the baby want" >/dev/null || fail "add Ana 1"
add b 2026-11-04 "the second visit" "where was the father" >/dev/null || fail "add Ben 2"
add a 2026-11-05 "a loud visit" "what was the mother feeling" >/dev/null || fail "add Ana 2"
a sync "$X" >/dev/null || fail "Ana syncs"
b sync "$X" >/dev/null || fail "Ben syncs"
s sync "$X" >/dev/null || fail "Sam syncs"
# the supervisor's own check-in and entry, in her own journal
s practice 3 >/dev/null || fail "Sam's practice check-in"
add s 2026-11-06 "my own visit" "canary sam own question" >/dev/null || fail "add Sam"

out=$(s review --shared --width 100)
assert_contains "$out" "Ana #2 "
assert_contains "$out" "Ben #2 "
assert_contains "$out" "Ana #1 "
assert_contains "$out" "Ben #1 "
assert_not_contains "$out" "  #1 "
assert_not_contains "$out" "  #2 "
# the newest entry is Ana's #2; its past moments are Ana's alone
assert_contains "$out" "Holding past moments in mind (for Ana #2)"
assert_contains "$out" "family F-1 (Ana): Ana #1"
assert_not_contains "$out" "Ben #1 Ana"
assert_not_contains "$out" "for entry #"
# never the supervisor's own check-in, nor "your practice" about others
assert_not_contains "$out" "Practice over time"
assert_not_contains "$out" "your practice"
assert_not_contains "$out" "canary sam own question"
# a number two people shared: --revisit across everyone asks whose
assert_status 1 s review --shared --revisit 1
assert_contains "$(s review --shared --revisit 1 2>&1)" "say whose with --from NAME"
assert_contains "$(s review --shared --from Ben --revisit 1 --width 100)" "(for Ben #1)"
out=$(s review --shared --from Ben --width 100)
assert_contains "$out" "Holding past moments in mind (for Ben #2)"
assert_not_contains "$out" "Practice over time"

# JSON: the author beside the number; the practice check-in is not part of it
s review --shared --format json >"$T/r.json" || fail "review --shared --format json"
python3 - "$T/r.json" <<'PY' || fail "the JSON does not say whose each item is"
import json, sys
r = json.load(open(sys.argv[1]))
qs = [(q["author"], q["entry"], q["text"]) for q in r["open_questions"]]
assert ("Ana", 2, "what was the mother feeling") in qs and ("Ben", 1, "what held me back") in qs, qs
assert all(set(q) >= {"entry", "day", "text", "author"} for q in r["open_questions"])
assert r["revisit"]["author"] == "Ana" and r["revisit"]["entry"] == 2, r["revisit"]
assert r["practice"] is None, r["practice"]
# Ana's family F-1 and Ben's are two families: never one of four visits
fams = [f["family"] for f in r["activation"]["families"]]
assert "F-1" not in fams, fams
PY
# with --ids, every id list of a review across people says whose each id is, beside it
s review --shared --format json --ids >"$T/ids.json" || fail "review --shared --ids"
python3 - "$T/ids.json" <<'PY' || fail "an id list does not say whose its ids are"
import json, sys
r = json.load(open(sys.argv[1]))
fear = [e for e in r["emotions"] if e["name"] == "fear"][0]
assert len(fear["authors"]) == len(fear["ids"]) == 4, fear
assert sorted(zip(fear["authors"], fear["ids"])) == [("Ana", 1), ("Ana", 2), ("Ben", 1), ("Ben", 2)], fear
def walk(o):
    if isinstance(o, dict):
        if "ids" in o and isinstance(o["ids"], list):
            assert len(o.get("authors", [])) == len(o["ids"]), o
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(r)
PY
assert_not_contains "$(s review --format json --ids)" '"authors"'
# one's own review is as it was: no author, the check-in there
own=$(s review --format json)
assert_not_contains "$own" '"author"'
assert_contains "$(s review)" "Practice over time"
echo "shared review names whose each item is ok"
