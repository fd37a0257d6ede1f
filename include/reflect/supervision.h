/* supervision.h - the reflective supervision log: sessions (sealed items of kind "supervision"),
 * hours within a window against the endorsement thresholds, and the entries discussed. */
#ifndef REFLECT_SUPERVISION_H
#define REFLECT_SUPERVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reflect/entry.h"
#include "reflect/journal.h"
#include "reflect/status.h"

/* The hour thresholds infant mental health endorsement uses (within one or two years). */
#define SUPERVISION_THRESHOLD_LOW 24
#define SUPERVISION_THRESHOLD_HIGH 50
#define SUPERVISION_MINUTES_MAX 1440
#define SUPERVISION_TEXT_MAX 200

typedef enum supervision_format {
	SUPERVISION_INDIVIDUAL,
	SUPERVISION_GROUP,
} supervision_format;

typedef enum supervision_setting {
	SUPERVISION_AGENCY,     /* a supervisor within the agency */
	SUPERVISION_CONSULTANT, /* an outside consultant */
} supervision_setting;

typedef struct supervision_session {
	int64_t item;      /* its id in the journal; 0 before it is added */
	char date[11];     /* "YYYY-MM-DD" */
	int minutes;       /* 1..SUPERVISION_MINUTES_MAX */
	supervision_format format;
	supervision_setting setting;
	bool peer;         /* peer supervision: kept in the log, never counted in hours */
	char *provider;    /* the supervisor's name, or NULL */
	char *endorsement; /* their endorsement level in their own words, or NULL */
	int64_t *entries;  /* the journal entries discussed (with attendees: also their numbers
			    * for entries they shared, "Ana #7") */
	size_t nentries;
	strlist with;      /* a supervisor's log: who attended (supervisees' names) */
	char **entry_from; /* NULL (a session logged before it was kept), or nentries names:
			    * whose number entries[i] is ("Ana" for Ana #7), "" for this
			    * journal's own entry */
} supervision_session;

/* Parse "individual"/"group" and "agency"/"consultant". RF_ERR_INVALID otherwise. */
rf_status supervision_format_parse(const char *s, supervision_format *out);
rf_status supervision_setting_parse(const char *s, supervision_setting *out);
const char *supervision_format_name(supervision_format f);
const char *supervision_setting_name(supervision_setting s);

/* Add a session (s is copied; s->item is ignored). RF_ERR_INVALID for a bad date, minutes out
 * of range, or texts that are too long or not valid text. item_out (may be NULL) gets its id. */
rf_status supervision_add(journal *j, const supervision_session *s, int64_t *item_out);

/* Remove a session; RF_ERR_NOT_FOUND when there is none. */
rf_status supervision_remove(journal *j, int64_t item);

/* Every session, oldest date first. Free with supervision_list_free. */
rf_status supervision_list(journal *j, supervision_session **v, size_t *n);
void supervision_list_free(supervision_session **v, size_t n);

/* Hours within a window of `years` (1 or 2) ending on `today` ("YYYY-MM-DD"; NULL for the
 * local date), the first day being the same date `years` earlier. Peer supervision is counted
 * apart and never in counted_minutes. */
typedef struct supervision_hours {
	char from[11], to[11];
	int years;
	long counted_minutes; /* what counts toward endorsement */
	long individual_minutes, group_minutes;
	long agency_minutes, consultant_minutes;
	size_t sessions;
	long peer_minutes; /* not counted */
	size_t peer_sessions;
	long provided_minutes; /* sessions given to others (with attendees): not counted */
	size_t provided_sessions;
} supervision_hours;

rf_status supervision_hours_in(journal *j, const char *today, int years, supervision_hours *out);

/* A session this journal's keeper gave (a supervisor's log: others attended, --with), not
 * one received: it never counts toward the keeper's own hours. */
bool supervision_provided(const supervision_session *s);

/* Minutes as hours with one decimal, rounded to the nearest tenth: 150 gives "2.5". */
void supervision_format_hours(long minutes, char out[24]);

/* True when the session's i-th discussed entry is one someone shared (entry_from names them),
 * not this journal's own. */
bool supervision_entry_shared(const supervision_session *s, size_t i);
/* True when the session's i-th discussed entry is `from`'s entry entry_id (their own number);
 * a session logged before whose was kept matches by the number alone. */
bool supervision_entry_is(const supervision_session *s, size_t i, const char *from,
			  int64_t entry_id);

/* The ids of this journal's own entries discussed in a logged session (each once, ascending):
 * their open questions count as discussed. The caller frees *ids with free(). */
rf_status supervision_discussed(journal *j, int64_t **ids, size_t *n);

#endif
