#!/bin/sh
# tui_passphrase_hidden.sh - the passphrase never shows while it is being typed: on the first
# run (both prompts) and on unlock, the screen is read with the passphrase half typed (after a
# full redraw forced by a resize), and every byte the program wrote to the terminal is kept
# (tmux pipe-pane) and searched for it at the end.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
PASS="zebra quokka lantern"
HALF="zebra quok"

# half_typed WHAT: type HALF into the prompt on screen and look at the screen while it is there.
half_typed() {
	type_text "$HALF"
	# The first character shows the hint; the typed text must never show, not even in part.
	n=150
	while :; do
		s=$(screen)
		printf '%s' "$s" | grep -qF "zeb" && { printf '%s\n' "$s"; fail "$1: the passphrase is on the screen while typed"; }
		printf '%s' "$s" | grep -qF "(typing is hidden)" && break
		n=$((n - 1)); [ $n -gt 0 ] || { printf '%s\n' "$s"; fail "$1: typing did not arrive"; }
		sleep 0.1
	done
	# A full redraw with the half-typed passphrase in the box: a wider window moves the box
	# (64 columns, centred) to column 18.
	tm resize-window -t $S -x 100 -y 24 >/dev/null 2>&1 || fail "tmux cannot resize"
	wait_for "                  Enter to go on, Esc to leave."
	assert_not_contains "$(screen)" "zeb" "$1: the passphrase is on the screen after a redraw"
	assert_contains "$(screen)" "(typing is hidden)" "$1: the hint"
	tm resize-window -t $S -x 80 -y 24 >/dev/null 2>&1
	wait_for "        Enter to go on, Esc to leave."
}

# First run: both prompts.
start_tui
tm pipe-pane -t $S -o "cat >>'$T/tty.log'"
wait_for "cannot be recovered"
half_typed "first run"
type_text "${PASS#$HALF}"; keys Enter
wait_for "Once more"
half_typed "first run, once more"
type_text "${PASS#$HALF}"; keys Enter
wait_for "No reflections yet" 60
keys q
wait_for "[exited 0]"
stop_tui
printf '%s\n' "$PASS" >"$PW"
r list >/dev/null || fail "the journal does not open with the passphrase typed"

# Unlock.
start_tui
tm pipe-pane -t $S -o "cat >>'$T/tty.log'"
wait_for "Welcome back"
half_typed "unlock"
type_text "${PASS#$HALF}"; keys Enter
wait_for "No reflections yet"
keys q
wait_for "[exited 0]"
stop_tui

[ -s "$T/tty.log" ] || fail "nothing was recorded from the terminal"
for w in zeb quok lantern; do
	grep -qaF "$w" "$T/tty.log" && fail "'$w' of the passphrase was written to the terminal"
done
echo "passphrase hidden ok"
