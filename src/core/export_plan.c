/* export_plan.c - a whole export from a journal: the first pass (what to write, the cover's
 * numbers, anything identifying), then writing oldest first, redacted when asked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/attest.h"
#include "reflect/deid.h"
#include "reflect/export.h"
#include "reflect/journal.h"
#include "reflect/supervision.h"

struct plan_ctx {
	export_plan *p;
	const deid_list *ids;
	bool scan;
	size_t cap;
	rf_status st;
};

static int plan_one(const entry *e, void *vctx)
{
	struct plan_ctx *c = vctx;
	export_plan *p = c->p;

	export_row *row;

	if (p->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256;
		int64_t *nv;
		export_row *nr;
		if (ncap > SIZE_MAX / sizeof *nr ||
		    (nv = realloc(p->ids, ncap * sizeof *nv)) == NULL) {
			c->st = RF_ERR_NOMEM;
			return 1;
		}
		p->ids = nv;
		if ((nr = realloc(p->rows, ncap * sizeof *nr)) == NULL) {
			c->st = RF_ERR_NOMEM;
			return 1;
		}
		p->rows = nr;
		c->cap = ncap;
	}
	row = &p->rows[p->n];
	memset(row, 0, sizeof *row);
	row->id = e->id;
	entry_day(e, row->day);
	for (size_t i = 0; i < e->competencies.n; i++) {
		int d = export_domain_of(e->competencies.v[i]);
		if (d >= 0)
			row->domains |= 1u << d;
	}
	if ((e->visit_type != NULL && (row->visit_type = strdup(e->visit_type)) == NULL) ||
	    (e->family != NULL && (row->family = strdup(e->family)) == NULL)) {
		free(row->visit_type);
		c->st = RF_ERR_NOMEM;
		return 1;
	}
	p->ids[p->n++] = e->id;
	export_stats_add(&p->stats, e);
	if (c->scan)
		c->st = deid_scan_entry(c->ids, e, p->found);
	return c->st != RF_OK;
}

/* Scanning for the plan on the journal's threads: each entry's findings found there, then
 * taken into the plan in order with its row. */
static void *scan_found(const entry *e, void *vctx)
{
	struct plan_ctx *c = vctx;
	deid_findings *f = calloc(1, sizeof *f);

	if (f != NULL && deid_scan_entry(c->ids, e, f) != RF_OK) {
		deid_findings_clear(f);
		free(f);
		f = NULL;
	}
	return f;
}

static void drop_found(void *made, void *vctx)
{
	(void)vctx;
	deid_findings_clear(made);
	free(made);
}

static int plan_found(const entry *e, void *made, void *vctx)
{
	struct plan_ctx *c = vctx;
	deid_findings *f = made, *all = c->p->found;
	bool scan = c->scan;

	if (f == NULL) {
		c->st = RF_ERR_NOMEM;
		return 1;
	}
	c->scan = false; /* scanned: the row only */
	plan_one(e, c);
	c->scan = scan;
	if (c->st == RF_OK && f->n > 0) {
		deid_finding *v = realloc(all->v, (all->n + f->n) * sizeof *v);
		if (v == NULL) {
			c->st = RF_ERR_NOMEM;
		} else {
			all->v = v;
			memcpy(all->v + all->n, f->v, f->n * sizeof *v);
			all->n += f->n;
			f->n = 0; /* the words are the plan's now */
		}
	}
	return c->st != RF_OK;
}

rf_status export_plan_make(journal *j, const entry_filter *f, const deid_list *ids, bool scan,
			   bool cover, export_plan **out)
{
	struct plan_ctx c = {NULL, ids, scan, 0, RF_OK};
	rf_status st;

	*out = NULL;
	if ((c.p = calloc(1, sizeof *c.p)) == NULL ||
	    (c.p->found = calloc(1, sizeof *c.p->found)) == NULL) {
		free(c.p);
		return RF_ERR_NOMEM;
	}
	if (scan && (st = deid_prepare()) == RF_OK)
		st = journal_each_made(j, f, true,
				       &(journal_worker){scan_found, plan_found, drop_found, &c});
	else if (!scan)
		st = journal_each(j, f, cover, plan_one, &c);
	if (st == RF_OK)
		st = c.st;
	if (st != RF_OK) {
		export_plan_free(&c.p);
		return st;
	}
	/* journal_each goes newest first; a portfolio reads oldest first. */
	for (size_t i = 0; i < c.p->n / 2; i++) {
		int64_t t = c.p->ids[i];
		c.p->ids[i] = c.p->ids[c.p->n - 1 - i];
		c.p->ids[c.p->n - 1 - i] = t;
		export_row r = c.p->rows[i];
		c.p->rows[i] = c.p->rows[c.p->n - 1 - i];
		c.p->rows[c.p->n - 1 - i] = r;
	}
	*out = c.p;
	return RF_OK;
}

