/* import_jrnl.c - jrnl's plain-text journal and JSON export read into entries. */
#include "reflect/i18n.h"
#include "reflect/import_jrnl.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/text.h"

typedef struct elist {
	entry **v;
	size_t n, cap;
} elist;

static rf_status elist_push(elist *l, entry *e)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		entry **nv;
		if (ncap > SIZE_MAX / sizeof *nv)
			return RF_ERR_NOMEM;
		if ((nv = realloc(l->v, ncap * sizeof *nv)) == NULL)
			return RF_ERR_NOMEM;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = e;
	return RF_OK;
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Local date and time to Unix seconds; false when they are not a real date and time. */
static bool local_time(int y, int mo, int d, int h, int mi, int s, int64_t *out)
{
	char date[11];
	struct tm tm = {0};
	time_t t;

	snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
	if (!entry_valid_date(date) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return false;
	*out = (int64_t)t;
	return true;
}

/* "HH:MM", "HH:MM:SS", either maybe followed by " AM"/"PM": fills h, m, s; returns the
 * length read, or 0. */
static size_t parse_clock(const char *p, size_t len, int *h, int *m, int *s)
{
	size_t i = 5;

	if (len < 5 || p[2] != ':' || (*h = digits(p, 2)) < 0 || (*m = digits(p + 3, 2)) < 0)
		return 0;
	*s = 0;
	if (len >= 8 && p[5] == ':' && (*s = digits(p + 6, 2)) >= 0)
		i = 8;
	else
		*s = 0;
	{
		size_t k = i;
		if (k < len && p[k] == ' ')
			k++;
		if (k + 1 < len && (p[k + 1] == 'M' || p[k + 1] == 'm') &&
		    strchr("AaPp", p[k]) != NULL && p[k] != '\0') {
			bool pm = p[k] == 'P' || p[k] == 'p';
			if (*h < 1 || *h > 12)
				return 0;
			if (*h == 12)
				*h = 0;
			if (pm)
				*h += 12;
			i = k + 2;
		}
	}
	return i;
}

/* A jrnl entry line: "[YYYY-MM-DD HH:MM] ..." Returns the offset of the title, or 0. */
static size_t entry_line(const char *p, size_t len, int64_t *when)
{
	int y, mo, d, h, mi, s;
	size_t c;

	if (len < 18 || p[0] != '[' || p[5] != '-' || p[8] != '-' || (p[11] != ' ' && p[11] != 'T'))
		return 0;
	if ((y = digits(p + 1, 4)) < 0 || (mo = digits(p + 6, 2)) < 0 || (d = digits(p + 9, 2)) < 0)
		return 0;
	if ((c = parse_clock(p + 12, len - 12, &h, &mi, &s)) == 0)
		return 0;
	c += 12;
	if (c >= len || p[c] != ']')
		return 0;
	if (!local_time(y, mo, d, h, mi, s, when))
		return 0;
	c++;
	if (c < len && p[c] == ' ')
		c++;
	return c;
}

static bool tag_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '+' || c == '*' || c == '#' || c == '/' ||
	       c >= 0x80;
}

/* Add the @tags and #tags in text as themes (as jrnl finds them: after white space or at the
 * start, lower-cased, the symbol dropped). */
