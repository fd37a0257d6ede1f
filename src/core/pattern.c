/* pattern.c - patterns across entries for the review pane: volume, activation, labels, shifts,
 * pairs and associations with lift, TF-IDF words and phrases, open questions, self-care,
 * revisit. Entries are fed one at a time; every item keeps the entries behind it. */
#include "reflect/pattern.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <utf8proc.h>

#include <jansson.h>

#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/journal.h"
#include "reflect/text.h"

#define NONE UINT32_MAX
#define TOKMAX 64 /* longer runs of letters are not words (links, codes) */

/* ---------------------------------------------------------------- memory helpers */

/* Grow *v (of *cap elements of size sz) to hold at least need elements. */
static rf_status grow(void **v, size_t *cap, size_t need, size_t sz)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return RF_OK;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return RF_ERR_NOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / sz)
		return RF_ERR_NOMEM;
	nv = realloc(*v, ncap * sz);
	if (nv == NULL)
		return RF_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return RF_OK;
}

#define GROW(arr, cap, need) grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

static void wipe_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* ---------------------------------------------------------------- id lists */

/* Document ordinals, increasing, stored as varint gaps: about a byte per entry. */
typedef struct idlist {
	unsigned char *buf;
	uint32_t len, cap;
	uint32_t n;
	uint32_t last; /* last ordinal + 1, 0 when empty */
} idlist;

static rf_status idlist_add(idlist *l, uint32_t ord)
{
	uint32_t gap = ord + 1 - l->last;

	if (l->cap - l->len < 5) {
		uint32_t ncap = l->cap ? l->cap * 2 : 8;
		unsigned char *nb;
		if (l->cap > UINT32_MAX / 2)
			return RF_ERR_NOMEM;
		nb = realloc(l->buf, ncap);
		if (nb == NULL)
			return RF_ERR_NOMEM;
		l->buf = nb;
		l->cap = ncap;
	}
	while (gap >= 0x80) {
		l->buf[l->len++] = (unsigned char)(gap | 0x80);
		gap >>= 7;
	}
	l->buf[l->len++] = (unsigned char)gap;
	l->last = ord + 1;
	l->n++;
	return RF_OK;
}

/* Iterate: *pos starts at 0, *prev at 0; returns false at the end. */
static bool idlist_next(const idlist *l, uint32_t *pos, uint32_t *prev, uint32_t *ord)
{
	uint32_t gap = 0;
	int shift = 0;

	if (*pos >= l->len)
		return false;
	for (;;) {
		unsigned char b = l->buf[(*pos)++];
		gap |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	*prev += gap;
	*ord = *prev - 1;
	return true;
}

static void idlist_free(idlist *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

struct pattern_ids {
	const idlist *l;
	const struct pattern *p;
};

/* ---------------------------------------------------------------- hash maps */

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = FNV_BASIS;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

static uint32_t hash_u64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return (uint32_t)k;
}

/* Strings to indices; the keys belong to the caller and must outlive the map. */
typedef struct strslot {
	const char *key;
	uint32_t len, hash, val;
} strslot;

typedef struct strmap {
	strslot *s;
	size_t cap, n; /* cap a power of two */
} strmap;

static uint32_t strmap_get(const strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		const strslot *s = &m->s[i];
		if (s->key == NULL)
			return NONE;
		if (s->hash == h && s->len == len) {
			size_t k = 0;
			while (k < len && s->key[k] == key[k])
				k++;
			if (k == len)
				return s->val;
		}
	}
}

static rf_status strmap_rehash(strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	strslot *ns;

	if (ncap > SIZE_MAX / sizeof(*ns))
		return RF_ERR_NOMEM;
	ns = calloc(ncap, sizeof(*ns));
	if (ns == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (m->s[i].key == NULL)
			continue;
		for (j = m->s[i].hash & (ncap - 1); ns[j].key; j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->s[i];
	}
	free(m->s);
	m->s = ns;
	m->cap = ncap;
	return RF_OK;
}

/* Insert a key known to be absent. */
static rf_status strmap_put(strmap *m, const char *key, size_t len, uint32_t h, uint32_t val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3) {
		rf_status st = strmap_rehash(m);
		if (st != RF_OK)
			return st;
	}
	for (i = h & (m->cap - 1); m->s[i].key; i = (i + 1) & (m->cap - 1))
		;
	m->s[i] = (strslot){key, (uint32_t)len, h, val};
	m->n++;
	return RF_OK;
}

/* 64-bit keys (never UINT64_MAX) to indices. */
typedef struct intslot {
	uint64_t key;
	uint32_t val;
} intslot;

typedef struct intmap {
	intslot *s;
	size_t cap, n;
} intmap;

#define INT_EMPTY UINT64_MAX

static uint32_t intmap_get(const intmap *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	for (i = hash_u64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].key == key)
			return m->s[i].val;
		if (m->s[i].key == INT_EMPTY)
			return NONE;
	}
}

static rf_status intmap_put(intmap *m, uint64_t key, uint32_t val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		intslot *ns;
		if (ncap > SIZE_MAX / sizeof(*ns))
			return RF_ERR_NOMEM;
		ns = malloc(ncap * sizeof(*ns));
		if (ns == NULL)
			return RF_ERR_NOMEM;
		for (size_t j = 0; j < ncap; j++)
			ns[j].key = INT_EMPTY;
		for (size_t j = 0; j < m->cap; j++) {
			size_t k;
			if (m->s[j].key == INT_EMPTY)
				continue;
			for (k = hash_u64(m->s[j].key) & (ncap - 1); ns[k].key != INT_EMPTY;
			     k = (k + 1) & (ncap - 1))
				;
			ns[k] = m->s[j];
		}
		free(m->s);
		m->s = ns;
		m->cap = ncap;
	}
	for (i = hash_u64(key) & (m->cap - 1); m->s[i].key != INT_EMPTY; i = (i + 1) & (m->cap - 1))
		;
	m->s[i].key = key;
	m->s[i].val = val;
	m->n++;
	return RF_OK;
}

/* The value of key, inserted as 0 when absent; NULL when out of memory. The pointer is
 * valid until the next insertion. */
static uint32_t *intmap_slot(intmap *m, uint64_t key)
{
	size_t i;

	if (m->cap > 0)
		for (i = hash_u64(key) & (m->cap - 1); m->s[i].key != INT_EMPTY;
		     i = (i + 1) & (m->cap - 1))
			if (m->s[i].key == key)
				return &m->s[i].val;
	if (intmap_put(m, key, 0) != RF_OK)
		return NULL;
	for (i = hash_u64(key) & (m->cap - 1); m->s[i].key != key; i = (i + 1) & (m->cap - 1))
		;
	return &m->s[i].val;
}

/* Counts over pairs of small numbers (a, b): a dense table when it is small enough, a hash
 * map otherwise. A count is later replaced by RETAINED | the index of a kept item. */
typedef struct cmap {
	uint32_t *dense; /* rows * cols counts, or NULL */
	size_t rows, cols;
	intmap map;
} cmap;

#define RETAINED 0x80000000u

static rf_status cmap_init(cmap *m, size_t rows, size_t cols)
{
	memset(m, 0, sizeof(*m));
	m->rows = rows;
	m->cols = cols;
	if (rows > 0 && cols > 0 && rows <= ((size_t)4 << 20) / cols) {
		m->dense = calloc(rows * cols, sizeof(*m->dense));
		if (m->dense == NULL)
			return RF_ERR_NOMEM;
	}
	return RF_OK;
}

static void cmap_free(cmap *m)
{
	free(m->dense);
	free(m->map.s);
	memset(m, 0, sizeof(*m));
}

static uint32_t *cmap_slot(cmap *m, uint32_t a, uint32_t b)
{
	if (m->dense)
		return &m->dense[(size_t)a * m->cols + b];
	return intmap_slot(&m->map, ((uint64_t)a << 32) | b);
}

static uint32_t cmap_get(const cmap *m, uint32_t a, uint32_t b)
{
	uint32_t v;

	if (m->dense)
		return m->dense[(size_t)a * m->cols + b];
	v = intmap_get(&m->map, ((uint64_t)a << 32) | b);
	return v == NONE ? 0 : v;
}

