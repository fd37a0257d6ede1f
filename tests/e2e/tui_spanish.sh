#!/bin/sh
# tui_spanish.sh - the TUI in Spanish (LANG=es_ES.UTF-8 LANGUAGE=es): the unlock, home and compose
# screens, the step names, the prompts and the feelings, all in Spanish; a feeling chosen in
# Spanish is stored as its English key (so patterns agree across languages) and shown back in
# Spanish; a search typed in Spanish (keys, feelings, "mama" for "mamá") finds it.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
export LANG=es_ES.UTF-8 LC_ALL=es_ES.UTF-8
TUI_ENV="LANGUAGE=es"
start_tui
# unlock
wait_for "Qué bueno verte de nuevo."
wait_for "Frase de acceso:"
wait_for "Enter para seguir, Esc para salir."
type_text "correct horse batterY"; keys Enter
wait_for "Esa frase de acceso no abre este diario."
type_text "correct horse battery"; keys Enter
# home
wait_for "Todavía no hay reflexiones."
wait_for "Pulsa n para comenzar una. Tómate tu tiempo."
wait_for "reflect  ·  tus reflexiones"
wait_for "n nueva · / buscar"
keys '?'; wait_for "Ayuda: tus reflexiones"
# the help is longer than the window: scrolled to its end, the search syntax shows
keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
wait_for "tema:cultura"
keys Escape; wait_for "Pulsa n para comenzar"
# compose: Pause
keys n
wait_for "1 Pausa   2 Observa   3 Ten curiosidad   4 Detalles   5 Guardar"
wait_for "Ve más despacio. Acepta dónde estás, sin juzgarte."
wait_for "¿Cómo llego?"
wait_for "¿Qué me dice mi cuerpo?"
type_text "La mamá sonrió al bebé"
keys Tab; wait_for "sin marcar (Izquierda/Derecha o 0-9)"
keys Right Right Right; wait_for "2, calma"
# Notice, and feelings chosen in Spanish
keys C-n; wait_for "¿Qué pasó entre la mamá o el papá y el bebé?"
wait_for "Acciones: ¿qué vi, qué hice?"
keys Tab Tab Tab Enter
wait_for "Escribe unas letras para encontrar una palabra."
wait_for "inquietud"
wait_for "[ ] miedo"
type_text "mie"; keys Space
wait_for "[x] miedo"
keys +; wait_for "Tus propias palabras"
type_text "Ternura, un cansancio mío"; keys Enter
wait_for "Elegido: miedo, ternura, un cansancio mío"
keys Enter
wait_for "miedo, ternura, un cansancio mío"
keys C-n; wait_for "¿Qué me despierta curiosidad?"
keys C-n; wait_for "Código de familia"
wait_for "Fecha de la visita"
keys C-n; wait_for "Antes de guardar: aquí está tu reflexión."
wait_for "activación 2 (calma)"
wait_for "sentimientos: miedo, ternura, un cansancio mío"
keys Enter
wait_for "Guardada y sellada. Gracias por darte este tiempo."
wait_for "1 reflexión"
# a search in Spanish: a feeling by its Spanish name, and "mama" for "mamá"
keys /; wait_for "Buscar:"
type_text "sentimiento:miedo mama"; keys Enter
wait_for "1 de 1"
wait_for "La mamá sonrió"
# the entry, shown in Spanish
keys Enter
wait_for "Sentimientos: miedo, ternura, un cansancio mío"
wait_for "Activación: 2 de 10, calma"
keys q; wait_for "n nueva · Esc todo"
# lock
keys x
wait_for "Tu diario está bloqueado."
keys Escape
wait_for "[exited 0]"
stop_tui

# plain mode on a terminal (a screen reader's view), in Spanish: the menu keys are Spanish too
start_tui -- --plain
wait_for "Frase de acceso:"
type_text "correct horse battery"; keys Enter
wait_for "¿Qué te gustaría hacer? e: escribir una reflexión"
type_text "l"; keys Enter
wait_for "La mamá sonrió"
type_text "e"; keys Enter
wait_for "Pausa. Ve más despacio. Acepta dónde estás, sin juzgarte."
wait_for "¿Cómo llego? (termina con una línea vacía)"
type_text "Hoy llego en calma"; keys Enter Enter
wait_for "¿Cuánta activación sientes, de 0 (sosiego) a 10 (desborde)?"
keys Enter
wait_for "Observa. Observa acciones, pensamientos, emociones y valores"
keys Enter
wait_for "pesadez: tristeza, duelo, pérdida"
type_text "alivio, gratitud"; keys Enter
wait_for "Anotado: alivio, gratitud."
wait_for "Ten curiosidad."
keys Enter
wait_for "Preguntas para llevar a supervisión"
keys Enter
wait_for "Tres detalles"
keys Enter
wait_for "Temas"
type_text "fantasmas en la habitación del bebé"; keys Enter
wait_for "¿Llevarla a supervisión? (sí o no"
type_text "sí"; keys Enter
wait_for "Marcada para supervisión."
wait_for "Guardada como entrada 2. Gracias por darte este tiempo."
type_text "s"; keys Enter
wait_for "[exited 0]"
stop_tui
assert_contains "$(r export --format json --keep-identifiers)" '"relief"'
assert_contains "$(r export --format json --keep-identifiers)" '"ghosts in the nursery"'
assert_contains "$(r export --format json --keep-identifiers --search "Hoy llego en calma")" '"for_supervision": true'

# stored as the English keys; a person's own words as typed
out=$(r export --format json --keep-identifiers)
assert_contains "$out" '"fear"'
assert_contains "$out" '"tenderness"'
assert_contains "$out" '"un cansancio mío"'
assert_not_contains "$out" '"miedo"'
assert_not_contains "$out" '"ternura"'
# and from the command line: --emotion in Spanish finds it, `show` speaks Spanish
assert_eq "$(LANGUAGE=es r list --emotion Miedo | wc -l | tr -d ' ')" "1" "list --emotion Miedo"
show=$(LANGUAGE=es r show 1)
assert_contains "$show" "Sentimientos: miedo, ternura, un cansancio mío"
assert_contains "$show" "OBSERVA"
echo "spanish tui ok"
