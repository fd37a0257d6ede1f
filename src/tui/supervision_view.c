/* supervision_view.c - the supervision screen ('s' on the home list): your supervision hours
 * and log, what is marked for supervision, what was shared and received, the responses you
 * got; and, for a supervisor, each supervisee's shared entries with a response editor. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/dates.h"
#include "reflect/export.h"
#include "reflect/i18n.h"
#include "reflect/pattern.h"
#include "reflect/share.h"
#include "reflect/supervision.h"
#include "reflect/sync.h"
#include "reflect/text.h"
#include "reflect/unread.h"
#include "reflect/ui_screen.h"
#include "reflect/ui_scroll.h"

typedef enum srow_kind {
	ROW_HEADING, /* a section title */
	ROW_TEXT,    /* a line to read */
	ROW_ADD,     /* log a session */
	ROW_ENTRY,   /* one of your entries: Enter opens it */
	ROW_HELD,    /* an entry a supervisee shared: Enter reads it, r responds */
	ROW_PATTERNS, /* the review pane's patterns over what a supervisee shared */
	ROW_QUESTION, /* an open question in a shared entry: Enter reads the entry */
} srow_kind;

typedef struct srow {
	srow_kind kind;
	char *text;
	int64_t id;
	ui_role role;
} srow;

typedef struct sview {
	srow *v;
	size_t n, cap;
	ui_scroll sc; /* LIST over v: the selectable rows */
	bool failed;
	strlist names;    /* the supervisees, for ROW_PATTERNS (id is the index) */
	int64_t *flagged; /* ids of entries marked for supervision */
	size_t nflagged, flagcap;
} sview;

/* "peer group supervision" and the like, in the language in force. */
static const char *kind_phrase(bool peer, bool group)
{
	if (peer)
		return group ? _("peer group supervision") : _("peer individual supervision");
	return group ? _("group supervision") : _("individual supervision");
}

static void sview_clear(sview *s)
{
	for (size_t i = 0; i < s->n; i++)
		ui_free_text(&s->v[i].text);
	free(s->v);
	free(s->flagged);
	strlist_clear(&s->names);
	memset(s, 0, sizeof *s);
}

