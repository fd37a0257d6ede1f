#!/bin/sh
# tui_spanish_week.sh - a week in Spanish at 80x24, as a new user reads it: days in Spanish words
# in every list (home, supervision), key hints whole, the review's header and headings whole (a
# long heading wraps at a word, never cut mid-word), feelings typed in Spanish counted with the
# picker's, the export dialog and the names-and-places list in Spanish.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
. "$(dirname "$0")/../lib/tmux.sh"
new_journal
export LANG=es_ES.UTF-8 LC_ALL=es_ES.UTF-8 LANGUAGE=es
for i in 1 2 3 4 5; do
	printf '{"visit_date":"2026-11-%02d","family":"F-%d","notice":{"text":"La mamá sostuvo al bebé, visita %d","emotions":["tenderness","fear"]},"pause":{"text":"Cansada","activation":%d},"themes":["ghosts in the nursery"],"for_supervision":true}' \
		$((i * 3)) "$i" "$i" "$i" | r add >/dev/null || fail "add"
done
# typed in Spanish, in the command line: stored as the picker's tenderness
printf '{"visit_date":"2026-11-29","notice":{"text":"Con ternura","emotions":["Ternura"]}}' | r add >/dev/null \
	|| fail "add in Spanish"
# a day as the lists show it here ("dom 29 nov" this year, "29 nov 2026" in another)
es_day() { short_day "$1"; }

start_tui -- --passphrase-file "$PW"
wait_for "6 reflexiones"
s=$(screen)
assert_contains "$s" "$(es_day 2026-11-29)"
assert_contains "$s" "$(es_day 2026-11-03)"
assert_not_contains "$s" "2026-11-"
# the key hints, whole at 80 columns
assert_contains "$s" "? ayuda · q salir"

# the review: its header and every heading in Spanish and whole
keys r
wait_for "reflect  ·  revisión"
wait_for "6 de 6"
keys Tab Tab Tab Tab Tab Tab Tab
wait_for "Sin perder de vista el pasado"
s=$(screen)
joined=$(printf '%s\n' "$s" | sed 's/^ *//' | tr '\n' ' ')
assert_contains "$joined" "reflexiones anteriores parecidas a la más nueva" "the heading was cut"
assert_contains "$joined" "una vez al mes (p la responde allí)" "the practice hint was cut"
# ternura typed in Spanish is the picker's tenderness: one count, named in Spanish
assert_contains "$s" "ternura: 5 entradas anteriores"
assert_not_contains "$s" "tenderness"
assert_contains "$s" "? ayuda"
keys Escape
wait_for "6 reflexiones"

# supervision: the marked entries with their days in Spanish, lined up
keys s
wait_for "Marcadas para supervisión"
s=$(screen)
assert_contains "$s" "$(es_day 2026-11-15)  La mamá sostuvo al bebé, visita 5"
assert_contains "$s" "$(es_day 2026-11-09)   La mamá sostuvo al bebé, visita 3"
assert_not_contains "$s" "2026-11-"
keys Escape
wait_for "6 reflexiones"

# the export dialog in Spanish, its status line and rows
keys e
wait_for "reflect  ·  exportar"
s=$(screen)
assert_contains "$s" "Formato"
assert_contains "$s" "Portada"
assert_contains "$s" "todas"
assert_contains "$s" "p vista previa · w escribirlo · i nombres y lugares fuera"
assert_contains "$s" "Nada"
assert_not_contains "$s" "Cover page"
# the names and places kept out, and the kinds of identifier, in Spanish
keys i
wait_for "nombres y lugares fuera de las exportaciones"
wait_for "La lista está vacía."
keys a
wait_for "Nombre o lugar:"
type_text "Kestrel"; keys Enter
wait_for "¿Quién o qué es?"
wait_for "c  un niño o una niña"
keys c
wait_for "Añadido. Las exportaciones lo dejarán fuera."
wait_for "niño o niña"
wait_for "1 en la lista"
keys Escape
wait_for "reflect  ·  exportar"
keys Escape
wait_for "reflect  ·  tus reflexiones"
keys q
wait_for "[exited 0]"
stop_tui
echo "spanish week ok"
