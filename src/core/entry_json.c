/* entry_json.c - an entry as JSON written straight to its reader: byte for byte what
 * entry_to_json gives (jansson's dump with sorted keys, indented by two or compact), without
 * building jansson values, measuring and dumping them first. An export of many entries streams
 * each through it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reflect/entry.h"

typedef struct jw {
	void (*out)(void *ctx, const char *s, size_t n);
	void *ctx;
	bool pretty;
	unsigned lead; /* spaces after every line break, before the indentation */
	int depth;
	size_t count[8]; /* members written so far in the object or array open at each depth */
	bool bad;	 /* a text that is not UTF-8, or a missing one jansson would refuse */
} jw;

#define OUT(w, s, n) ((w)->out((w)->ctx, (s), (n)))

static const char spaces[] = "                                                                ";

/* A line break and the indentation of depth (indented form only). */
static void indent(jw *w, int depth)
{
	size_t n = w->lead + 2 * (size_t)depth;

	if (!w->pretty)
		return;
	OUT(w, "\n", 1);
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		OUT(w, spaces, k);
		n -= k;
	}
}

/* Before a member of the object or array open at w->depth. */
static void member(jw *w)
{
	if (w->count[w->depth]++ > 0)
		OUT(w, ",", 1);
	indent(w, w->depth);
}

static void open_(jw *w, const char *c)
{
	OUT(w, c, 1);
	w->depth++;
	w->count[w->depth] = 0;
}

static void close_(jw *w, const char *c)
{
	if (w->count[w->depth] > 0)
		indent(w, w->depth - 1);
	w->depth--;
	OUT(w, c, 1);
}

static void key(jw *w, const char *k)
{
	member(w);
	OUT(w, "\"", 1);
	OUT(w, k, strlen(k));
	OUT(w, w->pretty ? "\": " : "\":", w->pretty ? 3 : 2);
}

/* The length of the UTF-8 sequence at s (at most n bytes) as jansson accepts it (no overlong
 * forms, surrogates or code points past U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t k;
	uint32_t cp;

	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (k > n)
		return 0;
	cp = c & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return k;
}

/* A string value, escaped as jansson escapes it: \" \\ \b \f \n \r \t, any other control
 * character as \u00XX, everything else (non-ASCII included) as it is. */
static void string(jw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run = s;
	size_t n = strlen(str);
	const unsigned char *end = s + n;

	OUT(w, "\"", 1);
	while (s < end) {
		unsigned char c = *s;
		char esc[8];
		const char *rep;
		size_t rl = 2, k;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			s++;
			continue;
		}
		if (c >= 0x80) {
			if ((k = utf8_seq(s, (size_t)(end - s))) == 0) {
				w->bad = true;
				return;
			}
			s += k;
			continue;
		}
		switch (c) {
		case '"':
			rep = "\\\"";
			break;
		case '\\':
			rep = "\\\\";
			break;
		case '\b':
			rep = "\\b";
			break;
		case '\f':
			rep = "\\f";
			break;
		case '\n':
			rep = "\\n";
			break;
		case '\r':
			rep = "\\r";
			break;
		case '\t':
			rep = "\\t";
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
			rep = esc;
			rl = 6;
			break;
		}
		if (s > run)
			OUT(w, (const char *)run, (size_t)(s - run));
		OUT(w, rep, rl);
		run = ++s;
	}
	if (s > run)
		OUT(w, (const char *)run, (size_t)(s - run));
	OUT(w, "\"", 1);
}

static void str_member(jw *w, const char *k, const char *v)
{
	if (v == NULL || *v == '\0')
		return; /* left out, as set_str leaves it out */
	key(w, k);
	string(w, v);
}

static void int_member(jw *w, const char *k, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%lld", v);

	key(w, k);
	OUT(w, b, (size_t)n);
}

static void bool_member(jw *w, const char *k, bool v)
{
	key(w, k);
	OUT(w, v ? "true" : "false", v ? 4 : 5);
}

static void list_member(jw *w, const char *k, const strlist *l)
{
	if (l->n == 0)
		return;
	key(w, k);
	open_(w, "[");
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i] == NULL) {
			w->bad = true;
			return;
		}
		member(w);
		string(w, l->v[i]);
	}
	close_(w, "]");
}

