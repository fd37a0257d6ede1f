/* entry.c - the entry model: lifetime, JSON (de)serialisation, dates and filters. */
#include "reflect/entry.h"
#include "reflect/json_fast.h"
#include "reflect/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/crypto.h"
#include "reflect/prompts.h"
#include "reflect/text.h"

/* Limits on what one entry may hold, so hostile input cannot balloon memory. */
#define MAX_LIST 256      /* labels or questions in one list */
#define MAX_TEXT ENTRY_MAX_TEXT /* bytes in one text */

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

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

bool strlist_has(const strlist *l, const char *s)
{
	char *fs;
	bool found = false, ascii = is_ascii(s);

	for (size_t i = 0; ascii && i < l->n; i++) {
		if (!is_ascii(l->v[i]))
			ascii = false;
		else if (strcasecmp(l->v[i], s) == 0)
			return true;
	}
	if (ascii)
		return false;
	fs = text_fold(s);
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
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		wipe_free(e->answers[i]);
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
	e->safety_concern = s->safety_concern;
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
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		DUP(answers[i]);
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

static const char *const answer_paths[ENTRY_ANSWERS] = {
    "gibbs.description", "gibbs.feelings",     "gibbs.evaluation", "gibbs.analysis",
    "gibbs.conclusion",	 "gibbs.action_plan",  "nmc.what_happened", "nmc.what_learned",
    "nmc.practice",	 "nmc.code",
};

const char *entry_answer_path(int i)
{
	return i >= 0 && i < ENTRY_ANSWERS ? answer_paths[i] : "";
}

static bool answers_blank(const entry *e)
{
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		if (!blank(e->answers[i]))
			return false;
	return true;
}

bool entry_is_empty(const entry *e)
{
	return answers_blank(e) && blank(e->pause_text) && blank(e->pause_body) && blank(e->notice_text) &&
	       blank(e->notice_between) && blank(e->notice_stirred) && blank(e->curious_text) &&
	       blank(e->curious_parent) && blank(e->curious_infant) && blank(e->family) &&
	       blank(e->visit_type) && blank(e->life_stage) &&
	       e->activation == ENTRY_NO_ACTIVATION && e->emotions.n == 0 && e->questions.n == 0 &&
	       e->themes.n == 0 && e->competencies.n == 0 && !e->for_supervision && !e->portfolio &&
	       !e->safety_concern;
}

static rf_status canonical(strlist *l)
{
	strlist out = {0};
	rf_status st = RF_OK;

	for (size_t i = 0; st == RF_OK && i < l->n; i++)
		st = strlist_add(&out, prompts_key_of(l->v[i]));
	if (st != RF_OK) {
		strlist_clear(&out);
		return st;
	}
	strlist_clear(l);
	*l = out;
	return RF_OK;
}

rf_status entry_canonical_labels(entry *e)
{
	rf_status st = canonical(&e->emotions);

	return st == RF_OK ? canonical(&e->themes) : st;
}

const char *entry_first_words(const entry *e)
{
	const char *t[] = {e->notice_text,  e->notice_between, e->notice_stirred,
			   e->curious_text, e->curious_parent, e->curious_infant,
			   e->pause_text,   e->pause_body};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!blank(t[i]))
			return t[i];
	/* written as Gibbs' or the NMC's questions: the first answer given */
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		if (!blank(e->answers[i]))
			return e->answers[i];
	return "";
}

