/* export.c - writing entries out as JSON, Markdown (CommonMark), self-contained printable HTML
 * or plain text, in the Pause / Notice / Be Curious, Gibbs or NMC layout, with an optional
 * portfolio cover; and atomic 0600 files to write them to. */
#include "reflect/export.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmark.h>
#include <sodium.h>

#include "reflect/escape.h"
#include "reflect/attest.h"
#include "reflect/dates.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/text.h"
#include <utf8proc.h>

/* ---- names ---- */

static const char *const format_names[] = {"json", "md", "html", "txt", "pdf"};
static const char *const layout_names[] = {"pnc", "gibbs", "nmc"};

rf_status export_format_parse(const char *s, export_format *out)
{
	if (s == NULL)
		return RF_ERR_INVALID;
	if (strcmp(s, "markdown") == 0)
		s = "md";
	else if (strcmp(s, "text") == 0)
		s = "txt";
	for (int i = 0; i < 5; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*out = (export_format)i;
			return RF_OK;
		}
	}
	return RF_ERR_INVALID;
}

rf_status export_layout_parse(const char *s, export_layout *out)
{
	if (s == NULL)
		return RF_ERR_INVALID;
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, layout_names[i]) == 0) {
			*out = (export_layout)i;
			return RF_OK;
		}
	}
	return RF_ERR_INVALID;
}

const char *export_format_name(export_format f)
{
	return (unsigned)f < 5 ? format_names[f] : "?";
}

const char *export_layout_name(export_layout l)
{
	return (unsigned)l < 3 ? layout_names[l] : "?";
}

const char *export_format_extension(export_format f)
{
	return export_format_name(f);
}

/* ---- competency domains ---- */

const char *const export_domain_names[EXPORT_DOMAINS] = {
    "Theoretical Foundations",
    "Law, Regulation & Agency Policy",
    "Systems Expertise",
    "Direct Service Skills",
    "Working with Others",
    "Communicating",
    "Thinking",
    "Reflection",
};

/* Other ways people write the domains, already normalised (see norm below). */
static const struct {
	const char *alias;
	int domain;
} domain_aliases[] = {
    {"theory", 0},
    {"theoretical", 0},
    {"law", 1},
    {"law regulation", 1},
    {"law regulation and policy", 1},
    {"regulation", 1},
    {"agency policy", 1},
    {"policy", 1},
    {"systems", 2},
    {"system expertise", 2},
    {"direct service", 3},
    {"direct services", 3},
    {"direct service skill", 3},
    {"working with other", 4},
    {"working together", 4},
    {"communication", 5},
    {"communicating skills", 5},
    {"thinking skills", 6},
    {"reflective practice", 7},
    {"reflecting", 7},
};

/* Fold, read "&" as "and", keep letters and digits, one space between words. */
static char *norm(const char *s)
{
	char *f = text_fold(s);
	char *o;
	size_t n = 0;
	bool space = false;

	if (f == NULL)
		return NULL;
	o = malloc(strlen(f) * 5 + 1);
	if (o == NULL) {
		free(f);
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)f; *p; p++) {
		if (isalnum(*p) || *p >= 0x80) {
			if (space && n > 0)
				o[n++] = ' ';
			space = false;
			o[n++] = (char)*p;
		} else if (*p == '&') {
			if (n > 0)
				o[n++] = ' ';
			memcpy(o + n, "and", 3);
			n += 3;
			space = true;
		} else {
			space = true;
		}
	}
	o[n] = '\0';
	free(f);
	return o;
}

int export_domain_of(const char *label)
{
	char *l = norm(label);
	int found = -1;

	if (l == NULL)
		return -1;
	for (int i = 0; i < EXPORT_DOMAINS && found < 0; i++) {
		char *d = norm(export_domain_names[i]);
		if (d != NULL && strcmp(d, l) == 0)
			found = i;
		free(d);
	}
	for (size_t i = 0; found < 0 && i < sizeof domain_aliases / sizeof *domain_aliases; i++)
		if (strcmp(domain_aliases[i].alias, l) == 0)
			found = domain_aliases[i].domain;
	free(l);
	return found;
}

void export_stats_add(export_stats *s, const entry *e)
{
	char day[11];
	bool seen[EXPORT_DOMAINS] = {false};
	bool other = false;

	entry_day(e, day);
	if (s->entries == 0 || strcmp(day, s->first) < 0)
		memcpy(s->first, day, sizeof day);
	if (s->entries == 0 || strcmp(day, s->last) > 0)
		memcpy(s->last, day, sizeof day);
	s->entries++;
	if (e->for_supervision)
		s->for_supervision++;
	if (e->nresponses > 0)
		s->with_responses++;
	for (size_t i = 0; i < e->competencies.n; i++) {
		int d = export_domain_of(e->competencies.v[i]);
		if (d >= 0)
			seen[d] = true;
		else
			other = true;
	}
	for (int d = 0; d < EXPORT_DOMAINS; d++)
		if (seen[d])
			s->domains[d]++;
	if (other)
		s->other_competencies++;
}

/* ---- layouts: which field goes under which heading ---- */

typedef enum fld {
	F_END,
	F_PAUSE,
	F_BODY,
	F_ACTIVATION,
	F_NOTICE,
	F_BETWEEN,
	F_STIRRED,
	F_EMOTIONS,
	F_CURIOUS,
	F_PARENT,
	F_INFANT,
	F_QUESTIONS,
	F_THEMES,
	F_COMPETENCIES,
	F_RESPONSES,
} fld;

typedef struct item {
	int f;		   /* a fld, or F_ANSWER + the answer's index */
	const char *label; /* NULL: the section's main text, shown without a label */
} item;

/* The answers to the Gibbs and NMC questions (entry.answers). */
#define F_ANSWER 100

typedef struct section {
	const char *title;
	const char *question; /* what was asked, printed under the heading; NULL for none */
	item items[8];
} section;

typedef struct layout {
	const char *long_name;
	/* For an entry written in Pause / Notice / Be Curious: which part fills which heading
	 * (said under the entry's heading); NULL for the layout it was written in. */
	const char *mapping;
	section s[14];
} layout;

#define L_BODY	  "What my body was saying"
#define L_BETWEEN "What passed between parent and infant"
#define L_STIRRED "What was stirred in me"
#define L_PARENT  "Wondering about the parent\xe2\x80\x99s experience"
#define L_INFANT  "Wondering about the infant\xe2\x80\x99s experience"
#define L_ARRIVED "How I arrived"

#define S_THEMES                                                                              \
	{"Themes and competencies",                                                            \
	 NULL,                                                                                 \
	 {{F_THEMES, "Themes"}, {F_COMPETENCIES, "Competency domains (infant mental health)"}}}
#define S_SUPERVISION {"Reflective supervision", NULL, {{F_RESPONSES, NULL}}}

/* Entries written in Pause / Notice / Be Curious, in each layout. Gibbs and NMC headings hold
 * only what honestly answers them; a stage nothing was asked for is left out, and the
 * mapping is said on the page. */
static const layout layouts[3] = {
    {"Pause / Notice / Be Curious",
     NULL,
     {
	 {"Pause", NULL, {{F_PAUSE, NULL}, {F_BODY, L_BODY}, {F_ACTIVATION, "Activation"}}},
	 {"Notice",
	  NULL,
	  {{F_NOTICE, NULL},
	   {F_BETWEEN, L_BETWEEN},
	   {F_STIRRED, L_STIRRED},
	   {F_EMOTIONS, "Feelings"}}},
	 {"Be Curious",
	  NULL,
	  {{F_CURIOUS, NULL},
	   {F_PARENT, L_PARENT},
	   {F_INFANT, L_INFANT},
	   {F_QUESTIONS, "Questions for supervision"}}},
	 S_THEMES,
	 S_SUPERVISION,
     }},
    {"Gibbs reflective cycle",
     N_("Written with Pause / Notice / Be Curious and shown under Gibbs headings: Description "
	"holds Notice; Feelings holds Pause and what was stirred; Analysis holds Be Curious; "
	"Action plan holds the questions for supervision. Evaluation and Conclusion were not "
	"asked."),
     {
	 {"Description", NULL, {{F_NOTICE, NULL}, {F_BETWEEN, L_BETWEEN}}},
	 {"Feelings",
	  NULL,
	  {{F_PAUSE, L_ARRIVED},
	   {F_BODY, L_BODY},
	   {F_ACTIVATION, "Activation"},
	   {F_EMOTIONS, "Feelings"},
	   {F_STIRRED, L_STIRRED}}},
	 {"Analysis", NULL, {{F_CURIOUS, NULL}, {F_PARENT, L_PARENT}, {F_INFANT, L_INFANT}}},
	 {"Action plan", NULL, {{F_QUESTIONS, "Questions to take to supervision"}}},
	 S_THEMES,
	 S_SUPERVISION,
     }},
    {"NMC reflective account",
     N_("Written with Pause / Notice / Be Curious and shown under NMC headings: What happened "
	"holds Notice and Pause; What I learned holds Be Curious. How my practice changed and "
	"how it relates to the Code were not asked."),
     {
	 {"What happened",
	  NULL,
	  {{F_NOTICE, NULL},
	   {F_BETWEEN, L_BETWEEN},
	   {F_PAUSE, L_ARRIVED},
	   {F_BODY, L_BODY},
	   {F_ACTIVATION, "Activation"},
	   {F_EMOTIONS, "Feelings"},
	   {F_STIRRED, L_STIRRED}}},
	 {"What I learned", NULL, {{F_CURIOUS, NULL}, {F_PARENT, L_PARENT}, {F_INFANT, L_INFANT}}},
	 {"Questions for supervision", NULL, {{F_QUESTIONS, NULL}}},
	 S_THEMES,
	 S_SUPERVISION,
     }},
};

