/* prompts.c - the words of the practice: prompts, grounding lines and vocabularies (static). */
#include "reflect/prompts.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reflect/i18n.h"
#include "reflect/text.h"

/* The vocabularies read better as written. */
/* clang-format off */
#define LIST(a) {(a), sizeof(a) / sizeof((a)[0])}

#define SET_MAX_BYTES (256u << 10)
#define SET_MAX_GROUPS 10 /* the picker shows 11 groups with the person's own words */
#define SET_MAX_WORDS 40

/* A growable list of strings the set owns. */
typedef struct svec {
	const char **v;
	size_t n, cap;
} svec;

/* A group being read: its name and words. */
typedef struct sgroup {
	char *name;
	svec words;
} sgroup;

struct prompts_set {
	char *name;
	prompts_step_text steps[PROMPTS_STEP_COUNT]; /* filled in from the built-in ones */
	svec subs[PROMPTS_STEP_COUNT];
	const char *label[PROMPTS_F_COUNT]; /* NULL: the built-in one */
	const char *hint[PROMPTS_F_COUNT];
	svec grounding, visit_types;
	prompts_group emotions[SET_MAX_GROUPS], themes[SET_MAX_GROUPS];
	size_t nemotions, nthemes;
	svec owned; /* every string above that the set allocated */
	svec words[2 * SET_MAX_GROUPS];
};

static prompts_set *active;

/* ---- steps (seed 001: Pause / Notice / Be Curious) ---- */

static const char *const notice_subs[] = {
	N_("Actions: what did I see, what did I do?"),
	N_("Thoughts: what went through my mind?"),
	N_("Emotions: what did I feel, and when?"),
	N_("Values: what mattered to me in that moment?"),
	N_("In the present moment, holding past moments in mind."),
};

static const char *const curious_subs[] = {
	N_("Listening for the past in the present: what might be echoing here?"),
	N_("What might I do, or not do, next time?"),
};

static const char *const pause_subs[] = {
	N_("Slow down. There is no right answer here."),
};

static const char *const details_subs[] = {
	N_("Only what helps you find this later. A family code, never a name."),
};

static const prompts_step_text steps[PROMPTS_STEP_COUNT] = {
	[PROMPTS_PAUSE] = {N_("Pause"), N_("Slow down. Accept where you are, without judgement."),
			   LIST(pause_subs)},
	[PROMPTS_NOTICE] = {N_("Notice"),
			    N_("Notice actions, thoughts, emotions and values, in the present moment."),
			    LIST(notice_subs)},
	[PROMPTS_CURIOUS] = {N_("Be Curious"), N_("How will this new awareness fit as you move forward?"),
			     LIST(curious_subs)},
	[PROMPTS_DETAILS] = {N_("Details"), N_("A few details, so you can find this reflection again."),
			     LIST(details_subs)},
};

const prompts_step_text *prompts_step_get(prompts_step s)
{
	if ((unsigned)s >= PROMPTS_STEP_COUNT)
		return NULL;
	return active ? &active->steps[s] : &steps[s];
}

/* ---- fields ---- */