bool entry_for_supervision_rule(const entry *e, int choice)
{
	if (choice >= 0)
		return choice != 0;
	return e->questions.n > 0;
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
		if (e->safety_concern) /* written only when set: older documents stay as they were */
			bad |= json_object_set_new(o, "safety_concern", json_true());
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
		for (int m = 0; m < 2; m++) {
			int from = m ? ENTRY_NMC_FIRST : ENTRY_GIBBS_FIRST;
			int to = m ? ENTRY_ANSWERS : ENTRY_NMC_FIRST;
			json_t *a = json_object();
			bad |= a == NULL;
			for (int i = from; a != NULL && i < to; i++)
				bad |= set_str(a, strchr(answer_paths[i], '.') + 1, e->answers[i]);
			if (a != NULL)
				bad |= set_obj(o, m ? "nmc" : "gibbs", a);
		}
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
	TRY(get_bool(o, "safety_concern", &e->safety_concern, d));
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
	for (int m = 0; m < 2; m++) {
		int from = m ? ENTRY_NMC_FIRST : ENTRY_GIBBS_FIRST;
		int to = m ? ENTRY_ANSWERS : ENTRY_NMC_FIRST;
		if ((sub = json_object_get(o, m ? "nmc" : "gibbs")) == NULL || json_is_null(sub))
			continue;
		if (!json_is_object(sub))
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "\"%s\" should be an object",
				       m ? "nmc" : "gibbs");
		for (int i = from; i < to; i++)
			TRY(get_text(sub, strchr(answer_paths[i], '.') + 1, &e->answers[i], d));
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
/* jansson reports some allocation failures as syntax errors, or with no reason at all:
 * count its failed allocations around each parse to tell them apart. */
static bool json_out_of_memory(const json_error_t *err, unsigned long failures_before)
{
	return json_error_code(err) == json_error_out_of_memory || err->text[0] == '\0' ||
	       rcrypto_json_alloc_failures() != failures_before;
}

static json_t *parse(const char *text, size_t len, rf_detail *d, rf_status *st)
{
	json_error_t err;
	unsigned long failures = rcrypto_json_alloc_failures();
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);

	*st = RF_OK;
	if (o != NULL && rcrypto_json_alloc_failures() != failures) {
		/* jansson can go on past a failed allocation with a value cut short. */
		json_decref(o);
		o = NULL;
	}
	if (o == NULL && json_out_of_memory(&err, failures))
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

/* ---- the packed form ---- */

#define PACK_VERSION 1
enum {
	T_WRITTEN = 1, T_VISIT_DATE, T_FAMILY, T_VISIT_TYPE, T_LIFE_STAGE, T_ACTIVATION,
	T_EMOTION, T_QUESTION, T_THEME, T_COMPETENCY, T_FLAGS,
	T_PAUSE_TEXT = 20, T_PAUSE_BODY, T_NOTICE_TEXT, T_NOTICE_BETWEEN, T_NOTICE_STIRRED,
	T_CURIOUS_TEXT, T_CURIOUS_PARENT, T_CURIOUS_INFANT,
	T_RESPONSE = 30,
	T_ID = 40,
	T_ANSWER = 50, /* 50..59: answers[0..9] */
};

struct packer {
	unsigned char *buf;
	size_t len, cap;
	bool failed;
};

static void pk_put(struct packer *p, int tag, const void *data, size_t n)
{
	size_t need;

	if (p->failed)
		return;
	if (n > UINT32_MAX || n > SIZE_MAX - 5 - p->len) {
		p->failed = true;
		return;
	}
	need = p->len + 5 + n;
	if (need > p->cap) {
		size_t cap = p->cap ? p->cap : 512;
		unsigned char *nb;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		nb = malloc(cap);
		if (nb == NULL) {
			p->failed = true;
			return;
		}
		if (p->buf != NULL) {
			memcpy(nb, p->buf, p->len);
			sodium_memzero(p->buf, p->cap);
			free(p->buf);
		}
		p->buf = nb;
		p->cap = cap;
	}
	p->buf[p->len] = (unsigned char)tag;
	for (int i = 0; i < 4; i++)
		p->buf[p->len + 1 + (size_t)i] = (unsigned char)((uint32_t)n >> (8 * i));
	if (n > 0)
		memcpy(p->buf + p->len + 5, data, n);
	p->len = need;
}

static void pk_str(struct packer *p, int tag, const char *s)
{
	if (s != NULL && *s != '\0')
		pk_put(p, tag, s, strlen(s));
}

static void pk_list(struct packer *p, int tag, const strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		pk_put(p, tag, l->v[i], strlen(l->v[i]));
}

static void pk_i64(struct packer *p, int tag, int64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	pk_put(p, tag, b, 8);
}

rf_status entry_pack(const entry *e, int parts, unsigned char **out, size_t *len)
{
	struct packer p = {NULL, 0, 0, false};
	unsigned char version = PACK_VERSION;

	*out = NULL;
	*len = 0;
	pk_put(&p, 0, &version, 1);
	if (parts & ENTRY_PACK_ID)
		pk_i64(&p, T_ID, e->id);
	if (parts & ENTRY_PACK_META) {
		unsigned char flags = (unsigned char)((e->for_supervision ? 1 : 0) | (e->portfolio ? 2 : 0) |
							 (e->safety_concern ? 4 : 0));
		pk_i64(&p, T_WRITTEN, e->written);
		pk_str(&p, T_VISIT_DATE, e->visit_date);
		pk_str(&p, T_FAMILY, e->family);
		pk_str(&p, T_VISIT_TYPE, e->visit_type);
		pk_str(&p, T_LIFE_STAGE, e->life_stage);
		if (e->activation >= 0 && e->activation <= 10) {
			unsigned char a = (unsigned char)e->activation;
			pk_put(&p, T_ACTIVATION, &a, 1);
		}
		pk_list(&p, T_EMOTION, &e->emotions);
		pk_list(&p, T_QUESTION, &e->questions);
		pk_list(&p, T_THEME, &e->themes);
		pk_list(&p, T_COMPETENCY, &e->competencies);
		pk_put(&p, T_FLAGS, &flags, 1);
	}
	if (parts & ENTRY_PACK_BODY) {
		pk_str(&p, T_PAUSE_TEXT, e->pause_text);
		pk_str(&p, T_PAUSE_BODY, e->pause_body);
		pk_str(&p, T_NOTICE_TEXT, e->notice_text);
		pk_str(&p, T_NOTICE_BETWEEN, e->notice_between);
		pk_str(&p, T_NOTICE_STIRRED, e->notice_stirred);
		pk_str(&p, T_CURIOUS_TEXT, e->curious_text);
		pk_str(&p, T_CURIOUS_PARENT, e->curious_parent);
		pk_str(&p, T_CURIOUS_INFANT, e->curious_infant);
		for (int i = 0; i < ENTRY_ANSWERS; i++)
			pk_str(&p, T_ANSWER + i, e->answers[i]);
		for (size_t i = 0; !(parts & ENTRY_PACK_NORESP) && i < e->nresponses; i++) {
			const entry_response *r = &e->responses[i];
			size_t a = strlen(r->from), b = strlen(r->at), c = strlen(r->text);
			unsigned char *tmp = malloc(a + b + c + 2);
			if (tmp == NULL) {
				p.failed = true;
				break;
			}
			memcpy(tmp, r->from, a);
			tmp[a] = '\0';
			memcpy(tmp + a + 1, r->at, b);
			tmp[a + 1 + b] = '\0';
			memcpy(tmp + a + b + 2, r->text, c);
			pk_put(&p, T_RESPONSE, tmp, a + b + c + 2);
			sodium_memzero(tmp, a + b + c + 2);
			free(tmp);
		}
	}
	if (p.failed) {
		entry_free_packed(&p.buf, p.cap);
		return RF_ERR_NOMEM;
	}
	*out = p.buf;
	*len = p.len;
	return RF_OK;
}

void entry_free_packed(unsigned char **buf, size_t len)
{
	if (buf == NULL || *buf == NULL)
		return;
	sodium_memzero(*buf, len);
	free(*buf);
	*buf = NULL;
}

/* A NUL-terminated copy of n bytes. */
static char *copy_n(const unsigned char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c != NULL) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

static rf_status un_str(char **field, const unsigned char *s, size_t n)
{
	char *c = copy_n(s, n);

	if (c == NULL)
		return RF_ERR_NOMEM;
	wipe_free(*field);
	*field = c;
	return RF_OK;
}

static rf_status un_list(strlist *l, const unsigned char *s, size_t n)
{
	char *c = copy_n(s, n);
	rf_status st;

	if (c == NULL)
		return RF_ERR_NOMEM;
	st = strlist_add(l, c);
	wipe_free(c);
	return st;
}

rf_status entry_unpack(entry *e, const unsigned char *buf, size_t len)
{
	size_t at = 0;
	rf_status st = RF_OK;
	bool lists_cleared = false;

	if (len < 6 || buf[0] != 0 || buf[1] != 1 || buf[2] != 0 || buf[3] != 0 || buf[4] != 0 ||
	    buf[5] != PACK_VERSION)
		return RF_ERR_PARSE;
	at = 6;
	while (at < len && st == RF_OK) {
		int tag;
		size_t n = 0;
		const unsigned char *v;
		if (len - at < 5)
			return RF_ERR_PARSE;
		tag = buf[at];
		for (int i = 0; i < 4; i++)
			n |= (size_t)buf[at + 1 + (size_t)i] << (8 * i);
		at += 5;
		if (n > len - at)
			return RF_ERR_PARSE;
		v = buf + at;
		at += n;
		if ((tag == T_EMOTION || tag == T_QUESTION || tag == T_THEME || tag == T_COMPETENCY) &&
		    !lists_cleared) {
			strlist_clear(&e->emotions);
			strlist_clear(&e->questions);
			strlist_clear(&e->themes);
			strlist_clear(&e->competencies);
			lists_cleared = true;
		}
		switch (tag) {
		case T_ID:
		case T_WRITTEN: {
			uint64_t x = 0;
			if (n != 8)
				return RF_ERR_PARSE;
			for (int i = 0; i < 8; i++)
				x |= (uint64_t)v[i] << (8 * i);
			if (tag == T_ID)
				e->id = (int64_t)x;
			else
				e->written = (int64_t)x;
			break;
		}
		case T_ACTIVATION:
			if (n != 1 || v[0] > 10)
				return RF_ERR_PARSE;
			e->activation = v[0];
			break;
		case T_FLAGS:
			if (n != 1)
				return RF_ERR_PARSE;
			e->for_supervision = (v[0] & 1) != 0;
			e->portfolio = (v[0] & 2) != 0;
			e->safety_concern = (v[0] & 4) != 0;
			break;
		case T_VISIT_DATE: st = un_str(&e->visit_date, v, n); break;
		case T_FAMILY: st = un_str(&e->family, v, n); break;
		case T_VISIT_TYPE: st = un_str(&e->visit_type, v, n); break;
		case T_LIFE_STAGE: st = un_str(&e->life_stage, v, n); break;
		case T_EMOTION: st = un_list(&e->emotions, v, n); break;
		case T_QUESTION: st = un_list(&e->questions, v, n); break;
		case T_THEME: st = un_list(&e->themes, v, n); break;
		case T_COMPETENCY: st = un_list(&e->competencies, v, n); break;
		case T_PAUSE_TEXT: st = un_str(&e->pause_text, v, n); break;
		case T_PAUSE_BODY: st = un_str(&e->pause_body, v, n); break;
		case T_NOTICE_TEXT: st = un_str(&e->notice_text, v, n); break;
		case T_NOTICE_BETWEEN: st = un_str(&e->notice_between, v, n); break;
		case T_NOTICE_STIRRED: st = un_str(&e->notice_stirred, v, n); break;
		case T_CURIOUS_TEXT: st = un_str(&e->curious_text, v, n); break;
		case T_CURIOUS_PARENT: st = un_str(&e->curious_parent, v, n); break;
		case T_CURIOUS_INFANT: st = un_str(&e->curious_infant, v, n); break;
		case T_RESPONSE: {
			char *c = copy_n(v, n), *at2, *text;
			if (c == NULL)
				return RF_ERR_NOMEM;
			at2 = memchr(c, '\0', n);
			text = at2 ? memchr(at2 + 1, '\0', n - (size_t)(at2 + 1 - c)) : NULL;
			if (text == NULL) {
				sodium_memzero(c, n);
				free(c);
				return RF_ERR_PARSE;
			}
			st = entry_add_response(e, c, at2 + 1, text + 1);
			sodium_memzero(c, n);
			free(c);
			break;
		}
		default:
			if (tag >= T_ANSWER && tag < T_ANSWER + ENTRY_ANSWERS)
				st = un_str(&e->answers[tag - T_ANSWER], v, n);
			break; /* otherwise a field from a newer reflect: kept out, not fatal */
		}
	}
	return st;
}

rf_status entry_check_limits(const entry *e, const char **which)
{
	const struct {
		const char *name;
		const char *text;
	} f[] = {
		{"pause.text", e->pause_text},	    {"pause.body", e->pause_body},
		{"notice.text", e->notice_text},    {"notice.between", e->notice_between},
		{"notice.stirred", e->notice_stirred}, {"curious.text", e->curious_text},
		{"curious.parent", e->curious_parent}, {"curious.infant", e->curious_infant},
	};

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].text != NULL && strlen(f[i].text) > ENTRY_MAX_TEXT) {
			if (which != NULL)
				*which = f[i].name;
			return RF_ERR_TOO_BIG;
		}
	for (size_t i = 0; i < e->nresponses; i++)
		if (e->responses[i].text != NULL && strlen(e->responses[i].text) > ENTRY_MAX_TEXT) {
			if (which != NULL)
				*which = "responses";
			return RF_ERR_TOO_BIG;
		}
	return RF_OK;
}

