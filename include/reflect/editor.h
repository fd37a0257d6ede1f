/* editor.h - the text editor widget's model: a UTF-8 buffer, a cursor and soft-wrapped rows.
 *
 * Pure: no curses, no output. The view (src/tui/ui_editview.c) asks it for the visual rows at a
 * width and for where the cursor is, and draws them. Text is kept as valid UTF-8; the cursor is
 * a byte offset that always sits on a grapheme boundary (a base letter with its accents, a CJK
 * character, an emoji with its modifiers move and delete as one). Widths are terminal columns
 * (wcwidth in a UTF-8 locale, Unicode's East Asian widths otherwise). Everything the buffer held
 * is wiped when it grows, shrinks or is freed. */
#ifndef REFLECT_EDITOR_H
#define REFLECT_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/status.h"

typedef struct editor editor;

/* The most an editor holds when editor_new is given 0. */
#define EDITOR_DEFAULT_MAX (256u * 1024u)

/* A new, empty editor holding at most max_bytes (0: EDITOR_DEFAULT_MAX). multiline false makes
 * a one-line input: newlines typed or pasted become spaces. The caller frees it with
 * editor_free. NULL when out of memory. */
editor *editor_new(size_t max_bytes, bool multiline);

/* Wipe the text, free the editor, set *ed to NULL. NULL and *ed == NULL are fine. */
void editor_free(editor **ed);

/* Replace the whole text with s (NULL: empty), cleaned as editor_insert cleans; the cursor goes
 * to the end. RF_ERR_TOO_BIG (and nothing changes) when it does not fit. */
rf_status editor_set_text(editor *ed, const char *s);

/* The text, NUL-terminated, owned by the editor and valid until the next change. */
const char *editor_text(const editor *ed);

/* Its length in bytes. */
size_t editor_len(const editor *ed);

/* True for a multi-line editor, false for a one-line input. */
bool editor_multiline(const editor *ed);

/* True when the text is empty or only white space. */
bool editor_blank(const editor *ed);

/* A number that changes whenever the text changes (for "is there anything new to save"). */
uint64_t editor_version(const editor *ed);

/* The cursor as a byte offset into the text. */
size_t editor_cursor(const editor *ed);

/* Put the cursor at off (clamped to the text, moved back to a grapheme boundary). */
void editor_set_cursor(editor *ed, size_t off);

/* Insert len bytes of s at the cursor and move the cursor after them. The text is cleaned:
 * invalid UTF-8 becomes U+FFFD, CR LF and CR become LF (a space in a one-line editor), a tab
 * becomes four spaces, other control characters are dropped. RF_ERR_TOO_BIG (nothing inserted)
 * when the result would pass the editor's limit. */
rf_status editor_insert(editor *ed, const char *s, size_t len);

/* Insert one Unicode code point (as typed). */
rf_status editor_insert_char(editor *ed, uint32_t cp);

/* Delete the character (grapheme) before / after the cursor. False when there was none. */
bool editor_backspace(editor *ed);
bool editor_delete(editor *ed);

/* Delete from the start of the word before the cursor up to the cursor. */
bool editor_delete_word_back(editor *ed);

/* Cursor motions. left/right move one character, word_left/word_right to the start of the
 * previous word / the end of the next one, home/end to the start/end of the logical line,
 * top/bottom to the start/end of the text, up/down one visual row at the wrap width (keeping
 * the column the cursor was aiming at), page_up/page_down by n visual rows. */
void editor_left(editor *ed);
void editor_right(editor *ed);
void editor_word_left(editor *ed);
void editor_word_right(editor *ed);
void editor_home(editor *ed);
void editor_end(editor *ed);
void editor_top(editor *ed);
void editor_bottom(editor *ed);
void editor_up(editor *ed);
void editor_down(editor *ed);
void editor_page_up(editor *ed, int n);
void editor_page_down(editor *ed, int n);

/* Set the wrap width in columns (at least 2; smaller values are raised). Rows are broken after
 * a space where one is in reach, otherwise between characters; a character never straddles two
 * rows. The view should give one column less than it has, so the cursor fits after a full row. */
void editor_set_width(editor *ed, int width);

/* How many visual rows the text takes at the current width (at least 1). */
size_t editor_rows(editor *ed);

/* Visual row r: its first byte and its length in bytes (without the line's newline). Rows past
 * the end give an empty row at the end of the text. */
void editor_row(editor *ed, size_t r, size_t *start, size_t *len);

/* The cursor's visual row and display column. */
void editor_cursor_pos(editor *ed, size_t *row, int *col);

/* The first visual row to show in a view of height rows so that the cursor is inside it; keeps
 * the previous top when it still fits (no jumping). */
size_t editor_scroll(editor *ed, int height);

/* Display columns of one code point (0 for combining marks, 2 for wide characters). */
int editor_cp_width(uint32_t cp);

/* Display columns of len bytes of UTF-8. */
int editor_str_width(const char *s, size_t len);

#endif
