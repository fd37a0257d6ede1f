#!/bin/sh
# tui_resize.sh - resizing in the middle of composing redraws cleanly and loses nothing; below
# 80x24 a clear "make the window larger" message shows and keys wait; NO_COLOR gives a screen
# without colours.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
TUI_ENV="NO_COLOR=1" start_tui 80 24 -- --passphrase-file "$PW"
wait_for "No reflections yet"
# NO_COLOR: attributes only, no colour escapes (38;5;N / 3N;)
if screen_esc | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then fail "colours despite NO_COLOR"; fi
keys n
wait_for "How am I arriving?"
type_text "The room was warm and the baby turned toward her voice again and again while we talked"
wait_for "while we talked"   # all of it typed before the window shrinks (keys are ignored while too small)
tm resize-window -t $S -x 60 -y 20
wait_for "Please make the window larger"
wait_for "It is 60 x 20 now"
type_text "IGNORED"
tm resize-window -t $S -x 120 -y 40
wait_for "How am I arriving?"
wait_for "toward her voice again and again while we talked"
assert_not_contains "$(screen)" "IGNORED"
assert_not_contains "$(screen)" "make the window larger"
type_text " about sleep."
tm resize-window -t $S -x 80 -y 24
wait_for "How am I arriving?"
# wrapped at 80 columns now: the end of the text is on its own row
wait_for "about sleep."
keys C-n
wait_for "What passed between parent and infant?"
tm resize-window -t $S -x 79 -y 24
wait_for "Please make the window larger"
tm resize-window -t $S -x 80 -y 24
wait_for "What passed between parent and infant?"
# a long paste (about 6 KB, several scripts, several lines) arrives whole
para="Aabbe wuu dhoolla caddeeyay. 宝宝 slept on her chest. La mamá sonrió y cantó bajito."
long=""
i=0
while [ $i -lt 50 ]; do long="$long$para $i
"; i=$((i + 1)); done
long="${long}end-of-paste"
tm set-buffer -b paste -- "$long"
keys C-p
wait_for "How am I arriving?"
keys C-n
wait_for "What do I notice?"
tm paste-buffer -b paste -t $S
wait_for "end-of-paste" 40
# a dialog open while the window changes: the screen beneath is redrawn with it
keys Escape
wait_for "Leave this reflection?"
tm resize-window -t $S -x 100 -y 30
wait_for "Leave this reflection?"
wait_for "What passed between parent and infant?"
keys Escape
wait_gone "Leave this reflection?"
tm resize-window -t $S -x 80 -y 24
wait_for "What passed between parent and infant?"
keys C-s
wait_for "Saved and sealed"
keys q
wait_for "[exited 0]"
out=$(r export --format json --keep-identifiers)
expect=$(printf '%s' "$long" | awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }')
assert_contains "$out" "\"text\": \"$expect\""
assert_contains "$out" \
	'"text": "The room was warm and the baby turned toward her voice again and again while we talked about sleep."'
stop_tui

# A monochrome terminal: no colour escapes, everything still there.
TUI_ENV="TERM=vt100" start_tui 80 24 -- --passphrase-file "$PW"
wait_for "1 reflection"
wait_for "Aabbe wuu dhoolla"   # the most telling words: the Notice text
if screen_esc | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then fail "colours on a monochrome terminal"; fi
keys q
wait_for "[exited 0]"
echo "resize ok"
