/* pattern.h - what the review pane shows: patterns across a set of entries, with drill-down. */
#ifndef REFLECT_PATTERN_H
#define REFLECT_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reflect/entry.h"
#include "reflect/status.h"

/* ---- options ---- */

/* Called for an entry with questions for supervision: true when that entry has been
 * discussed already (its questions are then not open). */
typedef bool (*pattern_discussed_fn)(int64_t entry_id, void *ctx);

typedef struct pattern_opts {
	/* The two periods compared by the shift ("YYYY-MM-DD", inclusive; NULL for the
	 * default). By default the recent period is the 28 days ending on the newest entry's
	 * day and the earlier period is everything before it. */
	const char *recent_since;
	const char *recent_until;
	const char *earlier_since;
	const char *earlier_until;
	int recent_days; /* length of the default recent period; 0 means 28 */

	/* Pairs and associations: at least this many entries together (0: 3, or the square
	 * root of the number of entries over 4 when that is more: 79 for 100,000), and a lift
	 * above min_lift (0 means 1.0: more than chance would give). Each is tested with a
	 * one-sided Fisher exact test (are they together more often than chance would give?)
	 * and kept when its false-discovery rate (Benjamini-Hochberg, over every pair, or
	 * every association, with the support) is at most fdr (0 means 0.05). */
	unsigned min_support;
	double min_lift;
	double fdr;

	/* Whose reflections these are: NULL for one's own journal (sentences say "you"), or
	 * the supervisee's name on a supervisor's review ("Ana"), used wherever a sentence
	 * would say "you" or "your". Copied. */
	const char *subject;

	/* Words: a word (as shown, with its accents) for which hide_word returns true is never
	 * listed, alone or within a phrase (names on the identifiers list, possible names).
	 * May be absent. */
	bool (*hide_word)(void *ctx, const char *word);
	void *hide_ctx;

	/* Activation by family and visit type: at least this many ratings (0 means 3). */
	unsigned min_ratings;

	/* Words: a word or phrase must occur in at least this many entries (0 means 2);
	 * at most max_words are kept (0 means 20). */
	unsigned min_word_entries;
	unsigned max_words;
	/* Words are read from the first max_word_scan entries added (0 means 5000): the
	 * newest, when they come from journal_each. Background entries count while the set's
	 * window is open, so words are scored against the journal over the same time. This
	 * bounds the time and memory of a review of a very large journal. */
	unsigned max_word_scan;

	/* Questions: an entry counts as discussed when discussed() says so, or when its id is
	 * in discussed_ids. Both may be absent. */
	pattern_discussed_fn discussed;
	void *discussed_ctx;
	const int64_t *discussed_ids;
	size_t ndiscussed;

	/* Self-care: the signal is raised when activation stays high over weeks (of the last
	 * three weeks with ratings, at least two have a median of selfcare_level or more (0
	 * means 7.0) and so do all their ratings together), when weekly activation has risen
	 * over the last three rated weeks to at least selfcare_rising (0: 6.0), or when
	 * feelings and themes of depletion (numb, discouraged, exhausted, burnout...) rose in
	 * the recent period. selfcare_window (0 means 5) is the fewest ratings it reads a
	 * pattern from. */
	unsigned selfcare_window;
	double selfcare_level;
	double selfcare_rising;

	/* Revisit: earlier entries for this entry id (0: the newest entry of the set), at
	 * most revisit_max per family or emotion (0 means 10). */
	int64_t revisit_of;
	unsigned revisit_max;
} pattern_opts;

/* ---- the report ---- */

/* The entries behind an item, in the order they were added (newest first when they come
 * from journal_each). Compact; read with pattern_ids_get. */
typedef struct pattern_ids pattern_ids;

typedef enum pattern_kind {
	PATTERN_EMOTION,
	PATTERN_THEME,
} pattern_kind;

typedef struct pattern_week {
	char week[9]; /* ISO week, "2026-W47" */
	char monday[11]; /* its first day, "YYYY-MM-DD" */
	unsigned entries; /* entries that week (volume) */
	unsigned n;       /* of which with an activation rating */
	double mean;      /* mean activation of those (0 when n == 0) */
	double sd;        /* population standard deviation (0 when n < 2) */
	const pattern_ids *ids;
} pattern_week;

typedef struct pattern_label {
	const char *name; /* as written in the first entry added that has it (the newest) */
	pattern_kind kind;
	unsigned count; /* entries with it */
	const pattern_ids *ids;
} pattern_label;