/* An entry written with the Gibbs or NMC questions, in any layout: what was asked, as asked
 * (and any Pause / Notice / Be Curious parts under their own headings). */
static const layout as_asked = {
    NULL,
    NULL,
    {
	{"Description", "What happened?", {{F_ANSWER + ENTRY_GIBBS_DESCRIPTION, NULL}}},
	{"Feelings", "What were you thinking and feeling?", {{F_ANSWER + ENTRY_GIBBS_FEELINGS, NULL}}},
	{"Evaluation", "What was good and bad about the experience?",
	 {{F_ANSWER + ENTRY_GIBBS_EVALUATION, NULL}}},
	{"Analysis", "What sense can you make of the situation?",
	 {{F_ANSWER + ENTRY_GIBBS_ANALYSIS, NULL}}},
	{"Conclusion", "What else could you have done?",
	 {{F_ANSWER + ENTRY_GIBBS_CONCLUSION, NULL}}},
	{"Action plan", "If it arose again, what would you do?",
	 {{F_ANSWER + ENTRY_GIBBS_ACTION_PLAN, NULL}}},
	{"What happened", "What happened?", {{F_ANSWER + ENTRY_NMC_WHAT_HAPPENED, NULL}}},
	{"What I learned", "What did you learn from it?", {{F_ANSWER + ENTRY_NMC_LEARNED, NULL}}},
	{"How my practice changed", "How did you change or improve your practice as a result?",
	 {{F_ANSWER + ENTRY_NMC_PRACTICE, NULL}}},
	{"How it relates to the Code",
	 "How is this relevant to the Code: prioritise people, practise effectively, preserve "
	 "safety, promote professionalism and trust?",
	 {{F_ANSWER + ENTRY_NMC_CODE, NULL}}},
	{"Pause / Notice / Be Curious",
	 NULL,
	 {{F_PAUSE, "Pause"},
	  {F_NOTICE, "Notice"},
	  {F_EMOTIONS, "Feelings"},
	  {F_CURIOUS, "Be Curious"},
	  {F_QUESTIONS, "Questions for supervision"}}},
	S_THEMES,
	S_SUPERVISION,
    },
};

/* Which model an entry's answers come from: 1 Gibbs, 2 NMC, 0 none (Pause / Notice / Be
 * Curious). */
static int answered_model(const entry *e)
{
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		if (e->answers[i] != NULL && e->answers[i][0] != '\0')
			return i < ENTRY_NMC_FIRST ? 1 : 2;
	return 0;
}

static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static const char *field_text(const entry *e, int f)
{
	if (f >= F_ANSWER && f < F_ANSWER + ENTRY_ANSWERS)
		return e->answers[f - F_ANSWER];
	switch (f) {
	case F_PAUSE:
		return e->pause_text;
	case F_BODY:
		return e->pause_body;
	case F_NOTICE:
		return e->notice_text;
	case F_BETWEEN:
		return e->notice_between;
	case F_STIRRED:
		return e->notice_stirred;
	case F_CURIOUS:
		return e->curious_text;
	case F_PARENT:
		return e->curious_parent;
	case F_INFANT:
		return e->curious_infant;
	default:
		return NULL;
	}
}

static const strlist *field_list(const entry *e, int f)
{
	switch (f) {
	case F_EMOTIONS:
		return &e->emotions;
	case F_QUESTIONS:
		return &e->questions;
	case F_THEMES:
		return &e->themes;
	case F_COMPETENCIES:
		return &e->competencies;
	default:
		return NULL;
	}
}

static bool item_present(const entry *e, int f)
{
	const strlist *l;

	if (f == F_ACTIVATION)
		return e->activation >= 0 && e->activation <= 10;
	if (f == F_RESPONSES) {
		for (size_t i = 0; i < e->nresponses; i++)
			if (!blank(e->responses[i].text))
				return true;
		return false;
	}
	if ((l = field_list(e, f)) != NULL)
		return l->n > 0;
	return !blank(field_text(e, f));
}

/* ---- the writer and its output ---- */

struct export_writer {
	export_options o;
	FILE *fp;
	char *buf;
	size_t len, cap;
	size_t n; /* entries written */
	bool finished;
	bool fork;  /* made by export_fork: one entry, for export_append */
	bool after; /* a fork: written as an entry that follows others */
	rf_status st; /* the first failure; later writes do nothing */
};

/* Grow the buffer, wiping the old copy (it holds plaintext). */
static void put(export_writer *w, const char *s, size_t n)
{
	if (w->st != RF_OK || n == 0)
		return;
	if (n > SIZE_MAX - w->len - 1) {
		w->st = RF_ERR_NOMEM;
		return;
	}
	if (w->len + n + 1 > w->cap) {
		size_t ncap = w->cap ? w->cap : 4096;
		char *nb;
		while (ncap < w->len + n + 1) {
			if (ncap > SIZE_MAX / 2) {
				w->st = RF_ERR_NOMEM;
				return;
			}
			ncap *= 2;
		}
		if ((nb = malloc(ncap)) == NULL) {
			w->st = RF_ERR_NOMEM;
			return;
		}
		if (w->buf != NULL) {
			memcpy(nb, w->buf, w->len);
			sodium_memzero(w->buf, w->cap);
			free(w->buf);
		}
		w->buf = nb;
		w->cap = ncap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void puts_(export_writer *w, const char *s)
{
	if (s != NULL)
		put(w, s, strlen(s));
}

static void putf(export_writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void putf(export_writer *w, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->st = RF_ERR_INVALID;
		return;
	}
	if ((size_t)n < sizeof small) {
		put(w, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);
		if (big == NULL) {
			w->st = RF_ERR_NOMEM;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		put(w, big, (size_t)n);
		sodium_memzero(big, (size_t)n);
		free(big);
	}
}

/* Write out what is buffered when writing to a FILE. */
static void drain(export_writer *w)
{
	if (w->fp == NULL || w->st != RF_OK || w->len == 0)
		return;
	if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
		w->st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	sodium_memzero(w->buf, w->len);
	w->len = 0;
}

/* Between entries: written out once a good part has gathered (a write for each entry of a
 * hundred thousand costs more than the writing). */
#define DRAIN_AT (256u << 10)
static void drain_some(export_writer *w)
{
	if (w->len >= DRAIN_AT)
		drain(w);
}

/* HTML-escaped text. */
static void put_html(export_writer *w, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			break;
		}
		if (rep != NULL) {
			put(w, run, (size_t)(s - run));
			puts_(w, rep);
			run = s + 1;
		}
	}
	put(w, run, (size_t)(s - run));
}

/* Text inside a Markdown paragraph, taken literally: punctuation that could start markup is
 * escaped and line breaks become spaces. */
static void put_md_inline(export_writer *w, const char *s)
{
	/* 1: escaped with a backslash; 2: a line break or tab, written as a space */
	static const unsigned char md_special[256] = {
	    ['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, [']'] = 1, ['<'] = 1,
	    ['>'] = 1, ['&'] = 1, ['#'] = 1, ['\n'] = 2, ['\r'] = 2, ['\t'] = 2,
	};
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++) {
		unsigned char k = md_special[(unsigned char)*s];
		if (k == 0)
			continue;
		put(w, run, (size_t)(s - run));
		put(w, k == 2 ? " " : "\\", 1);
		run = k == 2 ? s + 1 : s;
	}
	put(w, run, (size_t)(s - run));
}

/* Text on one line of plain text. */
static void put_line(export_writer *w, const char *s)
{
	if (s == NULL)
		return;
	for (; *s; s++) {
		char c = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;
		put(w, &c, 1);
	}
}

static void put_inline(export_writer *w, const char *s)
{
	switch (w->o.format) {
	case EXPORT_HTML:
		put_html(w, s);
		break;
	case EXPORT_MD:
		put_md_inline(w, s);
		break;
	default:
		put_line(w, s);
		break;
	}
}

/* Append to a growable text (for the visible-text check). */
static bool vis_add(char **b, size_t *len, size_t *cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (*len + n + 2 > *cap) {
		size_t ncap = (*len + n + 2) * 2;
		char *nb = malloc(ncap);
		if (nb == NULL)
			return false;
		if (*b != NULL) {
			memcpy(nb, *b, *len);
			sodium_memzero(*b, *cap);
			free(*b);
		}
		*b = nb;
		*cap = ncap;
	}
	memcpy(*b + *len, s ? s : "", n);
	*len += n;
	(*b)[*len] = '\0';
	return true;
}