static void add_row(sview *s, srow_kind kind, ui_role role, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_row(sview *s, srow_kind kind, ui_role role, int64_t id, const char *fmt, ...)
{
	va_list ap;
	char *t;
	int n;

	if (s->failed)
		return;
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 32;
		srow *nv = nc > SIZE_MAX / sizeof *nv ? NULL : realloc(s->v, nc * sizeof *nv);
		if (nv == NULL) {
			s->failed = true;
			return;
		}
		s->v = nv;
		s->cap = nc;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	t = n < 0 ? NULL : malloc((size_t)n + 1);
	if (t == NULL) {
		s->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->v[s->n++] = (srow){kind, t, id, role};
}

/* Take back the rows from at on (a section with nothing in it for this person). */
static void rows_truncate(sview *s, size_t at)
{
	while (s->n > at)
		ui_free_text(&s->v[--s->n].text);
}

static bool selectable(const srow *r)
{
	return r->kind == ROW_ADD || r->kind == ROW_ENTRY || r->kind == ROW_HELD ||
	       r->kind == ROW_PATTERNS || r->kind == ROW_QUESTION;
}

static bool row_choosable(void *ctx, size_t i)
{
	return selectable(&((sview *)ctx)->v[i]);
}

static void row_draw(ui *u, void *ctx, size_t i, int y, bool chosen)
{
	const srow *r = &((sview *)ctx)->v[i];
	int indent = r->kind == ROW_HEADING ? 0 : 2;

	if (chosen)
		ui_fill(u, y, 1, UI_SELECTED);
	ui_put_cut(u, y, 2 + indent, u->cols - 4 - indent, r->text, chosen ? UI_SELECTED : r->role);
}

/* A local day as the lists show it ("Wed 2 Dec", "2 Dec 2025"). */
static void day_of(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char iso[11];

	if (localtime_r(&tt, &tm) == NULL || strftime(iso, sizeof iso, "%Y-%m-%d", &tm) == 0)
		snprintf(out, cap, "-");
	else
		dates_human_day_short(iso, time(NULL), out, cap);
}

/* A list's day padded to the widest short day ("Mon 9 Nov" as wide as "Mon 19 Nov"), so that
 * what follows it lines up. */
static void day_col(const char *iso, char *out, size_t cap)
{
	size_t n;

	dates_human_day_short(iso, time(NULL), out, cap);
	n = strlen(out);
	for (int w = text_width(out); w >= 0 && w < 10 && n + 1 < cap; w++) {
		out[n++] = ' ';
		out[n] = '\0';
	}
}

static const char *hours(long minutes, char buf[32])
{
	supervision_format_hours(minutes, buf);
	return buf;
}

static const char *first_words(const entry *e)
{
	return entry_first_words(e);
}

static void entry_line(sview *s, srow_kind kind, int64_t id, const entry *e, const char *after)
{
	char iso[11], day[64], *ex = text_excerpt(first_words(e), 46);

	entry_day(e, iso);
	day_col(iso, day, sizeof day);
	add_row(s, kind, UI_NORMAL, id, "%s  %s%s", day, ex ? ex : "", after);
	free(ex);
}

static int name_cmp(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* Does a shared entry wait for the supervisor: not answered yet, or a reply came after? */
static bool held_waiting(const share_held *h)
{
	return h->nresponses == 0 || h->reply_waiting;
}

/* A shared entry in the inbox: its author's number, a mark for a safety concern. */
static void held_line(sview *s, const share_held *h, const char *after)
{
	char iso[11], day[64], *ex = text_excerpt(first_words(h->e), 40);

	entry_day(h->e, iso);
	day_col(iso, day, sizeof day);
	add_row(s, ROW_HELD, h->e->safety_concern ? UI_WARN : UI_NORMAL, h->item,
		"%s%s  #%lld  %s%s", h->e->safety_concern ? _("(!) SAFETY CONCERN  ") : "", day,
		(long long)h->entry_id, ex ? ex : "", after);
	free(ex);
}

struct own_ctx {
	sview *s;
	bool responses; /* listing responses (else flagged entries) */
	size_t count;
	const int64_t *unread; /* entries holding a response not read yet (unread.h) */
	size_t nunread;
};

static bool is_unread(const struct own_ctx *c, int64_t id)
{
	for (size_t i = 0; i < c->nunread; i++)
		if (c->unread[i] == id)
			return true;
	return false;
}

static int own_visit(const entry *e, void *ctx)
{
	struct own_ctx *c = ctx;

	if (c->responses) {
		char after[160];
		size_t len;
		if (e->nresponses == 0)
			return 0;
		snprintf(after, sizeof after, _("  · from %s%s"),
			 e->responses[e->nresponses - 1].from ? e->responses[e->nresponses - 1].from : "",
			 e->nresponses > 1 ? _(" and more") : "");
		/* as on the home: a response that came and was not read since (opening the
		 * entry reads it) */
		len = strlen(after);
		if (is_unread(c, e->id) && len < sizeof after)
			snprintf(after + len, sizeof after - len, " %s", _("· new response"));
		entry_line(c->s, ROW_ENTRY, e->id, e, after);
	} else {
		int64_t *p;
		entry_line(c->s, ROW_ENTRY, e->id, e, "");
		if (c->s->nflagged == c->s->flagcap) {
			size_t nc = c->s->flagcap ? c->s->flagcap * 2 : 16;
			p = nc > SIZE_MAX / sizeof *p ? NULL : realloc(c->s->flagged, nc * sizeof *p);
			if (p == NULL) {
				c->s->failed = true;
				return 1;
			}
			c->s->flagged = p;
			c->s->flagcap = nc;
		}
		c->s->flagged[c->s->nflagged++] = e->id;
	}
	c->count++;
	return 0;
}

static void load_hours(ui *u, sview *s)
{
	supervision_hours h;
	supervision_session *v = NULL;
	size_t n = 0;
	char a[32], b[32];

	add_row(s, ROW_HEADING, UI_HEADING, 0, _("Reflective supervision"));
	if (supervision_hours_in(u->j, NULL, 1, &h) == RF_OK) {
		long need_low = SUPERVISION_THRESHOLD_LOW * 60L - h.counted_minutes;
		long need_high = SUPERVISION_THRESHOLD_HIGH * 60L - h.counted_minutes;
		add_row(s, ROW_TEXT, UI_NORMAL, 0, ngettext("Last 12 months: %s hours in %zu session",
			 "Last 12 months: %s hours in %zu sessions", h.sessions),
			hours(h.counted_minutes, a), h.sessions);
		add_row(s, ROW_TEXT, UI_NORMAL, 0, _("24 hours: %s%s  ·  50 hours: %s%s"),
			need_low > 0 ? hours(need_low, a) : _("reached"), need_low > 0 ? _(" to go") : "",
			need_high > 0 ? hours(need_high, b) : _("reached"), need_high > 0 ? _(" to go") : "");
		add_row(s, ROW_TEXT, UI_HINT, 0, _("Peer supervision is kept in the log but does not count."));
		if (h.provided_sessions) /* a supervisor's own log: what they gave */
			add_row(s, ROW_TEXT, UI_HINT, 0,
				ngettext("Given to others: %s hours in %zu session (not counted above)",
					 "Given to others: %s hours in %zu sessions (not counted above)",
					 h.provided_sessions),
				hours(h.provided_minutes, a), h.provided_sessions);
	}
	if (supervision_list(u->j, &v, &n) == RF_OK) {
		for (size_t i = n > 3 ? n - 3 : 0; i < n; i++) {
			char day[64];
			day_col(v[i].date, day, sizeof day);
			add_row(s, ROW_TEXT, UI_NORMAL, 0, _("%s  %d min  %s%s%s%s"), day,
				v[i].minutes, kind_phrase(v[i].peer, v[i].format == SUPERVISION_GROUP),
				v[i].setting == SUPERVISION_CONSULTANT ? _(", consultant") : "",
				v[i].provider ? ", " : "", v[i].provider ? v[i].provider : "");
		}
		supervision_list_free(&v, n);
	}
	add_row(s, ROW_ADD, UI_NORMAL, 0, _("+ log a supervision session"));
}

static void load(ui *u, sview *s)
{
	size_t keep = s->sc.sel, top = s->sc.top;
	entry_filter f;
	struct own_ctx c;
	share_log_entry *log = NULL;
	size_t nlog = 0;
	int64_t *unread = NULL;

	size_t at;
	bool supervisor = false;

	sview_clear(s);
	if (share_supervisees(u->j, &s->names) == RF_OK)
		supervisor = s->names.n > 0;
	load_hours(u, s);

	/* a practitioner's sections; a supervisor sees them only when they hold something */
	bool hide_empty = supervisor;
	at = s->n;
	add_row(s, ROW_HEADING, UI_HEADING, 0, _("Marked for supervision"));
	memset(&f, 0, sizeof f);
	f.flagged = true;
	c = (struct own_ctx){s, false, 0, NULL, 0};
	if (journal_each(u->j, &f, true, own_visit, &c) == RF_OK && c.count == 0) {
		add_row(s, ROW_TEXT, UI_HINT, 0,
			_("Nothing yet. \"Bring this to supervision\" (Be Curious step) marks one."));
		if (hide_empty)
			rows_truncate(s, at);
	}

	add_row(s, ROW_HEADING, UI_HEADING, 0, _("Shared and received"));
	if (share_log(u->j, &log, &nlog) == RF_OK) {
		for (size_t i = 0; i < nlog; i++) {
			char day[64];
			const char *fmt;
			unsigned long k = (unsigned long)log[i].count;
			day_of(log[i].at, day, sizeof day);
			if (log[i].kind == BUNDLE_ENTRIES)
				fmt = log[i].received
					      ? ngettext("%s  received %zu entry from %s",
							 "%s  received %zu entries from %s", k)
					      : ngettext("%s  shared %zu entry with %s",
							 "%s  shared %zu entries with %s", k);
			else
				fmt = log[i].received
					      ? ngettext("%s  received %zu response from %s",
							 "%s  received %zu responses from %s", k)
					      : ngettext("%s  shared %zu response with %s",
							 "%s  shared %zu responses with %s", k);
			add_row(s, ROW_TEXT, UI_NORMAL, 0, fmt, day, log[i].count, log[i].who);
		}
		if (nlog == 0)
			add_row(s, ROW_TEXT, UI_HINT, 0,
				_("Nothing yet. Share with: reflect share --to NAME --flagged -o FILE"));
		share_log_free(&log, nlog);
	}

	at = s->n;
	add_row(s, ROW_HEADING, UI_HEADING, 0, _("Responses from supervision"));
	memset(&f, 0, sizeof f);
	c = (struct own_ctx){s, true, 0, NULL, 0};
	if (unread_list(u->j, &unread, &c.nunread) != RF_OK)
		c.nunread = 0; /* no marks rather than no responses */
	c.unread = unread;
	if (journal_each(u->j, &f, true, own_visit, &c) == RF_OK && c.count == 0) {
		add_row(s, ROW_TEXT, UI_HINT, 0, _("None yet."));
		if (hide_empty)
			rows_truncate(s, at);
	}
	free(unread);

	if (supervisor) {
		const strlist names = s->names;
		if (names.n > 1) /* one inbox per supervisee, by name */
			qsort(names.v, names.n, sizeof *names.v, name_cmp);
		for (size_t k = 0; k < names.n; k++) {
			share_held *v = NULL;
			size_t n = 0, waiting = 0, nq = 0;
			bool *talked = NULL;
			if (share_held_list(u->j, names.v[k], NULL, &v, &n) != RF_OK)
				continue;
			for (size_t i = 0; i < n; i++)
				waiting += held_waiting(&v[i]);
			add_row(s, ROW_HEADING, UI_HEADING, 0,
				ngettext("Inbox: %s (%zu shared, %zu waiting for you)",
					 "Inbox: %s (%zu shared, %zu waiting for you)", n),
				names.v[k], n, waiting);
			/* a safety concern first, then what waits (new, unanswered, a new reply),
			 * then what is answered */
			for (int pass = 0; pass < 3; pass++)
				for (size_t i = 0; i < n; i++) {
					char after[80] = "";
					bool concern = v[i].e->safety_concern, wait = held_waiting(&v[i]);
					if ((pass == 0) != concern || (pass == 1 && !wait) ||
					    (pass == 2 && wait))
						continue;
					snprintf(after, sizeof after, "%s%s",
						 v[i].reply_waiting
							 ? _("  · new reply")
							 : "",
						 v[i].nresponses ? _("  · answered") : _("  · new"));
					held_line(s, &v[i], after);
				}
			/* open: not answered nor discussed in a session, by the review's rules */
			talked = n ? calloc(n, sizeof *talked) : NULL;
			if (talked != NULL && share_held_discussed(u->j, v, n, talked) != RF_OK)
				for (size_t i = 0; i < n; i++)
					talked[i] = v[i].nresponses > 0;
			for (size_t i = 0; i < n; i++)
				if (!(talked ? talked[i] : v[i].nresponses > 0))
					nq += v[i].e->questions.n;
			if (nq > 0) {
				add_row(s, ROW_HEADING, UI_HEADING, 0,
					ngettext("Open questions %s asked (%zu)",
						 "Open questions %s asked (%zu)", nq),
					names.v[k], nq);
				for (size_t i = 0; i < n; i++)
					for (size_t q = 0;
					     !(talked ? talked[i] : v[i].nresponses > 0) &&
					     q < v[i].e->questions.n;
					     q++)
						add_row(s, ROW_QUESTION, UI_NORMAL, v[i].item,
							_("%s #%lld asked: %s"), v[i].from,
							(long long)v[i].entry_id, v[i].e->questions.v[q]);
			}
			if (n > 0)
				add_row(s, ROW_PATTERNS, UI_NORMAL, (int64_t)k,
					_("review: patterns in what %s shared"), names.v[k]);
			free(talked);
			share_held_list_free(&v, n);
		}
		if (names.n > 1)
			add_row(s, ROW_PATTERNS, UI_NORMAL, -1,
				"%s", _("review: patterns across everyone's shared entries"));
	}
	if (s->failed)
		ui_notef(u, true, _("Not everything could be shown: %s"),
			 _(rf_status_message(RF_ERR_NOMEM)));
	s->sc = (ui_scroll){UI_SCROLL_LIST, s->n, top, keep, 0, 2, 1, s, row_choosable, row_draw};
	if (keep == UI_SCROLL_NONE || keep >= s->n) {
		ui_scroll_first(&s->sc);
	} else {
		while (s->sc.sel < s->n && !selectable(&s->v[s->sc.sel]))
			s->sc.sel++;
		if (s->sc.sel >= s->n)
			ui_scroll_first(&s->sc);
	}
}

static void draw(ui *u, sview *s)
{
	if (!ui_begin_draw(u))
		return;
	ui_title(u, _("reflect  ·  supervision"), "");
	s->sc.h = u->rows - 3;
	ui_scroll_draw(u, &s->sc);
	ui_status(u, _("Enter open · r respond · a log a session · Esc back · x lock · ? help"));
	ui_end_draw(u);
}

/* ---- reading a shared entry ---- */

/* A page's lines (tag: the held entry a line stands for, which Enter opens), and where each
 * such entry's lines begin, with the words that name it ("Ana #7"). */
typedef struct mark {
	size_t line;
	char whose[IDENTITY_NAME_MAX + 24];
} mark;

typedef struct lines {
	ui_lines t;
	mark *m;
	size_t nm, mcap;
	bool failed;
} lines;

static void lines_clear(lines *l)
{
	ui_lines_clear(&l->t);
	free(l->m);
	memset(l, 0, sizeof *l);
}

/* Add text soft-wrapped to width, one line per row. */
static void lines_add(lines *l, const char *text, ui_role role, int width)
{
	ui_lines_wrap(&l->t, text, role, 0, width);
	l->failed = l->failed || l->t.failed;
}

/* The words naming the entry whose lines begin at k, NULL when none begins there. */
static const char *line_whose(const lines *l, size_t k)
{
	for (size_t i = 0; i < l->nm; i++)
		if (l->m[i].line == k)
			return l->m[i].whose;
	return NULL;
}

/* The held entry as lines: who shared it, the entry as 'reflect show' prints it, and the
 * responses written here. */
static void build_held(ui *u, int64_t item, lines *l, int width, char *who, size_t whocap)
{
	share_held h;
	share_message *m = NULL;
	size_t nm = 0;
	char *text = NULL, head[160], day[40];
	size_t tlen = 0;
	FILE *f;

	if (share_held_get(u->j, item, &h) != RF_OK) {
		l->failed = true;
		return;
	}
	snprintf(who, whocap, "%s", h.from);
	cli_local_time(h.received, day);
	snprintf(head, sizeof head, _("%s #%lld, shared by %s, received %s"), h.from,
		 (long long)h.entry_id, h.from, day);
	lines_add(l, head, UI_HINT, width);
	if (h.e->safety_concern)
		lines_add(l, _("(!) MARKED AS A SAFETY CONCERN"), UI_WARN, width);
	f = open_memstream(&text, &tlen);
	if (f != NULL) {
		cli_print_entry(f, h.e);
		fclose(f);
		lines_add(l, text, UI_NORMAL, width);
		sodium_memzero(text, tlen);
		free(text);
	}
	entry_free(&h.e);
	if (share_thread(u->j, item, &m, &nm) == RF_OK) {
		if (nm > 0) {
			lines_add(l, " ", UI_NORMAL, width);
			lines_add(l, _("THREAD"), UI_HEADING, width);
		}
		for (size_t i = 0; i < nm; i++) {
			char when[40];
			cli_local_time(m[i].at, when);
			lines_add(l, " ", UI_NORMAL, width);
			snprintf(head, sizeof head, "%s, %s%s", m[i].mine ? _("You") : m[i].from, when,
				 m[i].mine && !m[i].sent ? _(" (not sent yet)") : "");
			lines_add(l, head, UI_LABEL, width);
			lines_add(l, m[i].text, UI_NORMAL, width);
		}
		share_thread_free(&m, nm);
	}
}

static ui_result respond(ui *u, int64_t item, const char *who);

static const char *const held_help[] = {
	N_("Reading a shared entry"),
	N_("Up/Down, j/k\tscroll"),
	N_("PageUp/PageDown\tscroll by a page"),
	N_("r\twrite a response"),
	N_("Esc, q\tback"),
	N_("x\tlock now"),
	N_("?\tthis help"),
};

static const char *const patterns_help[] = {
	N_("Patterns in what a supervisee shared"),
	N_("Up/Down, j/k\tmove to the next question or entry, or scroll"),
	N_("Enter\topen the chosen question's entry, or the chosen entry"),
	N_("PageUp/PageDown\tscroll by a page"),
	N_("Esc, q\tback"),
	N_("x\tlock now"),
	N_("?\tthis help"),
};

/* What a scrolling page shows: a held entry (item != 0) or the patterns in what `who`
 * shared. */
typedef struct page {
	int64_t item;
	char who[IDENTITY_NAME_MAX + 1];
} page;

/* A line that stands for the held entry h: Enter opens it, the title names it. */
static void lines_add_item(lines *l, const char *text, const share_held *h, int width)
{
	size_t at = l->t.n;

	lines_add(l, text, UI_NORMAL, width);
	for (size_t i = at; i < l->t.n; i++) /* its first line names it; wrapped ones follow */
		l->t.v[i].tag = h->item;
	if (at < l->t.n && l->nm == l->mcap) {
		size_t nc = l->mcap ? l->mcap * 2 : 16;
		mark *nv = realloc(l->m, nc * sizeof *nv);
		if (nv == NULL) {
			l->failed = true;
			return;
		}
		l->m = nv;
		l->mcap = nc;
	}
	if (at < l->t.n) {
		l->m[l->nm].line = at;
		snprintf(l->m[l->nm].whose, sizeof l->m[l->nm].whose, "%s #%lld", h->from,
			 (long long)h->entry_id);
		l->nm++;
	}
}

/* The held entry (among v) an open question of the review is in: by its author and the
 * author's own number (two people's entries may carry the same number). */
static const share_held *question_entry(const share_held *v, size_t n, const pattern_question *q)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].entry_id == q->entry && q->author != NULL &&
		    strcmp(v[i].from, q->author) == 0)
			return &v[i];
	return NULL;
}

