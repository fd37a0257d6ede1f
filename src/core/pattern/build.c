/* build.c - a review computation: options, entries fed one at a time (labels, families,
 * visit types, questions, words), finishing, freeing, and the whole pass over a journal. */
#include "internal.h"

/* ---------------------------------------------------------------- labels and values */

/* The key a label or value is matched by: prefix (may be "") then name folded and trimmed,
 * into buf (cap bytes). Plain ASCII folds by lower-casing; anything else goes through
 * text_fold. Returns the key's length, 0 for an empty name; -1 when out of memory or too
 * long to be a label. */
static long fold_key(const char *prefix, const char *name, char *buf, size_t cap)
{
	size_t pl = strlen(prefix), n = 0;
	const unsigned char *c = (const unsigned char *)name;
	char *folded = NULL;
	long len;

	while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
		c++;
	for (const unsigned char *d = c; *d; d++) {
		if (*d >= 0x80) {
			folded = text_fold((const char *)c);
			if (folded == NULL)
				return -1;
			text_trim(folded);
			c = (const unsigned char *)folded;
			break;
		}
	}
	memcpy(buf, prefix, pl);
	for (; *c; c++) {
		if (pl + n + 1 >= cap) {
			pt_wipe_free(&folded);
			return -1;
		}
		buf[pl + n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c | 0x20 : *c);
	}
	while (n > 0 && (buf[pl + n - 1] == ' ' || buf[pl + n - 1] == '\t' ||
			 buf[pl + n - 1] == '\n' || buf[pl + n - 1] == '\r'))
		n--;
	buf[pl + n] = '\0';
	pt_wipe_free(&folded);
	len = n == 0 ? 0 : (long)(pl + n);
	return len;
}

static rf_status label_index(pattern *p, pattern_kind kind, const char *name, uint32_t *out)
{
	char buf[512];
	long n = fold_key(kind == PATTERN_EMOTION ? "e:" : "t:", name, buf, sizeof(buf));
	uint32_t h, idx;
	rf_status st = RF_ERR_NOMEM;
	label *l;

	*out = NONE;
	if (n <= 0) {
		/* Empty, or far too long to be a label: not counted. */
		st = n < 0 && strlen(name) < sizeof(buf) / 2 ? RF_ERR_NOMEM : RF_OK;
		goto out;
	}
	h = pt_hash_bytes(buf, (size_t)n);
	idx = pt_strmap_get(&p->labelmap, buf, (size_t)n, h);
	if (idx == NONE) {
		if (GROW(p->labels, p->caplabels, p->nlabels + 1) != RF_OK)
			goto out;
		l = &p->labels[p->nlabels];
		memset(l, 0, sizeof(*l));
		l->key = pt_xstrdup(buf);
		l->name = pt_xstrdup(name);
		if (l->key == NULL || l->name == NULL) {
			pt_wipe_free(&l->key);
			pt_wipe_free(&l->name);
			goto out;
		}
		text_trim(l->name);
		l->kind = kind;
		idx = (uint32_t)p->nlabels;
		if (pt_strmap_put(&p->labelmap, l->key, (size_t)n, h, idx) != RF_OK) {
			pt_wipe_free(&l->key);
			pt_wipe_free(&l->name);
			goto out;
		}
		p->nlabels++;
	}
	*out = idx;
	st = RF_OK;
out:
	sodium_memzero(buf, sizeof(buf));
	return st;
}

static rf_status value_index(strmap *m, value **v, size_t *nv, size_t *cap, const char *name,
			     uint32_t *out)
{
	char buf[512];
	long n;
	uint32_t h, idx;
	rf_status st = RF_ERR_NOMEM;
	value *val;

	*out = NONE;
	if (name == NULL)
		return RF_OK;
	n = fold_key("", name, buf, sizeof(buf));
	if (n <= 0) {
		st = n < 0 && strlen(name) < sizeof(buf) / 2 ? RF_ERR_NOMEM : RF_OK;
		goto out;
	}
	h = pt_hash_bytes(buf, (size_t)n);
	idx = pt_strmap_get(m, buf, (size_t)n, h);
	if (idx == NONE) {
		if (GROW(*v, *cap, *nv + 1) != RF_OK)
			goto out;
		val = &(*v)[*nv];
		val->count = 0;
		val->key = pt_xstrdup(buf);
		val->name = pt_xstrdup(name);
		if (val->key == NULL || val->name == NULL) {
			pt_wipe_free(&val->key);
			pt_wipe_free(&val->name);
			goto out;
		}
		text_trim(val->name);
		idx = (uint32_t)*nv;
		if (pt_strmap_put(m, val->key, (size_t)n, h, idx) != RF_OK) {
			pt_wipe_free(&val->key);
			pt_wipe_free(&val->name);
			goto out;
		}
		(*nv)++;
	}
	*out = idx;
	st = RF_OK;
out:
	sodium_memzero(buf, sizeof(buf));
	return st;
}

