/* check_bundle.c - supervision bundles: round trips, and every way a bundle can be damaged,
 * misaddressed, forged or replayed being refused with nothing imported. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "reflect/bundle.h"
#include "reflect/identity.h"
#include "reflect/share.h"
#include "support/testutil.h"

static identity *seeded(unsigned char b, const char *name)
{
	unsigned char seed[IDENTITY_SEEDBYTES];
	identity *id = NULL;

	memset(seed, b, sizeof seed);
	ck_assert_int_eq(identity_from_seed(seed, name, &id), RF_OK);
	return id;
}

static entry *an_entry(int64_t id, const char *notice)
{
	entry *e = entry_new();

	ck_assert_ptr_nonnull(e);
	e->id = id;
	e->rev = 1;
	ck_assert_int_eq(entry_set(&e->notice_text, notice), RF_OK);
	ck_assert_int_eq(strlist_add(&e->questions, "What was the baby telling us?"), RF_OK);
	ck_assert_int_eq(strlist_add(&e->themes, "ghosts in the nursery"), RF_OK);
	e->for_supervision = true;
	return e;
}

/* A bundle of n entries from `from` to `to`. */
static unsigned char *entries_bundle(const identity *from, const identity *to, size_t n,
				     size_t *len)
{
	entry *v[8];
	unsigned char *out = NULL;

	ck_assert_uint_le(n, 8);
	for (size_t i = 0; i < n; i++) {
		char text[64];
		snprintf(text, sizeof text, "entry number %zu, the baby turned away", i + 1);
		v[i] = an_entry((int64_t)i + 1, text);
	}
	ck_assert_int_eq(bundle_write(from, identity_pub(to), BUNDLE_ENTRIES, v, n, NULL, 0, NULL,
				      &out, len),
			 RF_OK);
	for (size_t i = 0; i < n; i++)
		entry_free(&v[i]);
	return out;
}

static bool contains(const unsigned char *d, size_t len, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(d + i, s, n) == 0)
			return true;
	return false;
}

static bundle_reject open_why(const unsigned char *data, size_t len, const identity *me)
{
	bundle *b = NULL;
	bundle_reject why = BUNDLE_INTACT;
	rf_status st = bundle_open(data, len, me, &b, &why);

	if (st == RF_OK) {
		ck_assert_int_eq(why, BUNDLE_INTACT);
		bundle_free(&b);
	} else {
		ck_assert_int_eq(st, RF_ERR_REJECTED);
		ck_assert_ptr_null(b);
		ck_assert_int_ne(why, BUNDLE_INTACT);
	}
	return why;
}

/* Offsets where frames start (after the preamble), and the end. */
static size_t frame_offsets(const unsigned char *d, size_t len, size_t *off, size_t cap)
{
	size_t n = 0, at = BUNDLE_PREAMBLE;

	while (at + 4 <= len && n < cap) {
		uint32_t l = (uint32_t)d[at] | (uint32_t)d[at + 1] << 8 | (uint32_t)d[at + 2] << 16 |
			     (uint32_t)d[at + 3] << 24;
		off[n++] = at;
		at += 4 + l;
	}
	ck_assert_uint_eq(at, len);
	return n;
}

