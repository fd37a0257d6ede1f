#!/bin/sh
# supervision_cycle.sh - the supervision cycle through an exchange folder: a group bundle each
# member opens, one number on both sides, a thread (a response, the author's reply, the other
# member's view), a safety concern first, bundles that fail left alone, nothing twice.
. "$(dirname "$0")/../lib/lib.sh"

S="$T/sam.db"
B="$T/ben.db"
E="$T/eve.db"
X="$T/exchange"
mkdir -p "$X"
s() { "$REFLECT" --journal "$S" --passphrase-file "$PW" "$@"; }
b() { "$REFLECT" --journal "$B" --passphrase-file "$PW" "$@"; }
e() { "$REFLECT" --journal "$E" --passphrase-file "$PW" "$@"; }

new_journal
for f in s b e; do $f init --kdf interactive >/dev/null || fail "init $f"; done
r id --name "Ana Ruiz" >"$T/ana.card" || fail "id"
s id --name "Sam Okafor" >"$T/sam.card" || fail "id"
b id --name "Ben Ode" >"$T/ben.card" || fail "id"
e id --name "Eve" >"$T/eve.card" || fail "id"
r contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
assert_contains "$(r contact list)" "supervisor"
r contact add Ben "$T/ben.card" --verified >/dev/null || fail "Ana pins Ben"
s contact add Ana "$T/ana.card" --verified >/dev/null || fail "Sam pins Ana"
s contact add Ben "$T/ben.card" --verified >/dev/null || fail "Sam pins Ben"
b contact add Ana "$T/ana.card" --verified >/dev/null || fail "Ben pins Ana"
b contact add Sam "$T/sam.card" --verified >/dev/null || fail "Ben pins Sam"
e contact add Ana "$T/ana.card" --verified >/dev/null || fail "Eve pins Ana"

# roles change later
r contact role Ben supervisor >/dev/null || fail "role"
assert_contains "$(r contact list | grep '^Ben')" "supervisor"
r contact role Ben none >/dev/null || fail "role none"
assert_not_contains "$(r contact list | grep '^Ben')" "supervisor"
assert_status 2 r contact role Ben boss
assert_status 1 r contact role Nobody none

id1=$(echo '{"notice":{"text":"The baby turned away when mum raised her voice"},"curious":{"questions":["What was the baby telling us?"]},"for_supervision":true}' | r add) || fail "add"
id2=$(echo '{"notice":{"text":"Am I burning out?"},"for_supervision":true,"safety_concern":true}' | r add) || fail "add concern"
assert_contains "$(r export --format json)" '"safety_concern": true'

# a group: one bundle every member opens, nobody else
r group add Circle Sam Ben >/dev/null || fail "group add"
assert_contains "$(r group list)" "Circle	Sam, Ben"
assert_status 1 r group add Sam Ben
assert_status 1 r group add Pals Nobody
out=$(r share --to Circle --flagged -o "$T/group.bundle") || fail "share to the group"
assert_contains "$out" "Shared 2 entries with Circle"
no_plaintext "burning" "$T/group.bundle"
assert_contains "$(s receive "$T/group.bundle")" "Received 2 new entries from Ana"
assert_contains "$(b receive "$T/group.bundle")" "Received 2 new entries from Ana"
assert_status 4 e receive "$T/group.bundle"
assert_contains "$(cat "$T/.err")" "addressed to someone else"
# --to A --to B is the same
r share --to Sam --to Ben --entry "$id1" -o "$T/two.bundle" >/dev/null || fail "share --to --to"
out=$(b receive "$T/two.bundle") || fail "Ben receives --to --to"
assert_contains "$out" "Nothing changed: 1 entry from Ana was here already"
s receive "$T/two.bundle" >/dev/null || fail "Sam receives --to --to"

# the safety concern sits at the top of the inbox, marked
first=$(s list --shared | head -n 1)
assert_contains "$first" "Am I burning out?"
assert_contains "$first" "[SAFETY CONCERN]"
assert_contains "$(s show --shared --from Ana "$id2")" "MARKED AS A SAFETY CONCERN"

# one number: Ana's entry 1 is "Ana #1" for Sam and Ben
assert_eq "$(s list --shared | grep 'baby turned' | cut -f1)" "$id1"
assert_eq "$(b list --shared | grep 'baby turned' | cut -f1)" "$id1"

# Sam responds; sync carries it to Ana and to Ben, with Sam's name
echo "I wonder what the turning away protected her from." | s respond --from Ana "$id1" >/dev/null || fail "respond"
out=$(s sync "$X") || fail "Sam syncs"
assert_contains "$out" "Sent 1 message to Ana, Ben."
ls "$X" | grep -q '\.rfb$' || fail "nothing in the folder"
ls -a "$X" | grep -q '\.tmp$' && fail "a temporary file was left"
out=$(r sync "$X") || fail "Ana syncs"
assert_contains "$out" "Received 1 message from Sam."
show=$(r show "$id1")
assert_contains "$show" "RESPONSE from Sam"
assert_contains "$show" "I wonder what the turning away protected her from."
out=$(b sync "$X") || fail "Ben syncs"
assert_contains "$out" "Received 1 message from Sam."
assert_contains "$(b show --shared --from Ana "$id1")" "Sam, "
assert_contains "$(b show --shared --from Ana "$id1")" "protected her from"