/* The words a reader of the rendered Markdown sees (character references decoded, emphasis
 * joined to its word) and the links' targets, given to the export's check. A name that only
 * appears once rendered ("Ma*ya*", "M&#97;ya") cannot be redacted in the text as written, so
 * it stops the export instead of leaking. */
static bool visible_ok(export_writer *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char *b = NULL;
	size_t len = 0, cap = 0;
	bool ok = it != NULL;

	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_ENTER)
				ok = vis_add(&b, &len, &cap, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			ok = vis_add(&b, &len, &cap, "\n");
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_EXIT)
				ok = vis_add(&b, &len, &cap, "\n") &&
				     vis_add(&b, &len, &cap, cmark_node_get_url(node)) &&
				     vis_add(&b, &len, &cap, "\n") &&
				     vis_add(&b, &len, &cap, cmark_node_get_title(node)) &&
				     vis_add(&b, &len, &cap, "\n");
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
		case CMARK_NODE_BLOCK_QUOTE:
			if (ev == CMARK_EVENT_EXIT)
				ok = vis_add(&b, &len, &cap, "\n");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	if (ok && b != NULL)
		ok = w->o.check(b, len, w->o.check_ctx) == 0;
	if (b != NULL) {
		sodium_memzero(b, cap);
		free(b);
	}
	return ok;
}

/* ---- plain prose without cmark (escape.c gives byte for byte what cmark would) ---- */

struct vis_buf {
	char *b;
	size_t len, cap;
	bool failed;
};

static void vis_out(void *ctx, const char *s, size_t n)
{
	struct vis_buf *v = ctx;
	char *nb;

	if (v->failed)
		return;
	if (v->len + n + 1 > v->cap) {
		size_t ncap = (v->len + n + 1) * 2;
		if ((nb = malloc(ncap)) == NULL) {
			v->failed = true;
			return;
		}
		if (v->b != NULL) {
			memcpy(nb, v->b, v->len);
			sodium_memzero(v->b, v->cap);
			free(v->b);
		}
		v->b = nb;
		v->cap = ncap;
	}
	memcpy(v->b + v->len, s, n);
	v->len += n;
	v->b[v->len] = '\0';
}

static void put_out(void *ctx, const char *s, size_t n)
{
	put(ctx, s, n);
}

static void put_plain(export_writer *w, const char *text)
{
	/* One line of plain prose reads exactly as it is written: the check sees it so. */
	if (w->o.check != NULL && strchr(text, '\n') == NULL) {
		if (w->o.check(text, strlen(text), w->o.check_ctx) != 0) {
			w->st = RF_ERR_REJECTED;
			return;
		}
	} else if (w->o.check != NULL) {
		struct vis_buf v = {NULL, 0, 0, false};
		rf_status st = RF_OK;
		escape_plain_visible(text, vis_out, &v);
		if (v.failed)
			st = RF_ERR_NOMEM;
		else if (w->o.check(v.b, v.len, w->o.check_ctx) != 0)
			st = RF_ERR_REJECTED;
		if (v.b != NULL) {
			sodium_memzero(v.b, v.cap);
			free(v.b);
		}
		if (st != RF_OK) {
			w->st = st;
			return;
		}
	}
	if (w->o.format == EXPORT_HTML) {
		escape_plain_html(text, put_out, w);
	} else {
		escape_plain_md(text, put_out, w);
		put(w, "\n", 1);
	}
}

/* A block of the person's own text: Markdown rendered with cmark (HTML without raw HTML, or
 * normalised CommonMark with its headings moved below the export's own), or as written for
 * plain text. */
static void put_block(export_writer *w, const char *text)
{
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	char *r;
	size_t n;

	if (blank(text))
		return;
	if (w->o.format == EXPORT_TXT) {
		n = strlen(text);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r'))
			n--;
		put(w, text, n);
		put(w, "\n\n", 2);
		return;
	}
	if (escape_is_plain(text)) {
		put_plain(w, text);
		return;
	}
	doc = cmark_parse_document(text, strlen(text), CMARK_OPT_VALIDATE_UTF8);
	if (doc == NULL) {
		w->st = RF_ERR_NOMEM;
		return;
	}
	it = cmark_iter_new(doc);
	while (it != NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING) {
			int lv = cmark_node_get_heading_level(node) + 4;
			cmark_node_set_heading_level(node, lv > 6 ? 6 : lv);
		}
	}
	cmark_iter_free(it);
	/* Raw HTML is shown as the text it is, never passed through (and never dropped). */
	for (;;) {
		cmark_node *raw = NULL, *rep;
		it = cmark_iter_new(doc);
		while (it != NULL && raw == NULL &&
		       (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *node = cmark_iter_get_node(it);
			cmark_node_type t = cmark_node_get_type(node);
			if (ev == CMARK_EVENT_ENTER &&
			    (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK))
				raw = node;
		}
		cmark_iter_free(it);
		if (raw == NULL)
			break;
		if (cmark_node_get_type(raw) == CMARK_NODE_HTML_BLOCK) {
			cmark_node *txt = cmark_node_new(CMARK_NODE_TEXT);
			rep = cmark_node_new(CMARK_NODE_PARAGRAPH);
			if (txt == NULL || rep == NULL ||
			    !cmark_node_set_literal(txt, cmark_node_get_literal(raw)) ||
			    !cmark_node_append_child(rep, txt)) {
				cmark_node_free(txt);
				cmark_node_free(rep);
				rep = NULL;
			}
		} else {
			rep = cmark_node_new(CMARK_NODE_TEXT);
			if (rep != NULL &&
			    !cmark_node_set_literal(rep, cmark_node_get_literal(raw))) {
				cmark_node_free(rep);
				rep = NULL;
			}
		}
		if (rep == NULL || !cmark_node_replace(raw, rep)) {
			cmark_node_free(rep);
			cmark_node_free(doc);
			w->st = RF_ERR_NOMEM;
			return;
		}
		cmark_node_free(raw);
	}
	if (w->o.check != NULL && !visible_ok(w, doc)) {
		cmark_node_free(doc);
		w->st = RF_ERR_REJECTED;
		return;
	}
	/* A line break inside a field stays one (a hard break), as the person wrote it. */
	if (w->o.format == EXPORT_HTML)
		r = cmark_render_html(doc, CMARK_OPT_SAFE | CMARK_OPT_HARDBREAKS);
	else
		r = cmark_render_commonmark(doc, CMARK_OPT_HARDBREAKS, 0);
	cmark_node_free(doc);
	if (r == NULL) {
		w->st = RF_ERR_NOMEM;
		return;
	}
	n = strlen(r);
	put(w, r, n);
	if (w->o.format == EXPORT_MD)
		put(w, "\n", 1);
	sodium_memzero(r, n);
	free(r);
}

/* ---- pieces every format has ---- */

static void heading(export_writer *w, int level, const char *title)
{
	switch (w->o.format) {
	case EXPORT_MD:
		for (int i = 0; i < level; i++)
			put(w, "#", 1);
		put(w, " ", 1);
		put_md_inline(w, title);
		puts_(w, "\n\n");
		break;
	case EXPORT_HTML:
		putf(w, "<h%d>", level);
		put_html(w, title);
		putf(w, "</h%d>\n", level);
		break;
	default: {
		int width = text_width(title);
		put_line(w, title);
		put(w, "\n", 1);
		if (level <= 3) {
			const char *u = level == 1 ? "=" : level == 2 ? "-" : "~";
			for (int i = 0; i < width; i++)
				put(w, u, 1);
			put(w, "\n", 1);
		}
		put(w, "\n", 1);
		break;
	}
	}
}

/* "Label: value" on a line of its own. */
static void labelled_start(export_writer *w, const char *label)
{
	switch (w->o.format) {
	case EXPORT_MD:
		puts_(w, "**");
		put_md_inline(w, label);
		puts_(w, ":** ");
		break;
	case EXPORT_HTML:
		puts_(w, "<p><span class=\"label\">");
		put_html(w, label);
		puts_(w, ":</span> ");
		break;
	default:
		put_line(w, label);
		puts_(w, ": ");
		break;
	}
}

static void labelled_end(export_writer *w)
{
	puts_(w, w->o.format == EXPORT_HTML ? "</p>\n" : "\n\n");
}

static void labelled(export_writer *w, const char *label, const char *value)
{
	labelled_start(w, label);
	put_inline(w, value);
	labelled_end(w);
}

/* A label above a block of text. */
static void sublabel(export_writer *w, const char *label)
{
	switch (w->o.format) {
	case EXPORT_MD:
		puts_(w, "**");
		put_md_inline(w, label);
		puts_(w, "**\n\n");
		break;
	case EXPORT_HTML:
		puts_(w, "<h4>");
		put_html(w, label);
		puts_(w, "</h4>\n");
		break;
	default:
		put_line(w, label);
		puts_(w, ":\n");
		break;
	}
}