/* Iterate the nonzero cells: *pos starts at 0. */
static bool cmap_next(cmap *m, size_t *pos, uint32_t *a, uint32_t *b, uint32_t **val)
{
	if (m->dense) {
		for (; *pos < m->rows * m->cols; (*pos)++)
			if (m->dense[*pos] != 0) {
				*a = (uint32_t)(*pos / m->cols);
				*b = (uint32_t)(*pos % m->cols);
				*val = &m->dense[(*pos)++];
				return true;
			}
		return false;
	}
	for (; *pos < m->map.cap; (*pos)++)
		if (m->map.s[*pos].key != INT_EMPTY && m->map.s[*pos].val != 0) {
			*a = (uint32_t)(m->map.s[*pos].key >> 32);
			*b = (uint32_t)m->map.s[*pos].key;
			*val = &m->map.s[(*pos)++].val;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- dates and weeks */

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
	int era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static bool parse_day(const char *s, int32_t *out)
{
	int y;
	unsigned m, d;

	if (s == NULL || !entry_valid_date(s))
		return false;
	/* entry_valid_date checked the shape: YYYY-MM-DD. */
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	*out = days_from_civil(y, m, d);
	return true;
}

static void format_day(int32_t z, char out[11])
{
	int y;
	unsigned m, d;

	civil_from_days(z, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u, d % 100u);
}

/* Days since Monday (Monday 0); 1970-01-01 was a Thursday. */
static int weekday(int32_t z)
{
	return (int)(((z % 7) + 7 + 3) % 7);
}

static void iso_week(int32_t z, char out[9])
{
	int32_t thu = z - weekday(z) + 3;
	int y;
	unsigned m, d;
	int32_t jan1;

	civil_from_days(thu, &y, &m, &d);
	jan1 = days_from_civil(y, 1, 1);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, 9, "%04u-W%02u", (unsigned)y % 10000u, (unsigned)((thu - jan1) / 7 + 1) % 100u);
}

/* ---------------------------------------------------------------- the state */

typedef struct doc {
	int64_t id;
	int64_t written;
	int32_t day;
	int8_t act;
	uint32_t family, vtype; /* value indices or NONE */
	uint32_t lab_off;       /* into pattern.doclabs */
	uint16_t nlab;
	uint8_t words; /* its words were read */
} doc;

typedef struct label {
	char *key; /* kind prefix + folded name */
	char *name;
	pattern_kind kind;
	unsigned count;
	idlist ids;
} label;

typedef struct value {
	char *key;
	char *name;
	unsigned count;
} value;


typedef struct term {
	char *str;     /* unigrams (and stop words); NULL for phrases */
	uint32_t a, b; /* a phrase's words; NONE for unigrams */
	uint32_t tf, df, dfbg;
	uint32_t last, lastbg; /* document + 1 last seen, to count each entry once */
	bool stop;
	idlist ids;
} term;

typedef struct question {
	uint32_t doc;
	char *text;
} question;

struct pattern {
	pattern_opts o;
	rf_status st; /* sticky failure */
	bool finished;

	doc *docs;
	size_t ndocs, capdocs;
	uint32_t *doclabs;
	size_t ndoclabs, capdoclabs;
	uint32_t bgdocs;     /* documents whose words were read, set and background */
	uint32_t wordsdocs;  /* documents of the set whose words were read */
	uint32_t last_word_ord; /* the last of them + 1: words come in the order of adding */
	uint32_t word_cursor;   /* where pattern_add_words looks first */
	int32_t words_since; /* the oldest day among them */

	label *labels;
	size_t nlabels, caplabels;
	strmap labelmap;

	value *fams, *vtypes;
	size_t nfams, capfams, nvtypes, capvtypes;
	strmap fammap, vtypemap;


	term *terms;
	size_t nterms, capterms;
	strmap termmap;
	intmap phrasemap;

	question *questions;
	size_t nquestions, capquestions;

	/* finish */
	pattern_report r;
	pattern_ids **pids;
	size_t npids, cappids;
	size_t cappairs, capassocs;
	idlist **extra; /* id lists made at finish */
	size_t nextra, capextra;
	char **strs; /* strings made at finish (phrases, why) */
	size_t nstrs, capstrs;
};

static rf_status fail(pattern *p, rf_status st)
{
	if (p->st == RF_OK)
		p->st = st;
	return st;
}

static const pattern_ids *mkids(pattern *p, const idlist *l)
{
	pattern_ids *ids;

	if (GROW(p->pids, p->cappids, p->npids + 1) != RF_OK)
		return NULL;
	ids = malloc(sizeof(*ids));
	if (ids == NULL)
		return NULL;
	ids->l = l;
	ids->p = p;
	p->pids[p->npids++] = ids;
	return ids;
}

static idlist *mkextra(pattern *p)
{
	idlist *l;

	if (GROW(p->extra, p->capextra, p->nextra + 1) != RF_OK)
		return NULL;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	p->extra[p->nextra++] = l;
	return l;
}

static char *keepstr(pattern *p, char *s)
{
	if (s == NULL)
		return NULL;
	if (GROW(p->strs, p->capstrs, p->nstrs + 1) != RF_OK) {
		wipe_free(&s);
		return NULL;
	}
	p->strs[p->nstrs++] = s;
	return s;
}

/* ---------------------------------------------------------------- stop words */

/* English and Spanish (the languages the interface speaks), folded as tokens are. */
static const char *const stop_words[] = {
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

/* ---------------------------------------------------------------- labels and values */

/* The key a label or value is matched by: prefix (may be "") then name folded and trimmed,
 * into buf (cap bytes). Plain ASCII folds by lower-casing; anything else goes through
 * text_fold. Returns the key's length, 0 for an empty name; -1 when out of memory or too
 * long to be a label. */
static long fold_key(const char *prefix, const char *name, char *buf, size_t cap)
{
	size_t pl = strlen(prefix), n = 0;
	const unsigned char *c = (const unsigned char *)name;
	char *folded = NULL;
	long len;

	while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
		c++;
	for (const unsigned char *d = c; *d; d++) {
		if (*d >= 0x80) {
			folded = text_fold((const char *)c);
			if (folded == NULL)
				return -1;
			text_trim(folded);
			c = (const unsigned char *)folded;
			break;
		}
	}
	memcpy(buf, prefix, pl);
	for (; *c; c++) {
		if (pl + n + 1 >= cap) {
			wipe_free(&folded);
			return -1;
		}
		buf[pl + n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c | 0x20 : *c);
	}
	while (n > 0 && (buf[pl + n - 1] == ' ' || buf[pl + n - 1] == '\t' ||
			 buf[pl + n - 1] == '\n' || buf[pl + n - 1] == '\r'))
		n--;
	buf[pl + n] = '\0';
	wipe_free(&folded);
	len = n == 0 ? 0 : (long)(pl + n);
	return len;
}

static rf_status label_index(pattern *p, pattern_kind kind, const char *name, uint32_t *out)
{
	char buf[512];
	long n = fold_key(kind == PATTERN_EMOTION ? "e:" : "t:", name, buf, sizeof(buf));
	uint32_t h, idx;
	rf_status st = RF_ERR_NOMEM;
	label *l;

	*out = NONE;
	if (n <= 0) {
		/* Empty, or far too long to be a label: not counted. */
		st = n < 0 && strlen(name) < sizeof(buf) / 2 ? RF_ERR_NOMEM : RF_OK;
		goto out;
	}
	h = hash_bytes(buf, (size_t)n);
	idx = strmap_get(&p->labelmap, buf, (size_t)n, h);
	if (idx == NONE) {
		if (GROW(p->labels, p->caplabels, p->nlabels + 1) != RF_OK)
			goto out;
		l = &p->labels[p->nlabels];
		memset(l, 0, sizeof(*l));
		l->key = xstrdup(buf);
		l->name = xstrdup(name);
		if (l->key == NULL || l->name == NULL) {
			wipe_free(&l->key);
			wipe_free(&l->name);
			goto out;
		}
		text_trim(l->name);
		l->kind = kind;
		idx = (uint32_t)p->nlabels;
		if (strmap_put(&p->labelmap, l->key, (size_t)n, h, idx) != RF_OK) {
			wipe_free(&l->key);
			wipe_free(&l->name);
			goto out;
		}
		p->nlabels++;
	}
	*out = idx;
	st = RF_OK;
out:
	sodium_memzero(buf, sizeof(buf));
	return st;
}

static rf_status value_index(strmap *m, value **v, size_t *nv, size_t *cap, const char *name,
			     uint32_t *out)
{
	char buf[512];
	long n;
	uint32_t h, idx;
	rf_status st = RF_ERR_NOMEM;
	value *val;

	*out = NONE;
	if (name == NULL)
		return RF_OK;
	n = fold_key("", name, buf, sizeof(buf));
	if (n <= 0) {
		st = n < 0 && strlen(name) < sizeof(buf) / 2 ? RF_ERR_NOMEM : RF_OK;
		goto out;
	}
	h = hash_bytes(buf, (size_t)n);
	idx = strmap_get(m, buf, (size_t)n, h);
	if (idx == NONE) {
		if (GROW(*v, *cap, *nv + 1) != RF_OK)
			goto out;
		val = &(*v)[*nv];
		val->count = 0;
		val->key = xstrdup(buf);
		val->name = xstrdup(name);
		if (val->key == NULL || val->name == NULL) {
			wipe_free(&val->key);
			wipe_free(&val->name);
			goto out;
		}
		text_trim(val->name);
		idx = (uint32_t)*nv;
		if (strmap_put(m, val->key, (size_t)n, h, idx) != RF_OK) {
			wipe_free(&val->key);
			wipe_free(&val->name);
			goto out;
		}
		(*nv)++;
	}
	*out = idx;
	st = RF_OK;
out:
	sodium_memzero(buf, sizeof(buf));
	return st;
}

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
	wipe_free(&f);
	return c;
}

static rf_status term_new(pattern *p, const char *str, size_t len, uint32_t h, uint32_t a,
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
		if (strmap_put(&p->termmap, t->str, len, h, idx) != RF_OK) {
			wipe_free(&t->str);
			return RF_ERR_NOMEM;
		}
	} else if (intmap_put(&p->phrasemap, ((uint64_t)a << 32) | b, idx) != RF_OK) {
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
			return idlist_add(&T->ids, ord);
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
	uint32_t idx = strmap_get(&p->termmap, w, len, h);

	*out = NONE;
	if (idx == NONE) {
		rf_status st;
		if (!add)
			return RF_OK;
		st = term_new(p, w, len, h, NONE, NONE, &idx);
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
	st = word_lookup(p, w, len, folded ? hash_bytes(w, len) : s->h, true, &id);
	if (st != RF_OK)
		goto out;
	if (id == NONE) {
		s->prev = NONE;
		goto out;
	}
	st = term_hit(p, id, s->fg, s->ord);
	if (st == RF_OK && s->prev != NONE) {
		uint64_t key = ((uint64_t)s->prev << 32) | id;
		uint32_t ph = intmap_get(&p->phrasemap, key);
		if (ph == NONE)
			st = term_new(p, NULL, 0, 0, s->prev, id, &ph);
		if (st == RF_OK)
			st = term_hit(p, ph, s->fg, s->ord);
	}
	s->prev = id;
out:
	if (folded)
		wipe_free(&folded);
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
		wipe_free(&piece);
		if (folded == NULL) {
			st = RF_ERR_NOMEM;
			break;
		}
		st = word_lookup(s->p, folded, strlen(folded), hash_bytes(folded, strlen(folded)),
				 true, &id);
		if (st == RF_OK && id != NONE)
			st = term_hit(s->p, id, s->fg, s->ord);
		wipe_free(&folded);
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

static bool has_texts(const entry *e)
{
	return e->notice_text || e->notice_between || e->notice_stirred || e->curious_text ||
	       e->curious_parent || e->curious_infant;
}

/* Read the words of e: of document ord of the set (fg), or background. */
static rf_status scan_entry(pattern *p, const entry *e, bool fg, uint32_t ord)
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

/* ---------------------------------------------------------------- building */

rf_status pattern_new(const pattern_opts *opts, pattern **out)
{
	pattern *p;
	int32_t d;
	rf_status st = RF_ERR_NOMEM;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return RF_ERR_NOMEM;
	if (opts)
		p->o = *opts;
	if ((p->o.recent_since && !parse_day(p->o.recent_since, &d)) ||
	    (p->o.recent_until && !parse_day(p->o.recent_until, &d)) ||
	    (p->o.earlier_since && !parse_day(p->o.earlier_since, &d)) ||
	    (p->o.earlier_until && !parse_day(p->o.earlier_until, &d)) || p->o.recent_days < 0 ||
	    p->o.min_lift < 0 || p->o.selfcare_level < 0 || p->o.selfcare_rising < 0) {
		st = RF_ERR_INVALID;
		goto out;
	}
	/* The date strings are the caller's; keep nothing that may not outlive us. */
	p->o.recent_since = p->o.recent_until = p->o.earlier_since = p->o.earlier_until = NULL;
	if (opts) {
		p->r.recent.since[0] = p->r.recent.until[0] = '\0';
		if (opts->recent_since)
			snprintf(p->r.recent.since, 11, "%s", opts->recent_since);
		if (opts->recent_until)
			snprintf(p->r.recent.until, 11, "%s", opts->recent_until);
		if (opts->earlier_since)
			snprintf(p->r.earlier.since, 11, "%s", opts->earlier_since);
		if (opts->earlier_until)
			snprintf(p->r.earlier.until, 11, "%s", opts->earlier_until);
	}
	if (p->o.recent_days == 0)
		p->o.recent_days = 28;
	/* min_support 0: chosen at finish from the size of the set. */
	if (p->o.min_lift == 0)
		p->o.min_lift = 1.0;
	if (p->o.min_word_entries == 0)
		p->o.min_word_entries = 2;
	if (p->o.max_words == 0)
		p->o.max_words = 20;
	if (p->o.max_word_scan == 0)
		p->o.max_word_scan = 5000;
	p->words_since = INT32_MAX;
	if (p->o.selfcare_window == 0)
		p->o.selfcare_window = 5;
	if (p->o.selfcare_level == 0)
		p->o.selfcare_level = 7.0;
	if (p->o.selfcare_rising == 0)
		p->o.selfcare_rising = 6.0;
	if (p->o.revisit_max == 0)
		p->o.revisit_max = 10;
	for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++) {
		uint32_t id;
		size_t len = strlen(stop_words[i]);
		uint32_t h = hash_bytes(stop_words[i], len);
		if (strmap_get(&p->termmap, stop_words[i], len, h) != NONE)
			continue;
		if (term_new(p, stop_words[i], len, h, NONE, NONE, &id) != RF_OK)
			goto out;
		p->terms[id].stop = true;
	}
	*out = p;
	p = NULL;
	st = RF_OK;
out:
	pattern_free(&p);
	return st;
}

static bool is_discussed(const pattern *p, int64_t id)
{
	for (size_t i = 0; i < p->o.ndiscussed; i++)
		if (p->o.discussed_ids[i] == id)
			return true;
	return p->o.discussed && p->o.discussed(id, p->o.discussed_ctx);
}

static rf_status add_labels(pattern *p, const strlist *l, pattern_kind kind, doc *d)
{
	for (size_t i = 0; i < l->n; i++) {
		uint32_t idx;
		bool seen = false;
		rf_status st = label_index(p, kind, l->v[i], &idx);
		if (st != RF_OK)
			return st;
		if (idx == NONE)
			continue;
		for (size_t k = d->lab_off; k < p->ndoclabs; k++)
			if (p->doclabs[k] == idx)
				seen = true;
		if (seen)
			continue;
		if (d->nlab == UINT16_MAX)
			return RF_ERR_TOO_BIG;
		if (GROW(p->doclabs, p->capdoclabs, p->ndoclabs + 1) != RF_OK)
			return RF_ERR_NOMEM;
		p->doclabs[p->ndoclabs++] = idx;
		d->nlab++;
	}
	return RF_OK;
}

rf_status pattern_add(pattern *p, const entry *e)
{
	doc d;
	char day[11];
	uint32_t ord;
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (p->ndocs >= NONE - 1)
		return fail(p, RF_ERR_TOO_BIG);
	ord = (uint32_t)p->ndocs;
	memset(&d, 0, sizeof(d));
	d.id = e->id;
	d.written = e->written;
	entry_day(e, day);
	if (!parse_day(day, &d.day))
		d.day = (int32_t)(e->written / 86400);
	d.act = (int8_t)(e->activation >= 0 && e->activation <= 10 ? e->activation : -1);
	d.lab_off = (uint32_t)p->ndoclabs;
	if ((st = GROW(p->docs, p->capdocs, p->ndocs + 1)) != RF_OK)
		return fail(p, st);
	if ((st = value_index(&p->fammap, &p->fams, &p->nfams, &p->capfams, e->family,
			      &d.family)) != RF_OK ||
	    (st = value_index(&p->vtypemap, &p->vtypes, &p->nvtypes, &p->capvtypes, e->visit_type,
			      &d.vtype)) != RF_OK ||
	    (st = add_labels(p, &e->emotions, PATTERN_EMOTION, &d)) != RF_OK ||
	    (st = add_labels(p, &e->themes, PATTERN_THEME, &d)) != RF_OK)
		return fail(p, st);
	if (d.family != NONE)
		p->fams[d.family].count++;
	if (d.vtype != NONE)
		p->vtypes[d.vtype].count++;
	for (uint32_t i = 0; i < d.nlab; i++) {
		uint32_t a = p->doclabs[d.lab_off + i];
		p->labels[a].count++;
		if ((st = idlist_add(&p->labels[a].ids, ord)) != RF_OK)
			return fail(p, st);
	}
	if (e->for_supervision && e->questions.n > 0 && !is_discussed(p, e->id)) {
		for (size_t i = 0; i < e->questions.n; i++) {
			question *q;
			if (e->questions.v[i] == NULL || e->questions.v[i][0] == '\0')
				continue;
			if (GROW(p->questions, p->capquestions, p->nquestions + 1) != RF_OK)
				return fail(p, RF_ERR_NOMEM);
			q = &p->questions[p->nquestions];
			q->doc = ord;
			q->text = xstrdup(e->questions.v[i]);
			if (q->text == NULL)
				return fail(p, RF_ERR_NOMEM);
			p->nquestions++;
		}
	}
	p->docs[p->ndocs++] = d;
	if (has_texts(e) && p->wordsdocs < p->o.max_word_scan &&
	    (st = scan_entry(p, e, true, ord)) != RF_OK)
		return fail(p, st);
	return RF_OK;
}

rf_status pattern_add_context(pattern *p, const entry *e)
{
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (p->wordsdocs < p->o.max_word_scan && (st = scan_entry(p, e, false, 0)) != RF_OK)
		return fail(p, st);
	return RF_OK;
}

rf_status pattern_add_words(pattern *p, const entry *e, bool in_set)
{
	uint32_t ord;
	rf_status st;

	if (p->st != RF_OK)
		return p->st;
	if (p->finished || e == NULL)
		return RF_ERR_INVALID;
	if (!in_set)
		return pattern_add_context(p, e);
	if (p->wordsdocs >= p->o.max_word_scan)
		return RF_OK;
	/* Entries come in the order they were added: look forward from the last one read. */
	for (ord = p->word_cursor; ord < p->ndocs && p->docs[ord].id != e->id; ord++)
		;
	if (ord == p->ndocs) {
		for (ord = 0; ord < p->word_cursor && p->docs[ord].id != e->id; ord++)
			;
		if (ord == p->word_cursor)
			return RF_ERR_NOT_FOUND;
	}
	if (p->docs[ord].words)
		return RF_OK;
	if (ord < p->last_word_ord)
		return RF_ERR_INVALID;
	p->word_cursor = ord;
	if ((st = scan_entry(p, e, true, ord)) != RF_OK)
		return fail(p, st);
	return RF_OK;
}

bool pattern_words_full(const pattern *p)
{
	return p->wordsdocs >= p->o.max_word_scan;
}

/* ---------------------------------------------------------------- finishing */

#define EPS 1e-9

static int cmp_double_desc(double a, double b)
{
	if (a > b + EPS)
		return -1;
	if (a < b - EPS)
		return 1;
	return 0;
}

/* qsort, but fine with an empty (NULL) array. */
static void xsort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, sz, cmp);
}