/* The patterns of the review pane over the entries `who` shared (everyone's when who is
 * empty): the same call and rules as 'reflect review --shared [--from NAME]'. Its open
 * questions name whose they are and open their entry; the entries it reads follow. */
static void build_patterns(ui *u, const char *who, lines *l, int width)
{
	pattern_opts po;
	pattern *p = NULL;
	const pattern_report *r = NULL;
	entry_filter f;
	char *text = NULL, heading[120];
	share_held *v = NULL;
	size_t n = 0;
	rf_status st;

	memset(&po, 0, sizeof po);
	memset(&f, 0, sizeof f);
	st = share_review(u->j, who[0] ? who : NULL, &f, &po, &p, &r);
	if (st == RF_OK)
		text = pattern_to_text(r, width < 40 ? 40 : width);
	if (st == RF_OK)
		st = share_held_list(u->j, who[0] ? who : NULL, NULL, &v, &n);
	if (text == NULL || st != RF_OK) {
		l->failed = true;
		goto out;
	}
	lines_add(l, who[0] ? who : _("Everyone who shared with you"), UI_HINT, width);
	lines_add(l, _("Ids are each author's own numbers; answered questions are not open. "
		       "Enter on a question or an entry opens it."),
		  UI_HINT, width);
	lines_add(l, " ", UI_NORMAL, width);
	/* the report's text, its open questions (the lines after their heading, as
	 * pattern_to_text writes them) in words that say whose each is */
	snprintf(heading, sizeof heading, _("Open questions for supervision (%zu)\n"), r->nquestions);
	heading[strcspn(heading, "\n")] = '\0';
	for (char *line = text, *next; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lines_add(l, *line ? line : " ", UI_NORMAL, width);
		if (strcmp(line, heading) != 0)
			continue;
		for (size_t i = 0; i < r->nquestions && i < 10 && next != NULL; i++) {
			const pattern_question *q = &r->questions[i];
			const share_held *h = question_entry(v, n, q);
			char day[32], *row = NULL;
			size_t len;
			line = next; /* the report's own line for it, replaced */
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			pattern_human_day(q->day, day, sizeof day);
			len = strlen(q->text) + sizeof day + IDENTITY_NAME_MAX + 40;
			row = malloc(len);
			if (row == NULL) {
				l->failed = true;
				break;
			}
			snprintf(row, len, "  %s #%lld  %s  %s", h ? h->from : "", (long long)q->entry,
				 day, q->text);
			if (h != NULL)
				lines_add_item(l, row, h, width);
			else
				lines_add(l, row, UI_NORMAL, width);
			sodium_memzero(row, len);
			free(row);
		}
	}
	lines_add(l, " ", UI_NORMAL, width);
	snprintf(heading, sizeof heading,
		 ngettext("%zu entry in this review (Enter opens it)",
			  "%zu entries in this review (Enter opens one)", n),
		 n);
	lines_add(l, heading, UI_HEADING, width);
	for (size_t i = 0; i < n; i++) {
		char day[11], *ex = text_excerpt(first_words(v[i].e), 60), row[200];
		entry_day(v[i].e, day);
		snprintf(row, sizeof row, "  %s%s #%lld  %s  %s",
			 v[i].e->safety_concern ? _("(!) ") : "", v[i].from,
			 (long long)v[i].entry_id, day, ex ? ex : "");
		lines_add_item(l, row, &v[i], width);
		sodium_memzero(row, sizeof row);
		ui_free_text(&ex);
	}
out:
	if (text != NULL)
		pattern_free_text(&text);
	share_held_list_free(&v, n);
	pattern_free(&p);
}

