/* prompts.h - the words of the practice: Pause / Notice / Be Curious prompts, grounding lines,
 * and the vocabularies a person chooses from (feelings, themes and reflective lenses, the IMH
 * competency domains, visit types, life stages), from the seeds in shared/; or an organisation's
 * own prompt set (a plain text file, any language) in their place.
 *
 * Every string here is the English original, marked for translation (po/): show it with _()
 * (i18n.h). Words a person chooses are stored as the vocabulary's own (English) spelling, so that
 * patterns agree across languages; prompts_word_shown gives the word in the language in force
 * and prompts_key_of takes a word typed in that language back to the stored one. */
#ifndef REFLECT_PROMPTS_H
#define REFLECT_PROMPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/status.h"

/* A list of static strings. */
typedef struct prompts_list {
	const char *const *v;
	size_t n;
} prompts_list;

/* A named group of words (a vocabulary is a few groups). */
typedef struct prompts_group {
	const char *name; /* "heavy", "reflective lenses" */
	const char *hint; /* a few words on what the group holds */
	prompts_list words;
} prompts_group;

/* The steps of a reflection. */
typedef enum prompts_step {
	PROMPTS_PAUSE,
	PROMPTS_NOTICE,
	PROMPTS_CURIOUS,
	PROMPTS_DETAILS,
	PROMPTS_STEP_COUNT
} prompts_step;

typedef struct prompts_step_text {
	const char *name;   /* "Pause" */
	const char *invite; /* the step's one-line invitation */
	prompts_list subs;  /* gentle sub-prompts shown beside the main text (may be empty) */
} prompts_step_text;

/* The texts of a step; NULL for a value out of range. */
const prompts_step_text *prompts_step_get(prompts_step s);

/* The fields a person fills in, each with a label and a short hint. */
typedef enum prompts_field {
	PROMPTS_F_PAUSE_TEXT,
	PROMPTS_F_ACTIVATION,
	PROMPTS_F_BODY,
	PROMPTS_F_NOTICE_TEXT,
	PROMPTS_F_BETWEEN,
	PROMPTS_F_STIRRED,
	PROMPTS_F_EMOTIONS,
	PROMPTS_F_CURIOUS_TEXT,
	PROMPTS_F_PARENT,
	PROMPTS_F_INFANT,
	PROMPTS_F_QUESTIONS,
	PROMPTS_F_FOR_SUPERVISION,
	PROMPTS_F_VISIT_DATE,
	PROMPTS_F_FAMILY,
	PROMPTS_F_VISIT_TYPE,
	PROMPTS_F_LIFE_STAGE,
	PROMPTS_F_THEMES,
	PROMPTS_F_COMPETENCIES,
	PROMPTS_F_PORTFOLIO,
	PROMPTS_F_COUNT
} prompts_field;

/* The label ("What is my body saying?") and hint of a field; "" for a value out of range. */
const char *prompts_label(prompts_field f);
const char *prompts_hint(prompts_field f);

/* Short grounding lines for the Pause step. */
prompts_list prompts_grounding(void);

/* One grounding line chosen by n (any number; the same n gives the same line). */
const char *prompts_grounding_pick(uint64_t n);

/* Words for the two ends of the 0-10 activation scale and for a value on it ("" when out of
 * range). */
const char *prompts_activation_low(void);
const char *prompts_activation_high(void);
const char *prompts_activation_word(int value);

/* The grouped feelings vocabulary; *n is set to the number of groups. */
const prompts_group *prompts_emotions(size_t *n);

/* Themes, with the reflective lenses from the seeds first; *n is set to the number of groups. */
const prompts_group *prompts_themes(size_t *n);

/* The eight competency domains of IMH endorsement. */
prompts_list prompts_competencies(void);

/* Kinds of visit or contact. */
prompts_list prompts_visit_types(void);

/* The life stages (perinatal, 0-5, 5-11, 11-19, 19-25). */
prompts_list prompts_life_stages(void);

/* The group a word of a grouped vocabulary belongs to, compared without regard to ASCII case;
 * NULL when it is none of them (a person's own word). */
const char *prompts_group_of(const prompts_group *groups, size_t ngroups, const char *word);

/* The vocabulary's own spelling of word (compared without regard to ASCII case and surrounding
 * spaces), or NULL when the list does not hold it. */
const char *prompts_canonical(prompts_list l, const char *word);

/* A stored word as a person reads it: the translation of a built-in vocabulary word (feelings,
 * themes, competency domains, visit types, life stages, in any case) in the language in force,
 * else word itself (untranslated, a person's own word, or one from an organisation's set).
 * Static or word: never free it. */
const char *prompts_word_shown(const char *word);

/* The stored form of a word typed in the language in force: the built-in vocabulary word whose
 * translation (or English spelling) it is, compared case- and accent-insensitively ("Miedo" and
 * "miedo" give "fear" in Spanish), else word itself. Static or word: never free it. */
const char *prompts_key_of(const char *word);

/* ---- the Gibbs and NMC questions (layout = gibbs or nmc in the settings) ---- */

/* The heading ("Feelings") and question ("What were you thinking and feeling?") of an answer
 * (ENTRY_GIBBS_* and ENTRY_NMC_* in entry.h), in English, marked for translation; "" out of
 * range. */
const char *prompts_answer_heading(int answer);
const char *prompts_answer_question(int answer);

/* ---- an organisation's own prompt set ----
 *
 * A UTF-8 text file of "key = value" lines; '#' at the start of a line begins a comment.
 *   name = A name for the set (shown by 'reflect config')
 *   [pause]  [notice]  [curious]  [details]      a step's section; in it:
 *     title = the step's name               invite = its one-line invitation
 *     question = the main question          hint = a few words under the question
 *     prompt = a gentle sub-prompt (any number of lines)
 *   anywhere:
 *     grounding = a grounding line for the Pause step (any number)
 *     emotions = GROUP: word, word, ...     a group of feelings (any number of lines)
 *     themes = GROUP: word, word, ...       a group of themes (any number of lines)
 *     visit_types = word, word, ...         the kinds of visit
 * Whatever the set leaves out comes from the built-in prompts (translated). Feelings and themes
 * from a set are stored as the set writes them. */
typedef struct prompts_set prompts_set;

/* Read the prompt set in the file at path (at most 256 KiB). On RF_ERR_PARSE d says which line
 * is wrong and why; RF_ERR_NOT_FOUND or RF_ERR_IO when it cannot be read. *out is NULL on
 * failure; the caller frees it with prompts_set_free (or hands it to prompts_use). */
rf_status prompts_set_load(const char *path, prompts_set **out, rf_detail *d);

/* The same from text in memory (len bytes, need not end in NUL). */
rf_status prompts_set_parse(const char *text, size_t len, prompts_set **out, rf_detail *d);

/* The set's name (its "name =" line, else its file name, else "prompt set"). */
const char *prompts_set_name(const prompts_set *s);

/* Free a set and set *s to NULL (NULL is fine). */
void prompts_set_free(prompts_set **s);

/* Make s the prompts in force for every function above, taking it over (it is freed by the
 * next prompts_use); NULL goes back to the built-in prompts. Not thread-safe: call it at start. */
void prompts_use(prompts_set *s);

/* The set in force, NULL for the built-in prompts. */
const prompts_set *prompts_in_use(void);

#endif
