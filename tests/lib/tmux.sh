# tmux.sh - drive the real reflect binary in tmux as a person would: send keys, read the screen.
# Use after lib.sh:  . "$(dirname "$0")/../lib/tmux.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }
TMUX_SOCK="$T/tmux.sock"
S=reflect-test
tm() { tmux -S "$TMUX_SOCK" "$@"; }
# start_tui [COLS ROWS] -- ARGS: run reflect in a detached session of that size.
# TUI_ENV may hold more VAR=value words for its environment (e.g. NO_COLOR=1 VISUAL=...).
start_tui() {
	cols=80; rows=24
	if [ "${1:-}" != "--" ] && [ $# -ge 2 ]; then cols=$1; rows=$2; shift 2; fi
	[ "${1:-}" = "--" ] && shift
	tm -f /dev/null new-session -d -s $S -x "$cols" -y "$rows" \
		"env TERM=${TUI_TERM:-tmux-256color} LANG=${LANG:-C.UTF-8} LC_ALL=${LC_ALL:-C.UTF-8} TZ=UTC HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' EDITOR='${EDITOR:-vi}' ${TUI_ENV:-} $REFLECT --journal '$J' $*; echo '[exited '\$?']'; sleep 30"
	tm set-option -t $S remain-on-exit on >/dev/null 2>&1 || true
	trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
}
screen() { tm capture-pane -p -t $S; }
keys() { tm send-keys -t $S "$@"; }
# type_text TEXT: send literal text (UTF-8 safe).
type_text() { tm send-keys -t $S -l -- "$1"; }
# wait_for TEXT [SECONDS]: until TEXT is on the screen; fails with the screen shown. The default
# wait is $WAIT_SECONDS (15): a loaded machine can be slow, and a wait ends as soon as TEXT shows.
wait_for() {
	n=$(( ${2:-${WAIT_SECONDS:-15}} * 10 ))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1; n=$((n - 1))
	done
	echo "--- screen ---"; screen; echo "--------------"
	fail "'$1' did not appear on the screen"
}
wait_gone() {
	n=$(( ${2:-${WAIT_SECONDS:-15}} * 10 ))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1; n=$((n - 1))
	done
	screen; fail "'$1' stayed on the screen"
}
# tui_pid: the process id of the reflect running in the session.
tui_pid() {
	pane=$(tm list-panes -t $S -F '#{pane_pid}' | head -n 1)
	for d in /proc/[0-9]*; do
		[ "$(awk '{print $4}' "$d/stat" 2>/dev/null)" = "$pane" ] || continue
		case "$(cat "$d/comm" 2>/dev/null)" in reflect*) echo "${d#/proc/}"; return 0 ;; esac
	done
	return 1
}
# stop_tui: end the session (and whatever runs in it), and wait until the server is gone so
# that the next start_tui does not meet it on its way out.
stop_tui() {
	tm kill-server 2>/dev/null
	n=50
	while tm has-session 2>/dev/null && [ $n -gt 0 ]; do
		sleep 0.1; n=$((n - 1))
	done
	rm -f "$TMUX_SOCK"
	return 0
}
# screen_esc: the screen with its colour and attribute escapes.
screen_esc() { tm capture-pane -e -p -t $S; }
# write_marked FILE WANT: on the home of a journal with one reflection, open the supervision
# screen, write its marked entries to FILE with W, wait for WANT, and quit the program.
write_marked() {
	keys s
	wait_for "Marked for supervision"
	keys W
	wait_for "Write the marked entries to"
	for i in $(seq 1 30); do keys BSpace; done
	type_text "$1"
	keys Enter
	wait_for "$2"
	quit_from_supervision
}
# quit_from_supervision: back from the supervision screen to a home of one reflection, and out.
quit_from_supervision() {
	keys q
	wait_for "1 reflection"
	keys q
	wait_for "[exited 0]"
}
