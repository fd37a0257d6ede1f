/* unread.c - the entries holding a message that arrived and has not been read since: one
 * sealed item of kind "unread", the JSON {"entries":[7,12]}. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/unread.h"

#define KIND_UNREAD "unread"

struct found {
	int64_t id;
	json_t *o;
};

static int take(int64_t id, const char *data, size_t len, void *ctx)
{
	struct found *f = ctx;

	if (f->o != NULL)
		return 1; /* one item; a second (never written) is ignored */
	f->id = id;
	f->o = json_loadb(data, len, 0, NULL);
	if (!json_is_array(json_object_get(f->o, "entries"))) {
		json_decref(f->o);
		f->o = json_pack("{s:[]}", "entries");
	}
	return 0;
}

static rf_status load(journal *j, struct found *f)
{
	rf_status st;

	memset(f, 0, sizeof *f);
	st = journal_item_each(j, KIND_UNREAD, take, f);
	if (st != RF_OK) {
		json_decref(f->o);
		f->o = NULL;
		return st;
	}
	if (f->o == NULL)
		f->o = json_pack("{s:[]}", "entries");
	return f->o ? RF_OK : RF_ERR_NOMEM;
}

static rf_status store(journal *j, struct found *f)
{
	char *s = json_dumps(f->o, JSON_COMPACT);
	rf_status st;

	if (s == NULL)
		return RF_ERR_NOMEM;
	st = journal_item_put(j, KIND_UNREAD, &f->id, s, strlen(s));
	sodium_memzero(s, strlen(s));
	free(s);
	return st;
}

static size_t find(json_t *a, int64_t id)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_integer_value(v) == id)
			return i;
	return (size_t)-1;
}

rf_status unread_add(journal *j, int64_t id)
{
	struct found f;
	rf_status st = load(j, &f);
	json_t *a;

	if (st != RF_OK)
		return st;
	a = json_object_get(f.o, "entries");
	if (find(a, id) == (size_t)-1) {
		st = json_array_append_new(a, json_integer(id)) == 0 ? RF_OK : RF_ERR_NOMEM;
		if (st == RF_OK)
			st = store(j, &f);
	}
	json_decref(f.o);
	return st;
}

rf_status unread_clear(journal *j, int64_t id)
{
	struct found f;
	rf_status st = load(j, &f);
	json_t *a;
	size_t at;

	if (st != RF_OK)
		return st;
	a = json_object_get(f.o, "entries");
	at = find(a, id);
	if (at != (size_t)-1) {
		json_array_remove(a, at);
		st = store(j, &f);
	}
	json_decref(f.o);
	return st;
}

rf_status unread_list(journal *j, int64_t **ids, size_t *n)
{
	struct found f;
	rf_status st = load(j, &f);
	json_t *a, *v;
	size_t i;

	*ids = NULL;
	*n = 0;
	if (st != RF_OK)
		return st;
	a = json_object_get(f.o, "entries");
	if (json_array_size(a) > 0) {
		*ids = calloc(json_array_size(a), sizeof **ids);
		if (*ids == NULL) {
			json_decref(f.o);
			return RF_ERR_NOMEM;
		}
		json_array_foreach(a, i, v)
			(*ids)[(*n)++] = json_integer_value(v);
	}
	json_decref(f.o);
	return RF_OK;
}