START_TEST(entries_and_responses_round_trip)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam");
	unsigned char *data, *rdata = NULL;
	size_t len, rlen;
	bundle *b = NULL;
	bundle_reject why;
	bundle_response r[2] = {{1, 1700000000, "I wonder what she was protecting."},
				{2, 1700000100, "Thank you for noticing your own breath."}};

	data = entries_bundle(ana, sam, 3, &len);
	ck_assert_int_eq(bundle_open(data, len, sam, &b, &why), RF_OK);
	ck_assert_int_eq(b->kind, BUNDLE_ENTRIES);
	ck_assert_uint_eq(b->nentries, 3);
	ck_assert_int_eq(b->entries[2]->id, 3);
	ck_assert_str_eq(b->entries[0]->notice_text, "entry number 1, the baby turned away");
	ck_assert_str_eq(b->entries[0]->questions.v[0], "What was the baby telling us?");
	ck_assert_str_eq(b->from.name, "Ana");
	ck_assert(identity_same_keys(&b->from, identity_pub(ana)));
	bundle_free(&b);
	ck_assert_ptr_null(b);
	/* nothing readable in transit */
	ck_assert(!contains(data, len, "baby"));
	ck_assert(!contains(data, len, "entry number"));

	ck_assert_int_eq(bundle_write(sam, identity_pub(ana), BUNDLE_RESPONSES, NULL, 0, r, 2, NULL,
				      &rdata, &rlen),
			 RF_OK);
	ck_assert_int_eq(bundle_open(rdata, rlen, ana, &b, &why), RF_OK);
	ck_assert_int_eq(b->kind, BUNDLE_RESPONSES);
	ck_assert_uint_eq(b->nresponses, 2);
	ck_assert_int_eq(b->responses[1].entry, 2);
	ck_assert_int_eq(b->responses[1].at, 1700000100);
	ck_assert_str_eq(b->responses[0].text, r[0].text);
	bundle_free(&b);
	free(data);
	free(rdata);
	identity_free(&ana);
	identity_free(&sam);
}
END_TEST

START_TEST(every_single_byte_flip_is_refused)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam");
	size_t len;
	unsigned char *data = entries_bundle(ana, sam, 1, &len);

	ck_assert_uint_lt(len, 4096);
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			data[i] ^= (unsigned char)(1u << bit);
			ck_assert_msg(open_why(data, len, sam) != BUNDLE_INTACT,
				      "byte %zu flipped was accepted", i);
			data[i] ^= (unsigned char)(1u << bit);
		}
	}
	ck_assert_int_eq(open_why(data, len, sam), BUNDLE_INTACT);
	/* a changed byte inside a frame is named as such */
	data[len - 10] ^= 1;
	ck_assert_int_eq(open_why(data, len, sam), BUNDLE_ALTERED);
	free(data);
	identity_free(&ana);
	identity_free(&sam);
}
END_TEST

START_TEST(truncation_anywhere_is_refused)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam");
	size_t len, off[16], n;
	unsigned char *data = entries_bundle(ana, sam, 3, &len);

	n = frame_offsets(data, len, off, 16);
	ck_assert_uint_eq(n, 5); /* header, three entries, signature */
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(open_why(data, off[i], sam), BUNDLE_TRUNCATED);
	for (size_t cut = 0; cut < len; cut++)
		ck_assert_msg(open_why(data, cut, sam) != BUNDLE_INTACT, "cut at %zu accepted", cut);
	free(data);
	identity_free(&ana);
	identity_free(&sam);
}
END_TEST

static unsigned char *swapped(const unsigned char *d, size_t len, const size_t *off, size_t n,
			      size_t a, size_t b)
{
	unsigned char *out = malloc(len);
	size_t at = 0;

	memcpy(out, d, BUNDLE_PREAMBLE);
	at = BUNDLE_PREAMBLE;
	for (size_t i = 0; i < n; i++) {
		size_t k = i == a ? b : i == b ? a : i;
		size_t end = k + 1 < n ? off[k + 1] : len;
		memcpy(out + at, d + off[k], end - off[k]);
		at += end - off[k];
	}
	ck_assert_uint_eq(at, len);
	return out;
}

START_TEST(reordered_or_missing_frames_are_refused)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam");
	size_t len, off[16], n;
	unsigned char *data = entries_bundle(ana, sam, 3, &len), *x;

	n = frame_offsets(data, len, off, 16);
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			x = swapped(data, len, off, n, a, b);
			ck_assert_msg(open_why(x, len, sam) == BUNDLE_REORDERED,
				      "frames %zu and %zu swapped: %s", a, b,
				      bundle_reject_name(open_why(x, len, sam)));
			free(x);
		}
	/* the second entry left out */
	x = malloc(len);
	memcpy(x, data, off[2]);
	memcpy(x + off[2], data + off[3], len - off[3]);
	ck_assert_int_eq(open_why(x, off[2] + len - off[3], sam), BUNDLE_ALTERED);
	/* an entry given twice */
	free(x);
	x = malloc(len + off[3] - off[2]);
	memcpy(x, data, off[3]);
	memcpy(x + off[3], data + off[2], len - off[2]);
	ck_assert(open_why(x, len + off[3] - off[2], sam) != BUNDLE_INTACT);
	free(x);
	free(data);
	identity_free(&ana);
	identity_free(&sam);
}
END_TEST