/* For qsort callbacks that need the state (the review runs on one thread at a time). */
static const pattern *sort_p;

static int label_cmp(const void *x, const void *y)
{
	const pattern_label *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int shift_cmp(const void *x, const void *y)
{
	const pattern_shift *a = x, *b = y;
	int c = cmp_double_desc(fabs(a->change), fabs(b->change));
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int pair_cmp(const void *x, const void *y)
{
	const pattern_pair *a = x, *b = y;
	int c = cmp_double_desc(a->lift, b->lift);
	if (c)
		return c;
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
	int c = cmp_double_desc(a->lift, b->lift);
	if (c)
		return c;
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

/* Chronological order of documents: day, then time written, then id. */
static int doc_chrono(const doc *a, const doc *b)
{
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->written != b->written)
		return a->written < b->written ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static int cmp_u32(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	return *a < *b ? -1 : *a > *b;
}

static int ord_chrono_desc(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	int c = doc_chrono(&sort_p->docs[*a], &sort_p->docs[*b]);
	if (c)
		return -c;
	return *a < *b ? -1 : *a > *b;
}

static int question_cmp(const void *x, const void *y)
{
	const question *a = x, *b = y;
	int c = doc_chrono(&sort_p->docs[a->doc], &sort_p->docs[b->doc]);
	if (c)
		return -c;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a < b ? -1 : a > b;
}

static rf_status finish_weeks(pattern *p, int32_t first, int32_t last)
{
	pattern_report *r = &p->r;
	int32_t mon0 = first - weekday(first), mon1 = last - weekday(last);
	size_t nweeks = (size_t)((mon1 - mon0) / 7) + 1;
	double *sum = NULL, *sumsq = NULL;
	idlist **lists = NULL;
	rf_status st = RF_ERR_NOMEM;

	r->weeks = calloc(nweeks, sizeof(*r->weeks));
	sum = calloc(nweeks, sizeof(*sum));
	sumsq = calloc(nweeks, sizeof(*sumsq));
	lists = calloc(nweeks, sizeof(*lists));
	if (r->weeks == NULL || sum == NULL || sumsq == NULL || lists == NULL)
		goto out;
	r->nweeks = nweeks;
	for (size_t w = 0; w < nweeks; w++) {
		int32_t mon = mon0 + (int32_t)w * 7;
		iso_week(mon, r->weeks[w].week);
		format_day(mon, r->weeks[w].monday);
		if ((lists[w] = mkextra(p)) == NULL)
			goto out;
	}
	for (size_t i = 0; i < p->ndocs; i++) {
		const doc *d = &p->docs[i];
		size_t w = (size_t)((d->day - weekday(d->day) - mon0) / 7);
		r->weeks[w].entries++;
		if (idlist_add(lists[w], (uint32_t)i) != RF_OK)
			goto out;
		if (d->act >= 0) {
			r->weeks[w].n++;
			sum[w] += d->act;
			sumsq[w] += (double)d->act * d->act;
		}
	}
	for (size_t w = 0; w < nweeks; w++) {
		pattern_week *wk = &r->weeks[w];
		if (wk->n > 0) {
			double var;
			wk->mean = sum[w] / wk->n;
			var = sumsq[w] / wk->n - wk->mean * wk->mean;
			wk->sd = wk->n > 1 && var > 0 ? sqrt(var) : 0;
		}
		if ((wk->ids = mkids(p, lists[w])) == NULL)
			goto out;
	}
	st = RF_OK;
out:
	free(sum);
	free(sumsq);
	free(lists);
	return st;
}

static rf_status finish_labels(pattern *p)
{
	pattern_report *r = &p->r;
	size_t ne = 0, nt = 0;

	for (size_t i = 0; i < p->nlabels; i++)
		if (p->labels[i].count > 0)
			p->labels[i].kind == PATTERN_EMOTION ? ne++ : nt++;
	r->emotions = calloc(ne ? ne : 1, sizeof(*r->emotions));
	r->themes = calloc(nt ? nt : 1, sizeof(*r->themes));
	if (r->emotions == NULL || r->themes == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nlabels; i++) {
		const label *l = &p->labels[i];
		pattern_label *o;
		if (l->count == 0)
			continue;
		o = l->kind == PATTERN_EMOTION ? &r->emotions[r->nemotions++]
					       : &r->themes[r->nthemes++];
		o->name = l->name;
		o->kind = l->kind;
		o->count = l->count;
		if ((o->ids = mkids(p, &l->ids)) == NULL)
			return RF_ERR_NOMEM;
	}
	xsort(r->emotions, r->nemotions, sizeof(*r->emotions), label_cmp);
	xsort(r->themes, r->nthemes, sizeof(*r->themes), label_cmp);
	return RF_OK;
}

static rf_status finish_shift(pattern *p, int32_t last)
{
	pattern_report *r = &p->r;
	int32_t rs, ru, es = INT32_MIN, eu;

	if (!parse_day(r->recent.until, &ru))
		ru = last;
	if (!parse_day(r->recent.since, &rs))
		rs = ru - (p->o.recent_days - 1);
	if (!parse_day(r->earlier.until, &eu))
		eu = rs - 1;
	if (!parse_day(r->earlier.since, &es))
		es = INT32_MIN;
	format_day(rs, r->recent.since);
	format_day(ru, r->recent.until);
	format_day(eu, r->earlier.until);
	if (es != INT32_MIN)
		format_day(es, r->earlier.since);
	else
		r->earlier.since[0] = '\0';
	r->recent.entries = r->earlier.entries = 0;
	for (size_t i = 0; i < p->ndocs; i++) {
		int32_t d = p->docs[i].day;
		if (d >= rs && d <= ru)
			r->recent.entries++;
		if (d >= es && d <= eu)
			r->earlier.entries++;
	}
	r->shifts = calloc(p->nlabels ? p->nlabels : 1, sizeof(*r->shifts));
	if (r->shifts == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nlabels; i++) {
		const label *l = &p->labels[i];
		pattern_shift *s = &r->shifts[r->nshifts];
		uint32_t pos = 0, prev = 0, ord;
		idlist *both = NULL;
		memset(s, 0, sizeof(*s));
		while (idlist_next(&l->ids, &pos, &prev, &ord)) {
			int32_t d = p->docs[ord].day;
			bool in_r = d >= rs && d <= ru, in_e = d >= es && d <= eu;
			if (!in_r && !in_e)
				continue;
			if (in_r)
				s->recent++;
			if (in_e)
				s->earlier++;
			if (both == NULL && (both = mkextra(p)) == NULL)
				return RF_ERR_NOMEM;
			if (idlist_add(both, ord) != RF_OK)
				return RF_ERR_NOMEM;
		}
		if (both == NULL)
			continue;
		s->name = l->name;
		s->kind = l->kind;
		s->recent_share = r->recent.entries ? (double)s->recent / r->recent.entries : 0;
		s->earlier_share = r->earlier.entries ? (double)s->earlier / r->earlier.entries : 0;
		s->change = s->recent_share - s->earlier_share;
		if ((s->ids = mkids(p, both)) == NULL)
			return RF_ERR_NOMEM;
		r->nshifts++;
	}
	xsort(r->shifts, r->nshifts, sizeof(*r->shifts), shift_cmp);
	return RF_OK;
}

static bool label_before(const label *a, const label *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return strcmp(a->name, b->name) <= 0;
}

/* Keep the cells of m above the support and lift; their id lists go to lists. */
static rf_status keep_cells(pattern *p, cmap *m, pattern_with with, bool pairs, idlist ***lists,
			    size_t *nlists, size_t *caplists)
{
	pattern_report *r = &p->r;
	double n = (double)p->ndocs;
	size_t pos = 0;
	uint32_t a, b, *val;

	while (cmap_next(m, &pos, &a, &b, &val)) {
		const label *la = &p->labels[a];
		uint32_t count = *val;
		double lift;
		idlist *l;
		*val = 0;
		if (count < p->o.min_support)
			continue;
		if (pairs) {
			const label *lb = &p->labels[b];
			pattern_pair *o;
			lift = count * n / ((double)la->count * lb->count);
			if (lift <= p->o.min_lift + EPS)
				continue;
			if (GROW(r->pairs, p->cappairs, r->npairs + 1) != RF_OK)
				return RF_ERR_NOMEM;
			o = &r->pairs[r->npairs];
			if (!label_before(la, lb)) {
				const label *t = la;
				la = lb;
				lb = t;
			}
			o->a = la->name;
			o->a_kind = la->kind;
			o->b = lb->name;
			o->b_kind = lb->kind;
			o->count = count;
			o->lift = lift;
			if ((l = mkextra(p)) == NULL || (o->ids = mkids(p, l)) == NULL)
				return RF_ERR_NOMEM;
			r->npairs++;
		} else {
			const value *v = with == PATTERN_WITH_FAMILY ? &p->fams[b] : &p->vtypes[b];
			pattern_assoc *o;
			lift = count * n / ((double)la->count * v->count);
			if (lift <= p->o.min_lift + EPS)
				continue;
			if (GROW(r->assocs, p->capassocs, r->nassocs + 1) != RF_OK)
				return RF_ERR_NOMEM;
			o = &r->assocs[r->nassocs];
			o->label = la->name;
			o->kind = la->kind;
			o->with = with;
			o->value = v->name;
			o->count = count;
			o->lift = lift;
			if ((l = mkextra(p)) == NULL || (o->ids = mkids(p, l)) == NULL)
				return RF_ERR_NOMEM;
			r->nassocs++;
		}
		if (*nlists >= RETAINED - 1 || GROW(*lists, *caplists, *nlists + 1) != RF_OK)
			return RF_ERR_NOMEM;
		(*lists)[*nlists] = l;
		*val = RETAINED | (uint32_t)(*nlists)++;
	}
	return RF_OK;
}

/* Pairs of labels, and labels with families and visit types: counted from each entry's
 * labels, kept above the support and lift, then the entries of the kept ones collected. */
static rf_status finish_combos(pattern *p)
{
	pattern_report *r = &p->r;
	cmap pm, fm, vm;
	idlist **plists = NULL, **alists = NULL;
	size_t np = 0, capp = 0, na = 0, capa = 0;
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
	if ((st = cmap_init(&pm, p->nlabels, p->nlabels)) != RF_OK ||
	    (st = cmap_init(&fm, p->nlabels, p->nfams)) != RF_OK ||
	    (st = cmap_init(&vm, p->nlabels, p->nvtypes)) != RF_OK)
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
				if ((c = cmap_slot(&pm, lo, hi)) == NULL)
					goto out;
				(*c)++;
			}
			if (dc->family != NONE) {
				if ((c = cmap_slot(&fm, lab[i], dc->family)) == NULL)
					goto out;
				(*c)++;
			}
			if (dc->vtype != NONE) {
				if ((c = cmap_slot(&vm, lab[i], dc->vtype)) == NULL)
					goto out;
				(*c)++;
			}
		}
	}
	if ((st = keep_cells(p, &pm, PATTERN_WITH_FAMILY, true, &plists, &np, &capp)) != RF_OK ||
	    (st = keep_cells(p, &fm, PATTERN_WITH_FAMILY, false, &alists, &na, &capa)) != RF_OK ||
	    (st = keep_cells(p, &vm, PATTERN_WITH_VISIT_TYPE, false, &alists, &na, &capa)) != RF_OK)
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
				v = cmap_get(&pm, lo, hi);
				if ((v & RETAINED) && idlist_add(plists[v & ~RETAINED], (uint32_t)d) != RF_OK)
					goto out;
			}
			if (na == 0)
				continue;
			if (dc->family != NONE && ((v = cmap_get(&fm, lab[i], dc->family)) & RETAINED) &&
			    idlist_add(alists[v & ~RETAINED], (uint32_t)d) != RF_OK)
				goto out;
			if (dc->vtype != NONE && ((v = cmap_get(&vm, lab[i], dc->vtype)) & RETAINED) &&
			    idlist_add(alists[v & ~RETAINED], (uint32_t)d) != RF_OK)
				goto out;
		}
	}
	xsort(r->pairs, r->npairs, sizeof(*r->pairs), pair_cmp);
	xsort(r->assocs, r->nassocs, sizeof(*r->assocs), assoc_cmp);
	st = RF_OK;
