/* text.c - the report as plain text for a terminal, and sparklines. */
#include "internal.h"


void pattern_sparkline(const double *values, size_t n, double max, char *out, size_t cap)
{
	static const char *const bars[] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
					   "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
					   "\xe2\x96\x87", "\xe2\x96\x88"};
	size_t o = 0;

	if (cap == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *b;
		size_t bl;
		if (values[i] < 0) {
			b = " ";
		} else {
			int k = values[i] > 0 && max > 0 ? (int)ceil(values[i] / max * 8.0) - 1 : 0;
			if (k < 0)
				k = 0;
			if (k > 7)
				k = 7;
			b = bars[k];
		}
		bl = strlen(b);
		if (o + bl + 1 > cap)
			break;
		memcpy(out + o, b, bl);
		o += bl;
	}
	out[o] = '\0';
}

/* ---------------------------------------------------------------- text */

typedef struct sbuf {
	char *s;
	size_t len, cap;
	bool failed;
} sbuf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	for (;;) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t ncap = b->cap ? b->cap : 1024;
			char *ns;
			while (ncap - b->len <= (size_t)n) {
				if (ncap > SIZE_MAX / 2) {
					b->failed = true;
					return;
				}
				ncap *= 2;
			}
			ns = malloc(ncap);
			if (ns == NULL) {
				b->failed = true;
				return;
			}
			if (b->s) {
				memcpy(ns, b->s, b->len);
				sodium_memzero(b->s, b->cap);
				free(b->s);
			}
			b->s = ns;
			b->cap = ncap;
		}
	}
}

/* s cut to cols display columns, not padded. */
static void sb_cut(sbuf *b, const char *s, int cols)
{
	char *cut = text_excerpt(s, cols);

	if (cut == NULL) {
		b->failed = true;
		return;
	}
	sb_printf(b, "%s", cut);
	pt_wipe_free(&cut);
}

/* Words of s wrapped to width, each line indented. */
static void sb_wrap(sbuf *b, const char *s, int indent, int width)
{
	const char *p = s;
	int col = 0;

	while (*p) {
		const char *e = p;
		char word[512];
		int w;
		size_t n;
		while (*e && *e != ' ')
			e++;
		n = (size_t)(e - p) < sizeof(word) - 1 ? (size_t)(e - p) : sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		w = text_width(word);
		if (col > 0 && col + 1 + w > width - indent) {
			sb_printf(b, "\n");
			col = 0;
		}
		if (col == 0)
			sb_printf(b, "%*s%s", indent, "", word);
		else
			sb_printf(b, " %s", word);
		col += (col ? 1 : 0) + w;
		p = *e ? e + 1 : e;
	}
	sb_printf(b, "\n");
}

/* A formatted sentence, wrapped to width with every line indented. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void sb_line(sbuf *b, int indent, int width, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sb_wrap(b, buf, indent, width);
	sodium_memzero(buf, sizeof(buf));
}

/* "#7", or "Ana #7" when the entries are someone else's. */
static void sb_idlist(sbuf *b, const char *author, const pattern_ids *ids, size_t max)
{
	int64_t *v = NULL;
	size_t n = 0;

	if (pattern_ids_get(ids, &v, &n) != RF_OK) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < n && i < max; i++)
		sb_printf(b, "%s%s%s#%lld", i ? " " : "", author ? author : "", author ? " " : "",
			  (long long)v[i]);
	free(v);
}

static void sb_revisit(sbuf *b, const char *author, const char *what, const char *name,
		       const pattern_ids *ids, size_t total, int width)
{
	sbuf t = {0};
	size_t shown = pattern_ids_count(ids);

	sb_printf(&t, "%s%s: ", what, name);
	if (shown) {
		/* Every one counted: the ids listed are the newest; the rest are said as a number. */
		sb_idlist(&t, author, ids, shown < 8 ? shown : 8);
		if (total > (shown < 8 ? shown : 8))
			sb_printf(&t, ngettext(" and %zu more", " and %zu more",
					       total - (shown < 8 ? shown : 8)),
				  total - (shown < 8 ? shown : 8));
	} else
		sb_printf(&t, "%s", _("no earlier entries"));
	if (t.failed) {
		b->failed = true;
	} else {
		sb_wrap(b, t.s, 2, width);
		sodium_memzero(t.s, t.cap);
	}
	free(t.s);
}

