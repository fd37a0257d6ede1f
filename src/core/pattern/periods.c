/* periods.c - counting and periods: weeks (volume and activation), labels, and the shift
 * between a recent and an earlier period. */
#include "internal.h"


static int label_cmp(const void *x, const void *y)
{
	const pattern_label *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int shift_cmp(const void *x, const void *y)
{
	const pattern_shift *a = x, *b = y;
	int c;
	/* The surest change first (a label met twice more by chance is no shift), then the
	 * largest. */
	if (fabs(a->p - b->p) > 1e-12 * (a->p + b->p))
		return a->p < b->p ? -1 : 1;
	c = pt_cmp_double_desc(fabs(a->change), fabs(b->change));
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->name, b->name);
}

rf_status pt_finish_weeks(pattern *p, int32_t first, int32_t last)
{
	pattern_report *r = &p->r;
	int32_t mon0 = first - pt_weekday(first), mon1 = last - pt_weekday(last);
	size_t nweeks = (size_t)((mon1 - mon0) / 7) + 1;
	double *sum = NULL, *sumsq = NULL;
	idlist **lists = NULL;
	rf_status st = RF_ERR_NOMEM;

	r->weeks = calloc(nweeks, sizeof(*r->weeks));
	sum = calloc(nweeks, sizeof(*sum));
	sumsq = calloc(nweeks, sizeof(*sumsq));
	lists = calloc(nweeks, sizeof(*lists));
	if (r->weeks == NULL || sum == NULL || sumsq == NULL || lists == NULL)
		goto out;
	r->nweeks = nweeks;
	for (size_t w = 0; w < nweeks; w++) {
		int32_t mon = mon0 + (int32_t)w * 7;
		pt_iso_week(mon, r->weeks[w].week);
		pt_format_day(mon, r->weeks[w].monday);
		if ((lists[w] = pt_mkextra(p)) == NULL)
			goto out;
	}
	for (size_t i = 0; i < p->ndocs; i++) {
		const doc *d = &p->docs[i];
		size_t w = (size_t)((d->day - pt_weekday(d->day) - mon0) / 7);
		r->weeks[w].entries++;
		if (pt_idlist_add(lists[w], (uint32_t)i) != RF_OK)
			goto out;
		if (d->act >= 0) {
			r->weeks[w].n++;
			sum[w] += d->act;
			sumsq[w] += (double)d->act * d->act;
		}
	}
	for (size_t w = 0; w < nweeks; w++) {
		pattern_week *wk = &r->weeks[w];
		if (wk->n > 0) {
			double var;
			wk->mean = sum[w] / wk->n;
			var = sumsq[w] / wk->n - wk->mean * wk->mean;
			wk->sd = wk->n > 1 && var > 0 ? sqrt(var) : 0;
		}
		if ((wk->ids = pt_mkids(p, lists[w])) == NULL)
			goto out;
	}
	st = RF_OK;
out:
	free(sum);
	free(sumsq);
	free(lists);
	return st;
}

rf_status pt_finish_labels(pattern *p)
{
	pattern_report *r = &p->r;
	size_t ne = 0, nt = 0;

	for (size_t i = 0; i < p->nlabels; i++)
		if (p->labels[i].count > 0)
			p->labels[i].kind == PATTERN_EMOTION ? ne++ : nt++;
	r->emotions = calloc(ne ? ne : 1, sizeof(*r->emotions));
	r->themes = calloc(nt ? nt : 1, sizeof(*r->themes));
	if (r->emotions == NULL || r->themes == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nlabels; i++) {
		const label *l = &p->labels[i];
		pattern_label *o;
		if (l->count == 0)
			continue;
		o = l->kind == PATTERN_EMOTION ? &r->emotions[r->nemotions++]
					       : &r->themes[r->nthemes++];
		o->name = l->name;
		o->kind = l->kind;
		o->count = l->count;
		if ((o->ids = pt_mkids(p, &l->ids)) == NULL)
			return RF_ERR_NOMEM;
	}
	pt_xsort(r->emotions, r->nemotions, sizeof(*r->emotions), label_cmp);
	pt_xsort(r->themes, r->nthemes, sizeof(*r->themes), label_cmp);
	return RF_OK;
}