out:
	cmap_free(&pm);
	cmap_free(&fm);
	cmap_free(&vm);
	free(plists);
	free(alists);
	return st;
}

/* A term as text into buf (a phrase is its two words with a space). */
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
	int c = cmp_double_desc(a->score, b->score);

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

static rf_status finish_words(pattern *p)
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
		format_day(p->words_since, r->words_since);
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
			w->word = keepstr(p, xstrdup(term_text(p, top[i].t, buf, sizeof(buf))));
			sodium_memzero(buf, sizeof(buf));
			if (w->word == NULL)
				goto out;
		}
		w->score = top[i].score;
		w->count = T->tf;
		w->docs = T->df;
		if ((w->ids = mkids(p, &T->ids)) == NULL)
			goto out;
		r->nwords++;
	}
	st = RF_OK;
out:
	free(top);
	return st;
}

static rf_status finish_questions(pattern *p)
{
	pattern_report *r = &p->r;

	sort_p = p;
	xsort(p->questions, p->nquestions, sizeof(*p->questions), question_cmp);
	r->questions = calloc(p->nquestions ? p->nquestions : 1, sizeof(*r->questions));
	if (r->questions == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < p->nquestions; i++) {
		const doc *d = &p->docs[p->questions[i].doc];
		r->questions[i].entry = d->id;
		format_day(d->day, r->questions[i].day);
		r->questions[i].text = p->questions[i].text;
	}
	r->nquestions = p->nquestions;
	return RF_OK;
}

