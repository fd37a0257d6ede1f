/* unread.h - which of this journal's own entries hold a message (a supervisor's response, a
 * group member's message) that arrived and has not been read since: one sealed item (kind
 * "unread"), never plaintext. Receiving adds to it; opening the entry takes it off. */
#ifndef REFLECT_UNREAD_H
#define REFLECT_UNREAD_H

#include <stddef.h>
#include <stdint.h>

#include "reflect/journal.h"
#include "reflect/status.h"

/* Note that entry id holds a message not read yet. Call it inside the caller's transaction
 * (receiving does) or alone. */
rf_status unread_add(journal *j, int64_t id);

/* Take entry id off (it was read). Nothing is written when it is not on. */
rf_status unread_clear(journal *j, int64_t id);

/* The entries with a message not read yet, in the order they were noted. The caller frees
 * *ids with free(). */
rf_status unread_list(journal *j, int64_t **ids, size_t *n);

#endif
