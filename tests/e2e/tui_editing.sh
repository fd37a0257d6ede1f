#!/bin/sh
# tui_editing.sh - the text editor as a person types: word motions (Ctrl-Left/Right, Alt-B),
# Home/End, Backspace and Delete by character (accents, CJK, emoji), Up/Down through soft-wrapped
# rows, Ctrl-W; the result reaches the journal exactly.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
start_tui -- --passphrase-file "$PW"
wait_for "No reflections yet"
keys n
wait_for "How am I arriving?"
type_text "one two three"
keys C-Left C-Left; type_text "X"          # one Xtwo three
keys Home; type_text "H"                   # Hone Xtwo three
keys End; type_text "E"                    # Hone Xtwo threeE
keys M-b; type_text "Y"                    # Hone Xtwo YthreeE
keys BSpace BSpace                         # Hone XtwothreeE
keys C-Right; type_text "!"                # Hone XtwothreeE!
wait_for "Hone XtwothreeE!"
keys Tab Tab Tab                           # round to the main text again
type_text " 宝宝é🙂"
keys BSpace BSpace                         # the emoji, then é, each as one character
keys Left Delete                           # the second 宝
wait_for "Hone XtwothreeE! 宝"
# a long line soft-wraps; Up moves to the row above, keeping the column
keys C-n
wait_for "What do I notice?"
type_text "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq"
keys Up; type_text "^"
keys Down; type_text "_"
wait_for "qqqq_"
keys C-w
wait_gone "qqqq"
keys C-s
wait_for "Saved and sealed"
keys q
wait_for "[exited 0]"
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"text": "Hone XtwothreeE! 宝"'
# the caret went one row up at the same column, the underscore back down at the end; Ctrl-W
# then took the word before the cursor with the "_" after it
assert_contains "$out" '"text": "aaaa bbbb cccc^ dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp "'
echo "editing ok"
