/* entry.c - the entry model: lifetime, JSON (de)serialisation, dates and filters. */
#include "reflect/entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/text.h"

/* Limits on what one entry may hold, so hostile input cannot balloon memory. */
#define MAX_LIST 256      /* labels or questions in one list */
#define MAX_TEXT (1 << 20) /* bytes in one text */

static void wipe_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

rf_status strlist_add(strlist *l, const char *s)
{
	char **v;
	char *copy;

	if (s == NULL || *s == '\0')
		return RF_OK;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return RF_OK;
	if (l->n >= MAX_LIST)
		return RF_ERR_TOO_BIG;
	copy = strdup(s);
	if (copy == NULL)
		return RF_ERR_NOMEM;
	v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (v == NULL) {
		free(copy);
		return RF_ERR_NOMEM;
	}
	v[l->n++] = copy;
	l->v = v;
	return RF_OK;
}

bool strlist_has(const strlist *l, const char *s)
{
	char *fs = text_fold(s);
	bool found = false;

	if (fs == NULL)
		return false;
	for (size_t i = 0; i < l->n && !found; i++) {
		char *fv = text_fold(l->v[i]);
		found = fv != NULL && strcmp(fv, fs) == 0;
		free(fv);
	}
	free(fs);
	return found;
}

void strlist_clear(strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		wipe_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

entry *entry_new(void)
{
	entry *e = calloc(1, sizeof *e);

	if (e == NULL)
		return NULL;
	e->activation = ENTRY_NO_ACTIVATION;
	e->written = (int64_t)time(NULL);
	return e;
}

static void free_responses(entry *e)
{
	for (size_t i = 0; i < e->nresponses; i++) {
		wipe_free(e->responses[i].from);
		wipe_free(e->responses[i].at);
		wipe_free(e->responses[i].text);
	}
	free(e->responses);
	e->responses = NULL;
	e->nresponses = 0;
}

void entry_free(entry **ep)
{
	entry *e;

	if (ep == NULL || *ep == NULL)
		return;
	e = *ep;
	wipe_free(e->visit_date);
	wipe_free(e->family);
	wipe_free(e->visit_type);
	wipe_free(e->life_stage);
	wipe_free(e->pause_text);
	wipe_free(e->pause_body);
	wipe_free(e->notice_text);
	wipe_free(e->notice_between);
	wipe_free(e->notice_stirred);
	wipe_free(e->curious_text);
	wipe_free(e->curious_parent);
	wipe_free(e->curious_infant);
	strlist_clear(&e->emotions);
	strlist_clear(&e->questions);
	strlist_clear(&e->themes);
	strlist_clear(&e->competencies);
	free_responses(e);
	sodium_memzero(e, sizeof *e);
	free(e);
	*ep = NULL;
}

rf_status entry_set(char **field, const char *s)
{
	char *copy = NULL;

	if (s != NULL && *s != '\0') {
		copy = strdup(s);
		if (copy == NULL)
			return RF_ERR_NOMEM;
	}
	wipe_free(*field);
	*field = copy;
	return RF_OK;
}

rf_status entry_add_response(entry *e, const char *from, const char *at, const char *text)
{
	entry_response *v;
	entry_response r = {0};

	if (e->nresponses >= MAX_LIST)
		return RF_ERR_TOO_BIG;
	r.from = strdup(from ? from : "");
	r.at = strdup(at ? at : "");
	r.text = strdup(text ? text : "");
	v = realloc(e->responses, (e->nresponses + 1) * sizeof *v);
	if (r.from == NULL || r.at == NULL || r.text == NULL || v == NULL) {
		free(r.from);
		free(r.at);
		free(r.text);
		if (v != NULL)
			e->responses = v;
		return RF_ERR_NOMEM;
	}
	v[e->nresponses++] = r;
	e->responses = v;
	return RF_OK;
}

static rf_status copy_list(strlist *dst, const strlist *src)
{
	for (size_t i = 0; i < src->n; i++) {
		rf_status st = strlist_add(dst, src->v[i]);
		if (st != RF_OK)
			return st;
	}
	return RF_OK;
}

entry *entry_dup(const entry *s)
{
	entry *e = entry_new();
	rf_status st = RF_OK;

	if (e == NULL)
		return NULL;
	e->id = s->id;
	e->rev = s->rev;
	e->written = s->written;
	e->activation = s->activation;
	e->for_supervision = s->for_supervision;
	e->portfolio = s->portfolio;
#define DUP(f)                                                                                     \
	if (st == RF_OK)                                                                           \
	st = entry_set(&e->f, s->f)
	DUP(visit_date);
	DUP(family);
	DUP(visit_type);
	DUP(life_stage);
	DUP(pause_text);
	DUP(pause_body);
	DUP(notice_text);
	DUP(notice_between);
	DUP(notice_stirred);
	DUP(curious_text);
	DUP(curious_parent);
	DUP(curious_infant);
#undef DUP
	if (st == RF_OK)
		st = copy_list(&e->emotions, &s->emotions);
	if (st == RF_OK)
		st = copy_list(&e->questions, &s->questions);
	if (st == RF_OK)
		st = copy_list(&e->themes, &s->themes);
	if (st == RF_OK)
		st = copy_list(&e->competencies, &s->competencies);
	for (size_t i = 0; st == RF_OK && i < s->nresponses; i++)
		st = entry_add_response(e, s->responses[i].from, s->responses[i].at,
					s->responses[i].text);
	if (st != RF_OK)
		entry_free(&e);
	return e;
}

static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

bool entry_is_empty(const entry *e)
{
	return blank(e->pause_text) && blank(e->pause_body) && blank(e->notice_text) &&
	       blank(e->notice_between) && blank(e->notice_stirred) && blank(e->curious_text) &&
	       blank(e->curious_parent) && blank(e->curious_infant) && blank(e->family) &&
	       blank(e->visit_type) && blank(e->life_stage) &&
	       e->activation == ENTRY_NO_ACTIVATION && e->emotions.n == 0 && e->questions.n == 0 &&
	       e->themes.n == 0 && e->competencies.n == 0 && !e->for_supervision && !e->portfolio;
}

void entry_day(const entry *e, char out[11])
{
	time_t t;
	struct tm tm;

	if (e->visit_date != NULL && entry_valid_date(e->visit_date)) {
		memcpy(out, e->visit_date, 10);
		out[10] = '\0';
		return;
	}
	t = (time_t)e->written;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void entry_written_iso(const entry *e, char out[21])
{
	time_t t = (time_t)e->written;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool entry_valid_date(const char *s)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

rf_status entry_parse_time(const char *s, int64_t *out)
{
	char date[11];
	struct tm tm = {0};
	int hh = 0, mm = 0, ss = 0, off = 0;
	size_t n;
	const char *rest;

	if (s == NULL || strlen(s) < 10)
		return RF_ERR_INVALID;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!entry_valid_date(date))
		return RF_ERR_INVALID;
	n = strlen(s);
	rest = s + 10;
	if (n > 10) {
		if ((*rest != 'T' && *rest != ' ') || n < 16 || !digits(rest + 1, 2) ||
		    rest[3] != ':' || !digits(rest + 4, 2))
			return RF_ERR_INVALID;
		hh = atoi(rest + 1);
		mm = atoi(rest + 4);
		rest += 6;
		if (*rest == ':') {
			if (!digits(rest + 1, 2))
				return RF_ERR_INVALID;
			ss = atoi(rest + 1);
			rest += 3;
			if (*rest == '.') /* fractions of a second are dropped */
				for (rest++; *rest >= '0' && *rest <= '9'; rest++)
					;
		}
		if (*rest == 'Z') {
			rest++;
		} else if (*rest == '+' || *rest == '-') {
			int sign = *rest == '-' ? -1 : 1;
			if (!digits(rest + 1, 2))
				return RF_ERR_INVALID;
			off = atoi(rest + 1) * 3600;
			rest += 3;
			if (*rest == ':')
				rest++;
			if (digits(rest, 2)) {
				off += atoi(rest) * 60;
				rest += 2;
			}
			off *= sign;
		}
		if (*rest != '\0' || hh > 23 || mm > 59 || ss > 60)
			return RF_ERR_INVALID;
	}
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*out = (int64_t)timegm(&tm) - off;
	return RF_OK;
}

/* ---- JSON out ---- */

static int set_str(json_t *o, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return 0;
	return json_object_set_new(o, key, json_string(v));
}

static int set_list(json_t *o, const char *key, const strlist *l, bool always)
{
	json_t *a;

	if (l->n == 0 && !always)
		return 0;
	a = json_array();
	if (a == NULL)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (json_array_append_new(a, json_string(l->v[i])) != 0) {
			json_decref(a);
			return -1;
		}
	return json_object_set_new(o, key, a);
}

/* Attach sub to o under key unless it is empty. */
static int set_obj(json_t *o, const char *key, json_t *sub)
{
	if (sub == NULL)
		return -1;
	if (json_object_size(sub) == 0) {
		json_decref(sub);
		return 0;
	}
	return json_object_set_new(o, key, sub);
}

static json_t *to_jobj(const entry *e, int flags)
{
	bool meta = (flags & ENTRY_JSON_META) || !(flags & ENTRY_JSON_BODY);
	bool body = (flags & ENTRY_JSON_BODY) || !(flags & ENTRY_JSON_META);
	json_t *o = json_object(), *pause = json_object(), *notice = json_object(),
	       *curious = json_object();
	int bad = 0;

	if (o == NULL || pause == NULL || notice == NULL || curious == NULL)
		goto fail;
	if ((flags & ENTRY_JSON_ID) && e->id > 0)
		bad |= json_object_set_new(o, "id", json_integer(e->id));
	if (meta) {
		char iso[21];
		entry_written_iso(e, iso);
		bad |= json_object_set_new(o, "written_at", json_string(iso));
		bad |= set_str(o, "visit_date", e->visit_date);
		bad |= set_str(o, "family", e->family);
		bad |= set_str(o, "visit_type", e->visit_type);
		bad |= set_str(o, "life_stage", e->life_stage);
		if (e->activation >= 0)
			bad |= json_object_set_new(pause, "activation", json_integer(e->activation));
		bad |= set_list(notice, "emotions", &e->emotions, false);
		bad |= set_list(curious, "questions", &e->questions, false);
		bad |= set_list(o, "themes", &e->themes, false);
		bad |= set_list(o, "competencies", &e->competencies, false);
		bad |= json_object_set_new(o, "for_supervision", json_boolean(e->for_supervision));
		bad |= json_object_set_new(o, "portfolio", json_boolean(e->portfolio));
	}
	if (body) {
		bad |= set_str(pause, "text", e->pause_text);
		bad |= set_str(pause, "body", e->pause_body);
		bad |= set_str(notice, "text", e->notice_text);
		bad |= set_str(notice, "between", e->notice_between);
		bad |= set_str(notice, "stirred", e->notice_stirred);
		bad |= set_str(curious, "text", e->curious_text);
		bad |= set_str(curious, "parent", e->curious_parent);
		bad |= set_str(curious, "infant", e->curious_infant);
		if (e->nresponses > 0 && !(flags & ENTRY_JSON_NORESP)) {
			json_t *a = json_array();
			bad |= a == NULL;
			for (size_t i = 0; a != NULL && i < e->nresponses; i++) {
				json_t *r = json_object();
				bad |= r == NULL;
				if (r == NULL)
					break;
				bad |= set_str(r, "from", e->responses[i].from);
				bad |= set_str(r, "at", e->responses[i].at);
				bad |= json_object_set_new(r, "text",
							   json_string(e->responses[i].text));
				bad |= json_array_append_new(a, r);
			}
			if (a != NULL)
				bad |= json_object_set_new(o, "responses", a);
		}
	}
	bad |= set_obj(o, "pause", pause);
	bad |= set_obj(o, "notice", notice);
	bad |= set_obj(o, "curious", curious);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(o);
	json_decref(pause);
	json_decref(notice);
	json_decref(curious);
	return NULL;
}

char *entry_to_json(const entry *e, int flags)
{
	json_t *o = to_jobj(e, flags);
	char *s;
	size_t n, dflags;

	if (o == NULL)
		return NULL;
	/* Dumped into a buffer of our own, measured first: json_dumps grows its buffer by copying
	 * (leaving unwiped copies of the text in freed memory) and, when that growth runs out of
	 * memory, can drop a key and still return "success" (jansson 2.14 ignores dump_string's
	 * result for keys), which would seal a record that never parses again. */
	dflags = JSON_SORT_KEYS | ((flags & ENTRY_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
	n = json_dumpb(o, NULL, 0, dflags);
	s = n > 0 && n < SIZE_MAX ? malloc(n + 1) : NULL;
	if (s != NULL && json_dumpb(o, s, n, dflags) != n) {
		sodium_memzero(s, n);
		free(s);
		s = NULL;
	}
	if (s != NULL)
		s[n] = '\0';
	json_decref(o);
	return s;
}

void entry_free_text(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	wipe_free(*s);
	*s = NULL;
}

/* ---- JSON in ---- */

static rf_status get_text(json_t *o, const char *key, char **field, rf_detail *d)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return RF_OK;
	if (!json_is_string(v))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"%s\" should be text", key);
	if (json_string_length(v) > MAX_TEXT)
		return rf_fail(d, RF_ERR_TOO_BIG, 0, 0, "\"%s\" is longer than reflect accepts", key);
	return entry_set(field, json_string_value(v));
}

static rf_status get_list(json_t *o, const char *key, strlist *l, rf_detail *d)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	if (a == NULL || json_is_null(a))
		return RF_OK;
	if (json_is_string(a)) /* one label given as text */
		return strlist_add(l, json_string_value(a));
	if (!json_is_array(a))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"%s\" should be a list of text", key);
	if (json_array_size(a) > MAX_LIST)
		return rf_fail(d, RF_ERR_TOO_BIG, 0, 0, "\"%s\" has too many items", key);
	strlist_clear(l);
	json_array_foreach(a, i, v)
	{
		rf_status st;
		if (!json_is_string(v))
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"%s\" should hold only text", key);
		st = strlist_add(l, json_string_value(v));
		if (st != RF_OK)
			return st;
	}
	return RF_OK;
}

