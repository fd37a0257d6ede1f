/* words.c - the words of English and Spanish (Debian's wamerican and wspanish, embedded in the
 * binary at build time), folded like the texts they are compared with, with the inflections a
 * word list leaves out (plurals, past tenses, Spanish verb forms). A capitalised word that is
 * not a word of either language, nor known vocabulary, is a possible name. */
#include "deid_int.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/export.h"
#include "reflect/i18n.h"
#include "reflect/prompts.h"

extern const char reflect_words_en[], reflect_words_en_end[];
extern const char reflect_words_es[], reflect_words_es_end[];

enum {
	W_KNOWN = 1,
	W_PROPER = 2,
	W_VOCAB = 4,
	W_TITLE = 8,
	W_ENGLISH = 16,
	W_SPANISH = 32,
	W_CAPITAL = 64, /* written with a capital in ordinary prose: Monday, Mum, English */
	W_KIN = 128,	/* Mum, Abuela, Auntie */
};

typedef struct wslot {
	uint32_t h;
	uint32_t off; /* into buf; 0: empty */
	uint16_t len;
	uint8_t flags;
} wslot;

static wslot *table;
static size_t tcap; /* a power of two */
static char *buf;
static size_t blen, bcap;
static bool loaded;

static wslot *slot_of(const char *w, size_t n, uint32_t h)
{
	size_t i = h & (tcap - 1);

	for (;;) {
		wslot *s = &table[i];
		if (s->off == 0 || (s->h == h && s->len == n && memcmp(buf + s->off, w, n) == 0))
			return s;
		i = (i + 1) & (tcap - 1);
	}
}

static rf_status put(const char *w, size_t n, uint8_t flags)
{
	uint32_t h;
	wslot *s;
	rf_status st;

	if (n == 0 || n > 60)
		return RF_OK;
	h = deid_hash(w, n);
	s = slot_of(w, n, h);
	if (s->off != 0) {
		s->flags |= flags;
		return RF_OK;
	}
	if ((st = deid_grow((void **)&buf, &bcap, blen + n + 1, 1)) != RF_OK)
		return st;
	memcpy(buf + blen, w, n);
	buf[blen + n] = '\0';
	s->h = h;
	s->off = (uint32_t)blen;
	s->len = (uint16_t)n;
	s->flags = flags;
	blen += n + 1;
	return RF_OK;
}

/* Fold a plain word (or words) and put each. */
static rf_status put_plain(const char *w, size_t n, uint8_t flags)
{
	dtoks t = {0};
	rf_status st = deid_tokenize(w, n, &t);

	for (size_t i = 0; st == RF_OK && i < t.n; i++)
		st = put(deid_tf(&t, i), t.v[i].flen, flags);
	deid_toks_clear(&t);
	return st;
}

static rf_status put_list(const char *p, const char *end, bool english)
{
	dtoks t = {0};
	rf_status st = RF_OK;

	while (p < end && st == RF_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* "Okafor's" and other possessives add nothing */
		if (n > 0 && memchr(p, '\'', n) == NULL) {
			bool cap = english && (unsigned char)p[0] >= 'A' && (unsigned char)p[0] <= 'Z';
			if ((st = deid_tokenize(p, n, &t)) == RF_OK && t.n == 1)
				st = put(deid_tf(&t, 0), t.v[0].flen,
					 cap ? W_PROPER : (uint8_t)(W_KNOWN | (english ? W_ENGLISH : W_SPANISH)));
		}
		p += n + 1;
	}
	deid_toks_clear(&t);
	return st;
}

