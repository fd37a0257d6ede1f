/* prompts.c - the words of the practice: prompts, grounding lines and vocabularies (static). */
#include "reflect/prompts.h"

#include <ctype.h>
#include <string.h>

/* The vocabularies read better as written. */
/* clang-format off */
#define LIST(a) {(a), sizeof(a) / sizeof((a)[0])}

/* ---- steps (seed 001: Pause / Notice / Be Curious) ---- */

static const char *const notice_subs[] = {
	"Actions: what did I see, what did I do?",
	"Thoughts: what went through my mind?",
	"Emotions: what did I feel, and when?",
	"Values: what mattered to me in that moment?",
	"In the present moment, holding past moments in mind.",
};

static const char *const curious_subs[] = {
	"Listening for the past in the present: what might be echoing here?",
	"What might I do, or not do, next time?",
};

static const char *const pause_subs[] = {
	"Slow down. There is no right answer here.",
};

static const char *const details_subs[] = {
	"Only what helps you find this later. A family code, never a name.",
};

static const prompts_step_text steps[PROMPTS_STEP_COUNT] = {
	[PROMPTS_PAUSE] = {"Pause", "Slow down. Accept where you are, without judgement.",
			   LIST(pause_subs)},
	[PROMPTS_NOTICE] = {"Notice",
			    "Notice actions, thoughts, emotions and values, in the present moment.",
			    LIST(notice_subs)},
	[PROMPTS_CURIOUS] = {"Be Curious", "How will this new awareness fit as you move forward?",
			     LIST(curious_subs)},
	[PROMPTS_DETAILS] = {"Details", "A few details, so you can find this reflection again.",
			     LIST(details_subs)},
};

const prompts_step_text *prompts_step_get(prompts_step s)
{
	if ((unsigned)s >= PROMPTS_STEP_COUNT)
		return NULL;
	return &steps[s];
}

/* ---- fields ---- */

static const struct {
	const char *label;
	const char *hint;
} fields[PROMPTS_F_COUNT] = {
	[PROMPTS_F_PAUSE_TEXT] = {"How am I arriving?", "Whatever is here, as it is."},
	[PROMPTS_F_ACTIVATION] = {"How activated do I feel?", "0 settled ... 10 flooded"},
	[PROMPTS_F_BODY] = {"What is my body saying?", "Breath, shoulders, stomach, hands..."},
	[PROMPTS_F_NOTICE_TEXT] = {"What do I notice?", "Actions, thoughts, emotions, values."},
	[PROMPTS_F_BETWEEN] = {"What passed between parent and infant?",
			       "Glances, touch, voice, turning toward or away."},
	[PROMPTS_F_STIRRED] = {"What was stirred in me?", "Memories, reactions, pulls to act."},
	[PROMPTS_F_EMOTIONS] = {"Feelings", "Choose any that fit, or add your own words."},
	[PROMPTS_F_CURIOUS_TEXT] = {"What am I curious about?",
				    "How this new awareness fits as I move forward."},
	[PROMPTS_F_PARENT] = {"I wonder about the parent's experience...",
			      "Their thoughts and feelings about the baby and about being a parent."},
	[PROMPTS_F_INFANT] = {"I wonder about the infant's experience...",
			      "What the baby felt, in this relationship, with this caregiver."},
	[PROMPTS_F_QUESTIONS] = {"Questions to bring to supervision", "One per line."},
	[PROMPTS_F_FOR_SUPERVISION] = {"Bring this to supervision", "Marks it for your supervisor."},
	[PROMPTS_F_VISIT_DATE] = {"Visit date", "YYYY-MM-DD"},
	[PROMPTS_F_FAMILY] = {"Family code", "A code such as F-12, never a name."},
	[PROMPTS_F_VISIT_TYPE] = {"Visit type", "Home visit, office, group..."},
	[PROMPTS_F_LIFE_STAGE] = {"Life stage", "Perinatal, 0-5, 5-11, 11-19, 19-25."},
	[PROMPTS_F_THEMES] = {"Themes and lenses", "What this visit touched."},
	[PROMPTS_F_COMPETENCIES] = {"Competency domains", "For your endorsement portfolio."},
	[PROMPTS_F_PORTFOLIO] = {"Keep for my portfolio", "Marks it for portfolio export."},
};

const char *prompts_label(prompts_field f)
{
	if ((unsigned)f >= PROMPTS_F_COUNT)
		return "";
	return fields[f].label;
}

const char *prompts_hint(prompts_field f)
{
	if ((unsigned)f >= PROMPTS_F_COUNT)
		return "";
	return fields[f].hint;
}