static rf_status get_bool(json_t *o, const char *key, bool *field, rf_detail *d)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return RF_OK;
	if (!json_is_boolean(v))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"%s\" should be true or false", key);
	*field = json_is_true(v);
	return RF_OK;
}

static rf_status merge_jobj(entry *e, json_t *o, rf_detail *d)
{
	json_t *v, *sub;
	rf_status st = RF_OK;

	if (!json_is_object(o))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "an entry should be a JSON object");
	v = json_object_get(o, "id");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		e->id = json_integer_value(v);
	v = json_object_get(o, "written_at");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || entry_parse_time(json_string_value(v), &e->written) != RF_OK)
			return rf_fail(d, RF_ERR_PARSE, 0, 0,
				       "\"written_at\" should be a time like 2026-11-20T16:05:00Z");
	}
	v = json_object_get(o, "visit_date");
	if (v != NULL && !json_is_null(v) &&
	    (!json_is_string(v) || !entry_valid_date(json_string_value(v))))
		return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"visit_date\" should be a date like 2026-11-20");
#define TRY(x)                                                                                     \
	if ((st = (x)) != RF_OK)                                                                   \
	return st
	TRY(get_text(o, "visit_date", &e->visit_date, d));
	TRY(get_text(o, "family", &e->family, d));
	TRY(get_text(o, "visit_type", &e->visit_type, d));
	TRY(get_text(o, "life_stage", &e->life_stage, d));
	TRY(get_list(o, "themes", &e->themes, d));
	TRY(get_list(o, "competencies", &e->competencies, d));
	TRY(get_bool(o, "for_supervision", &e->for_supervision, d));
	TRY(get_bool(o, "portfolio", &e->portfolio, d));
	if ((sub = json_object_get(o, "pause")) != NULL && !json_is_null(sub)) {
		if (!json_is_object(sub))
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"pause\" should be an object");
		TRY(get_text(sub, "text", &e->pause_text, d));
		TRY(get_text(sub, "body", &e->pause_body, d));
		v = json_object_get(sub, "activation");
		if (v != NULL && !json_is_null(v)) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 10)
				return rf_fail(d, RF_ERR_PARSE, 0, 0,
					       "\"activation\" should be a whole number from 0 to 10");
			e->activation = (int)json_integer_value(v);
		}
	}
	if ((sub = json_object_get(o, "notice")) != NULL && !json_is_null(sub)) {
		if (!json_is_object(sub))
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"notice\" should be an object");
		TRY(get_text(sub, "text", &e->notice_text, d));
		TRY(get_text(sub, "between", &e->notice_between, d));
		TRY(get_text(sub, "stirred", &e->notice_stirred, d));
		TRY(get_list(sub, "emotions", &e->emotions, d));
	}
	if ((sub = json_object_get(o, "curious")) != NULL && !json_is_null(sub)) {
		if (!json_is_object(sub))
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"curious\" should be an object");
		TRY(get_text(sub, "text", &e->curious_text, d));
		TRY(get_text(sub, "parent", &e->curious_parent, d));
		TRY(get_text(sub, "infant", &e->curious_infant, d));
		TRY(get_list(sub, "questions", &e->questions, d));
	}
	if ((v = json_object_get(o, "responses")) != NULL && !json_is_null(v)) {
		size_t i;
		json_t *r;
		if (!json_is_array(v) || json_array_size(v) > MAX_LIST)
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"responses\" should be a list");
		free_responses(e);
		json_array_foreach(v, i, r)
		{
			json_t *from = json_object_get(r, "from"), *at = json_object_get(r, "at"),
			       *text = json_object_get(r, "text");
			if (!json_is_object(r) || !json_is_string(text) ||
			    (from && !json_is_string(from)) || (at && !json_is_string(at)))
				return rf_fail(d, RF_ERR_PARSE, 0, 0,
					       "each response should have \"text\"");
			TRY(entry_add_response(e, json_string_value(from), json_string_value(at),
					       json_string_value(text)));
		}
	}