/* ---------------------------------------------------------------- words for people */

void pattern_human_day(const char *day, char *out, size_t cap)
{
	int32_t z;

	if (day && pt_parse_day(day, &z))
		pt_human_day(z, out, cap);
	else
		snprintf(out, cap, "%s", day ? day : "");
}

/* How often two things go together, in words: of the entries with the rarer of the two,
 * how many have both. */
static const char *together_words(unsigned count, unsigned of)
{
	double r = of ? (double)count / of : 0;

	if (r >= 0.9 - EPS)
		return _("almost always together");
	if (r >= 0.6 - EPS)
		return _("often together");
	return _("together more than chance would give");
}

void pattern_pair_name(const pattern_pair *pp, char *out, size_t cap)
{
	/* TRANSLATORS: two feelings or themes named together: "fear and removal". */
	snprintf(out, cap, _("%s and %s"), prompts_word_shown(pp->a), prompts_word_shown(pp->b));
}

void pattern_pair_words(const pattern_pair *pp, char *out, size_t cap)
{
	unsigned of = pp->a_count < pp->b_count ? pp->a_count : pp->b_count;

	/* TRANSLATORS: "almost always together (13 of 13)": 13 entries with both, of the 13 with
	 * the rarer of the two. */
	snprintf(out, cap, _("%s (%u of %u)"), together_words(pp->count, of), pp->count, of);
}

void pattern_assoc_name(const pattern_assoc *as, char *out, size_t cap)
{
	snprintf(out, cap,
		 as->with == PATTERN_WITH_FAMILY ? _("%s with family %s") : _("%s on %s"),
		 prompts_word_shown(as->label), prompts_word_shown(as->value));
}

void pattern_assoc_words(const pattern_assoc *as, char *out, size_t cap)
{
	unsigned of = as->label_count < as->value_count ? as->label_count : as->value_count;

	snprintf(out, cap, _("%s (%u of %u)"), together_words(as->count, of), as->count, of);
}

void pattern_group_words(const pattern_act_group *g, char *out, size_t cap)
{
	snprintf(out, cap,
		 ngettext("%s: %.1f on average over %u entry", "%s: %.1f on average over %u entries",
			  g->n),
		 prompts_word_shown(g->name), g->mean, g->n);
}

bool pattern_activation_sentence(const pattern_report *r, bool family, char *out, size_t cap)
{
	const pattern_act_group *g = family ? r->act_families : r->act_vtypes;
	size_t n = family ? r->nact_families : r->nact_vtypes;

	out[0] = '\0';
	/* Said only when it stands out: a point above the others, and beyond chance. */
	if (n == 0 || g[0].others_n == 0 || g[0].mean < g[0].others_mean + 1.0 - EPS ||
	    g[0].q > r->fdr + 1e-12)
		return false;
	if (family && r->subject)
		snprintf(out, cap,
			 _("Visits with %s stir %s most: %.1f on average over %u visits (others "
			   "%.1f)."),
			 g[0].name, r->subject, g[0].mean, g[0].n, g[0].others_mean);
	else if (family)
		snprintf(out, cap,
			 _("Visits with %s stir you most: %.1f on average over %u visits (others "
			   "%.1f)."),
			 g[0].name, g[0].mean, g[0].n, g[0].others_mean);
	else if (r->subject)
		snprintf(out, cap,
			 _("Of the kinds of visit, %s stirs %s most: %.1f on average over %u "
			   "(others %.1f)."),
			 prompts_word_shown(g[0].name), r->subject, g[0].mean, g[0].n,
			 g[0].others_mean);
	else
		snprintf(out, cap,
			 _("Of the kinds of visit, %s stirs you most: %.1f on average over %u "
			   "(others %.1f)."),
			 prompts_word_shown(g[0].name), g[0].mean, g[0].n, g[0].others_mean);
	return true;
}