typedef struct pattern_shift {
	const char *name;
	pattern_kind kind;
	unsigned recent, earlier;          /* entries with it in each period */
	double recent_share, earlier_share; /* those counts over the entries of the period */
	double change;                      /* recent_share - earlier_share */
	double p; /* one-sided Fisher p of a change this large in its direction (the list is
		   * ordered by it: the surest change first) */
	const pattern_ids *ids;             /* the entries with it in either period */
} pattern_shift;

typedef struct pattern_pair {
	const char *a, *b; /* a before b by kind (emotions first), then by name */
	pattern_kind a_kind, b_kind;
	unsigned count;
	unsigned a_count, b_count; /* entries with a, with b */
	double lift; /* count * entries / (count(a) * count(b)) */
	double p;    /* one-sided Fisher exact test: together this often or more by chance */
	double q;    /* the false-discovery rate at which it is kept (Benjamini-Hochberg) */
	double log_p; /* ln p, which keeps its order where p itself is too small for a double */
	const pattern_ids *ids;
} pattern_pair;

typedef enum pattern_with {
	PATTERN_WITH_FAMILY,
	PATTERN_WITH_VISIT_TYPE,
} pattern_with;

typedef struct pattern_assoc {
	const char *label;
	pattern_kind kind;
	pattern_with with;
	const char *value; /* the family code or visit type */
	unsigned count;
	unsigned label_count, value_count; /* entries with the label, with the value */
	double lift;
	double p, q, log_p; /* as for pairs */
	const pattern_ids *ids;
} pattern_assoc;

/* Activation with one family or visit type. */
typedef struct pattern_act_group {
	const char *name;
	double mean;        /* of its ratings */
	unsigned n;         /* its ratings */
	double others_mean; /* of every other rating (0 when none) */
	unsigned others_n;
	double p, q; /* one-sided t test (pooled variance) of its ratings above the others', and the
		      * false-discovery rate of that over the groups of its kind */
	const pattern_ids *ids; /* its rated entries */
} pattern_act_group;

/* The practice check-in's answers in one month. */
typedef struct pattern_practice_month {
	char month[8]; /* "YYYY-MM" */
	double mean;   /* 0 to 10 */
	unsigned n;
} pattern_practice_month;

typedef struct pattern_word {
	const char *word; /* as first written, in lower case with its accents; a phrase is two
			   * or three words with one space between */
	double score;     /* (occurrences / entries) * ln(all entries / entries with it), over
			   * the entries whose words were read */
	unsigned count;   /* occurrences in the set */
	unsigned docs;    /* entries of the set that have it */
	const pattern_ids *ids;
} pattern_word;

typedef struct pattern_question {
	const char *author; /* whose entry it is ("Ana"); NULL in one's own journal */
	int64_t entry;
	char day[11];
	const char *text;
} pattern_question;

typedef struct pattern_selfcare {
	bool signal;
	const char *why; /* calm words: what was seen, and what might help */
	double recent_mean; /* of the last rated entries (0 when none) */
	unsigned rated;     /* how many entries of the set have a rating */
	double medians[3];  /* weekly medians of the last three rated weeks, oldest first */
	unsigned nmedians;
	bool sustained, rising; /* what raised it */
	const char **depletion; /* feelings and themes of depletion that rose, and words */
	size_t ndepletion;
	const pattern_ids *ids;
} pattern_selfcare;

typedef struct pattern_revisit_label {
	const char *name;
	const pattern_ids *ids; /* earlier entries, newest first, at most revisit_max */
	size_t total;           /* all the earlier entries (ids may hold fewer) */
} pattern_revisit_label;

typedef struct pattern_revisit {
	const char *author;             /* whose entry it is; NULL in one's own journal. With
					 * an author, the earlier entries are all theirs */
	int64_t entry;                  /* 0 when there was nothing to revisit from */
	pattern_revisit_label family;   /* name NULL when the entry has no family */
	pattern_revisit_label *emotions;
	size_t nemotions;
} pattern_revisit;

