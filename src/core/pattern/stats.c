/* stats.c - pairs of labels, and labels with families and visit types: what goes together
 * beyond chance. */
#include "internal.h"

static int pair_cmp(const void *x, const void *y)
{
	const pattern_pair *a = x, *b = y;
	int c = pt_cmp_double_desc(a->lift, b->lift);
	if (c)
		return c;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = strcmp(a->a, b->a)) != 0)
		return c;
	if ((c = strcmp(a->b, b->b)) != 0)
		return c;
	if (a->a_kind != b->a_kind)
		return a->a_kind < b->a_kind ? -1 : 1;
	return a->b_kind < b->b_kind ? -1 : a->b_kind > b->b_kind;
}

static int assoc_cmp(const void *x, const void *y)
{
	const pattern_assoc *a = x, *b = y;
	int c = pt_cmp_double_desc(a->lift, b->lift);
	if (c)
		return c;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->with != b->with)
		return a->with < b->with ? -1 : 1;
	if ((c = strcmp(a->label, b->label)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->value, b->value);
}

static bool label_before(const label *a, const label *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return strcmp(a->name, b->name) <= 0;
}

/* Keep the cells of m above the support and lift; their id lists go to lists. */
static rf_status keep_cells(pattern *p, cmap *m, pattern_with with, bool pairs, idlist ***lists,
			    size_t *nlists, size_t *caplists)
{
	pattern_report *r = &p->r;
	double n = (double)p->ndocs;
	size_t pos = 0;
	uint32_t a, b, *val;

	while (pt_cmap_next(m, &pos, &a, &b, &val)) {
		const label *la = &p->labels[a];
		uint32_t count = *val;
		double lift;
		idlist *l;
		*val = 0;
		if (count < p->o.min_support)
			continue;
		if (pairs) {
			const label *lb = &p->labels[b];
			pattern_pair *o;
			lift = count * n / ((double)la->count * lb->count);
			if (lift <= p->o.min_lift + EPS)
				continue;
			if (GROW(r->pairs, p->cappairs, r->npairs + 1) != RF_OK)
				return RF_ERR_NOMEM;
			o = &r->pairs[r->npairs];
			if (!label_before(la, lb)) {
				const label *t = la;
				la = lb;
				lb = t;
			}
			o->a = la->name;
			o->a_kind = la->kind;
			o->b = lb->name;
			o->b_kind = lb->kind;
			o->count = count;
			o->lift = lift;
			if ((l = pt_mkextra(p)) == NULL || (o->ids = pt_mkids(p, l)) == NULL)
				return RF_ERR_NOMEM;
			r->npairs++;
		} else {
			const value *v = with == PATTERN_WITH_FAMILY ? &p->fams[b] : &p->vtypes[b];
			pattern_assoc *o;
			lift = count * n / ((double)la->count * v->count);
			if (lift <= p->o.min_lift + EPS)
				continue;
			if (GROW(r->assocs, p->capassocs, r->nassocs + 1) != RF_OK)
				return RF_ERR_NOMEM;
			o = &r->assocs[r->nassocs];
			o->label = la->name;
			o->kind = la->kind;
			o->with = with;
			o->value = v->name;
			o->count = count;
			o->lift = lift;
			if ((l = pt_mkextra(p)) == NULL || (o->ids = pt_mkids(p, l)) == NULL)
				return RF_ERR_NOMEM;
			r->nassocs++;
		}
		if (*nlists >= RETAINED - 1 || GROW(*lists, *caplists, *nlists + 1) != RF_OK)
			return RF_ERR_NOMEM;
		(*lists)[*nlists] = l;
		*val = RETAINED | (uint32_t)(*nlists)++;
	}
	return RF_OK;
}

/* Pairs of labels, and labels with families and visit types: counted from each entry's
 * labels, kept above the support and lift, then the entries of the kept ones collected. */