/* ---------------------------------------------------------------- building */

rf_status pattern_new(const pattern_opts *opts, pattern **out)
{
	pattern *p;
	int32_t d;
	rf_status st = RF_ERR_NOMEM;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return RF_ERR_NOMEM;
	if (opts)
		p->o = *opts;
	if ((p->o.recent_since && !pt_parse_day(p->o.recent_since, &d)) ||
	    (p->o.recent_until && !pt_parse_day(p->o.recent_until, &d)) ||
	    (p->o.earlier_since && !pt_parse_day(p->o.earlier_since, &d)) ||
	    (p->o.earlier_until && !pt_parse_day(p->o.earlier_until, &d)) || p->o.recent_days < 0 ||
	    p->o.min_lift < 0 || p->o.fdr < 0 || p->o.fdr > 1 || p->o.selfcare_level < 0 || p->o.selfcare_rising < 0) {
		st = RF_ERR_INVALID;
		goto out;
	}
	/* The date strings are the caller's; keep nothing that may not outlive us. */
	p->o.recent_since = p->o.recent_until = p->o.earlier_since = p->o.earlier_until = NULL;
	if (opts) {
		p->r.recent.since[0] = p->r.recent.until[0] = '\0';
		if (opts->recent_since)
			snprintf(p->r.recent.since, 11, "%s", opts->recent_since);
		if (opts->recent_until)
			snprintf(p->r.recent.until, 11, "%s", opts->recent_until);
		if (opts->earlier_since)
			snprintf(p->r.earlier.since, 11, "%s", opts->earlier_since);
		if (opts->earlier_until)
			snprintf(p->r.earlier.until, 11, "%s", opts->earlier_until);
	}
	if (p->o.recent_days == 0)
		p->o.recent_days = 28;
	/* min_support 0: chosen at finish from the size of the set. */
	if (p->o.fdr == 0)
		p->o.fdr = 0.05;
	if (p->o.min_ratings == 0)
		p->o.min_ratings = 3;
	if (opts && opts->subject && *opts->subject) {
		if ((p->subject = pt_xstrdup(opts->subject)) == NULL)
			goto out;
	}
	p->o.subject = p->subject;
	p->r.subject = p->subject;
	if (p->o.min_lift == 0)
		p->o.min_lift = 1.0;
	if (p->o.min_word_entries == 0)
		p->o.min_word_entries = 2;
	if (p->o.max_words == 0)
		p->o.max_words = 20;
	if (p->o.max_word_scan == 0)
		p->o.max_word_scan = 5000;
	p->words_since = INT32_MAX;
	p->author = NONE;
	if (p->o.selfcare_window == 0)
		p->o.selfcare_window = 5;
	if (p->o.selfcare_level == 0)
		p->o.selfcare_level = 7.0;
	if (p->o.selfcare_rising == 0)
		p->o.selfcare_rising = 6.0;
	if (p->o.revisit_max == 0)
		p->o.revisit_max = 10;
	for (size_t i = 0; i < pt_nstop_words; i++) {
		uint32_t id;
		size_t len = strlen(pt_stop_words[i]);
		uint32_t h = pt_hash_bytes(pt_stop_words[i], len);
		if (pt_strmap_get(&p->termmap, pt_stop_words[i], len, h) != NONE)
			continue;
		if (pt_term_new(p, pt_stop_words[i], len, h, NONE, NONE, &id) != RF_OK)
			goto out;
		p->terms[id].stop = true;
		p->terms[id].cls = WORD_FUNCTION;
	}
	for (size_t i = 0; i < pt_nweak_words; i++) {
		uint32_t id;
		size_t len = strlen(pt_weak_words[i]);
		uint32_t h = pt_hash_bytes(pt_weak_words[i], len);
		id = pt_strmap_get(&p->termmap, pt_weak_words[i], len, h);
		if (id == NONE && pt_term_new(p, pt_weak_words[i], len, h, NONE, NONE, &id) != RF_OK)
			goto out;
		p->terms[id].stop = true;
		p->terms[id].cls = WORD_WEAK;
	}
	*out = p;
	p = NULL;
	st = RF_OK;
out:
	pattern_free(&p);
	return st;
}