static rf_status finish_selfcare(pattern *p)
{
	pattern_report *r = &p->r;
	pattern_selfcare *sc = &r->self_care;
	uint32_t *rated = NULL;
	size_t nr = 0, w = p->o.selfcare_window;
	idlist *l = mkextra(p);
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
	sort_p = p;
	xsort(rated, nr, sizeof(*rated), ord_chrono_desc); /* newest first */
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
		xsort(pick, w, sizeof(*pick), cmp_u32);
		for (size_t i = 0; i < w; i++)
			if (idlist_add(l, pick[i]) != RF_OK)
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
				int32_t mon = d->day - weekday(d->day);
				for (size_t k = 0; k < 3; k++) {
					int32_t wm;
					if (!parse_day(r->weeks[wk[k]].monday, &wm))
						continue;
					if (mon == wm && d->act >= 0) {
						if (idlist_add(l, (uint32_t)i) != RF_OK)
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
	sc->why = keepstr(p, xstrdup(why));
	if (sc->why == NULL)
		goto out;
	if ((sc->ids = mkids(p, l)) == NULL)
		goto out;
	st = RF_OK;
out:
	free(rated);
	return st;
}

static rf_status finish_revisit(pattern *p)
{
	pattern_revisit *rv = &p->r.revisit;
	size_t target = SIZE_MAX;
	const doc *t;
	uint32_t *cand = NULL;
	rf_status st = RF_ERR_NOMEM;

	for (size_t i = 0; i < p->ndocs; i++) {
		if (p->o.revisit_of != 0) {
			if (p->docs[i].id == p->o.revisit_of) {
				target = i;
				break;
			}
		} else if (target == SIZE_MAX || doc_chrono(&p->docs[i], &p->docs[target]) > 0) {
			target = i;
		}
	}
	if (target == SIZE_MAX)
		return p->o.revisit_of != 0 ? RF_ERR_NOT_FOUND : RF_OK;
	t = &p->docs[target];
	rv->entry = t->id;
	cand = malloc(p->ndocs * sizeof(*cand));
	if (cand == NULL)
		goto out;
	for (int pass = 0; pass <= t->nlab; pass++) {
		uint32_t lab = NONE;
		size_t nc = 0;
		idlist *l;
		pattern_revisit_label *out;
		if (pass == 0) {
			if (t->family == NONE)
				continue;
			out = &rv->family;
			out->name = p->fams[t->family].name;
			for (size_t i = 0; i < p->ndocs; i++)
				if (p->docs[i].family == t->family &&
				    doc_chrono(&p->docs[i], t) < 0)
					cand[nc++] = (uint32_t)i;
		} else {
			uint32_t pos = 0, prev = 0, ord;
			lab = p->doclabs[t->lab_off + (size_t)pass - 1];
			if (p->labels[lab].kind != PATTERN_EMOTION)
				continue;
			if (rv->emotions == NULL) {
				rv->emotions = calloc(t->nlab, sizeof(*rv->emotions));
				if (rv->emotions == NULL)
					goto out;
			}
			out = &rv->emotions[rv->nemotions++];
			out->name = p->labels[lab].name;
			while (idlist_next(&p->labels[lab].ids, &pos, &prev, &ord))
				if (doc_chrono(&p->docs[ord], t) < 0)
					cand[nc++] = ord;
		}
		sort_p = p;
		xsort(cand, nc, sizeof(*cand), ord_chrono_desc);
		if (nc > p->o.revisit_max)
			nc = p->o.revisit_max;
		/* Id lists are in the order entries were added. */
		xsort(cand, nc, sizeof(*cand), cmp_u32);
		if ((l = mkextra(p)) == NULL)
			goto out;
		for (size_t i = 0; i < nc; i++)
			if (idlist_add(l, cand[i]) != RF_OK)
				goto out;
		if ((out->ids = mkids(p, l)) == NULL)
			goto out;
	}
	st = RF_OK;
out:
	free(cand);
	return st;
}

rf_status pattern_finish(pattern *p, const pattern_report **out)
{
	pattern_report *r = &p->r;
	int32_t first = INT32_MAX, last = INT32_MIN;
	rf_status st;

	*out = NULL;
	if (p->st != RF_OK)
		return p->st;
	if (p->finished)
		return RF_ERR_INVALID;
	p->finished = true;
	r->entries = p->ndocs;
	for (size_t i = 0; i < p->ndocs; i++) {
		if (p->docs[i].day < first)
			first = p->docs[i].day;
		if (p->docs[i].day > last)
			last = p->docs[i].day;
	}
	if (p->ndocs > 0) {
		format_day(first, r->first);
		format_day(last, r->last);
		if ((st = finish_weeks(p, first, last)) != RF_OK)
			return fail(p, st);
	} else {
		r->first[0] = r->last[0] = '\0';
		last = 0;
	}
	if ((st = finish_labels(p)) != RF_OK || (st = finish_shift(p, last)) != RF_OK ||
	    (st = finish_combos(p)) != RF_OK || (st = finish_words(p)) != RF_OK ||
	    (st = finish_questions(p)) != RF_OK || (st = finish_selfcare(p)) != RF_OK ||
	    (st = finish_revisit(p)) != RF_OK)
		return fail(p, st);
	if (p->ndocs == 0)
		r->recent.since[0] = r->recent.until[0] = r->earlier.until[0] = '\0';
	*out = r;
	return RF_OK;
}

void pattern_free(pattern **pp)
{
	pattern *p;

	if (pp == NULL || *pp == NULL)
		return;
	p = *pp;
	free(p->docs);
	free(p->doclabs);
	for (size_t i = 0; i < p->nlabels; i++) {
		wipe_free(&p->labels[i].key);
		wipe_free(&p->labels[i].name);
		idlist_free(&p->labels[i].ids);
	}
	free(p->labels);
	free(p->labelmap.s);
	for (size_t i = 0; i < p->nfams; i++) {
		wipe_free(&p->fams[i].key);
		wipe_free(&p->fams[i].name);
	}
	for (size_t i = 0; i < p->nvtypes; i++) {
		wipe_free(&p->vtypes[i].key);
		wipe_free(&p->vtypes[i].name);
	}
	free(p->fams);
	free(p->vtypes);
	free(p->fammap.s);
	free(p->vtypemap.s);
	for (size_t i = 0; i < p->nterms; i++) {
		wipe_free(&p->terms[i].str);
		idlist_free(&p->terms[i].ids);
	}
	free(p->terms);
	free(p->termmap.s);
	free(p->phrasemap.s);
	for (size_t i = 0; i < p->nquestions; i++)
		wipe_free(&p->questions[i].text);
	free(p->questions);
	for (size_t i = 0; i < p->npids; i++)
		free(p->pids[i]);
	free(p->pids);
	for (size_t i = 0; i < p->nextra; i++) {
		idlist_free(p->extra[i]);
		free(p->extra[i]);
	}
	free(p->extra);
	for (size_t i = 0; i < p->nstrs; i++)
		wipe_free(&p->strs[i]);
	free(p->strs);
	free(p->r.weeks);
	free(p->r.emotions);
	free(p->r.themes);
	free(p->r.shifts);
	free(p->r.pairs);
	free(p->r.assocs);
	free(p->r.words);
	free(p->r.questions);
	free(p->r.revisit.emotions);
	sodium_memzero(p, sizeof(*p));
	free(p);
	*pp = NULL;
}

rf_status pattern_ids_get(const pattern_ids *ids, int64_t **out, size_t *n)
{
	uint32_t pos = 0, prev = 0, ord;
	int64_t *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (ids == NULL || ids->l->n == 0)
		return RF_OK;
	v = malloc(ids->l->n * sizeof(*v));
	if (v == NULL)
		return RF_ERR_NOMEM;
	while (idlist_next(ids->l, &pos, &prev, &ord) && k < ids->l->n)
		v[k++] = ids->p->docs[ord].id;
	*out = v;
	*n = k;
	return RF_OK;
}

size_t pattern_ids_count(const pattern_ids *ids)
{
	return ids ? ids->l->n : 0;
}

void pattern_free_text(char **s)
{
	wipe_free(s);
}

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

/* ---------------------------------------------------------------- over a journal */

struct review_pass {
	pattern *p;
	const entry_filter *f;
	bool filtered;
	rf_status st;
};

static bool filter_is_set(const entry_filter *f)
{
	return f != NULL && (f->since || f->until || f->theme || f->emotion || f->family ||
			     f->visit_type || f->search || f->flagged || f->portfolio);
}

/* One pass with the texts: the set, and the rest as background. */
static int visit_all(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	if (!c->filtered || entry_matches(e, c->f))
		c->st = pattern_add(c->p, e);
	else
		c->st = pattern_add_context(c->p, e);
	return c->st != RF_OK;
}

/* First of two passes: the set, from the metadata alone. */
static int visit_meta(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	if (!c->filtered || entry_matches(e, c->f))
		c->st = pattern_add(c->p, e);
	return c->st != RF_OK;
}

/* Second pass: words, newest first, until the window is full. */
static int visit_words(const entry *e, void *ctx)
{
	struct review_pass *c = ctx;

	c->st = pattern_add_words(c->p, e, !c->filtered || entry_matches(e, c->f));
	if (c->st == RF_ERR_NOT_FOUND)
		c->st = RF_OK; /* added since the first pass */
	return c->st != RF_OK || pattern_words_full(c->p);
}

rf_status pattern_review(journal *j, const entry_filter *f, const pattern_opts *opts,
			 pattern **out, const pattern_report **report)
{
	struct review_pass c = {0};
	rf_status st;

	*out = NULL;
	*report = NULL;
	st = pattern_new(opts, &c.p);
	if (st != RF_OK)
		return st;
	c.f = f;
	c.filtered = filter_is_set(f);
	if (entry_filter_needs_body(f)) {
		/* Membership needs the texts: one pass with them. */
		st = journal_each(j, NULL, true, visit_all, &c);
	} else {
		/* Metadata for everything (cheap, from the index when it is loaded), then texts
		 * only as far back as the words window reaches. */
		st = journal_each(j, NULL, false, visit_meta, &c);
		if (st == RF_OK && c.st == RF_OK)
			st = journal_each(j, NULL, true, visit_words, &c);
	}
	if (st == RF_OK)
		st = c.st;
	if (st == RF_OK)
		st = pattern_finish(c.p, report);
	if (st != RF_OK) {
		pattern_free(&c.p);
		*report = NULL;
		return st;
	}
	*out = c.p;
	return RF_OK;
}

/* ---------------------------------------------------------------- JSON */

static const char *kind_name(pattern_kind k)
{
	return k == PATTERN_EMOTION ? "emotion" : "theme";
}

static json_t *jreal(double x)
{
	return json_real(round(x * 10000.0) / 10000.0);
}

/* Set key to v in o, taking v's reference; false when anything is missing. */
static bool jset(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

static bool jpush(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

/* How a JSON object is being built. With marks, id lists are left as marker strings
 * (a nonce and an index into ids) that pattern_write_json replaces while it writes, so that
 * a large review never holds its id lists as a tree. */
typedef struct jctx {
	int flags;
	bool marks;
	char nonce[17];
	const pattern_ids **ids;
	size_t n, cap;
} jctx;

static bool jids(json_t *o, const pattern_ids *ids, jctx *c)
{
	int64_t *v = NULL;
	size_t n = 0;
	json_t *a;
	bool ok = true;

	if (!(c->flags & PATTERN_JSON_IDS))
		return true;
	if (c->marks) {
		char mark[48];
		if (GROW(c->ids, c->cap, c->n + 1) != RF_OK)
			return false;
		c->ids[c->n] = ids;
		snprintf(mark, sizeof(mark), "\x01%s:%zu", c->nonce, c->n++);
		return jset(o, "ids", json_string(mark));
	}
	if (pattern_ids_get(ids, &v, &n) != RF_OK)
		return false;
	a = json_array();
	for (size_t i = 0; i < n && ok; i++)
		ok = jpush(a, json_integer(v[i]));
	free(v);
	return ok && jset(o, "ids", a);
}

static json_t *jlabels(const pattern_label *l, size_t n, jctx *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		if (!jpush(a, o) || !jset(o, "name", json_string(l[i].name)) ||
		    !jset(o, "count", json_integer(l[i].count)) || !jids(o, l[i].ids, c)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *jperiod(const char *since, const char *until, size_t entries)
{
	json_t *o = json_object();

	if (o == NULL || !jset(o, "since", *since ? json_string(since) : json_null()) ||
	    !jset(o, "until", *until ? json_string(until) : json_null()) ||
	    !jset(o, "entries", json_integer((json_int_t)entries))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static bool json_build(const pattern_report *r, jctx *c, json_t *root)
{
	json_t *vol = json_object(), *vweeks = json_array(), *act = json_object(),
	       *aweeks = json_array(), *shift = json_object(), *shl = json_array(),
	       *pairs = json_array(), *assocs = json_array(), *words = json_array(),
	       *qs = json_array(), *sc = json_object(), *rv = json_object(),
	       *rvemo = json_array();
	bool ok = vol && vweeks && act && aweeks && shift && shl && pairs && assocs && words &&
		  qs && sc && rv && rvemo;

	ok = ok && jset(root, "entries", json_integer((json_int_t)r->entries)) &&
	     jset(root, "first", *r->first ? json_string(r->first) : json_null()) &&
	     jset(root, "last", *r->last ? json_string(r->last) : json_null());

	for (size_t i = 0; ok && i < r->nweeks; i++) {
		const pattern_week *w = &r->weeks[i];
		json_t *v = json_object(), *a;
		ok = jpush(vweeks, v) && jset(v, "week", json_string(w->week)) &&
		     jset(v, "monday", json_string(w->monday)) &&
		     jset(v, "entries", json_integer(w->entries)) && jids(v, w->ids, c);
		if (!ok || w->n == 0)
			continue;
		a = json_object();
		ok = jpush(aweeks, a) && jset(a, "week", json_string(w->week)) &&
		     jset(a, "mean", jreal(w->mean)) && jset(a, "sd", jreal(w->sd)) &&
		     jset(a, "n", json_integer(w->n));
	}
	ok = ok && jset(vol, "weeks", json_incref(vweeks)) && jset(root, "volume", json_incref(vol));
	ok = ok && jset(act, "weeks", json_incref(aweeks)) &&
	     jset(root, "activation", json_incref(act));
	ok = ok && jset(root, "emotions", jlabels(r->emotions, r->nemotions, c)) &&
	     jset(root, "themes", jlabels(r->themes, r->nthemes, c));

	ok = ok && jset(shift, "recent",
			jperiod(r->recent.since, r->recent.until, r->recent.entries)) &&
	     jset(shift, "earlier",
		  jperiod(r->earlier.since, r->earlier.until, r->earlier.entries));
	for (size_t i = 0; ok && i < r->nshifts; i++) {
		const pattern_shift *s = &r->shifts[i];
		json_t *o = json_object();
		ok = jpush(shl, o) && jset(o, "name", json_string(s->name)) &&
		     jset(o, "kind", json_string(kind_name(s->kind))) &&
		     jset(o, "recent", json_integer(s->recent)) &&
		     jset(o, "earlier", json_integer(s->earlier)) &&
		     jset(o, "recent_share", jreal(s->recent_share)) &&
		     jset(o, "earlier_share", jreal(s->earlier_share)) &&
		     jset(o, "change", jreal(s->change)) && jids(o, s->ids, c);
	}
	ok = ok && jset(shift, "labels", json_incref(shl)) &&
	     jset(root, "shift", json_incref(shift));

	for (size_t i = 0; ok && i < r->npairs; i++) {
		const pattern_pair *pp = &r->pairs[i];
		json_t *o = json_object();
		ok = jpush(pairs, o) && jset(o, "a", json_string(pp->a)) &&
		     jset(o, "a_kind", json_string(kind_name(pp->a_kind))) &&
		     jset(o, "b", json_string(pp->b)) &&
		     jset(o, "b_kind", json_string(kind_name(pp->b_kind))) &&
		     jset(o, "count", json_integer(pp->count)) && jset(o, "lift", jreal(pp->lift)) &&
		     jids(o, pp->ids, c);
	}
	ok = ok && jset(root, "min_support", json_integer(r->min_support)) &&
	     jset(root, "pairs", json_incref(pairs));

	for (size_t i = 0; ok && i < r->nassocs; i++) {
		const pattern_assoc *as = &r->assocs[i];
		json_t *o = json_object();
		ok = jpush(assocs, o) && jset(o, "label", json_string(as->label)) &&
		     jset(o, "kind", json_string(kind_name(as->kind))) &&
		     jset(o, "with", json_string(as->with == PATTERN_WITH_FAMILY ? "family"
										 : "visit_type")) &&
		     jset(o, "value", json_string(as->value)) &&
		     jset(o, "count", json_integer(as->count)) && jset(o, "lift", jreal(as->lift)) &&
		     jids(o, as->ids, c);
	}
	ok = ok && jset(root, "associations", json_incref(assocs));

	for (size_t i = 0; ok && i < r->nwords; i++) {
		const pattern_word *w = &r->words[i];
		json_t *o = json_object();
		ok = jpush(words, o) && jset(o, "word", json_string(w->word)) &&
		     jset(o, "score", jreal(w->score)) && jset(o, "count", json_integer(w->count)) &&
		     jset(o, "docs", json_integer(w->docs)) && jids(o, w->ids, c);
	}
	ok = ok && jset(root, "words", json_incref(words)) &&
	     jset(root, "words_read",
		  jperiod(*r->words_since ? r->words_since : "", *r->words_since ? r->last : "",
			  r->words_entries));

	for (size_t i = 0; ok && i < r->nquestions; i++) {
		const pattern_question *q = &r->questions[i];
		json_t *o = json_object();
		ok = jpush(qs, o) && jset(o, "entry", json_integer(q->entry)) &&
		     jset(o, "day", json_string(q->day)) && jset(o, "text", json_string(q->text));
	}
	ok = ok && jset(root, "open_questions", json_incref(qs));

	ok = ok && jset(sc, "signal", json_boolean(r->self_care.signal)) &&
	     jset(sc, "why", json_string(r->self_care.why ? r->self_care.why : "")) &&
	     jset(sc, "recent_mean", jreal(r->self_care.recent_mean)) &&
	     jset(sc, "rated", json_integer(r->self_care.rated)) &&
	     jids(sc, r->self_care.ids, c) && jset(root, "self_care", json_incref(sc));

	if (ok && r->revisit.entry != 0) {
		const pattern_revisit *v = &r->revisit;
		ok = jset(rv, "entry", json_integer(v->entry));
		if (ok && v->family.name) {
			json_t *f = json_object();
			ok = jset(rv, "family", f) && jset(f, "name", json_string(v->family.name)) &&
			     jset(f, "count",
				  json_integer((json_int_t)pattern_ids_count(v->family.ids))) &&
			     jids(f, v->family.ids, c);
		}
		for (size_t i = 0; ok && i < v->nemotions; i++) {
			json_t *o = json_object();
			ok = jpush(rvemo, o) && jset(o, "name", json_string(v->emotions[i].name)) &&
			     jset(o, "count", json_integer((json_int_t)pattern_ids_count(
						      v->emotions[i].ids))) &&
			     jids(o, v->emotions[i].ids, c);
		}
		ok = ok && jset(rv, "emotions", json_incref(rvemo)) &&
		     jset(root, "revisit", json_incref(rv));
	}
	json_decref(vol);
	json_decref(vweeks);
	json_decref(act);
	json_decref(aweeks);
	json_decref(shift);
	json_decref(shl);
	json_decref(pairs);
	json_decref(assocs);
	json_decref(words);
	json_decref(qs);
	json_decref(sc);
	json_decref(rv);
	json_decref(rvemo);
	return ok;
}

json_t *pattern_to_json(const pattern_report *r, int flags)
{
	json_t *root = json_object();
	jctx c;

	memset(&c, 0, sizeof(c));
	c.flags = flags;
	if (root == NULL)
		return NULL;
	if (!json_build(r, &c, root)) {
		json_decref(root);
		return NULL;
	}
	return root;
}

rf_status pattern_write_json(const pattern_report *r, int flags, FILE *out)
{
	json_t *root = json_object();
	jctx c;
	char *s = NULL, prefix[32];
	const char *p;
	size_t pl;
	unsigned char nonce[8];
	rf_status st = RF_ERR_NOMEM;

	memset(&c, 0, sizeof(c));
	c.flags = flags;
	c.marks = true;
	randombytes_buf(nonce, sizeof(nonce));
	for (size_t i = 0; i < sizeof(nonce); i++)
		snprintf(c.nonce + 2 * i, 3, "%02x", nonce[i]);
	if (root == NULL || !json_build(r, &c, root))
		goto out;
	s = json_dumps(root, JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER |
				     ((flags & PATTERN_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
	if (s == NULL)
		goto out;
	/* Write it out, each marker string replaced by its id list. */
	pl = (size_t)snprintf(prefix, sizeof(prefix), "\"\\u0001%s:", c.nonce);
	st = RF_ERR_IO;
	for (p = s;;) {
		const char *m = strstr(p, prefix);
		char *end = NULL;
		unsigned long k;
		uint32_t pos = 0, prev = 0, ord;
		bool first = true;
		if (m == NULL)
			break;
		if (fwrite(p, 1, (size_t)(m - p), out) != (size_t)(m - p))
			goto out;
		k = strtoul(m + pl, &end, 10);
		if (end == NULL || *end != '"' || k >= c.n)
			goto out; /* cannot happen: the markers are ours */
		fputc('[', out);
		while (idlist_next(c.ids[k]->l, &pos, &prev, &ord)) {
			fprintf(out, first ? "%lld" : ", %lld", (long long)c.ids[k]->p->docs[ord].id);
			first = false;
		}
		fputc(']', out);
		p = end + 1;
	}
	fputs(p, out);
	st = ferror(out) ? RF_ERR_IO : RF_OK;
out:
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
	json_decref(root);
	free(c.ids);
	return st;
}

char *pattern_json_text(const pattern_report *r, int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	rf_status st;

	if (f == NULL)
		return NULL;
	st = pattern_write_json(r, flags, f);
	if (fclose(f) != 0 || st != RF_OK) {
		if (buf != NULL) {
			sodium_memzero(buf, len);
			free(buf);
		}
		return NULL;
	}
	return buf;
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
	wipe_free(&cut);
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
	wipe_free(&cut);
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
		return xstrdup("");
	return b.s;
}
