/* words.c - words and phrases worth reading: the tokeniser, and the ranking. */
#include "internal.h"

/* ---------------------------------------------------------------- stop words */

/* English and Spanish (the languages the interface speaks), folded as tokens are. */
const char *const pt_stop_words[] = {
	/* English */
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
	"any", "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below",
	"between", "both", "but", "by", "can", "could", "couldn", "did", "didn", "do", "does",
	"doesn", "doing", "don", "down", "during", "each", "even", "ever", "few", "for", "from",
	"further", "get", "got", "had", "hadn", "has", "hasn", "have", "haven", "having", "he",
	"her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
	"is", "isn", "it", "its", "itself", "just", "let", "ll", "me", "might", "more", "most",
	"much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
	"one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "re",
	"same", "shall", "she", "should", "shouldn", "so", "some", "still", "such", "than", "that",
	"the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
	"those", "through", "to", "too", "under", "until", "up", "us", "ve", "very", "was",
	"wasn", "way", "we", "were", "weren", "what", "when", "where", "which", "while", "who",
	"whom", "why", "will", "with", "won", "would", "wouldn", "yet", "you", "your", "yours",
	"yourself", "yourselves", "really", "quite", "something", "things", "thing", "lot",
	"around", "today", "felt", "feel", "feeling", "seemed", "seem", "seems", "like", "maybe",
	"perhaps", "many", "may", "us", "again", "said", "say", "says", "went", "came", "come",
	"go", "going", "make", "made", "back", "time", "know", "think", "see", "saw",
	/* Spanish */
	"al", "algo", "algunas", "algunos", "ante", "antes", "aqui", "asi", "aun", "cada", "casi",
	"como", "con", "contra", "cual", "cuando", "de", "del", "desde", "donde", "dos", "el",
	"ella", "ellas", "ello", "ellos", "en", "entre", "era", "eran", "eres", "es", "esa",
	"esas", "ese", "eso", "esos", "esta", "estaba", "estado", "estan", "estar", "estas",
	"este", "esto", "estos", "estoy", "fue", "fueron", "ha", "habia", "han", "hasta", "hay",
	"la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis", "mucho", "muy", "nada",
	"ni", "no", "nos", "nosotros", "nuestra", "nuestro", "o", "otra", "otro", "para", "pero",
	"poco", "por", "porque", "que", "quien", "se", "sea", "ser", "si", "sido", "sin", "sobre",
	"su", "sus", "tambien", "tan", "te", "tenia", "tiene", "todo", "todos", "tu", "tus", "un",
	"una", "uno", "unos", "vez", "y", "ya", "yo", "sus", "hoy", "creo", "siento", "senti",
};
const size_t pt_nstop_words = sizeof(pt_stop_words) / sizeof(pt_stop_words[0]);

/* ---------------------------------------------------------------- words */

/* Ideographic and other scripts written without spaces between words: their runs are cut
 * into overlapping pairs of characters. */
static bool unspaced(utf8proc_int32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) ||   /* Hiragana, Katakana */
	       (c >= 0x3400 && c <= 0x4dbf) ||   /* CJK extension A */
	       (c >= 0x4e00 && c <= 0x9fff) ||   /* CJK unified ideographs */
	       (c >= 0xf900 && c <= 0xfaff) ||   /* compatibility ideographs */
	       (c >= 0xff66 && c <= 0xff9f) ||   /* half-width Katakana */
	       (c >= 0x20000 && c <= 0x3134f) || /* CJK extensions B.. */
	       (c >= 0x0e00 && c <= 0x0eff) ||   /* Thai, Lao */
	       (c >= 0x1000 && c <= 0x109f) ||   /* Myanmar */
	       (c >= 0x1780 && c <= 0x17ff) ||   /* Khmer */
	       c == 0x30fc;
}

/* Fold a token that has non-ASCII letters; the caller frees the result. */
static char *fold_token(const char *tok)
{
	char *f = text_fold(tok);
	char *c;

	if (f == NULL)
		return NULL;
	c = (char *)utf8proc_NFC((const utf8proc_uint8_t *)f);
	pt_wipe_free(&f);
	return c;
}