/* What a page's lines are drawn from. */
typedef struct pview {
	lines l;
	ui_scroll sc; /* READ over l: the lines that begin an entry can be chosen */
} pview;

static bool page_choosable(void *ctx, size_t k)
{
	return line_whose(&((pview *)ctx)->l, k) != NULL;
}

static void page_draw(ui *u, void *ctx, size_t k, int y, bool chosen)
{
	const pview *p = ctx;
	const ui_line *t = &p->l.t.v[k];
	size_t sel = p->sc.sel;

	/* the chosen entry's wrapped lines are chosen with it */
	if (!chosen && sel != UI_SCROLL_NONE && k > sel && t->tag == p->l.t.v[sel].tag) {
		chosen = true;
		for (size_t i = sel + 1; i <= k && chosen; i++)
			chosen = p->l.t.v[i].tag == t->tag && line_whose(&p->l, i) == NULL;
	}
	if (chosen)
		ui_fill(u, y, 1, UI_SELECTED);
	ui_put(u, y, 2, u->cols - 4, t->text, chosen ? UI_SELECTED : t->role);
}

static ui_result page_view(ui *u, page *pg)
{
	pview p;
	int built_for = -1;
	ui_result r = UI_DONE;

	memset(&p, 0, sizeof p);
	p.sc = (ui_scroll){UI_SCROLL_READ, 0, 0, UI_SCROLL_NONE, 0, 2, 1, &p, page_choosable,
			   page_draw};
	for (;;) {
		int width = u->cols - 4;
		if (built_for != width) {
			lines_clear(&p.l);
			if (pg->item != 0)
				build_held(u, pg->item, &p.l, width, pg->who, sizeof pg->who);
			else
				build_patterns(u, pg->who, &p.l, width);
			built_for = width;
			if (p.l.failed) {
				ui_notef(u, true, _("That could not be shown: %s"),
					 _(rf_status_message(RF_ERR_NOMEM)));
				break;
			}
		}
		p.sc.n = p.l.t.n;
		p.sc.h = u->rows - 3;
		ui_scroll_fit(&p.sc);
		if (ui_begin_draw(u)) {
			char title[120];
			const char *whose = p.sc.sel != UI_SCROLL_NONE ? line_whose(&p.l, p.sc.sel) : NULL;
			if (pg->item || pg->who[0])
				snprintf(title, sizeof title, _("reflect  ·  %s %s"),
					 pg->item ? _("shared by") : _("patterns in what was shared by"),
					 pg->who);
			else
				snprintf(title, sizeof title, "%s",
					 _("reflect  ·  patterns across everyone's shared entries"));
			/* the chosen entry, by whose it is and its author's number */
			ui_title(u, title, whose ? whose : "");
			ui_scroll_draw(u, &p.sc);
			ui_status(u, pg->item ? _("r respond · arrows scroll · Esc back · x lock · ? help")
					      : _("Enter open · arrows move · Esc back · x lock · ? help"));
			ui_end_draw(u);
		}
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_LEFT, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_scroll_key(&p.sc, &ev)) {
			/* moved */
		} else if ((ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) &&
			   p.sc.sel != UI_SCROLL_NONE) {
			page sub = {p.l.t.v[p.sc.sel].tag, ""};
			r = page_view(u, &sub); /* the entry, where r responds */
			if (r != UI_DONE)
				break;
			built_for = -1; /* a response closes its questions */
		} else if (ui_key(&ev, 'r') && pg->item != 0) {
			r = respond(u, pg->item, pg->who);
			if (r != UI_DONE)
				break;
			built_for = -1;
			p.sc.top = (size_t)-1 / 2; /* show the new response at the end */
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = pg->item ? ui_help(u, _("a shared entry"), held_help,
					       sizeof held_help / sizeof held_help[0])
				     : ui_help(u, _("patterns"), patterns_help,
					       sizeof patterns_help / sizeof patterns_help[0]);
			if (r != UI_DONE)
				break;
		}
	}
	lines_clear(&p.l);
	return r;
}

