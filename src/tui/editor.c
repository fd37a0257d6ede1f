/* editor.c - the text editor widget's model: buffer, cursor, graphemes, soft wrap (no curses). */
#include "reflect/editor.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

typedef struct ed_row {
	size_t start;
	size_t len;
} ed_row;

struct editor {
	char *buf; /* always NUL-terminated, valid UTF-8 */
	size_t len;
	size_t cap;
	size_t max;
	size_t cur;
	bool multiline;
	uint64_t version;
	int goal; /* column up/down aim at; -1 when none */
	int width;
	/* layout cache */
	ed_row *rows;
	size_t nrows;
	size_t rowcap;
	bool laid_out;
	size_t top;
};

/* ---- UTF-8 and graphemes ---- */

static int32_t decode(const char *s, size_t len, size_t *adv)
{
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t n =
	    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
	if (n <= 0) {
		*adv = 1;
		return 0xFFFD;
	}
	*adv = (size_t)n;
	return cp;
}

int editor_cp_width(uint32_t cp)
{
	if (cp == 0 || cp > 0x10FFFF)
		return 0;
	int w = wcwidth((wchar_t)cp);
	if (w < 0) {
		/* not a UTF-8 locale, or unprintable: fall back to Unicode's own widths */
		w = utf8proc_charwidth((utf8proc_int32_t)cp);
		if (w < 0)
			w = 0;
	}
	return w;
}

int editor_str_width(const char *s, size_t len)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		size_t adv;
		int32_t cp = decode(s + i, len - i, &adv);
		w += editor_cp_width((uint32_t)cp);
		i += adv;
	}
	return w;
}

/* The end of the grapheme that starts at off (off < len). A newline is a grapheme of its own. */
static size_t next_boundary(const editor *ed, size_t off)
{
	if (off >= ed->len)
		return ed->len;
	size_t adv;
	int32_t prev = decode(ed->buf + off, ed->len - off, &adv);
	size_t i = off + adv;
	if (prev == '\n')
		return i;
	utf8proc_int32_t state = 0;
	while (i < ed->len) {
		int32_t cp = decode(ed->buf + i, ed->len - i, &adv);
		if (cp == '\n')
			break;
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		i += adv;
	}
	return i;
}

static size_t line_start(const editor *ed, size_t off)
{
	while (off > 0 && ed->buf[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const editor *ed, size_t off)
{
	while (off < ed->len && ed->buf[off] != '\n')
		off++;
	return off;
}

/* The start of the grapheme that ends at off (off > 0). */
static size_t prev_boundary(const editor *ed, size_t off)
{
	if (off == 0)
		return 0;
	size_t ls = line_start(ed, off);
	if (ls == off)
		return off - 1; /* the newline before this line */
	size_t b = ls;
	for (;;) {
		size_t n = next_boundary(ed, b);
		if (n >= off || n == b)
			return b;
		b = n;
	}
}

/* Snap off back to a grapheme boundary. */
static size_t snap(const editor *ed, size_t off)
{
	if (off >= ed->len)
		return ed->len;
	size_t b = line_start(ed, off);
	while (b < off) {
		size_t n = next_boundary(ed, b);
		if (n > off)
			return b;
		b = n;
	}
	return b;
}

static bool is_word_cp(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return cp == '\'' || cp == 0x2019;
	}
}

static bool word_at(const editor *ed, size_t off)
{
	size_t adv;
	return off < ed->len && is_word_cp(decode(ed->buf + off, ed->len - off, &adv));
}

/* ---- life cycle ---- */

editor *editor_new(size_t max_bytes, bool multiline)
{
	editor *ed = calloc(1, sizeof *ed);
	if (!ed)
		return NULL;
	ed->max = max_bytes ? max_bytes : EDITOR_DEFAULT_MAX;
	ed->cap = 64;
	ed->buf = calloc(ed->cap, 1);
	if (!ed->buf) {
		free(ed);
		return NULL;
	}
	ed->multiline = multiline;
	ed->goal = -1;
	ed->width = 72;
	return ed;
}

void editor_free(editor **ed)
{
	if (!ed || !*ed)
		return;
	editor *e = *ed;
	if (e->buf) {
		sodium_memzero(e->buf, e->cap);
		free(e->buf);
	}
	free(e->rows);
	free(e);
	*ed = NULL;
}

/* Make room for need bytes plus the NUL; the old buffer is wiped, never left behind by realloc. */
static rf_status reserve(editor *ed, size_t need)
{
	if (need > ed->max)
		return RF_ERR_TOO_BIG;
	if (need + 1 <= ed->cap)
		return RF_OK;
	size_t cap = ed->cap;
	while (cap < need + 1) {
		if (cap > SIZE_MAX / 2)
			return RF_ERR_NOMEM;
		cap *= 2;
	}
	char *nb = calloc(cap, 1);
	if (!nb)
		return RF_ERR_NOMEM;
	memcpy(nb, ed->buf, ed->len + 1);
	sodium_memzero(ed->buf, ed->cap);
	free(ed->buf);
	ed->buf = nb;
	ed->cap = cap;
	return RF_OK;
}

static void changed(editor *ed)
{
	ed->version++;
	ed->laid_out = false;
}

/* Clean src into a fresh malloc'ed string (see editor_insert); *out_len its length. */
static rf_status clean(const editor *ed, const char *s, size_t len, char **out, size_t *out_len)
{
	if (len > SIZE_MAX / 4 - 1)
		return RF_ERR_TOO_BIG;
	char *o = malloc(len * 4 + 1); /* a tab grows to 4 bytes; U+FFFD is 3 for 1 */
	if (!o)
		return RF_ERR_NOMEM;
	size_t n = 0;
	size_t i = 0;
	while (i < len) {
		size_t adv;
		int32_t cp = decode(s + i, len - i, &adv);
		if (cp == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				adv = 2;
			cp = '\n';
		}
		i += adv;
		if (cp == '\n') {
			o[n++] = ed->multiline ? '\n' : ' ';
			continue;
		}
		if (cp == '\t') {
			memcpy(o + n, "    ", 4);
			n += 4;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			continue;
		n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)o + n);
	}
	o[n] = '\0';
	*out = o;
	*out_len = n;
	return RF_OK;
}

