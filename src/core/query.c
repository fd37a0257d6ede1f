/* query.c - parse the home list's search line into an entry_filter. */
#include "reflect/query.h"

#include "reflect/i18n.h"
#include "reflect/prompts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static rf_status own(query *q, const char *s, size_t n, const char **slot)
{
	size_t at = q->nowned;

	/* A key given again replaces its earlier value (the last one wins), so any number of
	 * repeats fits in the few slots there are. */
	for (size_t i = 0; i < q->nowned; i++)
		if (*slot != NULL && q->owned[i] == *slot)
			at = i;
	if (at >= sizeof q->owned / sizeof q->owned[0])
		return RF_ERR_TOO_BIG;
	char *c = malloc(n + 1);
	if (!c)
		return RF_ERR_NOMEM;
	memcpy(c, s, n);
	c[n] = '\0';
	if (at < q->nowned) {
		memset(q->owned[at], 0, strlen(q->owned[at]));
		free(q->owned[at]);
	} else {
		q->nowned++;
	}
	q->owned[at] = c;
	*slot = c;
	return RF_OK;
}

/* Wipe and free the owned copy s (if it is one). */
static void disown(query *q, const char *s)
{
	for (size_t i = 0; i < q->nowned; i++)
		if (q->owned[i] == s) {
			memset(q->owned[i], 0, strlen(q->owned[i]));
			free(q->owned[i]);
			q->owned[i] = q->owned[--q->nowned];
			q->owned[q->nowned] = NULL;
			return;
		}
}

void query_clear(query *q)
{
	for (size_t i = 0; i < q->nowned; i++) {
		memset(q->owned[i], 0, strlen(q->owned[i]));
		free(q->owned[i]);
	}
	memset(q, 0, sizeof *q);
}

bool query_active(const query *q)
{
	const entry_filter *f = &q->filter;
	return f->since || f->until || f->theme || f->emotion || f->family || f->visit_type ||
	       f->search || f->flagged || f->portfolio;
}

/* Read one token at *p: a word, a "quoted text", or key:"quoted text". The value part (after any
 * key and colon, without quotes) goes to val/vlen, the key (if any) to key/klen. */
static rf_status token(const char **p, const char **key, size_t *klen, const char **val,
		       size_t *vlen, size_t *start, size_t *end, const char *base, rf_detail *d)
{
	const char *s = *p;
	*key = NULL;
	*klen = 0;
	*start = (size_t)(s - base);
	const char *colon = NULL;
	for (const char *t = s; *t && *t != ' ' && *t != '"'; t++)
		if (*t == ':') {
			colon = t;
			break;
		}
	if (colon && colon > s) {
		*key = s;
		*klen = (size_t)(colon - s);
		s = colon + 1;
	}
	if (*s == '"') {
		const char *close = strchr(s + 1, '"');
		if (!close)
			return rf_fail(d, RF_ERR_PARSE, 1, (int)(s - base) + 1,
				       "%s", _("a quote is not closed"));
		*val = s + 1;
		*vlen = (size_t)(close - s - 1);
		s = close + 1;
	} else {
		*val = s;
		while (*s && *s != ' ')
			s++;
		*vlen = (size_t)(s - *val);
	}
	*end = (size_t)(s - base);
	*p = s;
	return RF_OK;
}

/* k is name, in English or in the language in force. */
static bool key_is(const char *k, size_t n, const char *name)
{
	const char *tr = _(name);

	return (strlen(name) == n && strncasecmp(k, name, n) == 0) ||
	       (strlen(tr) == n && strncasecmp(k, tr, n) == 0);
}

/* Search keys and values, translated so that they can be typed in the language in force. */
/* TRANSLATORS: search keys typed before a colon on the home list's search line
 * (theme:culture): one lower-case word each, no spaces. English keys always work too. */
static const char *const search_words[] __attribute__((unused)) = {
	N_("theme"), N_("lens"), N_("feeling"), N_("emotion"), N_("family"), N_("type"),
	N_("since"), N_("until"), N_("is"), N_("flagged"), N_("supervision"), N_("portfolio"),
};

rf_status query_parse(const char *text, query *q, rf_detail *d)
{
	memset(q, 0, sizeof *q);
	if (!text)
		return RF_OK;
	size_t tl = strlen(text);
	char *search = calloc(tl + 1, 1);
	if (!search)
		return RF_ERR_NOMEM;
	size_t sl = 0;
	rf_status st = RF_OK;
	const char *p = text;
	entry_filter *f = &q->filter;
	while (st == RF_OK) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *k = NULL, *v = NULL;
		size_t kl = 0, vl = 0, a = 0, b = 0;
		st = token(&p, &k, &kl, &v, &vl, &a, &b, text, d);
		if (st != RF_OK)
			break;
		const char **slot = NULL;
		if (k && (key_is(k, kl, "theme") || key_is(k, kl, "lens")))
			slot = &f->theme;
		else if (k && (key_is(k, kl, "feeling") || key_is(k, kl, "emotion")))
			slot = &f->emotion;
		else if (k && key_is(k, kl, "family"))
			slot = &f->family;
		else if (k && key_is(k, kl, "type"))
			slot = &f->visit_type;
		else if (k && (key_is(k, kl, "since") || key_is(k, kl, "until"))) {
			slot = key_is(k, kl, "since") ? &f->since : &f->until;
			char date[16] = "";
			if (vl < sizeof date)
				memcpy(date, v, vl);
			if (vl >= sizeof date || !entry_valid_date(date)) {
				st = rf_fail(d, RF_ERR_PARSE, 1, (int)a + 1,
					     _("%.*s: needs a date as YYYY-MM-DD"), (int)kl, k);
				break;
			}
		} else if (k && key_is(k, kl, "is")) {
			if (key_is(v, vl, "flagged") || key_is(v, vl, "supervision"))
				f->flagged = true;
			else if (key_is(v, vl, "portfolio"))
				f->portfolio = true;
			else {
				st = rf_fail(d, RF_ERR_PARSE, 1, (int)a + 1, "%s",
					     _("is: takes flagged or portfolio"));
				break;
			}
			continue;
		}
		if (slot) {
			if (vl == 0)
				continue;
			st = own(q, v, vl, slot);
			/* a feeling, theme or visit type typed in the language in force */
			if (st == RF_OK && slot != &f->family && slot != &f->since && slot != &f->until) {
				const char *key = prompts_key_of(*slot);
				if (key != *slot) {
					/* the slot now holds a built-in key: its copy is not needed
					 * (kept, it would take a place each time the key is given) */
					disown(q, *slot);
					*slot = key;
				}
			}
			if (st == RF_ERR_TOO_BIG)
				st = rf_fail(d, RF_ERR_PARSE, 1, (int)a + 1, "%s",
					     _("this search is too long; use fewer words"));
			continue;
		}
		/* search text: the token as typed, quotes removed */
		if (sl)
			search[sl++] = ' ';
		if (k) {
			memcpy(search + sl, k, kl + 1); /* key and colon */
			sl += kl + 1;
		}
		memcpy(search + sl, v, vl);
		sl += vl;
	}
	if (st == RF_OK && sl > 0) {
		st = own(q, search, sl, &f->search);
		if (st == RF_ERR_TOO_BIG)
			st = rf_fail(d, RF_ERR_PARSE, 1, 1, "%s",
				     _("this search is too long; use fewer words"));
	}
	memset(search, 0, tl + 1);
	free(search);
	if (st != RF_OK)
		query_clear(q);
	return st;
}