static const struct {
	const char *label;
	const char *hint;
} fields[PROMPTS_F_COUNT] = {
	[PROMPTS_F_PAUSE_TEXT] = {N_("How am I arriving?"), N_("Whatever is here, as it is.")},
	[PROMPTS_F_ACTIVATION] = {N_("How activated do I feel?"), N_("0 settled ... 10 flooded")},
	[PROMPTS_F_BODY] = {N_("What is my body saying?"), N_("Breath, shoulders, stomach, hands...")},
	[PROMPTS_F_NOTICE_TEXT] = {N_("What do I notice?"), N_("Actions, thoughts, emotions, values.")},
	[PROMPTS_F_BETWEEN] = {N_("What passed between parent and infant?"),
			       N_("Glances, touch, voice, turning toward or away.")},
	[PROMPTS_F_STIRRED] = {N_("What was stirred in me?"), N_("Memories, reactions, pulls to act.")},
	[PROMPTS_F_EMOTIONS] = {N_("Feelings"), N_("Choose any that fit, or add your own words.")},
	[PROMPTS_F_CURIOUS_TEXT] = {N_("What am I curious about?"),
				    N_("How this new awareness fits as I move forward.")},
	[PROMPTS_F_PARENT] = {N_("I wonder about the parent's experience..."),
			      N_("Their thoughts and feelings about the baby and about being a parent.")},
	[PROMPTS_F_INFANT] = {N_("I wonder about the infant's experience..."),
			      N_("What the baby felt, in this relationship, with this caregiver.")},
	[PROMPTS_F_QUESTIONS] = {N_("Questions to bring to supervision"), N_("One per line.")},
	[PROMPTS_F_FOR_SUPERVISION] = {N_("Bring this to supervision"), N_("Marks it for your supervisor.")},
	[PROMPTS_F_VISIT_DATE] = {N_("Visit date"), N_("YYYY-MM-DD")},
	[PROMPTS_F_FAMILY] = {N_("Family code"), N_("A code such as F-12, never a name.")},
	[PROMPTS_F_VISIT_TYPE] = {N_("Visit type"), N_("Home visit, office, group...")},
	[PROMPTS_F_LIFE_STAGE] = {N_("Life stage"), N_("Perinatal, 0-5, 5-11, 11-19, 19-25.")},
	[PROMPTS_F_THEMES] = {N_("Themes and lenses"), N_("What this visit touched.")},
	[PROMPTS_F_COMPETENCIES] = {N_("Competency domains"), N_("For your endorsement portfolio.")},
	[PROMPTS_F_PORTFOLIO] = {N_("Keep for my portfolio"), N_("Marks it for portfolio export.")},
};

const char *prompts_label(prompts_field f)
{
	if ((unsigned)f >= PROMPTS_F_COUNT)
		return "";
	if (active && active->label[f])
		return active->label[f];
	return fields[f].label;
}

const char *prompts_hint(prompts_field f)
{
	if ((unsigned)f >= PROMPTS_F_COUNT)
		return "";
	if (active && active->hint[f])
		return active->hint[f];
	return fields[f].hint;
}

/* ---- grounding ---- */

static const char *const grounding[] = {
	N_("Greet yourself arriving at your own door, in your own mirror."),
	N_("Slow down. Accept where you are, without judgement."),
	N_("Feel your feet on the floor and the chair holding you up."),
	N_("Let one breath out be a little longer than the breath in."),
	N_("Nothing needs fixing right now. Just notice where you are."),
	N_("You carried a lot today. You can set some of it down here."),
	N_("Keep the baby in mind, and keep yourself in mind too."),
};

prompts_list prompts_grounding(void)
{
	if (active && active->grounding.n)
		return (prompts_list){active->grounding.v, active->grounding.n};
	return (prompts_list)LIST(grounding);
}

const char *prompts_grounding_pick(uint64_t n)
{
	prompts_list l = prompts_grounding();

	return l.v[n % l.n];
}

/* ---- activation ---- */

static const char *const activation_words[11] = {
	N_("settled"), N_("settled"), N_("calm"), N_("a little stirred"), N_("stirred"), N_("activated"),
	N_("activated"), N_("very activated"), N_("very activated"), N_("close to flooded"), N_("flooded"),
};

const char *prompts_activation_low(void)
{
	return N_("settled");
}

const char *prompts_activation_high(void)
{
	return N_("flooded");
}

const char *prompts_activation_word(int value)
{
	if (value < 0 || value > 10)
		return "";
	return activation_words[value];
}

/* ---- feelings ---- */

static const char *const e_heavy[] = {N_("sadness"), N_("grief"), N_("loss"), N_("tired"),
				      N_("numb"), N_("lonely"), N_("discouraged"), N_("hopeless")};
static const char *const e_unsettled[] = {N_("fear"), N_("anxious"), N_("worried"), N_("uneasy"),
					  N_("overwhelmed"), N_("confused"), N_("helpless"), N_("frozen")};
static const char *const e_stirred[] = {N_("anger"), N_("frustration"), N_("irritation"), N_("resentment"),
					N_("defensive"), N_("powerless"), N_("shame"), N_("guilt")};
static const char *const e_tender[] = {N_("tenderness"), N_("compassion"), N_("warmth"), N_("love"),
				       N_("empathy"), N_("protective"), N_("moved"), N_("longing")};
