#!/bin/sh
# tui_sync_held.sh - syncing in the TUI says when what is marked for the supervisor holds
# identifying details: nothing went to them, which entry, what to do; not "syncing stopped".
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"

X="$T/exchange"
mkdir -p "$X" "$XDG_CONFIG_HOME/reflect"
printf 'exchange = %s\n' "$X" >"$XDG_CONFIG_HOME/reflect/config"
supervision_trio
id=$(echo '{"notice":{"text":"canary-held Marisol held the baby close"},"for_supervision":true}' | a add) ||
	fail "add"
J="$T/ana.db"
start_tui 200 30 -- --passphrase-file "$PW"
wait_for "nothing went to Sam: entry $id holds identifying details"
assert_contains "$(screen)" "Synced: 0 came in, 0 went out;"
assert_not_contains "$(screen)" "Syncing stopped"
keys q; wait_for "[exited 0]"
stop_tui
[ -z "$(ls "$X")" ] || fail "something went to the exchange folder"
echo "the TUI says what sync held back ok"