/* ---- syncing through the exchange folder ---- */

/* Sync through the exchange folder; false (nothing done) when no folder is set. */
static bool sync_counts(ui *u, size_t *in, size_t *out, size_t *refused, rf_status *st,
			rf_detail *d)
{
	const char *dir = u->g && u->g->cfg ? u->g->cfg->exchange : NULL;
	identity *me = NULL;
	sync_event *v = NULL;
	size_t n = 0;

	*in = *out = *refused = 0;
	if (dir == NULL || *dir == '\0' || u->j == NULL)
		return false;
	*st = identity_ensure(u->j, &me);
	if (*st == RF_OK)
		*st = sync_run(u->j, me, dir, &v, &n, d);
	identity_free(&me);
	for (size_t i = 0; i < n; i++) {
		if (v[i].what == SYNC_SENT)
			*out += v[i].count;
		else if (v[i].what == SYNC_RECEIVED)
			*in += v[i].r.added + v[i].r.updated;
		else if (v[i].what == SYNC_REFUSED)
			(*refused)++;
	}
	/* what was held back for identifying details is said after the counts (d->text with
	 * *st RF_OK: the rest went on) */
	for (size_t i = 0; i < n && *st == RF_OK && d->text[0] == '\0'; i++)
		if (v[i].what == SYNC_HELD) {
			snprintf(d->text, sizeof d->text,
				 _("nothing went to %s: entry %lld holds identifying details; change "
				   "it, or allow a word that is no name in the identifiers list (i on "
				   "the home)"),
				 v[i].to, (long long)v[i].entry);
		}
	free(v);
	return true;
}

void ui_sync_now(ui *u, bool quiet)
{
	size_t in, out, refused;
	rf_detail d = {0, 0, ""};
	rf_status st = RF_OK;

	if (!sync_counts(u, &in, &out, &refused, &st, &d)) {
		if (!quiet)
			ui_notef(u, true, "%s",
				 _("No exchange folder is set: put 'exchange = DIR' in the settings "
				   "file, or use 'reflect sync DIR'."));
		return;
	}
	if (st != RF_OK)
		ui_notef(u, true, _("Syncing stopped: %s"),
			 d.text[0] ? d.text : _(rf_status_message(st)));
	else if (d.text[0])
		ui_notef(u, true, _("Synced: %zu came in, %zu went out; %s."), in, out, d.text);
	else if (refused)
		ui_notef(u, true,
			 _("Synced: %zu came in, %zu went out; %zu bundles failed their checks and were "
			   "left alone ('reflect sync' names them)."),
			 in, out, refused);
	else if (in || out || !quiet)
		ui_notef(u, false, _("Synced: %zu came in, %zu went out."), in, out);
}