rf_status editor_insert(editor *ed, const char *s, size_t len)
{
	char *c = NULL;
	size_t n = 0;
	rf_status st = clean(ed, s, len, &c, &n);
	if (st != RF_OK)
		goto out;
	if (n == 0)
		goto out;
	if (ed->len > SIZE_MAX - n) {
		st = RF_ERR_TOO_BIG;
		goto out;
	}
	st = reserve(ed, ed->len + n);
	if (st != RF_OK)
		goto out;
	memmove(ed->buf + ed->cur + n, ed->buf + ed->cur, ed->len - ed->cur + 1);
	memcpy(ed->buf + ed->cur, c, n);
	ed->len += n;
	ed->cur += n;
	/* a combining mark typed after a letter joins it: keep the cursor on a boundary */
	ed->cur = snap(ed, ed->cur) == ed->cur ? ed->cur : next_boundary(ed, snap(ed, ed->cur));
	ed->goal = -1;
	changed(ed);
out:
	if (c) {
		sodium_memzero(c, n);
		free(c);
	}
	return st;
}

rf_status editor_insert_char(editor *ed, uint32_t cp)
{
	utf8proc_uint8_t b[4];
	if (cp > 0x10FFFF)
		cp = 0xFFFD;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, b);
	return editor_insert(ed, (const char *)b, (size_t)n);
}

rf_status editor_set_text(editor *ed, const char *s)
{
	char *c = NULL;
	size_t n = 0;
	if (!s)
		s = "";
	rf_status st = clean(ed, s, strlen(s), &c, &n);
	if (st != RF_OK)
		return st;
	if (n > ed->max) {
		st = RF_ERR_TOO_BIG;
		goto out;
	}
	sodium_memzero(ed->buf, ed->cap);
	ed->len = 0;
	st = reserve(ed, n);
	if (st != RF_OK)
		goto out;
	memcpy(ed->buf, c, n + 1);
	ed->len = n;
	ed->cur = n;
	ed->goal = -1;
	ed->top = 0;
	changed(ed);
out:
	sodium_memzero(c, n);
	free(c);
	return st;
}

const char *editor_text(const editor *ed)
{
	return ed->buf;
}

size_t editor_len(const editor *ed)
{
	return ed->len;
}

bool editor_multiline(const editor *ed)
{
	return ed->multiline;
}

bool editor_blank(const editor *ed)
{
	for (size_t i = 0; i < ed->len; i++)
		if (ed->buf[i] != ' ' && ed->buf[i] != '\n')
			return false;
	return true;
}

