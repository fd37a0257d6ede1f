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

/* s cut to cols display columns and padded with spaces to exactly cols. */
static void sb_cell(sbuf *b, const char *s, int cols)
{
	char *cut = text_excerpt(s, cols);
	int w;

	if (cut == NULL) {
		b->failed = true;
		return;
	}
	w = text_width(cut);
	sb_printf(b, "%s%*s", cut, cols > w ? cols - w : 0, "");
	pt_wipe_free(&cut);
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

static void sb_idlist(sbuf *b, const pattern_ids *ids, size_t max)
{
	int64_t *v = NULL;
	size_t n = 0;

	if (pattern_ids_get(ids, &v, &n) != RF_OK) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < n && i < max; i++)
		sb_printf(b, "%s#%lld", i ? " " : "", (long long)v[i]);
	if (n > max)
		sb_printf(b, " and %zu more", n - max);
	free(v);
}

static void sb_revisit(sbuf *b, const char *what, const char *name, const pattern_ids *ids,
		       int width)
{
	sbuf t = {0};

	sb_printf(&t, "%s%s: ", what, name);
	if (pattern_ids_count(ids))
		sb_idlist(&t, ids, 8);
	else
		sb_printf(&t, "%s", _("no earlier entries"));
	if (t.failed) {
		b->failed = true;
	} else {
		sb_wrap(b, t.s, 2, width);
		sodium_memzero(t.s, t.cap);
	}
	free(t.s);
}

static void text_weeks(sbuf *b, const pattern_report *r, int width)
{
	size_t show = (size_t)(width - 2), from;
	double *v;
	char *line;
	size_t cap;
	unsigned most = 0;

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
	for (size_t i = 0; i < show; i++)
		if (r->weeks[from + i].entries > most)
			most = r->weeks[from + i].entries;
	for (size_t i = 0; i < show; i++)
		v[i] = r->weeks[from + i].entries ? (double)r->weeks[from + i].entries : -1.0;
	pattern_sparkline(v, show, most, line, cap);
	sb_line(b, 0, width, _("Entries per week, %s to %s (most in a week: %u)"),
		r->weeks[from].week, r->weeks[r->nweeks - 1].week, most);
	sb_printf(b, "  %s\n", line);
	for (size_t i = 0; i < show; i++)
		v[i] = r->weeks[from + i].n ? r->weeks[from + i].mean : -1;
	pattern_sparkline(v, show, 10, line, cap);
	{
		bool rated = false;
		for (size_t i = 0; i < show; i++)
			rated |= v[i] >= 0;
		sb_printf(b, _("Activation, weekly mean (0 to 10)\n  %s\n"),
			  rated ? line : _("no ratings in these weeks"));
	}
	for (size_t i = r->nweeks; i > 0; i--) {
		const pattern_week *w = &r->weeks[i - 1];
		if (w->n == 0)
			continue;
		sb_line(b, 2, width,
			ngettext("last rated week %s: mean %.1f, spread %.1f, %u rating",
				 "last rated week %s: mean %.1f, spread %.1f, %u ratings", w->n),
			w->week, w->mean, w->sd, w->n);
		break;
	}
out:
	free(v);
	free(line);
}

