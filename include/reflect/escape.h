/* escape.h - a person's text in an export, without a Markdown parser when it is plain prose.
 *
 * Exports render each text as Markdown through cmark (HTML without raw HTML, or normalised
 * CommonMark). Most texts are plain prose: paragraphs of words and ordinary punctuation, with
 * nothing that could start markup. For those, cmark's output is known in advance, and these
 * functions write it directly, byte for byte the same (tests/unit/check_escape.c compares them
 * with cmark on tricky and random inputs). Anything else is left to cmark. */
#ifndef REFLECT_ESCAPE_H
#define REFLECT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Where the output goes: n bytes of s. */
typedef void (*escape_out)(void *ctx, const char *s, size_t n);

/* True when text (NUL-terminated) is plain prose in the sense above: valid UTF-8; no tab,
 * carriage return or control character; no character that could start markup (* _ ` [ ] < >
 * & # \ ~ | and so on); lines that start with a letter, a digit not followed by '.' or ')',
 * or an opening quote or bracket, and that neither start nor end with a space; and at least
 * one line with text on it. */
bool escape_is_plain(const char *text);

/* For plain text: exactly what cmark_render_html(doc, CMARK_OPT_SAFE) gives for
 * cmark_parse_document(text): each paragraph as <p>...</p> and a newline, '"' as &quot;. */
void escape_plain_html(const char *text, escape_out out, void *ctx);

/* For plain text: exactly what cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0) gives:
 * paragraphs separated by one blank line, ending in a newline. */
void escape_plain_md(const char *text, escape_out out, void *ctx);

/* For plain text: what a reader sees, as export.c's visible-text check collects it from the
 * parsed document (each paragraph's lines joined by newlines, then a newline). */
void escape_plain_visible(const char *text, escape_out out, void *ctx);

#endif