/* A list of vocabulary words, each as a person reads it in the language in force. */
static void joined(export_writer *w, const strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			puts_(w, ", ");
		put_inline(w, prompts_word_shown(l->v[i]));
	}
}

static void bullets(export_writer *w, const strlist *l)
{
	if (w->o.format == EXPORT_HTML)
		puts_(w, "<ul>\n");
	for (size_t i = 0; i < l->n; i++) {
		if (w->o.format == EXPORT_HTML) {
			puts_(w, "<li>");
			put_html(w, l->v[i]);
			puts_(w, "</li>\n");
		} else {
			puts_(w, "- ");
			put_inline(w, l->v[i]);
			puts_(w, "\n");
		}
	}
	puts_(w, w->o.format == EXPORT_HTML ? "</ul>\n" : "\n");
}

static void responses(export_writer *w, const entry *e, const char *label)
{
	char day[11];

	entry_day(e, day);
	if (label != NULL)
		sublabel(w, label);
	for (size_t i = 0; i < e->nresponses; i++) {
		const entry_response *r = &e->responses[i];
		char who[400], rday[11] = "", shown[80] = "", eday[80];
		if (blank(r->text))
			continue;
		if (!blank(r->at)) {
			snprintf(rday, sizeof rday, "%.10s", r->at);
			dates_human_day(rday, shown, sizeof shown);
		}
		dates_human_day(day, eday, sizeof eday);
		/* The entry it answers is named, so a response read on its own page is not lost. */
		snprintf(who, sizeof who, _("Response from %s%s%s, to the reflection of %s"),
			 blank(r->from) ? _("a supervisor") : r->from, *shown ? ", " : "", shown,
			 eday);
		if (w->o.format == EXPORT_HTML) {
			puts_(w, "<blockquote class=\"response\">\n<p class=\"label\">");
			put_html(w, who);
			puts_(w, "</p>\n");
			put_block(w, r->text);
			puts_(w, "</blockquote>\n");
		} else {
			sublabel(w, who);
			put_block(w, r->text);
		}
	}
}

static void put_item(export_writer *w, const entry *e, const item *it)
{
	const strlist *l = field_list(e, it->f);
	const char *label = it->label ? _(it->label) : NULL;
	char num[64];

	if (it->f == F_ACTIVATION) {
		snprintf(num, sizeof num, _("%d of 10"), e->activation);
		labelled(w, label, num);
	} else if (it->f == F_RESPONSES) {
		responses(w, e, label);
	} else if (it->f == F_QUESTIONS) {
		if (label != NULL) /* else the part's heading names them */
			sublabel(w, label);
		bullets(w, l);
	} else if (l != NULL) {
		labelled_start(w, label);
		joined(w, l);
		labelled_end(w);
	} else {
		if (label != NULL)
			sublabel(w, label);
		put_block(w, field_text(e, it->f));
	}
}

/* The line under an entry's heading: life stage, family code, flags. */
static void entry_meta(export_writer *w, const entry *e)
{
	const char *parts[5];
	char fam[160];
	size_t n = 0;

	if (!blank(e->life_stage))
		parts[n++] = prompts_word_shown(e->life_stage);
	if (!blank(e->family)) {
		snprintf(fam, sizeof fam, _("family %s"), e->family);
		parts[n++] = fam;
	}
	if (e->for_supervision)
		parts[n++] = _("for supervision");
	if (e->portfolio)
		parts[n++] = _("portfolio");
	if (n == 0)
		return;
	puts_(w, w->o.format == EXPORT_HTML ? "<p class=\"meta\">"
		 : w->o.format == EXPORT_MD ? "*"
					    : "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			puts_(w, " \xc2\xb7 ");
		put_inline(w, parts[i]);
	}
	puts_(w, w->o.format == EXPORT_HTML ? "</p>\n"
		 : w->o.format == EXPORT_MD ? "*\n\n"
					    : "\n\n");
}

static void section_start(export_writer *w, const char *title)
{
	if (w->o.format == EXPORT_HTML)
		puts_(w, "<section>\n");
	if (w->o.format == EXPORT_TXT) {
		/* Plain text: the section's name in capitals, in any script. */
		char up[256];
		size_t n = 0;
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)title;
		utf8proc_int32_t c;
		utf8proc_ssize_t k;
		while (*p && (k = utf8proc_iterate(p, -1, &c)) > 0 && n + 4 < sizeof up) {
			n += (size_t)utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)up + n);
			p += k;
		}
		up[n] = '\0';
		heading(w, 4, up);
	} else {
		heading(w, 3, title);
	}
}

static void section_end(export_writer *w)
{
	if (w->o.format == EXPORT_HTML)
		puts_(w, "</section>\n");
}

/* A line in italics under an entry's or a section's heading. */
static void aside(export_writer *w, const char *text)
{
	switch (w->o.format) {
	case EXPORT_MD:
		puts_(w, "*");
		put_md_inline(w, text);
		puts_(w, "*\n\n");
		break;
	case EXPORT_HTML:
		puts_(w, "<p class=\"asked\">");
		put_html(w, text);
		puts_(w, "</p>\n");
		break;
	default:
		put_line(w, text);
		puts_(w, "\n\n");
		break;
	}
}

/* Under the entry's heading: how the parts it was written in fill the layout's headings. */
static void mapping_note(export_writer *w, int model)
{
	if (model == 0 && layouts[w->o.layout].mapping != NULL)
		aside(w, _(layouts[w->o.layout].mapping));
	else if (model == 1 && w->o.layout != EXPORT_GIBBS)
		aside(w, _("Written with the Gibbs reflective cycle\xe2\x80\x99s questions; shown as "
			   "asked."));
	else if (model == 2 && w->o.layout != EXPORT_NMC)
		aside(w, _("Written with the NMC reflective account\xe2\x80\x99s questions; shown as "
			   "asked."));
}

static void write_entry_text(export_writer *w, const entry *e)
{
	int model = answered_model(e);
	const layout *ly = model ? &as_asked : &layouts[w->o.layout];
	const size_t nsec = sizeof ly->s / sizeof ly->s[0];
	size_t shown[sizeof ly->s / sizeof ly->s[0]], nshown = 0;
	char iso_day[11], day[80], title[300];

	entry_day(e, iso_day);
	dates_human_day(iso_day, day, sizeof day);
	if (!blank(e->visit_type))
		snprintf(title, sizeof title, "%s \xe2\x80\x94 %s", day,
			 prompts_word_shown(e->visit_type));
	else
		snprintf(title, sizeof title, "%s", day);
	if (w->o.format == EXPORT_HTML)
		putf(w, "<article class=\"entry\" id=\"entry-%lld\">\n", (long long)e->id);
	else if (w->n > 0 && w->o.format == EXPORT_MD)
		puts_(w, "---\n\n");
	else if (w->n > 0)
		puts_(w, "* * *\n\n");
	heading(w, 2, title);
	entry_meta(w, e);
	mapping_note(w, model);
	/* The sections that have something to show; an empty part is left out. */
	for (size_t s = 0; s < nsec && ly->s[s].title != NULL; s++) {
		bool any = false;
		for (size_t i = 0; ly->s[s].items[i].f != F_END; i++)
			any = any || item_present(e, ly->s[s].items[i].f);
		if (any)
			shown[nshown++] = s;
	}
	for (size_t k = 0; k < nshown; k++) {
		const section *sec = &ly->s[shown[k]];
		/* Printed, the last two parts (the end of the reflection and what answers it)
		 * stay on one page when they fit. */
		if (w->o.format == EXPORT_HTML && nshown >= 2 && k == nshown - 2)
			puts_(w, "<div class=\"keep\">\n");
		section_start(w, _(sec->title));
		if (sec->question != NULL)
			aside(w, _(sec->question));
		for (size_t i = 0; sec->items[i].f != F_END; i++)
			if (item_present(e, sec->items[i].f))
				put_item(w, e, &sec->items[i]);
		section_end(w);
	}
	if (w->o.format == EXPORT_HTML && nshown >= 2)
		puts_(w, "</div>\n");
	if (w->o.format == EXPORT_HTML)
		puts_(w, "</article>\n");
}

/* ---- JSON ---- */

static void write_entry_json(export_writer *w, const entry *e)
{
	rf_status st;

	puts_(w, w->n > 0 ? ",\n    " : "\n    ");
	/* Streamed as entry_to_json writes it, its lines indented to sit inside the document's
	 * array. */
	if ((st = entry_json_write(e, ENTRY_JSON_ID | ENTRY_JSON_PRETTY, 4, put_out, w)) != RF_OK &&
	    w->st == RF_OK)
		w->st = st;
}

static void json_string_out(export_writer *w, const char *s)
{
	put(w, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			putf(w, "\\%c", c);
		else if (c == '\n')
			puts_(w, "\\n");
		else if (c < 0x20)
			putf(w, "\\u%04x", c);
		else
			put(w, (const char *)&c, 1);
	}
	put(w, "\"", 1);
}