/* A bundle for a group: the file key sealed to each member. */
static unsigned char *group_bundle(const identity *from, const identity *const *to, size_t nto,
				   size_t *len)
{
	identity_public pubs[4];
	entry *v[2];
	unsigned char *out = NULL;

	for (size_t i = 0; i < nto; i++)
		pubs[i] = *identity_pub(to[i]);
	v[0] = an_entry(1, "entry number 1, the baby turned away");
	v[1] = an_entry(2, "entry number 2, am I burning out?");
	ck_assert_int_eq(bundle_write_to(from, pubs, nto, NULL, BUNDLE_ENTRIES, v, 2, NULL, 0, NULL,
					 &out, len),
			 RF_OK);
	entry_free(&v[0]);
	entry_free(&v[1]);
	return out;
}

START_TEST(a_group_bundle_opens_for_each_member_only)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam"), *ben = seeded(4, "Ben"),
		 *kim = seeded(3, "Kim");
	const identity *group[] = {sam, ben};
	size_t len;
	unsigned char *data = group_bundle(ana, group, 2, &len);
	bundle *b = NULL;
	bundle_reject why;

	ck_assert_int_eq(data[8], BUNDLE_VERSION_GROUP);
	ck_assert(!contains(data, len, "burning"));
	for (size_t m = 0; m < 2; m++) {
		ck_assert_int_eq(bundle_open(data, len, group[m], &b, &why), RF_OK);
		ck_assert_uint_eq(b->nentries, 2);
		ck_assert_str_eq(b->entries[1]->notice_text, "entry number 2, am I burning out?");
		ck_assert_uint_eq(b->nto, 2);
		ck_assert(memcmp(b->to[0].sign_pk, identity_pub(sam)->sign_pk, IDENTITY_KEYBYTES) == 0);
		ck_assert(memcmp(b->to[1].sign_pk, identity_pub(ben)->sign_pk, IDENTITY_KEYBYTES) == 0);
		bundle_free(&b);
	}
	ck_assert_int_eq(open_why(data, len, kim), BUNDLE_NOT_FOR_ME);
	ck_assert_int_eq(open_why(data, len, ana), BUNDLE_NOT_FOR_ME);
	/* every check of a one-person bundle holds: a flipped bit anywhere, a cut anywhere */
	for (size_t i = 0; i < len; i++) {
		data[i] ^= 1;
		ck_assert_msg(open_why(data, len, ben) != BUNDLE_INTACT, "byte %zu flipped accepted", i);
		data[i] ^= 1;
	}
	for (size_t cut = 0; cut < len; cut++)
		ck_assert_msg(open_why(data, cut, sam) != BUNDLE_INTACT, "cut at %zu accepted", cut);
	ck_assert_int_eq(open_why(data, len - 20, sam), BUNDLE_TRUNCATED);
	/* a member's sealed copy swapped for another's is refused by the header's list */
	{
		unsigned char *x = malloc(len);
		memcpy(x, data, len);
		memcpy(x + 10, data + 10 + 80, 80);
		ck_assert(open_why(x, len, sam) != BUNDLE_INTACT);
		free(x);
	}
	/* the recipient count is bounded before anything is read */
	data[9] = BUNDLE_RECIPIENTS_MAX + 1;
	ck_assert_int_eq(open_why(data, len, sam), BUNDLE_TOO_BIG);
	free(data);
	identity_free(&ana);
	identity_free(&sam);
	identity_free(&ben);
	identity_free(&kim);
}
END_TEST

