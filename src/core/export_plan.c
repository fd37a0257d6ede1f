/* export_plan.c - a whole export from a journal: the first pass (what to write, the cover's
 * numbers, anything identifying), then writing oldest first, redacted when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

	if (p->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256;
		int64_t *nv;
		if (ncap > SIZE_MAX / sizeof *nv ||
		    (nv = realloc(p->ids, ncap * sizeof *nv)) == NULL) {
			c->st = RF_ERR_NOMEM;
			return 1;
		}
		p->ids = nv;
		c->cap = ncap;
	}
	p->ids[p->n++] = e->id;
	export_stats_add(&p->stats, e);
	if (c->scan)
		c->st = deid_scan_entry(c->ids, e, p->found);
	return c->st != RF_OK;
}

rf_status export_plan_make(journal *j, const entry_filter *f, const deid_list *ids, bool scan,
			   export_plan **out)
{
	struct plan_ctx c = {NULL, ids, scan, 0, RF_OK};
	rf_status st;

	*out = NULL;
	if ((c.p = calloc(1, sizeof *c.p)) == NULL ||
	    (c.p->found = calloc(1, sizeof *c.p->found)) == NULL) {
		free(c.p);
		return RF_ERR_NOMEM;
	}
	st = journal_each(j, f, scan, plan_one, &c);
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
	}
	*out = c.p;
	return RF_OK;
}

void export_plan_free(export_plan **p)
{
	if (p == NULL || *p == NULL)
		return;
	deid_findings_clear((*p)->found);
	free((*p)->found);
	free((*p)->ids);
	free(*p);
	*p = NULL;
}

rf_status export_plan_write(journal *j, const export_plan *p, const deid_list *ids, bool redact,
			    export_writer *w, size_t *replaced, int64_t *rejected)
{
	rf_status st = RF_OK;

	if (replaced)
		*replaced = 0;
	if (rejected)
		*rejected = 0;
	for (size_t i = 0; i < p->n && st == RF_OK; i++) {
		entry *e = NULL, *copy = NULL;
		size_t n = 0;
		st = journal_get(j, p->ids[i], &e);
		if (st == RF_ERR_NOT_FOUND) {
			st = RF_OK;
			continue;
		}
		if (st != RF_OK)
			break;
		if (redact && (st = deid_redact_entry(ids, e, &copy, &n)) != RF_OK) {
			entry_free(&e);
			break;
		}
		if (replaced)
			*replaced += n;
		st = export_entry(w, copy ? copy : e);
		if (st == RF_ERR_REJECTED && rejected)
			*rejected = e->id;
		entry_free(&copy);
		entry_free(&e);
	}
	return st;
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
	size_t n = 0;
	long ind = 0, grp = 0;
	rf_status st;

	memset(out, 0, sizeof *out);
	if (from != NULL)
		snprintf(out->from, sizeof out->from, "%s", from);
	if (to != NULL)
		snprintf(out->to, sizeof out->to, "%s", to);
	if ((st = supervision_list(j, &v, &n)) != RF_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		if (v[i].peer || (out->from[0] && strcmp(v[i].date, out->from) < 0) ||
		    (out->to[0] && strcmp(v[i].date, out->to) > 0))
			continue;
		out->sessions++;
		if (v[i].format == SUPERVISION_GROUP)
			grp += v[i].minutes;
		else
			ind += v[i].minutes;
	}
	supervision_list_free(&v, n);
	out->individual = (double)ind / 60.0;
	out->group = (double)grp / 60.0;
	out->hours = (double)(ind + grp) / 60.0;
	return RF_OK;
}
