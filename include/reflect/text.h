/* text.h - UTF-8 helpers: folding for search, display width, validation. */
#ifndef REFLECT_TEXT_H
#define REFLECT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Fold s for matching: case-folded, accents removed, compatibility-normalised
 * ("Mamá" and "MAMA" both give "mama"). Caller frees with free(). NULL on bad input or no memory. */
char *text_fold(const char *s);

/* True when needle (already folded with text_fold) occurs in hay once hay is folded. */
bool text_contains_folded(const char *hay, const char *folded_needle);

/* True when s is valid UTF-8 of at most len bytes. */
bool text_valid_utf8(const char *s, size_t len);

/* Display columns that s takes on a terminal (wide characters count 2, combining 0). */
int text_width(const char *s);

/* The first words of s, at most max_cols display columns, on one line (newlines become
 * spaces), with "…" when cut. Caller frees with free(). */
char *text_excerpt(const char *s, int max_cols);

/* Trim white space at both ends, in place; returns s. */
char *text_trim(char *s);

/* A copy of s that is safe to show on a terminal: control characters shown as their symbols
 * (ESC as U+241B), DEL as U+2421, C1 controls and bidirectional or line-separator controls as
 * \uXXXX, bytes that are not UTF-8 as \xNN. With one_line, newlines and tabs are shown too
 * (they cannot forge rows); otherwise they are kept. Caller frees with free(); NULL on no
 * memory. Every byte from a person or a file goes through this before a terminal. */
char *text_safe(const char *s, bool one_line);
/* The same for n bytes that may hold NUL bytes (shown as U+2400). */
char *text_safe_n(const char *s, size_t n, bool one_line);
/* How many of the n bytes of s end on a whole UTF-8 character (the rest is the start of a
 * character still to come). */
size_t text_utf8_complete(const char *s, size_t n);

typedef enum text_name_problem {
	TEXT_NAME_OK,
	TEXT_NAME_EMPTY,
	TEXT_NAME_CONTROL,   /* control characters or bytes that are not UTF-8 */
	TEXT_NAME_BIDI,      /* bidirectional overrides or isolates */
	TEXT_NAME_INVISIBLE, /* zero-width characters */
	TEXT_NAME_MIXED,     /* letters of scripts mixed the way look-alike names are made */
} text_name_problem;

/* Is s fit to be a contact's name (shown to be trusted)? */
text_name_problem text_name_check(const char *s);

#endif
