/* deid_int.h - what the pieces of de-identification share (src/core/deid.c and the modules in
 * src/core/deid/): tokens of a text in a folded form with their byte ranges, the language word
 * lists, the patterns (emails, phones, dates of birth, addresses) and the phone shim. */
#ifndef REFLECT_DEID_INT_H
#define REFLECT_DEID_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/deid.h"
#include "reflect/status.h"

/* ---- tokens (fold.c) ---- */

enum {
	T_DIGITS = 1,	 /* only digits */
	T_UPPER = 2,	 /* the first letter is a capital */
	T_ALLUPPER = 4,	 /* every letter is a capital (and there is one) */
	T_ALPHA = 8,	 /* holds a letter */
	T_CAMEL = 16,	 /* split off the word before it at a capital ("Okafor" in "JaylenOkafor") */
	T_LOWER1 = 32,	 /* the first letter is small */
};

/* A word of a text: bytes [s, e) of the original, its folded form (NFKC, case folded, accents
 * stripped, TR39 confusable skeleton) at fold + f, flen bytes, NUL-terminated. Soft hyphens and
 * other invisible format characters are skipped; a word broken by a hyphen at the end of a line
 * is one token. */
typedef struct dtok {
	size_t s, e;
	size_t f, flen;
	uint32_t h;
	unsigned flags;
	unsigned letters; /* how many letters */
	uint32_t kw;	  /* the word lists of patterns.c that have a phrase starting with this word
			   * (deid_mark_words) */
} dtok;

typedef struct dtoks {
	dtok *v;
	size_t n, cap;
	char *fold;
	size_t flen, fcap;
	bool marked; /* kw of every token is set */
	bool digits; /* some token holds a digit (of any script) */
} dtoks;

/* Split text (valid UTF-8) into tokens; RF_ERR_NOMEM. */
rf_status deid_tokenize(const char *text, size_t len, dtoks *t);
void deid_toks_clear(dtoks *t);
static inline const char *deid_tf(const dtoks *t, size_t i) { return t->fold + t->v[i].f; }
/* Fold a short text as one word (every word character of it, in order) into a new string. */
char *deid_fold_word(const char *s, size_t n);
uint32_t deid_hash(const char *s, size_t n);
rf_status deid_grow(void **v, size_t *cap, size_t need, size_t sz);

/* ---- words of the languages (words.c) ---- */

/* Load the embedded English and Spanish word lists (once); RF_ERR_NOMEM. */
rf_status deid_words_ready(void);
/* A word of English or Spanish (folded form): in a word list, or an inflection of one. */
bool deid_word_known(const char *folded, size_t n);
/* The languages whose word lists hold w (no inflections): DEID_LANG_EN | DEID_LANG_ES. */
enum { DEID_LANG_EN = 1, DEID_LANG_ES = 2 };
int deid_word_langs(const char *folded, size_t n);
/* The same for a word whose deid_hash is known (a token's h). */
int deid_word_langs_h(const char *folded, size_t n, uint32_t h);
/* deid_word_known with only the word lists of langs (0: both). */
bool deid_word_known_in(const char *folded, size_t n, int langs);
/* A Spanish verb form, by its ending and an infinitive in the word list ("miró": mirar). */
bool deid_word_verb_es(const char *folded, size_t n);
/* A word of English (not only Spanish). */
bool deid_word_english(const char *folded, size_t n);
/* A word the English list only knows with a capital (a proper noun: "Grace", "Fatima"). */
bool deid_word_proper(const char *folded, size_t n);
/* A word never taken for a name when capitalised: days, months, languages, Mum, the prompts'
 * feelings, themes and competencies... */
