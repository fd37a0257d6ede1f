/* fuzz_jrnl_json.c - libFuzzer harness for import_jrnl_json: any bytes as jrnl's JSON export;
 * what it reads must be entries reflect can store (they pack and unpack). */
#include <stdint.h>
#include <stdlib.h>

#include "reflect/entry.h"
#include "reflect/import_jrnl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	entry **v = NULL;
	size_t n = 0;
	rf_detail d = {0};

	if (import_jrnl_json((const char *)data, size, &v, &n, &d) != RF_OK) {
		if (v != NULL || n != 0)
			abort(); /* nothing is returned on failure */
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = NULL;
		size_t len = 0;
		entry *back = entry_new();
		if (back != NULL && entry_pack(v[i], ENTRY_PACK_ALL, &p, &len) == RF_OK &&
		    entry_unpack(back, p, len) != RF_OK)
			abort();
		entry_free_packed(&p, len);
		entry_free(&back);
	}
	entry_list_free(&v, n);
	return 0;
}
