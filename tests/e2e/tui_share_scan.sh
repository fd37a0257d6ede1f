#!/bin/sh
# tui_share_scan.sh - sharing from the TUI runs the de-identification scan of 'reflect share':
# the supervision screen's W (write the marked entries to a bundle file) stops when a marked
# entry names someone on the identifiers list, or someone nobody listed, and writes nothing;
# once the entry names nobody, the bundle is written.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

a() { "$REFLECT" --journal "$T/ana.db" --passphrase-file "$PW" "$@"; }
s() { "$REFLECT" --journal "$T/sam.db" --passphrase-file "$PW" "$@"; }
a init --kdf interactive >/dev/null 2>&1 || fail "init ana"
s init --kdf interactive >/dev/null 2>&1 || fail "init sam"
a id --name Ana >"$T/ana.card"
s id --name Sam >"$T/sam.card"
a contact add Sam "$T/sam.card" --verified --supervisor >/dev/null || fail "Ana pins Sam"
printf 'Jaylen Okafor\n' | a identifiers add --kind child 2>/dev/null || fail "identifiers add"
id=$(echo '{"notice":{"text":"canary-scan Okafor held the baby close"},"for_supervision":true}' | a add) ||
	fail "add"

# W: refused, nothing written
refused_share() {
	start_tui 100 30 -- --passphrase-file "$PW"
	wait_for "1 reflection"
	keys s
	wait_for "Marked for supervision"
	keys W
	wait_for "Something identifying is in what would go"
	quit_from_supervision
	stop_tui
	ls "$T" | grep -q bundle && fail "a refused share wrote a bundle"
}

# on a listed name
J="$T/ana.db"
refused_share

# a name nobody listed stops it too
a delete "$id" --force >/dev/null 2>&1 || fail "delete"
id=$(echo '{"notice":{"text":"canary-scan I sat with Zorblatina and the baby"},"for_supervision":true}' |
	a add) || fail "add"
refused_share

# named by no one: written
a delete "$id" --force >/dev/null 2>&1 || fail "delete"
echo '{"notice":{"text":"canary-scan the baby turned away"},"for_supervision":true}' | a add >/dev/null ||
	fail "add"
start_tui 100 30 -- --passphrase-file "$PW"
wait_for "1 reflection"
write_marked "$T/e.bundle" "Wrote 1 entry for Sam in"
stop_tui
[ -f "$T/e.bundle" ] || fail "no bundle was written"
no_plaintext "canary-scan" "$T/e.bundle"
exit 0
