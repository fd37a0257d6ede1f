/* json.c - the report as JSON. */
#include "internal.h"

/* ---------------------------------------------------------------- JSON */

static const char *kind_name(pattern_kind k)
{
	return k == PATTERN_EMOTION ? "emotion" : "theme";
}

static json_t *jreal(double x)
{
	return json_real(round(x * 10000.0) / 10000.0);
}

/* Set key to v in o, taking v's reference; false when anything is missing. */
static bool jset(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

static bool jpush(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

/* How a JSON object is being built. With marks, id lists are left as marker strings
 * (a nonce and an index into ids) that pattern_write_json replaces while it writes, so that
 * a large review never holds its id lists as a tree. */
typedef struct jctx {
	int flags;
	bool marks;
	char nonce[17];
	const pattern_ids **ids;
	size_t n, cap;
} jctx;

/* Whose document ord is: the author's name, or null for the journal's own. */
static json_t *doc_author(const pattern *p, uint32_t ord)
{
	uint32_t a = p->docs[ord].author;

	return a != NONE ? json_string(p->authors[a]) : json_null();
}

static bool jids(json_t *o, const pattern_ids *ids, jctx *c)
{
	int64_t *v = NULL;
	size_t n = 0;
	json_t *a;
	bool ok = true;

	if (!(c->flags & PATTERN_JSON_IDS))
		return true;
	/* where the entries are several people's, whose each one is, beside the ids */
	bool authored = ids->p->nauthors > 0;
	if (c->marks) {
		char mark[48];
		if (GROW(c->ids, c->cap, c->n + 1) != RF_OK)
			return false;
		c->ids[c->n] = ids;
		snprintf(mark, sizeof(mark), "\x01%s:%zu", c->nonce, c->n);
		ok = jset(o, "ids", json_string(mark));
		snprintf(mark, sizeof(mark), "\x01%s:a%zu", c->nonce, c->n++);
		return ok && (!authored || jset(o, "authors", json_string(mark)));
	}
	if (pattern_ids_get(ids, &v, &n) != RF_OK)
		return false;
	a = json_array();
	for (size_t i = 0; i < n && ok; i++)
		ok = jpush(a, json_integer(v[i]));
	free(v);
	ok = ok && jset(o, "ids", a);
	if (ok && authored) {
		uint32_t pos = 0, prev = 0, ord;
		json_t *w = json_array();
		ok = jset(o, "authors", w);
		while (ok && pt_idlist_next(ids->l, &pos, &prev, &ord))
			ok = jpush(w, doc_author(ids->p, ord));
	}
	return ok;
}

static json_t *jlabels(const pattern_label *l, size_t n, jctx *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		if (!jpush(a, o) || !jset(o, "name", json_string(l[i].name)) ||
		    !jset(o, "count", json_integer(l[i].count)) || !jids(o, l[i].ids, c)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* x to four significant figures (p and q values can be very small). */
static json_t *jsig(double x)
{
	char buf[32];

	if (!(x > 0))
		return json_real(0.0);
	snprintf(buf, sizeof(buf), "%.3e", x);
	return json_real(strtod(buf, NULL));
}

static json_t *jgroups(const pattern_act_group *g, size_t n, const char *key, jctx *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		if (!jpush(a, o) || !jset(o, key, json_string(g[i].name)) ||
		    !jset(o, "mean", jreal(g[i].mean)) || !jset(o, "n", json_integer(g[i].n)) ||
		    !jset(o, "others_mean", jreal(g[i].others_mean)) ||
		    !jset(o, "others_n", json_integer(g[i].others_n)) ||
		    !jset(o, "q", jsig(g[i].q)) || !jids(o, g[i].ids, c)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *jperiod_act(json_t *o, unsigned rated, double mean)
{
	if (o == NULL || !jset(o, "rated", json_integer(rated)) ||
	    !jset(o, "activation", rated ? jreal(mean) : json_null())) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *jperiod(const char *since, const char *until, size_t entries)
{
	json_t *o = json_object();

	if (o == NULL || !jset(o, "since", *since ? json_string(since) : json_null()) ||
	    !jset(o, "until", *until ? json_string(until) : json_null()) ||
	    !jset(o, "entries", json_integer((json_int_t)entries))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static bool jselfcare(json_t *sc, const pattern_selfcare *s)
{
	json_t *med = json_array(), *dep = json_array();
	bool ok = med && dep;

	for (size_t i = 0; ok && i < s->nmedians; i++)
		ok = jpush(med, jreal(s->medians[i]));
	for (size_t i = 0; ok && i < s->ndepletion; i++)
		ok = jpush(dep, json_string(s->depletion[i]));
	ok = ok && jset(sc, "weekly_medians", json_incref(med)) &&
	     jset(sc, "depletion", json_incref(dep));
	json_decref(med);
	json_decref(dep);
	return ok;
}

static bool json_build(const pattern_report *r, jctx *c, json_t *root)
{
	json_t *vol = json_object(), *vweeks = json_array(), *act = json_object(),
	       *aweeks = json_array(), *shift = json_object(), *shl = json_array(),
	       *pairs = json_array(), *assocs = json_array(), *words = json_array(),
	       *qs = json_array(), *sc = json_object(), *rv = json_object(),
	       *rvemo = json_array();
	bool ok = vol && vweeks && act && aweeks && shift && shl && pairs && assocs && words &&
		  qs && sc && rv && rvemo;

	ok = ok && jset(root, "subject", r->subject ? json_string(r->subject) : json_null()) &&
	     jset(root, "entries", json_integer((json_int_t)r->entries)) &&
	     jset(root, "first", *r->first ? json_string(r->first) : json_null()) &&
	     jset(root, "last", *r->last ? json_string(r->last) : json_null());

	for (size_t i = 0; ok && i < r->nweeks; i++) {
		const pattern_week *w = &r->weeks[i];
		json_t *v = json_object(), *a;
		ok = jpush(vweeks, v) && jset(v, "week", json_string(w->week)) &&
		     jset(v, "monday", json_string(w->monday)) &&
		     jset(v, "entries", json_integer(w->entries)) && jids(v, w->ids, c);
		if (!ok || w->n == 0)
			continue;
		a = json_object();
		ok = jpush(aweeks, a) && jset(a, "week", json_string(w->week)) &&
		     jset(a, "mean", jreal(w->mean)) && jset(a, "sd", jreal(w->sd)) &&
		     jset(a, "n", json_integer(w->n));
	}
	ok = ok && jset(vol, "weeks", json_incref(vweeks)) && jset(root, "volume", json_incref(vol));
	ok = ok && jset(act, "weeks", json_incref(aweeks)) &&
	     jset(act, "families", jgroups(r->act_families, r->nact_families, "family", c)) &&
	     jset(act, "visit_types", jgroups(r->act_vtypes, r->nact_vtypes, "visit_type", c)) &&
	     jset(root, "activation", json_incref(act));
	if (r->subject != NULL) {
		/* the reader's own check-in is no part of a review of what others shared */
		ok = ok && jset(root, "practice", json_null());
	} else {
		json_t *pr = json_object(), *months = json_array();
		ok = ok && pr && months && jset(root, "practice", pr) &&
		     jset(pr, "question", json_string(pattern_practice_question())) &&
		     jset(pr, "months", months);
		for (size_t i = 0; ok && i < r->npractice; i++) {
			json_t *o = json_object();
			ok = jpush(months, o) && jset(o, "month", json_string(r->practice[i].month)) &&
			     jset(o, "mean", jreal(r->practice[i].mean)) &&
			     jset(o, "n", json_integer(r->practice[i].n));
		}
		if (!ok && pr && !json_object_get(root, "practice"))
			json_decref(pr);
		if (!ok && months && !json_object_get(root, "practice"))
			json_decref(months);
	}
	ok = ok && jset(root, "emotions", jlabels(r->emotions, r->nemotions, c)) &&
	     jset(root, "themes", jlabels(r->themes, r->nthemes, c));

	ok = ok && jset(shift, "recent",
			jperiod_act(jperiod(r->recent.since, r->recent.until, r->recent.entries),
				    r->recent.rated, r->recent.act_mean)) &&
	     jset(shift, "earlier",
		  jperiod_act(jperiod(r->earlier.since, r->earlier.until, r->earlier.entries),
			      r->earlier.rated, r->earlier.act_mean));
	for (size_t i = 0; ok && i < r->nshifts; i++) {
		const pattern_shift *s = &r->shifts[i];
		json_t *o = json_object();
		ok = jpush(shl, o) && jset(o, "name", json_string(s->name)) &&
		     jset(o, "kind", json_string(kind_name(s->kind))) &&
		     jset(o, "recent", json_integer(s->recent)) &&
		     jset(o, "earlier", json_integer(s->earlier)) &&
		     jset(o, "recent_share", jreal(s->recent_share)) &&
		     jset(o, "earlier_share", jreal(s->earlier_share)) &&
		     jset(o, "change", jreal(s->change)) && jset(o, "p", jsig(s->p)) &&
		     jids(o, s->ids, c);
	}
	ok = ok && jset(shift, "labels", json_incref(shl)) &&
	     jset(root, "shift", json_incref(shift));

	for (size_t i = 0; ok && i < r->npairs; i++) {
		const pattern_pair *pp = &r->pairs[i];
		json_t *o = json_object();
		ok = jpush(pairs, o) && jset(o, "a", json_string(pp->a)) &&
		     jset(o, "a_kind", json_string(kind_name(pp->a_kind))) &&
		     jset(o, "b", json_string(pp->b)) &&
		     jset(o, "b_kind", json_string(kind_name(pp->b_kind))) &&
		     jset(o, "count", json_integer(pp->count)) &&
		     jset(o, "a_count", json_integer(pp->a_count)) &&
		     jset(o, "b_count", json_integer(pp->b_count)) && jset(o, "lift", jreal(pp->lift)) &&
		     jset(o, "p", jsig(pp->p)) && jset(o, "q", jsig(pp->q)) &&
		     jids(o, pp->ids, c);
	}
	ok = ok && jset(root, "min_support", json_integer(r->min_support)) &&
	     jset(root, "fdr", jreal(r->fdr)) &&
	     jset(root, "pairs_tested", json_integer((json_int_t)r->pairs_tested)) &&
	     jset(root, "associations_tested", json_integer((json_int_t)r->assocs_tested)) &&
	     jset(root, "pairs", json_incref(pairs));

	for (size_t i = 0; ok && i < r->nassocs; i++) {
		const pattern_assoc *as = &r->assocs[i];
		json_t *o = json_object();
		ok = jpush(assocs, o) && jset(o, "label", json_string(as->label)) &&
		     jset(o, "kind", json_string(kind_name(as->kind))) &&
		     jset(o, "with", json_string(as->with == PATTERN_WITH_FAMILY ? "family"
										 : "visit_type")) &&
		     jset(o, "value", json_string(as->value)) &&
		     jset(o, "count", json_integer(as->count)) &&
		     jset(o, "label_count", json_integer(as->label_count)) &&
		     jset(o, "value_count", json_integer(as->value_count)) &&
		     jset(o, "lift", jreal(as->lift)) && jset(o, "p", jsig(as->p)) &&
		     jset(o, "q", jsig(as->q)) &&
		     jids(o, as->ids, c);
	}
	ok = ok && jset(root, "associations", json_incref(assocs));

	for (size_t i = 0; ok && i < r->nwords; i++) {
		const pattern_word *w = &r->words[i];
		json_t *o = json_object();
		ok = jpush(words, o) && jset(o, "word", json_string(w->word)) &&
		     jset(o, "score", jreal(w->score)) && jset(o, "count", json_integer(w->count)) &&
		     jset(o, "docs", json_integer(w->docs)) && jids(o, w->ids, c);
	}
	ok = ok && jset(root, "words", json_incref(words)) &&
	     jset(root, "words_read",
		  jperiod(*r->words_since ? r->words_since : "", *r->words_since ? r->last : "",
			  r->words_entries));

	for (size_t i = 0; ok && i < r->nquestions; i++) {
		const pattern_question *q = &r->questions[i];
		json_t *o = json_object();
		/* with the author when the entries are someone else's (after the members that
		 * were always there, where scripts find them) */
		ok = jpush(qs, o) && jset(o, "entry", json_integer(q->entry)) &&
		     jset(o, "day", json_string(q->day)) && jset(o, "text", json_string(q->text)) &&
		     (q->author == NULL || jset(o, "author", json_string(q->author)));
	}
	ok = ok && jset(root, "open_questions", json_incref(qs));

	ok = ok && jset(sc, "signal", json_boolean(r->self_care.signal)) &&
	     jset(sc, "why", json_string(r->self_care.why ? r->self_care.why : "")) &&
	     jset(sc, "recent_mean", jreal(r->self_care.recent_mean)) &&
	     jset(sc, "rated", json_integer(r->self_care.rated)) &&
	     jset(sc, "sustained", json_boolean(r->self_care.sustained)) &&
	     jset(sc, "rising", json_boolean(r->self_care.rising)) && jselfcare(sc, &r->self_care) &&
	     jids(sc, r->self_care.ids, c) && jset(root, "self_care", json_incref(sc));

	if (ok && r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		ok = jset(rv, "entry", json_integer(v->entry)) &&
		     (v->author == NULL || jset(rv, "author", json_string(v->author)));
		if (ok && v->family.name) {
			json_t *f = json_object();
			ok = jset(rv, "family", f) && jset(f, "name", json_string(v->family.name)) &&
			     jset(f, "count", json_integer((json_int_t)v->family.total)) &&
			     jids(f, v->family.ids, c);
		}
		for (size_t i = 0; ok && i < v->nemotions; i++) {
			json_t *o = json_object();
			ok = jpush(rvemo, o) && jset(o, "name", json_string(v->emotions[i].name)) &&
			     jset(o, "count", json_integer((json_int_t)v->emotions[i].total)) &&
			     jids(o, v->emotions[i].ids, c);
		}
		ok = ok && jset(rv, "emotions", json_incref(rvemo)) &&
		     jset(root, "revisit", json_incref(rv));
	}
	json_decref(vol);
	json_decref(vweeks);
	json_decref(act);
	json_decref(aweeks);
	json_decref(shift);
	json_decref(shl);
	json_decref(pairs);
	json_decref(assocs);
	json_decref(words);
	json_decref(qs);
	json_decref(sc);
	json_decref(rv);
	json_decref(rvemo);
	return ok;
}

json_t *pattern_to_json(const pattern_report *r, int flags)
{
	json_t *root = json_object();
	jctx c;

	memset(&c, 0, sizeof(c));
	c.flags = flags;
	if (root == NULL)
		return NULL;
	if (!json_build(r, &c, root)) {
		json_decref(root);
		return NULL;
	}
	return root;
}

rf_status pattern_write_json(const pattern_report *r, int flags, FILE *out)
{
	json_t *root = json_object();
	jctx c;
	char *s = NULL, prefix[32];
	const char *p;
	size_t pl;
	unsigned char nonce[8];
	rf_status st = RF_ERR_NOMEM;

	memset(&c, 0, sizeof(c));
	c.flags = flags;
	c.marks = true;
	randombytes_buf(nonce, sizeof(nonce));
	for (size_t i = 0; i < sizeof(nonce); i++)
		snprintf(c.nonce + 2 * i, 3, "%02x", nonce[i]);
	if (root == NULL || !json_build(r, &c, root))
		goto out;
	s = json_dumps(root, JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER |
				     ((flags & PATTERN_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
	if (s == NULL)
		goto out;
	/* Write it out, each marker string replaced by its id list. */
	pl = (size_t)snprintf(prefix, sizeof(prefix), "\"\\u0001%s:", c.nonce);
	st = RF_ERR_IO;
	for (p = s;;) {
		const char *m = strstr(p, prefix);
		char *end = NULL;
		unsigned long k;
		uint32_t pos = 0, prev = 0, ord;
		bool first = true;
		if (m == NULL)
			break;
		if (fwrite(p, 1, (size_t)(m - p), out) != (size_t)(m - p))
			goto out;
		bool names = m[pl] == 'a'; /* the authors beside an id list */
		k = strtoul(m + pl + names, &end, 10);
		if (end == NULL || *end != '"' || k >= c.n)
			goto out; /* cannot happen: the markers are ours */
		fputc('[', out);
		while (pt_idlist_next(c.ids[k]->l, &pos, &prev, &ord)) {
			if (names) {
				json_t *w = doc_author(c.ids[k]->p, ord);
				char *t = w ? json_dumps(w, JSON_ENCODE_ANY) : NULL;
				json_decref(w);
				if (t == NULL)
					goto out;
				fprintf(out, first ? "%s" : ", %s", t);
				free(t);
			} else {
				fprintf(out, first ? "%lld" : ", %lld",
					(long long)c.ids[k]->p->docs[ord].id);
			}
			first = false;
		}
		fputc(']', out);
		p = end + 1;
	}
	fputs(p, out);
	st = ferror(out) ? RF_ERR_IO : RF_OK;
out:
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
	json_decref(root);
	free(c.ids);
	return st;
}

char *pattern_json_text(const pattern_report *r, int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	rf_status st;

	if (f == NULL)
		return NULL;
	st = pattern_write_json(r, flags, f);
	if (fclose(f) != 0 || st != RF_OK) {
		if (buf != NULL) {
			sodium_memzero(buf, len);
			free(buf);
		}
		return NULL;
	}
	return buf;
}