void ui_sync_after(ui *u, const char *done)
{
	size_t in, out, refused;
	rf_detail d = {0, 0, ""};
	rf_status st = RF_OK;

	if (!sync_counts(u, &in, &out, &refused, &st, &d))
		ui_notef(u, false, "%s", done);
	else if (st != RF_OK)
		ui_notef(u, true, _("%s Syncing stopped: %s"), done,
			 d.text[0] ? d.text : _(rf_status_message(st)));
	else if (d.text[0])
		ui_notef(u, true, _("%s Synced: %zu came in, %zu went out; %s."), done, in, out, d.text);
	else if (refused)
		ui_notef(u, true, _("%s Synced: %zu came in, %zu went out; %zu bundles failed their checks."),
			 done, in, out, refused);
	else if (in || out)
		ui_notef(u, false, _("%s Synced: %zu came in, %zu went out."), done, in, out);
	else
		ui_notef(u, false, "%s", done);
}

/* ---- the response editor ---- */

/* A message in a thread: a response to the held entry item (item > 0), or a reply on one's
 * own entry -item (item < 0). */
static ui_result respond(ui *u, int64_t item, const char *who)
{
	editor *ed = editor_new(64 * 1024, true);
	ui_result r = UI_DONE;
	char title[120];

	if (ed == NULL) {
		ui_notef(u, true, "%s", _(rf_status_message(RF_ERR_NOMEM)));
		return UI_DONE;
	}
	if (item > 0)
		snprintf(title, sizeof title, _("reflect  ·  your response to %s"), who);
	else
		snprintf(title, sizeof title, "%s", _("reflect  ·  your reply in the thread"));
	for (;;) {
		int h = u->rows - 6;
		if (ui_begin_draw(u)) {
			ui_title(u, title, "");
			ui_put(u, 2, 2, u->cols - 4,
			       item > 0 ? _("What you wonder about, what you noticed, what might help "
					    "next time.")
					: _("What the responses stirred, what you now wonder about."),
			       UI_HINT);
			ui_edit_draw(u, ed, 4, 2, h, u->cols - 4, true,
				     item > 0 ? _("Write your response here.") : _("Write your reply here."));
			ui_status(u, _("Ctrl-S save · Esc back · Ctrl-O your editor"));
			ui_end_draw(u);
		}
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK_NONE, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		if (ui_ctrl(&ev, 'S')) {
			rf_status st;
			if (editor_blank(ed)) {
				ui_notef(u, false, "%s", _("There is nothing to save yet."));
				continue;
			}
			if (item > 0) {
				st = share_respond(u->j, item, editor_text(ed), NULL);
			} else {
				identity *me = NULL;
				st = identity_ensure(u->j, &me);
				if (st == RF_OK)
					st = share_reply(u->j, me, -item, editor_text(ed), NULL);
				identity_free(&me);
			}
			if (st == RF_OK) {
				if (u->g && u->g->cfg && u->g->cfg->exchange)
					ui_sync_now(u, false);
				else if (item > 0)
					ui_notef(u, false,
						 _("Saved. Send it with S (sync) once an exchange folder "
						   "is set, or: reflect share --responses --to '%s' -o "
						   "FILE"),
						 who);
				else
					ui_notef(u, false, "%s",
						 _("Saved. It goes to your supervisor with the next sync."));
				break;
			}
			ui_notef(u, true, _("The message could not be saved: %s"),
				 st == RF_ERR_INVALID ? _("it holds characters that are not text")
						      : _(rf_status_message(st)));
		} else if (ui_escape(&ev)) {
			char a = 'y';
			if (!editor_blank(ed)) {
				r = ui_ask(u, _("Leave without saving this message?"),
					   _("y  yes, let it go\nn  no, keep writing"), N_("yn"), &a);
				if (r != UI_DONE)
					break;
			}
			if (a == 'y')
				break;
		} else {
			ui_edit_key(u, ed, &ev, h);
		}
	}
	editor_free(&ed);
	return r;
}

/* A bundle made ready (o) written whole to the file at path (a new file, never one that is
 * there), and recorded as sent. */
static rf_status write_outgoing(ui *u, share_outgoing *o, const char *path)
{
	export_file *f = NULL;
	rf_status st = export_file_open(path, false, &f);

	if (st == RF_OK && o->len > 0 && fwrite(o->data, 1, o->len, export_file_stream(f)) != o->len) {
		export_file_abort(&f);
		st = RF_ERR_IO;
	}
	if (st == RF_OK)
		st = export_file_commit(&f);
	if (st == RF_OK)
		st = share_record(u->j, o);
	return st;
}

