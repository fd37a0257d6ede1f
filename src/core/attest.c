/* attest.c - a supervisor's signed statement for a period: signing, reading and checking it
 * (offline, from the keys it names), keeping the ones received. */
#include "reflect/attest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "reflect/entry.h"
#include "reflect/text.h"

#define ATTEST_KIND    "attestation"
#define ATTEST_CONTEXT "reflect attestation 1"
#define ATTEST_WORDS   "These sessions took place; these entries were discussed."

/* The signed message: the context, a NUL, the statement. The caller frees it. */
static unsigned char *signed_message(const char *statement, size_t len, size_t *mlen)
{
	unsigned char *m = malloc(sizeof ATTEST_CONTEXT + len);

	if (m == NULL)
		return NULL;
	memcpy(m, ATTEST_CONTEXT, sizeof ATTEST_CONTEXT);
	memcpy(m + sizeof ATTEST_CONTEXT, statement, len);
	*mlen = sizeof ATTEST_CONTEXT + len;
	return m;
}

static json_t *hex(const unsigned char *k, size_t n)
{
	char h[2 * 64 + 1];

	sodium_bin2hex(h, sizeof h, k, n);
	return json_string(h);
}

static bool unhex(json_t *v, unsigned char *out, size_t n)
{
	const char *s = json_string_value(v);
	size_t got = 0;

	return s != NULL && strlen(s) == 2 * n &&
	       sodium_hex2bin(out, n, s, strlen(s), NULL, &got, NULL) == 0 && got == n;
}