/* ---- streaming ---- */

#define STREAM_CHUNK (1 << 20)
#define STREAM_MAX_ENTRY (64 << 20)

struct stream {
	int fd;
	char *buf;
	size_t len, cap; /* bytes held, room */
	size_t pos;      /* next byte to scan */
	bool eof;
	size_t counted;  /* lines and columns are known up to buf[counted] */
	long line, col;  /* of buf[counted] */
};

/* Make sure buf[pos] exists (reading more); false at the end of input. */
static rf_status more(struct stream *s, bool *have)
{
	while (s->pos >= s->len && !s->eof) {
		ssize_t r;
		if (s->len == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : STREAM_CHUNK;
			char *nb;
			if (cap > STREAM_MAX_ENTRY + STREAM_CHUNK)
				return RF_ERR_TOO_BIG;
			nb = realloc(s->buf, cap);
			if (nb == NULL)
				return RF_ERR_NOMEM;
			s->buf = nb;
			s->cap = cap;
		}
		r = read(s->fd, s->buf + s->len, s->cap - s->len);
		if (r < 0)
			return RF_ERR_IO;
		if (r == 0)
			s->eof = true;
		s->len += (size_t)r;
	}
	*have = s->pos < s->len;
	return RF_OK;
}

/* Line and column of buf[at] (at never moves backwards between calls). */
static void where(struct stream *s, size_t at, long *line, long *col)
{
	for (; s->counted < at; s->counted++) {
		if (s->buf[s->counted] == '\n') {
			s->line++;
			s->col = 1;
		} else {
			s->col++;
		}
	}
	*line = s->line;
	*col = s->col;
}