bool deid_word_vocabulary(const char *folded, size_t n);
/* A word written with a capital in ordinary prose (Monday, Mum, English, Health Visitor). */
bool deid_word_capitalised(const char *folded, size_t n);
/* A kin word: Mum, Grandma, Abuela, Tía, Auntie ... */
bool deid_word_kin(const char *folded, size_t n);
/* A title before a name: Mr, Mrs, Dr, Sra ... */
bool deid_word_title(const char *folded, size_t n);
/* Wipe the words remembered from recent look-ups (folded words of texts). */
void deid_words_forget(void);
/* Wipe and free what this thread remembered of words (before it ends). */
void deid_words_thread_done(void);
/* Make the tables of folds and of the patterns' words (once, before threads scan). */
void deid_fold_ready(void);
void deid_patterns_ready(void);

/* ---- spans found in a text ---- */

typedef struct dspan {
	size_t s, e;
	deid_what what;
	int ident; /* the identifier (index in the list), or -1 */
} dspan;

typedef struct dspans {
	dspan *v;
	size_t n, cap;
} dspans;

rf_status deid_span_add(dspans *sp, size_t s, size_t e, deid_what what, int ident);

/* ---- patterns (patterns.c) ---- */

rf_status deid_find_emails(const char *s, size_t len, dspans *sp);
rf_status deid_find_phones(const char *s, size_t len, dspans *sp);
rf_status deid_find_birthdates(const char *s, const dtoks *t, bool child_named, dspans *sp);
rf_status deid_find_addresses(const char *s, const dtoks *t, dspans *sp);
/* Set kw of every token of t: one look-up a word, so that asking whether a word list has a
 * phrase at a token is a test of a bit (most words are on none). */
void deid_mark_words(dtoks *t);
/* A full date starting at token i: the index after its last token, or 0. */
size_t deid_date_at(const char *s, const dtoks *t, size_t i);

/* ---- the identifiers list (list.c) ---- */

typedef struct ident {
	int64_t id;
	char *text;
	char *kind;
	char **part; /* folded words */
	size_t nparts;
	bool person;
} ident;

/* One word of an identifier (or a safe word) in the look-up table. */
typedef struct pnode {
	uint32_t h;
	const char *w; /* folded */
	size_t wl;
	int ident; /* -1: a safe word */
	bool seq;  /* the first of an identifier's one-letter words ("美玲"), matched in a row */
	int next;
} pnode;

/* The placeholders given so far in one export: a person of a family and their number. */
typedef struct seen {
	uint32_t fam;
	int ident;
	int num;
} seen;

struct deid_list {
	ident *v;
	size_t n, cap;
	char **safe; /* folded safe words */
	size_t nsafe, safecap;
	pnode *node;
	size_t nnode, nodecap;
	int *bucket;
	size_t nbucket; /* a power of two */
	uint64_t lengths; /* bit L: some part is L bytes long (folded) */
	seen *seen;
	size_t nseen, seencap;
	bool damaged; /* some identifiers could not be read */
	uint64_t stamp; /* new with every change: what a thread remembered of it is stale (deid.c) */
};

/* Forget the short texts found clean (the list changed, or is freed): deid.c. */
void deid_clean_forget(deid_list *l);

/* The first node for folded word w after node from (-1: the first), or -1; safe words too. */
int deid_find_node(const deid_list *l, const char *w, size_t wl, int from);
/* The same for an identifier's word only. */
int deid_find_part(const deid_list *l, const char *w, size_t wl, int from);
/* A word marked safe. */
bool deid_is_safe(const deid_list *l, const char *w, size_t wl);

/* ---- names (names.c) ---- */

/* Token i on the identifiers list: its node, or -1. */
int deid_listed(const deid_list *l, const dtoks *t, size_t i);
/* Listed names (span ident = the identifier, -2 a family name several share) and, unless
 * listed_only, possible names; *child is set when a listed child is named. scratch is reused
 * between calls. */
rf_status deid_find_names(const deid_list *l, const char *s, const dtoks *t, dspans *sp,
			  bool *child, int **scratch, size_t *scap, bool listed_only);

/* ---- the phone shim (phone_shim.cc): libphonenumber's matcher over text in region; calls
 * found for each number's byte range. 0 when done, -1 when the library failed. ---- */
int deid_phone_find(const char *text, size_t len, const char *region,
		    int (*found)(size_t s, size_t e, void *ctx), void *ctx);

#endif
