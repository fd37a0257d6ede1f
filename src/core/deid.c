/* deid.c - de-identification: everything identifying in a text or an entry, found and listed
 * (scan) or replaced by readable placeholders ("[child F-03]", "[phone]"). The pieces are in
 * src/core/deid/: fold.c (texts folded once: NFKC, case, accents, TR39 skeletons), list.c (the
 * identifiers list), names.c (listed and possible names), words.c (English and Spanish word
 * lists), patterns.c (emails, phones, dates of birth, addresses), phone_shim.cc
 * (libphonenumber). */
#include "reflect/deid.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "deid/deid_int.h"
#include "reflect/text.h"

/* The longest text scanned at once (a field of an entry, a title). */
#define DEID_MAX_TEXT (16u << 20)

static void wipe_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

typedef struct finder {
	dtoks t;
	dspans sp;
	int *scratch;
	size_t scap;
	bool listed_only; /* no possible names (a text that is a name by design) */
} finder;

static void finder_clear(finder *f)
{
	deid_toks_clear(&f->t);
	free(f->sp.v);
	free(f->scratch);
	bool lo = f->listed_only;
	memset(f, 0, sizeof *f);
	f->listed_only = lo;
}

/* Which replacement wins when two findings cover the same words. */
static int rank(deid_what w)
{
	switch (w) {
	case DEID_IDENTIFIER:
		return 0;
	case DEID_BIRTHDATE:
		return 1;
	case DEID_EMAIL:
		return 2;
	case DEID_ADDRESS:
		return 3;
	case DEID_PHONE:
		return 4;
	case DEID_NAME:
		return 5;
	}
	return 6;
}

static int span_cmp(const void *a, const void *b)
{
	const dspan *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e < y->e ? 1 : -1;
	return rank(x->what) - rank(y->what);
}

/* Sort the spans and drop those inside another (one finding for the same words). */
static void spans_tidy(dspans *sp)
{
	size_t m = 0;

	if (sp->n < 2)
		return;
	qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);
	for (size_t i = 1; i < sp->n; i++)
		if (sp->v[i].e > sp->v[m].e || sp->v[i].s >= sp->v[m].e)
			sp->v[++m] = sp->v[i];
	sp->n = m + 1;
}

/* Short texts found clean against one list: an entry's family code, visit type, feelings,
 * themes and competencies come back in entry after entry, and an export scans each of them
 * every time. The scan of a text depends only on the text, the list and listed_only, so a text
 * met again is clean again until the list changes (deid_list_add, deid_list_allow) or is freed;
 * the memo is wiped then, as the words remembered in words.c are. */
#define MEMO_SLOTS 1024
#define MEMO_LEN 48
typedef struct memo_slot memo_slot;
struct clean_memo {
	struct memo_slot {
		uint32_t h;
		uint8_t n; /* 0: empty */
		bool listed_only;
		char s[MEMO_LEN];
	} v[MEMO_SLOTS];
};

/* Each thread keeps its own memo (an export scans on several at once), for one list at a
 * time: the list's stamp, new whenever the list is made or changed. */
static _Thread_local struct clean_memo *memo;
static _Thread_local uint64_t memo_stamp;
static atomic_uint_fast64_t stamps = 1;

static void memo_wipe(void)
{
	if (memo != NULL) {
		sodium_memzero(memo, sizeof *memo);
		free(memo);
		memo = NULL;
	}
	memo_stamp = 0;
}

void deid_clean_forget(deid_list *l)
{
	if (l == NULL)
		return;
	l->stamp = atomic_fetch_add(&stamps, 1);
	memo_wipe();
}

void deid_thread_done(void)
{
	memo_wipe();
	deid_words_thread_done();
}

rf_status deid_prepare(void)
{
	deid_fold_ready();
	deid_patterns_ready();
	return deid_words_ready();
}

/* The slot a short text of l is remembered in (*h its hash), or NULL: no list, too long, or
 * no memory for the memo (then nothing is remembered). */