#undef TRY
	return RF_OK;
}

/* Parse text; on failure *st says why (RF_ERR_NOMEM when jansson ran out of memory, which is
 * no fault of the input). */
static json_t *parse(const char *text, size_t len, rf_detail *d, rf_status *st)
{
	json_error_t err;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);

	*st = RF_OK;
	if (o == NULL && json_error_code(&err) == json_error_out_of_memory)
		*st = rf_fail(d, RF_ERR_NOMEM, 0, 0, "out of memory");
	else if (o == NULL)
		*st = rf_fail(d, RF_ERR_PARSE, err.line, err.column, "%s", err.text);
	return o;
}

rf_status entry_merge_json(entry *e, const char *text, size_t len, rf_detail *d)
{
	rf_status st;
	json_t *o = parse(text, len, d, &st);

	if (o == NULL)
		return st;
	st = merge_jobj(e, o, d);
	json_decref(o);
	return st;
}

rf_status entry_from_json(const char *text, size_t len, entry **out, rf_detail *d)
{
	entry *e;
	rf_status st;

	*out = NULL;
	e = entry_new();
	if (e == NULL)
		return RF_ERR_NOMEM;
	st = entry_merge_json(e, text, len, d);
	if (st != RF_OK) {
		entry_free(&e);
		return st;
	}
	*out = e;
	return RF_OK;
}