/* Capitalised words of ordinary reflective writing that are not names of anyone in it. */
static const char *const vocabulary[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
    "domingo", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre", "English", "Spanish", "Español",
    "Inglés", "French", "Arabic", "Somali", "Portuguese", "Mandarin", "Cantonese", "Chinese",
    "Vietnamese", "Korean", "Hindi", "Urdu", "Punjabi", "Bengali", "Polish", "Russian",
    "Ukrainian", "Haitian", "Creole", "Swahili", "Amharic", "Tigrinya", "Farsi", "Pashto",
    "Dari", "Tagalog", "Japanese", "German", "Italian", "Turkish", "Hebrew", "Greek", "Latin",
    "Latino", "Latina", "Latinx", "Hispanic", "African", "American", "Mexican", "Black",
    "White", "Asian", "Indigenous", "Native", "European", "British", "Canadian", "Baby", "Bebé",
    "God", "Dios",
    "Christmas", "Navidad", "Easter", "Ramadan", "Eid", "Thanksgiving", "Halloween",
    "Diwali", "Hanukkah", "Pascua", "OK", "TV", "Zoom", "Teams", "WhatsApp", "FaceTime",
    "Facebook", "Instagram", "YouTube", "Google", "iPad", "iPhone", "Internet", "Covid",
    "Wi", "Fi", "NICU", "PICU", "IMH", "Medicaid", "Medicare", "NHS", "GP", "Early", "Head",
    "Start", "Years", "Health", "Visitor", "Social", "Services", "Service", "Centre", "Center",
    "Team", "Council", "Department", "Program", "Programme", "Hospital", "Clinic", "School",
    "Nursery", "Child", "Children", "Protection", "Family", "Families", "Parent", "Parents",
    "Infant", "Mental", "Trust", "New", "Year", "Eve", "Day", "Mother", "Father", "Sure",
    "Care", "Unit", "Ward", "Midwife", "Doctor", "Nurse", "Court", "Judge", "Police", "Housing",
    "Office", "Agency", "Foundation", "Association", "Home", "Visiting", "Gibbs", "NMC", "Bowlby", "Winnicott", "Fraiberg", "Ainsworth", "Tronick",
    "Lieberman", "Siegel", "Brazelton", "Bion", "Klein", "Freud", "Piaget", "Vygotsky",
    "Erikson", "Fonagy", "Slade", "Zeanah", "Heffron", "Weatherston", "Schore", "Porges",
    "Still", "Face", "Circle", "Security", "Pause", "Notice", "Curious", "Reflective",
    "Supervision", "Supervisor", "Description", "Feelings", "Evaluation", "Analysis",
    "Conclusion", "Action", "Plan", "Dr", "I", "couldn", "wouldn", "shouldn", "didn",
    "doesn", "isn", "wasn", "weren", "hasn", "haven", "hadn", "aren", "mustn", "needn",
    "ain", "fue", "fui", "fueron", "fuimos", "era", "eran", "eras", "éramos", "estaba",
    "estaban", "estábamos", "estuve", "estuvo", "estuvieron", "tuve", "tuvo", "tuvieron",
    "hizo", "hice", "hicieron", "hicimos", "dijo", "dije", "dijeron", "puso", "puse",
    "pusieron", "pudo", "pude", "pudieron", "quiso", "quise", "vino", "vine", "vinieron",
    "supe", "supo", "hay", "hubo", "había", "habían", "va", "van", "voy", "vamos", "ha", "he",
    "han", "hemos", "es", "son", "soy", "somos", "estoy", "está", "están", "estamos", "sé",
    "dio", "di", "dieron", "vi", "vio", "vieron", "trajo", "traje", "quiero", "quiere",
    "quieren", "puede", "pueden", "puedo", "tiene", "tienen", "tengo", "tenía", "tenían",
    "siento", "sintió", "sentía", "pienso", "piensa", "pensé", "pidió", "sigue", "siguió",
    "durmió", "murió", "sonrió", "rió", "se", "me", "te", "le", "les", "nos", "lo", "la",
    "los", "las", "al", "del", "mientras", "después", "también", "aquí", "allí", "ahí",
    "él", "ella", "ellos", "ellas", "yo", "tú", "usted", "ustedes", "nosotros", "nosotras",
    "cuando", "aunque", "porque", "quizás", "quizá", "ojalá", "luego", "entonces",
    "ya", "aún", "todavía", "hoy", "ayer", "anoche", "mañana", "ahora", "antes", "casi",
    /* small words that start Spanish sentences (some of them names in English lists) */
    "como", "cómo", "de", "desde", "si", "sí", "un", "una", "unos", "unas", "ni", "no", "mía",
    "mío", "su", "sus", "mi", "mis", "tu", "tus", "que", "qué", "con", "sin", "por", "para",
    "pero", "pues", "y", "o", "en", "entre", "hasta", "tras", "sobre", "según", "cada", "todo",
    "toda", "todos", "todas", "otro", "otra", "este", "esta", "ese", "esa", "eso", "esto",
    "san", "santa", "durante", "mediante", "hacia", "contra", "ante", "segundo", "primero",
    NULL,
};

