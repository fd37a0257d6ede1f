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
	t->nw = a == NONE ? 1 : (uint8_t)(p->terms[a].nw + 1);
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
	bool upper;    /* the word began with a capital letter */
	bool sentence; /* the next word begins a sentence */
	bool apos;     /* the word follows an apostrophe within a word ("father's") */
	uint32_t h;    /* hash of buf so far (ASCII words need no other) */
	uint32_t prev; /* the word before, for phrases; NONE after a break */
	uint32_t prev2; /* the word before that */
	uint32_t prev3;  /* and the one before that */
	uint32_t prevbi; /* the phrase of those two (NONE when there is none) */
	uint32_t pend[3], pendleft[3]; /* terms that ended at the last word, their left word */
} scan;

/* Look up (or add) a word, with raw (the token as written, NULL when it is the same as w)
 * kept for display when the word is new. */
static rf_status word_lookup(pattern *p, const char *w, size_t len, uint32_t h, const char *raw,
			     uint32_t *out)
{
	uint32_t idx = pt_strmap_get(&p->termmap, w, len, h);

	*out = NONE;
	if (idx == NONE) {
		rf_status st = pt_term_new(p, w, len, h, NONE, NONE, &idx);
		if (st != RF_OK)
			return st;
	}
	/* Shown with its accents: the first time it is written with any (a stop word made
	 * before any text, "también"; "mama" written before "mamá"), looked at once. */
	if (raw != NULL && p->terms[idx].disp == NULL && !p->terms[idx].written) {
		/* Lower case with its accents, as it is shown ("mamá"). */
		utf8proc_uint8_t *d = NULL;
		if (utf8proc_map((const utf8proc_uint8_t *)raw, 0, &d,
				 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					 UTF8PROC_CASEFOLD) < 0)
			d = NULL;
		if (d != NULL && strcmp((char *)d, p->terms[idx].str) != 0)
			p->terms[idx].disp = (char *)d;
		else
			free(d);
		p->terms[idx].written = true;
	}
	*out = idx;
	return RF_OK;
}

/* A phrase of a (a word or a phrase) then word b: found or made. */
static rf_status phrase_of(pattern *p, uint32_t a, uint32_t b, uint32_t *out)
{
	uint64_t key = ((uint64_t)a << 32) | b;
	uint32_t ph = pt_intmap_get(&p->phrasemap, key);

	if (ph == NONE) {
		rf_status st = pt_term_new(p, NULL, 0, 0, a, b, &ph);
		if (st != RF_OK)
			return st;
	}
	*out = ph;
	return RF_OK;
}

/* A word has been read: count it, and the phrases it ends. A function word ("of", "the")
 * may sit inside a phrase but neither begin nor end one; a weak word ("still", "away") is
 * not listed alone but may. */
/* The context an occurrence of a term is said in (the words either side) is marked in the
 * term's sketch of 64 bits: a phrase copied in the same sentence again and again has one
 * context, a phrase that keeps coming back in different sentences has many. */
static void ctx_mark(pattern *p, uint32_t t, uint32_t left, uint32_t right, uint32_t ord)
{
	uint32_t h = pt_hash_u64(((uint64_t)left << 32) | right);

	(void)ord;

	p->terms[t].ctx |= (uint64_t)1 << (h & 63);
}

/* The terms that ended at the word before get their right-hand context. */
static void ctx_close(scan *s, uint32_t right)
{
	for (size_t i = 0; i < 3; i++)
		if (s->pend[i] != NONE)
			ctx_mark(s->p, s->pend[i], s->pendleft[i], right, s->ord);
	s->pend[0] = s->pend[1] = s->pend[2] = NONE;
}

/* A word has been read: count it, and the phrases it ends. A function word ("of", "the")
 * may sit inside a phrase but neither begin nor end one; a weak word ("still", "away") is
 * not listed alone but may. */