static memo_slot *memo_of(const deid_list *l, const char *s, size_t len, uint32_t *h)
{
	if (l == NULL || len == 0 || len > MEMO_LEN || l->stamp == 0)
		return NULL;
	if (memo != NULL && memo_stamp != l->stamp)
		sodium_memzero(memo, sizeof *memo); /* remembered for another list */
	if (memo == NULL && (memo = calloc(1, sizeof *memo)) == NULL)
		return NULL;
	memo_stamp = l->stamp;
	*h = deid_hash(s, len);
	return &memo->v[(*h ^ (*h >> 15)) & (MEMO_SLOTS - 1)];
}

static rf_status find_all(const deid_list *l, const char *s, size_t len, finder *f)
{
	rf_status st;
	bool child = false;
	memo_slot *slot;
	uint32_t h = 0;

	f->sp.n = 0;
	if (len > DEID_MAX_TEXT)
		return RF_ERR_TOO_BIG;
	if (!text_valid_utf8(s, len))
		return RF_ERR_INVALID;
	if (l != NULL && (st = deid_words_ready()) != RF_OK)
		return st;
	if ((slot = memo_of(l, s, len, &h)) != NULL && slot->n == len && slot->h == h &&
	    slot->listed_only == f->listed_only && memcmp(slot->s, s, len) == 0)
		return RF_OK;
	if ((st = deid_tokenize(s, len, &f->t)) != RF_OK)
		return st;
	deid_mark_words(&f->t);
	if ((st = deid_find_names(l, s, &f->t, &f->sp, &child, &f->scratch, &f->scap,
				     f->listed_only)) != RF_OK ||
	    (st = deid_find_emails(s, len, &f->sp)) != RF_OK ||
	    (st = deid_find_phones(s, len, &f->sp)) != RF_OK ||
	    (st = deid_find_birthdates(s, &f->t, child, &f->sp)) != RF_OK ||
	    (st = deid_find_addresses(s, &f->t, &f->sp)) != RF_OK)
		return st;
	spans_tidy(&f->sp);
	if (slot != NULL && f->sp.n == 0) {
		slot->h = h;
		slot->n = (uint8_t)len;
		slot->listed_only = f->listed_only;
		memcpy(slot->s, s, len);
	}
	return RF_OK;
}

const char *deid_what_name(deid_what w)
{
	switch (w) {
	case DEID_IDENTIFIER:
		return N_("a name on your identifiers list");
	case DEID_EMAIL:
		return N_("an email address");
	case DEID_PHONE:
		return N_("a phone number");
	case DEID_BIRTHDATE:
		return N_("what looks like a date of birth");
	case DEID_ADDRESS:
		return N_("what looks like an address");
	case DEID_NAME:
		return N_("what may be a name (not on your list; 'reflect identifiers allow WORD' if "
			  "it is not)");
	}
	return N_("an identifying detail");
}

rf_status deid_scan_text(const deid_list *l, const char *text, size_t len, bool *found)
{
	finder f = {0};
	rf_status st;

	*found = false;
	st = find_all(l, text, len, &f);
	if (st == RF_OK)
		*found = f.sp.n > 0;
	finder_clear(&f);
	return st;
}

rf_status deid_scan_listed(const deid_list *l, const char *text, bool *found)
{
	finder f = {0};
	rf_status st;

	*found = false;
	if (text == NULL)
		return RF_OK;
	st = find_all(l, text, strlen(text), &f);
	for (size_t i = 0; st == RF_OK && i < f.sp.n; i++)
		if (f.sp.v[i].what != DEID_NAME)
			*found = true;
	finder_clear(&f);
	return st;
}

bool deid_is_name(const deid_list *l, const char *word)
{
	dtoks t = {0};
	bool name = false;

	if (word == NULL || !text_valid_utf8(word, strlen(word)) || deid_words_ready() != RF_OK ||
	    deid_tokenize(word, strlen(word), &t) != RF_OK)
		goto out;
	for (size_t i = 0; i < t.n && !name; i++) {
		const char *w = deid_tf(&t, i);
		size_t n = t.v[i].flen;
		if (!(t.v[i].flags & T_ALPHA))
			continue;
		if (deid_listed(l, &t, i) >= 0)
			name = true;
		else if (t.v[i].letters >= 2 && !deid_word_vocabulary(w, n) &&
			 !(l != NULL && deid_is_safe(l, w, n)) &&
			 (!deid_word_known(w, n) || ((t.v[i].flags & T_UPPER) && deid_word_proper(w, n))))
			name = true;
	}
out:
	deid_toks_clear(&t);
	return name;
}

