/* internal.h - what the modules of the review core share (not part of the API). */
#ifndef REFLECT_PATTERN_INTERNAL_H
#define REFLECT_PATTERN_INTERNAL_H

#include "reflect/pattern.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <utf8proc.h>

#include <jansson.h>

#include "reflect/i18n.h"
#include "reflect/prompts.h"
#include "reflect/journal.h"
#include "reflect/text.h"
#define NONE UINT32_MAX
#define TOKMAX 64 /* longer runs of letters are not words (links, codes) */

/* ---------------------------------------------------------------- id lists */

/* Document ordinals, increasing, stored as varint gaps: about a byte per entry. */
typedef struct idlist {
	unsigned char *buf;
	uint32_t len, cap;
	uint32_t n;
	uint32_t last; /* last ordinal + 1, 0 when empty */
} idlist;


struct pattern_ids {
	const idlist *l;
	const struct pattern *p;
};

/* ---------------------------------------------------------------- hash maps */

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

typedef struct strslot {
	const char *key;
	uint32_t len, hash, val;
} strslot;

typedef struct strmap {
	strslot *s;
	size_t cap, n; /* cap a power of two */
} strmap;

typedef struct intslot {
	uint64_t key;
	uint32_t val;
} intslot;

typedef struct intmap {
	intslot *s;
	size_t cap, n;
} intmap;

#define INT_EMPTY UINT64_MAX

typedef struct cmap {
	uint32_t *dense; /* rows * cols counts, or NULL */
	size_t rows, cols;
	intmap map;
} cmap;

#define RETAINED 0x80000000u

/* ---------------------------------------------------------------- the state */

typedef struct doc {
	int64_t id;
	int64_t written;
	int32_t day;
	int8_t act;
	uint32_t family, vtype; /* value indices or NONE */
	uint32_t author;        /* into pattern.authors, or NONE: the journal's own */
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


/* What a word is worth alone: a word that carries meaning, one that carries little alone
 * but may end a phrase ("went still", "turned away"), or a function word that may only
 * sit inside one ("ghosts in the nursery"). */
enum { WORD_CONTENT = 0, WORD_WEAK = 1, WORD_FUNCTION = 2 };

typedef struct term {
	char *str;     /* unigrams (and stop words): the folded key; NULL for phrases */
	char *disp;    /* unigrams: as first written (lower case, accents kept); NULL when
			* the same as str */
	uint32_t a, b; /* a phrase: a is its first word or the phrase of its first two words,
			* b its last word; NONE for unigrams */
	uint32_t tf, df, dfbg;
	uint32_t last, lastbg; /* document + 1 last seen, to count each entry once */
	uint64_t ctx;  /* a sketch of the contexts it was said in (words.c) */
	uint8_t cls;   /* unigrams: WORD_* */
	uint8_t nw;    /* words in it */
	bool lower;    /* unigrams: written at least once with a lower-case first letter */
	bool midcap;   /* and with a capital within a sentence (not at its start) */
	bool written;  /* unigrams: seen written with letters beyond ASCII (its display looked at) */
	bool clitic;   /* unigrams: one or two letters after an apostrophe ("father's") */
	bool stop;     /* not listed on its own */
	idlist ids;
} term;

typedef struct practice {
	int64_t at;
	int answer;
} practice;

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

	practice *practices;
	size_t npractices, cappractices;
	char *subject; /* a copy of o.subject */
	char **authors; /* whose entries were added (pattern_set_author), each once */
	size_t nauthors, capauthors;
	uint32_t author; /* whose the entries added next are: an index, or NONE */

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


#define EPS 1e-9

#define GROW(arr, cap, need) pt_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

extern const pattern *pt_sort_p;
extern const char *const pt_stop_words[];
extern const size_t pt_nstop_words;
extern const char *const pt_weak_words[];
extern const size_t pt_nweak_words;

/* ln of the one-sided Fisher exact p: entries n, a with one, b with the other, k with
 * both; the chance of k or more together. */
double pt_fisher_log_p(uint32_t n, uint32_t a, uint32_t b, uint32_t k);
/* The chance of a Student t with df degrees of freedom above t. */
double pt_t_sf(double t, double df);
/* One-sided two-sample t test (variance pooled): the chance that a mean of m1 (sample
 * variance v1, n1 values) is this far above m2 (v2, n2) when the two do not differ. 1 when
 * either has fewer than two. */
double pt_t_p(double m1, double v1, double n1, double m2, double v2, double n2);
/* Benjamini-Hochberg: q values for m p values given as ln p (q[i] for logp[i]), over
 * `tests` tests in all (at least m; the tests not given count as p = 1). */
rf_status pt_bh(const double *logp, size_t m, size_t tests, double *q);
/* A day as people say it ("17 Nov"), in the language of the interface. */
void pt_human_day(int32_t z, char *out, size_t cap);
rf_status pt_finish_activation(pattern *p);
rf_status pt_finish_practice(pattern *p);
double pt_median(double *v, size_t n);
/* A term's folded text (a phrase's words with spaces), into buf when it must be made. */
const char *pt_term_key(const pattern *p, uint32_t t, char *buf, size_t cap);
/* A term as shown (accents kept); the caller wipes and frees it. NULL on no memory. */
char *pt_term_display(const pattern *p, uint32_t t);
void pt_xsort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *));