rf_status export_plan_empty(export_plan **out)
{
	export_plan *p = calloc(1, sizeof *p);

	*out = NULL;
	if (p == NULL || (p->found = calloc(1, sizeof *p->found)) == NULL) {
		free(p);
		return RF_ERR_NOMEM;
	}
	*out = p;
	return RF_OK;
}

void export_plan_free(export_plan **p)
{
	if (p == NULL || *p == NULL)
		return;
	deid_findings_clear((*p)->found);
	free((*p)->found);
	for (size_t i = 0; i < (*p)->n; i++) {
		free((*p)->rows[i].visit_type);
		free((*p)->rows[i].family);
	}
	free((*p)->rows);
	free((*p)->ids);
	free(*p);
	*p = NULL;
}

struct write_ctx {
	const deid_list *ids;
	deid_findings *scan; /* scan each entry as it is written; stop at the first finding */
	export_scan_check *sc;
	bool redact;
	export_writer *w;
	size_t *replaced;
	int64_t *rejected;
	rf_status st;
	int64_t first;	/* the plan's first entry (0: not known) */
	size_t written; /* entries put into the document */
};

static int write_one(const entry *e, void *vctx)
{
	struct write_ctx *c = vctx;
	entry *copy = NULL;
	size_t n = 0;

	if (c->scan != NULL) {
		if ((c->st = deid_scan_entry(c->ids, e, c->scan)) != RF_OK)
			return 1;
		if (c->scan->n > 0)
			return 1;
		c->sc->clean = e;
	}
	if (c->redact && (c->st = deid_redact_entry(c->ids, e, &copy, &n)) != RF_OK)
		return 1;
	if (c->replaced)
		*c->replaced += n;
	c->st = export_entry(c->w, copy ? copy : e);
	if (c->st == RF_ERR_REJECTED && c->rejected)
		*c->rejected = e->id;
	if (c->sc != NULL)
		c->sc->clean = NULL;
	entry_free(&copy);
	return c->st != RF_OK;
}

/* ---- writing on several threads ----
 * Each entry is scanned and written into a fork of the writer on any of the journal's
 * threads; in order, on the caller's, it is put into the document (or, scanned and found
 * identifying, stops it). Redacting stays on one thread: a person's placeholder number is
 * given in the order people are met. */

typedef struct made_entry {
	export_writer *fork; /* the entry, written */
	bool found;	     /* the scan found something identifying */
	rf_status st;
} made_entry;

static void made_free(void *made, void *vctx)
{
	made_entry *m = made;

	(void)vctx;
	if (m == NULL)
		return;
	export_writer_free(&m->fork);
	free(m);
}

static void *work_one(const entry *e, void *vctx)
{
	struct write_ctx *c = vctx;
	made_entry *m = calloc(1, sizeof *m);
	export_scan_check sc = {c->ids, e};

	if (m == NULL)
		return NULL;
	if (c->scan != NULL) {
		deid_findings found = {0};
		m->st = deid_scan_entry(c->ids, e, &found);
		m->found = found.n > 0;
		deid_findings_clear(&found);
		if (m->st != RF_OK || m->found)
			return m;
	}
	/* an entry follows others unless it is the plan's first (if that one is gone, the
	 * next is written again in its place by export_append) */
	m->st = export_fork(c->w, c->first == 0 || e->id != c->first, c->sc != NULL ? &sc : NULL,
			    &m->fork);
	if (m->st == RF_OK)
		m->st = export_entry(m->fork, e);
	return m;
}