/* Forget the bytes before keep. */
static void discard(struct stream *s, size_t keep)
{
	long l, c;

	where(s, keep, &l, &c);
	sodium_memzero(s->buf, keep);
	memmove(s->buf, s->buf + keep, s->len - keep);
	s->len -= keep;
	s->pos -= keep;
	s->counted -= keep;
}

/* Scan one JSON value starting at s->pos (already at its first byte); leaves pos after it. */
static rf_status skip_value(struct stream *s, rf_detail *d)
{
	int depth = 0;
	bool in_str = false, esc = false, have;
	char c = s->buf[s->pos];
	rf_status st;

	if (c != '{' && c != '[' && c != '"') {
		/* a scalar: up to a delimiter */
		for (;;) {
			if ((st = more(s, &have)) != RF_OK)
				return st;
			if (!have)
				return RF_OK;
			c = s->buf[s->pos];
			if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\t' || c == '\r')
				return RF_OK;
			s->pos++;
		}
	}
	for (;;) {
		if ((st = more(s, &have)) != RF_OK)
			return st;
		if (!have) {
			long l, cc;
			where(s, s->pos, &l, &cc);
			return rf_fail(d, RF_ERR_PARSE, (int)l, (int)cc, "the file ends in the middle of a value");
		}
		/* Everything already read, without asking for more at each byte. */
		while (s->pos < s->len) {
			c = s->buf[s->pos++];
			if (in_str) {
				if (esc)
					esc = false;
				else if (c == '\\')
					esc = true;
				else if (c == '"')
					in_str = false;
				if (!in_str && depth == 0)
					return RF_OK;
				continue;
			}
			if (c == '"')
				in_str = true;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']')
				depth--;
			if (depth == 0 && !in_str)
				return RF_OK;
		}
	}
}