static const char *const e_steady[] = {N_("calm"), N_("grounded"), N_("present"), N_("curious"),
				       N_("patient"), N_("safe"), N_("open"), N_("confident")};
static const char *const e_bright[] = {N_("joy"), N_("delight"), N_("hope"), N_("pride"),
				       N_("relief"), N_("gratitude"), N_("connected"), N_("playful")};

static const prompts_group emotions[] = {
	{N_("heavy"), N_("weighed down, slowed"), LIST(e_heavy)},
	{N_("unsettled"), N_("on edge, not safe"), LIST(e_unsettled)},
	{N_("stirred"), N_("pushed, hot, pulled"), LIST(e_stirred)},
	{N_("tender"), N_("soft, close, caring"), LIST(e_tender)},
	{N_("steady"), N_("here, able to think"), LIST(e_steady)},
	{N_("bright"), N_("lifted, warm"), LIST(e_bright)},
};

const prompts_group *prompts_emotions(size_t *n)
{
	if (active && active->nemotions) {
		*n = active->nemotions;
		return active->emotions;
	}
	*n = sizeof emotions / sizeof emotions[0];
	return emotions;
}

/* ---- themes (seeds 001, 002, 003, 004) ---- */

static const char *const t_lenses[] = {
	N_("ghosts in the nursery"), N_("listening for the past"), N_("implicit bias"),
	N_("power and privilege"),   N_("culture"),                N_("generational trauma"),
};
static const char *const t_self[] = {N_("self-care"), N_("vicarious trauma"), N_("burnout"), N_("boundaries")};
static const char *const t_relation[] = {
	N_("attachment"), N_("infant's cues"), N_("parent's history"),
	N_("pleasure in the relationship"), N_("safety"), N_("separation and loss"),
};
static const char *const t_work[] = {
	N_("resisting re-traumatization"), N_("systems and barriers"), N_("language and interpreting"),
	N_("concrete assistance"),         N_("advocacy"),             N_("reflective supervision"),
};

static const prompts_group themes[] = {
	{N_("reflective lenses"), N_("what to look through"), LIST(t_lenses)},
	{N_("caring for myself"), N_("the cost of this work"), LIST(t_self)},
	{N_("the relationship"), N_("parent and infant"), LIST(t_relation)},
	{N_("the work"), N_("systems, services, support"), LIST(t_work)},
};

const prompts_group *prompts_themes(size_t *n)
{
	if (active && active->nthemes) {
		*n = active->nthemes;
		return active->themes;
	}
	*n = sizeof themes / sizeof themes[0];
	return themes;
}

/* ---- lists ---- */

static const char *const competencies[] = {
	N_("Theoretical Foundations"), N_("Law, Regulation & Agency Policy"),
	N_("Systems Expertise"),       N_("Direct Service Skills"),
	N_("Working with Others"),     N_("Communicating"),
	N_("Thinking"),                N_("Reflection"),
};

prompts_list prompts_competencies(void)
{
	return (prompts_list)LIST(competencies);
}

static const char *const visit_types[] = {
	N_("home visit"),   N_("office visit"),        N_("group"),          N_("phone or video"),
	N_("consultation"), N_("community setting"),   N_("hospital visit"), N_("other"),
};

prompts_list prompts_visit_types(void)
{
	if (active && active->visit_types.n)
		return (prompts_list){active->visit_types.v, active->visit_types.n};
	return (prompts_list)LIST(visit_types);
}

static const char *const life_stages[] = {N_("perinatal"), N_("0-5"), N_("5-11"), N_("11-19"), N_("19-25")};

prompts_list prompts_life_stages(void)
{
	return (prompts_list)LIST(life_stages);
}

/* clang-format on */

/* ---- lookups ---- */