static int visit_one(const entry *e, void *made, void *vctx)
{
	struct write_ctx *c = vctx;
	made_entry *m = made;

	if (m == NULL) {
		c->st = RF_ERR_NOMEM;
		return 1;
	}
	if (m->st == RF_OK && m->found) {
		/* what was found, as the scan on one thread lists it */
		c->st = deid_scan_entry(c->ids, e, c->scan);
		return 1;
	}
	if (m->st == RF_OK) {
		if (c->sc != NULL)
			c->sc->clean = e; /* (should it be written here after all) */
		m->st = export_append(c->w, m->fork, e);
		if (c->sc != NULL)
			c->sc->clean = NULL;
	}
	c->st = m->st;
	if (c->st == RF_ERR_REJECTED && c->rejected)
		*c->rejected = e->id;
	if (c->st == RF_OK)
		c->written++;
	return c->st != RF_OK; /* (m is dropped by the journal, on the thread that made it) */
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static rf_status write_all(journal *j, const export_plan *p, struct write_ctx *c);

static bool same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static uint32_t str_hash(uint32_t h, const char *s)
{
	for (; s != NULL && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ (s == NULL)) * 16777619u;
}

/* For each row, the first row with the same visit type and family code (itself when none
 * before it has them): rows repeat a few families and visit types. NULL: no memory. */
static size_t *first_alike(const export_plan *p)
{
	size_t nb = 64, *first, *slot;

	while (nb < 2 * p->n)
		nb *= 2;
	first = malloc(p->n * sizeof *first);
	slot = malloc(nb * sizeof *slot);
	if (first == NULL || slot == NULL) {
		free(first);
		free(slot);
		return NULL;
	}
	for (size_t b = 0; b < nb; b++)
		slot[b] = SIZE_MAX;
	for (size_t i = 0; i < p->n; i++) {
		const export_row *r = &p->rows[i];
		size_t b = str_hash(str_hash(2166136261u, r->visit_type), r->family) & (nb - 1);
		while (slot[b] != SIZE_MAX &&
		       !(same_str(p->rows[slot[b]].visit_type, r->visit_type) &&
			 same_str(p->rows[slot[b]].family, r->family)))
			b = (b + 1) & (nb - 1);
		if (slot[b] == SIZE_MAX)
			slot[b] = i;
		first[i] = slot[b];
	}
	free(slot);
	return first;
}

rf_status export_plan_redact_rows(export_plan *p, const deid_list *ids)
{
	/* Alike rows are redacted alike (the same person keeps the same placeholder throughout
	 * an export): each is redacted once, before anything is replaced, and the rest take
	 * that row's result. */
	size_t *first = p->n > 0 ? first_alike(p) : NULL;
	bool *changed = p->n > 0 ? calloc(p->n, sizeof *changed) : NULL;

	if (p->n > 0 && (first == NULL || changed == NULL)) {
		free(first);
		free(changed);
		return RF_ERR_NOMEM;
	}
	for (size_t i = 0; i < p->n; i++) {
		export_row *r = &p->rows[i];
		entry *e = NULL, *copy = NULL;
		size_t n = 0;
		rf_status st = RF_ERR_NOMEM;
		if (first[i] != i) {
			/* the row alike, already redacted (its result is kept as it was) */
			const export_row *f = &p->rows[first[i]];
			if (!changed[first[i]])
				continue;
			if ((copy = entry_new()) != NULL &&
			    entry_set(&copy->visit_type, f->visit_type) == RF_OK &&
			    entry_set(&copy->family, f->family) == RF_OK) {
				st = RF_OK;
				n = 1;
			}
		} else if ((e = entry_new()) != NULL &&
			   entry_set(&e->visit_type, r->visit_type) == RF_OK &&
			   entry_set(&e->family, r->family) == RF_OK) {
			st = deid_redact_entry(ids, e, &copy, &n);
		}
		if (st == RF_OK && n > 0) {
			changed[i] = true;
			char *vt = copy->visit_type ? strdup(copy->visit_type) : NULL;
			char *fam = copy->family ? strdup(copy->family) : NULL;
			if ((copy->visit_type && vt == NULL) || (copy->family && fam == NULL)) {
				free(vt);
				free(fam);
				st = RF_ERR_NOMEM;
			} else {
				free(r->visit_type);
				free(r->family);
				r->visit_type = vt;
				r->family = fam;
			}
		}
		entry_free(&copy);
		entry_free(&e);
		if (st != RF_OK) {
			free(first);
			free(changed);
			return st;
		}
	}
	free(first);
	free(changed);
	return RF_OK;
}

rf_status export_plan_write(journal *j, const export_plan *p, const deid_list *ids, bool redact,
			    export_writer *w, size_t *replaced, int64_t *rejected)
{
	struct write_ctx c = {ids, NULL, NULL, redact, w, replaced, rejected, RF_OK, 0, 0};

	return write_all(j, p, &c);
}

rf_status export_plan_write_scan(journal *j, const export_plan *p, export_scan_check *sc,
				 export_writer *w, bool *clean, int64_t *rejected)
{
	deid_findings found = {0};
	struct write_ctx c = {sc->ids, &found, sc, false, w, NULL, rejected, RF_OK, 0, 0};
	rf_status st = write_all(j, p, &c);

	*clean = found.n == 0;
	deid_findings_clear(&found);
	return st;
}

rf_status export_write_scan(journal *j, const entry_filter *f, export_scan_check *sc,
			    export_writer *w, bool *clean, int64_t *rejected, size_t *written)
{
	deid_findings found = {0};
	struct write_ctx c = {sc->ids, &found, sc, false, w, NULL, rejected, RF_OK, 0, 0};
	journal_worker wk = {work_one, visit_one, made_free, &c};
	rf_status st;

	if (rejected)
		*rejected = 0;
	/* which entry comes first is known only as they are met: each is written as one that
	 * follows others, and the first written again in its place (export_append) */
	if ((st = deid_prepare()) == RF_OK && (st = journal_begin_read(j)) == RF_OK) {
		st = journal_each_oldest_made(j, f, true, &wk);
		journal_commit(j);
	}
	if (st == RF_OK)
		st = c.st;
	*clean = found.n == 0;
	*written = c.written;
	deid_findings_clear(&found);
	return st;
}

static rf_status write_all(journal *j, const export_plan *p, struct write_ctx *c)
{
	int64_t *sorted;
	rf_status st;

	if (c->replaced)
		*c->replaced = 0;
	if (c->rejected)
		*c->rejected = 0;
	if (p->n == 0)
		return RF_OK;
	/* One pass over the journal, oldest first (the plan's order), skipping what is not in
	 * the plan without decrypting it; an entry deleted since is simply not met. */
	if ((sorted = malloc(p->n * sizeof *sorted)) == NULL)
		return RF_ERR_NOMEM;
	memcpy(sorted, p->ids, p->n * sizeof *sorted);
	qsort(sorted, p->n, sizeof *sorted, id_cmp);
	c->first = p->ids[0];
	if (c->redact) {
		st = journal_each_of(j, sorted, p->n, write_one, c);
	} else if ((st = c->ids != NULL ? deid_prepare() : RF_OK) == RF_OK) {
		journal_worker wk = {work_one, visit_one, made_free, c};
		st = journal_each_of_made(j, sorted, p->n, &wk);
	}
	free(sorted);
	return st != RF_OK ? st : c->st;
}

static bool same_text(const char *field, const char *text, size_t len)
{
	return field != NULL && strlen(field) == len && memcmp(field, text, len) == 0;
}

int export_check_scanned(const char *text, size_t len, void *ctx)
{
	export_scan_check *sc = ctx;
	const entry *e = sc->clean;

	if (e != NULL) {
		const char *const texts[] = {e->pause_text,	e->pause_body,	   e->notice_text,
					     e->notice_between, e->notice_stirred, e->curious_text,
					     e->curious_parent, e->curious_infant};
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
			if (same_text(texts[i], text, len))
				return 0;
		for (size_t i = 0; i < e->nresponses; i++)
			if (same_text(e->responses[i].text, text, len))
				return 0;
	}
	return export_check_identifying(text, len, (void *)sc->ids);
}

rf_status export_plan_scan_cover(export_plan *p, const deid_list *ids, const char *title,
				 const char *name)
{
	rf_status st;
	size_t before;

	if ((st = deid_scan_named(ids, "title", title, p->found)) != RF_OK)
		return st;
	before = p->found->n;
	if ((st = deid_scan_named(ids, "name", name, p->found)) != RF_OK)
		return st;
	/* The practitioner's own name is a name by design: only listed names and details. */
	for (size_t i = before; i < p->found->n;) {
		if (p->found->v[i].what == DEID_NAME) {
			free(p->found->v[i].words);
			memmove(&p->found->v[i], &p->found->v[i + 1],
				(p->found->n - i - 1) * sizeof *p->found->v);
			p->found->n--;
		} else {
			i++;
		}
	}
	return RF_OK;
}

rf_status export_cover_redact(const deid_list *ids, const char **title, const char **name,
			      char **own_title, char **own_name, size_t *replaced)
{
	size_t n = 0;
	rf_status st;

	*own_title = *own_name = NULL;
	if (*title != NULL) {
		if ((st = deid_redact_text(ids, *title, own_title, &n)) != RF_OK)
			return st;
		*title = *own_title;
		if (replaced)
			*replaced += n;
	}
	if (*name != NULL) {
		/* listed names and details only: the practitioner's own name stays */
		bool found = false;
		if ((st = deid_scan_listed(ids, *name, &found)) != RF_OK)
			return st;
		if (found) {
			if ((st = deid_redact_text_as(ids, *name, true, own_name, &n)) != RF_OK)
				return st;
			*name = *own_name;
			if (replaced)
				*replaced += n;
		}
	}
	return RF_OK;
}

int export_check_identifying(const char *text, size_t len, void *ctx)
{
	bool found = true;

	if (deid_scan_text(ctx, text, len, &found) != RF_OK)
		return 1;
	return found;
}

rf_status export_hours_between(journal *j, const char *from, const char *to, export_hours *out)
{
	supervision_session *v = NULL;
	attest **att = NULL;
	size_t n = 0, natt = 0;
	long ind = 0, grp = 0, conf = 0;
	rf_status st;

	memset(out, 0, sizeof *out);
	if (from != NULL)
		snprintf(out->from, sizeof out->from, "%s", from);
	if (to != NULL)
		snprintf(out->to, sizeof out->to, "%s", to);
	if ((st = supervision_list(j, &v, &n)) != RF_OK)
		return st;
	if ((st = attest_list(j, &att, &natt)) != RF_OK) {
		supervision_list_free(&v, n);
		return st;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].peer || supervision_provided(&v[i]) ||
		    (out->from[0] && strcmp(v[i].date, out->from) < 0) ||
		    (out->to[0] && strcmp(v[i].date, out->to) > 0))
			continue;
		out->sessions++;
		for (size_t k = 0; k < natt; k++)
			if (attest_confirms(att[k], v[i].date, v[i].minutes,
					    v[i].format == SUPERVISION_GROUP)) {
				conf += v[i].minutes;
				out->confirmed_sessions++;
				break;
			}
		if (v[i].format == SUPERVISION_GROUP) {
			grp += v[i].minutes;
			out->group_sessions++;
		} else {
			ind += v[i].minutes;
			out->individual_sessions++;
		}
	}
	supervision_list_free(&v, n);
	attest_list_free(&att, natt);
	out->confirmed = (double)conf / 60.0;
	out->individual = (double)ind / 60.0;
	out->group = (double)grp / 60.0;
	out->hours = (double)(ind + grp) / 60.0;
	return RF_OK;
}

rf_status export_attestations_between(journal *j, const char *from, const char *to, attest ***v,
				      size_t *n)
{
	size_t k = 0;
	rf_status st = attest_list(j, v, n);

	if (st != RF_OK)
		return st;
	for (size_t i = 0; i < *n; i++) {
		attest *a = (*v)[i];
		/* Left out when its period ends before from or starts after to. */
		bool before = from && *from && a->to[0] && strcmp(a->to, from) < 0;
		bool after = to && *to && a->from[0] && strcmp(a->from, to) > 0;
		if (before || after)
			attest_free(&(*v)[i]);
		else
			(*v)[k++] = a;
	}
	*n = k;
	return RF_OK;
}
