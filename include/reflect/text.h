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

#endif