/* Equal ignoring ASCII case and white space around b. */
static bool same_word(const char *a, const char *b)
{
	while (isspace((unsigned char)*b))
		b++;
	size_t n = strlen(b);
	while (n > 0 && isspace((unsigned char)b[n - 1]))
		n--;
	if (strlen(a) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

const char *prompts_canonical(prompts_list l, const char *word)
{
	if (!word)
		return NULL;
	for (size_t i = 0; i < l.n; i++)
		if (same_word(l.v[i], word))
			return l.v[i];
	return NULL;
}

const char *prompts_group_of(const prompts_group *groups, size_t ngroups, const char *word)
{
	for (size_t g = 0; g < ngroups; g++)
		if (prompts_canonical(groups[g].words, word))
			return groups[g].name;
	return NULL;
}

/* ---- words shown and typed ---- */

/* The built-in vocabulary, by its words in ASCII lower case: a look-up for every label of
 * every entry written out. Made once (on whichever thread asks first) and only read after. */
#define BUILTIN_SLOTS 1024 /* a power of two, well over the vocabulary */
static const char *builtin_slot[BUILTIN_SLOTS];
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static uint32_t lower_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
	return h;
}

/* The first of the lists a word is in keeps it (as the lists were searched in order). */
static void builtin_put(prompts_list l)
{
	for (size_t i = 0; i < l.n; i++) {
		size_t n = strlen(l.v[i]);
		uint32_t at = lower_hash(l.v[i], n) & (BUILTIN_SLOTS - 1);
		while (builtin_slot[at] != NULL && !same_word(builtin_slot[at], l.v[i]))
			at = (at + 1) & (BUILTIN_SLOTS - 1);
		if (builtin_slot[at] == NULL)
			builtin_slot[at] = l.v[i];
	}
}

static void builtin_make(void)
{
	for (size_t g = 0; g < sizeof emotions / sizeof emotions[0]; g++)
		builtin_put(emotions[g].words);
	for (size_t g = 0; g < sizeof themes / sizeof themes[0]; g++)
		builtin_put(themes[g].words);
	builtin_put((prompts_list)LIST(competencies));
	builtin_put((prompts_list)LIST(visit_types));
	builtin_put((prompts_list)LIST(life_stages));
}

/* The built-in vocabulary word that equals word (ASCII case, spaces around), or NULL. */
static const char *builtin_word(const char *word)
{
	size_t n;
	uint32_t at;

	pthread_once(&builtin_once, builtin_make);
	while (isspace((unsigned char)*word))
		word++;
	n = strlen(word);
	while (n > 0 && isspace((unsigned char)word[n - 1]))
		n--;
	for (at = lower_hash(word, n) & (BUILTIN_SLOTS - 1); builtin_slot[at] != NULL;
	     at = (at + 1) & (BUILTIN_SLOTS - 1))
		if (same_word(builtin_slot[at], word))
			return builtin_slot[at];
	return NULL;
}

const char *prompts_word_shown(const char *word)
{
	const char *k;

	if (word == NULL)
		return "";
	k = builtin_word(word);
	if (k == NULL)
		return word;
	/* untranslated: the word as it was stored, in its own spelling */
	return strcmp(_(k), k) == 0 ? word : _(k);
}

/* True when the translation of key, folded, is folded. */
static bool shown_as(const char *key, const char *folded)
{
	char *f = text_fold(_(key));
	bool same = f != NULL && strcmp(f, folded) == 0;

	free(f);
	return same;
}

static const char *key_in(prompts_list l, const char *folded)
{
	for (size_t i = 0; i < l.n; i++)
		if (shown_as(l.v[i], folded))
			return l.v[i];
	return NULL;
}

const char *prompts_key_of(const char *word)
{
	const char *k;
	char *folded;

	if (word == NULL)
		return NULL;
	if ((k = builtin_word(word)) != NULL)
		return k;
	folded = text_fold(word);
	if (folded == NULL)
		return word;
	text_trim(folded);
	k = NULL;
	for (size_t g = 0; k == NULL && g < sizeof emotions / sizeof emotions[0]; g++)
		k = key_in(emotions[g].words, folded);
	for (size_t g = 0; k == NULL && g < sizeof themes / sizeof themes[0]; g++)
		k = key_in(themes[g].words, folded);
	if (k == NULL)
		k = key_in((prompts_list)LIST(competencies), folded);
	if (k == NULL)
		k = key_in((prompts_list)LIST(visit_types), folded);
	if (k == NULL)
		k = key_in((prompts_list)LIST(life_stages), folded);
	free(folded);
	return k ? k : word;
}

/* ---- an organisation's prompt set ---- */

static rf_status svec_add(svec *v, const char *s)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 8;
		const char **nv;
		if (nc > SIZE_MAX / sizeof *nv)
			return RF_ERR_NOMEM;
		nv = realloc(v->v, nc * sizeof *nv);
		if (nv == NULL)
			return RF_ERR_NOMEM;
		v->v = nv;
		v->cap = nc;
	}
	v->v[v->n++] = s;
	return RF_OK;
}

