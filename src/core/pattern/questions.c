/* questions.c - open questions for supervision, and earlier moments to revisit. */
#include "internal.h"


static int question_cmp(const void *x, const void *y)
{
	const question *a = x, *b = y;
	int c = pt_doc_chrono(&pt_sort_p->docs[a->doc], &pt_sort_p->docs[b->doc]);
	if (c)
		return -c;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a < b ? -1 : a > b;
}

rf_status pt_finish_questions(pattern *p)
{
	pattern_report *r = &p->r;

	pt_sort_p = p;
	pt_xsort(p->questions, p->nquestions, sizeof(*p->questions), question_cmp);
	r->questions = calloc(p->nquestions ? p->nquestions : 1, sizeof(*r->questions));
	if (r->questions == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nquestions; i++) {
		const doc *d = &p->docs[p->questions[i].doc];
		r->questions[i].author = d->author != NONE ? p->authors[d->author] : NULL;
		r->questions[i].entry = d->id;
		pt_format_day(d->day, r->questions[i].day);
		r->questions[i].text = p->questions[i].text;
	}
	r->nquestions = p->nquestions;
	return RF_OK;
}

rf_status pt_finish_revisit(pattern *p)
{
	pattern_revisit *rv = &p->r.revisit;
	size_t target = SIZE_MAX;
	const doc *t;
	uint32_t *cand = NULL;
	rf_status st = RF_ERR_NOMEM;

	for (size_t i = 0; i < p->ndocs; i++) {
		if (p->o.revisit_of != 0) {
			if (p->docs[i].id == p->o.revisit_of) {
				target = i;
				break;
			}
		} else if (target == SIZE_MAX || pt_doc_chrono(&p->docs[i], &p->docs[target]) > 0) {
			target = i;
		}
	}
	if (target == SIZE_MAX)
		return p->o.revisit_of != 0 ? RF_ERR_NOT_FOUND : RF_OK;
	t = &p->docs[target];
	rv->entry = t->id;
	rv->author = t->author != NONE ? p->authors[t->author] : NULL;
	cand = malloc(p->ndocs * sizeof(*cand));
	if (cand == NULL)
		goto out;
	for (int pass = 0; pass <= t->nlab; pass++) {
		uint32_t lab = NONE;
		size_t nc = 0;
		idlist *l;
		pattern_revisit_label *out;
		if (pass == 0) {
			if (t->family == NONE)
				continue;
			out = &rv->family;
			out->name = p->fams[t->family].name;
			for (size_t i = 0; i < p->ndocs; i++)
				if (p->docs[i].family == t->family && p->docs[i].author == t->author &&
				    pt_doc_chrono(&p->docs[i], t) < 0)
					cand[nc++] = (uint32_t)i;
		} else {
			uint32_t pos = 0, prev = 0, ord;
			lab = p->doclabs[t->lab_off + (size_t)pass - 1];
			if (p->labels[lab].kind != PATTERN_EMOTION)
				continue;
			if (rv->emotions == NULL) {
				rv->emotions = calloc(t->nlab, sizeof(*rv->emotions));
				if (rv->emotions == NULL)
					goto out;
			}
			out = &rv->emotions[rv->nemotions++];
			out->name = p->labels[lab].name;
			while (pt_idlist_next(&p->labels[lab].ids, &pos, &prev, &ord))
				if (p->docs[ord].author == t->author &&
				    pt_doc_chrono(&p->docs[ord], t) < 0)
					cand[nc++] = ord;
		}
		pt_sort_p = p;
		pt_xsort(cand, nc, sizeof(*cand), pt_ord_chrono_desc);
		out->total = nc;
		if (nc > p->o.revisit_max)
			nc = p->o.revisit_max;
		/* Id lists are in the order entries were added. */
		pt_xsort(cand, nc, sizeof(*cand), pt_cmp_u32);
		if ((l = pt_mkextra(p)) == NULL)
			goto out;
		for (size_t i = 0; i < nc; i++)
			if (pt_idlist_add(l, cand[i]) != RF_OK)
				goto out;
		if ((out->ids = pt_mkids(p, l)) == NULL)
			goto out;
	}
	st = RF_OK;
out:
	free(cand);
	return st;
}