/* What a family calls its own, capitalised as names are: kin words, not persons (and a name
 * may follow them: "Tía Rocío"). */
static const char *const kin[] = {
    "Mum", "Mom", "Mommy", "Mummy", "Mama", "Mamá", "Mami", "Dad", "Daddy", "Papa", "Papá",
    "Papi", "Grandma", "Grandpa", "Granny", "Grandad", "Grandmother", "Grandfather", "Nana",
    "Abuela", "Abuelo", "Abuelita", "Abuelito", "Tía", "Tío", "Auntie", "Aunty", "Aunt",
    "Uncle", "Nan", "Nanna", "Nanny", "Granddad", "Grandmom", "Grandmum", "Grandpop", "Gramps",
    "Grandpapa", "Grandmama", "Stepdad", "Stepmum", "Stepmom", "Mamita", "Madrina", "Padrino",
    "Yaya", "Yayo", "Bisabuela", "Bisabuelo", NULL,
};

static const char *const titles[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "srs", "don", "doña", "dona",
    "señor", "señora", "señorita", "senor", "senora", "prof", "mister", "doctor", "doctora",
    "lic", "nurse", NULL,
};

static rf_status put_prompts(void)
{
	size_t ng = 0;
	const prompts_group *g;
	prompts_list l;
	rf_status st;

	g = prompts_emotions(&ng);
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < g[i].words.n; k++) {
			const char *w = g[i].words.v[k];
			if ((st = put_plain(w, strlen(w), W_VOCAB)) != RF_OK ||
			    (st = put_plain(_(w), strlen(_(w)), W_VOCAB)) != RF_OK)
				return st;
		}
	/* themes, competencies and the other labels are often written in title case */
	g = prompts_themes(&ng);
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < g[i].words.n; k++) {
			const char *w = g[i].words.v[k];
			if ((st = put_plain(w, strlen(w), W_VOCAB | W_CAPITAL)) != RF_OK ||
			    (st = put_plain(_(w), strlen(_(w)), W_VOCAB | W_CAPITAL)) != RF_OK)
				return st;
		}
	/* the eight competency domains, as a cover and a competencies field name them */
	for (size_t d = 0; d < EXPORT_DOMAINS; d++) {
		const char *w = export_domain_names[d];
		if ((st = put_plain(w, strlen(w), W_VOCAB | W_CAPITAL)) != RF_OK ||
		    (st = put_plain(_(w), strlen(_(w)), W_VOCAB | W_CAPITAL)) != RF_OK)
			return st;
	}
	prompts_list lists[3];
	lists[0] = prompts_competencies();
	lists[1] = prompts_visit_types();
	lists[2] = prompts_life_stages();
	for (size_t m = 0; m < 3; m++) {
		l = lists[m];
		for (size_t k = 0; k < l.n; k++) {
			const char *w = l.v[k];
			if ((st = put_plain(w, strlen(w), W_VOCAB | W_CAPITAL)) != RF_OK ||
			    (st = put_plain(_(w), strlen(_(w)), W_VOCAB | W_CAPITAL)) != RF_OK)
				return st;
		}
	}
	return RF_OK;
}

rf_status deid_words_ready(void)
{
	rf_status st;

	if (loaded)
		return RF_OK;
	tcap = 1u << 19; /* about 200,000 words at under half full */
	if ((table = calloc(tcap, sizeof *table)) == NULL)
		return RF_ERR_NOMEM;
	blen = 1; /* offset 0 means empty */
	if ((st = deid_grow((void **)&buf, &bcap, 1u << 21, 1)) != RF_OK)
		goto fail;
	buf[0] = '\0';
	if (reflect_words_en_end - reflect_words_en < 1000 ||
	    reflect_words_es_end - reflect_words_es < 1000) {
		st = RF_ERR_INVALID; /* built without the word lists */
		goto fail;
	}
	if ((st = put_list(reflect_words_en, reflect_words_en_end, true)) != RF_OK ||
	    (st = put_list(reflect_words_es, reflect_words_es_end, false)) != RF_OK)
		goto fail;
	for (size_t i = 0; vocabulary[i] != NULL; i++)
		if ((st = put_plain(vocabulary[i], strlen(vocabulary[i]), W_VOCAB | W_CAPITAL)) !=
		    RF_OK)
			goto fail;
	for (size_t i = 0; kin[i] != NULL; i++)
		if ((st = put_plain(kin[i], strlen(kin[i]), W_VOCAB | W_CAPITAL | W_KIN)) != RF_OK)
			goto fail;
	for (size_t i = 0; titles[i] != NULL; i++)
		if ((st = put_plain(titles[i], strlen(titles[i]), W_TITLE)) != RF_OK)
			goto fail;
	if ((st = put_prompts()) != RF_OK)
		goto fail;
	loaded = true;
	return RF_OK;
fail:
	free(table);
	table = NULL;
	free(buf);
	buf = NULL;
	blen = bcap = 0;
	return st;
}