/* ---- grounding ---- */

static const char *const grounding[] = {
	"Greet yourself arriving at your own door, in your own mirror.",
	"Slow down. Accept where you are, without judgement.",
	"Feel your feet on the floor and the chair holding you up.",
	"Let one breath out be a little longer than the breath in.",
	"Nothing needs fixing right now. Just notice where you are.",
	"You carried a lot today. You can set some of it down here.",
	"Keep the baby in mind, and keep yourself in mind too.",
};

prompts_list prompts_grounding(void)
{
	return (prompts_list)LIST(grounding);
}

const char *prompts_grounding_pick(uint64_t n)
{
	return grounding[n % (sizeof grounding / sizeof grounding[0])];
}

/* ---- activation ---- */

static const char *const activation_words[11] = {
	"settled", "settled", "calm", "a little stirred", "stirred", "activated",
	"activated", "very activated", "very activated", "close to flooded", "flooded",
};

const char *prompts_activation_low(void)
{
	return "settled";
}

const char *prompts_activation_high(void)
{
	return "flooded";
}

const char *prompts_activation_word(int value)
{
	if (value < 0 || value > 10)
		return "";
	return activation_words[value];
}

/* ---- feelings ---- */

static const char *const e_heavy[] = {"sadness", "grief", "loss", "tired",
				      "numb", "lonely", "discouraged", "hopeless"};
static const char *const e_unsettled[] = {"fear", "anxious", "worried", "uneasy",
					  "overwhelmed", "confused", "helpless", "frozen"};
static const char *const e_stirred[] = {"anger", "frustration", "irritation", "resentment",
					"defensive", "powerless", "shame", "guilt"};
static const char *const e_tender[] = {"tenderness", "compassion", "warmth", "love",
				       "empathy", "protective", "moved", "longing"};
static const char *const e_steady[] = {"calm", "grounded", "present", "curious",
				       "patient", "safe", "open", "confident"};
static const char *const e_bright[] = {"joy", "delight", "hope", "pride",
				       "relief", "gratitude", "connected", "playful"};

static const prompts_group emotions[] = {
	{"heavy", "weighed down, slowed", LIST(e_heavy)},
	{"unsettled", "on edge, not safe", LIST(e_unsettled)},
	{"stirred", "pushed, hot, pulled", LIST(e_stirred)},
	{"tender", "soft, close, caring", LIST(e_tender)},
	{"steady", "here, able to think", LIST(e_steady)},
	{"bright", "lifted, warm", LIST(e_bright)},
};

const prompts_group *prompts_emotions(size_t *n)
{
	*n = sizeof emotions / sizeof emotions[0];
	return emotions;
}

/* ---- themes (seeds 001, 002, 003, 004) ---- */

static const char *const t_lenses[] = {
	"ghosts in the nursery", "listening for the past", "implicit bias",
	"power and privilege",   "culture",                "generational trauma",
};
static const char *const t_self[] = {"self-care", "vicarious trauma", "burnout", "boundaries"};
static const char *const t_relation[] = {
	"attachment", "infant's cues", "parent's history",
	"pleasure in the relationship", "safety", "separation and loss",
};
static const char *const t_work[] = {
	"resisting re-traumatization", "systems and barriers", "language and interpreting",
	"concrete assistance",         "advocacy",             "reflective supervision",
};

static const prompts_group themes[] = {
	{"reflective lenses", "what to look through", LIST(t_lenses)},
	{"caring for myself", "the cost of this work", LIST(t_self)},
	{"the relationship", "parent and infant", LIST(t_relation)},
	{"the work", "systems, services, support", LIST(t_work)},
};

const prompts_group *prompts_themes(size_t *n)
{
	*n = sizeof themes / sizeof themes[0];
	return themes;
}

/* ---- lists ---- */

static const char *const competencies[] = {
	"Theoretical Foundations", "Law, Regulation & Agency Policy",
	"Systems Expertise",       "Direct Service Skills",
	"Working with Others",     "Communicating",
	"Thinking",                "Reflection",
};

prompts_list prompts_competencies(void)
{
	return (prompts_list)LIST(competencies);
}

static const char *const visit_types[] = {
	"home visit",   "office visit",        "group",          "phone or video",
	"consultation", "community setting",   "hospital visit", "other",
};

prompts_list prompts_visit_types(void)
{
	return (prompts_list)LIST(visit_types);
}

static const char *const life_stages[] = {"perinatal", "0-5", "5-11", "11-19", "19-25"};

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