char *pattern_to_text(const pattern_report *r, int width)
{
	sbuf b = {0};
	int half, namew;
	size_t rows;

	if (width < 40)
		width = 40;
	if (width > 200)
		width = 200;
	half = width / 2;
	if (r->entries > 0)
		sb_line(&b, 0, width,
			ngettext("Review: %zu entry, %s to %s", "Review: %zu entries, %s to %s",
				 r->entries),
			r->entries, r->first, r->last);
	else
		sb_printf(&b, _("Review: 0 entries\n"));
	sb_printf(&b, "\n");
	if (r->entries == 0) {
		sb_printf(&b, _("There are no entries here yet.\n"));
		goto out;
	}
	text_weeks(&b, r, width);

	sb_printf(&b, "\n");
	sb_cell(&b, _("Emotions"), half);
	sb_printf(&b, _("Themes\n"));
	namew = half - 8;
	rows = r->nemotions > r->nthemes ? r->nemotions : r->nthemes;
	if (rows > 8)
		rows = 8;
	if (rows == 0)
		sb_printf(&b, _("  none named yet\n"));
	for (size_t i = 0; i < rows; i++) {
		sb_printf(&b, "  ");
		if (i < r->nemotions) {
			sb_cell(&b, prompts_word_shown(r->emotions[i].name), namew);
			sb_printf(&b, "%4u  ", r->emotions[i].count);
		} else {
			sb_printf(&b, "%*s", namew + 6, "");
		}
		if (i < r->nthemes) {
			sb_cell(&b, prompts_word_shown(r->themes[i].name), width - half - 8);
			sb_printf(&b, "%4u", r->themes[i].count);
		}
		sb_printf(&b, "\n");
	}

	sb_printf(&b, "\n");
	if (*r->earlier.since)
		sb_line(&b, 0, width, _("What shifted: %s to %s (%zu %s) against %s to %s (%zu)"),
			r->recent.since, r->recent.until, r->recent.entries,
			ngettext("entry", "entries", r->recent.entries), r->earlier.since,
			r->earlier.until, r->earlier.entries);
	else
		sb_line(&b, 0, width, _("What shifted: %s to %s (%zu %s) against before (%zu)"),
			r->recent.since, r->recent.until, r->recent.entries,
			ngettext("entry", "entries", r->recent.entries), r->earlier.entries);
	if (r->earlier.entries == 0 || r->recent.entries == 0) {
		sb_line(&b, 2, width, _("One of the two periods has no entries, so there is nothing "
				      "to compare yet."));
	} else {
		size_t shown = 0;
		for (size_t i = 0; i < r->nshifts && shown < 6; i++) {
			const pattern_shift *s = &r->shifts[i];
			if (fabs(s->change) < 0.03)
				continue; /* less than 3 points: not a shift worth naming */
			sb_printf(&b, "  %s ", s->change > 0 ? _("more") : _("less"));
			sb_cell(&b, prompts_word_shown(s->name), width - 36);
			sb_printf(&b, _(" %3.0f%% of entries, was %3.0f%%\n"), s->recent_share * 100,
				  s->earlier_share * 100);
			shown++;
		}
		if (shown == 0)
			sb_printf(&b, _("  nothing stands out\n"));
	}

	sb_printf(&b, _("\nOften together, more than chance\n"));
	for (size_t i = 0; i < r->npairs && i < 6; i++) {
		char both[256];
		snprintf(both, sizeof(both), "%s + %s", prompts_word_shown(r->pairs[i].a),
			 prompts_word_shown(r->pairs[i].b));
		sb_printf(&b, "  ");
		sb_cell(&b, both, width - 30);
		sb_printf(&b, _(" %4u entries, lift %.1f\n"), r->pairs[i].count, r->pairs[i].lift);
	}
	if (r->npairs == 0)
		sb_printf(&b, _("  nothing yet\n"));
	for (size_t i = 0; i < r->nassocs && i < 6; i++) {
		char both[256];
		snprintf(both, sizeof(both),
			 r->assocs[i].with == PATTERN_WITH_FAMILY ? _("%s with family %s")
								  : _("%s with visit type %s"),
			 prompts_word_shown(r->assocs[i].label), prompts_word_shown(r->assocs[i].value));
		sb_printf(&b, "  ");
		sb_cell(&b, both, width - 30);
		sb_printf(&b, _(" %4u entries, lift %.1f\n"), r->assocs[i].count, r->assocs[i].lift);
	}

	sb_printf(&b, "\n");
	if (r->words_entries < r->entries)
		sb_line(&b, 0, width,
			_("Words and phrases that keep coming back (in the newest %zu reflections, "
			"since %s)"),
			r->words_entries, r->words_since);
	else
		sb_printf(&b, _("Words and phrases that keep coming back\n"));
	{
		int col = 0;
		for (size_t i = 0; i < r->nwords; i++) {
			int w = text_width(r->words[i].word) + 2;
			if (col > 0 && col + w > width - 2) {
				sb_printf(&b, "\n");
				col = 0;
			}
			sb_printf(&b, "%s%s", col ? ", " : "  ", r->words[i].word);
			col += w;
		}
		sb_printf(&b, "%s", col ? "\n" : _("  nothing yet\n"));
	}

	sb_printf(&b, _("\nOpen questions for supervision (%zu)\n"), r->nquestions);
	for (size_t i = 0; i < r->nquestions && i < 10; i++) {
		char head[40];
		snprintf(head, sizeof(head), "  #%lld %s  ", (long long)r->questions[i].entry,
			 r->questions[i].day);
		sb_printf(&b, "%s", head);
		sb_cut(&b, r->questions[i].text, width - (int)strlen(head));
		sb_printf(&b, "\n");
	}
	if (r->nquestions > 10)
		sb_printf(&b, _("  and %zu more\n"), r->nquestions - 10);

	sb_printf(&b, _("\nSelf-care\n"));
	sb_wrap(&b, r->self_care.why ? r->self_care.why : "", 2, width);

	if (r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		sb_printf(&b, _("\nHolding past moments in mind (for entry #%lld)\n"),
			  (long long)v->entry);
		if (v->family.name)
			sb_revisit(&b, _("family "), v->family.name, v->family.ids, width);
		for (size_t i = 0; i < v->nemotions; i++)
			sb_revisit(&b, "", v->emotions[i].name, v->emotions[i].ids, width);
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