START_TEST(a_bundle_for_someone_else_is_refused)
{
	identity *ana = seeded(1, "Ana"), *sam = seeded(2, "Sam"), *kim = seeded(3, "Kim");
	size_t len;
	unsigned char *data = entries_bundle(ana, sam, 1, &len);

	ck_assert_int_eq(open_why(data, len, kim), BUNDLE_NOT_FOR_ME);
	ck_assert_int_eq(open_why(data, len, ana), BUNDLE_NOT_FOR_ME);
	free(data);
	identity_free(&ana);
	identity_free(&sam);
	identity_free(&kim);
}
END_TEST

/* ---- bundles built by hand, to say what the writer never would ---- */

struct raw {
	unsigned char p[8192];
	size_t n;
	crypto_secretstream_xchacha20poly1305_state ss;
	crypto_generichash_state th;
};

static void raw_begin(struct raw *r, const identity *to)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];

	crypto_secretstream_xchacha20poly1305_keygen(key);
	memcpy(r->p, "RFBUNDLE", 8);
	r->p[8] = 1;
	crypto_box_seal(r->p + 9, key, sizeof key, identity_pub(to)->box_pk);
	crypto_secretstream_xchacha20poly1305_init_push(&r->ss, r->p + 89, key);
	r->n = BUNDLE_PREAMBLE;
	crypto_generichash_init(&r->th, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&r->th, (const unsigned char *)"reflect bundle transcript v1",
				  sizeof "reflect bundle transcript v1");
	crypto_generichash_update(&r->th, r->p, BUNDLE_PREAMBLE);
}

static void raw_frame(struct raw *r, const void *pt, size_t len, bool final)
{
	unsigned char l[4] = {(unsigned char)len, (unsigned char)(len >> 8),
			      (unsigned char)(len >> 16), (unsigned char)(len >> 24)};
	size_t c = len + crypto_secretstream_xchacha20poly1305_ABYTES;
	unsigned char pre[BUNDLE_PREAMBLE];
	bool first = r->n == BUNDLE_PREAMBLE;

	ck_assert_uint_lt(r->n + 4 + c, sizeof r->p);
	crypto_generichash_update(&r->th, l, 4);
	crypto_generichash_update(&r->th, pt, len);
	memcpy(pre, r->p, sizeof pre);
	r->p[r->n] = (unsigned char)c;
	r->p[r->n + 1] = (unsigned char)(c >> 8);
	r->p[r->n + 2] = (unsigned char)(c >> 16);
	r->p[r->n + 3] = (unsigned char)(c >> 24);
	crypto_secretstream_xchacha20poly1305_push(
		&r->ss, r->p + r->n + 4, NULL, pt, len, first ? pre : NULL, first ? sizeof pre : 0,
		final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
		      : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	r->n += 4 + c;
}

static void raw_header(struct raw *r, const identity *from, const identity *to, long long count)
{
	char f[65], fb[65], t[65], tb[65], h[1024];

	sodium_bin2hex(f, sizeof f, identity_pub(from)->sign_pk, 32);
	sodium_bin2hex(fb, sizeof fb, identity_pub(from)->box_pk, 32);
	sodium_bin2hex(t, sizeof t, identity_pub(to)->sign_pk, 32);
	sodium_bin2hex(tb, sizeof tb, identity_pub(to)->box_pk, 32);
	snprintf(h, sizeof h,
		 "H{\"reflect_bundle\":1,\"kind\":\"responses\",\"id\":\"000102030405060708090a0b0c0d0e0f\","
		 "\"created\":1700000000,\"from\":{\"name\":\"Sam\",\"sign_pk\":\"%s\",\"box_pk\":\"%s\"},"
		 "\"to\":{\"sign_pk\":\"%s\",\"box_pk\":\"%s\"},\"count\":%lld}",
		 f, fb, t, tb, count);
	raw_frame(r, h, strlen(h), false);
}

static void raw_response(struct raw *r, const char *text)
{
	unsigned char f[256] = {'R', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0};
	size_t n = strlen(text);

	memcpy(f + 17, text, n);
	raw_frame(r, f, 17 + n, false);
}

static void raw_sign(struct raw *r, const identity *signer)
{
	unsigned char msg[sizeof "reflect bundle signature v1" + crypto_generichash_BYTES];
	unsigned char s[1 + IDENTITY_SIGBYTES] = {'S'};

	memcpy(msg, "reflect bundle signature v1", sizeof "reflect bundle signature v1");
	crypto_generichash_final(&r->th, msg + sizeof "reflect bundle signature v1",
				 crypto_generichash_BYTES);
	identity_sign(signer, msg, sizeof msg, s + 1);
	raw_frame(r, s, sizeof s, true);
}

START_TEST(a_hand_made_bundle_opens)
{
	identity *sam = seeded(2, "Sam"), *ana = seeded(1, "Ana");
	struct raw r;

	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 1);
	raw_response(&r, "hello");
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_INTACT);
	identity_free(&sam);
	identity_free(&ana);
}
END_TEST

