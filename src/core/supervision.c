/* supervision.c - the reflective supervision log, its hours, and the entries discussed. */
#include "reflect/supervision.h"
#include "reflect/identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "reflect/entry.h"
#include "reflect/text.h"

#define KIND "supervision"

rf_status supervision_format_parse(const char *s, supervision_format *out)
{
	if (s != NULL && strcmp(s, "individual") == 0)
		*out = SUPERVISION_INDIVIDUAL;
	else if (s != NULL && strcmp(s, "group") == 0)
		*out = SUPERVISION_GROUP;
	else
		return RF_ERR_INVALID;
	return RF_OK;
}

rf_status supervision_setting_parse(const char *s, supervision_setting *out)
{
	if (s != NULL && strcmp(s, "agency") == 0)
		*out = SUPERVISION_AGENCY;
	else if (s != NULL && strcmp(s, "consultant") == 0)
		*out = SUPERVISION_CONSULTANT;
	else
		return RF_ERR_INVALID;
	return RF_OK;
}

const char *supervision_format_name(supervision_format f)
{
	return f == SUPERVISION_GROUP ? "group" : "individual";
}

const char *supervision_setting_name(supervision_setting s)
{
	return s == SUPERVISION_CONSULTANT ? "consultant" : "agency";
}

static bool text_ok(const char *s)
{
	size_t n;

	if (s == NULL)
		return true;
	n = strlen(s);
	if (n > SUPERVISION_TEXT_MAX || !text_valid_utf8(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

rf_status supervision_add(journal *j, const supervision_session *s, int64_t *item_out)
{
	json_t *o = NULL, *ids;
	char *text = NULL;
	int64_t item = 0;
	rf_status st = RF_ERR_NOMEM;

	if (!entry_valid_date(s->date) || s->minutes < 1 || s->minutes > SUPERVISION_MINUTES_MAX ||
	    !text_ok(s->provider) || !text_ok(s->endorsement))
		return RF_ERR_INVALID;
	ids = json_array();
	for (size_t i = 0; ids != NULL && i < s->nentries; i++)
		if (json_array_append_new(ids, json_integer(s->entries[i])) != 0) {
			json_decref(ids);
			ids = NULL;
		}
	if (ids == NULL)
		return RF_ERR_NOMEM;
	o = json_pack("{s:s, s:i, s:s, s:s, s:b, s:s?, s:s?, s:o}", "date", s->date, "minutes",
		      s->minutes, "format", supervision_format_name(s->format), "setting",
		      supervision_setting_name(s->setting), "peer", s->peer, "provider", s->provider,
		      "endorsement", s->endorsement, "entries", ids);
	if (o == NULL)
		goto out;
	if (s->entry_from != NULL && s->nentries > 0) {
		json_t *w = json_array();
		if (w == NULL || json_object_set_new(o, "entries_from", w) != 0)
			goto out;
		for (size_t i = 0; i < s->nentries; i++) {
			const char *who = s->entry_from[i] ? s->entry_from[i] : "";
			if (*who != '\0' && !identity_name_valid(who)) {
				st = RF_ERR_INVALID;
				goto out;
			}
			if (json_array_append_new(w, json_string(who)) != 0)
				goto out;
		}
	}
	if (s->with.n > 0) {
		json_t *w = json_array();
		if (w == NULL || json_object_set_new(o, "with", w) != 0)
			goto out;
		for (size_t i = 0; i < s->with.n; i++) {
			if (!identity_name_valid(s->with.v[i])) {
				st = RF_ERR_INVALID;
				goto out;
			}
			if (json_array_append_new(w, json_string(s->with.v[i])) != 0)
				goto out;
		}
	}
	text = json_dumps(o, JSON_COMPACT);
	if (text == NULL)
		goto out;
	st = journal_item_put(j, KIND, &item, text, strlen(text));
	if (st == RF_OK && item_out != NULL)
		*item_out = item;
out:
	free(text);
	json_decref(o);
	return st;
}

rf_status supervision_remove(journal *j, int64_t item)
{
	return journal_item_delete(j, KIND, item);
}

struct list {
	supervision_session *v;
	size_t n, cap;
	rf_status st;
};

static char *dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

static int collect(int64_t id, const char *data, size_t len, void *ctx)
{
	struct list *l = ctx;
	json_t *o = json_loadb(data, len, 0, NULL), *a, *x;
	supervision_session *s;
	const char *date;
	size_t k;

	if (o == NULL)
		return 0;
	date = json_string_value(json_object_get(o, "date"));
	if (date == NULL || !entry_valid_date(date))
		goto out;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		supervision_session *v;
		if (cap > SIZE_MAX / sizeof *v || (v = realloc(l->v, cap * sizeof *v)) == NULL) {
			l->st = RF_ERR_NOMEM;
			json_decref(o);
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	s->item = id;
	memcpy(s->date, date, 11);
	s->minutes = (int)json_integer_value(json_object_get(o, "minutes"));
	(void)supervision_format_parse(json_string_value(json_object_get(o, "format")), &s->format);
	(void)supervision_setting_parse(json_string_value(json_object_get(o, "setting")),
					&s->setting);
	s->peer = json_is_true(json_object_get(o, "peer"));
	s->provider = dup_or_null(json_string_value(json_object_get(o, "provider")));
	s->endorsement = dup_or_null(json_string_value(json_object_get(o, "endorsement")));
	json_array_foreach(json_object_get(o, "with"), k, x)
	{
		if (json_is_string(x) && strlist_add(&s->with, json_string_value(x)) != RF_OK)
			l->st = RF_ERR_NOMEM;
	}
	a = json_object_get(o, "entries");
	if (json_array_size(a) > 0) {
		s->entries = calloc(json_array_size(a), sizeof *s->entries);
		if (s->entries == NULL)
			l->st = RF_ERR_NOMEM;
		json_array_foreach(a, k, x)
		{
			if (s->entries != NULL && json_is_integer(x))
				s->entries[s->nentries++] = (int64_t)json_integer_value(x);
		}
	}
	/* whose each entry is, kept only when it names every one */
	a = json_object_get(o, "entries_from");
	if (json_array_size(a) > 0 && json_array_size(a) == s->nentries) {
		s->entry_from = calloc(s->nentries, sizeof *s->entry_from);
		if (s->entry_from == NULL)
			l->st = RF_ERR_NOMEM;
		json_array_foreach(a, k, x)
		{
			if (s->entry_from != NULL &&
			    (s->entry_from[k] = strdup(json_is_string(x) ? json_string_value(x) : "")) ==
				    NULL)
				l->st = RF_ERR_NOMEM;
		}
	}
out:
	json_decref(o);
	return l->st != RF_OK;
}

static int by_date(const void *a, const void *b)
{
	const supervision_session *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : (x->item > y->item) - (x->item < y->item);
}

rf_status supervision_list(journal *j, supervision_session **v, size_t *n)
{
	struct list l = {NULL, 0, 0, RF_OK};
	rf_status st = journal_item_each(j, KIND, collect, &l);

	if (st == RF_OK)
		st = l.st;
	*v = NULL;
	*n = 0;
	if (st != RF_OK) {
		supervision_list_free(&l.v, l.n);
		return st;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, by_date);
	*v = l.v;
	*n = l.n;
	return RF_OK;
}

void supervision_list_free(supervision_session **v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*v)[i].provider);
		free((*v)[i].endorsement);
		free((*v)[i].entries);
		strlist_clear(&(*v)[i].with);
		for (size_t k = 0; (*v)[i].entry_from != NULL && k < (*v)[i].nentries; k++)
			free((*v)[i].entry_from[k]);
		free((*v)[i].entry_from);
	}
	free(*v);
	*v = NULL;
}

bool supervision_provided(const supervision_session *s)
{
	return s->with.n > 0;
}

rf_status supervision_hours_in(journal *j, const char *today, int years, supervision_hours *out)
{
	supervision_session *v = NULL;
	size_t n = 0;
	int y, m, d;
	rf_status st;

	memset(out, 0, sizeof *out);
	if (years != 1 && years != 2)
		return RF_ERR_INVALID;
	if (today == NULL) {
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm) == NULL)
			return RF_ERR_INVALID;
		strftime(out->to, sizeof out->to, "%Y-%m-%d", &tm);
	} else {
		if (!entry_valid_date(today))
			return RF_ERR_INVALID;
		memcpy(out->to, today, 11);
	}
	if (sscanf(out->to, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return RF_ERR_INVALID;
	y -= years;
	if (m == 2 && d == 29)
		d = 28; /* the same day a year before a leap day */
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return RF_ERR_INVALID;
	{
		char tmp[40];
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
		memcpy(out->from, tmp, sizeof out->from - 1);
		out->from[sizeof out->from - 1] = '\0';
	}
	out->years = years;
	st = supervision_list(j, &v, &n);
	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		const supervision_session *s = &v[i];
		if (strcmp(s->date, out->from) < 0 || strcmp(s->date, out->to) > 0)
			continue;
		if (s->peer) {
			out->peer_minutes += s->minutes;
			out->peer_sessions++;
			continue;
		}
		if (supervision_provided(s)) {
			out->provided_minutes += s->minutes;
			out->provided_sessions++;
			continue;
		}
		out->counted_minutes += s->minutes;
		out->sessions++;
		if (s->format == SUPERVISION_GROUP)
			out->group_minutes += s->minutes;
		else
			out->individual_minutes += s->minutes;
		if (s->setting == SUPERVISION_CONSULTANT)
			out->consultant_minutes += s->minutes;
		else
			out->agency_minutes += s->minutes;
	}
	supervision_list_free(&v, n);
	return RF_OK;
}