static void hours_text(double h, char out[32]);

static void put_hours(export_writer *w, double h)
{
	char b[32];

	hours_text(h, b);
	puts_(w, b);
}

/* The attestations, each whole (its record, checked by 'reflect verify') and the summary the
 * cover shows, which verify compares with what was signed. */
static void json_attestations(export_writer *w)
{
	if (w->o.nattest == 0)
		return;
	puts_(w, "    \"attestations\": [");
	for (size_t i = 0; i < w->o.nattest; i++) {
		const attest *a = w->o.attest[i];
		puts_(w, i ? ",\n      {" : "\n      {");
		puts_(w, "\"credential\": ");
		json_string_out(w, a->credential);
		puts_(w, ", \"entries\": [");
		for (size_t k = 0; k < a->nentries; k++)
			putf(w, "%s%lld", k ? ", " : "", (long long)a->entries[k]);
		puts_(w, "], \"fingerprint\": ");
		json_string_out(w, a->fingerprint);
		puts_(w, ", \"from\": ");
		json_string_out(w, a->from);
		putf(w, ", \"minutes\": %ld, \"record\": ", a->minutes);
		json_string_out(w, a->record);
		putf(w, ", \"sessions\": %zu, \"supervisor\": ", a->nsessions);
		json_string_out(w, a->supervisor.name);
		puts_(w, ", \"to\": ");
		json_string_out(w, a->to);
		puts_(w, "}");
	}
	puts_(w, "\n    ],\n");
}

static void json_cover(export_writer *w)
{
	const export_stats *s = w->o.stats;

	puts_(w, ",\n  \"portfolio\": {\n");
	json_attestations(w);
	puts_(w, "    \"competency_domains\": [");
	for (int d = 0; d < EXPORT_DOMAINS; d++) {
		puts_(w, d ? ", " : "");
		puts_(w, "{\"domain\": ");
		json_string_out(w, export_domain_names[d]);
		putf(w, ", \"entries\": %zu", s->domains[d]);
		if (w->o.rows != NULL) {
			bool first = true;
			puts_(w, ", \"evidence\": [");
			for (size_t i = 0; i < w->o.nrows; i++) {
				if (!(w->o.rows[i].domains & (1u << d)))
					continue;
				putf(w, "%s%lld", first ? "" : ", ", (long long)w->o.rows[i].id);
				first = false;
			}
			puts_(w, "]");
		}
		puts_(w, "}");
	}
	puts_(w, "],\n");
	putf(w, "    \"deidentified\": %s,\n", w->o.deidentified ? "true" : "false");
	if (w->o.deidentified)
		puts_(w, "    \"deidentified_checks\": [\"identifiers list\", \"possible names\", "
			 "\"email addresses\", \"phone numbers\", \"dates of birth\", "
			 "\"addresses\"],\n");
	putf(w, "    \"entries\": %zu,\n", s->entries);
	putf(w, "    \"for_supervision\": %zu,\n", s->for_supervision);
	if (s->entries > 0) {
		puts_(w, "    \"from\": ");
		json_string_out(w, s->first);
		puts_(w, ",\n");
	}
	puts_(w, "    \"layout\": ");
	json_string_out(w, export_layout_name(w->o.layout));
	puts_(w, ",\n");
	if (w->o.name != NULL) {
		puts_(w, "    \"name\": ");
		json_string_out(w, w->o.name);
		puts_(w, ",\n");
	}
	putf(w, "    \"other_competencies\": %zu,\n", s->other_competencies);
	if (w->o.prepared != NULL) {
		puts_(w, "    \"prepared\": ");
		json_string_out(w, w->o.prepared);
		puts_(w, ",\n");
	}
	if (w->o.hours != NULL) {
		puts_(w, "    \"supervision\": {");
		if (w->o.hours->from[0]) {
			puts_(w, "\"from\": ");
			json_string_out(w, w->o.hours->from);
			puts_(w, ", ");
		}
		puts_(w, "\"group_hours\": ");
		put_hours(w, w->o.hours->group);
		putf(w, ", \"group_sessions\": %zu", w->o.hours->group_sessions);
		puts_(w, ", \"hours\": ");
		put_hours(w, w->o.hours->hours);
		puts_(w, ", \"individual_hours\": ");
		put_hours(w, w->o.hours->individual);
		putf(w, ", \"individual_sessions\": %zu", w->o.hours->individual_sessions);
		if (w->o.hours->confirmed_sessions > 0 || w->o.nattest > 0) {
			puts_(w, ", \"confirmed_hours\": ");
			put_hours(w, w->o.hours->confirmed);
			putf(w, ", \"confirmed_sessions\": %zu", w->o.hours->confirmed_sessions);
		}
		putf(w, ", \"sessions\": %zu", w->o.hours->sessions);
		if (w->o.hours->to[0]) {
			puts_(w, ", \"to\": ");
			json_string_out(w, w->o.hours->to);
		}
		puts_(w, "},\n");
	}
	puts_(w, "    \"title\": ");
	json_string_out(w, w->o.title != NULL ? w->o.title : "Reflective practice portfolio");
	puts_(w, ",\n");
	if (s->entries > 0) {
		puts_(w, "    \"to\": ");
		json_string_out(w, s->last);
		puts_(w, ",\n");
	}
	putf(w, "    \"with_responses\": %zu\n  }", s->with_responses);
}

/* ---- the cover page ---- */

static const char *default_title(const export_writer *w)
{
	if (w->o.title != NULL)
		return w->o.title;
	return w->o.portfolio ? N_("Reflective practice portfolio") : N_("Reflections");
}

static void cover_line(export_writer *w, const char *label, const char *value)
{
	if (w->o.format == EXPORT_MD) {
		/* Two trailing spaces: a hard line break, so the lines stay lines. */
		puts_(w, "**");
		put_md_inline(w, label);
		puts_(w, ":** ");
		put_md_inline(w, value);
		puts_(w, "  \n");
	} else if (w->o.format == EXPORT_HTML) {
		puts_(w, "<tr><th scope=\"row\">");
		put_html(w, label);
		puts_(w, "</th><td>");
		put_html(w, value);
		puts_(w, "</td></tr>\n");
	} else {
		put_line(w, label);
		puts_(w, ": ");
		put_line(w, value);
		puts_(w, "\n");
	}
}

static void para(export_writer *w, const char *text)
{
	if (w->o.format == EXPORT_HTML) {
		puts_(w, "<p>");
		put_html(w, text);
		puts_(w, "</p>\n");
	} else {
		put_inline(w, text);
		puts_(w, "\n\n");
	}
}

