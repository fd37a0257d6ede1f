/* stats.c - pairs of labels, and labels with families and visit types: what goes together
 * beyond chance. Each candidate (with the support) is tested with a one-sided Fisher exact
 * test, the false-discovery rate is held with Benjamini-Hochberg, and what passes is listed
 * strongest evidence first. */
#include "internal.h"

/* ln C(n, k) */
static double lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

double pt_fisher_log_p(uint32_t n, uint32_t a, uint32_t b, uint32_t k)
{
	/* X ~ hypergeometric: b draws from n entries of which a have the first label.
	 * P(X = x) = C(a, x) C(n - a, b - x) / C(n, b); p = P(X >= k). */
	uint32_t hi = a < b ? a : b, lo = a + b > n ? a + b - n : 0;
	double lt, sum = 1.0, term = 1.0;

	if (k <= lo)
		return 0.0; /* certain */
	if (k > hi)
		return -INFINITY;
	lt = lchoose(a, k) + lchoose((double)n - a, (double)b - k) - lchoose(n, b);
	/* The tail relative to its first term: t(x+1)/t(x) = (a-x)(b-x)/((x+1)(n-a-b+x+1)). */
	for (uint32_t x = k; x < hi; x++) {
		term *= ((double)(a - x) * (double)(b - x)) /
			((double)(x + 1) * ((double)n - a - b + x + 1));
		sum += term;
		if (term < sum * 1e-15)
			break;
	}
	lt += log(sum);
	return lt > 0 ? 0.0 : lt;
}

/* The regularized incomplete beta I_x(a, b), by its continued fraction (modified Lentz). */
static double betacf(double a, double b, double x)
{
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;

	if (fabs(d) < 1e-300)
		d = 1e-300;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2)), del;
		d = 1.0 + aa * d;
		c = 1.0 + aa / c;
		d = fabs(d) < 1e-300 ? 1e300 : 1.0 / d;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1.0 + aa * d;
		c = 1.0 + aa / c;
		d = fabs(d) < 1e-300 ? 1e300 : 1.0 / d;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < 1e-12)
			break;
	}
	return h;
}

static double ibeta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x));
	if (x < (a + 1) / (a + b + 2))
		return front * betacf(a, b, x) / a;
	return 1.0 - front * betacf(b, a, 1 - x) / b;
}

double pt_t_sf(double t, double df)
{
	double x = df / (df + t * t);

	if (!(df > 0))
		return 1.0;
	return t <= 0 ? 1.0 - 0.5 * ibeta(df / 2, 0.5, x) : 0.5 * ibeta(df / 2, 0.5, x);
}

double pt_t_p(double m1, double v1, double n1, double m2, double v2, double n2)
{
	double df = n1 + n2 - 2, sp2, t;

	if (n1 < 2 || n2 < 2)
		return 1.0;
	/* The variance pooled: ratings share one scale, and three ratings alike say little
	 * about how much a rating varies. */
	sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
	if (sp2 <= 0) /* no spread at all: any difference is certain */
		return m1 > m2 + EPS ? 0.0 : 1.0;
	t = (m1 - m2) / sqrt(sp2 * (1 / n1 + 1 / n2));
	return pt_t_sf(t, df);
}

static const double *bh_logp;