void pattern_activation_none(const pattern_report *r, bool family, char *out, size_t cap)
{
	(void)r;
	snprintf(out, cap, "%s",
		 family ? _("No family stands out beyond chance; by family, highest first:")
			: _("No kind of visit stands out beyond chance; by kind, highest first:"));
}

bool pattern_shift_activation(const pattern_report *r, char *out, size_t cap)
{
	out[0] = '\0';
	if (r->recent.rated == 0 || r->earlier.rated == 0)
		return false;
	snprintf(out, cap,
		 _("activation %.1f on average lately (%u ratings), %.1f before (%u)"),
		 r->recent.act_mean, r->recent.rated, r->earlier.act_mean, r->earlier.rated);
	return true;
}

void pattern_week_axis(const pattern_report *r, size_t from, size_t n, char *out, size_t cap)
{
	char a[32], b[32];
	int wa, wb, gap;

	out[0] = '\0';
	if (n == 0 || from + n > r->nweeks)
		return;
	pattern_human_day(r->weeks[from].monday, a, sizeof(a));
	pattern_human_day(r->weeks[from + n - 1].monday, b, sizeof(b));
	wa = text_width(a);
	wb = text_width(b);
	if (n == 1) {
		snprintf(out, cap, "%s", a);
		return;
	}
	gap = (int)n - wa - wb;
	if (gap < 1)
		gap = 1;
	snprintf(out, cap, "%s%*s%s", a, gap, "", b);
}

void pattern_month_words(const char *month, char *out, size_t cap)
{
	int y = 0, mo = 0;
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(month, "%d-%d", &y, &mo) != 2 || mo < 1 || mo > 12) {
		snprintf(out, cap, "%s", month);
		return;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = 1;
	if (strftime(out, cap, "%b %Y", &tm) == 0)
		snprintf(out, cap, "%s", month);
}

/* ---------------------------------------------------------------- the text */

/* "  and 12 more" */
static void sb_more(sbuf *b, size_t more)
{
	if (more > 0)
		sb_printf(b, _("  and %zu more\n"), more);
}

static void text_weeks(sbuf *b, const pattern_report *r, int width)
{
	size_t show = (size_t)(width - 4), from;
	double *v;
	char *line;
	size_t cap;
	unsigned most = 0;
	char d1[32], d2[32], axis[512];

	if (r->nweeks == 0)
		return;
	if (show > r->nweeks)
		show = r->nweeks;
	from = r->nweeks - show;
	v = malloc(show * sizeof(*v));
	cap = show * 3 + 1;
	line = malloc(cap);
	if (v == NULL || line == NULL) {
		b->failed = true;
		goto out;
	}
	pattern_human_day(r->weeks[from].monday, d1, sizeof(d1));
	pattern_human_day(r->weeks[r->nweeks - 1].monday, d2, sizeof(d2));
	pattern_week_axis(r, from, show, axis, sizeof(axis));
	for (size_t i = 0; i < show; i++)
		if (r->weeks[from + i].entries > most)
			most = r->weeks[from + i].entries;
	for (size_t i = 0; i < show; i++)
		v[i] = r->weeks[from + i].entries ? (double)r->weeks[from + i].entries : -1.0;
	pattern_sparkline(v, show, most, line, cap);
	sb_line(b, 0, width, _("Entries each week, from the week of %s to the week of %s (the "
			       "tallest bar: %u)"),
		d1, d2, most);
	sb_printf(b, "  %s\n", line);
	for (size_t i = 0; i < show; i++)
		v[i] = r->weeks[from + i].n ? r->weeks[from + i].mean : -1;
	pattern_sparkline(v, show, 10, line, cap);
	{
		bool rated = false;
		for (size_t i = 0; i < show; i++)
			rated |= v[i] >= 0;
		sb_printf(b, "%s\n", _("Activation, the average of each week (\xe2\x96\x81 is 0, "
				       "\xe2\x96\x88 is 10)"));
		sb_printf(b, "  %s\n", rated ? line : _("no ratings in these weeks"));
		sb_printf(b, "  %s\n", axis);
	}
	for (size_t i = r->nweeks; i > 0; i--) {
		const pattern_week *w = &r->weeks[i - 1];
		char d[32];
		if (w->n == 0)
			continue;
		pattern_human_day(w->monday, d, sizeof(d));
		sb_line(b, 2, width,
			ngettext("the last week with ratings, the week of %s: %.1f on average, %u rating",
				 "the last week with ratings, the week of %s: %.1f on average, %u ratings",
				 w->n),
			d, w->mean, w->n);
		break;
	}
out:
	free(v);
	free(line);
}