START_TEST(hostile_sizes_and_counts_are_refused_first)
{
	identity *sam = seeded(2, "Sam"), *ana = seeded(1, "Ana");
	struct raw r;
	size_t len;
	unsigned char *data;

	/* a count past the limit, signed and all */
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, BUNDLE_COUNT_MAX + 1);
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_TOO_BIG);
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 9223372036854775807LL);
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_TOO_BIG);
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, -1);
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_ALTERED);

	/* a frame length of 4 GiB in a small file */
	data = entries_bundle(sam, ana, 1, &len);
	memset(data + BUNDLE_PREAMBLE, 0xff, 4);
	ck_assert_int_eq(open_why(data, len, ana), BUNDLE_TOO_BIG);
	free(data);
	ck_assert_int_eq(bundle_write(sam, identity_pub(ana), BUNDLE_RESPONSES, NULL,
				      BUNDLE_COUNT_MAX + 1, NULL, BUNDLE_COUNT_MAX + 1, NULL, &data,
				      &len),
			 RF_ERR_TOO_BIG);
	identity_free(&sam);
	identity_free(&ana);
}
END_TEST

START_TEST(forged_incomplete_or_padded_bundles_are_refused)
{
	identity *sam = seeded(2, "Sam"), *ana = seeded(1, "Ana"), *eve = seeded(9, "Sam");
	struct raw r;

	/* signed by someone other than the key it names */
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 1);
	raw_response(&r, "hello");
	raw_sign(&r, eve);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_BAD_SIGNATURE);
	/* the signature where an item should be */
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 2);
	raw_response(&r, "hello");
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_ALTERED);
	/* one item more than the header says */
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 1);
	raw_response(&r, "hello");
	raw_response(&r, "again");
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_ALTERED);
	/* bytes after the end */
	raw_begin(&r, ana);
	raw_header(&r, sam, ana, 1);
	raw_response(&r, "hello");
	raw_sign(&r, sam);
	r.p[r.n++] = 0;
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_ALTERED);
	/* the header names another recipient (sealed to ana all the same) */
	raw_begin(&r, ana);
	raw_header(&r, sam, eve, 1);
	raw_response(&r, "hello");
	raw_sign(&r, sam);
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_NOT_FOR_ME);
	/* not a bundle, or a newer one */
	ck_assert_int_eq(open_why((const unsigned char *)"hello", 5, ana), BUNDLE_NOT_BUNDLE);
	raw_begin(&r, ana);
	r.p[8] = 3; /* version 2 is a group bundle */
	ck_assert_int_eq(open_why(r.p, r.n, ana), BUNDLE_TOO_NEW);
	identity_free(&sam);
	identity_free(&ana);
	identity_free(&eve);
}
END_TEST

/* ---- through journals ---- */

struct pair {
	journal *a, *b; /* a practitioner, a supervisor */
	identity *ia, *ib;
};

