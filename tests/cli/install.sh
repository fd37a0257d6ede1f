#!/bin/sh
# install.sh - make install DESTDIR=... puts a working binary, man page, completion and translations
# in place; make uninstall takes them away.
. "$(dirname "$0")/../lib/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
D="$T/dest"
make -s -C "$top" install DESTDIR="$D" PREFIX=/usr/local BUILD="${BUILD:-build}" >/dev/null 2>&1 || fail "make install"
[ -x "$D/usr/local/bin/reflect" ] || fail "no installed binary"
[ -f "$D/usr/local/share/man/man1/reflect.1" ] || fail "no installed man page"
[ -f "$D/usr/local/share/bash-completion/completions/reflect" ] || fail "no bash completion"
"$D/usr/local/bin/reflect" --version | grep -q "^reflect " || fail "installed binary does not run"
"$D/usr/local/bin/reflect" --journal "$J" --passphrase-file "$PW" init --kdf interactive 2>/dev/null || fail "installed binary cannot init"
if command -v man >/dev/null 2>&1; then
	warn=$(MANWIDTH=80 man -l "$D/usr/local/share/man/man1/reflect.1" 2>&1 >/dev/null)
	[ -z "$warn" ] || fail "man page warnings: $warn"
	MANWIDTH=80 man -l "$D/usr/local/share/man/man1/reflect.1" 2>/dev/null | grep -q "EXIT STATUS" || fail "man page does not render"
fi
"$D/usr/local/bin/reflect" help --list | grep -qx init || fail "help --list"
# translations: installed beside the binary's share/, found from there (DESTDIR included)
[ -f "$D/usr/local/share/locale/es/LC_MESSAGES/reflect.mo" ] || fail "no Spanish catalogue installed"
[ -f "$D/usr/local/share/doc/reflect/prompts.es.txt" ] || fail "no example prompt set installed"
LC_ALL=C.UTF-8 LANGUAGE=es "$D/usr/local/bin/reflect" --help | grep -q "Órdenes:" || fail "the installed binary does not speak Spanish"
LC_ALL=C.UTF-8 LANGUAGE=es "$D/usr/local/bin/reflect" config | grep -q "$D/usr/local/share/locale" || fail "config does not name the catalogues"
make -s -C "$top" uninstall DESTDIR="$D" PREFIX=/usr/local >/dev/null 2>&1 || fail "make uninstall"
[ -e "$D/usr/local/bin/reflect" ] && fail "uninstall left the binary"
[ -e "$D/usr/local/share/locale/es/LC_MESSAGES/reflect.mo" ] && fail "uninstall left the catalogue"
[ -e "$D/usr/local/share/doc/reflect" ] && fail "uninstall left the example prompt set"
exit 0