/* Write the responses not sent yet to `who` into a bundle file (no exchange folder needed). */
static ui_result send_to_file(ui *u, const char *who)
{
	identity *me = NULL;
	share_outgoing *o = NULL;
	rf_detail d = {0, 0, ""};
	char *path = NULL, initial[IDENTITY_NAME_MAX + 32], question[200];
	ui_result r;
	rf_status st;

	snprintf(initial, sizeof initial, "for-%s.bundle", who);
	for (char *c = initial; *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '-';
	snprintf(question, sizeof question, _("Write the responses for %s to the file: "), who);
	r = ui_input(u, question, initial, &path);
	if (r != UI_DONE || path == NULL || *path == '\0') {
		ui_free_text(&path);
		return r;
	}
	st = identity_ensure(u->j, &me);
	if (st == RF_OK)
		st = share_prepare_responses(u->j, me, who, false, &o, &d);
	if (st == RF_OK)
		st = write_outgoing(u, o, path);
	if (st == RF_OK)
		ui_notef(u, false,
			 ngettext("Wrote %zu response for %s in %s. Only they can open it.",
				  "Wrote %zu responses for %s in %s. Only they can open it.", o->nitems),
			 o->nitems, who, path);
	else if (st == RF_ERR_EXISTS)
		ui_notef(u, true, _("%s exists already; choose another name. Nothing was written."),
			 path);
	else
		ui_notef(u, true, _("Nothing was written: %s"),
			 d.text[0] ? d.text : _(rf_status_message(st)));
	share_outgoing_free(&o);
	identity_free(&me);
	ui_free_text(&path);
	return UI_DONE;
}

/* R: receive a bundle file a contact sent (no exchange folder needed), with the checks of
 * 'reflect receive'. */
static ui_result receive_file(ui *u)
{
	char *path = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	identity *me = NULL;
	share_receipt rc;
	bundle_reject why = BUNDLE_INTACT;
	ui_result r = ui_input(u, _("Receive the bundle file: "), "", &path);
	rf_status st;

	if (r != UI_DONE || path == NULL || *path == '\0') {
		ui_free_text(&path);
		return r;
	}
	st = cli_read_all(path, BUNDLE_FILE_MAX, &data, &len);
	if (st == RF_OK)
		st = identity_ensure(u->j, &me);
	if (st == RF_OK)
		st = share_receive(u->j, me, data, len, &rc, &why);
	if (st == RF_ERR_REJECTED)
		ui_notef(u, true, _("Refused %s: %s. Nothing was imported."), path,
			 _(bundle_reject_message(why)));
	else if (st != RF_OK)
		ui_notef(u, true, _("%s could not be received: %s"), path, _(rf_status_message(st)));
	else if (rc.kind == BUNDLE_ENTRIES)
		ui_notef(u, false,
			 ngettext("Received %zu entry from %s (%zu changed, %zu as before).",
				  "Received %zu entries from %s (%zu changed, %zu as before).",
				  rc.added),
			 rc.added, rc.from, rc.updated, rc.unchanged);
	else if (rc.kind == BUNDLE_ATTESTATION)
		ui_notef(u, false, _("Received %s's signed confirmation of your supervision."),
			 rc.from);
	else
		ui_notef(u, false,
			 ngettext("Received %zu message from %s.", "Received %zu messages from %s.",
				  rc.added),
			 rc.added, rc.from);
	rcrypto_plain_free(&data, len);
	identity_free(&me);
	ui_free_text(&path);
	return UI_DONE;
}

/* W: write the entries marked for supervision for every contact pinned as a supervisor to
 * a bundle file (one file each of them can open). Identifying details stop it, as they stop
 * 'reflect share'. */
static ui_result share_to_file(ui *u)
{
	identity_contact *c = NULL;
	size_t nc = 0, nto = 0;
	const char *to[16];
	identity *me = NULL;
	share_outgoing *o = NULL;
	rf_detail d = {0, 0, ""};
	char *path = NULL;
	ui_result r = UI_DONE;
	rf_status st = identity_contact_list(u->j, &c, &nc);

	for (size_t i = 0; st == RF_OK && i < nc && nto < 16; i++)
		if (c[i].supervisor && !c[i].has_pending)
			to[nto++] = c[i].name;
	if (st == RF_OK && nto == 0) {
		ui_notef(u, true, "%s",
			 _("No contact is pinned as your supervisor: reflect contact role NAME "
			   "supervisor"));
		goto out;
	}
	if (st == RF_OK)
		st = identity_ensure(u->j, &me);
	if (st == RF_OK)
		st = share_prepare_entries(u->j, me, to, nto, NULL, 0, false, &o, &d);
	if (st == RF_ERR_REJECTED) {
		ui_notef(u, true, "%s",
			 _("Something identifying is in what would go; nothing was written. "
			   "'reflect share --to NAME --flagged' shows where, --redact replaces it."));
		goto out;
	}
	if (st != RF_OK) {
		ui_notef(u, true, _("Nothing was written: %s"),
			 d.text[0] ? d.text : _(rf_status_message(st)));
		goto out;
	}
	r = ui_input(u, _("Write the marked entries to: "),
		     "for-supervision.bundle", &path);
	if (r != UI_DONE || path == NULL || *path == '\0')
		goto out;
	st = write_outgoing(u, o, path);
	if (st == RF_OK)
		ui_notef(u, false,
			 ngettext("Wrote %zu entry for %s in %s. Only they can open it.",
				  "Wrote %zu entries for %s in %s. Only they can open it.", o->n),
			 o->n, o->to, path);
	else if (st == RF_ERR_EXISTS)
		ui_notef(u, true, _("%s exists already; choose another name. Nothing was written."),
			 path);
	else
		ui_notef(u, true, _("Nothing was written: %s"), _(rf_status_message(st)));
out:
	share_outgoing_free(&o);
	identity_free(&me);
	free(c);
	ui_free_text(&path);
	return r;
}

ui_result ui_reply(ui *u, int64_t entry_id)
{
	return respond(u, -entry_id, "");
}

static int count_one(const entry *e, void *ctx)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 1;
}

ui_result ui_after_unlock(ui *u)
{
	strlist names;
	entry_filter f;
	size_t own = 0;
	bool supervisor = false;

	ui_sync_now(u, true);
	memset(&f, 0, sizeof f);
	if (share_supervisees(u->j, &names) == RF_OK) {
		supervisor = names.n > 0;
		strlist_clear(&names);
	}
	/* a supervisor's home: the inbox of what supervisees shared, when there is nothing of
	 * their own to show */
	if (supervisor && journal_each(u->j, &f, false, count_one, &own) == RF_OK && own == 0)
		return ui_supervision(u);
	return UI_DONE;
}

/* ---- logging a session ---- */