typedef struct pattern_report {
	size_t entries;
	char first[11], last[11]; /* the first and last day of the set ("" when empty) */

	pattern_week *weeks; /* every week from the first to the last, empty ones included */
	size_t nweeks;

	pattern_label *emotions; /* most first, ties by name */
	size_t nemotions;
	pattern_label *themes;
	size_t nthemes;

	struct {
		char since[11], until[11]; /* "" for an open bound */
		size_t entries;
		unsigned rated;  /* of which with an activation rating */
		double act_mean; /* their mean (0 when none) */
	} recent, earlier;
	pattern_shift *shifts; /* largest change first (by size), ties by name */
	size_t nshifts;

	unsigned min_support; /* the support pairs and associations needed */
	double fdr;           /* the false-discovery rate they are kept at */
	pattern_pair *pairs;  /* strongest evidence first (smallest p), then count, names */
	size_t npairs;
	size_t pairs_tested;  /* the pairs the false-discovery rate is over: both labels with the
			       * support, and beyond chance at best (Tarone), whatever was seen */
	pattern_assoc *assocs; /* same order */
	size_t nassocs;
	size_t assocs_tested;

	/* Activation by family and by visit type, highest mean first (at least min_ratings). */
	pattern_act_group *act_families;
	size_t nact_families;
	pattern_act_group *act_vtypes;
	size_t nact_vtypes;

	const char *subject; /* as in the options (NULL: the journal's own) */

	/* The practice check-in by month, oldest first (see pattern_add_practice). */
	pattern_practice_month *practice;
	size_t npractice;

	pattern_word *words; /* highest score first, ties by word; a word said nearly always
			      * within a phrase that is also listed gives way to it */
	size_t nwords;
	size_t words_entries; /* entries whose words were read (see max_word_scan) */
	char words_since[11]; /* the oldest day among them ("" when none) */

	pattern_question *questions; /* newest entry first */
	size_t nquestions;

	pattern_selfcare self_care;
	pattern_revisit revisit;
} pattern_report;

/* ---- computing ---- */

typedef struct pattern pattern;

/* A new computation with opts (NULL for all defaults; the options are copied, the
 * discussed ids are not: they must outlive the computation). The caller frees it with
 * pattern_free. Returns RF_ERR_INVALID for a bad date in opts. */
rf_status pattern_new(const pattern_opts *opts, pattern **out);

/* Whose the entries added next are (pattern_add, pattern_add_context): in a supervisor's
 * review of what several people shared, every item that names an entry names its author too
 * ("Ana #7"), since two authors' numbers may be the same. NULL (the default): the journal's
 * own. Copied. */
rf_status pattern_set_author(pattern *p, const char *author);

/* Add one entry of the set. Its words are read when it carries its texts (and the window
 * of max_word_scan is open); otherwise they can follow with pattern_add_words. e is not
 * kept. */
rf_status pattern_add(pattern *p, const entry *e);

/* Read the words of an entry, in a second pass over entries that were added without their
 * texts: in_set for an entry already added with pattern_add (matched by id; entries must come
 * in the order they were added; RF_ERR_NOT_FOUND for an id never added), otherwise as
 * background (as pattern_add_context). Does nothing once the window is full. */
rf_status pattern_add_words(pattern *p, const entry *e, bool in_set);

/* True when max_word_scan entries of the set have had their words read: a second pass can
 * stop. */
bool pattern_words_full(const pattern *p);

/* Add one answer to the practice check-in ("To what extent are ACEs, trauma-informed care
 * or resilience used as part of your practice?", 0 to 10) given at time at. */
rf_status pattern_add_practice(pattern *p, int64_t at, int answer);

/* The practice check-in's question, in the language of the interface. */
const char *pattern_practice_question(void);

/* The sealed item kind practice check-ins are kept under: each item is a JSON object
 * {"at": "2026-11-20T16:05:00Z", "answer": 7}. */
#define PATTERN_PRACTICE_KIND "practice"

typedef struct journal journal;
/* Seal one answer (0 to 10, or -1: let be this month) given at time at. */
rf_status pattern_practice_record(journal *j, int answer, int64_t at);
/* *due is true when the check-in may be offered at time now: never answered or let be,
 * or the last time was a month ago or more. */
rf_status pattern_practice_due(journal *j, int64_t now, bool *due);
/* Add the journal's answers to a computation (pattern_review does this itself). */
rf_status pattern_practice_load(journal *j, pattern *p);

/* Add an entry of the journal that is not in the set: it only counts as background for
 * scoring words (how common a word is in the whole journal). Without any, the set itself
 * is the background. */
rf_status pattern_add_context(pattern *p, const entry *e);

/* Compute the report. After this, pattern_add is refused; the report stays valid until
 * pattern_free. */
rf_status pattern_finish(pattern *p, const pattern_report **out);

/* Wipe everything (words and questions are things a person wrote), free, set *p to NULL. */
void pattern_free(pattern **p);

typedef struct journal journal;
/* The whole computation over journal j: the entries that pass f (NULL for all) make the set,
 * every other entry is background for the words. Reads metadata for all entries, and texts
 * only as far back as the words window reaches (all texts when f searches them). On success
 * *out owns *report (free it with pattern_free). RF_ERR_NOT_FOUND when opts->revisit_of is not
 * among the entries of the set. */