static void pair_open(struct pair *p, bool pin)
{
	identity_add_result res;

	p->a = tu_journal("ana.db");
	p->b = tu_journal("sam.db");
	ck_assert_int_eq(identity_ensure(p->a, &p->ia), RF_OK);
	ck_assert_int_eq(identity_ensure(p->b, &p->ib), RF_OK);
	ck_assert_int_eq(identity_set_name(p->a, p->ia, "Ana"), RF_OK);
	ck_assert_int_eq(identity_set_name(p->b, p->ib, "Sam"), RF_OK);
	ck_assert_int_eq(identity_contact_add(p->a, "Sam", identity_pub(p->ib), true, &res, NULL),
			 RF_OK);
	if (pin)
		ck_assert_int_eq(
			identity_contact_add(p->b, "Ana", identity_pub(p->ia), true, &res, NULL),
			RF_OK);
}

static void pair_close(struct pair *p)
{
	journal_close(&p->a);
	journal_close(&p->b);
	identity_free(&p->ia);
	identity_free(&p->ib);
	tu_cleanup();
}

static int64_t add_entry(journal *j, const char *text, bool flagged)
{
	entry *e = an_entry(0, text);

	e->id = 0;
	e->for_supervision = flagged;
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	int64_t id = e->id;
	entry_free(&e);
	return id;
}

static share_outgoing *share_to(journal *j, const identity *me, const char *to)
{
	share_outgoing *o = NULL;

	ck_assert_int_eq(share_prepare_entries(j, me, &to, 1, NULL, 0, false, &o, NULL), RF_OK);
	ck_assert_int_eq(share_record(j, o), RF_OK);
	return o;
}

static size_t held_count(journal *j)
{
	share_held *v = NULL;
	size_t n = 0;

	ck_assert_int_eq(share_held_list(j, NULL, NULL, &v, &n), RF_OK);
	share_held_list_free(&v, n);
	return n;
}

static int count_item(int64_t id, const char *data, size_t len, void *ctx)
{
	(void)id;
	(void)data;
	(void)len;
	(*(int *)ctx)++;
	return 0;
}

static int items_of(journal *j, const char *kind)
{
	int n = 0;

	ck_assert_int_eq(journal_item_each(j, kind, count_item, &n), RF_OK);
	return n;
}