static void text_together(sbuf *b, const pattern_report *r, int width)
{
	char name[512], words[256];

	sb_printf(b, "\n%s\n", _("Often together, beyond chance (strongest first)"));
	for (size_t i = 0; i < r->npairs && i < PATTERN_FIRST_PAIRS; i++) {
		pattern_pair_name(&r->pairs[i], name, sizeof(name));
		pattern_pair_words(&r->pairs[i], words, sizeof(words));
		sb_line(b, 2, width, "%s: %s", name, words);
	}
	sb_more(b, r->npairs > PATTERN_FIRST_PAIRS ? r->npairs - PATTERN_FIRST_PAIRS : 0);
	for (size_t i = 0; i < r->nassocs && i < PATTERN_FIRST_ASSOCS; i++) {
		pattern_assoc_name(&r->assocs[i], name, sizeof(name));
		pattern_assoc_words(&r->assocs[i], words, sizeof(words));
		sb_line(b, 2, width, "%s: %s", name, words);
	}
	sb_more(b, r->nassocs > PATTERN_FIRST_ASSOCS ? r->nassocs - PATTERN_FIRST_ASSOCS : 0);
	if (r->npairs + r->nassocs == 0)
		sb_printf(b, "  %s\n", _("nothing goes together more than chance would give, yet"));
	sodium_memzero(name, sizeof(name));
}

static void text_activation(sbuf *b, const pattern_report *r, int width)
{
	char s[1024];

	sb_printf(b, "\n%s\n", _("Activation by family and kind of visit"));
	for (int fam = 1; fam >= 0; fam--) {
		const pattern_act_group *g = fam ? r->act_families : r->act_vtypes;
		size_t n = fam ? r->nact_families : r->nact_vtypes, from = 0;
		if (pattern_activation_sentence(r, fam, s, sizeof(s))) {
			sb_line(b, 2, width, "%s", s);
			from = 1;
		} else if (n > 0) {
			pattern_activation_none(r, fam, s, sizeof(s));
			sb_line(b, 2, width, "%s", s);
		}
		for (size_t i = from; i < n && i < from + 4; i++) {
			pattern_group_words(&g[i], s, sizeof(s));
			sb_line(b, 4, width, "%s", s);
		}
		sb_more(b, n > from + 4 ? n - from - 4 : 0);
	}
	if (r->nact_families + r->nact_vtypes == 0)
		sb_printf(b, "  %s\n", _("no family or kind of visit has three ratings yet"));
}

void pattern_entries_words(size_t n, char *out, size_t cap)
{
	snprintf(out, cap, ngettext("%zu entry", "%zu entries", n), n);
}

