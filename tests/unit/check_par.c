/* check_par.c - the pool of par.h: every item of every run done exactly once, on as many
 * threads as asked, the caller's among them; each thread's done hook before it ends. */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "reflect/par.h"

#define MAXN 5000

static atomic_int hits[MAXN];
static atomic_int done_calls;

static void count(void *ctx, size_t i)
{
	(void)ctx;
	atomic_fetch_add(&hits[i], 1);
}

static void on_done(void)
{
	atomic_fetch_add(&done_calls, 1);
}

static void run_sizes(par_pool *p)
{
	static const size_t sizes[] = {0, 1, 2, 3, 17, 256, MAXN};

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		for (size_t i = 0; i < MAXN; i++)
			atomic_store(&hits[i], 0);
		par_pool_run(p, sizes[k], count, NULL);
		for (size_t i = 0; i < MAXN; i++)
			ck_assert_msg(atomic_load(&hits[i]) == (i < sizes[k] ? 1 : 0),
				      "run of %zu: item %zu done %d times", sizes[k], i,
				      atomic_load(&hits[i]));
	}
}

START_TEST(every_item_once_on_any_number_of_threads)
{
	static const unsigned threads[] = {1, 2, 4, 16};
	par_pool *p = NULL;

	for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
		atomic_store(&done_calls, 0);
		ck_assert_int_eq(par_pool_new(threads[t], on_done, &p), RF_OK);
		ck_assert_uint_eq(par_pool_size(p), threads[t]);
		/* the same pool, run after run */
		for (int round = 0; round < 5; round++)
			run_sizes(p);
		par_pool_free(&p);
		ck_assert_ptr_null(p);
		/* each thread started (not the caller's) said it was done */
		ck_assert_int_eq(atomic_load(&done_calls), (int)threads[t] - 1);
	}
	par_pool_free(&p); /* nothing to free */
}
END_TEST

/* The caller's thread works too: with a pool of two, both threads take items. */
static pthread_t caller;
static atomic_int by_caller, by_other;

static void who(void *ctx, size_t i)
{
	volatile unsigned long spin = 0;

	(void)ctx;
	(void)i;
	for (int k = 0; k < 20000; k++)
		spin = spin + (unsigned long)k;
	if (pthread_equal(pthread_self(), caller))
		atomic_fetch_add(&by_caller, 1);
	else
		atomic_fetch_add(&by_other, 1);
}

START_TEST(the_work_is_shared)
{
	par_pool *p = NULL;

	caller = pthread_self();
	ck_assert_int_eq(par_pool_new(2, NULL, &p), RF_OK);
	for (int round = 0; round < 50 && (by_caller == 0 || by_other == 0); round++)
		par_pool_run(p, 2000, who, NULL);
	ck_assert_int_gt(atomic_load(&by_caller), 0);
	ck_assert_int_gt(atomic_load(&by_other), 0);
	par_pool_free(&p);
}
END_TEST

/* A pool's threads take no signal (a resize or a lock timer must reach the caller's thread,
 * whose blocking read it interrupts). */
static atomic_int open_to_signals, pool_items;

static void mask_of(void *ctx, size_t i)
{
	sigset_t now;

	(void)ctx;
	(void)i;
	if (pthread_equal(pthread_self(), caller)) {
		/* slow on the caller's thread, so that the pool's threads take some items too */
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
		return;
	}
	atomic_fetch_add(&pool_items, 1);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	if (!sigismember(&now, SIGWINCH) || !sigismember(&now, SIGALRM) ||
	    !sigismember(&now, SIGINT) || !sigismember(&now, SIGTERM))
		atomic_fetch_add(&open_to_signals, 1);
}

START_TEST(the_threads_take_no_signal)
{
	par_pool *p = NULL;
	sigset_t now;

	caller = pthread_self();
	ck_assert_int_eq(par_pool_new(3, NULL, &p), RF_OK);
	for (int round = 0; round < 200 && atomic_load(&pool_items) == 0; round++)
		par_pool_run(p, 64, mask_of, NULL);
	ck_assert_int_gt(atomic_load(&pool_items), 0);
	ck_assert_int_eq(atomic_load(&open_to_signals), 0);
	/* and the caller's own mask is as it was */
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	ck_assert(!sigismember(&now, SIGWINCH));
	par_pool_free(&p);
}
END_TEST

START_TEST(threads_from_the_environment)
{
	setenv("REFLECT_THREADS", "3", 1);
	ck_assert_uint_eq(par_threads(), 3);
	setenv("REFLECT_THREADS", "1", 1);
	ck_assert_uint_eq(par_threads(), 1);
	/* nonsense falls back to the cores, 1 to 4 */
	setenv("REFLECT_THREADS", "lots", 1);
	ck_assert_uint_ge(par_threads(), 1);
	ck_assert_uint_le(par_threads(), 4);
	setenv("REFLECT_THREADS", "0", 1);
	ck_assert_uint_ge(par_threads(), 1);
	unsetenv("REFLECT_THREADS");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("par");
	TCase *tc = tcase_create("par");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_item_once_on_any_number_of_threads);
	tcase_add_test(tc, the_work_is_shared);
	tcase_add_test(tc, threads_from_the_environment);
	tcase_add_test(tc, the_threads_take_no_signal);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
