/* fuzz_entry_json.c - libFuzzer harness for the entry JSON readers (add, import): any bytes
 * to entry_list_from_json and entry_from_json; whatever parses must write back and read again
 * to the same thing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* JSON out, read back, JSON out again: the same text, or the harness aborts. */
static void round_trip(const entry *e)
{
	char *a = entry_to_json(e, ENTRY_JSON_ID), *b = NULL;
	entry *back = NULL;

	if (a == NULL)
		return; /* out of memory is allowed */
	if (entry_from_json(a, strlen(a), &back, NULL) != RF_OK)
		abort(); /* what reflect wrote, reflect must read */
	b = entry_to_json(back, ENTRY_JSON_ID);
	if (b != NULL && strcmp(a, b) != 0)
		abort();
	entry_free_text(&a);
	entry_free_text(&b);
	entry_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	entry **v = NULL, *e = NULL;
	size_t n = 0;
	rf_detail d = {0};

	if (entry_list_from_json((const char *)data, size, &v, &n, &d) == RF_OK) {
		for (size_t i = 0; i < n; i++)
			round_trip(v[i]);
		entry_list_free(&v, n);
	} else if (v != NULL || n != 0) {
		abort(); /* nothing is returned on failure */
	}
	if (entry_from_json((const char *)data, size, &e, &d) == RF_OK) {
		round_trip(e);
		/* Merging the same fields again changes nothing. */
		if (entry_merge_json(e, (const char *)data, size, NULL) != RF_OK)
			abort();
		entry_free(&e);
	} else if (e != NULL) {
		abort();
	}
	return 0;
}