static bool is_discussed(const pattern *p, int64_t id)
{
	for (size_t i = 0; i < p->o.ndiscussed; i++)
		if (p->o.discussed_ids[i] == id)
			return true;
	return p->o.discussed && p->o.discussed(id, p->o.discussed_ctx);
}

static rf_status add_labels(pattern *p, const strlist *l, pattern_kind kind, doc *d)
{
	for (size_t i = 0; i < l->n; i++) {
		uint32_t idx;
		bool seen = false;
		rf_status st = label_index(p, kind, l->v[i], &idx);
		if (st != RF_OK)
			return st;
		if (idx == NONE)
			continue;
		for (size_t k = d->lab_off; k < p->ndoclabs; k++)
			if (p->doclabs[k] == idx)
				seen = true;
		if (seen)
			continue;
		if (d->nlab == UINT16_MAX)
			return RF_ERR_TOO_BIG;
		if (GROW(p->doclabs, p->capdoclabs, p->ndoclabs + 1) != RF_OK)
			return RF_ERR_NOMEM;
		p->doclabs[p->ndoclabs++] = idx;
		d->nlab++;
	}
	return RF_OK;
}

rf_status pattern_set_author(pattern *p, const char *author)
{
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished)
		return RF_ERR_INVALID;
	p->author = NONE;
	if (author == NULL)
		return RF_OK;
	for (size_t i = 0; i < p->nauthors; i++)
		if (strcmp(p->authors[i], author) == 0) {
			p->author = (uint32_t)i;
			return RF_OK;
		}
	if ((st = GROW(p->authors, p->capauthors, p->nauthors + 1)) != RF_OK)
		return pt_fail(p, st);
	if ((p->authors[p->nauthors] = pt_xstrdup(author)) == NULL)
		return pt_fail(p, RF_ERR_NOMEM);
	p->author = (uint32_t)p->nauthors++;
	return RF_OK;
}

rf_status pattern_add(pattern *p, const entry *e)
{
	doc d;
	char day[11];
	uint32_t ord;
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (p->ndocs >= NONE - 1)
		return pt_fail(p, RF_ERR_TOO_BIG);
	ord = (uint32_t)p->ndocs;
	memset(&d, 0, sizeof(d));
	d.id = e->id;
	d.author = p->author;
	d.written = e->written;
	entry_day(e, day);
	if (!pt_parse_day(day, &d.day))
		d.day = (int32_t)(e->written / 86400);
	d.act = (int8_t)(e->activation >= 0 && e->activation <= 10 ? e->activation : -1);
	d.lab_off = (uint32_t)p->ndoclabs;
	if ((st = GROW(p->docs, p->capdocs, p->ndocs + 1)) != RF_OK)
		return pt_fail(p, st);
	if ((st = value_index(&p->fammap, &p->fams, &p->nfams, &p->capfams, e->family,
			      &d.family)) != RF_OK ||
	    (st = value_index(&p->vtypemap, &p->vtypes, &p->nvtypes, &p->capvtypes, e->visit_type,
			      &d.vtype)) != RF_OK ||
	    (st = add_labels(p, &e->emotions, PATTERN_EMOTION, &d)) != RF_OK ||
	    (st = add_labels(p, &e->themes, PATTERN_THEME, &d)) != RF_OK)
		return pt_fail(p, st);
	if (d.family != NONE)
		p->fams[d.family].count++;
	if (d.vtype != NONE)
		p->vtypes[d.vtype].count++;
	for (uint32_t i = 0; i < d.nlab; i++) {
		uint32_t a = p->doclabs[d.lab_off + i];
		p->labels[a].count++;
		if ((st = pt_idlist_add(&p->labels[a].ids, ord)) != RF_OK)
			return pt_fail(p, st);
	}
	if (e->for_supervision && e->questions.n > 0 && !is_discussed(p, e->id)) {
		for (size_t i = 0; i < e->questions.n; i++) {
			question *q;
			if (e->questions.v[i] == NULL || e->questions.v[i][0] == '\0')
				continue;
			if (GROW(p->questions, p->capquestions, p->nquestions + 1) != RF_OK)
				return pt_fail(p, RF_ERR_NOMEM);
			q = &p->questions[p->nquestions];
			q->doc = ord;
			q->text = pt_xstrdup(e->questions.v[i]);
			if (q->text == NULL)
				return pt_fail(p, RF_ERR_NOMEM);
			p->nquestions++;
		}
	}
	p->docs[p->ndocs++] = d;
	if (pt_has_texts(e) && p->wordsdocs < p->o.max_word_scan &&
	    (st = pt_scan_entry(p, e, true, ord)) != RF_OK)
		return pt_fail(p, st);
	return RF_OK;
}