static rf_status skip_ws(struct stream *s, bool *have)
{
	rf_status st;

	for (;;) {
		if ((st = more(s, have)) != RF_OK || !*have)
			return st;
		char c = s->buf[s->pos];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			return RF_OK;
		s->pos++;
	}
}

/* Parse buf[start, end) as one entry and hand it on. */
static rf_status emit(struct stream *s, size_t start, size_t end, size_t index,
		      entry_stream_fn fn, void *ctx, rf_detail *d)
{
	json_error_t err;
	/* The quick reader first; jansson's own for anything it leaves (and for errors). */
	json_t *o = json_fast_load(s->buf + start, end - start);
	unsigned long failures = rcrypto_json_alloc_failures();
	entry *e;
	rf_status st;
	long line, col;

	if (o == NULL)
		o = json_loadb(s->buf + start, end - start, JSON_REJECT_DUPLICATES, &err);
	where(s, start, &line, &col);
	if (o != NULL && rcrypto_json_alloc_failures() != failures) {
		json_decref(o); /* a value cut short by a failed allocation */
		o = NULL;
	}
	if (o == NULL && json_out_of_memory(&err, failures))
		return rf_fail(d, RF_ERR_NOMEM, 0, 0, "out of memory");
	if (o == NULL)
		return rf_fail(d, RF_ERR_PARSE, (int)(line + err.line - 1),
			       err.line == 1 ? (int)(col + err.column - 1) : err.column, "%s", err.text);
	e = entry_new();
	if (e == NULL) {
		json_decref(o);
		return RF_ERR_NOMEM;
	}
	st = merge_jobj(e, o, d);
	json_decref(o);
	if (st != RF_OK) {
		if (d != NULL) {
			char tmp[sizeof d->text];
			snprintf(tmp, sizeof tmp, "entry %zu: %.160s", index > 99999999 ? (size_t)0 : index,
				 d->text);
			memcpy(d->text, tmp, sizeof tmp);
			d->line = (int)line;
			d->column = (int)col;
		}
		entry_free(&e);
		return st;
	}
	return fn(e, ctx);
}