rf_status pt_term_new(pattern *p, const char *str, size_t len, uint32_t h, uint32_t a,
			  uint32_t b, uint32_t *out)
{
	term *t;
	uint32_t idx;

	if (GROW(p->terms, p->capterms, p->nterms + 1) != RF_OK)
		return RF_ERR_NOMEM;
	if (p->nterms >= NONE - 1)
		return RF_ERR_TOO_BIG;
	t = &p->terms[p->nterms];
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->b = b;
	idx = (uint32_t)p->nterms;
	if (str != NULL) {
		t->str = malloc(len + 1);
		if (t->str == NULL)
			return RF_ERR_NOMEM;
		memcpy(t->str, str, len);
		t->str[len] = '\0';
		if (pt_strmap_put(&p->termmap, t->str, len, h, idx) != RF_OK) {
			pt_wipe_free(&t->str);
			return RF_ERR_NOMEM;
		}
	} else if (pt_intmap_put(&p->phrasemap, ((uint64_t)a << 32) | b, idx) != RF_OK) {
		return RF_ERR_NOMEM;
	}
	p->nterms++;
	*out = idx;
	return RF_OK;
}

static rf_status term_hit(pattern *p, uint32_t t, bool fg, uint32_t ord)
{
	term *T = &p->terms[t];

	if (T->lastbg != p->bgdocs) {
		T->lastbg = p->bgdocs;
		T->dfbg++;
	}
	if (fg) {
		T->tf++;
		if (T->last != ord + 1) {
			T->last = ord + 1;
			T->df++;
			return pt_idlist_add(&T->ids, ord);
		}
	}
	return RF_OK;
}