uint64_t editor_version(const editor *ed)
{
	return ed->version;
}

size_t editor_cursor(const editor *ed)
{
	return ed->cur;
}

void editor_set_cursor(editor *ed, size_t off)
{
	ed->cur = snap(ed, off);
	ed->goal = -1;
}

/* ---- deleting ---- */

static void cut(editor *ed, size_t from, size_t to)
{
	if (to <= from)
		return;
	size_t n = to - from;
	memmove(ed->buf + from, ed->buf + to, ed->len - to + 1);
	ed->len -= n;
	sodium_memzero(ed->buf + ed->len + 1, n);
	ed->cur = from;
	ed->goal = -1;
	changed(ed);
}

bool editor_backspace(editor *ed)
{
	if (ed->cur == 0)
		return false;
	cut(ed, prev_boundary(ed, ed->cur), ed->cur);
	return true;
}

bool editor_delete(editor *ed)
{
	if (ed->cur >= ed->len)
		return false;
	cut(ed, ed->cur, next_boundary(ed, ed->cur));
	return true;
}

bool editor_delete_word_back(editor *ed)
{
	if (ed->cur == 0)
		return false;
	size_t end = ed->cur;
	editor_word_left(ed);
	cut(ed, ed->cur, end);
	return true;
}

/* ---- motions ---- */

void editor_left(editor *ed)
{
	ed->cur = prev_boundary(ed, ed->cur);
	ed->goal = -1;
}

void editor_right(editor *ed)
{
	ed->cur = next_boundary(ed, ed->cur);
	ed->goal = -1;
}

void editor_word_left(editor *ed)
{
	size_t c = ed->cur;
	while (c > 0) {
		size_t p = prev_boundary(ed, c);
		if (word_at(ed, p))
			break;
		c = p;
	}
	while (c > 0) {
		size_t p = prev_boundary(ed, c);
		if (!word_at(ed, p))
			break;
		c = p;
	}
	ed->cur = c;
	ed->goal = -1;
}

void editor_word_right(editor *ed)
{
	size_t c = ed->cur;
	while (c < ed->len && !word_at(ed, c))
		c = next_boundary(ed, c);
	while (c < ed->len && word_at(ed, c))
		c = next_boundary(ed, c);
	ed->cur = c;
	ed->goal = -1;
}

void editor_home(editor *ed)
{
	ed->cur = line_start(ed, ed->cur);
	ed->goal = -1;
}

void editor_end(editor *ed)
{
	ed->cur = line_end(ed, ed->cur);
	ed->goal = -1;
}

void editor_top(editor *ed)
{
	ed->cur = 0;
	ed->goal = -1;
}

void editor_bottom(editor *ed)
{
	ed->cur = ed->len;
	ed->goal = -1;
}

/* ---- layout ---- */

void editor_set_width(editor *ed, int width)
{
	if (width < 2)
		width = 2;
	if (width != ed->width) {
		ed->width = width;
		ed->laid_out = false;
	}
}

static rf_status push_row(editor *ed, size_t start, size_t len)
{
	if (ed->nrows == ed->rowcap) {
		size_t nc = ed->rowcap ? ed->rowcap * 2 : 32;
		if (nc > SIZE_MAX / sizeof(ed_row))
			return RF_ERR_NOMEM;
		ed_row *r = realloc(ed->rows, nc * sizeof(ed_row));
		if (!r)
			return RF_ERR_NOMEM;
		ed->rows = r;
		ed->rowcap = nc;
	}
	ed->rows[ed->nrows].start = start;
	ed->rows[ed->nrows].len = len;
	ed->nrows++;
	return RF_OK;
}

