/* fuzz_entry_stream.c - libFuzzer harness for entry_stream_json, the import reader that streams
 * a file of any length: any bytes through a file descriptor, checked against
 * entry_list_from_json on the same bytes (what the whole-document reader accepts, the stream
 * reader accepts too, entry for entry). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reflect/entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct got {
	char **json;
	size_t n;
};

static rf_status take(entry *e, void *ctx)
{
	struct got *g = ctx;
	char **v = realloc(g->json, (g->n + 1) * sizeof *v);

	if (v == NULL) {
		entry_free(&e);
		return RF_ERR_NOMEM;
	}
	g->json = v;
	e->written = 0; /* an entry without written_at is stamped "now": compare the rest */
	g->json[g->n++] = entry_to_json(e, 0);
	entry_free(&e); /* the callback owns it */
	return RF_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct got g = {NULL, 0};
	entry **v = NULL;
	size_t n = 0;
	rf_detail d = {0};
	rf_status sst, lst;
	int fd = memfd_create("fuzz", 0);

	if (fd < 0)
		return 0;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	lseek(fd, 0, SEEK_SET);
	sst = entry_stream_json(fd, take, &g, &d);
	close(fd);
	if (sst != RF_OK && d.text[0] == '\0')
		abort(); /* a refusal always says why */
	lst = entry_list_from_json((const char *)data, size, &v, &n, NULL);
	if (lst == RF_OK && sst != RF_OK)
		abort();
	if (lst == RF_OK) {
		if (g.n != n)
			abort();
		for (size_t i = 0; i < n; i++) {
			char *j;
			v[i]->written = 0;
			j = entry_to_json(v[i], 0);
			if (j != NULL && g.json[i] != NULL && strcmp(j, g.json[i]) != 0)
				abort();
			entry_free_text(&j);
		}
	}
	entry_list_free(&v, n);
	for (size_t i = 0; i < g.n; i++)
		entry_free_text(&g.json[i]);
	free(g.json);
	return 0;
}