void entry_list_free(entry ***v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		entry_free(&(*v)[i]);
	free(*v);
	*v = NULL;
}

rf_status entry_list_from_json(const char *text, size_t len, entry ***out, size_t *n, rf_detail *d)
{
	json_t *doc, *arr, *item;
	entry **v = NULL;
	size_t i, count;
	rf_status st = RF_OK;

	*out = NULL;
	*n = 0;
	doc = parse(text, len, d, &st);
	if (doc == NULL)
		return st;
	if (json_is_array(doc)) {
		arr = doc;
	} else if (json_is_object(doc) && json_is_array(json_object_get(doc, "entries"))) {
		arr = json_object_get(doc, "entries");
	} else if (json_is_object(doc)) {
		arr = NULL;
	} else {
		st = rf_fail(d, RF_ERR_PARSE, 0, 0, "expected an entry, a list of entries, or an export");
		goto out;
	}
	count = arr ? json_array_size(arr) : 1;
	v = calloc(count ? count : 1, sizeof *v);
	if (v == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < count; i++) {
		item = arr ? json_array_get(arr, i) : doc;
		v[i] = entry_new();
		if (v[i] == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		st = merge_jobj(v[i], item, d);
		if (st != RF_OK) {
			if (d != NULL && arr != NULL) {
				char tmp[sizeof d->text];
				snprintf(tmp, sizeof tmp, "entry %zu: %.160s", i + 1 > 99999999 ? (size_t)0 : i + 1, d->text);
				memcpy(d->text, tmp, sizeof tmp);
			}
			goto out;
		}
	}
	*out = v;
	*n = count;
	v = NULL;
out:
	if (v != NULL)
		entry_list_free(&v, count);
	json_decref(doc);
	return st;
}

/* ---- filters ---- */

bool entry_filter_needs_body(const entry_filter *f)
{
	return f != NULL && f->search != NULL && *f->search != '\0';
}

static bool text_has(const char *field, const char *folded)
{
	return field != NULL && text_contains_folded(field, folded);
}

bool entry_matches(const entry *e, const entry_filter *f)
{
	char day[11];

	if (f == NULL)
		return true;
	if (f->since || f->until) {
		entry_day(e, day);
		if (f->since && strcmp(day, f->since) < 0)
			return false;
		if (f->until && strcmp(day, f->until) > 0)
			return false;
	}
	if (f->flagged && !e->for_supervision)
		return false;
	if (f->portfolio && !e->portfolio)
		return false;
	if (f->theme && !strlist_has(&e->themes, f->theme))
		return false;
	if (f->emotion && !strlist_has(&e->emotions, f->emotion))
		return false;
	if (f->family) {
		char *a = text_fold(f->family), *b = e->family ? text_fold(e->family) : NULL;
		bool same = a && b && strcmp(a, b) == 0;
		free(a);
		free(b);
		if (!same)
			return false;
	}
	if (f->visit_type) {
		char *a = text_fold(f->visit_type), *b = e->visit_type ? text_fold(e->visit_type) : NULL;
		bool same = a && b && strcmp(a, b) == 0;
		free(a);
		free(b);
		if (!same)
			return false;
	}
	if (entry_filter_needs_body(f)) {
		char *needle = text_fold(f->search);
		bool found = false;
		if (needle == NULL)
			return false;
		found = text_has(e->pause_text, needle) || text_has(e->pause_body, needle) ||
			text_has(e->notice_text, needle) || text_has(e->notice_between, needle) ||
			text_has(e->notice_stirred, needle) || text_has(e->curious_text, needle) ||
			text_has(e->curious_parent, needle) || text_has(e->curious_infant, needle) ||
			text_has(e->family, needle);
		for (size_t i = 0; !found && i < e->questions.n; i++)
			found = text_has(e->questions.v[i], needle);
		for (size_t i = 0; !found && i < e->themes.n; i++)
			found = text_has(e->themes.v[i], needle);
		for (size_t i = 0; !found && i < e->emotions.n; i++)
			found = text_has(e->emotions.v[i], needle);
		for (size_t i = 0; !found && i < e->nresponses; i++)
			found = text_has(e->responses[i].text, needle);
		free(needle);
		if (!found)
			return false;
	}
	return true;
}