rf_status pattern_add_practice(pattern *p, int64_t at, int answer)
{
	if (p->st != RF_OK)
		return p->st;
	if (p->finished || answer < 0 || answer > 10)
		return RF_ERR_INVALID;
	if (GROW(p->practices, p->cappractices, p->npractices + 1) != RF_OK)
		return pt_fail(p, RF_ERR_NOMEM);
	p->practices[p->npractices].at = at;
	p->practices[p->npractices].answer = answer;
	p->npractices++;
	return RF_OK;
}

rf_status pattern_add_context(pattern *p, const entry *e)
{
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (p->wordsdocs < p->o.max_word_scan && (st = pt_scan_entry(p, e, false, 0)) != RF_OK)
		return pt_fail(p, st);
	return RF_OK;
}

rf_status pattern_add_words(pattern *p, const entry *e, bool in_set)
{
	uint32_t ord;
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (!in_set)
		return pattern_add_context(p, e);
	if (p->wordsdocs >= p->o.max_word_scan)
		return RF_OK;
	/* Entries come in the order they were added: look forward from the last one read. */
	for (ord = p->word_cursor; ord < p->ndocs && p->docs[ord].id != e->id; ord++)
		;
	if (ord == p->ndocs) {
		for (ord = 0; ord < p->word_cursor && p->docs[ord].id != e->id; ord++)
			;
		if (ord == p->word_cursor)
			return RF_ERR_NOT_FOUND;
	}
	if (p->docs[ord].words)
		return RF_OK;
	if (ord < p->last_word_ord)
		return RF_ERR_INVALID;
	p->word_cursor = ord;
	if ((st = pt_scan_entry(p, e, true, ord)) != RF_OK)
		return pt_fail(p, st);
	return RF_OK;
}

bool pattern_words_full(const pattern *p)
{
	return p->wordsdocs >= p->o.max_word_scan;
}

rf_status pattern_finish(pattern *p, const pattern_report **out)
{
	pattern_report *r = &p->r;
	int32_t first = INT32_MAX, last = INT32_MIN;
	rf_status st;

	*out = NULL;
	if (p->st != RF_OK)
		return p->st;
	if (p->finished)
		return RF_ERR_INVALID;
	p->finished = true;
	r->entries = p->ndocs;
	for (size_t i = 0; i < p->ndocs; i++) {
		if (p->docs[i].day < first)
			first = p->docs[i].day;
		if (p->docs[i].day > last)
			last = p->docs[i].day;
	}
	if (p->ndocs > 0) {
		pt_format_day(first, r->first);
		pt_format_day(last, r->last);
		if ((st = pt_finish_weeks(p, first, last)) != RF_OK)
			return pt_fail(p, st);
	} else {
		r->first[0] = r->last[0] = '\0';
		last = 0;
	}
	if ((st = pt_finish_labels(p)) != RF_OK || (st = pt_finish_shift(p, last)) != RF_OK ||
	    (st = pt_finish_combos(p)) != RF_OK || (st = pt_finish_words(p)) != RF_OK ||
	    (st = pt_finish_questions(p)) != RF_OK || (st = pt_finish_activation(p)) != RF_OK ||
	    (st = pt_finish_practice(p)) != RF_OK || (st = pt_finish_selfcare(p)) != RF_OK ||
	    (st = pt_finish_revisit(p)) != RF_OK)
		return pt_fail(p, st);
	if (p->ndocs == 0)
		r->recent.since[0] = r->recent.until[0] = r->earlier.until[0] = '\0';
	*out = r;
	return RF_OK;
}