static int bh_cmp(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	if (bh_logp[i] != bh_logp[j])
		return bh_logp[i] < bh_logp[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

rf_status pt_bh(const double *logp, size_t m, size_t tests, double *q)
{
	size_t *order;
	double run = 0.0; /* ln of the running minimum, from the largest p down */

	if (m == 0)
		return RF_OK;
	if (tests < m)
		tests = m;
	order = malloc(m * sizeof(*order));
	if (order == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < m; i++)
		order[i] = i;
	bh_logp = logp;
	pt_xsort(order, m, sizeof(*order), bh_cmp);
	/* q(i) = min over j >= i of p(j) * tests / j (ranks from 1), capped at 1. */
	for (size_t r = m; r > 0; r--) {
		double v = logp[order[r - 1]] + log((double)tests) - log((double)r);
		if (r == m || v < run)
			run = v;
		q[order[r - 1]] = run >= 0 ? 1.0 : exp(run);
	}
	free(order);
	return RF_OK;
}

/* Strongest evidence first: the smaller p (as ln p), then more entries, then names. */
static int pair_cmp(const void *x, const void *y)
{
	const pattern_pair *a = x, *b = y;
	int c;
	if (fabs(a->log_p - b->log_p) > 1e-9 * (fabs(a->log_p) + 1))
		return a->log_p < b->log_p ? -1 : 1; /* the pair with the smaller p first */
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
	int c;
	if (fabs(a->log_p - b->log_p) > 1e-9 * (fabs(a->log_p) + 1))
		return a->log_p < b->log_p ? -1 : 1;
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

/* A cell of a count map with the support: tested. */
typedef struct cell {
	uint32_t a, b, count;
	pattern_with with;
	uint32_t *val;
	double logp, lift;
	bool testable; /* counted among the hypotheses (see testable()) */
} cell;

typedef struct cells {
	cell *v;
	size_t n, cap;
} cells;

/* Could two labels (or a label and a value) seen on ca and cb of n entries ever show as going
 * together? Only when both reach the support and even the strongest outcome (the rarer always
 * with the other) would be beyond chance at the bound (Tarone): those are the hypotheses the
 * false-discovery rate is over, whatever was observed. Counting only the cells that happened
 * to reach the support would pick the tests by their outcome, and chance pairs would pass. */
static bool testable(const pattern *p, uint32_t n, uint32_t ca, uint32_t cb)
{
	uint32_t lo = ca < cb ? ca : cb;

	if (lo < p->o.min_support)
		return false;
	return pt_fisher_log_p(n, ca, cb, lo) <= log(p->o.fdr) + EPS;
}

/* Test the cells of m that have the support (each cell's count is cleared). */
static rf_status test_cells(pattern *p, cmap *m, pattern_with with, bool pairs, cells *out)
{
	uint32_t n = (uint32_t)p->ndocs;
	size_t pos = 0;
	uint32_t a, b, *val;

	while (pt_cmap_next(m, &pos, &a, &b, &val)) {
		uint32_t count = *val, ca = p->labels[a].count, cb;
		cell *c;
		*val = 0;
		if (count < p->o.min_support)
			continue;
		cb = pairs ? p->labels[b].count
			   : (with == PATTERN_WITH_FAMILY ? p->fams[b].count : p->vtypes[b].count);
		if (GROW(out->v, out->cap, out->n + 1) != RF_OK)
			return RF_ERR_NOMEM;
		c = &out->v[out->n++];
		c->a = a;
		c->b = b;
		c->count = count;
		c->with = with;
		c->val = val;
		c->lift = (double)count * n / ((double)ca * cb);
		/* Not above chance (or not above the lift asked for): p counts as 1. */
		c->logp = c->lift <= p->o.min_lift + EPS ? 0.0 : pt_fisher_log_p(n, ca, cb, count);
		c->testable = testable(p, n, ca, cb);
	}
	return RF_OK;
}

/* How many hypotheses a family of tests holds: pairs of labels, or labels with families and
 * visit types. */
static size_t count_testable(const pattern *p, bool pairs)
{
	uint32_t n = (uint32_t)p->ndocs;
	size_t m = 0;

	for (size_t a = 0; a < p->nlabels; a++) {
		uint32_t ca = p->labels[a].count;
		if (ca < p->o.min_support)
			continue;
		if (pairs) {
			for (size_t b = a + 1; b < p->nlabels; b++)
				m += testable(p, n, ca, p->labels[b].count);
			continue;
		}
		for (size_t v = 0; v < p->nfams; v++)
			m += testable(p, n, ca, p->fams[v].count);
		for (size_t v = 0; v < p->nvtypes; v++)
			m += testable(p, n, ca, p->vtypes[v].count);
	}
	return m;
}

/* Keep the tested cells whose false-discovery rate is within the bound; their id lists go
 * to lists. */
static rf_status keep_cells(pattern *p, cells *cs, bool pairs, idlist ***lists, size_t *nlists,
			    size_t *caplists)
{
	pattern_report *r = &p->r;
	double *logp = NULL, *q = NULL;
	rf_status st = RF_ERR_NOMEM;

	size_t m = count_testable(p, pairs), nt = 0;

	if (pairs)
		r->pairs_tested = m;
	else
		r->assocs_tested = m;
	if (cs->n == 0)
		return RF_OK;
	logp = malloc(cs->n * sizeof(*logp));
	q = malloc(cs->n * sizeof(*q));
	if (logp == NULL || q == NULL)
		goto out;
	/* Only the hypotheses counted go into the false-discovery rate (the others could not
	 * pass whatever was seen). */
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].testable)
			logp[nt++] = cs->v[i].logp;
	if ((st = pt_bh(logp, nt, m, q)) != RF_OK)
		goto out;
	st = RF_ERR_NOMEM;
	for (size_t i = 0, t = 0; i < cs->n; i++) {
		const cell *c = &cs->v[i];
		const label *la = &p->labels[c->a];
		double qi;
		idlist *l;
		if (!c->testable)
			continue;
		qi = q[t++];
		if (c->logp >= 0 || qi > p->o.fdr + 1e-12)
			continue;
		if (pairs) {
			const label *lb = &p->labels[c->b];
			pattern_pair *o;
			if (GROW(r->pairs, p->cappairs, r->npairs + 1) != RF_OK)
				goto out;
			o = &r->pairs[r->npairs];
			if (!label_before(la, lb)) {
				const label *t = la;
				la = lb;
				lb = t;
			}
			o->a = la->name;
			o->a_kind = la->kind;
			o->a_count = la->count;
			o->b = lb->name;
			o->b_kind = lb->kind;
			o->b_count = lb->count;
			o->count = c->count;
			o->lift = c->lift;
			o->log_p = c->logp;
			o->p = exp(c->logp);
			o->q = qi;
			if ((l = pt_mkextra(p)) == NULL || (o->ids = pt_mkids(p, l)) == NULL)
				goto out;
			r->npairs++;
		} else {
			const value *v = c->with == PATTERN_WITH_FAMILY ? &p->fams[c->b] : &p->vtypes[c->b];
			pattern_assoc *o;
			if (GROW(r->assocs, p->capassocs, r->nassocs + 1) != RF_OK)
				goto out;
			o = &r->assocs[r->nassocs];
			o->label = la->name;
			o->kind = la->kind;
			o->label_count = la->count;
			o->with = c->with;
			o->value = v->name;
			o->value_count = v->count;
			o->count = c->count;
			o->lift = c->lift;
			o->log_p = c->logp;
			o->p = exp(c->logp);
			o->q = qi;
			if ((l = pt_mkextra(p)) == NULL || (o->ids = pt_mkids(p, l)) == NULL)
				goto out;
			r->nassocs++;
		}
		if (*nlists >= RETAINED - 1 || GROW(*lists, *caplists, *nlists + 1) != RF_OK)
			goto out;
		(*lists)[*nlists] = l;
		*c->val = RETAINED | (uint32_t)(*nlists)++;
	}
	st = RF_OK;
out:
	free(logp);
	free(q);
	return st;
}

/* Pairs of labels, and labels with families and visit types: counted from each entry's
 * labels, kept above the support and lift, then the entries of the kept ones collected. */
rf_status pt_finish_combos(pattern *p)
{
	pattern_report *r = &p->r;
	cmap pm, fm, vm;
	idlist **plists = NULL, **alists = NULL;
	size_t np = 0, capp = 0, na = 0, capa = 0;
	cells pc = {0}, ac = {0};
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
	p->r.fdr = p->o.fdr;
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
	/* Pairs are one family of tests, associations (with families and visit types) another. */
	if ((st = test_cells(p, &pm, PATTERN_WITH_FAMILY, true, &pc)) != RF_OK ||
	    (st = test_cells(p, &fm, PATTERN_WITH_FAMILY, false, &ac)) != RF_OK ||
	    (st = test_cells(p, &vm, PATTERN_WITH_VISIT_TYPE, false, &ac)) != RF_OK ||
	    (st = keep_cells(p, &pc, true, &plists, &np, &capp)) != RF_OK ||
	    (st = keep_cells(p, &ac, false, &alists, &na, &capa)) != RF_OK)
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
	free(pc.v);
	free(ac.v);
	return st;
}

/* A term as text into buf (a phrase is its two words with a space). */