rf_status pt_finish_combos(pattern *p)
{
	pattern_report *r = &p->r;
	cmap pm, fm, vm;
	idlist **plists = NULL, **alists = NULL;
	size_t np = 0, capp = 0, na = 0, capa = 0;
	rf_status st;

	memset(&pm, 0, sizeof(pm));
	memset(&fm, 0, sizeof(fm));
	memset(&vm, 0, sizeof(vm));
	if (p->o.min_support == 0) {
		/* 3, growing gently with the set (the square root of its size, over 4), so that
		 * a handful of entries among thousands is not taken for a pattern. */
		long s = lround(sqrt((double)p->ndocs) / 4.0);
		p->o.min_support = s > 3 ? (unsigned)s : 3;
	}
	p->r.min_support = p->o.min_support;
	if ((st = pt_cmap_init(&pm, p->nlabels, p->nlabels)) != RF_OK ||
	    (st = pt_cmap_init(&fm, p->nlabels, p->nfams)) != RF_OK ||
	    (st = pt_cmap_init(&vm, p->nlabels, p->nvtypes)) != RF_OK)
		goto out;
	st = RF_ERR_NOMEM;
	for (size_t d = 0; d < p->ndocs; d++) {
		const doc *dc = &p->docs[d];
		const uint32_t *lab = dc->nlab ? p->doclabs + dc->lab_off : NULL;
		for (uint32_t i = 0; i < dc->nlab; i++) {
			uint32_t *c;
			for (uint32_t j = i + 1; j < dc->nlab; j++) {
				uint32_t lo = lab[i] < lab[j] ? lab[i] : lab[j];
				uint32_t hi = lab[i] < lab[j] ? lab[j] : lab[i];
				if ((c = pt_cmap_slot(&pm, lo, hi)) == NULL)
					goto out;
				(*c)++;
			}
			if (dc->family != NONE) {
				if ((c = pt_cmap_slot(&fm, lab[i], dc->family)) == NULL)
					goto out;
				(*c)++;
			}
			if (dc->vtype != NONE) {
				if ((c = pt_cmap_slot(&vm, lab[i], dc->vtype)) == NULL)
					goto out;
				(*c)++;
			}
		}
	}
	if ((st = keep_cells(p, &pm, PATTERN_WITH_FAMILY, true, &plists, &np, &capp)) != RF_OK ||
	    (st = keep_cells(p, &fm, PATTERN_WITH_FAMILY, false, &alists, &na, &capa)) != RF_OK ||
	    (st = keep_cells(p, &vm, PATTERN_WITH_VISIT_TYPE, false, &alists, &na, &capa)) != RF_OK)
		goto out;
	/* The entries behind the kept ones, in the order entries were added. */
	st = RF_ERR_NOMEM;
	for (size_t d = 0; d < p->ndocs; d++) {
		const doc *dc = &p->docs[d];
		const uint32_t *lab = dc->nlab ? p->doclabs + dc->lab_off : NULL;
		for (uint32_t i = 0; i < dc->nlab; i++) {
			uint32_t v;
			for (uint32_t j = i + 1; np > 0 && j < dc->nlab; j++) {
				uint32_t lo = lab[i] < lab[j] ? lab[i] : lab[j];
				uint32_t hi = lab[i] < lab[j] ? lab[j] : lab[i];
				v = pt_cmap_get(&pm, lo, hi);
				if ((v & RETAINED) && pt_idlist_add(plists[v & ~RETAINED], (uint32_t)d) != RF_OK)
					goto out;
			}
			if (na == 0)
				continue;
			if (dc->family != NONE && ((v = pt_cmap_get(&fm, lab[i], dc->family)) & RETAINED) &&
			    pt_idlist_add(alists[v & ~RETAINED], (uint32_t)d) != RF_OK)
				goto out;
			if (dc->vtype != NONE && ((v = pt_cmap_get(&vm, lab[i], dc->vtype)) & RETAINED) &&
			    pt_idlist_add(alists[v & ~RETAINED], (uint32_t)d) != RF_OK)
				goto out;
		}
	}
	pt_xsort(r->pairs, r->npairs, sizeof(*r->pairs), pair_cmp);
	pt_xsort(r->assocs, r->nassocs, sizeof(*r->assocs), assoc_cmp);
	st = RF_OK;
out:
	pt_cmap_free(&pm);
	pt_cmap_free(&fm);
	pt_cmap_free(&vm);
	free(plists);
	free(alists);
	return st;
}

/* A term as text into buf (a phrase is its two words with a space). */
