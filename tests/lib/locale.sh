# locale.sh - make sure a locale is installed for a test, generating it when we may (root).
# Use after lib.sh:  . "$(dirname "$0")/../lib/locale.sh"; need_locale es_ES UTF-8
# Exits 77 (skip) when the locale is missing and cannot be made.
need_locale() {
	name="$1.$2"
	want=$(printf '%s' "$1.$2" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
	if locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$want"; then return 0; fi
	if command -v localedef >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		localedef -i "$1" -f "$2" "$name" >/dev/null 2>&1 || true
	elif command -v locale-gen >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		locale-gen "$name" >/dev/null 2>&1 || true
	fi
	if locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$want"; then return 0; fi
	echo "the $name locale is not installed and could not be generated"
	exit 77
}