/* A copy of s[0..n) that the set owns, or NULL. */
static const char *own(prompts_set *set, const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c == NULL)
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	if (svec_add(&set->owned, c) != RF_OK) {
		free(c);
		return NULL;
	}
	return c;
}

void prompts_set_free(prompts_set **sp)
{
	prompts_set *s = sp ? *sp : NULL;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->owned.n; i++)
		free((char *)s->owned.v[i]);
	free(s->owned.v);
	for (int i = 0; i < PROMPTS_STEP_COUNT; i++)
		free(s->subs[i].v);
	free(s->grounding.v);
	free(s->visit_types.v);
	for (size_t i = 0; i < 2 * SET_MAX_GROUPS; i++)
		free(s->words[i].v);
	free(s);
	*sp = NULL;
}

const char *prompts_set_name(const prompts_set *s)
{
	return s && s->name ? s->name : _("prompt set");
}

void prompts_use(prompts_set *s)
{
	prompts_set_free(&active);
	active = s;
}

const prompts_set *prompts_in_use(void)
{
	return active;
}

/* The words of "a, b, c" into v (owned by set). */
static rf_status split_words(prompts_set *set, const char *s, svec *v, int line, rf_detail *d)
{
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		const char *a = s, *w;
		while (n > 0 && isspace((unsigned char)*a))
			a++, n--;
		while (n > 0 && isspace((unsigned char)a[n - 1]))
			n--;
		if (n > 0) {
			if (v->n >= SET_MAX_WORDS)
				return rf_fail(d, RF_ERR_PARSE, line, 0,
					       _("at most %d words a line"), SET_MAX_WORDS);
			w = own(set, a, n);
			if (w == NULL || svec_add(v, w) != RF_OK)
				return RF_ERR_NOMEM;
		}
		s = comma ? comma + 1 : s + strlen(s);
	}
	if (v->n == 0)
		return rf_fail(d, RF_ERR_PARSE, line, 0, _("no words after the ':'"));
	return RF_OK;
}

/* "GROUP: a, b, c" into the next group of g. */
static rf_status add_group(prompts_set *set, prompts_group *g, size_t *ng, svec *words,
			   const char *val, int line, rf_detail *d)
{
	const char *colon = strchr(val, ':');
	const char *name;
	size_t nl;
	rf_status st;

	if (colon == NULL)
		return rf_fail(d, RF_ERR_PARSE, line, 0,
			       _("a group is written 'GROUP NAME: word, word, ...'"));
	if (*ng >= SET_MAX_GROUPS)
		return rf_fail(d, RF_ERR_PARSE, line, 0, _("at most %d groups"), SET_MAX_GROUPS);
	nl = (size_t)(colon - val);
	while (nl > 0 && isspace((unsigned char)val[nl - 1]))
		nl--;
	if (nl == 0)
		return rf_fail(d, RF_ERR_PARSE, line, 0, _("the group has no name before the ':'"));
	name = own(set, val, nl);
	if (name == NULL)
		return RF_ERR_NOMEM;
	st = split_words(set, colon + 1, words, line, d);
	if (st != RF_OK)
		return st;
	g[*ng] = (prompts_group){name, "", {words->v, words->n}};
	(*ng)++;
	return RF_OK;
}

static const char *const section_names[PROMPTS_STEP_COUNT] = {
    [PROMPTS_PAUSE] = "pause",
    [PROMPTS_NOTICE] = "notice",
    [PROMPTS_CURIOUS] = "curious",
    [PROMPTS_DETAILS] = "details",
};

