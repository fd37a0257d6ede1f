/* import_jrnl.h - reading journals kept with jrnl: its plain-text journal file and its JSON
 * export, as entries ready for journal_import. */
#ifndef REFLECT_IMPORT_JRNL_H
#define REFLECT_IMPORT_JRNL_H

#include <stddef.h>

#include "reflect/entry.h"
#include "reflect/status.h"

/* Parse jrnl's plain-text journal: entries start with a line "[YYYY-MM-DD HH:MM] title"
 * (seconds and AM/PM are accepted; a title ending in " *" is starred), then the body lines.
 * Each becomes an entry: the title and body as its Notice text, @tags and #tags as themes
 * (without the symbol, lower-cased as jrnl does), starred as marked for supervision, the date
 * and time (local time) as when it was written. On success *out holds *n entries, freed with
 * entry_list_free; on failure nothing is returned and d (may be NULL) says where. */
rf_status import_jrnl_text(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d);

/* Parse jrnl's JSON export ({"tags": {...}, "entries": [{"title", "body", "date", "time",
 * "tags", "starred"}]}, or a bare array of such entries), mapped as import_jrnl_text does. */
rf_status import_jrnl_json(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d);

#endif