static void layout(editor *ed)
{
	if (ed->laid_out)
		return;
	ed->nrows = 0;
	size_t ls = 0;
	for (;;) {
		size_t le = line_end(ed, ls);
		size_t rs = ls; /* row start */
		int col = 0;	/* columns used in this row */
		size_t brk = 0; /* a break after a space in this row (0: none) */
		size_t g = ls;
		while (g < le) {
			size_t ng = next_boundary(ed, g);
			int w = editor_str_width(ed->buf + g, ng - g);
			bool space = ed->buf[g] == ' ';
			if (col + w > ed->width && g > rs) {
				if (space) {
					/* the space hangs at the end of this row */
					if (push_row(ed, rs, ng - rs) != RF_OK)
						goto fail;
					rs = ng;
					col = 0;
					brk = 0;
					g = ng;
					continue;
				}
				size_t end = brk > rs ? brk : g;
				if (push_row(ed, rs, end - rs) != RF_OK)
					goto fail;
				rs = end;
				brk = 0;
				col = editor_str_width(ed->buf + rs, g - rs);
				continue; /* measure g again on the new row */
			}
			col += w;
			if (space)
				brk = ng;
			g = ng;
		}
		if (push_row(ed, rs, le - rs) != RF_OK)
			goto fail;
		if (le >= ed->len)
			break;
		ls = le + 1;
	}
	ed->laid_out = true;
	return;
fail:
	/* out of memory: one row holding everything keeps the editor usable */
	ed->nrows = 0;
	if (ed->rowcap == 0)
		(void)push_row(ed, 0, ed->len);
	else {
		ed->rows[0].start = 0;
		ed->rows[0].len = ed->len;
		ed->nrows = 1;
	}
	ed->laid_out = true;
}

size_t editor_rows(editor *ed)
{
	layout(ed);
	return ed->nrows ? ed->nrows : 1;
}

void editor_row(editor *ed, size_t r, size_t *start, size_t *len)
{
	layout(ed);
	if (r >= ed->nrows) {
		*start = ed->len;
		*len = 0;
		return;
	}
	*start = ed->rows[r].start;
	*len = ed->rows[r].len;
}

/* The visual row holding offset off: the last row starting at or before it. */
static size_t row_of(editor *ed, size_t off)
{
	layout(ed);
	size_t lo = 0;
	size_t hi = ed->nrows;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ed->rows[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	/* an empty row after a newline starts at the same offset only when it is the newline's
	 * own next line; rows are strictly increasing in start otherwise */
	return lo;
}

void editor_cursor_pos(editor *ed, size_t *row, int *col)
{
	size_t r = row_of(ed, ed->cur);
	*row = r;
	*col = ed->nrows
		   ? editor_str_width(ed->buf + ed->rows[r].start, ed->cur - ed->rows[r].start)
		   : 0;
}

/* The offset in row r nearest to column goal without passing it. */
static size_t offset_at_col(editor *ed, size_t r, int goal)
{
	size_t s = ed->rows[r].start;
	size_t e = s + ed->rows[r].len;
	/* a wrapped row's last offset belongs to the next row: stop before it */
	bool wrapped = r + 1 < ed->nrows && ed->rows[r + 1].start == e;
	size_t g = s;
	int col = 0;
	while (g < e) {
		size_t ng = next_boundary(ed, g);
		int w = editor_str_width(ed->buf + g, ng - g);
		if (col + w > goal)
			break;
		if (wrapped && ng == e)
			break;
		col += w;
		g = ng;
	}
	return g;
}

static void vertical(editor *ed, long delta)
{
	size_t r;
	int col;
	editor_cursor_pos(ed, &r, &col);
	if (ed->goal < 0)
		ed->goal = col;
	long nr = (long)r + delta;
	if (nr < 0) {
		ed->cur = 0;
		return;
	}
	if ((size_t)nr >= ed->nrows) {
		ed->cur = ed->len;
		return;
	}
	int goal = ed->goal;
	ed->cur = offset_at_col(ed, (size_t)nr, goal);
	ed->goal = goal;
}

void editor_up(editor *ed)
{
	vertical(ed, -1);
}

void editor_down(editor *ed)
{
	vertical(ed, 1);
}

void editor_page_up(editor *ed, int n)
{
	vertical(ed, -(long)(n > 1 ? n : 1));
}

void editor_page_down(editor *ed, int n)
{
	vertical(ed, n > 1 ? n : 1);
}

size_t editor_scroll(editor *ed, int height)
{
	if (height < 1)
		height = 1;
	size_t r;
	int col;
	editor_cursor_pos(ed, &r, &col);
	size_t total = editor_rows(ed);
	if (ed->top > r)
		ed->top = r;
	if (r >= ed->top + (size_t)height)
		ed->top = r - (size_t)height + 1;
	/* do not leave empty space below when the text would fill the view */
	if (total >= (size_t)height && ed->top > total - (size_t)height)
		ed->top = total - (size_t)height;
	if (total < (size_t)height)
		ed->top = 0;
	return ed->top;
}