/* ASCII: 1 for a letter, 2 for a digit, 0 otherwise. */
static const unsigned char ascii_class[128] = {
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2,
	['8'] = 2, ['9'] = 2,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The tokeniser's state within one text. */
typedef struct scan {
	pattern *p;
	bool fg;
	uint32_t ord; /* the document, when fg */
	char buf[TOKMAX + 1];
	size_t len;
	bool ascii, toolong;
	unsigned ncp;
	bool digits;
	uint32_t h;    /* hash of buf so far (ASCII words need no other) */
	uint32_t prev; /* the word before, for phrases; NONE after a break */
} scan;

/* Look up (or add) a word; NONE for a stop word. */
static rf_status word_lookup(pattern *p, const char *w, size_t len, uint32_t h, bool add,
			       uint32_t *out)
{
	uint32_t idx = pt_strmap_get(&p->termmap, w, len, h);

	*out = NONE;
	if (idx == NONE) {
		rf_status st;
		if (!add)
			return RF_OK;
		st = pt_term_new(p, w, len, h, NONE, NONE, &idx);
		if (st != RF_OK)
			return st;
	}
	if (p->terms[idx].stop)
		return RF_OK;
	*out = idx;
	return RF_OK;
}

static rf_status flush(scan *s)
{
	pattern *p = s->p;
	char *folded = NULL;
	const char *w = s->buf;
	size_t len = s->len;
	uint32_t id = NONE;
	rf_status st = RF_OK;

	if (s->len == 0 && !s->toolong)
		return RF_OK;
	if (s->toolong || s->digits || s->ncp < 2) {
		s->prev = NONE;
		goto out;
	}
	s->buf[s->len] = '\0';
	if (!s->ascii) {
		folded = fold_token(s->buf);
		if (folded == NULL) {
			st = RF_ERR_NOMEM;
			goto out;
		}
		w = folded;
		len = strlen(folded);
		if (len == 0) {
			s->prev = NONE;
			goto out;
		}
	}
	st = word_lookup(p, w, len, folded ? pt_hash_bytes(w, len) : s->h, true, &id);
	if (st != RF_OK)
		goto out;
	if (id == NONE) {
		s->prev = NONE;
		goto out;
	}
	st = term_hit(p, id, s->fg, s->ord);
	if (st == RF_OK && s->prev != NONE) {
		uint64_t key = ((uint64_t)s->prev << 32) | id;
		uint32_t ph = pt_intmap_get(&p->phrasemap, key);
		if (ph == NONE)
			st = pt_term_new(p, NULL, 0, 0, s->prev, id, &ph);
		if (st == RF_OK)
			st = term_hit(p, ph, s->fg, s->ord);
	}
	s->prev = id;
out:
	if (folded)
		pt_wipe_free(&folded);
	s->h = FNV_BASIS;
	s->len = 0;
	s->ncp = 0;
	s->ascii = true;
	s->toolong = false;
	s->digits = true;
	return st;
}

/* A run of an unspaced script, from q; returns the bytes consumed. */
static rf_status scan_unspaced(scan *s, const unsigned char *q, size_t *used)
{
	const unsigned char *start = q;
	const unsigned char *mark[3] = {q, NULL, NULL}; /* starts of the last characters */
	size_t nchars = 0;
	rf_status st = RF_OK;

	for (;;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(q, -1, &c);
		const unsigned char *from;
		char *piece, *folded;
		uint32_t id;
		if (n <= 0 || !unspaced(c)) {
			if (nchars == 1) {
				/* A lone character is a word on its own. */
				from = start;
				goto emit_last;
			}
			break;
		}
		q += n;
		nchars++;
		mark[0] = mark[1];
		mark[1] = mark[2];
		mark[2] = q;
		if (nchars < 2)
			continue;
		from = nchars == 2 ? start : mark[0];
		goto emit;
	emit_last:
		from = start;
		q = mark[2] ? mark[2] : q;
		nchars = 2; /* stop after this one */
	emit:
		piece = malloc((size_t)(q - from) + 1);
		if (piece == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		memcpy(piece, from, (size_t)(q - from));
		piece[q - from] = '\0';
		folded = fold_token(piece);
		pt_wipe_free(&piece);
		if (folded == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		st = word_lookup(s->p, folded, strlen(folded), pt_hash_bytes(folded, strlen(folded)),
				 true, &id);
		if (st == RF_OK && id != NONE)
			st = term_hit(s->p, id, s->fg, s->ord);
		pt_wipe_free(&folded);
		if (st != RF_OK || n <= 0 || !unspaced(c))
			break;
	}
	*used = (size_t)(q - start);
	if (*used == 0)
		*used = 1;
	s->prev = NONE;
	return st;
}

static rf_status scan_text(pattern *p, const char *text, bool fg, uint32_t ord)
{
	const unsigned char *q = (const unsigned char *)text;
	scan s;
	rf_status st = RF_OK;

	if (text == NULL)
		return RF_OK;
	memset(&s, 0, sizeof(s));
	s.p = p;
	s.fg = fg;
	s.ord = ord;
	s.ascii = true;
	s.digits = true;
	s.h = FNV_BASIS;
	s.prev = NONE;
	while (*q && st == RF_OK) {
		unsigned c = *q;
		if (c < 0x80) {
			unsigned k = ascii_class[c];
			if (k != 0) {
				if (k == 1) {
					c |= 0x20; /* lower case */
					s.digits = false;
				}
				if (s.len < TOKMAX) {
					s.buf[s.len++] = (char)c;
					s.h = (s.h ^ c) * FNV_PRIME;
				} else {
					s.toolong = true;
				}
				s.ncp++;
			} else {
				st = flush(&s);
				if (!(c == ' ' || c == '\'' || c == '-' || c == '\t' || c == '/'))
					s.prev = NONE;
			}
			q++;
			continue;
		}
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate(q, -1, &cp);
			utf8proc_category_t cat;
			if (n <= 0) {
				st = flush(&s);
				s.prev = NONE;
				q++;
				continue;
			}
			if (unspaced(cp)) {
				size_t used = 0;
				st = flush(&s);
				if (st == RF_OK)
					st = scan_unspaced(&s, q, &used);
				q += used;
				continue;
			}
			cat = utf8proc_category(cp);
			if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) {
				if (s.len + (size_t)n <= TOKMAX) {
					memcpy(s.buf + s.len, q, (size_t)n);
					s.len += (size_t)n;
				} else {
					s.toolong = true;
				}
				s.ascii = false;
				if (cat < UTF8PROC_CATEGORY_ND)
					s.digits = false;
				if (cat < UTF8PROC_CATEGORY_MN || cat > UTF8PROC_CATEGORY_ME)
					s.ncp++;
			} else {
				st = flush(&s);
				if (!(cat == UTF8PROC_CATEGORY_ZS || cp == 0x2019 || cp == 0x00a0))
					s.prev = NONE;
			}
			q += n;
		}
	}
	if (st == RF_OK)
		st = flush(&s);
	sodium_memzero(&s, sizeof(s));
	return st;
}

bool pt_has_texts(const entry *e)
{
	return e->notice_text || e->notice_between || e->notice_stirred || e->curious_text ||
	       e->curious_parent || e->curious_infant;
}

/* Read the words of e: of document ord of the set (fg), or background. */
rf_status pt_scan_entry(pattern *p, const entry *e, bool fg, uint32_t ord)
{
	const char *texts[] = {e->notice_text,  e->notice_between, e->notice_stirred,
			       e->curious_text, e->curious_parent, e->curious_infant};
	rf_status st = RF_OK;

	p->bgdocs++;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]) && st == RF_OK; i++)
		st = scan_text(p, texts[i], fg, ord);
	if (st == RF_OK && fg) {
		p->docs[ord].words = 1;
		p->wordsdocs++;
		p->last_word_ord = ord + 1;
		if (p->docs[ord].day < p->words_since)
			p->words_since = p->docs[ord].day;
	}
	return st;
}