rf_status deid_family_code_check(const deid_list *l, const char *code)
{
	dtoks t = {0};
	rf_status st;
	finder f = {0};

	if (code == NULL || code[0] == '\0')
		return RF_OK;
	if ((st = find_all(l, code, strlen(code), &f)) != RF_OK)
		goto out;
	/* A name (listed, or a word that may be one) or an email is refused; digits are what
	 * codes are made of, so number patterns (phones, dates, postcodes) are not. */
	for (size_t i = 0; i < f.sp.n; i++)
		if (f.sp.v[i].what == DEID_IDENTIFIER || f.sp.v[i].what == DEID_NAME ||
		    f.sp.v[i].what == DEID_EMAIL) {
			st = RF_ERR_REJECTED;
			goto out;
		}
	/* stricter than prose: any capitalised word English knows only as a name */
	for (size_t i = 0; i < f.t.n; i++)
		if ((f.t.v[i].flags & T_UPPER) && f.t.v[i].letters >= 2 &&
		    deid_word_proper(deid_tf(&f.t, i), f.t.v[i].flen) &&
		    !deid_word_vocabulary(deid_tf(&f.t, i), f.t.v[i].flen) &&
		    !(l != NULL && deid_is_safe(l, deid_tf(&f.t, i), f.t.v[i].flen))) {
			st = RF_ERR_REJECTED;
			goto out;
		}
out:
	deid_toks_clear(&t);
	finder_clear(&f);
	return st;
}

/* ---- every text of an entry ---- */

typedef rf_status (*field_fn)(const char *field, char **text, void *ctx);

static rf_status each_list(strlist *l, const char *field, field_fn fn, void *ctx)
{
	rf_status st;

	for (size_t i = 0; i < l->n; i++)
		if ((st = fn(field, &l->v[i], ctx)) != RF_OK)
			return st;
	return RF_OK;
}

static rf_status each_field(entry *e, field_fn fn, void *ctx)
{
	struct {
		const char *name;
		char **p;
	} texts[] = {
	    {"family", &e->family},
	    {"visit_type", &e->visit_type},
	    {"life_stage", &e->life_stage},
	    {"pause.text", &e->pause_text},
	    {"pause.body", &e->pause_body},
	    {"notice.text", &e->notice_text},
	    {"notice.between", &e->notice_between},
	    {"notice.stirred", &e->notice_stirred},
	    {"curious.text", &e->curious_text},
	    {"curious.parent", &e->curious_parent},
	    {"curious.infant", &e->curious_infant},
	};
	rf_status st;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (*texts[i].p != NULL && (st = fn(texts[i].name, texts[i].p, ctx)) != RF_OK)
			return st;
	/* Answers to the Gibbs or NMC questions. */
	for (int i = 0; i < ENTRY_ANSWERS; i++)
		if (e->answers[i] != NULL &&
		    (st = fn(entry_answer_path(i), &e->answers[i], ctx)) != RF_OK)
			return st;
	if ((st = each_list(&e->emotions, "notice.emotions", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->questions, "curious.questions", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->themes, "themes", fn, ctx)) != RF_OK ||
	    (st = each_list(&e->competencies, "competencies", fn, ctx)) != RF_OK)
		return st;
	for (size_t i = 0; i < e->nresponses; i++) {
		entry_response *r = &e->responses[i];
		if ((r->from != NULL && (st = fn("responses.from", &r->from, ctx)) != RF_OK) ||
		    (r->at != NULL && (st = fn("responses.at", &r->at, ctx)) != RF_OK) ||
		    (r->text != NULL && (st = fn("responses.text", &r->text, ctx)) != RF_OK))
			return st;
	}
	return RF_OK;
}

struct scan_ctx {
	const deid_list *l;
	int64_t entry;
	deid_findings *f;
	finder fd;
	size_t cap;
};