/* The elements of the array whose '[' is at s->pos. */
static rf_status stream_array(struct stream *s, entry_stream_fn fn, void *ctx, rf_detail *d)
{
	size_t index = 0;
	bool have, want_comma = false;
	rf_status st;

	s->pos++; /* the '[' */
	for (;;) {
		size_t start;
		char c;
		if ((st = skip_ws(s, &have)) != RF_OK)
			return st;
		if (!have)
			return rf_fail(d, RF_ERR_PARSE, 0, 0, "the file ends inside the list of entries");
		c = s->buf[s->pos];
		if (c == ']') {
			s->pos++;
			return RF_OK;
		}
		if (want_comma) {
			long l, cc;
			if (c != ',') {
				where(s, s->pos, &l, &cc);
				return rf_fail(d, RF_ERR_PARSE, (int)l, (int)cc, "expected ',' or ']'");
			}
			s->pos++;
			if ((st = skip_ws(s, &have)) != RF_OK)
				return st;
			if (!have)
				return rf_fail(d, RF_ERR_PARSE, 0, 0, "the file ends inside the list of entries");
		}
		if (s->pos > STREAM_CHUNK / 2)
			discard(s, s->pos); /* compact now and then, not per entry */
		start = s->pos;
		if ((st = skip_value(s, d)) != RF_OK)
			return st;
		st = emit(s, start, s->pos, ++index, fn, ctx, d);
		if (st != RF_OK)
			return st;
		want_comma = true;
	}
}

