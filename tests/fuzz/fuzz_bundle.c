/* fuzz_bundle.c - libFuzzer harness for bundle_open.
 *
 * The first byte chooses how the rest is used:
 *   even: the rest is a bundle file, opened as the fuzz recipient (layout, limits, lengths,
 *         authentication);
 *   odd:  the rest is a list of frame plaintexts (each a 2-byte little-endian length, then the
 *         bytes), which the harness seals to the fuzz recipient in a real secretstream and
 *         signs as the fuzz sender, so that what follows decryption (the header's JSON, entry
 *         and response frames, counts and the signature frame) is fuzzed too. With the second
 *         byte odd the last frame is pushed as the final one as it is; otherwise a signature
 *         frame is added. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "reflect/bundle.h"

#define SIG_CONTEXT "reflect bundle signature v1"
#define TRANSCRIPT_CONTEXT "reflect bundle transcript v1"
#define MAX_OUT (256 * 1024)

static void put_u32(unsigned char *p, size_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Seal frames from data into a bundle; returns its length (0 when it does not fit). */
static size_t build(const uint8_t *data, size_t size, unsigned char *out)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char pre[BUNDLE_PREAMBLE];
	unsigned char msg[sizeof SIG_CONTEXT + crypto_generichash_BYTES];
	unsigned char sig[1 + IDENTITY_SIGBYTES] = {'S'};
	crypto_secretstream_xchacha20poly1305_state ss;
	crypto_generichash_state th;
	size_t n = BUNDLE_PREAMBLE, at = 1;
	int raw_final;

	if (size < 1)
		return 0;
	raw_final = data[0] & 1;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	memcpy(out, BUNDLE_MAGIC, 8);
	out[8] = BUNDLE_VERSION;
	crypto_box_seal(out + 9, key, sizeof key, identity_pub(fuzz_recipient())->box_pk);
	crypto_secretstream_xchacha20poly1305_init_push(&ss, out + 89, key);
	memcpy(pre, out, sizeof pre);
	crypto_generichash_init(&th, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&th, (const unsigned char *)TRANSCRIPT_CONTEXT,
				  sizeof TRANSCRIPT_CONTEXT);
	crypto_generichash_update(&th, pre, sizeof pre);
	while (at + 2 <= size) {
		size_t len = (size_t)data[at] | (size_t)data[at + 1] << 8;
		bool first = n == BUNDLE_PREAMBLE, last;
		unsigned char l[4];
		at += 2;
		if (len > size - at)
			len = size - at;
		last = at + len + 2 > size;
		if (n + 4 + len + crypto_secretstream_xchacha20poly1305_ABYTES > MAX_OUT)
			return 0;
		put_u32(l, len);
		crypto_generichash_update(&th, l, 4);
		crypto_generichash_update(&th, data + at, len);
		put_u32(out + n, len + crypto_secretstream_xchacha20poly1305_ABYTES);
		crypto_secretstream_xchacha20poly1305_push(
			&ss, out + n + 4, NULL, data + at, len, first ? pre : NULL,
			first ? sizeof pre : 0,
			raw_final && last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
					  : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
		n += 4 + len + crypto_secretstream_xchacha20poly1305_ABYTES;
		at += len;
	}
	if (!raw_final) {
		memcpy(msg, SIG_CONTEXT, sizeof SIG_CONTEXT);
		crypto_generichash_final(&th, msg + sizeof SIG_CONTEXT, crypto_generichash_BYTES);
		identity_sign(fuzz_sender(), msg, sizeof msg, sig + 1);
		put_u32(out + n, sizeof sig + crypto_secretstream_xchacha20poly1305_ABYTES);
		crypto_secretstream_xchacha20poly1305_push(&ss, out + n + 4, NULL, sig, sizeof sig,
							   NULL, 0,
							   crypto_secretstream_xchacha20poly1305_TAG_FINAL);
		n += 4 + sizeof sig + crypto_secretstream_xchacha20poly1305_ABYTES;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char *out;
	bundle *b = NULL;
	bundle_reject why;
	const unsigned char *in = data + 1;
	size_t len;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (out == NULL && (out = malloc(MAX_OUT)) == NULL)
			abort();
		len = build(data + 1, size - 1, out);
		if (len == 0)
			return 0;
		in = out;
	} else {
		len = size - 1;
	}
	if (bundle_open(in, len, fuzz_recipient(), &b, &why) == RF_OK) {
		if (why != BUNDLE_INTACT || b == NULL)
			abort();
		bundle_free(&b);
	} else if (b != NULL || why == BUNDLE_INTACT) {
		abort();
	}
	return 0;
}