static rf_status word_seen(scan *s, uint32_t id)
{
	pattern *p = s->p;
	uint8_t cls = p->terms[id].cls;
	uint32_t bi = NONE, tri;
	rf_status st = RF_OK;

	if (s->fg)
		ctx_close(s, id);
	if (!p->terms[id].stop) {
		st = term_hit(p, id, s->fg, s->ord);
		s->pend[0] = id;
		s->pendleft[0] = s->prev;
	}
	if (st == RF_OK && s->prev != NONE && p->terms[s->prev].cls != WORD_FUNCTION) {
		st = phrase_of(p, s->prev, id, &bi);
		if (st == RF_OK && cls != WORD_FUNCTION) {
			st = term_hit(p, bi, s->fg, s->ord);
			s->pend[1] = bi;
			s->pendleft[1] = s->prev2;
		}
	}
	if (st == RF_OK && s->prevbi != NONE && cls != WORD_FUNCTION) {
		st = phrase_of(p, s->prevbi, id, &tri);
		if (st == RF_OK) {
			st = term_hit(p, tri, s->fg, s->ord);
			s->pend[2] = tri;
			s->pendleft[2] = s->prev3;
		}
	}
	if (!s->fg)
		s->pend[0] = s->pend[1] = s->pend[2] = NONE;
	s->prev3 = s->prev2;
	s->prev2 = s->prev;
	s->prevbi = bi;
	s->prev = id;
	return st;
}

static void scan_break(scan *s)
{
	ctx_close(s, NONE);
	s->prev = s->prev2 = s->prev3 = s->prevbi = NONE;
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
	if (s->toolong || s->digits) {
		scan_break(s);
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
			scan_break(s);
			goto out;
		}
	}
	st = word_lookup(p, w, len, folded ? pt_hash_bytes(w, len) : s->h, folded ? s->buf : NULL,
			 &id);
	if (st != RF_OK)
		goto out;
	/* A single letter ("a", "I", "y") is never a word worth listing, but it sits inside
	 * phrases like any function word. */
	if (s->ncp < 2 && !p->terms[id].stop) {
		p->terms[id].stop = true;
		p->terms[id].cls = WORD_FUNCTION;
	}
	if (!s->upper)
		p->terms[id].lower = true;
	else if (!s->sentence && s->ncp >= 2)
		p->terms[id].midcap = true;
	if (s->apos && s->ncp <= 2 && p->terms[id].stop)
		p->terms[id].clitic = true;
	s->sentence = false;
	s->apos = false;
	st = word_seen(s, id);
out:
	if (folded)
		pt_wipe_free(&folded);
	s->h = FNV_BASIS;
	s->len = 0;
	s->ncp = 0;
	s->ascii = true;
	s->toolong = false;
	s->digits = true;
	s->upper = false;
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
				 NULL, &id);
		if (st == RF_OK)
			s->p->terms[id].lower = true; /* a script without capitals */
		if (st == RF_OK && !s->p->terms[id].stop)
			st = term_hit(s->p, id, s->fg, s->ord);
		pt_wipe_free(&folded);
		if (st != RF_OK || n <= 0 || !unspaced(c))
			break;
	}
	*used = (size_t)(q - start);
	if (*used == 0)
		*used = 1;
	scan_break(s);
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
	s.pend[0] = s.pend[1] = s.pend[2] = NONE;
	s.p = p;
	s.fg = fg;
	s.ord = ord;
	s.ascii = true;
	s.digits = true;
	s.sentence = true;
	s.h = FNV_BASIS;
	scan_break(&s);
	while (*q && st == RF_OK) {
		unsigned c = *q;
		if (c < 0x80) {
			unsigned k = ascii_class[c];
			if (k != 0) {
				if (k == 1) {
					if (s.len == 0 && c <= 'Z')
						s.upper = true;
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
				bool inword = s.len > 0;
				st = flush(&s);
				s.apos = c == '\'' && inword;
				if (!(c == ' ' || c == '\'' || c == '-' || c == '\t' || c == '/'))
					scan_break(&s);
				if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':')
					s.sentence = true;
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
				scan_break(&s);
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
				if (s.len == 0 && (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT))
					s.upper = true;
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
				bool inword = s.len > 0;
				st = flush(&s);
				s.apos = cp == 0x2019 && inword;
				if (!(cat == UTF8PROC_CATEGORY_ZS || cp == 0x2019 || cp == 0x00a0))
					scan_break(&s);
				if (cp == 0xbf || cp == 0xa1 || cp == 0x2026 || cp == 0x3002)
					s.sentence = true; /* ¿ ¡ … 。 */
			}
			q += n;
		}
	}
	if (st == RF_OK)
		st = flush(&s);
	scan_break(&s);
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