rf_status entry_stream_json(int fd, entry_stream_fn fn, void *ctx, rf_detail *d)
{
	struct stream s = {fd, NULL, 0, 0, 0, false, 0, 1, 1};
	bool have, found = false;
	char keys[16][64];
	size_t nkeys = 0;
	rf_status st;
	size_t start;

	if ((st = skip_ws(&s, &have)) != RF_OK)
		goto out;
	if (!have) {
		st = rf_fail(d, RF_ERR_PARSE, 1, 1, "the file is empty");
		goto out;
	}
	if (s.buf[s.pos] == '[') {
		st = stream_array(&s, fn, ctx, d);
	} else if (s.buf[s.pos] == '{') {
		/* An export document (its "entries" list is streamed) or a single entry. */
		start = s.pos;
		s.pos++;
		while (st == RF_OK) {
			size_t kstart;
			if ((st = skip_ws(&s, &have)) != RF_OK || !have)
				break;
			if (s.buf[s.pos] == '}' || s.buf[s.pos] == ',') {
				if (s.buf[s.pos++] == '}')
					break;
				continue;
			}
			kstart = s.pos;
			if ((st = skip_value(&s, d)) != RF_OK)
				break;
			{
				bool is_entries = s.pos - kstart == 9 && memcmp(s.buf + kstart, "\"entries\"", 9) == 0;
				size_t klen = s.pos - kstart;
				if (nkeys < sizeof keys / sizeof keys[0]) {
					size_t n = klen < sizeof keys[0] - 1 ? klen : sizeof keys[0] - 1;
					memcpy(keys[nkeys], s.buf + kstart, n);
					keys[nkeys++][n] = '\0';
				}
				if ((st = skip_ws(&s, &have)) != RF_OK || !have || s.buf[s.pos] != ':')
					break;
				s.pos++;
				if ((st = skip_ws(&s, &have)) != RF_OK || !have)
					break;
				if (is_entries && s.buf[s.pos] == '[') {
					found = true;
					st = stream_array(&s, fn, ctx, d);
				} else if (is_entries) {
					long l, cc;
					where(&s, s.pos, &l, &cc);
					st = rf_fail(d, RF_ERR_PARSE, (int)l, (int)cc, "%s",
						     "\"entries\" must be a list of entries");
				} else {
					st = skip_value(&s, d);
				}
			}
		}
		/* An export document holds only what reflect writes beside its entries: anything
		 * else means the file is not what it seems, and nothing is taken from it. */
		for (size_t k = 0; st == RF_OK && found && k < nkeys; k++) {
			static const char *const known[] = {"\"entries\"", "\"reflect\"",
							    "\"portfolio\"", "\"attestation\""};
			bool ok = false;
			for (size_t q = 0; q < sizeof known / sizeof known[0]; q++)
				ok = ok || strcmp(keys[k], known[q]) == 0;
			if (!ok)
				st = rf_fail(d, RF_ERR_PARSE, 0, 0,
					     "%.60s is not part of a reflect export; nothing was taken "
					     "from the file",
					     keys[k]);
		}
		if (st == RF_OK && !found)
			st = emit(&s, start, s.pos, 1, fn, ctx, d);
	} else {
		st = rf_fail(d, RF_ERR_PARSE, 1, 1, "expected an entry, a list of entries, or an export");
	}
	if (st == RF_OK) {
		/* Nothing but white space may follow. */
		if ((st = skip_ws(&s, &have)) == RF_OK && have) {
			long l, c;
			where(&s, s.pos, &l, &c);
			st = rf_fail(d, RF_ERR_PARSE, (int)l, (int)c, "unexpected text after the entries");
		}
	}
out:
	if (s.buf != NULL)
		sodium_memzero(s.buf, s.cap);
	free(s.buf);
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

static bool matches(const entry *e, const entry_filter *f, const char *folded)
{
	char day[11];

	if (f == NULL)
		return true;
	if (f->ids != NULL) {
		size_t i = 0;
		while (i < f->nids && f->ids[i] != e->id)
			i++;
		if (i == f->nids)
			return false;
	}
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
	if (f->theme && !query_label_matches(&e->themes, f->theme))
		return false;
	if (f->emotion && !query_label_matches(&e->emotions, f->emotion))
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
		char *needle = folded ? (char *)folded : text_fold(f->search);
		bool found = false;
		if (needle == NULL)
			return false;
		found = text_has(e->pause_text, needle) || text_has(e->pause_body, needle) ||
			text_has(e->notice_text, needle) || text_has(e->notice_between, needle) ||
			text_has(e->notice_stirred, needle) || text_has(e->curious_text, needle) ||
			text_has(e->curious_parent, needle) || text_has(e->curious_infant, needle) ||
			text_has(e->family, needle);
		for (int i = 0; !found && i < ENTRY_ANSWERS; i++)
			found = text_has(e->answers[i], needle);
		for (size_t i = 0; !found && i < e->questions.n; i++)
			found = text_has(e->questions.v[i], needle);
		for (size_t i = 0; !found && i < e->themes.n; i++)
			found = text_has(e->themes.v[i], needle);
		for (size_t i = 0; !found && i < e->emotions.n; i++)
			found = text_has(e->emotions.v[i], needle);
		for (size_t i = 0; !found && i < e->nresponses; i++)
			found = text_has(e->responses[i].text, needle);
		if (needle != folded)
			free(needle);
		if (!found)
			return false;
	}
	return true;
}