# Ana replies in the thread; Sam and Ben see it after Sam's response
echo "Maybe from my own voice rising." | r respond "$id1" >/dev/null || fail "reply"
out=$(r sync "$X") || fail "Ana sends the reply"
assert_contains "$out" "Sent 1 message to Sam, Ben."
s sync "$X" >/dev/null || fail "Sam receives the reply"
thread=$(s show --shared --from Ana "$id1")
assert_contains "$thread" "Ana, "
assert_contains "$thread" "Maybe from my own voice rising."
pos_sam=$(printf '%s\n' "$thread" | grep -n "protected her from" | cut -d: -f1)
pos_ana=$(printf '%s\n' "$thread" | grep -n "my own voice" | cut -d: -f1)
[ "$pos_sam" -lt "$pos_ana" ] || fail "the thread is out of order: $thread"
b sync "$X" >/dev/null || fail "Ben receives the reply"
assert_contains "$(b show --shared --from Ana "$id1")" "Maybe from my own voice rising."
assert_contains "$(r show "$id1")" "Maybe from my own voice rising."

# nothing twice: syncing again brings and sends nothing
assert_contains "$(s sync "$X")" "Nothing came in and nothing was due to go out."
assert_contains "$(r sync "$X")" "Nothing came in and nothing was due to go out."
assert_eq "$(r show "$id1" | grep -c 'RESPONSE from Sam')" "1"

# an entry changed since it was sent goes again; one that did not, does not
id3=$(echo '{"notice":{"text":"A third visit"},"for_supervision":true}' | r add) || fail "add 3"
out=$(r sync "$X") || fail "sync a new entry"
assert_contains "$out" "Sent 1 entry to Sam."
assert_contains "$(s sync "$X")" "Received 1 entry from Ana."
assert_contains "$(s list --shared)" "A third visit"

# the supervisor's own log: a session with its attendees, linked to what they shared; the
# questions of an entry discussed there are no longer open in the review
id4=$(echo '{"notice":{"text":"A fourth visit"},"curious":{"questions":["Whose silence was it?"]},"for_supervision":true}' | r add) || fail "add 4"
r sync "$X" >/dev/null || fail "sync the fourth"
s sync "$X" >/dev/null || fail "Sam receives the fourth"
assert_contains "$(s review --shared --from Ana)" "Whose silence was it?"
assert_status 1 s supervision add --minutes 60 --with Nobody --entry "$id4"
assert_status 1 s supervision add --minutes 60 --with ana --entry 999
s supervision add --minutes 60 --group --with ana --with Ben --entry "$id4" >/dev/null || fail "supervision add --with"
assert_contains "$(s supervision list)" "with Ana, Ben"
# a session the supervisor gave is in her log, never in her own hours
h=$(s supervision hours)
assert_contains "$h" "Supervision you gave (1.0 hours, 1 session with attendees)"
assert_contains "$h" "24 hours: 24.0 hours to go"
assert_not_contains "$(s review --shared --from Ana)" "Whose silence was it?"

# a damaged bundle addressed to Sam is named and left alone, the rest goes on
r share --to Sam --entry "$id3" -o "$T/ok.bundle" >/dev/null || fail "share"
size=$(wc -c <"$T/ok.bundle")
head -c $((size - 30)) "$T/ok.bundle" >"$X/0000damaged.rfb"
assert_status 4 s sync "$X"
assert_contains "$(cat "$T/.err")" "0000damaged.rfb"
assert_contains "$(cat "$T/.err")" "truncated"
[ -f "$X/0000damaged.rfb" ] || fail "the damaged bundle was not left alone"

# the folder from the settings
mkdir -p "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
assert_contains "$(r config)" "exchange    = $X"
r sync >/dev/null || fail "sync through the configured folder"
rm "$XDG_CONFIG_HOME/reflect/config"
assert_status 2 r sync

# the slips
assert_status 1 s show --shared --from Nobody "$id1"
assert_contains "$(cat "$T/.err")" "nothing was shared with you by 'Nobody'"
assert_status 1 s respond --from Nobody "$id1"
r supervision add --minutes 60 --entry "$id1" "$id2" >/dev/null || fail "--entry 1 2"
assert_contains "$(r supervision list)" "$id2"
assert_status 2 r supervision add --minutes 60 --date 2999-01-01
assert_contains "$(cat "$T/.err")" "after today"
exit 0