rf_status pattern_review(journal *j, const entry_filter *f, const pattern_opts *opts,
			 pattern **out, const pattern_report **report);

/* The entry ids behind an item: *out is an array of *n ids the caller frees with free()
 * (NULL with *n 0 when there are none). */
rf_status pattern_ids_get(const pattern_ids *ids, int64_t **out, size_t *n);

/* How many entries are behind an item. */
size_t pattern_ids_count(const pattern_ids *ids);

/* ---- output ---- */

enum {
	PATTERN_JSON_PRETTY = 1, /* indented */
	PATTERN_JSON_IDS = 2,    /* each item lists the entry ids behind it ("ids") */
};

struct json_t;
/* The report as a jansson object (the shape in INTERFACE.md, plus volume, shift,
 * associations, revisit). The caller releases it with json_decref. NULL on no memory. */
struct json_t *pattern_to_json(const pattern_report *r, int flags);

/* Write the report as JSON to out, id lists streamed as they are written (a large review
 * with PATTERN_JSON_IDS never holds them as a tree). RF_ERR_IO when writing fails. */
rf_status pattern_write_json(const pattern_report *r, int flags, FILE *out);

/* The report as JSON text (as pattern_write_json writes it); the caller wipes and frees it
 * with pattern_free_text. NULL on no memory. */
char *pattern_json_text(const pattern_report *r, int flags);

/* The report as plain text for a terminal of width columns (at least 40), with
 * sparklines. The caller frees it with pattern_free_text. NULL on no memory. */
char *pattern_to_text(const pattern_report *r, int width);

/* ---- words for people (the text and the pane say the same things) ---- */

/* How many items a section shows before "n more" (the pane's first screen holds these). */
#define PATTERN_FIRST_PAIRS 5
#define PATTERN_FIRST_ASSOCS 3
#define PATTERN_FIRST_LABELS 8
#define PATTERN_FIRST_WORDS 10

/* "fear and removal", and how they go together in plain words: "almost always together
 * (13 of 13)". */
void pattern_pair_name(const pattern_pair *pp, char *out, size_t cap);
void pattern_pair_words(const pattern_pair *pp, char *out, size_t cap);
/* "fear with family F-31", "fear on phone check-in", and "often (9 of 13)". */
void pattern_assoc_name(const pattern_assoc *as, char *out, size_t cap);
void pattern_assoc_words(const pattern_assoc *as, char *out, size_t cap);
/* The sentence for the family (family true) or visit type that stirs most, when it stands
 * out from the others by a point or more and beyond chance (its q within the report's fdr)
 * ("Visits with F-31 stir you most: 8.5 on average over 13 visits (others 4.1)"); false (and
 * out empty) when none stands out. */
bool pattern_activation_sentence(const pattern_report *r, bool family, char *out, size_t cap);
/* A month of the practice check-in ("2026-11") as people say it ("Nov 2026"). */
void pattern_month_words(const char *month, char *out, size_t cap);
/* The line said instead when none stands out, before the list of groups. */
void pattern_activation_none(const pattern_report *r, bool family, char *out, size_t cap);
/* One group's line: "F-7: 6.5 on average over 4 visits". */
void pattern_group_words(const pattern_act_group *g, char *out, size_t cap);
/* Activation in the shift: "Activation 7.0 on average lately (25 ratings), 4.5 before (56)";
 * false when either period has no rating. */
bool pattern_shift_activation(const pattern_report *r, char *out, size_t cap);
/* A day "YYYY-MM-DD" as people say it ("17 Nov"); the ISO form when it is not a date. */
void pattern_human_day(const char *day, char *out, size_t cap);
/* How many entries, in words: "1 entry", "3 entries" (in the language in force). */
void pattern_entries_words(size_t n, char *out, size_t cap);
/* The scale line under an activation sparkline of n weeks from week from: the first week's
 * day at the left and the last's at the right, n columns wide (at least as wide as both). */
void pattern_week_axis(const pattern_report *r, size_t from, size_t n, char *out, size_t cap);

/* Wipe and free a string returned by this module; sets *s to NULL. */
void pattern_free_text(char **s);

/* Draw values as a sparkline of block characters, one per value, scaled so that 0 is
 * the lowest bar and max the highest; a negative value (no data) is a space. Writes at most cap bytes including the NUL. */
void pattern_sparkline(const double *values, size_t n, double max, char *out, size_t cap);

#endif
