/* guard.c - nothing from a person or a file reaches the terminal raw: standard output and
 * standard error are passed through text_safe_n (control characters, ESC, C1 and bidirectional
 * controls shown visibly; newlines and tabs kept), whatever command printed them. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reflect/cli.h"
#include "reflect/text.h"

struct guard {
	int fd;
	char hold[4]; /* the start of a character whose rest has not come yet */
	size_t nhold;
};

static bool write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t n)
{
	struct guard *g = cookie;
	size_t total = g->nhold + n, whole;
	char *all = malloc(total ? total : 1), *safe;

	if (all == NULL)
		return -1;
	memcpy(all, g->hold, g->nhold);
	memcpy(all + g->nhold, buf, n);
	whole = text_utf8_complete(all, total);
	safe = text_safe_n(all, whole, false);
	g->nhold = total - whole;
	memcpy(g->hold, all + whole, g->nhold);
	free(all);
	if (safe == NULL)
		return -1;
	if (!write_all(g->fd, safe, strlen(safe))) {
		free(safe);
		return -1;
	}
	free(safe);
	return (ssize_t)n;
}

static int guard_close(void *cookie)
{
	struct guard *g = cookie;
	char *safe = g->nhold ? text_safe_n(g->hold, g->nhold, false) : NULL;

	if (safe != NULL)
		write_all(g->fd, safe, strlen(safe));
	free(safe);
	free(g);
	return 0;
}

static FILE *guarded(int fd, int mode)
{
	struct guard *g = calloc(1, sizeof *g);
	cookie_io_functions_t io = {NULL, guard_write, NULL, guard_close};
	FILE *f;

	if (g == NULL)
		return NULL;
	g->fd = fd;
	f = fopencookie(g, "w", io);
	if (f == NULL) {
		free(g);
		return NULL;
	}
	setvbuf(f, NULL, mode, BUFSIZ);
	return f;
}

/* The guarded streams and the ones they stand in for, closed (flushed, freed) at exit. */
static FILE *guard_out, *guard_err, *plain_out, *plain_err;

static void guard_end(void)
{
	if (guard_out != NULL) {
		fclose(guard_out);
		stdout = plain_out;
		guard_out = NULL;
	}
	if (guard_err != NULL) {
		fclose(guard_err);
		stderr = plain_err;
		guard_err = NULL;
	}
}

void cli_guard_output(bool out, bool err)
{
	static bool registered;
	FILE *f;

	if (!registered)
		registered = atexit(guard_end) == 0;
	if (out && guard_out == NULL &&
	    (f = guarded(STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF)) != NULL) {
		fflush(stdout);
		plain_out = stdout;
		stdout = guard_out = f;
	}
	if (err && guard_err == NULL && (f = guarded(STDERR_FILENO, _IONBF)) != NULL) {
		fflush(stderr);
		plain_err = stderr;
		stderr = guard_err = f;
	}
}