static void text_shift(sbuf *b, const pattern_report *r, int width)
{
	char d1[32], d2[32], d3[32], d4[32], act[256];
	size_t shown = 0, worth = 0;

	pattern_human_day(r->recent.since, d1, sizeof(d1));
	pattern_human_day(r->recent.until, d2, sizeof(d2));
	pattern_human_day(r->earlier.since, d3, sizeof(d3));
	pattern_human_day(r->earlier.until, d4, sizeof(d4));
	char n1[48], n2[48];
	pattern_entries_words(r->recent.entries, n1, sizeof(n1));
	pattern_entries_words(r->earlier.entries, n2, sizeof(n2));
	sb_printf(b, "\n");
	if (*r->earlier.since)
		sb_line(b, 0, width, _("What shifted: %s to %s (%s) against %s to %s (%s)"), d1, d2,
			n1, d3, d4, n2);
	else
		sb_line(b, 0, width, _("What shifted: %s to %s (%s) against the time before (%s)"),
			d1, d2, n1, n2);
	if (r->earlier.entries == 0 || r->recent.entries == 0) {
		sb_line(b, 2, width, "%s",
			_("One of the two periods has no entries, so there is nothing to compare yet."));
		return;
	}
	if (pattern_shift_activation(r, act, sizeof(act)))
		sb_line(b, 2, width, "%s", act);
	for (size_t i = 0; i < r->nshifts; i++)
		if (fabs(r->shifts[i].change) >= 0.03)
			worth++;
	for (size_t i = 0; i < r->nshifts && shown < 6; i++) {
		const pattern_shift *s = &r->shifts[i];
		if (fabs(s->change) < 0.03)
			continue; /* less than 3 points: not a shift worth naming */
		sb_line(b, 2, width,
			s->change > 0 ? _("more %s: in %u of %zu entries lately, %u of %zu before")
				      : _("less %s: in %u of %zu entries lately, %u of %zu before"),
			prompts_word_shown(s->name), s->recent, r->recent.entries, s->earlier,
			r->earlier.entries);
		shown++;
	}
	sb_more(b, worth - shown);
	if (worth == 0)
		sb_printf(b, "  %s\n", _("no feeling or theme stands out"));
}

static void text_labels(sbuf *b, const char *title, const pattern_label *l, size_t n,
			int width)
{
	int col = 0;

	sb_printf(b, "\n%s\n", title);
	for (size_t i = 0; i < n && i < PATTERN_FIRST_LABELS * 2; i++) {
		char item[600];
		int w;
		snprintf(item, sizeof(item), "%s %u", prompts_word_shown(l[i].name), l[i].count);
		w = text_width(item) + 2;
		if (col > 0 && col + w > width - 2) {
			sb_printf(b, "\n");
			col = 0;
		}
		sb_printf(b, "%s%s", col ? ", " : "  ", item);
		col += w;
	}
	if (col)
		sb_printf(b, "\n");
	sb_more(b, n > PATTERN_FIRST_LABELS * 2 ? n - PATTERN_FIRST_LABELS * 2 : 0);
	if (n == 0)
		sb_printf(b, "  %s\n", _("none named yet"));
}

static void text_words(sbuf *b, const pattern_report *r, int width)
{
	char d[32];

	sb_printf(b, "\n");
	pattern_human_day(r->words_since, d, sizeof(d));
	if (r->words_entries < r->entries)
		sb_line(b, 0, width,
			_("Words and phrases worth reading (in the newest %zu reflections, since %s)"),
			r->words_entries, d);
	else
		sb_printf(b, "%s\n", _("Words and phrases worth reading"));
	for (size_t i = 0; i < r->nwords; i++)
		sb_line(b, 2, width,
			ngettext("\xe2\x80\x9c%s\xe2\x80\x9d in %u entry",
				 "\xe2\x80\x9c%s\xe2\x80\x9d in %u entries", r->words[i].docs),
			r->words[i].word, r->words[i].docs);
	if (r->nwords == 0)
		sb_printf(b, "  %s\n", _("nothing recurs yet"));
}

static void text_practice(sbuf *b, const pattern_report *r, int width)
{
	sb_printf(b, "\n%s\n", _("Practice over time"));
	sb_wrap(b, pattern_practice_question(), 2, width);
	for (size_t i = 0; i < r->npractice; i++) {
		const pattern_practice_month *m = &r->practice[i];
		char name[64];
		pattern_month_words(m->month, name, sizeof(name));
		sb_line(b, 4, width,
			ngettext("%s: %.1f out of 10 (%u answer)", "%s: %.1f out of 10 (%u answers)",
				 m->n),
			name, m->mean, m->n);
	}
	if (r->npractice == 0)
		sb_line(b, 2, width, "%s",
			_("no answers yet: 'reflect practice N' records one (0 to 10), at most once a "
			  "month"));
}