void supervision_format_hours(long minutes, char out[24])
{
	long tenths = (minutes * 10 + (minutes < 0 ? -30 : 30)) / 60;

	snprintf(out, 24, "%s%ld.%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

bool supervision_entry_shared(const supervision_session *s, size_t i)
{
	return s->entry_from != NULL && i < s->nentries && s->entry_from[i] != NULL &&
	       s->entry_from[i][0] != '\0';
}

bool supervision_entry_is(const supervision_session *s, size_t i, const char *from,
			  int64_t entry_id)
{
	if (i >= s->nentries || s->entries[i] != entry_id)
		return false;
	/* logged before whose was kept: the number alone, as then */
	if (s->entry_from == NULL)
		return true;
	return supervision_entry_shared(s, i) && identity_name_same(s->entry_from[i], from);
}

rf_status supervision_discussed(journal *j, int64_t **ids, size_t *n)
{
	supervision_session *v = NULL;
	size_t nv = 0, total = 0, k = 0;
	int64_t *out = NULL;
	rf_status st;

	*ids = NULL;
	*n = 0;
	st = supervision_list(j, &v, &nv);
	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < nv; i++)
		total += v[i].nentries;
	if (total > 0) {
		out = calloc(total, sizeof *out);
		if (out == NULL) {
			supervision_list_free(&v, nv);
			return RF_ERR_NOMEM;
		}
		for (size_t i = 0; i < nv; i++)
			for (size_t e = 0; e < v[i].nentries; e++)
				if (!supervision_entry_shared(&v[i], e)) /* this journal's own */
					out[k++] = v[i].entries[e];
		total = k;
		qsort(out, total, sizeof *out, cmp_id);
		k = 0;
		for (size_t i = 0; i < total; i++)
			if (k == 0 || out[k - 1] != out[i])
				out[k++] = out[i];
	}
	supervision_list_free(&v, nv);
	*ids = out;
	*n = k;
	return RF_OK;
}