static const prompts_field main_field[PROMPTS_STEP_COUNT] = {
    [PROMPTS_PAUSE] = PROMPTS_F_PAUSE_TEXT,
    [PROMPTS_NOTICE] = PROMPTS_F_NOTICE_TEXT,
    [PROMPTS_CURIOUS] = PROMPTS_F_CURIOUS_TEXT,
    [PROMPTS_DETAILS] = PROMPTS_F_VISIT_DATE,
};

/* One "key = value" line, in section sec (-1 before any). */
static rf_status set_line(prompts_set *set, int sec, const char *key, const char *val, int line,
			  rf_detail *d)
{
	const char *v;

	if (*val == '\0')
		return rf_fail(d, RF_ERR_PARSE, line, 0, _("'%.40s' has no value after '='"), key);
	if (strcmp(key, "emotions") == 0)
		return add_group(set, set->emotions, &set->nemotions, &set->words[set->nemotions],
				 val, line, d);
	if (strcmp(key, "themes") == 0)
		return add_group(set, set->themes, &set->nthemes,
				 &set->words[SET_MAX_GROUPS + set->nthemes], val, line, d);
	if (strcmp(key, "visit_types") == 0)
		return split_words(set, val, &set->visit_types, line, d);
	if ((v = own(set, val, strlen(val))) == NULL)
		return RF_ERR_NOMEM;
	if (strcmp(key, "grounding") == 0)
		return svec_add(&set->grounding, v);
	if (strcmp(key, "name") == 0) {
		set->name = (char *)v;
		return RF_OK;
	}
	if (strcmp(key, "title") != 0 && strcmp(key, "invite") != 0 && strcmp(key, "prompt") != 0 &&
	    strcmp(key, "question") != 0 && strcmp(key, "hint") != 0)
		return rf_fail(d, RF_ERR_PARSE, line, 0,
			       _("unknown key '%.40s' (known: name, title, invite, question, hint, "
				 "prompt, grounding, emotions, themes, visit_types)"),
			       key);
	if (sec < 0)
		return rf_fail(
		    d, RF_ERR_PARSE, line, 0,
		    _("'%.40s' belongs in a step's section: [pause], [notice], [curious] "
		      "or [details]"),
		    key);
	if (strcmp(key, "title") == 0)
		set->steps[sec].name = v;
	else if (strcmp(key, "invite") == 0)
		set->steps[sec].invite = v;
	else if (strcmp(key, "prompt") == 0)
		return svec_add(&set->subs[sec], v);
	else if (sec == PROMPTS_DETAILS)
		return rf_fail(d, RF_ERR_PARSE, line, 0,
			       _("[details] has no main question; use title, invite or prompt"));
	else if (strcmp(key, "question") == 0)
		set->label[main_field[sec]] = v;
	else
		set->hint[main_field[sec]] = v;
	return RF_OK;
}

