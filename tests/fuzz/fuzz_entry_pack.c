/* fuzz_entry_pack.c - libFuzzer harness for the entry's own sealed serialisation: any bytes to
 * entry_unpack (a record that authenticated but was written by a buggy or hostile build), and
 * whatever unpacks must pack and unpack to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reflect/entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	entry *e = entry_new(), *again = NULL;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	const int parts = ENTRY_PACK_ALL | ENTRY_PACK_ID;

	if (e == NULL)
		return 0;
	if (entry_unpack(e, data, size) != RF_OK)
		goto out; /* refused; e keeps what was read before the fault, and frees cleanly */
	if (entry_pack(e, parts, &a, &alen) != RF_OK)
		goto out;
	again = entry_new();
	if (again == NULL)
		goto out;
	if (entry_unpack(again, a, alen) != RF_OK)
		abort(); /* what reflect packs, reflect must unpack */
	if (entry_pack(again, parts, &b, &blen) != RF_OK)
		goto out;
	if (alen != blen || memcmp(a, b, alen) != 0)
		abort();
out:
	entry_free_packed(&a, alen);
	entry_free_packed(&b, blen);
	entry_free(&e);
	entry_free(&again);
	return 0;
}
