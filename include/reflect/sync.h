/* sync.h - the exchange folder: any folder both sides already sync (a network share,
 * Nextcloud, Syncthing, a git checkout). Sending writes each bundle whole under a fresh name
 * (write, then rename); receiving reads every bundle there addressed to this journal, with the
 * checks of share_receive. reflect runs no server. */
#ifndef REFLECT_SYNC_H
#define REFLECT_SYNC_H

#include <stddef.h>

#include "reflect/share.h"

#define SYNC_SUFFIX ".rfb"

typedef enum sync_what {
	SYNC_RECEIVED, /* a bundle came in: r says what */
	SYNC_REFUSED,  /* a bundle addressed here failed a check: left where it is; why says which */
	SYNC_SENT,     /* a bundle went out: kind, to and count say what */
	SYNC_HELD,     /* what is marked for the supervisor `to` holds identifying details
			* (count of them, the first in entry `entry`): nothing went to them */
} sync_what;

typedef struct sync_event {
	sync_what what;
	char file[96]; /* the bundle's file name in the folder */
	share_receipt r;
	bundle_reject why;
	bundle_kind kind;
	char to[SHARE_TO_MAX];
	size_t count;
	int64_t entry;
} sync_event;

/* Receive every bundle in dir addressed to this journal and not received before, then send
 * what is due: entries marked for supervision that changed since they went, to every contact
 * pinned as a supervisor; messages not sent yet, to the people they are for. Bundles for
 * others, and those received already, are passed over quietly. *v lists what happened (free
 * it with free()). RF_ERR_IO when the folder cannot be read or written (d says why). */
rf_status sync_run(journal *j, const identity *me, const char *dir, sync_event **v, size_t *n,
		   rf_detail *d);

/* Write len bytes into dir as a new bundle file named after id: a private temporary file in
 * dir, flushed, then renamed into place, so a reader never sees half a bundle. name_out (may
 * be NULL, at least 96 bytes) gets the file name. */
rf_status sync_write_bundle(const char *dir, const unsigned char id[BUNDLE_IDBYTES],
			    const unsigned char *data, size_t len, char *name_out);

#endif