static ui_result log_session(ui *u, const sview *s)
{
	supervision_session x;
	char *text = NULL, a = 0;
	ui_result r;
	time_t now = time(NULL);
	struct tm tm;
	int64_t item = 0;
	rf_status st;

	memset(&x, 0, sizeof x);
	localtime_r(&now, &tm);
	strftime(x.date, sizeof x.date, "%Y-%m-%d", &tm);
	for (;;) {
		r = ui_input(u, _("Date of the session (YYYY-MM-DD):"), x.date, &text);
		if (r != UI_DONE || text == NULL)
			return r;
		text_trim(text);
		if (entry_valid_date(text)) {
			memcpy(x.date, text, 11);
			ui_free_text(&text);
			break;
		}
		ui_free_text(&text);
		ui_notef(u, true, "%s", _("A date is written like 2026-11-20."));
	}
	for (;;) {
		char *end = NULL;
		long m;
		r = ui_input(u, _("How many minutes?"), "60", &text);
		if (r != UI_DONE || text == NULL)
			return r;
		m = strtol(text, &end, 10);
		if (end != text && *text_trim(end) == '\0' && m >= 1 && m <= SUPERVISION_MINUTES_MAX) {
			x.minutes = (int)m;
			ui_free_text(&text);
			break;
		}
		ui_free_text(&text);
		ui_notef(u, true, _("Minutes are a number from 1 to %d."), SUPERVISION_MINUTES_MAX);
	}
	r = ui_ask(u, _("Individual or group?"), _("i  individual\ng  group"), N_("ig"), &a);
	if (r != UI_DONE || a == '\0')
		return r;
	x.format = a == 'g' ? SUPERVISION_GROUP : SUPERVISION_INDIVIDUAL;
	r = ui_ask(u, _("Who provided it?"),
		   _("a  a supervisor within your agency\nc  an outside consultant\n"
		   "p  a peer (kept in the log; peer supervision does not count toward hours)"),
		   N_("acp"), &a);
	if (r != UI_DONE || a == '\0')
		return r;
	x.setting = a == 'c' ? SUPERVISION_CONSULTANT : SUPERVISION_AGENCY;
	x.peer = a == 'p';
	r = ui_input(u, _("Their name (Enter to skip):"), "", &x.provider);
	if (r != UI_DONE)
		goto out;
	if (x.provider == NULL)
		goto out;
	r = ui_input(u, _("Their endorsement level (Enter to skip):"), "", &x.endorsement);
	if (r != UI_DONE || x.endorsement == NULL)
		goto out;
	if (x.provider[0] == '\0')
		ui_free_text(&x.provider);
	if (x.endorsement[0] == '\0')
		ui_free_text(&x.endorsement);
	if (s->nflagged > 0) {
		char q[120];
		snprintf(q, sizeof q, ngettext("Did you discuss the %zu entry marked for supervision?",
			 "Did you discuss the %zu entries marked for supervision?", s->nflagged),
			 s->nflagged);
		r = ui_ask(u, q, _("y  yes: their questions count as discussed\nn  no"), N_("yn"), &a);
		if (r != UI_DONE)
			goto out;
		if (a == 'y') {
			x.entries = s->flagged;
			x.nentries = s->nflagged;
		}
	}
	st = supervision_add(u->j, &x, &item);
	if (st == RF_OK) {
		char day[64];
		dates_human_day(x.date, day, sizeof day);
		ui_notef(u, false, _("Logged %d minutes of %s on %s."), x.minutes,
			 kind_phrase(x.peer, x.format == SUPERVISION_GROUP), day);
	} else {
		ui_notef(u, true, _("The session could not be logged: %s"),
			 st == RF_ERR_INVALID ? _("a name or level is too long") : _(rf_status_message(st)));
	}
out:
	ui_free_text(&x.provider);
	ui_free_text(&x.endorsement);
	return r;
}

static const char *const sup_help[] = {
	N_("Supervision"),
	N_("Up/Down, j/k\tmove"),
	N_("Enter\topen the entry (or log a session)"),
	N_("r\trespond to an entry a supervisee shared"),
	N_("S\tsync now through the exchange folder (receive and send)"),
	N_("w\twrite your new responses for that supervisee to a bundle file"),
	N_("W\twrite the entries marked for supervision for your supervisor to a bundle file"),
	N_("R\treceive a bundle file a contact sent you"),
	N_("a\tlog a reflective supervision session"),
	N_("Esc, q\tback to your reflections"),
	N_("x\tlock now"),
	N_("?\tthis help"),
	N_("Sharing"),
	N_("reflect share\tseal entries or responses for a contact (see reflect(1))"),
	N_("reflect receive\tbring in a bundle from a contact"),
};

ui_result ui_supervision(ui *u)
{
	sview s;
	ui_result r = UI_DONE;
	bool redraw = true;

	memset(&s, 0, sizeof s);
	load(u, &s);
	for (;;) {
		if (redraw)
			draw(u, &s);
		redraw = true;
		ui_event ev;
		ui_key_step ks = ui_next_key(u, &ev, UI_BACK, &r);
		if (ks == UI_KEY_LEAVE)
			break;
		if (ks == UI_KEY_REDRAW)
			continue;
		const srow *cur = s.n && s.sc.sel < s.n ? &s.v[s.sc.sel] : NULL;
		if (ui_scroll_key(&s.sc, &ev)) {
			/* moved */
		} else if ((ui_key(&ev, '\r') || ui_key(&ev, '\n') || ui_fkey(&ev, KEY_ENTER)) && cur &&
			   selectable(cur)) {
			if (cur->kind == ROW_ENTRY)
				r = ui_entry_view(u, cur->id);
			else if (cur->kind == ROW_HELD || cur->kind == ROW_PATTERNS ||
				 cur->kind == ROW_QUESTION) {
				page pg = {cur->kind != ROW_PATTERNS ? cur->id : 0, ""};
				if (cur->kind == ROW_PATTERNS && cur->id >= 0 &&
				    (size_t)cur->id < s.names.n)
					snprintf(pg.who, sizeof pg.who, "%s", s.names.v[cur->id]);
				r = page_view(u, &pg);
			} else
				r = log_session(u, &s);
			if (r != UI_DONE)
				break;
			load(u, &s);
		} else if (ui_key(&ev, 'r') && cur && (cur->kind == ROW_HELD || cur->kind == ROW_QUESTION)) {
			char who[IDENTITY_NAME_MAX + 1] = "";
			share_held h;
			if (share_held_get(u->j, cur->id, &h) == RF_OK) {
				snprintf(who, sizeof who, "%s", h.from);
				entry_free(&h.e);
			}
			r = respond(u, cur->id, who);
			if (r != UI_DONE)
				break;
			load(u, &s);
		} else if (ui_key(&ev, 'S')) {
			ui_sync_now(u, false);
			load(u, &s);
		} else if (ui_key(&ev, 'w') && cur && (cur->kind == ROW_HELD || cur->kind == ROW_QUESTION)) {
			share_held h;
			if (share_held_get(u->j, cur->id, &h) == RF_OK) {
				char who[IDENTITY_NAME_MAX + 1];
				snprintf(who, sizeof who, "%s", h.from);
				entry_free(&h.e);
				r = send_to_file(u, who);
				if (r != UI_DONE)
					break;
				load(u, &s);
			}
		} else if (ui_key(&ev, 'R')) {
			r = receive_file(u);
			if (r != UI_DONE)
				break;
			load(u, &s);
		} else if (ui_key(&ev, 'W')) {
			r = share_to_file(u);
			if (r != UI_DONE)
				break;
			load(u, &s);
		} else if (ui_key(&ev, 'a')) {
			r = log_session(u, &s);
			if (r != UI_DONE)
				break;
			load(u, &s);
		} else if (ui_key(&ev, '?') || ui_fkey(&ev, KEY_F(1))) {
			r = ui_help(u, _("supervision"), sup_help, sizeof sup_help / sizeof sup_help[0]);
			if (r != UI_DONE)
				break;
		} else {
			redraw = false;
		}
	}
	sview_clear(&s);
	return r;
}