rf_status attest_sign(const identity *me, const char *credential, const identity_public *to,
		      const char *from, const char *until, const attest_session *sessions,
		      size_t nsessions, const int64_t *entries, size_t nentries, char **record)
{
	const identity_public *pub = identity_pub(me);
	json_t *st = NULL, *ss = NULL, *es = NULL, *rec = NULL;
	char *statement = NULL, now[21];
	unsigned char sig[IDENTITY_SIGBYTES], *m = NULL;
	size_t mlen = 0;
	time_t t = time(NULL);
	struct tm tm;
	rf_status rs = RF_ERR_NOMEM;

	*record = NULL;
	if ((from && *from && !entry_valid_date(from)) || (until && *until && !entry_valid_date(until)) ||
	    (credential != NULL && (strlen(credential) > ATTEST_CREDENTIAL_MAX ||
				    !text_valid_utf8(credential, strlen(credential)))) ||
	    nsessions + nentries == 0 || nsessions > ATTEST_SESSIONS_MAX ||
	    nentries > ATTEST_ENTRIES_MAX)
		return RF_ERR_INVALID;
	for (size_t i = 0; i < nsessions; i++)
		if (!entry_valid_date(sessions[i].date) || sessions[i].minutes < 1 ||
		    sessions[i].minutes > 1440)
			return RF_ERR_INVALID;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((ss = json_array()) == NULL || (es = json_array()) == NULL)
		goto out;
	for (size_t i = 0; i < nsessions; i++)
		if (json_array_append_new(ss, json_pack("{s:s, s:i, s:s}", "date", sessions[i].date,
							"minutes", sessions[i].minutes, "format",
							sessions[i].group ? "group" : "individual")) != 0)
			goto out;
	for (size_t i = 0; i < nentries; i++)
		if (json_array_append_new(es, json_integer((json_int_t)entries[i])) != 0)
			goto out;
	st = json_pack("{s:i, s:s, s:{s:s, s:s, s:o, s:o}, s:{s:s, s:o}, s:s, s:s, s:O, s:O, s:s}",
		       "reflect_attestation", 1, "statement", ATTEST_WORDS, "supervisor", "name",
		       pub->name, "credential", credential ? credential : "", "sign_pk",
		       hex(pub->sign_pk, IDENTITY_KEYBYTES), "box_pk",
		       hex(pub->box_pk, IDENTITY_KEYBYTES), "practitioner", "name", to->name,
		       "sign_pk", hex(to->sign_pk, IDENTITY_KEYBYTES), "from", from ? from : "",
		       "to", until ? until : "", "sessions", ss, "entries", es, "signed_at", now);
	if (st == NULL || (statement = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	if ((m = signed_message(statement, strlen(statement), &mlen)) == NULL)
		goto out;
	identity_sign(me, m, mlen, sig);
	rec = json_pack("{s:s, s:o}", "attestation", statement, "signature",
			hex(sig, IDENTITY_SIGBYTES));
	if (rec == NULL || (*record = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	rs = RF_OK;
out:
	free(m);
	free(statement);
	json_decref(st);
	json_decref(ss);
	json_decref(es);
	json_decref(rec);
	return rs;
}

void attest_free(attest **a)
{
	if (a == NULL || *a == NULL)
		return;
	free((*a)->record);
	free((*a)->sessions);
	free((*a)->entries);
	free(*a);
	*a = NULL;
}

/* A day or "" from a member. */
static bool day_of(json_t *v, char out[11])
{
	const char *s = json_string_value(v);

	if (s == NULL || (*s != '\0' && !entry_valid_date(s)))
		return false;
	snprintf(out, 11, "%s", s);
	return true;
}

/* The statement's members into a. */
static rf_status parse_statement(json_t *o, attest *a)
{
	json_t *sup = json_object_get(o, "supervisor"), *pr = json_object_get(o, "practitioner");
	json_t *ss = json_object_get(o, "sessions"), *es = json_object_get(o, "entries"), *v;
	const char *name = json_string_value(json_object_get(sup, "name"));
	const char *cred = json_string_value(json_object_get(sup, "credential"));
	const char *pname = json_string_value(json_object_get(pr, "name"));
	const char *at = json_string_value(json_object_get(o, "signed_at"));
	size_t i;

	if (json_integer_value(json_object_get(o, "reflect_attestation")) != 1 || name == NULL ||
	    strlen(name) > IDENTITY_NAME_MAX || cred == NULL || strlen(cred) > ATTEST_CREDENTIAL_MAX ||
	    pname == NULL || strlen(pname) > IDENTITY_NAME_MAX || at == NULL || strlen(at) > 20 ||
	    !unhex(json_object_get(sup, "sign_pk"), a->supervisor.sign_pk, IDENTITY_KEYBYTES) ||
	    !unhex(json_object_get(sup, "box_pk"), a->supervisor.box_pk, IDENTITY_KEYBYTES) ||
	    !unhex(json_object_get(pr, "sign_pk"), a->practitioner_pk, IDENTITY_KEYBYTES) ||
	    !day_of(json_object_get(o, "from"), a->from) || !day_of(json_object_get(o, "to"), a->to) ||
	    !json_is_array(ss) || json_array_size(ss) > ATTEST_SESSIONS_MAX || !json_is_array(es) ||
	    json_array_size(es) > ATTEST_ENTRIES_MAX)
		return RF_ERR_PARSE;
	snprintf(a->supervisor.name, sizeof a->supervisor.name, "%s", name);
	snprintf(a->credential, sizeof a->credential, "%s", cred);
	snprintf(a->practitioner, sizeof a->practitioner, "%s", pname);
	snprintf(a->signed_at, sizeof a->signed_at, "%s", at);
	identity_fingerprint(&a->supervisor, a->fingerprint);
	if ((a->sessions = calloc(json_array_size(ss) + 1, sizeof *a->sessions)) == NULL ||
	    (a->entries = calloc(json_array_size(es) + 1, sizeof *a->entries)) == NULL)
		return RF_ERR_NOMEM;
	json_array_foreach(ss, i, v)
	{
		attest_session *s = &a->sessions[a->nsessions];
		json_t *mins = json_object_get(v, "minutes");
		const char *fmt = json_string_value(json_object_get(v, "format"));
		if (!day_of(json_object_get(v, "date"), s->date) || s->date[0] == '\0' ||
		    !json_is_integer(mins) || json_integer_value(mins) < 1 ||
		    json_integer_value(mins) > 1440 || fmt == NULL)
			return RF_ERR_PARSE;
		s->minutes = (int)json_integer_value(mins);
		s->group = strcmp(fmt, "group") == 0;
		a->minutes += s->minutes;
		if (s->group) {
			a->group_minutes += s->minutes;
			a->group_sessions++;
		}
		a->nsessions++;
	}
	json_array_foreach(es, i, v)
	{
		if (!json_is_integer(v))
			return RF_ERR_PARSE;
		a->entries[a->nentries++] = (int64_t)json_integer_value(v);
	}
	return RF_OK;
}

rf_status attest_read(const char *record, size_t len, attest **out)
{
	json_t *rec = NULL, *st = NULL;
	const char *statement;
	unsigned char sig[IDENTITY_SIGBYTES], *m = NULL;
	size_t mlen = 0;
	attest *a = NULL;
	rf_status rs = RF_ERR_PARSE;

	*out = NULL;
	if (record == NULL || len > ATTEST_RECORD_MAX)
		return RF_ERR_PARSE;
	if ((rec = json_loadb(record, len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return RF_ERR_PARSE;
	statement = json_string_value(json_object_get(rec, "attestation"));
	if (statement == NULL || !unhex(json_object_get(rec, "signature"), sig, sizeof sig))
		goto out;
	if ((st = json_loads(statement, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		goto out;
	if ((a = calloc(1, sizeof *a)) == NULL) {
		rs = RF_ERR_NOMEM;
		goto out;
	}
	if ((rs = parse_statement(st, a)) != RF_OK)
		goto out;
	if ((m = signed_message(statement, strlen(statement), &mlen)) == NULL) {
		rs = RF_ERR_NOMEM;
		goto out;
	}
	/* The signature, by the key the statement names. */
	if (!identity_verify(a->supervisor.sign_pk, m, mlen, sig)) {
		rs = RF_ERR_DAMAGED;
		goto out;
	}
	if ((a->record = malloc(len + 1)) == NULL) {
		rs = RF_ERR_NOMEM;
		goto out;
	}
	memcpy(a->record, record, len);
	a->record[len] = '\0';
	*out = a;
	a = NULL;
	rs = RF_OK;
out:
	free(m);
	attest_free(&a);
	json_decref(st);
	json_decref(rec);
	return rs;
}

bool attest_confirms(const attest *a, const char *date, int minutes, bool group)
{
	for (size_t i = 0; i < a->nsessions; i++)
		if (strcmp(a->sessions[i].date, date) == 0 && a->sessions[i].minutes == minutes &&
		    a->sessions[i].group == group)
			return true;
	return false;
}

rf_status attest_keep(journal *j, const char *record, size_t len,
		      const unsigned char signer_pk[IDENTITY_KEYBYTES],
		      const unsigned char me_pk[IDENTITY_KEYBYTES])
{
	attest *a = NULL;
	int64_t id = 0;
	rf_status st = attest_read(record, len, &a);

	if (st == RF_ERR_NOMEM)
		return st;
	if (st != RF_OK || sodium_memcmp(a->supervisor.sign_pk, signer_pk, IDENTITY_KEYBYTES) != 0 ||
	    sodium_memcmp(a->practitioner_pk, me_pk, IDENTITY_KEYBYTES) != 0) {
		attest_free(&a);
		return RF_ERR_REJECTED;
	}
	attest_free(&a);
	return journal_item_put(j, ATTEST_KIND, &id, record, len);
}

struct collect {
	attest **v;
	size_t n, cap;
	rf_status st;
};

static int collect_one(int64_t id, const char *data, size_t len, void *ctx)
{
	struct collect *c = ctx;
	attest *a = NULL;

	(void)id;
	if (attest_read(data, len, &a) != RF_OK)
		return 0; /* checked when it came in; an unreadable one is not shown */
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 8;
		attest **nv = realloc(c->v, nc * sizeof *nv);
		if (nv == NULL) {
			attest_free(&a);
			c->st = RF_ERR_NOMEM;
			return 1;
		}
		c->v = nv;
		c->cap = nc;
	}
	c->v[c->n++] = a;
	return 0;
}

rf_status attest_list(journal *j, attest ***v, size_t *n)
{
	struct collect c = {NULL, 0, 0, RF_OK};
	rf_status st = journal_item_each(j, ATTEST_KIND, collect_one, &c);

	if (st == RF_OK)
		st = c.st;
	if (st != RF_OK) {
		attest_list_free(&c.v, c.n);
		*v = NULL;
		*n = 0;
		return st;
	}
	*v = c.v;
	*n = c.n;
	return RF_OK;
}

void attest_list_free(attest ***v, size_t n)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		attest_free(&(*v)[i]);
	free(*v);
	*v = NULL;
}