START_TEST(a_share_and_its_response_go_round)
{
	struct pair p;
	share_outgoing *o, *back = NULL;
	share_receipt r;
	bundle_reject why;
	share_held *v = NULL;
	size_t n = 0;
	entry *e = NULL;
	int64_t flagged, other;
	rf_detail d;

	pair_open(&p, true);
	flagged = add_entry(p.a, "the baby turned away when mum raised her voice", true);
	other = add_entry(p.a, "a private entry", false);
	{
		int64_t twice[] = {flagged, other, flagged};
		const char *sam_name = "Sam", *nobody = "Nobody";
		share_outgoing *t = NULL;
		ck_assert_int_eq(share_prepare_entries(p.a, p.ia, &sam_name, 1, twice, 3, false, &t, NULL), RF_OK);
		ck_assert_uint_eq(t->n, 2);
		share_outgoing_free(&t);
		twice[1] = 9999;
		ck_assert_int_eq(share_prepare_entries(p.a, p.ia, &sam_name, 1, twice, 3, false, &t, &d),
				 RF_ERR_NOT_FOUND);
		ck_assert_ptr_null(t);
		ck_assert_int_eq(share_prepare_entries(p.a, p.ia, &nobody, 1, NULL, 0, false, &t, &d),
				 RF_ERR_NOT_FOUND);
	}
	o = share_to(p.a, p.ia, "Sam");
	ck_assert_uint_eq(o->n, 1);
	ck_assert_int_eq(o->entries[0], flagged);

	ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why), RF_OK);
	ck_assert_int_eq(r.kind, BUNDLE_ENTRIES);
	ck_assert_str_eq(r.from, "Ana");
	ck_assert_uint_eq(r.added, 1);
	ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why), RF_ERR_REJECTED);
	ck_assert_int_eq(why, BUNDLE_REPLAY);
	ck_assert_int_eq(share_held_list(p.b, "Ana", NULL, &v, &n), RF_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].entry_id, flagged);
	ck_assert_str_eq(v[0].e->notice_text, "the baby turned away when mum raised her voice");
	ck_assert(!tu_file_contains(tu_path("sam.db"), "mum raised"));
	ck_assert(!tu_file_contains(tu_path("sam.db-wal"), "mum raised"));

	ck_assert_int_eq(share_respond(p.b, v[0].item, "  I wonder what she was telling you.\n",
				       NULL),
			 RF_OK);
	ck_assert_int_eq(share_respond(p.b, v[0].item, "   ", NULL), RF_ERR_INVALID);
	ck_assert_int_eq(share_respond(p.b, v[0].item, "a \x1b[2J b", NULL), RF_ERR_INVALID);
	ck_assert_int_eq(share_respond(p.b, v[0].item, "Two lines,\r\nfrom Windows.\r\n", NULL),
			 RF_OK);
	ck_assert_int_eq(share_prepare_responses(p.b, p.ib, "Ana", false, &back, &d), RF_OK);
	ck_assert_int_eq(share_record(p.b, back), RF_OK);
	share_outgoing_free(&back);
	/* sent already: nothing new, unless all are asked for */
	ck_assert_int_eq(share_prepare_responses(p.b, p.ib, "Ana", false, &back, &d), RF_ERR_INVALID);
	ck_assert_int_eq(share_prepare_responses(p.b, p.ib, "Ana", true, &back, &d), RF_OK);

	ck_assert_int_eq(share_receive(p.a, p.ia, back->data, back->len, &r, &why), RF_OK);
	ck_assert_uint_eq(r.added, 2);
	ck_assert_int_eq(journal_get(p.a, flagged, &e), RF_OK);
	ck_assert_uint_eq(e->nresponses, 2);
	ck_assert_str_eq(e->responses[0].from, "Sam");
	ck_assert_str_eq(e->responses[0].text, "I wonder what she was telling you.");
	ck_assert_str_eq(e->responses[1].text, "Two lines,\nfrom Windows.");
	entry_free(&e);
	ck_assert_int_eq(journal_get(p.a, other, &e), RF_OK);
	ck_assert_uint_eq(e->nresponses, 0);
	entry_free(&e);
	share_outgoing_free(&back);

	share_held_list_free(&v, n);
	share_outgoing_free(&o);
	pair_close(&p);
}
END_TEST

START_TEST(a_flipped_bundle_changes_nothing_in_the_journal)
{
	struct pair p;
	share_outgoing *o;
	share_receipt r;
	bundle_reject why;

	pair_open(&p, true);
	add_entry(p.a, "short", true);
	o = share_to(p.a, p.ia, "Sam");
	for (size_t i = 0; i < o->len; i++) {
		o->data[i] ^= 0x20;
		ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why),
				 RF_ERR_REJECTED);
		o->data[i] ^= 0x20;
	}
	ck_assert_uint_eq(held_count(p.b), 0);
	ck_assert_int_eq(items_of(p.b, "bundle-seen"), 0);
	ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why), RF_OK);
	ck_assert_uint_eq(held_count(p.b), 1);
	share_outgoing_free(&o);
	pair_close(&p);
}
END_TEST

