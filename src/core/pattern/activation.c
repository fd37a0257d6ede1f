/* activation.c - activation by family and visit type, the practice check-in by month, and
 * the self-care signal. */
#include "internal.h"

/* ---------------------------------------------------------------- by family, visit type */

static int group_cmp(const void *x, const void *y)
{
	const pattern_act_group *a = x, *b = y;
	int c = pt_cmp_double_desc(a->mean, b->mean);
	if (c)
		return c;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static rf_status act_groups(pattern *p, bool fam, pattern_act_group **out, size_t *nout)
{
	size_t nv = fam ? p->nfams : p->nvtypes;
	const value *vals = fam ? p->fams : p->vtypes;
	double *sum = calloc(nv ? nv : 1, sizeof(*sum)), all = 0, allsq = 0;
	double *sq = calloc(nv ? nv : 1, sizeof(*sq)), *logp = NULL, *q = NULL;
	unsigned *n = calloc(nv ? nv : 1, sizeof(*n)), alln = 0;
	idlist **lists = calloc(nv ? nv : 1, sizeof(*lists));
	rf_status st = RF_ERR_NOMEM;

	*out = NULL;
	*nout = 0;
	if (sum == NULL || sq == NULL || n == NULL || lists == NULL)
		goto done;
	for (size_t i = 0; i < p->ndocs; i++) {
		const doc *d = &p->docs[i];
		uint32_t v = fam ? d->family : d->vtype;
		if (d->act < 0)
			continue;
		all += d->act;
		allsq += (double)d->act * d->act;
		alln++;
		if (v == NONE)
			continue;
		sum[v] += d->act;
		sq[v] += (double)d->act * d->act;
		n[v]++;
	}
	for (size_t v = 0; v < nv; v++)
		if (n[v] >= p->o.min_ratings && (lists[v] = pt_mkextra(p)) == NULL)
			goto done;
	for (size_t i = 0; i < p->ndocs; i++) {
		const doc *d = &p->docs[i];
		uint32_t v = fam ? d->family : d->vtype;
		if (d->act >= 0 && v != NONE && lists[v] && pt_idlist_add(lists[v], (uint32_t)i) != RF_OK)
			goto done;
	}
	*out = calloc(nv ? nv : 1, sizeof(**out));
	if (*out == NULL)
		goto done;
	for (size_t v = 0; v < nv; v++) {
		pattern_act_group *g;
		if (lists[v] == NULL)
			continue;
		g = &(*out)[(*nout)++];
		g->name = vals[v].name;
		g->n = n[v];
		g->mean = sum[v] / n[v];
		g->others_n = alln - n[v];
		g->others_mean = g->others_n ? (all - sum[v]) / g->others_n : 0;
		/* Is it above the others beyond chance? A family met three times at 8 among
		 * ratings from 1 to 9 may just have been met on hard days. */
		if (g->others_n >= 2) {
			double on = g->others_n;
			double v1 = (sq[v] - sum[v] * sum[v] / n[v]) / (n[v] - 1.0);
			double v2 = ((allsq - sq[v]) - (all - sum[v]) * (all - sum[v]) / on) / (on - 1.0);
			g->p = pt_t_p(g->mean, v1 > 0 ? v1 : 0, n[v], g->others_mean, v2 > 0 ? v2 : 0, on);
		} else {
			g->p = 1.0;
		}
		if ((g->ids = pt_mkids(p, lists[v])) == NULL)
			goto done;
	}
	/* Many groups are looked at: the false-discovery rate over them. */
	if (*nout > 0) {
		logp = malloc(*nout * sizeof(*logp));
		q = malloc(*nout * sizeof(*q));
		if (logp == NULL || q == NULL)
			goto done;
		for (size_t i = 0; i < *nout; i++)
			logp[i] = (*out)[i].p > 0 ? log((*out)[i].p) : -INFINITY;
		if (pt_bh(logp, *nout, *nout, q) != RF_OK)
			goto done;
		for (size_t i = 0; i < *nout; i++)
			(*out)[i].q = q[i];
	}
	pt_xsort(*out, *nout, sizeof(**out), group_cmp);
	st = RF_OK;
done:
	free(logp);
	free(q);
	free(sq);
	free(sum);
	free(n);
	free(lists);
	return st;
}

rf_status pt_finish_activation(pattern *p)
{
	pattern_report *r = &p->r;
	rf_status st = act_groups(p, true, &r->act_families, &r->nact_families);

	if (st == RF_OK)
		st = act_groups(p, false, &r->act_vtypes, &r->nact_vtypes);
	return st;
}

/* ---------------------------------------------------------------- practice check-in */

const char *pattern_practice_question(void)
{
	return _("To what extent are ACEs, trauma-informed care or resilience used as part of "
		 "your practice?");
}

static int practice_cmp(const void *x, const void *y)
{
	const pattern_practice_month *a = x, *b = y;
	return strcmp(a->month, b->month);
}

rf_status pt_finish_practice(pattern *p)
{
	pattern_report *r = &p->r;

	if (p->npractices == 0)
		return RF_OK;
	r->practice = calloc(p->npractices, sizeof(*r->practice));
	if (r->practice == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->npractices; i++) {
		time_t t = (time_t)p->practices[i].at;
		struct tm tm;
		char month[32];
		size_t k;
		if (localtime_r(&t, &tm) == NULL)
			continue;
		snprintf(month, sizeof(month), "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
		month[7] = '\0';
		for (k = 0; k < r->npractice && strcmp(r->practice[k].month, month) != 0; k++)
			;
		if (k == r->npractice) {
			snprintf(r->practice[k].month, sizeof(r->practice[k].month), "%.7s", month);
			r->npractice++;
		}
		r->practice[k].mean += p->practices[i].answer;
		r->practice[k].n++;
	}
	for (size_t k = 0; k < r->npractice; k++)
		r->practice[k].mean /= r->practice[k].n;
	pt_xsort(r->practice, r->npractice, sizeof(*r->practice), practice_cmp);
	return RF_OK;
}

/* ---------------------------------------------------------------- self-care */

/* Feelings, themes and words of depletion (folded), English and Spanish: a label or word
 * that begins with one of these. */
static const char *const depletion_stems[] = {
	"numb",	"discourag", "exhaust", "burnout", "burn out", "burned out", "burnt out",
	"burning out", "drained", "deplet", "hopeless", "overwhelm", "worn out", "weary",
	"hardened", "cynic", "detached", "compassion fatigue", "agotad", "agotamiento",
	"quemad", "quemando", "desanimad", "entumecid", "abrumad", "desgast", "desesperanz",
};

/* Words that begin as a stem above does but are not of depletion ("visit number three"). */
static const char *const depletion_not[] = {"number"};

static bool depleting(const char *folded)
{
	for (size_t i = 0; i < sizeof(depletion_stems) / sizeof(depletion_stems[0]); i++)
		for (const char *s = strstr(folded, depletion_stems[i]); s != NULL;
		     s = strstr(s + 1, depletion_stems[i])) {
			bool other = false;
			for (size_t k = 0; k < sizeof(depletion_not) / sizeof(*depletion_not); k++)
				other |= strncmp(s, depletion_not[k], strlen(depletion_not[k])) == 0;
			/* At the start of a word. */
			if (!other && (s == folded || s[-1] == ' '))
				return true;
		}
	return false;
}

typedef struct sc_state {
	pattern *p;
	idlist *l;
	bool *mark; /* documents behind the signal */
	bool *dmark; /* recent documents naming a depletion that rose */
	bool *any;   /* documents naming any depletion at all */
	const char **names;
	size_t nnames, capnames;
	int32_t rs, ru, es, eu;
} sc_state;

static rf_status add_depletion(sc_state *s, const char *name)
{
	for (size_t i = 0; i < s->nnames; i++)
		if (strcmp(s->names[i], name) == 0)
			return RF_OK;
	if (s->nnames >= 6)
		return RF_OK;
	if (GROW(s->names, s->capnames, s->nnames + 1) != RF_OK)
		return RF_ERR_NOMEM;
	s->names[s->nnames++] = name;
	return RF_OK;
}

/* Feelings and themes of depletion that rose from the earlier period to the recent one. */
static rf_status depletion_labels(sc_state *s)
{
	pattern *p = s->p;
	const pattern_report *r = &p->r;

	if (r->recent.entries == 0)
		return RF_OK;
	for (size_t k = 0; k < p->nlabels; k++) {
		uint32_t pos = 0, prev = 0, ord;
		char *f = text_fold(p->labels[k].name);
		bool dep;
		if (f == NULL)
			return RF_ERR_NOMEM;
		dep = depleting(f);
		pt_wipe_free(&f);
		while (dep && pt_idlist_next(&p->labels[k].ids, &pos, &prev, &ord))
			s->any[ord] = true;
	}
	for (size_t i = 0; i < r->nshifts; i++) {
		const pattern_shift *sh = &r->shifts[i];
		char *f;
		bool dep;
		uint32_t pos = 0, prev = 0, ord;
		const label *lab = NULL;
		if (sh->recent < 2 || sh->recent_share <= sh->earlier_share + EPS)
			continue;
		if ((f = text_fold(sh->name)) == NULL)
			return RF_ERR_NOMEM;
		dep = depleting(f);
		pt_wipe_free(&f);
		if (!dep)
			continue;
		if (add_depletion(s, sh->name) != RF_OK)
			return RF_ERR_NOMEM;
		for (size_t k = 0; k < p->nlabels; k++)
			if (p->labels[k].name == sh->name)
				lab = &p->labels[k];
		while (lab && pt_idlist_next(&lab->ids, &pos, &prev, &ord))
			if (p->docs[ord].day >= s->rs && p->docs[ord].day <= s->ru)
				s->dmark[ord] = true;
	}
	return RF_OK;
}

/* Words of depletion in the texts ("burning out") said more often lately. */
static rf_status depletion_words(sc_state *s, char ***made, size_t *nmade, size_t *capmade)
{
	pattern *p = s->p;
	size_t rw = 0, ew = 0; /* entries read in each period */

	for (size_t i = 0; i < p->ndocs; i++) {
		if (!p->docs[i].words)
			continue;
		if (p->docs[i].day >= s->rs && p->docs[i].day <= s->ru)
			rw++;
		else if (p->docs[i].day >= s->es && p->docs[i].day <= s->eu)
			ew++;
	}
	if (rw == 0)
		return RF_OK;
	for (size_t t = 0; t < p->nterms; t++) {
		const term *T = &p->terms[t];
		char buf[4 * TOKMAX * 4 + 4];
		const char *key;
		uint32_t pos = 0, prev = 0, ord;
		size_t rc = 0, ec = 0;
		if (T->df < 2 || T->nw > 2)
			continue;
		key = pt_term_key(p, (uint32_t)t, buf, sizeof(buf));
		if (!depleting(key))
			continue;
		/* A word within a phrase that is itself of depletion is said by the phrase. */
		if (T->nw == 1 && T->cls != WORD_CONTENT)
			continue;
		while (pt_idlist_next(&T->ids, &pos, &prev, &ord))
			s->any[ord] = true;
		pos = prev = 0;
		while (pt_idlist_next(&T->ids, &pos, &prev, &ord)) {
			if (p->docs[ord].day >= s->rs && p->docs[ord].day <= s->ru)
				rc++;
			else if (p->docs[ord].day >= s->es && p->docs[ord].day <= s->eu)
				ec++;
		}
		if (rc < 2 || (ew > 0 && (double)rc / rw <= (double)ec / ew + EPS))
			continue;
		{
			char *shown = pt_term_display(p, (uint32_t)t);
			if (shown == NULL || GROW(*made, *capmade, *nmade + 1) != RF_OK) {
				pt_wipe_free(&shown);
				return RF_ERR_NOMEM;
			}
			(*made)[(*nmade)++] = shown; /* kept below */
			if (pt_keepstr(p, shown) == NULL)
				return RF_ERR_NOMEM;
			if (add_depletion(s, shown) != RF_OK)
				return RF_ERR_NOMEM;
		}
		pos = prev = 0;
		while (pt_idlist_next(&T->ids, &pos, &prev, &ord))
			if (p->docs[ord].day >= s->rs && p->docs[ord].day <= s->ru)
				s->dmark[ord] = true;
	}
	return RF_OK;
}

/* Did depletion as a whole rise? Entries naming any feeling, theme or words of depletion,
 * lately against before: beyond chance (a one-sided Fisher test at the false-discovery
 * bound), or in half the recent entries or more (three at least), more than before, which
 * is worth saying even over a few entries. One label turning up twice lately and never
 * before is, among many, what chance gives. */
static bool depletion_rose(const sc_state *s)
{
	const pattern *p = s->p;
	uint32_t n = 0, a = 0, b = 0, k = 0;

	for (size_t i = 0; i < p->ndocs; i++) {
		int32_t day = p->docs[i].day;
		bool recent = day >= s->rs && day <= s->ru;
		if (!recent && !(day >= s->es && day <= s->eu))
			continue;
		n++;
		a += recent;
		b += s->any[i];
		k += recent && s->any[i];
	}
	if (n == 0 || k == 0)
		return false;
	if (k >= 3 && 2 * k >= a && (double)k / a > (double)(b - k) / (n - a > 0 ? n - a : 1) + EPS)
		return true;
	return pt_fisher_log_p(n, a, b, k) <= log(p->o.fdr) + EPS;
}

/* Names joined for a sentence: "numb, discouraged and burning out". */
static void join_names(const char *const *v, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? _(" and ") : ", ";
		int k = snprintf(out + o, cap - o, "%s\u201c%s\u201d", sep, prompts_word_shown(v[i]));
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/* Append a sentence to why. */
static void say(char *why, size_t cap, const char *s)
{
	size_t n = strlen(why);

	snprintf(why + n, cap - n, "%s%s", n ? " " : "", s);
}

/* Is the rise of the last three weeks (from week `from` on) beyond chance? Three weekly means
 * in a row rise one time in six by chance alone. Either the ratings of those weeks are above
 * the ones before them, or, within them, the ratings climb week by week (the slope of a
 * line through them), each by a one-sided t test. */
static bool rise_is_real(const pattern *p, int32_t mon0, size_t from)
{
	double s[2] = {0, 0}, sq[2] = {0, 0}, n[2] = {0, 0};
	double sx = 0, sxx = 0, sxy = 0;

	for (size_t i = 0; i < p->ndocs; i++) {
		const doc *d = &p->docs[i];
		size_t wi;
		int late;
		if (d->act < 0)
			continue;
		wi = (size_t)((d->day - pt_weekday(d->day) - mon0) / 7);
		late = wi >= from;
		s[late] += d->act;
		sq[late] += (double)d->act * d->act;
		n[late]++;
		if (late) {
			double x = (double)(wi - from);
			sx += x;
			sxx += x * x;
			sxy += x * d->act;
		}
	}
	if (n[0] >= 2 && n[1] >= 2 &&
	    pt_t_p(s[1] / n[1], (sq[1] - s[1] * s[1] / n[1]) / (n[1] - 1), n[1], s[0] / n[0],
		   (sq[0] - s[0] * s[0] / n[0]) / (n[0] - 1), n[0]) <= p->o.fdr + EPS)
		return true;
	if (n[1] >= 4) {
		double m = n[1], cxx = sxx - sx * sx / m, cxy = sxy - sx * s[1] / m;
		double cyy = sq[1] - s[1] * s[1] / m, b, res;
		if (cxx <= 0)
			return false;
		b = cxy / cxx;
		res = (cyy - b * cxy) / (m - 2);
		if (res <= 0)
			return b > 0;
		return pt_t_sf(b / sqrt(res / cxx), m - 2) <= p->o.fdr + EPS;
	}
	return false;
}

rf_status pt_finish_selfcare(pattern *p)
{
	pattern_report *r = &p->r;
	pattern_selfcare *sc = &r->self_care;
	const char *who = p->subject;
	uint32_t *rated = NULL;
	size_t nr = 0, w = p->o.selfcare_window;
	size_t wk[3], nw = 0;
	double *vals = NULL, pooled = 0;
	char why[2048], s[1024], names[512];
	char **made = NULL;
	size_t nmade = 0, capmade = 0;
	sc_state ss;
	rf_status st = RF_ERR_NOMEM;

	memset(&ss, 0, sizeof(ss));
	ss.p = p;
	why[0] = '\0';
	ss.l = pt_mkextra(p);
	ss.mark = calloc(p->ndocs ? p->ndocs : 1, sizeof(*ss.mark));
	ss.dmark = calloc(p->ndocs ? p->ndocs : 1, sizeof(*ss.dmark));
	ss.any = calloc(p->ndocs ? p->ndocs : 1, sizeof(*ss.any));
	rated = malloc((p->ndocs ? p->ndocs : 1) * sizeof(*rated));
	vals = malloc((p->ndocs ? p->ndocs : 1) * sizeof(*vals));
	if (ss.l == NULL || ss.mark == NULL || ss.dmark == NULL || ss.any == NULL || rated == NULL ||
	    vals == NULL)
		goto out;
	for (size_t i = 0; i < p->ndocs; i++)
		if (p->docs[i].act >= 0)
			rated[nr++] = (uint32_t)i;
	sc->rated = (unsigned)nr;
	pt_sort_p = p;
	pt_xsort(rated, nr, sizeof(*rated), pt_ord_chrono_desc); /* newest first */
	if (nr > 0) {
		size_t m = nr < w ? nr : w;
		double sum = 0;
		for (size_t i = 0; i < m; i++)
			sum += p->docs[rated[i]].act;
		sc->recent_mean = sum / m;
	}

	/* The last three weeks with ratings, within the last six weeks of the set. */
	for (size_t i = r->nweeks; i > 0 && nw < 3 && r->nweeks - i < 6; i--)
		if (r->weeks[i - 1].n > 0)
			wk[nw++] = i - 1;
	if (nw == 3 && nr >= 3) {
		int32_t mon0;
		size_t npool = 0, high = 0;
		pt_parse_day(r->weeks[0].monday, &mon0);
		for (size_t k = 0; k < 3; k++) {
			size_t nv = 0;
			for (size_t i = 0; i < p->ndocs; i++) {
				const doc *d = &p->docs[i];
				size_t wi;
				if (d->act < 0)
					continue;
				wi = (size_t)((d->day - pt_weekday(d->day) - mon0) / 7);
				if (wi == wk[k])
					vals[nv++] = d->act;
			}
			sc->medians[2 - k] = pt_median(vals, nv);
			if (sc->medians[2 - k] >= p->o.selfcare_level - EPS)
				high++;
		}
		sc->nmedians = 3;
		for (size_t i = 0; i < p->ndocs; i++) {
			const doc *d = &p->docs[i];
			size_t wi;
			if (d->act < 0)
				continue;
			wi = (size_t)((d->day - pt_weekday(d->day) - mon0) / 7);
			if (wi == wk[0] || wi == wk[1] || wi == wk[2])
				vals[npool++] = d->act;
		}
		pooled = pt_median(vals, npool);
		/* Sustained: two of the three weeks, and all their ratings together, at the level;
		 * a calm entry or two does not undo weeks of it. */
		sc->sustained = high >= 2 && pooled >= p->o.selfcare_level - EPS;
		sc->rising = r->weeks[wk[2]].mean + EPS < r->weeks[wk[1]].mean &&
			     r->weeks[wk[1]].mean + EPS < r->weeks[wk[0]].mean &&
			     r->weeks[wk[0]].mean >= p->o.selfcare_rising - EPS &&
			     rise_is_real(p, mon0, wk[2]);
		if (sc->sustained || sc->rising)
			for (size_t i = 0; i < p->ndocs; i++) {
				const doc *d = &p->docs[i];
				size_t wi;
				if (d->act < 0)
					continue;
				wi = (size_t)((d->day - pt_weekday(d->day) - mon0) / 7);
				if (wi == wk[0] || wi == wk[1] || wi == wk[2])
					ss.mark[i] = true;
			}
	}

	/* Depletion that rose, from the shift's two periods. */
	if (r->entries > 0 && pt_parse_day(r->recent.since, &ss.rs) &&
	    pt_parse_day(r->recent.until, &ss.ru) && pt_parse_day(r->earlier.until, &ss.eu)) {
		if (!pt_parse_day(r->earlier.since, &ss.es))
			ss.es = INT32_MIN;
		if ((st = depletion_labels(&ss)) != RF_OK || (st = depletion_words(&ss, &made, &nmade, &capmade)) != RF_OK)
			goto out;
		st = RF_ERR_NOMEM;
		if (!depletion_rose(&ss))
			ss.nnames = 0;
		for (size_t i = 0; ss.nnames > 0 && i < p->ndocs; i++)
			ss.mark[i] = ss.mark[i] || ss.dmark[i];
	}
	if (ss.nnames > 0) {
		sc->depletion = malloc(ss.nnames * sizeof(*sc->depletion));
		if (sc->depletion == NULL)
			goto out;
		memcpy(sc->depletion, ss.names, ss.nnames * sizeof(*ss.names));
		sc->ndepletion = ss.nnames;
	}
	sc->signal = sc->sustained || sc->rising || sc->ndepletion > 0;

	if (sc->sustained) {
		if (who)
			snprintf(s, sizeof(s),
				 _("Activation has stayed high for weeks in %s's reflections: the middle "
				   "rating of each of the last three weeks was %.1f, %.1f and %.1f out of "
				   "10."),
				 who, sc->medians[0], sc->medians[1], sc->medians[2]);
		else
			snprintf(s, sizeof(s),
				 _("Activation has stayed high for weeks: the middle rating of each of "
				   "your last three weeks was %.1f, %.1f and %.1f out of 10."),
				 sc->medians[0], sc->medians[1], sc->medians[2]);
		say(why, sizeof(why), s);
	} else if (sc->rising) {
		if (who)
			snprintf(s, sizeof(s),
				 _("Activation in %s's reflections has risen week by week (%.1f, %.1f, "
				   "then %.1f out of 10)."),
				 who, r->weeks[wk[2]].mean, r->weeks[wk[1]].mean, r->weeks[wk[0]].mean);
		else
			snprintf(s, sizeof(s),
				 _("Activation has risen week by week (%.1f, %.1f, then %.1f out of 10)."),
				 r->weeks[wk[2]].mean, r->weeks[wk[1]].mean, r->weeks[wk[0]].mean);
		say(why, sizeof(why), s);
	}
	if (sc->ndepletion > 0) {
		join_names(sc->depletion, sc->ndepletion, names, sizeof(names));
		if (who)
			snprintf(s, sizeof(s), _("Lately %s has written of %s more often than before."),
				 who, names);
		else
			snprintf(s, sizeof(s), _("Lately you have written of %s more often than before."),
				 names);
		say(why, sizeof(why), s);
	}
	if (sc->signal) {
		/* The seeds' words: the work is hard, we can get hardened, people to talk to help. */
		say(why, sizeof(why),
		    _("Working with people experiencing trauma and adversity is itself a very "
		      "difficult experience, and we can get \u201chardened\u201d quickly: this can "
		      "be vicarious trauma, and it asks for care, not judgement."));
		if (who)
			snprintf(s, sizeof(s),
				 _("Having people to talk to helps; this may be worth making room for "
				   "with %s in supervision."),
				 who);
		else
			snprintf(s, sizeof(s), "%s",
				 _("Having people to talk to helps; you might bring this to supervision "
				   "or your reflective group, and give yourself a pause before the next "
				   "visit."));
		say(why, sizeof(why), s);
	} else if (nr < w) {
		snprintf(s, sizeof(s),
			 _("Fewer than %zu entries here have an activation rating, so there is no "
			   "pattern to read yet."),
			 w);
		say(why, sizeof(why), s);
	} else if (sc->nmedians == 3) {
		if (who)
			snprintf(s, sizeof(s),
				 _("Activation in %s's recent weeks (a middle rating of %.1f, %.1f and "
				   "%.1f out of 10) is not staying high, and no feelings of depletion "
				   "are rising."),
				 who, sc->medians[0], sc->medians[1], sc->medians[2]);
		else
			snprintf(s, sizeof(s),
				 _("Activation in your recent weeks (a middle rating of %.1f, %.1f and "
				   "%.1f out of 10) is not staying high, and no feelings of depletion "
				   "are rising."),
				 sc->medians[0], sc->medians[1], sc->medians[2]);
		say(why, sizeof(why), s);
	} else {
		if (who)
			snprintf(s, sizeof(s),
				 _("Activation in %s's recent reflections (%.1f out of 10 on average for "
				   "the last %zu) is not staying high."),
				 who, sc->recent_mean, w);
		else
			snprintf(s, sizeof(s),
				 _("Activation across your recent reflections (%.1f out of 10 on average "
				   "for the last %zu) is not staying high."),
				 sc->recent_mean, w);
		say(why, sizeof(why), s);
	}
	if (sc->signal)
		for (size_t i = 0; i < p->ndocs; i++)
			if (ss.mark[i] && pt_idlist_add(ss.l, (uint32_t)i) != RF_OK)
				goto out;
	sc->why = pt_keepstr(p, pt_xstrdup(why));
	if (sc->why == NULL)
		goto out;
	if ((sc->ids = pt_mkids(p, ss.l)) == NULL)
		goto out;
	st = RF_OK;
out:
	sodium_memzero(why, sizeof(why));
	sodium_memzero(s, sizeof(s));
	sodium_memzero(names, sizeof(names));
	free(made);
	free(ss.names);
	free(ss.mark);
	free(ss.dmark);
	free(ss.any);
	free(rated);
	free(vals);
	return st;
}