char *pattern_to_text(const pattern_report *r, int width)
{
	sbuf b = {0};
	char d1[32], d2[32];

	if (width < 40)
		width = 40;
	if (width > 200)
		width = 200;
	pattern_human_day(r->first, d1, sizeof(d1));
	pattern_human_day(r->last, d2, sizeof(d2));
	if (r->entries > 0 && r->subject)
		sb_line(&b, 0, width,
			ngettext("Review of %s's reflections: %zu entry, %s to %s",
				 "Review of %s's reflections: %zu entries, %s to %s", r->entries),
			r->subject, r->entries, d1, d2);
	else if (r->entries > 0)
		sb_line(&b, 0, width,
			ngettext("Review: %zu entry, %s to %s", "Review: %zu entries, %s to %s",
				 r->entries),
			r->entries, d1, d2);
	else
		sb_printf(&b, "%s\n", _("Review: 0 entries"));
	sb_printf(&b, "\n");
	if (r->entries == 0) {
		sb_printf(&b, "%s\n", _("There are no entries here yet."));
		goto out;
	}
	/* The pane's order. */
	text_weeks(&b, r, width);
	text_together(&b, r, width);
	text_activation(&b, r, width);
	text_shift(&b, r, width);

	sb_printf(&b, "\n%s\n", _("Self-care"));
	sb_wrap(&b, r->self_care.why ? r->self_care.why : "", 2, width);

	sb_printf(&b, "\n");
	sb_printf(&b, _("Open questions for supervision (%zu)\n"), r->nquestions);
	for (size_t i = 0; i < r->nquestions && i < 10; i++) {
		const pattern_question *q = &r->questions[i];
		char head[256], day[32]; /* a name is at most IDENTITY_NAME_MAX bytes */
		pattern_human_day(q->day, day, sizeof(day));
		/* whose it is, where the entries are someone else's ("Ana #7") */
		snprintf(head, sizeof(head), "  %s%s#%lld %s  ", q->author ? q->author : "",
			 q->author ? " " : "", (long long)q->entry, day);
		sb_printf(&b, "%s", head);
		sb_cut(&b, q->text, width - text_width(head));
		sb_printf(&b, "\n");
	}
	sb_more(&b, r->nquestions > 10 ? r->nquestions - 10 : 0);

	text_words(&b, r, width);
	text_labels(&b, _("Feelings (entries naming each)"), r->emotions, r->nemotions, width);
	text_labels(&b, _("Themes (entries naming each)"), r->themes, r->nthemes, width);

	/* the practice check-in is the journal's own: a review of what others shared never
	 * shows the reader's own answers, nor asks them about "your practice" */
	if (r->subject == NULL)
		text_practice(&b, r, width);

	if (r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		if (v->author != NULL)
			sb_printf(&b, _("\nHolding past moments in mind (for %s #%lld)\n"), v->author,
				  (long long)v->entry);
		else
			sb_printf(&b, _("\nHolding past moments in mind (for entry #%lld)\n"),
				  (long long)v->entry);
		if (v->family.name)
			sb_revisit(&b, v->author, _("family "), v->family.name, v->family.ids,
				   v->family.total, width);
		for (size_t i = 0; i < v->nemotions; i++)
			sb_revisit(&b, v->author, "", prompts_word_shown(v->emotions[i].name),
				   v->emotions[i].ids, v->emotions[i].total, width);
		if (v->family.name == NULL && v->nemotions == 0)
			sb_printf(&b, _("  it names no family or feelings to look back by\n"));
	}
out:
	if (b.failed) {
		if (b.s)
			sodium_memzero(b.s, b.cap);
		free(b.s);
		return NULL;
	}
	if (b.s == NULL)
		return pt_xstrdup("");
	return b.s;
}