/* Hours to the nearest quarter, without trailing zeros ("1.5", "3"). */
static void hours_text(double h, char out[32])
{
	double q = (double)(long long)(h * 4.0 + 0.5) / 4.0;
	size_t n;

	snprintf(out, 32, "%.2f", q);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

/* " (p. 3)" after a reference to row i, when the printed pages are known. */
static void page_ref(export_writer *w, size_t i)
{
	if (w->o.pages != NULL && w->o.pages[i] > 0) {
		char b[64];
		snprintf(b, sizeof b, _(" (p. %d)"), w->o.pages[i]);
		put_inline(w, b);
	}
}

/* A reference to row i: its day, a link in HTML, and its page when printed. */
/* A day (YYYY-MM-DD) as people read it, into out: "Fri 20 Nov 2026". */
static const char *hday(const char *day, char out[64])
{
	dates_human_day(day, out, 64);
	return out;
}

static void row_ref(export_writer *w, size_t i)
{
	const export_row *r = &w->o.rows[i];
	char d[64];

	if (w->o.format == EXPORT_HTML) {
		putf(w, "<span class=\"ref\"><a href=\"#entry-%lld\">", (long long)r->id);
		put_html(w, hday(r->day, d));
		puts_(w, "</a>");
		page_ref(w, i);
		puts_(w, "</span>");
	} else {
		put_inline(w, hday(r->day, d));
		page_ref(w, i);
	}
}

/* The competency domains and, when the rows are known, the entries that evidence each. */
static void write_domains(export_writer *w)
{
	const export_stats *s = w->o.stats;
	bool index = w->o.rows != NULL;
	char b[256];
	int covered = 0;

	heading(w, 2, _("Competency domains"));
	for (int d = 0; d < EXPORT_DOMAINS; d++)
		covered += s->domains[d] > 0;
	snprintf(b, sizeof b,
		 ngettext("%d of the 8 infant mental health competency domains is evidenced.",
			  "%d of the 8 infant mental health competency domains are evidenced.",
			  (unsigned long)covered),
		 covered);
	para(w, b);
	if (w->o.format == EXPORT_HTML) {
		putf(w, "<table class=\"domains\">\n<thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th>",
		     _("Domain"), _("Reflections"));
		if (index)
			putf(w, "<th scope=\"col\">%s</th>", _("Evidenced by"));
		puts_(w, "</tr></thead>\n<tbody>\n");
	}
	for (int d = 0; d < EXPORT_DOMAINS; d++) {
		bool first = true;
		if (s->domains[d] > 0)
			snprintf(b, sizeof b, ngettext("%zu reflection", "%zu reflections", s->domains[d]),
				 s->domains[d]);
		else
			snprintf(b, sizeof b, "%s", _("not yet evidenced"));
		if (w->o.format == EXPORT_HTML) {
			puts_(w, "<tr><td>");
			put_html(w, prompts_word_shown(export_domain_names[d]));
			puts_(w, "</td><td>");
			put_html(w, b);
			puts_(w, index ? "</td><td>" : "");
		} else {
			puts_(w, "- ");
			put_inline(w, prompts_word_shown(export_domain_names[d]));
			puts_(w, ": ");
			put_inline(w, b);
		}
		for (size_t i = 0; index && i < w->o.nrows; i++) {
			if (!(w->o.rows[i].domains & (1u << d)))
				continue;
			puts_(w, first ? (w->o.format == EXPORT_HTML ? "" : " (") : ", ");
			row_ref(w, i);
			first = false;
		}
		if (w->o.format == EXPORT_HTML)
			puts_(w, "</td></tr>\n");
		else
			puts_(w, first ? "\n" : ")\n");
	}
	puts_(w, w->o.format == EXPORT_HTML ? "</tbody>\n</table>\n" : "\n");
	if (s->other_competencies > 0) {
		snprintf(b, sizeof b,
			 ngettext("%zu reflection also names other competencies.",
				  "%zu reflections also name other competencies.",
				  s->other_competencies),
			 s->other_competencies);
		para(w, b);
	}
}

/* The reflective supervision hours in words that cannot be misread: "6 hours over 5
 * sessions: 3 one-to-one sessions (3 h), 2 group sessions (3 h)". */
static void write_hours(export_writer *w, const export_hours *h)
{
	char a[32], b[32], c[32], line[600], part[200], d1[64], d2[64];

	heading(w, 2, _("Reflective supervision"));
	line[0] = '\0';
	if (h->from[0] && h->to[0])
		snprintf(line, sizeof line, _("From %s to %s: "), hday(h->from, d1), hday(h->to, d2));
	else if (h->from[0])
		snprintf(line, sizeof line, _("Since %s: "), hday(h->from, d1));
	else if (h->to[0])
		snprintf(line, sizeof line, _("Up to %s: "), hday(h->to, d2));
	if (h->sessions == 0) {
		snprintf(part, sizeof part, "%s", _("no reflective supervision sessions are logged."));
		strncat(line, part, sizeof line - strlen(line) - 1);
	} else {
		hours_text(h->hours, a);
		hours_text(h->individual, b);
		hours_text(h->group, c);
		/* TRANSLATORS: "6 hours over 5 sessions"; the number of hours is a decimal. */
		snprintf(part, sizeof part,
			 h->hours == 1.0 ? ngettext("%s hour over %zu session", "%s hour over %zu sessions",
						    h->sessions)
					 : ngettext("%s hours over %zu session",
						    "%s hours over %zu sessions", h->sessions),
			 a, h->sessions);
		strncat(line, part, sizeof line - strlen(line) - 1);
		strncat(line, ": ", sizeof line - strlen(line) - 1);
		snprintf(part, sizeof part,
			 ngettext("%zu one-to-one session (%s h)", "%zu one-to-one sessions (%s h)",
				  h->individual_sessions),
			 h->individual_sessions, b);
		strncat(line, part, sizeof line - strlen(line) - 1);
		strncat(line, ", ", sizeof line - strlen(line) - 1);
		snprintf(part, sizeof part,
			 ngettext("%zu group session (%s h)", "%zu group sessions (%s h)",
				  h->group_sessions),
			 h->group_sessions, c);
		strncat(line, part, sizeof line - strlen(line) - 1);
		strncat(line, _(". Peer supervision is not counted."), sizeof line - strlen(line) - 1);
	}
	para(w, line);
	if (h->sessions > 0 && (h->confirmed_sessions > 0 || w->o.nattest > 0)) {
		size_t self = h->sessions - h->confirmed_sessions;
		hours_text(h->confirmed, a);
		hours_text(h->hours - h->confirmed, b);
		snprintf(line, sizeof line,
			 ngettext("Confirmed by a supervisor\xe2\x80\x99s signed statement: %s h over %zu "
				  "session.",
				  "Confirmed by a supervisor\xe2\x80\x99s signed statement: %s h over %zu "
				  "sessions.",
				  h->confirmed_sessions),
			 a, h->confirmed_sessions);
		snprintf(part, sizeof part,
			 ngettext(" Self-reported: %s h over %zu session.",
				  " Self-reported: %s h over %zu sessions.", self),
			 b, self);
		strncat(line, part, sizeof line - strlen(line) - 1);
		para(w, line);
	}
}

/* A reference to the practitioner's entry id: its day and page when it is in this
 * document, else its number. */
static void entry_ref(export_writer *w, int64_t id)
{
	for (size_t i = 0; w->o.rows != NULL && i < w->o.nrows; i++)
		if (w->o.rows[i].id == id) {
			row_ref(w, i);
			return;
		}
	{
		char b[40];
		snprintf(b, sizeof b, "#%lld", (long long)id);
		put_inline(w, b);
	}
}

/* Each supervisor's signed statement: who (name, credential, key fingerprint), when, the
 * sessions and the entries discussed. */
static void write_attestations(export_writer *w)
{
	char b[600], h[32];

	if (w->o.nattest == 0)
		return;
	heading(w, 3, _("Confirmed by the supervisor"));
	for (size_t i = 0; i < w->o.nattest; i++) {
		const attest *a = w->o.attest[i];
		hours_text((double)a->minutes / 60.0, h);
		if (w->o.format == EXPORT_HTML)
			puts_(w, "<div class=\"attestation\">\n<table class=\"facts\">\n");
		snprintf(b, sizeof b, "%s%s%s", a->supervisor.name, *a->credential ? ", " : "",
			 a->credential);
		cover_line(w, _("Signed by"), b);
		cover_line(w, _("Key fingerprint"), a->fingerprint);
		char d1[64], d2[64];
		snprintf(d2, sizeof d2, "%.10s", a->signed_at);
		cover_line(w, _("Signed on"), hday(d2, d1));
		if (a->from[0] || a->to[0]) {
			snprintf(b, sizeof b, _("%s to %s"),
				 a->from[0] ? hday(a->from, d1) : "\xe2\x80\xa6",
				 a->to[0] ? hday(a->to, d2) : "\xe2\x80\xa6");
			cover_line(w, _("Period"), b);
		}
		if (w->o.format == EXPORT_HTML)
			puts_(w, "</table>\n");
		else
			puts_(w, "\n");
		snprintf(b, sizeof b,
			 _("%zu sessions took place (%s hours; %zu in a group). These entries were "
			   "discussed: "),
			 a->nsessions, h, a->group_sessions);
		if (w->o.format == EXPORT_HTML)
			puts_(w, "<p>");
		put_inline(w, b);
		for (size_t k = 0; k < a->nentries; k++) {
			if (k > 0)
				puts_(w, ", ");
			entry_ref(w, a->entries[k]);
		}
		if (a->nentries == 0)
			put_inline(w, _("none named"));
		puts_(w, w->o.format == EXPORT_HTML ? ".</p>\n" : ".\n\n");
		para(w, _("Check it with: reflect verify on the JSON portfolio."));
		if (w->o.format == EXPORT_HTML)
			puts_(w, "</div>\n");
	}
}

/* The table of contents: each entry's date, visit type and family code (and its page when
 * printed). */
static void write_contents(export_writer *w)
{
	bool pages = w->o.pages != NULL;

	heading(w, 2, _("Contents"));
	if (w->o.nrows == 0) {
		para(w, _("No reflections matched."));
		return;
	}
	if (w->o.format == EXPORT_HTML) {
		putf(w, "<table class=\"toc\">\n<thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     _("Date"), _("Visit type"), _("Family"));
		if (pages)
			putf(w, "<th scope=\"col\" class=\"page\">%s</th>", _("Page"));
		puts_(w, "</tr></thead>\n<tbody>\n");
	}
	for (size_t i = 0; i < w->o.nrows; i++) {
		const export_row *r = &w->o.rows[i];
		const char *vt = blank(r->visit_type) ? "" : prompts_word_shown(r->visit_type);
		const char *fam = blank(r->family) ? "" : r->family;
		char d[64];
		if (w->o.format == EXPORT_HTML) {
			putf(w, "<tr><td><a href=\"#entry-%lld\">", (long long)r->id);
			put_html(w, hday(r->day, d));
			puts_(w, "</a></td><td>");
			put_html(w, vt);
			puts_(w, "</td><td>");
			put_html(w, fam);
			puts_(w, "</td>");
			if (pages)
				putf(w, "<td class=\"page\">%d</td>", w->o.pages[i]);
			puts_(w, "</tr>\n");
		} else {
			char fb[200];
			puts_(w, "- ");
			put_inline(w, hday(r->day, d));
			if (*vt) {
				puts_(w, " \xc2\xb7 ");
				put_inline(w, vt);
			}
			if (*fam) {
				snprintf(fb, sizeof fb, _("family %s"), fam);
				puts_(w, " \xc2\xb7 ");
				put_inline(w, fb);
			}
			page_ref(w, i);
			puts_(w, "\n");
		}
	}
	puts_(w, w->o.format == EXPORT_HTML ? "</tbody>\n</table>\n" : "\n");
}

static void write_cover(export_writer *w)
{
	const export_stats *s = w->o.stats;
	char b[256], d1[64], d2[64];

	if (w->o.format == EXPORT_HTML)
		puts_(w, "<header class=\"cover\">\n");
	heading(w, 1, w->o.title != NULL ? w->o.title : _(default_title(w)));
	if (w->o.format == EXPORT_HTML)
		puts_(w, "<table class=\"facts\">\n");
	if (w->o.name != NULL)
		cover_line(w, _("Practitioner"), w->o.name);
	if (w->o.prepared != NULL)
		cover_line(w, _("Prepared"), hday(w->o.prepared, d1));
	if (s->entries > 0) {
		if (strcmp(s->first, s->last) == 0) /* one day: said once */
			snprintf(b, sizeof b, "%s", hday(s->first, d1));
		else
			snprintf(b, sizeof b, _("%s to %s"), hday(s->first, d1), hday(s->last, d2));
		cover_line(w, _("Period"), b);
	}
	snprintf(b, sizeof b,
		 _("%zu (%zu marked for supervision, %zu with a supervisor\xe2\x80\x99s response)"),
		 s->entries, s->for_supervision, s->with_responses);
	cover_line(w, _("Reflections"), b);
	cover_line(w, _("Layout"), _(layouts[w->o.layout].long_name));
	if (w->o.format == EXPORT_HTML)
		puts_(w, "</table>\n");
	else
		puts_(w, "\n");
	if (w->o.deidentified)
		para(w, _("Before this document was written, its text was checked for the names on "
			  "the practitioner\xe2\x80\x99s identifiers list (in any case or spelling "
			  "variant), words that may be names, email addresses, phone numbers, dates "
			  "of birth and addresses; any found were replaced by placeholders such as "
			  "[child F-03] or [phone]. A check like this can miss what it does not "
			  "know, so a person must still read this document before it is shared."));

	if (w->o.rows != NULL)
		write_contents(w);
	write_domains(w);
	if (w->o.hours != NULL)
		write_hours(w, w->o.hours);
	write_attestations(w);
	if (w->o.format == EXPORT_HTML)
		puts_(w, "</header>\n");
	else if (w->o.format == EXPORT_MD)
		puts_(w, "---\n\n");
	else
		puts_(w, "* * *\n\n");
}

/* ---- HTML page ---- */

static const char html_css[] =
    ":root{color-scheme:light}\n"
    "body{font-family:Georgia,\"DejaVu Serif\",\"Times New Roman\",serif;line-height:1.55;"
    "color:#1f1f1f;background:#fff;max-width:44em;margin:2em auto;padding:0 1.2em}\n"
    "h1,h2,h3,h4,th{font-family:\"DejaVu Sans\",Helvetica,Arial,sans-serif;line-height:1.25}\n"
    "h1{font-size:1.8em;margin:0 0 .6em}\n"
    "h2{font-size:1.35em;margin:0 0 .2em;color:#2b4a5e}\n"
    "h3{font-size:1.1em;margin:1.3em 0 .3em;color:#2b4a5e;border-bottom:1px solid #d5dde2}\n"
    "h4{font-size:.95em;margin:.9em 0 .2em}\n"
    "h5,h6{font-size:.9em}\n"
    ".meta{color:#555;font-style:italic;margin-top:0}\n"
    ".asked{color:#555;font-style:italic;margin:.2em 0 .5em}\n"
    ".label{font-weight:bold}\n"
    ".empty{color:#666;font-style:italic}\n"
    "article.entry{border-top:2px solid #d5dde2;margin-top:2.5em;padding-top:1em}\n"
    "blockquote.response{border-left:3px solid #8aa4b5;margin:.6em 0;padding:.1em "
    "1em;background:#f5f8fa}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em}\n"
    "th,td{text-align:left;padding:.25em .8em .25em 0;vertical-align:top}\n"
    "table.domains td,table.domains th{border-bottom:1px solid #e3e8eb}\n"
    "img{max-width:100%}\n"
    "pre,code{white-space:pre-wrap;font-size:.95em}\n"
    "table.toc td,table.toc th{border-bottom:1px solid #e3e8eb}\n"
    "td.page,th.page{text-align:right;padding-right:0}\n"
    ".ref,table.toc td{white-space:nowrap}\n"
    "@media print{\n"
    "body{max-width:none;margin:0;padding:0;font-size:11pt}\n"
    "header.cover{break-after:page;page-break-after:always}\n"
    "article.entry{border-top:none;margin-top:0;padding-top:0}\n"
    "article.entry+article.entry{break-before:page;page-break-before:always}\n"
    "h1,h2,h3,h4,p.meta,p.label,p.asked{break-after:avoid;page-break-after:avoid}\n"
    "div.keep,blockquote.response,tr,li{break-inside:avoid;page-break-inside:avoid}\n"
    "p,li,blockquote{orphans:3;widows:3}\n"
    "a{color:inherit;text-decoration:none}\n"
    "}\n";

/* A CSS string: every byte that could end it, or the style element, written as an escape. */
static void put_css_string(export_writer *w, const char *s)
{
	put(w, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == ' ' || c == '.' || c == ',' || c == '-' || c >= 0x80)
			put(w, s, 1);
		else
			putf(w, "\\%x ", c);
	}
	put(w, "\"", 1);
}

/* The printed page: A4, a running header with the person's name and the period, and "Page n
 * of N" at the foot of every page. */
static void html_page_css(export_writer *w)
{
	const char *fmt = _("Page %1$s of %2$s");
	const char *n1 = strstr(fmt, "%1$s"), *n2 = strstr(fmt, "%2$s");
	char period[160] = "", runner[600], d1[64], d2[64];

	if (w->o.stats != NULL && w->o.stats->entries > 0 &&
	    strcmp(w->o.stats->first, w->o.stats->last) == 0)
		snprintf(period, sizeof period, "%s", hday(w->o.stats->first, d1));
	else if (w->o.stats != NULL && w->o.stats->entries > 0)
		snprintf(period, sizeof period, _("%s to %s"), hday(w->o.stats->first, d1),
			 hday(w->o.stats->last, d2));
	if (w->o.name != NULL && *period)
		snprintf(runner, sizeof runner, "%s \xc2\xb7 %s", w->o.name, period);
	else if (w->o.name != NULL)
		snprintf(runner, sizeof runner, "%s", w->o.name);
	else if (*period)
		snprintf(runner, sizeof runner, "%s \xc2\xb7 %s",
			 w->o.title != NULL ? w->o.title : _(default_title(w)), period);
	else
		snprintf(runner, sizeof runner, "%s",
			 w->o.title != NULL ? w->o.title : _(default_title(w)));
	puts_(w, "@page{size:A4;margin:2.2cm 2cm 2cm;\n"
		 "@top-left{content:");
	put_css_string(w, runner);
	puts_(w, ";font:9pt \"DejaVu Sans\",Helvetica,Arial,sans-serif;color:#555}\n"
		 "@bottom-center{content:");
	if (n1 == NULL || n2 == NULL || n2 < n1) {
		/* a catalogue without both numbers in order: the untranslated words */
		fmt = "Page %1$s of %2$s";
		n1 = fmt + 5;
		n2 = fmt + 13;
	}
	{
		char *a = strndup(fmt, (size_t)(n1 - fmt));
		char *b = strndup(n1 + 4, (size_t)(n2 - n1 - 4));
		if (a == NULL || b == NULL) {
			w->st = RF_ERR_NOMEM;
		} else {
			put_css_string(w, a);
			puts_(w, " counter(page) ");
			put_css_string(w, b);
			puts_(w, " counter(pages) ");
			put_css_string(w, n2 + 4);
		}
		free(a);
		free(b);
	}
	puts_(w, ";font:9pt \"DejaVu Sans\",Helvetica,Arial,sans-serif;color:#555}}\n");
}

static void html_head(export_writer *w)
{
	/* TRANSLATORS: the language tag of exported HTML pages (BCP 47: "en", "es"). */
	putf(w, "<!DOCTYPE html>\n<html lang=\"%s\">\n", _("en"));
	puts_(w, "<head>\n<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		 "style-src 'unsafe-inline'; img-src data:\">\n"
		 "<meta name=\"referrer\" content=\"no-referrer\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta name=\"generator\" content=\"reflect\">\n<title>");
	put_html(w, w->o.title != NULL ? w->o.title : _(default_title(w)));
	puts_(w, "</title>\n<style>\n");
	puts_(w, html_css);
	html_page_css(w);
	puts_(w, "</style>\n</head>\n<body>\n");
}

/* ---- the public writer ---- */

rf_status export_begin(const export_options *o, FILE *fp, export_writer **out)
{
	export_writer *w;

	*out = NULL;
	if (o == NULL || (unsigned)o->format > EXPORT_TXT || (unsigned)o->layout > EXPORT_NMC ||
	    (o->portfolio && o->stats == NULL))
		return RF_ERR_INVALID;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return RF_ERR_NOMEM;
	w->o = *o;
	w->fp = fp;
	/* without a cover, the title heads the page, in the language in force */
	const char *title = o->title != NULL ? o->title : _(default_title(w));
	switch (o->format) {
	case EXPORT_JSON:
		puts_(w, "{");
		break;
	case EXPORT_HTML:
		html_head(w);
		if (o->portfolio)
			write_cover(w);
		else
			heading(w, 1, title);
		break;
	default:
		if (o->portfolio)
			write_cover(w);
		else
			heading(w, 1, title);
		break;
	}
	if (o->format == EXPORT_JSON)
		puts_(w, "\n  \"entries\": [");
	drain(w);
	if (w->st != RF_OK) {
		rf_status st = w->st;
		export_writer_free(&w);
		return st;
	}
	*out = w;
	return RF_OK;
}

rf_status export_entry(export_writer *w, const entry *e)
{
	size_t start;

	if (w == NULL || e == NULL || w->finished)
		return RF_ERR_INVALID;
	if (w->st != RF_OK)
		return w->st;
	start = w->len;
	if (w->o.format == EXPORT_JSON)
		write_entry_json(w, e);
	else
		write_entry_text(w, e);
	if (w->st == RF_ERR_REJECTED) {
		/* Take the entry back out before it can be written anywhere. */
		sodium_memzero(w->buf + start, w->len - start);
		w->len = start;
		if (w->buf != NULL)
			w->buf[start] = '\0';
		return RF_ERR_REJECTED;
	}
	w->n++;
	drain_some(w);
	return w->st;
}

rf_status export_finish(export_writer *w)
{
	if (w == NULL || w->finished)
		return RF_ERR_INVALID;
	if (w->st != RF_OK)
		return w->st;
	switch (w->o.format) {
	case EXPORT_JSON:
		puts_(w, w->n > 0 ? "\n  ]" : "]");
		if (w->o.portfolio)
			json_cover(w);
		puts_(w, ",\n  \"reflect\": 1\n}\n");
		break;
	case EXPORT_HTML:
		if (w->n == 0)
			putf(w, "<p class=\"empty\">%s</p>\n", _("No reflections matched."));
		puts_(w, "</body>\n</html>\n");
		break;
	default:
		if (w->n == 0)
			para(w, _("No reflections matched."));
		break;
	}
	drain(w);
	w->finished = true;
	if (w->st == RF_OK && w->fp != NULL && fflush(w->fp) != 0)
		w->st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	return w->st;
}

const char *export_buffer(const export_writer *w, size_t *len)
{
	if (w == NULL || w->fp != NULL) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = w->len;
	return w->buf != NULL ? w->buf : "";
}

rf_status export_fork(const export_writer *w, bool after, void *check_ctx, export_writer **out)
{
	export_writer *f;

	*out = NULL;
	if (w == NULL || w->finished || w->fork)
		return RF_ERR_INVALID;
	if ((f = calloc(1, sizeof *f)) == NULL)
		return RF_ERR_NOMEM;
	f->o = w->o;
	if (check_ctx != NULL)
		f->o.check_ctx = check_ctx;
	f->n = after ? 1 : 0; /* all an entry's own writing knows of the ones before it */
	f->fork = true;
	f->after = after;
	*out = f;
	return RF_OK;
}

rf_status export_append(export_writer *w, export_writer *fork, const entry *e)
{
	if (w == NULL || fork == NULL || !fork->fork || w->finished)
		return RF_ERR_INVALID;
	if (w->st != RF_OK)
		return w->st;
	if (fork->st != RF_OK)
		return fork->st;
	if (fork->after != (w->n > 0))
		return export_entry(w, e); /* an entry before it was left out: written here */
	put(w, fork->buf != NULL ? fork->buf : "", fork->len);
	if (w->st != RF_OK)
		return w->st;
	w->n++;
	drain_some(w);
	return w->st;
}

void export_writer_free(export_writer **w)
{
	if (w == NULL || *w == NULL)
		return;
	if ((*w)->buf != NULL) {
		sodium_memzero((*w)->buf, (*w)->cap);
		free((*w)->buf);
	}
	free(*w);
	*w = NULL;
}

/* ---- atomic files ---- */

struct export_file {
	char *path;
	char *tmp;
	FILE *fp;
	bool overwrite;
};

static rf_status io_status(void)
{
	return errno == ENOSPC || errno == EDQUOT ? RF_ERR_FULL : RF_ERR_IO;
}

rf_status export_file_open(const char *path, bool overwrite, export_file **out)
{
	export_file *f = NULL;
	const char *slash;
	size_t dirlen, n;
	rf_status st = RF_OK;
	int fd = -1;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return RF_ERR_INVALID;
	if (!overwrite && access(path, F_OK) == 0)
		return RF_ERR_EXISTS;
	if ((f = calloc(1, sizeof *f)) == NULL)
		return RF_ERR_NOMEM;
	f->overwrite = overwrite;
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	n = dirlen + sizeof ".reflect-export.XXXXXX";
	f->path = strdup(path);
	f->tmp = malloc(n);
	if (f->path == NULL || f->tmp == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	memcpy(f->tmp, path, dirlen);
	memcpy(f->tmp + dirlen, ".reflect-export.XXXXXX", sizeof ".reflect-export.XXXXXX");
	if ((fd = mkstemp(f->tmp)) < 0) {
		st = io_status();
		goto out;
	}
	if (fchmod(fd, 0600) != 0 || (f->fp = fdopen(fd, "w")) == NULL) {
		st = io_status();
		close(fd);
		unlink(f->tmp);
		goto out;
	}
out:
	if (st != RF_OK) {
		free(f->path);
		free(f->tmp);
		free(f);
		return st;
	}
	*out = f;
	return RF_OK;
}

FILE *export_file_stream(export_file *f)
{
	return f ? f->fp : NULL;
}

static void file_free(export_file **f)
{
	free((*f)->path);
	free((*f)->tmp);
	free(*f);
	*f = NULL;
}

/* fsync the directory holding path, so the rename itself is durable. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd;

	if (dir == NULL)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

rf_status export_file_commit(export_file **fp)
{
	export_file *f;
	rf_status st = RF_OK;

	if (fp == NULL || *fp == NULL)
		return RF_ERR_INVALID;
	f = *fp;
	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0)
		st = io_status();
	if (fclose(f->fp) != 0 && st == RF_OK)
		st = io_status();
	f->fp = NULL;
	if (st == RF_OK) {
		if (f->overwrite) {
			if (rename(f->tmp, f->path) != 0)
				st = io_status();
		} else if (link(f->tmp, f->path) == 0) {
			unlink(f->tmp);
		} else if (errno == EEXIST) {
			st = RF_ERR_EXISTS;
		} else if (access(f->path, F_OK) != 0 && rename(f->tmp, f->path) == 0) {
			/* A file system without hard links: checked, then renamed. */
		} else {
			st = access(f->path, F_OK) == 0 ? RF_ERR_EXISTS : io_status();
		}
	}
	if (st != RF_OK) {
		/* Nothing of the export may stay behind in the temporary file. */
		int fd = open(f->tmp, O_WRONLY);
		if (fd >= 0) {
			struct stat sb;
			if (fstat(fd, &sb) == 0 && sb.st_size > 0) {
				char zero[4096] = {0};
				for (off_t left = sb.st_size; left > 0;) {
					ssize_t w = write(fd, zero,
							  left > (off_t)sizeof zero ? sizeof zero
										    : (size_t)left);
					if (w <= 0)
						break;
					left -= w;
				}
				(void)fsync(fd);
			}
			close(fd);
		}
		unlink(f->tmp);
	} else {
		sync_dir(f->path);
	}
	file_free(fp);
	return st;
}

void export_file_abort(export_file **fp)
{
	export_file *f;

	if (fp == NULL || *fp == NULL)
		return;
	f = *fp;
	if (f->fp != NULL) {
		long size;
		fflush(f->fp);
		size = ftell(f->fp);
		if (size > 0 && fseek(f->fp, 0, SEEK_SET) == 0) {
			char zero[4096] = {0};
			for (long left = size; left > 0;) {
				size_t k = left > (long)sizeof zero ? sizeof zero : (size_t)left;
				if (fwrite(zero, 1, k, f->fp) != k)
					break;
				left -= (long)k;
			}
			fflush(f->fp);
			(void)fsync(fileno(f->fp));
		}
		fclose(f->fp);
		f->fp = NULL;
	}
	unlink(f->tmp);
	file_free(fp);
}