rf_status pt_finish_shift(pattern *p, int32_t last)
{
	pattern_report *r = &p->r;
	int32_t rs, ru, es = INT32_MIN, eu;

	if (!pt_parse_day(r->recent.until, &ru))
		ru = last;
	if (!pt_parse_day(r->recent.since, &rs))
		rs = ru - (p->o.recent_days - 1);
	if (!pt_parse_day(r->earlier.until, &eu))
		eu = rs - 1;
	if (!pt_parse_day(r->earlier.since, &es))
		es = INT32_MIN;
	pt_format_day(rs, r->recent.since);
	pt_format_day(ru, r->recent.until);
	pt_format_day(eu, r->earlier.until);
	if (es != INT32_MIN)
		pt_format_day(es, r->earlier.since);
	else
		r->earlier.since[0] = '\0';
	r->recent.entries = r->earlier.entries = 0;
	{
		double rsum = 0, esum = 0;
		r->recent.rated = r->earlier.rated = 0;
		for (size_t i = 0; i < p->ndocs; i++) {
			int32_t d = p->docs[i].day;
			int act = p->docs[i].act;
			if (d >= rs && d <= ru) {
				r->recent.entries++;
				if (act >= 0) {
					r->recent.rated++;
					rsum += act;
				}
			}
			if (d >= es && d <= eu) {
				r->earlier.entries++;
				if (act >= 0) {
					r->earlier.rated++;
					esum += act;
				}
			}
		}
		r->recent.act_mean = r->recent.rated ? rsum / r->recent.rated : 0;
		r->earlier.act_mean = r->earlier.rated ? esum / r->earlier.rated : 0;
	}
	r->shifts = calloc(p->nlabels ? p->nlabels : 1, sizeof(*r->shifts));
	if (r->shifts == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nlabels; i++) {
		const label *l = &p->labels[i];
		pattern_shift *s = &r->shifts[r->nshifts];
		uint32_t pos = 0, prev = 0, ord;
		idlist *both = NULL;
		memset(s, 0, sizeof(*s));
		while (pt_idlist_next(&l->ids, &pos, &prev, &ord)) {
			int32_t d = p->docs[ord].day;
			bool in_r = d >= rs && d <= ru, in_e = d >= es && d <= eu;
			if (!in_r && !in_e)
				continue;
			if (in_r)
				s->recent++;
			if (in_e)
				s->earlier++;
			if (both == NULL && (both = pt_mkextra(p)) == NULL)
				return RF_ERR_NOMEM;
			if (pt_idlist_add(both, ord) != RF_OK)
				return RF_ERR_NOMEM;
		}
		if (both == NULL)
			continue;
		s->name = l->name;
		s->kind = l->kind;
		s->recent_share = r->recent.entries ? (double)s->recent / r->recent.entries : 0;
		s->earlier_share = r->earlier.entries ? (double)s->earlier / r->earlier.entries : 0;
		s->change = s->recent_share - s->earlier_share;
		{
			uint32_t n = (uint32_t)(r->recent.entries + r->earlier.entries);
			uint32_t a = (uint32_t)r->recent.entries, b = s->recent + s->earlier;
			/* More lately: s->recent or more of the b in the recent a; less: s->earlier or
			 * more in the earlier ones. */
			s->p = exp(s->change >= 0 ? pt_fisher_log_p(n, a, b, s->recent)
						  : pt_fisher_log_p(n, n - a, b, s->earlier));
		}
		if ((s->ids = pt_mkids(p, both)) == NULL)
			return RF_ERR_NOMEM;
		r->nshifts++;
	}
	pt_xsort(r->shifts, r->nshifts, sizeof(*r->shifts), shift_cmp);
	return RF_OK;
}

