#!/bin/sh
# export_es.sh - an export read in Spanish says everything in Spanish: the title when there is
# no cover, the competency label, a supervisor's response with the reflection it answers.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/locale.sh"
need_locale es_ES UTF-8
new_journal
export LC_ALL=es_ES.UTF-8 LANG=es_ES.UTF-8
unset LANGUAGE

printf '{"visit_date": "2026-11-04", "notice": {"text": "La bebé miró a su madre."}, "competencies": ["Reflection"], "responses": [{"from": "Sam", "at": "2026-11-05T10:00:00Z", "text": "¿Qué notaste en ti?"}]}\n' |
	r add >/dev/null || fail "add"
md=$(r export --format md --keep-identifiers 2>/dev/null) || fail "export md"
assert_contains "$md" "# Reflexiones"
assert_not_contains "$md" "# Reflections"
assert_contains "$md" "Áreas de competencia (salud mental infantil):"
assert_contains "$md" "Respuesta de Sam, jue 5 nov 2026, a la reflexión del mié 4 nov 2026"
assert_not_contains "$md" "Response from"

echo "export in Spanish ok"
