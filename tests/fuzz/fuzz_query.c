/* fuzz_query.c - libFuzzer harness for query_parse, the search line a person types: any text
 * parses or is refused with a reason, and whatever parses filters an entry without harm. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	query q;
	rf_detail d = {0};
	entry *e;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* the search line is a C string */
	if (query_parse(text, &q, &d) == RF_OK) {
		e = entry_new();
		if (e != NULL) {
			entry_set(&e->notice_text, "La mamá sonrió");
			strlist_add(&e->themes, "repair");
			(void)entry_matches(e, &q.filter);
			entry_free(&e);
		}
		query_clear(&q);
	} else if (d.text[0] == '\0') {
		abort(); /* a refusal always says why */
	}
	free(text);
	return 0;
}