static rf_status scan_field(const char *field, char **text, void *vctx)
{
	struct scan_ctx *c = vctx;
	rf_status st;

	if ((st = find_all(c->l, *text, strlen(*text), &c->fd)) != RF_OK)
		return st;
	for (size_t i = 0; i < c->fd.sp.n; i++) {
		deid_finding *fd;
		if ((st = deid_grow((void **)&c->f->v, &c->cap, c->f->n + 1, sizeof *c->f->v)) !=
		    RF_OK)
			return st;
		fd = &c->f->v[c->f->n];
		memset(fd, 0, sizeof *fd);
		fd->entry = c->entry;
		snprintf(fd->field, sizeof fd->field, "%s", field);
		fd->what = c->fd.sp.v[i].what;
		if ((fd->words = dup_n(*text + c->fd.sp.v[i].s,
				       c->fd.sp.v[i].e - c->fd.sp.v[i].s)) == NULL)
			return RF_ERR_NOMEM;
		c->f->n++;
	}
	return RF_OK;
}

rf_status deid_scan_entry(const deid_list *l, const entry *e, deid_findings *f)
{
	struct scan_ctx c = {.l = l, .entry = e->id, .f = f, .cap = f->n};
	rf_status st;

	/* The fields are only read: each_field takes a non-const entry to serve redaction too. */
	st = each_field((entry *)e, scan_field, &c);
	finder_clear(&c.fd);
	return st;
}

rf_status deid_scan_named(const deid_list *l, const char *field, const char *text,
			  deid_findings *f)
{
	struct scan_ctx c = {.l = l, .entry = 0, .f = f, .cap = f->n};
	char *p = (char *)text;
	rf_status st;

	if (text == NULL)
		return RF_OK;
	st = scan_field(field, &p, &c);
	finder_clear(&c.fd);
	return st;
}