static const char *term_text(const pattern *p, uint32_t t, char *buf, size_t cap)
{
	const term *T = &p->terms[t];

	if (T->str)
		return T->str;
	snprintf(buf, cap, "%s %s", p->terms[T->a].str, p->terms[T->b].str);
	return buf;
}

typedef struct cand {
	uint32_t t;
	double score;
} cand;

/* Is a before b in the list of words (higher score, then the word)? */
static bool cand_before(const pattern *p, const cand *a, const cand *b)
{
	char ba[2 * TOKMAX * 4 + 2], bb[2 * TOKMAX * 4 + 2];
	int c = pt_cmp_double_desc(a->score, b->score);

	if (c)
		return c < 0;
	return strcmp(term_text(p, a->t, ba, sizeof(ba)), term_text(p, b->t, bb, sizeof(bb))) < 0;
}

/* True when word t is mostly said within phrase f (at least 4 in 5 of its uses). */
static bool absorbed(const pattern *p, uint32_t t, uint32_t f)
{
	const term *T = &p->terms[t], *F = &p->terms[f];

	return F->str == NULL && T->str != NULL && (F->a == t || F->b == t) &&
	       (double)F->tf >= 0.8 * T->tf;
}

rf_status pt_finish_words(pattern *p)
{
	pattern_report *r = &p->r;
	size_t want = p->o.max_words, k = 2 * want, nc = 0, kept = 0;
	cand *top = calloc(k, sizeof(*top));
	double nbg = (double)p->bgdocs, n = (double)p->wordsdocs;
	rf_status st = RF_ERR_NOMEM;

	if (top == NULL)
		goto out;
	r->words_entries = p->wordsdocs;
	if (p->wordsdocs > 0)
		pt_format_day(p->words_since, r->words_since);
	for (size_t i = 0; i < p->nterms; i++) {
		const term *T = &p->terms[i];
		cand c;
		size_t j;
		if (T->stop || T->df < p->o.min_word_entries || T->dfbg == 0)
			continue;
		c.t = (uint32_t)i;
		c.score = (T->tf / n) * log(nbg / T->dfbg);
		if (c.score <= EPS)
			continue;
		if (nc == k && !cand_before(p, &c, &top[k - 1]))
			continue;
		j = nc < k ? nc++ : k - 1;
		while (j > 0 && cand_before(p, &c, &top[j - 1])) {
			top[j] = top[j - 1];
			j--;
		}
		top[j] = c;
	}
	/* A word nearly always said inside a phrase that is also here gives way to the phrase
	 * ("car" to "car seat"). */
	for (size_t i = 0; i < nc; i++) {
		bool drop = false;
		for (size_t f = 0; f < nc && !drop; f++)
			drop = f != i && absorbed(p, top[i].t, top[f].t);
		if (!drop)
			top[kept++] = top[i];
	}
	nc = kept < want ? kept : want;
	r->words = calloc(nc ? nc : 1, sizeof(*r->words));
	if (r->words == NULL)
		goto out;
	for (size_t i = 0; i < nc; i++) {
		const term *T = &p->terms[top[i].t];
		pattern_word *w = &r->words[i];
		if (T->str) {
			w->word = T->str;
		} else {
			char buf[2 * TOKMAX * 4 + 2];
			w->word = pt_keepstr(p, pt_xstrdup(term_text(p, top[i].t, buf, sizeof(buf))));
			sodium_memzero(buf, sizeof(buf));
			if (w->word == NULL)
				goto out;
		}
		w->score = top[i].score;
		w->count = T->tf;
		w->docs = T->df;
		if ((w->ids = pt_mkids(p, &T->ids)) == NULL)
			goto out;
		r->nwords++;
	}
	st = RF_OK;
out:
	free(top);
	return st;
}