static rf_status tags_from_text(entry *e, const char *text)
{
	for (size_t i = 0; text[i]; i++) {
		size_t k;
		char *tag;
		rf_status st;
		if ((text[i] != '@' && text[i] != '#') ||
		    (i > 0 && !isspace((unsigned char)text[i - 1])))
			continue;
		for (k = i + 1; text[k] && tag_char((unsigned char)text[k]); k++)
			;
		/* Trailing sentence punctuation is not part of a tag. */
		while (k > i + 1 && strchr("*#/-+", text[k - 1]) != NULL)
			k--;
		if (k == i + 1)
			continue;
		if ((tag = strndup(text + i + 1, k - i - 1)) == NULL)
			return RF_ERR_NOMEM;
		for (char *p = tag; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		st = strlist_add(&e->themes, tag);
		free(tag);
		if (st != RF_OK)
			return st;
		i = k - 1;
	}
	return RF_OK;
}

/* The title and body as one text: the title line, then the body. */
static char *join_text(const char *title, size_t tlen, const char *body, size_t blen)
{
	char *s;

	while (tlen > 0 && isspace((unsigned char)title[tlen - 1]))
		tlen--;
	while (blen > 0 && isspace((unsigned char)body[blen - 1]))
		blen--;
	while (blen > 0 && (*body == '\n' || *body == '\r')) {
		body++;
		blen--;
	}
	if ((s = malloc(tlen + blen + 2)) == NULL)
		return NULL;
	memcpy(s, title, tlen);
	if (blen > 0) {
		s[tlen] = '\n';
		memcpy(s + tlen + 1, body, blen);
		s[tlen + 1 + blen] = '\0';
	} else {
		s[tlen] = '\0';
	}
	return s;
}

static void wipe_free(char **s)
{
	if (*s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

/* Make the entry for one jrnl entry and add it to l. */
static rf_status add_entry(elist *l, int64_t when, const char *title, size_t tlen, const char *body,
			   size_t blen, bool starred, json_t *tags)
{
	entry *e = entry_new();
	char *text = NULL;
	rf_status st;

	if (e == NULL)
		return RF_ERR_NOMEM;
	/* A title ending in " *" is jrnl's star. */
	while (tlen > 0 && isspace((unsigned char)title[tlen - 1]))
		tlen--;
	if (tlen > 0 && title[tlen - 1] == '*' &&
	    (tlen == 1 || isspace((unsigned char)title[tlen - 2]))) {
		starred = true;
		tlen--;
	}
	e->written = when;
	e->for_supervision = starred;
	if ((text = join_text(title, tlen, body, blen)) == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	if (!text_valid_utf8(text, strlen(text))) {
		st = RF_ERR_PARSE;
		goto out;
	}
	if (strlen(text) > ENTRY_MAX_TEXT) {
		st = RF_ERR_TOO_BIG; /* the same limit as every other way in */
		goto out;
	}
	if (text[0] != '\0' && (st = entry_set(&e->notice_text, text)) != RF_OK)
		goto out;
	if (json_is_array(tags)) {
		size_t i;
		json_t *t;
		json_array_foreach(tags, i, t)
		{
			const char *s = json_string_value(t);
			if (s == NULL)
				continue;
			while (*s == '@' || *s == '#')
				s++;
			if ((st = strlist_add(&e->themes, s)) != RF_OK)
				goto out;
		}
	} else if ((st = tags_from_text(e, text)) != RF_OK) {
		goto out;
	}
	if ((st = elist_push(l, e)) != RF_OK)
		goto out;
	e = NULL;
out:
	wipe_free(&text);
	entry_free(&e);
	return st;
}

rf_status import_jrnl_text(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d)
{
	elist l = {0};
	rf_status st = RF_OK;
	size_t pos = 0, tstart = 0, tlen = 0, bstart = 0;
	int line = 0;
	int64_t when = 0;
	bool open = false;

	*out = NULL;
	*n = 0;
	if (!text_valid_utf8(text, len))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("the file is not UTF-8 text"));
	while (pos < len) {
		const char *p = text + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - p) : len - pos;
		size_t next = pos + ll + (nl ? 1 : 0);
		int64_t w;
		size_t t;

		line++;
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if ((t = entry_line(p, ll, &w)) > 0) {
			if (open && (st = add_entry(&l, when, text + tstart, tlen, text + bstart,
						    pos - bstart, false, NULL)) != RF_OK)
				goto out;
			open = true;
			when = w;
			tstart = pos + t;
			tlen = ll - t;
			bstart = next;
		} else if (!open) {
			size_t k = 0;
			while (k < ll && isspace((unsigned char)p[k]))
				k++;
			if (k < ll) {
				st = rf_fail(d, RF_ERR_PARSE, line, 1,
					     "%s", _("a jrnl journal starts each entry with a line like "
					     "[2024-01-31 09:15] Title"));
				goto out;
			}
		}
		pos = next;
	}
	if (open && (st = add_entry(&l, when, text + tstart, tlen, text + bstart, len - bstart,
				    false, NULL)) != RF_OK)
		goto out;
	if (l.n == 0) {
		st = rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("no jrnl entries were found"));
		goto out;
	}
out:
	if (st == RF_ERR_TOO_BIG)
		rf_fail(d, st, line, 1, "%s",
			_("the entry that ends here is longer than reflect keeps in one text (1 MiB); "
			  "split it into several"));
	if (st != RF_OK) {
		entry_list_free(&l.v, l.n);
		return st;
	}
	*out = l.v;
	*n = l.n;
	return RF_OK;
}

rf_status import_jrnl_json(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d)
{
	elist l = {0};
	json_error_t err;
	json_t *root, *entries;
	rf_status st = RF_OK;
	size_t i;
	json_t *o;

	*out = NULL;
	*n = 0;
	root = json_loadb(text, len, 0, &err);
	if (root == NULL)
		return rf_fail(d, RF_ERR_PARSE, err.line, err.column, "%s", err.text);
	entries = json_is_array(root) ? root : json_object_get(root, "entries");
	if (!json_is_array(entries)) {
		st = rf_fail(d, RF_ERR_PARSE, 0, 0, "%s", _("a jrnl JSON export has an \"entries\" array"));
		goto out;
	}
	json_array_foreach(entries, i, o)
	{
		const char *title = json_string_value(json_object_get(o, "title"));
		const char *body = json_string_value(json_object_get(o, "body"));
		const char *date = json_string_value(json_object_get(o, "date"));
		const char *clock = json_string_value(json_object_get(o, "time"));
		int h = 0, mi = 0, s = 0;
		int64_t when;

		if (!json_is_object(o) || date == NULL || strlen(date) != 10 || date[4] != '-' ||
		    date[7] != '-' ||
		    (clock != NULL &&
		     parse_clock(clock, strlen(clock), &h, &mi, &s) != strlen(clock)) ||
		    !local_time(digits(date, 4), digits(date + 5, 2), digits(date + 8, 2), h, mi, s,
				&when)) {
			st = rf_fail(d, RF_ERR_PARSE, 0, 0,
				     "entry %zu has no valid \"date\" and \"time\"", i + 1);
			goto out;
		}
		if (title == NULL)
			title = "";
		if (body == NULL)
			body = "";
		st = add_entry(&l, when, title, strlen(title), body, strlen(body),
			       json_is_true(json_object_get(o, "starred")),
			       json_object_get(o, "tags"));
		if (st != RF_OK) {
			if (st == RF_ERR_PARSE)
				rf_fail(d, st, 0, 0, _("entry %zu is not valid text"), i + 1);
			else if (st == RF_ERR_TOO_BIG)
				rf_fail(d, st, 0, 0,
					_("entry %zu is longer than reflect keeps in one text (1 MiB); "
					  "split it into several"),
					i + 1);
			goto out;
		}
	}
out:
	json_decref(root);
	if (st != RF_OK) {
		entry_list_free(&l.v, l.n);
		return st;
	}
	*out = l.v;
	*n = l.n;
	return RF_OK;
}