/* The words of term t (its word ids, in order) into w; returns how many (1 to 3). */
static size_t term_words(const pattern *p, uint32_t t, uint32_t w[3])
{
	const term *T = &p->terms[t];

	if (T->nw == 1) {
		w[0] = t;
		return 1;
	}
	if (T->nw == 2) {
		w[0] = T->a;
		w[1] = T->b;
		return 2;
	}
	w[0] = p->terms[T->a].a;
	w[1] = p->terms[T->a].b;
	w[2] = T->b;
	return 3;
}

static const char *compose(const pattern *p, uint32_t t, char *buf, size_t cap, bool shown)
{
	uint32_t w[3];
	size_t n = term_words(p, t, w), o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		const term *W = &p->terms[w[i]];
		/* Shown, a clitic joins the word before as it was written: "father's name". */
		int k = snprintf(buf + o, cap - o, "%s%s",
				 i == 0 ? "" : shown && W->clitic ? "'" : " ",
				 shown && W->disp ? W->disp : W->str);
		if (k < 0)
			break;
		o += (size_t)k;
	}
	return buf;
}

const char *pt_term_key(const pattern *p, uint32_t t, char *buf, size_t cap)
{
	if (p->terms[t].str)
		return p->terms[t].str;
	return compose(p, t, buf, cap, false);
}

char *pt_term_display(const pattern *p, uint32_t t)
{
	char buf[3 * (TOKMAX * 4 + 1) + 4];
	char *s = pt_xstrdup(compose(p, t, buf, sizeof(buf), true));

	sodium_memzero(buf, sizeof(buf));
	return s;
}

typedef struct cand {
	uint32_t t;
	double score;
} cand;

/* Is a before b in the list of words (higher score, then the word)? */
static bool cand_before(const pattern *p, const cand *a, const cand *b)
{
	char ba[3 * (TOKMAX * 4 + 1) + 4], bb[3 * (TOKMAX * 4 + 1) + 4];
	int c = pt_cmp_double_desc(a->score, b->score);

	if (c)
		return c < 0;
	return strcmp(pt_term_key(p, a->t, ba, sizeof(ba)), pt_term_key(p, b->t, bb, sizeof(bb))) < 0;
}

/* True when the words of t are within those of f, in order. */
static bool within(const pattern *p, uint32_t t, uint32_t f)
{
	uint32_t tw[3], fw[3];
	size_t tn, fn;
	bool in = false;

	if (p->terms[f].nw <= p->terms[t].nw)
		return false;
	tn = term_words(p, t, tw);
	fn = term_words(p, f, fw);
	for (size_t s = 0; s + tn <= fn && !in; s++) {
		in = true;
		for (size_t k = 0; k < tn; k++)
			in = in && fw[s + k] == tw[k];
	}
	return in;
}

/* True when t (a word or a phrase of two) is mostly said within phrase f, which holds it
 * (at least 4 in 5 of its uses). */
static bool absorbed(const pattern *p, uint32_t t, uint32_t f)
{
	return (double)p->terms[f].tf >= 0.8 * p->terms[t].tf && within(p, t, f);
}

/* True when phrase t is one of the sentences a shorter recurring phrase f is said in ("baby
 * turned away" of "turned away"): f says it, and more often. */
static bool extends(const pattern *p, uint32_t t, uint32_t f)
{
	return p->terms[f].nw >= 2 && within(p, f, t) && !absorbed(p, f, t);
}

/* In how many different contexts a term was said, over how often (0 to 1], from its sketch
 * (linear counting). */