bool entry_matches(const entry *e, const entry_filter *f)
{
	return matches(e, f, NULL);
}

bool entry_matches_folded(const entry *e, const entry_filter *f, const char *folded)
{
	return matches(e, f, folded);
}

/* Case-insensitive ASCII search of a folded needle in n bytes of ASCII text: the same answer
 * as text_contains_folded gives for that text. */
static bool ascii_has(const unsigned char *h, size_t n, const char *needle, size_t nl)
{
	unsigned char first = (unsigned char)needle[0];

	if (nl == 0)
		return true;
	for (size_t i = 0; i + nl <= n; i++) {
		unsigned char c = h[i];
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != first)
			continue;
		size_t k = 1;
		for (; k < nl; k++) {
			unsigned char d = h[i + k];
			if ((unsigned char)(d >= 'A' && d <= 'Z' ? d + 32 : d) !=
			    (unsigned char)needle[k])
				break;
		}
		if (k == nl)
			return true;
	}
	return false;
}

bool entry_packed_may_contain(const unsigned char *buf, size_t len, const char *folded)
{
	size_t at = 6, nl = strlen(folded);

	if (len < 6)
		return true;
	while (at < len) {
		int tag;
		size_t n = 0;
		const unsigned char *v;
		if (len - at < 5)
			return true;
		tag = buf[at];
		for (int i = 0; i < 4; i++)
			n |= (size_t)buf[at + 1 + (size_t)i] << (8 * i);
		at += 5;
		if (n > len - at)
			return true;
		v = buf + at;
		at += n;
		if (tag == T_RESPONSE) {
			/* from NUL at NUL text: only the text is searched */
			const unsigned char *z = memchr(v, '\0', n), *z2;
			if (z == NULL || (z2 = memchr(z + 1, '\0', n - (size_t)(z + 1 - v))) == NULL)
				return true;
			n -= (size_t)(z2 + 1 - v);
			v = z2 + 1;
		} else if ((tag < T_PAUSE_TEXT || tag > T_CURIOUS_INFANT) &&
			   (tag < T_ANSWER || tag > T_ANSWER + 9)) {
			continue;
		}
		if (memchr(v, '\0', n) != NULL)
			return true; /* not a plain C string: the exact path decides */
		for (size_t i = 0; i < n; i++)
			if (v[i] >= 0x80)
				return true; /* folding may change it: the exact path decides */
		if (ascii_has(v, n, folded, nl))
			return true;
	}
	return false;
}
