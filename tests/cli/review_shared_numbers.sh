#!/bin/sh
# review_shared_numbers.sh - two supervisees' entries may carry the same number (Ana #1,
# Ben #1): answering Ana's keeps Ben's question open in the review across everyone.
. "$(dirname "$0")/../lib/lib.sh"

X="$T/exchange"
mkdir -p "$X"
supervision_trio
ida=$(echo '{"notice":{"text":"the baby turned away"},"curious":{"questions":["What was the baby telling us?"]},"for_supervision":true}' | a add) || fail "add Ana"
idb=$(echo '{"notice":{"text":"an ordinary visit"},"curious":{"questions":["Is this enough?"]},"for_supervision":true}' | b add) || fail "add Ben"
[ "$ida" = "$idb" ] || fail "the test needs the same number on both sides ($ida, $idb)"
a sync "$X" >/dev/null || fail "Ana syncs"
b sync "$X" >/dev/null || fail "Ben syncs"
s sync "$X" >/dev/null || fail "Sam syncs"

out=$(s review --shared)
assert_contains "$out" "What was the baby telling us?"
assert_contains "$out" "Is this enough?"
echo "Nothing is lost in the turning away." | s respond --from Ana "$ida" >/dev/null || fail "respond"
out=$(s review --shared)
assert_not_contains "$out" "What was the baby telling us?"
assert_contains "$out" "Is this enough?"
assert_contains "$(s review --shared --from Ben)" "Is this enough?"
assert_not_contains "$(s review --shared --from Ana)" "What was the baby telling us?"
# with both there, a plain number is either's: said, nothing logged; whose it is, said with
# the number, closes that one's question alone and is listed so
assert_status 1 s supervision add --date 2026-11-19 --minutes 60 --group --with Ana --with Ben --entry "$idb"
assert_contains "$(s supervision add --date 2026-11-19 --minutes 60 --group --with Ana --with Ben --entry "$idb" 2>&1)" "say whose"
s supervision add --date 2026-11-19 --minutes 60 --with Ana --with Ben --entry "Ana:$ida" >/dev/null ||
	fail "log a session about Ana's entry"
assert_contains "$(s review --shared)" "Is this enough?"
assert_contains "$(s supervision list)" "entries Ana #$ida"
# two who came together: a group session without --group
assert_contains "$(s supervision list | grep "with Ana, Ben")" "group supervision"
# a session Ben attended about his entry 1 closes his question, not Ana's (already answered)
s supervision add --date 2026-11-20 --minutes 60 --with Ben --entry "$idb" >/dev/null 2>&1 ||
	fail "log a session"
assert_not_contains "$(s review --shared)" "Is this enough?"
# a name nobody shared under is said, not reviewed as nothing; case aside, the name as held
assert_status 1 s review --shared --from Nobody
assert_contains "$(s review --shared --from Nobody 2>&1)" "nothing was shared with you by 'Nobody'"
assert_contains "$(s review --shared --from ben)" "Ben's reflections"
echo "review of shared entries by number ok"