START_TEST(unknown_and_changed_senders_are_refused)
{
	struct pair p;
	share_outgoing *o;
	share_receipt r;
	bundle_reject why;
	identity *impostor = seeded(42, "Ana");
	unsigned char *data = NULL;
	size_t len = 0;
	entry *e = an_entry(1, "forged");
	identity_add_result res;

	pair_open(&p, false);
	add_entry(p.a, "for supervision", true);
	o = share_to(p.a, p.ia, "Sam");
	/* Sam has not pinned Ana */
	ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why), RF_ERR_REJECTED);
	ck_assert_int_eq(why, BUNDLE_UNKNOWN_SENDER);
	ck_assert_str_eq(r.from, "Ana");
	ck_assert_int_eq(identity_contact_add(p.b, "Ana", identity_pub(p.ia), false, &res, NULL),
			 RF_OK);
	/* someone else calling themselves Ana, with their own keys */
	ck_assert_int_eq(bundle_write(impostor, identity_pub(p.ib), BUNDLE_ENTRIES, &e, 1, NULL, 0,
				      NULL, &data, &len),
			 RF_OK);
	ck_assert_int_eq(share_receive(p.b, p.ib, data, len, &r, &why), RF_ERR_REJECTED);
	ck_assert_int_eq(why, BUNDLE_CHANGED_KEY);
	ck_assert_str_eq(r.from, "Ana");
	/* a changed card waiting for verification does not let its key in either */
	ck_assert_int_eq(identity_contact_add(p.b, "Ana", identity_pub(impostor), false, &res, NULL),
			 RF_ERR_REJECTED);
	ck_assert_int_eq(share_receive(p.b, p.ib, data, len, &r, &why), RF_ERR_REJECTED);
	ck_assert_int_eq(why, BUNDLE_CHANGED_KEY);
	ck_assert_uint_eq(held_count(p.b), 0);
	ck_assert_int_eq(items_of(p.b, "bundle-seen"), 0);
	/* the real one still comes in */
	ck_assert_int_eq(share_receive(p.b, p.ib, o->data, o->len, &r, &why), RF_OK);
	ck_assert_uint_eq(held_count(p.b), 1);
	free(data);
	entry_free(&e);
	identity_free(&impostor);
	share_outgoing_free(&o);
	pair_close(&p);
}
END_TEST

START_TEST(responses_only_attach_to_entries_shared_with_the_sender)
{
	struct pair p;
	share_receipt r;
	bundle_reject why;
	int64_t shared, never;
	share_outgoing *o;
	bundle_response resp[2];
	unsigned char *data = NULL;
	size_t len = 0;
	entry *e = NULL;

	pair_open(&p, true);
	shared = add_entry(p.a, "shared", true);
	never = add_entry(p.a, "never shared", false);
	o = share_to(p.a, p.ia, "Sam");
	resp[0] = (bundle_response){shared, 1700000000, "on the shared one"};
	resp[1] = (bundle_response){never, 1700000000, "on one never shared"};
	ck_assert_int_eq(bundle_write(p.ib, identity_pub(p.ia), BUNDLE_RESPONSES, NULL, 0, resp, 2,
				      NULL, &data, &len),
			 RF_OK);
	ck_assert_int_eq(share_receive(p.a, p.ia, data, len, &r, &why), RF_OK);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_uint_eq(r.unmatched, 1);
	ck_assert_int_eq(journal_get(p.a, never, &e), RF_OK);
	ck_assert_uint_eq(e->nresponses, 0);
	entry_free(&e);
	free(data);
	share_outgoing_free(&o);
	pair_close(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bundle");
	TCase *tc = tcase_create("bundle");
	SRunner *sr;
	int failed;

	if (sodium_init() < 0)
		return 1;
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, entries_and_responses_round_trip);
	tcase_add_test(tc, every_single_byte_flip_is_refused);
	tcase_add_test(tc, truncation_anywhere_is_refused);
	tcase_add_test(tc, reordered_or_missing_frames_are_refused);
	tcase_add_test(tc, a_bundle_for_someone_else_is_refused);
	tcase_add_test(tc, a_group_bundle_opens_for_each_member_only);
	tcase_add_test(tc, a_hand_made_bundle_opens);
	tcase_add_test(tc, hostile_sizes_and_counts_are_refused_first);
	tcase_add_test(tc, forged_incomplete_or_padded_bundles_are_refused);
	tcase_add_test(tc, a_share_and_its_response_go_round);
	tcase_add_test(tc, a_flipped_bundle_changes_nothing_in_the_journal);
	tcase_add_test(tc, unknown_and_changed_senders_are_refused);
	tcase_add_test(tc, responses_only_attach_to_entries_shared_with_the_sender);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
