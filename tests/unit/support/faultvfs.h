/* faultvfs.h - a fault-injecting SQLite VFS for tests: failed writes and syncs, a full disk,
 * and a simulated crash or power loss that drops or garbles what was not yet synced. */
#ifndef REFLECT_FAULTVFS_H
#define REFLECT_FAULTVFS_H

#include <stdbool.h>

/* Which operation a fault hits. */
typedef enum fv_op {
	FV_WRITE, /* xWrite and xTruncate of any file */
	FV_SYNC,  /* xSync */
} fv_op;

/* What happens to writes that were not synced when the simulated crash comes. */
typedef enum fv_crash {
	FV_DROP,   /* lost: every file goes back to what its last sync made durable */
	FV_GARBLE, /* torn: every unsynced region holds random bytes */
	FV_MIXED,  /* each unsynced 512-byte piece independently kept, lost or garbled */
} fv_crash;

/* Register the shim over the default VFS ("unix") and make it the default, so every
 * sqlite3_open after this goes through it. Starts passive (counts, injects nothing).
 * Safe to call more than once. */
void faultvfs_install(void);

/* Make the shim (true) or the plain VFS (false) the default for the next opens. */
void faultvfs_use(bool on);

/* Forget every counter, armed fault, crash state and shadow copy. */
void faultvfs_reset(void);

/* How many writes (xWrite + xTruncate) and syncs went through the shim since the last reset
 * or faultvfs_count_from_here. */
unsigned faultvfs_writes(void);
unsigned faultvfs_syncs(void);
/* Restart the counters (the fault and crash points count from here). */
void faultvfs_count_from_here(void);

/* Fail the k-th (1-based) operation of kind op with SQLite status rc (e.g. SQLITE_IOERR_WRITE,
 * SQLITE_FULL); with persistent every later one fails too. Nothing is written by a failed
 * operation. */
void faultvfs_fail(fv_op op, unsigned k, bool persistent, int rc);

/* Start keeping a shadow copy of every file as last synced (call before opening the journal).
 * Then crash at the k-th write-or-sync point: that write may or may not land, and from then on
 * every write, sync, truncate and delete fails and changes nothing, as if the machine had
 * stopped. */
void faultvfs_crash_at(unsigned k);

/* True once an armed fault or the crash has fired. */
bool faultvfs_fired(void);

/* After the crashed connection is closed: bring every file to a state the crash could have
 * left (mode above; seed drives the random choices), remove the -shm files, and go back to
 * passive. Returns the number of files touched, or -1 on an I/O error. */
int faultvfs_crash_apply(fv_crash mode, unsigned seed);

#endif
