/* prompts.h - the words of the practice: Pause / Notice / Be Curious prompts, grounding lines,
 * and the vocabularies a person chooses from (feelings, themes and reflective lenses, the IMH
 * competency domains, visit types, life stages). All static text, from the seeds in shared/. */
#ifndef REFLECT_PROMPTS_H
#define REFLECT_PROMPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