void pt_wipe_free(char **s);
char *pt_xstrdup(const char *s);
rf_status pt_idlist_add(idlist *l, uint32_t ord);
bool pt_idlist_next(const idlist *l, uint32_t *pos, uint32_t *prev, uint32_t *ord);
void pt_idlist_free(idlist *l);
uint32_t pt_hash_u64(uint64_t k);
uint32_t pt_hash_bytes(const char *s, size_t n);
uint32_t pt_strmap_get(const strmap *m, const char *key, size_t len, uint32_t h);
rf_status pt_strmap_put(strmap *m, const char *key, size_t len, uint32_t h, uint32_t val);
uint32_t pt_intmap_get(const intmap *m, uint64_t key);
rf_status pt_intmap_put(intmap *m, uint64_t key, uint32_t val);
rf_status pt_cmap_init(cmap *m, size_t rows, size_t cols);
void pt_cmap_free(cmap *m);
uint32_t *pt_cmap_slot(cmap *m, uint32_t a, uint32_t b);
uint32_t pt_cmap_get(const cmap *m, uint32_t a, uint32_t b);
bool pt_cmap_next(cmap *m, size_t *pos, uint32_t *a, uint32_t *b, uint32_t **val);
bool pt_parse_day(const char *s, int32_t *out);
void pt_format_day(int32_t z, char out[11]);
int pt_weekday(int32_t z);
void pt_iso_week(int32_t z, char out[9]);
rf_status pt_fail(pattern *p, rf_status st);
const pattern_ids *pt_mkids(pattern *p, const idlist *l);
idlist *pt_mkextra(pattern *p);
char *pt_keepstr(pattern *p, char *s);
int pt_cmp_double_desc(double a, double b);
int pt_doc_chrono(const doc *a, const doc *b);
int pt_cmp_u32(const void *x, const void *y);
int pt_ord_chrono_desc(const void *x, const void *y);
rf_status pt_grow(void **v, size_t *cap, size_t need, size_t sz);
rf_status pt_finish_weeks(pattern *p, int32_t first, int32_t last);
rf_status pt_finish_labels(pattern *p);
rf_status pt_finish_shift(pattern *p, int32_t last);
rf_status pt_finish_selfcare(pattern *p);
rf_status pt_finish_questions(pattern *p);
rf_status pt_finish_revisit(pattern *p);
rf_status pt_term_new(pattern *p, const char *str, size_t len, uint32_t h, uint32_t a, uint32_t b, uint32_t *out);
bool pt_has_texts(const entry *e);
rf_status pt_scan_entry(pattern *p, const entry *e, bool fg, uint32_t ord);
rf_status pt_finish_words(pattern *p);
rf_status pt_finish_combos(pattern *p);

#endif
