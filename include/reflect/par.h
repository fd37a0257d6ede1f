/* par.h - a batch of independent items spread over the machine's cores: a few threads kept for
 * the life of a pool, the caller's own among them; each run returns when every item is done.
 * What is shared between items must be read only (keys, the identifiers list), or kept per
 * thread. */
#ifndef REFLECT_PAR_H
#define REFLECT_PAR_H

#include <stddef.h>

#include "reflect/status.h"

typedef struct par_pool par_pool;

/* Work on item i of a run (on any of the pool's threads, in any order). */
typedef void (*par_fn)(void *ctx, size_t i);

/* How many threads a pool uses: REFLECT_THREADS when it names 1 to 16, otherwise the cores
 * online, at most 4. */
unsigned par_threads(void);

/* A pool of `threads` threads, the caller counting as one (1: no thread is started, each run
 * works through its items in order). Before a thread ends it calls done (may be NULL): to wipe
 * what it kept of people's words. A thread that cannot start leaves its share to the rest. */
rf_status par_pool_new(unsigned threads, void (*done)(void), par_pool **out);

/* fn(ctx, i) for every i < n, once each; returns when all are done. */
void par_pool_run(par_pool *p, size_t n, par_fn fn, void *ctx);

/* The same in two halves: start hands the items to the pool's threads and returns at once
 * (the caller may prepare the next batch meanwhile, touching nothing of this one); wait
 * takes the items left on the caller's thread and returns when all are done. Every start is
 * followed by a wait before the next start. */
void par_pool_start(par_pool *p, size_t n, par_fn fn, void *ctx);
void par_pool_wait(par_pool *p);

/* Which thread this is: 0 for a caller's, 1 to size - 1 for a pool's own. (Memory is best
 * freed on the thread that took it: glibc gives each thread its own arena, and a free into
 * another's takes its lock while it works.) */
#define PAR_MAX 16
unsigned par_self(void);

/* How many threads p runs on (the caller's included). */
unsigned par_pool_size(const par_pool *p);

/* End the threads (each calls done first) and free the pool. */
void par_pool_free(par_pool **p);

#endif
