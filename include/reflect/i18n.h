/* i18n.h - translation: _() for every string a person reads, N_() to mark strings in static
 * tables (translated where they are shown), ngettext() for plurals. The catalogues are
 * po/<lang>.po, compiled to <localedir>/<lang>/LC_MESSAGES/reflect.mo. */
#ifndef REFLECT_I18N_H
#define REFLECT_I18N_H

#include <libintl.h>

#define REFLECT_TEXTDOMAIN "reflect"

/* The translation of msgid in the language in force (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), or
 * msgid itself. Unlike gettext, NULL gives "" and "" gives "" (never the catalogue's header).
 * The result is static: never free it. */
const char *i18n_text(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;

#define _(s) i18n_text(s)
#ifndef N_
#define N_(s) s
#endif

/* Bind the text domain to the first directory that holds a compiled catalogue:
 * $REFLECT_LOCALEDIR if set; else locale/ beside the running binary (a build tree); else
 * ../share/locale from the binary (an installed or relocated tree, DESTDIR included); else the
 * directory chosen at build time ($(PREFIX)/share/locale). Call once, after setlocale. */
void i18n_init(const char *argv0);

/* The directory bound by i18n_init ("" before it, or when none was found). */
const char *i18n_localedir(void);

/* The language of the messages in force, named in itself ("español (es)"); "English" when
 * no catalogue applies. */
const char *i18n_language(void);

/* What a thread remembered of the translations, freed: a thread calls it before it ends. */
void i18n_thread_done(void);

#endif
