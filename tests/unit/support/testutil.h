/* testutil.h - helpers shared by the Check suites: temporary directories and journals. */
#ifndef REFLECT_TESTUTIL_H
#define REFLECT_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "reflect/journal.h"

#define TU_PASS "correct horse battery"

/* A fresh temporary directory (under $TMPDIR, else /tmp); removed (with its files) by tu_cleanup. */
const char *tu_dir(void);
/* path of name inside tu_dir(); a static buffer per call slot (4 slots). */
const char *tu_path(const char *name);
/* A new journal at tu_path(name), INTERACTIVE KDF, unlocked. Fails the test on error. */
journal *tu_journal(const char *name);
/* Remove the temporary directory. */
void tu_cleanup(void);
/* True when the bytes of needle occur anywhere in the file. */
bool tu_file_contains(const char *path, const char *needle);
/* Run one SQL statement on a journal file directly (to tamper with it). */
void tu_sql(const char *path, const char *sql);
/* Read an integer from SQL (first column of first row), -1 if none. */
long long tu_sql_int(const char *path, const char *sql);

#endif