/* The flags of the words looked up lately, the word kept with them (a look-up in the table of
 * 200,000 words reaches memory twice, for its slot and its letters; a text's words repeat).
 * The table never changes once loaded, so neither does what is kept here; the words (folded
 * words of people's texts) are wiped whenever an identifiers list is freed, at the end of
 * every export and scan. */
#define RECENT 8192
#define RECENT_LEN 26
typedef struct recent {
	uint32_t h;
	uint8_t n; /* 0: empty */
	uint8_t flags;
	char w[RECENT_LEN];
} recent;
static _Thread_local recent *recents; /* each thread its own */

void deid_words_forget(void)
{
	if (recents != NULL)
		sodium_memzero(recents, RECENT * sizeof *recents);
}

void deid_words_thread_done(void)
{
	deid_words_forget();
	free(recents);
	recents = NULL;
}

/* flags_of for a word whose deid_hash is h (a token's). */
static uint8_t flags_of_h(const char *w, size_t n, uint32_t h)
{
	wslot *s;
	recent *r = NULL;

	if (!loaded || n == 0 || n > 60)
		return 0;
	if (n <= RECENT_LEN && (recents != NULL || (recents = calloc(RECENT, sizeof *recents)))) {
		r = &recents[(h ^ (h >> 13)) & (RECENT - 1)];
		if (r->n == n && r->h == h && memcmp(r->w, w, n) == 0)
			return r->flags;
	}
	s = slot_of(w, n, h);
	if (r != NULL) {
		r->h = h;
		r->n = (uint8_t)n;
		r->flags = s->off ? s->flags : 0;
		memcpy(r->w, w, n);
	}
	return s->off ? s->flags : 0;
}

static uint8_t flags_of(const char *w, size_t n)
{
	if (!loaded || n == 0 || n > 60)
		return 0;
	return flags_of_h(w, n, deid_hash(w, n));
}

/* Suffixes, folded the way words are (an "i" folds to "l", an "m" to "rn"). */
typedef struct rule {
	const char *strip, *add;
} rule;

static const rule en_rules[] = {
    {"s", ""},	   {"es", ""},	 {"ed", ""},	{"ed", "e"},   {"d", ""},    {"lng", ""},
    {"lng", "e"},  {"led", "y"}, {"les", "y"},	{"ly", ""},    {"er", ""},   {"est", ""},
    {"ness", ""},  {"ful", ""},	 {"lly", "l"},	{"ers", ""},   {"lngs", ""}, {NULL, NULL},
};

/* Spanish verb and noun endings, and the infinitive endings to try in their place. */
static const char *const es_endings[] = {
    "o", "as", "a", "arnos", "an", "aba", "abas", "abarnos", "aban", "e", "es", "ernos", "en",
    "la", "las", "larnos", "lan", "l", "lo", "lste", "aste", "lrnos", "aron", "leron", "ado",
    "ada", "ados", "adas", "ldo", "lda", "ldos", "ldas", "ando", "lendo", "yendo", "ara",
    "aran", "lera", "leran", "ase", "lese", "ana", "era", "lra", "ara", "aba", "arnos",
    "ernos", "lrnos", "e", "ste", "aron", "yo", "yeron", "ar", "er", "lr", "s", NULL,
};
static const char *const es_infinitive[] = {"ar", "er", "lr", NULL};
static const char *const enclitics[] = {"lo", "la", "le", "los", "las", "les", "rne", "te",
					  "se", "nos", NULL};

