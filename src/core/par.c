/* par.c - the pool of par.h: threads that wait for a run, take items by an atomic counter, and
 * report when they have no more to take. */
#include "reflect/par.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static _Thread_local unsigned self; /* 0: a caller's thread; 1.. a pool's own */

typedef struct start_arg {
	struct par_pool *p;
	unsigned index;
} start_arg;

struct par_pool {
	pthread_mutex_t mu;
	pthread_cond_t go;   /* a new run, or the end */
	pthread_cond_t idle; /* a thread finished its part of the run */
	pthread_t tid[PAR_MAX];
	start_arg arg[PAR_MAX];
	unsigned nthreads; /* started, besides the caller's */
	void (*done)(void);
	/* the run: */
	unsigned long gen; /* counts runs; a thread works once per new value */
	par_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next;
	unsigned busy; /* threads still in the run */
	bool quit;
};

unsigned par_threads(void)
{
	const char *s = getenv("REFLECT_THREADS");
	long cpus;

	if (s != NULL && *s != '\0') {
		char *end = NULL;
		long v = strtol(s, &end, 10);
		if (end != NULL && *end == '\0' && v >= 1 && v <= PAR_MAX)
			return (unsigned)v;
	}
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus > 4 ? 4 : (unsigned)cpus;
}

static void take_items(par_pool *p)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, i);
}

static void *worker(void *varg)
{
	start_arg *a = varg;
	par_pool *p = a->p;
	unsigned long seen = 0;

	self = a->index;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->gen == seen)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		take_items(p);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->idle);
	}
	pthread_mutex_unlock(&p->mu);
	if (p->done != NULL)
		p->done();
	return NULL;
}

rf_status par_pool_new(unsigned threads, void (*done)(void), par_pool **out)
{
	par_pool *p;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return RF_ERR_NOMEM;
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p);
		return RF_ERR_NOMEM;
	}
	if (pthread_cond_init(&p->go, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		free(p);
		return RF_ERR_NOMEM;
	}
	if (pthread_cond_init(&p->idle, NULL) != 0) {
		pthread_cond_destroy(&p->go);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return RF_ERR_NOMEM;
	}
	p->done = done;
	atomic_init(&p->next, 0);
	if (threads > PAR_MAX)
		threads = PAR_MAX;
	/* The threads take no signal: a resize, a lock timer or ^C is the caller's thread's to
	 * see (its blocking read is what a signal must interrupt). They inherit this mask. */
	sigset_t all, before;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &before);
	for (unsigned t = 1; t < threads; t++) {
		p->arg[p->nthreads] = (start_arg){p, p->nthreads + 1};
		if (pthread_create(&p->tid[p->nthreads], NULL, worker, &p->arg[p->nthreads]) != 0)
			break; /* the others (and the caller) do its share */
		p->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	*out = p;
	return RF_OK;
}

unsigned par_self(void)
{
	return self;
}

unsigned par_pool_size(const par_pool *p)
{
	return p ? p->nthreads + 1 : 1;
}

void par_pool_start(par_pool *p, size_t n, par_fn fn, void *ctx)
{
	if (p == NULL || p->nthreads == 0 || n == 0) {
		if (p != NULL) {
			/* par_pool_wait does the work on the caller's thread */
			p->fn = fn;
			p->ctx = ctx;
			p->n = n;
			atomic_store(&p->next, 0);
			p->busy = 0;
		}
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->fn = fn;
	p->ctx = ctx;
	p->n = n;
	atomic_store(&p->next, 0);
	p->busy = p->nthreads;
	p->gen++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
}

void par_pool_wait(par_pool *p)
{
	if (p == NULL)
		return;
	if (p->n > 0)
		take_items(p);
	if (p->nthreads == 0)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0)
		pthread_cond_wait(&p->idle, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void par_pool_run(par_pool *p, size_t n, par_fn fn, void *ctx)
{
	if (p == NULL) {
		for (size_t i = 0; i < n; i++)
			fn(ctx, i);
		return;
	}
	par_pool_start(p, n, fn, ctx);
	par_pool_wait(p);
}

void par_pool_free(par_pool **pp)
{
	par_pool *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (unsigned t = 0; t < p->nthreads; t++)
		pthread_join(p->tid[t], NULL);
	pthread_cond_destroy(&p->idle);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	free(p);
	*pp = NULL;
}