static bool set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The answers of one model (Gibbs or NMC), keys in order. */
static void answers_member(jw *w, const entry *e, const char *k, int from, int to)
{
	int order[ENTRY_ANSWERS], n = 0;
	bool any = false;

	for (int i = from; i < to; i++) {
		int at = n++;
		any = any || set(e->answers[i]);
		/* insertion by the key after the dot, as JSON_SORT_KEYS orders them */
		while (at > 0 && strcmp(strchr(entry_answer_path(order[at - 1]), '.') + 1,
					strchr(entry_answer_path(i), '.') + 1) > 0) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
	if (!any)
		return;
	key(w, k);
	open_(w, "{");
	for (int m = 0; m < n; m++)
		str_member(w, strchr(entry_answer_path(order[m]), '.') + 1, e->answers[order[m]]);
	close_(w, "}");
}

rf_status entry_json_write(const entry *e, int flags, unsigned lead,
			   void (*out)(void *ctx, const char *s, size_t n), void *ctx)
{
	bool meta = (flags & ENTRY_JSON_META) || !(flags & ENTRY_JSON_BODY);
	bool body = (flags & ENTRY_JSON_BODY) || !(flags & ENTRY_JSON_META);
	bool pause = (meta && e->activation >= 0) ||
		     (body && (set(e->pause_text) || set(e->pause_body)));
	bool notice = (meta && e->emotions.n > 0) ||
		      (body && (set(e->notice_text) || set(e->notice_between) ||
				set(e->notice_stirred)));
	bool curious = (meta && e->questions.n > 0) ||
		       (body && (set(e->curious_text) || set(e->curious_parent) ||
				 set(e->curious_infant)));
	jw w = {.out = out, .ctx = ctx, .pretty = (flags & ENTRY_JSON_PRETTY) != 0,
		.lead = (flags & ENTRY_JSON_PRETTY) ? lead : 0};

	/* The keys of each object in sorted order (strcmp), as jansson writes them. */
	open_(&w, "{");
	if (meta)
		list_member(&w, "competencies", &e->competencies);
	if (curious) {
		key(&w, "curious");
		open_(&w, "{");
		if (body) {
			str_member(&w, "infant", e->curious_infant);
			str_member(&w, "parent", e->curious_parent);
		}
		if (meta)
			list_member(&w, "questions", &e->questions);
		if (body)
			str_member(&w, "text", e->curious_text);
		close_(&w, "}");
	}
	if (meta) {
		str_member(&w, "family", e->family);
		bool_member(&w, "for_supervision", e->for_supervision);
	}
	if (body)
		answers_member(&w, e, "gibbs", ENTRY_GIBBS_FIRST, ENTRY_NMC_FIRST);
	if ((flags & ENTRY_JSON_ID) && e->id > 0)
		int_member(&w, "id", (long long)e->id);
	if (meta)
		str_member(&w, "life_stage", e->life_stage);
	if (body)
		answers_member(&w, e, "nmc", ENTRY_NMC_FIRST, ENTRY_ANSWERS);
	if (notice) {
		key(&w, "notice");
		open_(&w, "{");
		if (body)
			str_member(&w, "between", e->notice_between);
		if (meta)
			list_member(&w, "emotions", &e->emotions);
		if (body) {
			str_member(&w, "stirred", e->notice_stirred);
			str_member(&w, "text", e->notice_text);
		}
		close_(&w, "}");
	}
	if (pause) {
		key(&w, "pause");
		open_(&w, "{");
		if (meta && e->activation >= 0)
			int_member(&w, "activation", e->activation);
		if (body) {
			str_member(&w, "body", e->pause_body);
			str_member(&w, "text", e->pause_text);
		}
		close_(&w, "}");
	}
	if (meta)
		bool_member(&w, "portfolio", e->portfolio);
	if (body && e->nresponses > 0 && !(flags & ENTRY_JSON_NORESP)) {
		key(&w, "responses");
		open_(&w, "[");
		for (size_t i = 0; i < e->nresponses && !w.bad; i++) {
			const entry_response *r = &e->responses[i];
			if (r->text == NULL) {
				w.bad = true; /* json_string(NULL): entry_to_json fails */
				break;
			}
			member(&w);
			open_(&w, "{");
			str_member(&w, "at", r->at);
			str_member(&w, "from", r->from);
			key(&w, "text");
			string(&w, r->text);
			close_(&w, "}");
		}
		close_(&w, "]");
	}
	if (meta) {
		char iso[21];
		if (e->safety_concern)
			bool_member(&w, "safety_concern", true);
		list_member(&w, "themes", &e->themes);
		str_member(&w, "visit_date", e->visit_date);
		str_member(&w, "visit_type", e->visit_type);
		entry_written_iso(e, iso);
		key(&w, "written_at");
		string(&w, iso);
	}
	close_(&w, "}");
	return w.bad ? RF_ERR_INVALID : RF_OK;
}