/* Which word lists count (W_ENGLISH, W_SPANISH or both), for the language of the text. */
static _Thread_local uint8_t lists = W_ENGLISH | W_SPANISH; /* each thread its own */

static bool has_in(const char *w, size_t n, uint8_t mask)
{
	uint8_t f = flags_of(w, n);

	return (f & W_VOCAB) != 0 || (f & lists & mask) != 0;
}

static bool has(const char *w, size_t n)
{
	return has_in(w, n, W_ENGLISH | W_SPANISH);
}

/* Spanish forms are made of Spanish words, English ones of English words. */
static bool has_es(const char *w, size_t n)
{
	return has_in(w, n, W_SPANISH);
}

/* stem + ending known? */
static bool joined(const char *stem, size_t sl, const char *end)
{
	char b[80];
	size_t el = strlen(end);

	if (sl + el >= sizeof b)
		return false;
	memcpy(b, stem, sl);
	memcpy(b + sl, end, el);
	return has_es(b, sl + el);
}

/* An infinitive for stem (spelling and stem changes undone) + inf. */
static bool infinitive(const char *stem, size_t sl, const char *inf)
{
	char b[80];

	if (sl + 4 >= sizeof b)
		return false;
	if (joined(stem, sl, inf))
		return true;
	memcpy(b, stem, sl);
	/* llegué -> llegar, toqué -> tocar, empecé -> empezar */
	if (sl >= 2 && b[sl - 1] == 'u' && b[sl - 2] == 'g' && joined(b, sl - 1, inf))
		return true;
	if (sl >= 2 && b[sl - 1] == 'u' && b[sl - 2] == 'q') {
		b[sl - 2] = 'c';
		if (joined(b, sl - 1, inf))
			return true;
		b[sl - 2] = 'q';
	}
	if (b[sl - 1] == 'c') {
		b[sl - 1] = 'z';
		if (joined(b, sl, inf))
			return true;
		b[sl - 1] = 'c';
	}
	/* stem changes in the last vowel: pierde -> perder, duerme -> dormir, sintió -> sentir */
	for (size_t p = sl; p-- > 0;) {
		char c = b[p];
		if (c != 'a' && c != 'e' && c != 'o' && c != 'l' && c != 'u')
			continue;
		if (c == 'e' && p > 0 && (b[p - 1] == 'l' || b[p - 1] == 'u')) {
			char d[80];
			memcpy(d, b, p - 1);
			d[p - 1] = b[p - 1] == 'l' ? 'e' : 'o';
			memcpy(d + p, b + p + 1, sl - p - 1);
			return joined(d, sl - 1, inf);
		}
		if ((c == 'l' || c == 'u') && strcmp(inf, "lr") == 0) {
			/* pidió -> pedir, durmió -> dormir: -ir verbs only */
			b[p] = c == 'l' ? 'e' : 'o';
			return joined(b, sl, inf);
		}
		return false;
	}
	return false;
}

static bool es_verb(const char *w, size_t n)
{
	for (size_t i = 0; es_endings[i] != NULL; i++) {
		size_t el = strlen(es_endings[i]);
		if (n <= el + 1 || memcmp(w + n - el, es_endings[i], el) != 0)
			continue;
		for (size_t k = 0; es_infinitive[k] != NULL; k++)
			if (infinitive(w, n - el, es_infinitive[k]))
				return true;
	}
	return false;
}

/* A verb form a pronoun is written onto: an infinitive (mirarla), a gerund (abrazándolo) or an
 * affirmative imperative (abrázalo, dele), never a finite form in -o, -s, -n ("Fabiola" is
 * no "fablo" + "la", whatever an old word list holds). */
static bool clitic_host(const char *w, size_t n)
{
	static const char *const hosts[] = {"ar", "er", "lr", "ando", "lendo", "yendo", "a", "e",
					    NULL};

	for (size_t i = 0; hosts[i] != NULL; i++) {
		size_t hl = strlen(hosts[i]);
		if (n > hl + 1 && memcmp(w + n - hl, hosts[i], hl) == 0)
			return es_verb(w, n);
	}
	return false;
}

bool deid_word_verb_es(const char *w, size_t n)
{
	return n <= 60 && es_verb(w, n);
}

int deid_word_langs(const char *w, size_t n)
{
	return deid_word_langs_h(w, n, deid_hash(w, n));
}

