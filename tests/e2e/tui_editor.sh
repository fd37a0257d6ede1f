#!/bin/sh
# tui_editor.sh - Ctrl-O hands a field to $VISUAL through a private 0600 file in a private 0700
# directory on /dev/shm; the edit comes back, and the file and directory are wiped and gone.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
[ -d /dev/shm ] || { echo "no /dev/shm here"; exit 77; }
[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = "tmpfs" ] || { echo "/dev/shm is not tmpfs here"; exit 77; }
new_journal
# The "editor": notes where it was called and with what modes (never the text), adds a line.
cat >"$T/ed.sh" <<'ED'
#!/bin/sh
stat -c '%a %n' "$1" "$(dirname "$1")" >>"$EDLOG"
printf 'y luego se rió, 宝宝 too\n' >>"$1"
ED
chmod +x "$T/ed.sh"
TUI_ENV="VISUAL=$T/ed.sh EDLOG=$T/ed.log" start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "How am I arriving?"
type_text "canary-editor first line"
keys C-o
wait_for "back from the editor"
wait_for "y luego se rió, 宝宝 too"
wait_for "canary-editor first line"
[ -s "$T/ed.log" ] || fail "the editor was not called"
file=$(sed -n 1p "$T/ed.log")
dir=$(sed -n 2p "$T/ed.log")
assert_eq "${file%% *}" "600" "the private file's mode"
assert_eq "${dir%% *}" "700" "the private directory's mode"
case "${file#* }" in /dev/shm/reflect-*) ;; *) fail "the file was not on /dev/shm: $file" ;; esac
[ -e "${file#* }" ] && fail "the private file is still there"
[ -e "${dir#* }" ] && fail "the private directory is still there"
pid=$(tui_pid) || fail "no reflect process found"
[ -z "$(ls /dev/shm | grep "^reflect-$pid-")" ] || fail "a private directory was left on /dev/shm"
keys C-s
wait_for "Saved and sealed"
keys q
wait_for "[exited 0]"
assert_contains "$(r export --format json --keep-identifiers)" '"text": "canary-editor first line\ny luego se rió, 宝宝 too"'
stop_tui

# A reflect killed while the editor runs leaves its directory behind; the next start sweeps it.
cat >"$T/ed2.sh" <<'ED'
#!/bin/sh
stat -c '%n' "$1" >>"$EDLOG2"
sleep 30
ED
chmod +x "$T/ed2.sh"
TUI_ENV="VISUAL=$T/ed2.sh EDLOG2=$T/ed2.log" start_tui -- --passphrase-file "$PW"
wait_for "1 reflection"
keys n
wait_for "How am I arriving?"
type_text "canary-editor killed"
keys C-o
n=50; while [ ! -s "$T/ed2.log" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
left=$(cat "$T/ed2.log")
[ -e "$left" ] || fail "the editor's file should exist while it runs"
kill -KILL "$(tui_pid)"
stop_tui
start_tui -- --passphrase-file "$PW"
wait_for "1 reflection"
[ -e "$(dirname "$left")" ] && fail "a stale private directory was not swept: $left"
keys q
wait_for "[exited 0]"
if grep -rqaF --exclude=tmux.sock -- "canary-editor" "$T"; then fail "plaintext on disk"; fi
echo "editor ok"