static double variety(const term *T)
{
	int bits = 0;
	double distinct;

	for (uint64_t v = T->ctx; v; v &= v - 1)
		bits++;
	if (T->tf == 0 || T->ctx == 0)
		return 1.0; /* no context read (a script written without spaces) */
	/* Few bits: as many contexts (a collision is unlikely); more: linear counting. */
	distinct = bits < 16 ? bits : bits >= 64 ? T->tf : -64.0 * log(1.0 - bits / 64.0);
	if (distinct < 1)
		distinct = 1;
	return distinct >= T->tf ? 1.0 : distinct / T->tf;
}

/* True when a word of t is kept out of sight: a word written with a capital within a
 * sentence and never in lower case ("we met Ruby": a possible name, even one the dictionary
 * knows), or one the caller wants hidden (a listed name, a word no dictionary knows). */
static bool hidden(const pattern *p, uint32_t t)
{
	uint32_t w[3];
	size_t n = term_words(p, t, w);

	for (size_t i = 0; i < n; i++)
		if (p->terms[w[i]].midcap && !p->terms[w[i]].lower)
			return true;
	if (p->o.hide_word == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		const term *W = &p->terms[w[i]];
		if (p->o.hide_word(p->o.hide_ctx, W->disp ? W->disp : W->str) ||
		    (W->disp && p->o.hide_word(p->o.hide_ctx, W->str)))
			return true;
	}
	return false;
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
		/* Said in more than half the entries: part of how every entry is written, not a
		 * pattern among them. */
		if (n >= 4 && T->df * 2.0 > n)
			continue;
		c.t = (uint32_t)i;
		/* How often it recurs here, times how distinctive it is against the journal; a
		 * phrase says more than a word alone. */
		c.score = (T->tf / n) * log(nbg / T->dfbg) * (1.0 + 0.5 * (T->nw - 1)) *
			  variety(T);
		if (c.score <= EPS)
			continue;
		if (nc == k && !cand_before(p, &c, &top[k - 1]))
			continue;
		if (hidden(p, c.t))
			continue;
		j = nc < k ? nc++ : k - 1;
		while (j > 0 && cand_before(p, &c, &top[j - 1])) {
			top[j] = top[j - 1];
			j--;
		}
		top[j] = c;
	}
	/* A word (or a phrase) nearly always said inside a longer phrase that is also here
	 * gives way to it ("car" to "car seat"); a longer phrase that is only some of the times
	 * a shorter one is said gives way to the shorter ("baby went still" to "went still"). */
	for (size_t i = 0; i < nc; i++) {
		bool drop = false;
		for (size_t f = 0; f < nc && !drop; f++)
			drop = f != i && (absorbed(p, top[i].t, top[f].t) || extends(p, top[i].t, top[f].t));
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
		if (T->nw == 1)
			w->word = T->disp ? T->disp : T->str;
		else if ((w->word = pt_keepstr(p, pt_term_display(p, top[i].t))) == NULL)
			goto out;
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

/* Words that say little alone but may begin or end a phrase ("went still", "turned away",
 * "kept coming back"); the rest of the stop words are function words. */
const char *const pt_weak_words[] = {
	"still", "went", "came", "come", "go", "going", "back", "down", "away", "out", "up",
	"off", "over", "again", "no", "not", "never", "felt", "feel", "feeling", "seemed",
	"seem", "seems", "like", "made", "make", "said", "say", "says", "time", "know",
	"think", "see", "saw", "today", "really", "quite", "something", "things", "thing",
	"lot", "around", "maybe", "perhaps", "many", "much", "more", "most", "very", "too",
	"get", "got", "let", "kept", "keep", "keeps", "keeping", "brings", "bring", "brought",
	"bringing", "coming", "comes", "wonder", "wondered", "wondering", "just", "even",
	"ever", "only", "once", "yet", "now", "then", "here", "there", "before", "after",
	"nada", "mas", "muy", "casi", "todo", "hoy", "creo", "siento", "senti", "sigue",
};
const size_t pt_nweak_words = sizeof(pt_weak_words) / sizeof(pt_weak_words[0]);
