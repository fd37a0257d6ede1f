/* fuzz.h - what the fuzz harnesses share: the entry point, and fixed identities so that seeds
 * made once stay valid. */
#ifndef REFLECT_FUZZ_H
#define REFLECT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/identity.h"

/* The libFuzzer entry point each harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline identity *fuzz_identity(unsigned char b, const char *name)
{
	unsigned char seed[IDENTITY_SEEDBYTES];
	identity *id = NULL;

	if (sodium_init() < 0)
		abort();
	memset(seed, b, sizeof seed);
	if (identity_from_seed(seed, name, &id) != RF_OK)
		abort();
	return id;
}

/* The fuzz recipient (seed bytes 0x11, "Fuzz"), made on first use, kept for the process. */
static inline const identity *fuzz_recipient(void)
{
	static identity *id;

	if (id == NULL)
		id = fuzz_identity(0x11, "Fuzz");
	return id;
}

/* The fuzz sender (seed bytes 0x22, "Sender"). */
static inline const identity *fuzz_sender(void)
{
	static identity *id;

	if (id == NULL)
		id = fuzz_identity(0x22, "Sender");
	return id;
}

#endif