int deid_word_langs_h(const char *w, size_t n, uint32_t h)
{
	uint8_t f = flags_of_h(w, n, h);

	return ((f & W_ENGLISH) ? DEID_LANG_EN : 0) | ((f & W_SPANISH) ? DEID_LANG_ES : 0);
}

bool deid_word_known_in(const char *w, size_t n, int langs)
{
	uint8_t keep = lists;
	bool r;

	lists = (uint8_t)(((langs & DEID_LANG_EN) ? W_ENGLISH : 0) |
			  ((langs & DEID_LANG_ES) ? W_SPANISH : 0));
	if (lists == 0)
		lists = W_ENGLISH | W_SPANISH;
	r = deid_word_known(w, n);
	lists = keep;
	return r;
}

bool deid_word_known(const char *w, size_t n)
{
	char b[72];

	if (has(w, n))
		return true;
	if (n < 3 || n > 60)
		return false;
	for (size_t i = 0; (lists & W_ENGLISH) && en_rules[i].strip != NULL; i++) {
		size_t sl = strlen(en_rules[i].strip), al = strlen(en_rules[i].add);
		if (n <= sl + 1 || memcmp(w + n - sl, en_rules[i].strip, sl) != 0)
			continue;
		memcpy(b, w, n - sl);
		memcpy(b + n - sl, en_rules[i].add, al);
		if (has_in(b, n - sl + al, W_ENGLISH))
			return true;
		/* doubled consonants: hugged -> hug, sitting -> sit */
		if (al == 0 && n - sl >= 3 && b[n - sl - 1] == b[n - sl - 2] &&
		    has_in(b, n - sl - 1, W_ENGLISH))
			return true;
	}
	if (!(lists & W_SPANISH))
		return false;
	/* plurals: momentos, padres, luces */
	if (n > 3 && w[n - 1] == 's' && (has_es(w, n - 1) || (w[n - 2] == 'e' && has_es(w, n - 2))))
		return true;
	if (n > 4 && memcmp(w + n - 3, "ces", 3) == 0) {
		memcpy(b, w, n - 3);
		b[n - 3] = 'z';
		if (has_es(b, n - 2))
			return true;
	}
	if (es_verb(w, n))
		return true;
	/* abrazándolo, dándole, mirarla: a verb with pronouns after it */
	for (size_t i = 0; enclitics[i] != NULL; i++) {
		size_t el = strlen(enclitics[i]);
		if (n > el + 3 && memcmp(w + n - el, enclitics[i], el) == 0) {
			if (has_es(w, n - el) || clitic_host(w, n - el))
				return true;
			for (size_t k = 0; enclitics[k] != NULL; k++) {
				size_t kl = strlen(enclitics[k]);
				if (n > el + kl + 3 &&
				    memcmp(w + n - el - kl, enclitics[k], kl) == 0 &&
				    (has_es(w, n - el - kl) || clitic_host(w, n - el - kl)))
					return true;
			}
		}
	}
	return false;
}

bool deid_word_english(const char *w, size_t n)
{
	char b[72];

	if (flags_of(w, n) & (W_ENGLISH | W_VOCAB))
		return true;
	for (size_t i = 0; en_rules[i].strip != NULL && n < 60; i++) {
		size_t sl = strlen(en_rules[i].strip), al = strlen(en_rules[i].add);
		if (n <= sl + 1 || memcmp(w + n - sl, en_rules[i].strip, sl) != 0)
			continue;
		memcpy(b, w, n - sl);
		memcpy(b + n - sl, en_rules[i].add, al);
		if (flags_of(b, n - sl + al) & W_ENGLISH)
			return true;
	}
	return false;
}

bool deid_word_proper(const char *w, size_t n)
{
	return (flags_of(w, n) & W_PROPER) != 0;
}

bool deid_word_vocabulary(const char *w, size_t n)
{
	return (flags_of(w, n) & W_VOCAB) != 0;
}

bool deid_word_capitalised(const char *w, size_t n)
{
	return (flags_of(w, n) & W_CAPITAL) != 0;
}

bool deid_word_kin(const char *w, size_t n)
{
	return (flags_of(w, n) & W_KIN) != 0;
}

bool deid_word_title(const char *w, size_t n)
{
	return (flags_of(w, n) & W_TITLE) != 0;
}
