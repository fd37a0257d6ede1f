/* fuzz_card.c - libFuzzer harness for identity_card_parse: any text, a card or not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "reflect/identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	identity_public p;
	rf_detail d;
	rf_status st = identity_card_parse((const char *)data, size, &p, &d);

	if (st == RF_OK && (p.name[IDENTITY_NAME_MAX] != '\0' ||
			    (p.name[0] != '\0' && !identity_name_valid(p.name))))
		abort();
	if (st != RF_OK && d.text[0] == '\0')
		abort(); /* a refusal always says why */
	return 0;
}
