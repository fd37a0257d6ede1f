/* activation.c - activation by family and visit type, and the self-care signal. */
#include "internal.h"

rf_status pt_finish_selfcare(pattern *p)
{
	pattern_report *r = &p->r;
	pattern_selfcare *sc = &r->self_care;
	uint32_t *rated = NULL;
	size_t nr = 0, w = p->o.selfcare_window;
	idlist *l = pt_mkextra(p);
	char why[1024];
	rf_status st = RF_ERR_NOMEM;

	why[0] = '\0';
	if (l == NULL)
		goto out;
	rated = malloc((p->ndocs ? p->ndocs : 1) * sizeof(*rated));
	if (rated == NULL)
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
	if (nr >= w && sc->recent_mean >= p->o.selfcare_level - EPS) {
		uint32_t *pick = rated;
		sc->signal = true;
		snprintf(why, sizeof(why),
			 _("Your last %zu reflections with an activation rating average %.1f out "
			 "of 10. Working with trauma and adversity stirs us too, and staying "
			 "stirred across visits is part of what this work costs: it can be "
			 "vicarious trauma, and it asks for care, not judgement. Having people to "
			 "talk to helps; you might bring this to supervision or your reflective "
			 "group, and give yourself a pause before the next visit."),
			 w, sc->recent_mean);
		/* The ids, in the order entries were added. */
		pt_xsort(pick, w, sizeof(*pick), pt_cmp_u32);
		for (size_t i = 0; i < w; i++)
			if (pt_idlist_add(l, pick[i]) != RF_OK)
				goto out;
	} else {
		/* A rise over the last three weeks that have ratings. */
		size_t wk[3], nw = 0;
		for (size_t i = r->nweeks; i > 0 && nw < 3; i--)
			if (r->weeks[i - 1].n > 0)
				wk[nw++] = i - 1;
		if (nw == 3 && r->weeks[wk[2]].mean + EPS < r->weeks[wk[1]].mean &&
		    r->weeks[wk[1]].mean + EPS < r->weeks[wk[0]].mean &&
		    r->weeks[wk[0]].mean >= p->o.selfcare_rising - EPS) {
			sc->signal = true;
			snprintf(why, sizeof(why),
				 _("Activation has risen week by week (%.1f, %.1f, then %.1f out of "
				 "10). Carrying more from visit to visit is a known part of this "
				 "work: it can be vicarious trauma, and it asks for care, not "
				 "judgement. Having people to talk to helps; you might bring this to "
				 "supervision or your reflective group, and find a moment of support "
				 "for yourself."),
				 r->weeks[wk[2]].mean, r->weeks[wk[1]].mean, r->weeks[wk[0]].mean);
			for (size_t i = 0; i < p->ndocs; i++) {
				const doc *d = &p->docs[i];
				int32_t mon = d->day - pt_weekday(d->day);
				for (size_t k = 0; k < 3; k++) {
					int32_t wm;
					if (!pt_parse_day(r->weeks[wk[k]].monday, &wm))
						continue;
					if (mon == wm && d->act >= 0) {
						if (pt_idlist_add(l, (uint32_t)i) != RF_OK)
							goto out;
						break;
					}
				}
			}
		} else if (nr < w) {
			snprintf(why, sizeof(why),
				 _("Fewer than %zu entries here have an activation rating, so there "
				 "is no pattern to read yet."),
				 w);
		} else {
			snprintf(why, sizeof(why),
				 _("Activation across your recent reflections (%.1f out of 10 on "
				 "average for the last %zu) is not staying high."),
				 sc->recent_mean, w);
		}
	}
	sc->why = pt_keepstr(p, pt_xstrdup(why));
	if (sc->why == NULL)
		goto out;
	if ((sc->ids = pt_mkids(p, l)) == NULL)
		goto out;
	st = RF_OK;
out:
	free(rated);
	return st;
}