void deid_findings_clear(deid_findings *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		wipe_free(&f->v[i].words);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* ---- redaction ---- */

struct redact_ctx {
	deid_list *l;	    /* remembers the placeholders given */
	const char *family; /* the entry's family code when it is safe to show, or NULL */
	size_t count;
	finder fd;
};

/* The number a person of a family is given (1 for the first of their kind seen in it). */
static int person_number(deid_list *l, const char *family, int id, int *of_kind)
{
	uint32_t fam = deid_hash(family ? family : "", family ? strlen(family) : 0);
	int n = 0;

	*of_kind = 0;
	for (size_t i = 0; i < l->nseen; i++) {
		if (l->seen[i].fam != fam ||
		    strcmp(l->v[l->seen[i].ident].kind, l->v[id].kind) != 0)
			continue;
		if (l->seen[i].ident == id)
			return l->seen[i].num;
		n++;
	}
	if (deid_grow((void **)&l->seen, &l->seencap, l->nseen + 1, sizeof *l->seen) != RF_OK)
		return 0;
	l->seen[l->nseen++] = (seen){fam, id, n + 1};
	return n + 1;
}

/* Children listed with a family name in common with child id (siblings): numbered from 1. */
static bool has_sibling(const deid_list *l, int id)
{
	const ident *d = &l->v[id];

	for (size_t i = 0; i < l->n; i++) {
		if ((int)i == id || strcmp(l->v[i].kind, d->kind) != 0 || strcmp(d->kind, "child"))
			continue;
		for (size_t p = 0; p < d->nparts; p++)
			for (size_t q = 0; q < l->v[i].nparts; q++)
				if (p > 0 && strcmp(d->part[p], l->v[i].part[q]) == 0)
					return true;
	}
	return false;
}

static void placeholder(struct redact_ctx *c, const dspan *s, char *out, size_t cap)
{
	const char *fam = c->family;

	switch (s->what) {
	case DEID_EMAIL:
		snprintf(out, cap, "[email]");
		return;
	case DEID_PHONE:
		snprintf(out, cap, "[phone]");
		return;
	case DEID_BIRTHDATE:
		snprintf(out, cap, "[date of birth]");
		return;
	case DEID_ADDRESS:
		snprintf(out, cap, "[address]");
		return;
	case DEID_NAME:
		snprintf(out, cap, "[name]");
		return;
	case DEID_IDENTIFIER:
		break;
	}
	if (s->ident == -2) {
		if (fam != NULL)
			snprintf(out, cap, "[family %s]", fam);
		else
			snprintf(out, cap, "[name]");
		return;
	}
	if (s->ident < 0 || c->l == NULL) {
		snprintf(out, cap, "[name]");
		return;
	}
	{
		const ident *d = &c->l->v[s->ident];
		int of_kind = 0, num;
		char n[16] = "";
		if (!d->person) {
			snprintf(out, cap, "%s",
				 strcmp(d->kind, "place") == 0 ? "[place]"
				 : strcmp(d->kind, "name") == 0 ? "[name]"
								 : "[redacted]");
			return;
		}
		num = person_number(c->l, fam, s->ident, &of_kind);
		if (num > 1 || (num == 1 && has_sibling(c->l, s->ident)))
			snprintf(n, sizeof n, " %d", num);
		if (fam != NULL)
			snprintf(out, cap, "[%s%s %s]", d->kind, n, fam);
		else
			snprintf(out, cap, "[%s%s]", d->kind, n);
	}
}

/* Replace every span of *text. */
static rf_status redact_field(const char *field, char **text, void *vctx)
{
	struct redact_ctx *c = vctx;
	size_t len = strlen(*text), o = 0, at = 0, need = len + 1, m = 0;
	char *out, rep[160];
	rf_status st;

	(void)field;
	if ((st = find_all(c->l, *text, len, &c->fd)) != RF_OK)
		return st;
	if (c->fd.sp.n == 0)
		return RF_OK;
	/* Merge overlapping spans (the first, longest, names the replacement). */
	for (size_t i = 1; i < c->fd.sp.n; i++) {
		if (c->fd.sp.v[i].s < c->fd.sp.v[m].e) {
			if (c->fd.sp.v[i].e > c->fd.sp.v[m].e)
				c->fd.sp.v[m].e = c->fd.sp.v[i].e;
		} else {
			c->fd.sp.v[++m] = c->fd.sp.v[i];
		}
	}
	c->fd.sp.n = m + 1;
	need += c->fd.sp.n * sizeof rep;
	if ((out = malloc(need)) == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < c->fd.sp.n; i++) {
		size_t rl;
		placeholder(c, &c->fd.sp.v[i], rep, sizeof rep);
		rl = strlen(rep);
		memcpy(out + o, *text + at, c->fd.sp.v[i].s - at);
		o += c->fd.sp.v[i].s - at;
		memcpy(out + o, rep, rl);
		o += rl;
		at = c->fd.sp.v[i].e;
		c->count++;
	}
	memcpy(out + o, *text + at, len - at);
	o += len - at;
	out[o] = '\0';
	wipe_free(text);
	*text = out;
	return RF_OK;
}

rf_status deid_redact_entry(const deid_list *l, const entry *e, entry **out, size_t *count)
{
	/* The list remembers which placeholder each person was given, so that one export names
	 * them alike throughout; nothing else of it changes. */
	struct redact_ctx c = {.l = (deid_list *)l};
	entry *d = NULL;
	rf_status st = RF_OK;

	*out = NULL;
	if (count)
		*count = 0;
	if ((d = entry_dup(e)) == NULL)
		return RF_ERR_NOMEM;
	if (e->family != NULL && e->family[0] != '\0' &&
	    strlen(e->family) <= 40) {
		st = deid_family_code_check(l, e->family);
		if (st == RF_OK)
			c.family = e->family;
		else if (st != RF_ERR_REJECTED)
			goto out;
		st = RF_OK;
	}
	if ((st = each_field(d, redact_field, &c)) != RF_OK)
		goto out;
	if (count)
		*count = c.count;
	*out = d;
	d = NULL;
out:
	finder_clear(&c.fd);
	entry_free(&d);
	return st;
}

rf_status deid_redact_text(const deid_list *l, const char *text, char **out, size_t *count)
{
	return deid_redact_text_as(l, text, false, out, count);
}

rf_status deid_redact_text_as(const deid_list *l, const char *text, bool listed_only, char **out,
			      size_t *count)
{
	struct redact_ctx c = {.l = (deid_list *)l};

	c.fd.listed_only = listed_only;
	rf_status st;

	*out = NULL;
	if (count)
		*count = 0;
	if ((*out = strdup(text ? text : "")) == NULL)
		return RF_ERR_NOMEM;
	st = redact_field("text", out, &c);
	finder_clear(&c.fd);
	if (st != RF_OK) {
		wipe_free(out);
		return st;
	}
	if (count)
		*count = c.count;
	return RF_OK;
}