rf_status prompts_set_parse(const char *text, size_t len, prompts_set **out, rf_detail *d)
{
	prompts_set *set;
	rf_status st = RF_OK;
	int sec = -1, line = 0;
	size_t pos = 0;
	char *buf = NULL;
	bool any = false;

	*out = NULL;
	if (len > SET_MAX_BYTES)
		return rf_fail(d, RF_ERR_TOO_BIG, 0, 0, _("a prompt set is at most 256 KiB"));
	if (!text_valid_utf8(text, len) || memchr(text, '\0', len) != NULL)
		return rf_fail(d, RF_ERR_PARSE, 0, 0, _("the file is not UTF-8 text"));
	set = calloc(1, sizeof *set);
	buf = malloc(len + 1);
	if (set == NULL || buf == NULL) {
		st = RF_ERR_NOMEM;
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3; /* a byte-order mark some editors write */
	while (st == RF_OK && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *l, *eq, *key, *val;
		memcpy(buf, text + pos, n);
		buf[n] = '\0';
		pos += n + 1;
		line++;
		l = text_trim(buf);
		if (*l == '\0' || *l == '#')
			continue;
		if (*l == '[') {
			size_t ll = strlen(l);
			sec = -2;
			if (l[ll - 1] == ']') {
				l[ll - 1] = '\0';
				text_trim(++l);
				for (int i = 0; i < PROMPTS_STEP_COUNT; i++)
					if (strcasecmp(l, section_names[i]) == 0)
						sec = i;
			}
			if (sec == -2)
				st = rf_fail(
				    d, RF_ERR_PARSE, line, 0,
				    _("unknown section (known: [pause], [notice], [curious], "
				      "[details])"));
			continue;
		}
		eq = strchr(l, '=');
		if (eq == NULL) {
			st = rf_fail(d, RF_ERR_PARSE, line, 0, _("expected 'key = value'"));
			continue;
		}
		*eq = '\0';
		key = text_trim(l);
		val = text_trim(eq + 1);
		for (char *c = key; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		st = set_line(set, sec, key, val, line, d);
		any = true;
	}
	if (st == RF_OK && !any)
		st = rf_fail(d, RF_ERR_PARSE, 0, 0, _("the prompt set is empty"));
	if (st != RF_OK)
		goto out;
	for (int i = 0; i < PROMPTS_STEP_COUNT; i++) {
		if (set->steps[i].name == NULL)
			set->steps[i].name = steps[i].name;
		if (set->steps[i].invite == NULL)
			set->steps[i].invite = steps[i].invite;
		if (set->subs[i].n)
			set->steps[i].subs = (prompts_list){set->subs[i].v, set->subs[i].n};
		else
			set->steps[i].subs = steps[i].subs;
	}
	/* the groups' word lists may have moved while they grew */
	for (size_t g = 0; g < set->nemotions; g++)
		set->emotions[g].words = (prompts_list){set->words[g].v, set->words[g].n};
	for (size_t g = 0; g < set->nthemes; g++)
		set->themes[g].words = (prompts_list){set->words[SET_MAX_GROUPS + g].v,
						      set->words[SET_MAX_GROUPS + g].n};
	*out = set;
	set = NULL;
out:
	free(buf);
	prompts_set_free(&set);
	return st;
}

rf_status prompts_set_load(const char *path, prompts_set **out, rf_detail *d)
{
	FILE *f;
	char *text = NULL;
	size_t len = 0;
	rf_status st;
	const char *base;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return rf_fail(d, errno == ENOENT ? RF_ERR_NOT_FOUND : RF_ERR_IO, 0, 0, "%s",
			       strerror(errno));
	text = malloc(SET_MAX_BYTES + 1);
	if (text == NULL) {
		fclose(f);
		return RF_ERR_NOMEM;
	}
	len = fread(text, 1, SET_MAX_BYTES + 1, f);
	st = ferror(f) ? rf_fail(d, RF_ERR_IO, 0, 0, "%s", strerror(errno))
		       : prompts_set_parse(text, len, out, d);
	fclose(f);
	free(text);
	if (st == RF_OK && (*out)->name == NULL) {
		base = strrchr(path, '/');
		(*out)->name =
		    (char *)own(*out, base ? base + 1 : path, strlen(base ? base + 1 : path));
	}
	return st;
}

/* ---- the Gibbs and NMC questions ---- */

static const char *const answer_text[][2] = {
    {N_("Description"), N_("What happened?")},
    {N_("Feelings"), N_("What were you thinking and feeling?")},
    {N_("Evaluation"), N_("What was good and bad about the experience?")},
    {N_("Analysis"), N_("What sense can you make of the situation?")},
    {N_("Conclusion"), N_("What else could you have done?")},
    {N_("Action plan"), N_("If it arose again, what would you do?")},
    {N_("What happened"), N_("What happened?")},
    {N_("What I learned"), N_("What did you learn from it?")},
    {N_("How my practice changed"), N_("How did you change or improve your practice as a result?")},
    {N_("How it relates to the Code"),
     N_("How is this relevant to the Code: prioritise people, practise effectively, preserve "
	"safety, promote professionalism and trust?")},
};

const char *prompts_answer_heading(int answer)
{
	return answer >= 0 && answer < (int)(sizeof answer_text / sizeof *answer_text)
		   ? answer_text[answer][0]
		   : "";
}

const char *prompts_answer_question(int answer)
{
	return answer >= 0 && answer < (int)(sizeof answer_text / sizeof *answer_text)
		   ? answer_text[answer][1]
		   : "";
}
