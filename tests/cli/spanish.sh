#!/bin/sh
# spanish.sh - the command line in Spanish: --help, 'help COMMAND', errors with their exit
# statuses, 'reflect config', and plain mode with piped answers (feelings typed in Spanish are
# stored as the English keys). The language follows LANG / LC_ALL / LANGUAGE; a language without
# a catalogue falls back to English.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
new_journal
export LC_ALL=es_ES.UTF-8 LANG=es_ES.UTF-8
unset LANGUAGE

out=$("$REFLECT" --help) || fail "--help"
assert_contains "$out" "un diario sellado para la práctica reflexiva (Pausa, Observa, Ten curiosidad)"
assert_contains "$out" "Órdenes:"
assert_contains "$out" "crea un diario nuevo, sellado con una frase de acceso"
assert_contains "$out" "lee la frase de acceso de la primera línea de ARCHIVO"
out=$("$REFLECT" help passwd) || fail "help passwd"
assert_contains "$out" "uso: reflect passwd"
assert_contains "$out" "En todo momento la frase anterior o la nueva abre el diario"
out=$("$REFLECT" init --help) || fail "init --help"
assert_contains "$out" "Crea el archivo del diario"

# errors: the words are Spanish, the exit statuses the same
"$REFLECT" --journal "$T/none.db" --passphrase-file "$PW" list 2>"$T/err"
assert_eq "$?" "1" "no journal"
assert_contains "$(cat "$T/err")" "todavía no hay un diario en $T/none.db; crea uno con 'reflect init'"
printf 'not it at all\n' >"$T/wrong"
"$REFLECT" --journal "$J" --passphrase-file "$T/wrong" list 2>"$T/err"
assert_eq "$?" "3" "wrong passphrase"
assert_contains "$(cat "$T/err")" "esa frase de acceso no abre este diario"
"$REFLECT" nada 2>"$T/err"
assert_eq "$?" "2" "unknown command"
assert_contains "$(cat "$T/err")" "no existe la orden 'nada'"
assert_contains "$(cat "$T/err")" "Consulta 'reflect help'."
r list --since algún-día 2>"$T/err"
assert_eq "$?" "2" "bad date"
assert_contains "$(cat "$T/err")" "--since lleva una fecha como 2026-11-20, ayer, 2w o 'la semana pasada', no 'algún-día'"
assert_contains "$(cat "$T/err")" "uso: reflect list"
r show 99 2>"$T/err"
assert_eq "$?" "1" "no entry"
assert_contains "$(cat "$T/err")" "no existe la entrada 99"

# the settings say which language is in force
out=$(r config)
assert_contains "$out" "language    = español (es)"
assert_contains "$out" "prompts     = las incluidas  (predeterminado)"

# plain mode with piped answers, feelings in Spanish
printf '%s\n' "Llego cansada; la mamá sonrió" "" "4" "" "El bebé buscó su mirada" "" \
	"Miedo, ternura, un nudo en la garganta" "" "¿Qué necesitaba ella?" "" \
	"¿Cómo cuido mis límites?" "" \
	| r --plain >"$T/out" 2>"$T/err" || fail "plain mode: $(cat "$T/err")"
assert_eq "$(cat "$T/out")" "1" "plain mode prints the new id"
json=$(r export --format json)
assert_contains "$json" '"text": "Llego cansada; la mamá sonrió"'
assert_contains "$json" '"activation": 4'
assert_contains "$json" '"fear"'
assert_contains "$json" '"tenderness"'
assert_contains "$json" '"un nudo en la garganta"'
assert_not_contains "$json" '"Miedo"'
assert_contains "$json" '"¿Cómo cuido mis límites?"'
out=$(r show 1)
assert_contains "$out" "PAUSA"
assert_contains "$out" "Sentimientos: miedo, ternura, un nudo en la garganta"
assert_contains "$out" "Activación: 4 de 10"
assert_contains "$(r list --emotion ternura)" "El bebé buscó su mirada"
assert_contains "$(r list --search mama)" "[supervisión]"
assert_eq "$(r list --emotion tristeza | wc -l | tr -d ' ')" "0" "another feeling finds nothing"
# the review speaks Spanish too, with the feelings shown in Spanish
out=$(r review)
assert_contains "$out" "Revisión: 1 entrada"
assert_contains "$out" "Sentimientos (entradas que nombran cada uno)"
assert_contains "$out" "miedo"
assert_contains "$out" "Autocuidado"
assert_contains "$(r review --format json)" '"name": "fear"'
# exports for people are in Spanish (headings and vocabulary); JSON keeps the English keys
md=$(r export --format md --keep-identifiers 2>/dev/null)
assert_contains "$md" "### Observa"
assert_contains "$md" "**Sentimientos:** miedo, ternura, un nudo en la garganta"
assert_contains "$md" "**Activación:** 4 de 10"
txt=$(r export --format txt --layout gibbs --keep-identifiers 2>/dev/null)
assert_contains "$txt" "DESCRIPCIÓN"
assert_contains "$(r export --format html --keep-identifiers 2>/dev/null)" '<html lang="es">'

# LANGUAGE chooses among languages; one without a catalogue falls back to English
out=$(LANGUAGE=fr "$REFLECT" --help)
assert_contains "$out" "Commands:"
out=$(LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=es "$REFLECT" --help)
assert_contains "$out" "Órdenes:"
out=$(LC_ALL=C LANG=C "$REFLECT" --help)
assert_contains "$out" "Commands:"
# labels typed or imported in Spanish are stored as the built-in ones; listed and found together
printf '{"notice": {"text": "importada en español", "emotions": ["Ternura", "miedo"]}, "themes": ["fantasmas en la habitación del bebé"]}' | r add >/dev/null || fail "add in Spanish"
printf '[{"notice": {"text": "otra importada", "emotions": ["ternura"]}}]' >"$T/es.json"
r import --format json "$T/es.json" >/dev/null 2>&1 || fail "import in Spanish"
out=$(LC_ALL=C.UTF-8 LANG=C.UTF-8 r export --format json)
assert_not_contains "$out" '"Ternura"'
assert_not_contains "$out" '"ternura"'
assert_contains "$out" '"ghosts in the nursery"'
assert_contains "$(r list --emotion tern)" "otra importada"
assert_contains "$(r list --emotion tern)" "importada en español"
# the review's look back names the feeling in Spanish, as the rest of the review does
out=$(r review)
assert_contains "$out" "Sin perder de vista el pasado"
assert_contains "$out" "  ternura: #"
assert_not_contains "$out" "tenderness"
# days in listings as people read them here: "dom 29 nov 2026", not 2026-11-29
printf '{"visit_date": "2026-11-29", "notice": {"text": "un domingo"}}' | r add >/dev/null || fail "add"
assert_contains "$(r list --search domingo | cut -f2)" "dom 29 nov 2026"
assert_contains "$(r list --theme fantasmas)" "importada en español"
# dates read in Spanish
assert_contains "$(r show 1)" "Escrita"
assert_contains "$(r list --since ayer)" "otra importada"
assert_contains "$(r list --since "la semana pasada")" "otra importada"

# a catalogue directory can be named; one without our catalogue gives English
out=$(REFLECT_LOCALEDIR="$T" "$REFLECT" --help)
assert_contains "$out" "Commands:"
echo "spanish command line ok"