void pattern_free(pattern **pp)
{
	pattern *p;

	if (pp == NULL || *pp == NULL)
		return;
	p = *pp;
	free(p->docs);
	free(p->doclabs);
	for (size_t i = 0; i < p->nlabels; i++) {
		pt_wipe_free(&p->labels[i].key);
		pt_wipe_free(&p->labels[i].name);
		pt_idlist_free(&p->labels[i].ids);
	}
	free(p->labels);
	free(p->labelmap.s);
	for (size_t i = 0; i < p->nfams; i++) {
		pt_wipe_free(&p->fams[i].key);
		pt_wipe_free(&p->fams[i].name);
	}
	for (size_t i = 0; i < p->nvtypes; i++) {
		pt_wipe_free(&p->vtypes[i].key);
		pt_wipe_free(&p->vtypes[i].name);
	}
	free(p->fams);
	free(p->vtypes);
	free(p->fammap.s);
	free(p->vtypemap.s);
	for (size_t i = 0; i < p->nterms; i++) {
		pt_wipe_free(&p->terms[i].str);
		pt_wipe_free(&p->terms[i].disp);
		pt_idlist_free(&p->terms[i].ids);
	}
	free(p->terms);
	free(p->termmap.s);
	free(p->phrasemap.s);
	for (size_t i = 0; i < p->nquestions; i++)
		pt_wipe_free(&p->questions[i].text);
	free(p->questions);
	for (size_t i = 0; i < p->npids; i++)
		free(p->pids[i]);
	free(p->pids);
	for (size_t i = 0; i < p->nextra; i++) {
		pt_idlist_free(p->extra[i]);
		free(p->extra[i]);
	}
	free(p->extra);
	for (size_t i = 0; i < p->nstrs; i++)
		pt_wipe_free(&p->strs[i]);
	free(p->strs);
	free(p->r.weeks);
	free(p->r.emotions);
	free(p->r.themes);
	free(p->r.shifts);
	free(p->r.pairs);
	free(p->r.assocs);
	free(p->r.words);
	free(p->r.questions);
	free(p->r.revisit.emotions);
	free(p->r.act_families);
	free(p->r.act_vtypes);
	free(p->r.practice);
	free(p->r.self_care.depletion);
	free(p->practices);
	pt_wipe_free(&p->subject);
	for (size_t i = 0; i < p->nauthors; i++)
		pt_wipe_free(&p->authors[i]);
	free(p->authors);
	sodium_memzero(p, sizeof(*p));
	free(p);
	*pp = NULL;
}

rf_status pattern_ids_get(const pattern_ids *ids, int64_t **out, size_t *n)
{
	uint32_t pos = 0, prev = 0, ord;
	int64_t *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (ids == NULL || ids->l->n == 0)
		return RF_OK;
	v = malloc(ids->l->n * sizeof(*v));
	if (v == NULL)
		return RF_ERR_NOMEM;
	while (pt_idlist_next(ids->l, &pos, &prev, &ord) && k < ids->l->n)
		v[k++] = ids->p->docs[ord].id;
	*out = v;
	*n = k;
	return RF_OK;
}

size_t pattern_ids_count(const pattern_ids *ids)
{
	return ids ? ids->l->n : 0;
}

void pattern_free_text(char **s)
{
	pt_wipe_free(s);
}
/* ---------------------------------------------------------------- over a journal */

struct review_pass {
	pattern *p;
	const entry_filter *f;
	bool filtered;
	rf_status st;
};

static bool filter_is_set(const entry_filter *f)
{
	return f != NULL && (f->since || f->until || f->theme || f->emotion || f->family ||
			     f->visit_type || f->search || f->flagged || f->portfolio);
}

/* One pass with the texts: the set, and the rest as background. */
static int visit_all(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	if (!c->filtered || entry_matches(e, c->f))
		c->st = pattern_add(c->p, e);
	else
		c->st = pattern_add_context(c->p, e);
	return c->st != RF_OK;
}

/* First of two passes: the set, from the metadata alone. */
static int visit_meta(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	if (!c->filtered || entry_matches(e, c->f))
		c->st = pattern_add(c->p, e);
	return c->st != RF_OK;
}

/* Second pass: words, newest first, until the window is full. */
static int visit_words(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	c->st = pattern_add_words(c->p, e, !c->filtered || entry_matches(e, c->f));
	if (c->st == RF_ERR_NOT_FOUND)
		c->st = RF_OK; /* added since the first pass */
	return c->st != RF_OK || pattern_words_full(c->p);
}

rf_status pattern_review(journal *j, const entry_filter *f, const pattern_opts *opts,
			 pattern **out, const pattern_report **report)
{
	struct review_pass c = {0};
	rf_status st;

	*out = NULL;
	*report = NULL;
	st = pattern_new(opts, &c.p);
	if (st != RF_OK)
		return st;
	c.f = f;
	c.filtered = filter_is_set(f);
	if (entry_filter_needs_body(f)) {
		/* Membership needs the texts: one pass with them. */
		st = journal_each(j, NULL, true, visit_all, &c);
	} else {
		/* Metadata for everything (cheap, from the index when it is loaded), then texts
		 * only as far back as the words window reaches. */
		st = journal_each(j, NULL, false, visit_meta, &c);
		if (st == RF_OK && c.st == RF_OK)
			st = journal_each(j, NULL, true, visit_words, &c);
	}
	if (st == RF_OK)
		st = c.st;
	if (st == RF_OK)
		st = pattern_practice_load(j, c.p);
	if (st == RF_OK)
		st = pattern_finish(c.p, report);
	if (st != RF_OK) {
		pattern_free(&c.p);
		*report = NULL;
		return st;
	}
	*out = c.p;
	return RF_OK;
}

