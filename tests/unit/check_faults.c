/* check_faults.c - every write path under failed writes, failed syncs, a full disk and simulated
 * crashes (through tests/unit/support/faultvfs): afterwards the file is intact, every record is
 * its old or its new version, the failing call said so, and nothing that was saved is lost. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "reflect/bundle.h"
#include "reflect/identity.h"
#include "reflect/journal.h"
#include "reflect/share.h"
#include "support/faultvfs.h"
#include "support/kdfmemo.h"
#include "support/testutil.h"

#define NEWPASS "a new passphrase for the journal"

/* What the loops tried, printed at the end for the figures. */
static unsigned points_tried;

/* ---- the journal every case starts from ---- */

static entry *make_entry(const char *notice, int64_t written)
{
	entry *e = entry_new();

	ck_assert_ptr_nonnull(e);
	e->written = written;
	entry_set(&e->visit_date, "2026-11-20");
	entry_set(&e->family, "F-12");
	entry_set(&e->pause_text, "I arrived tired, carrying the last visit with me.");
	entry_set(&e->notice_text, notice);
	strlist_add(&e->emotions, "tenderness");
	strlist_add(&e->themes, "repair");
	strlist_add(&e->questions, "What was the baby telling us?");
	e->activation = 6;
	return e;
}

/* The journal's identity, a supervisee pinned as a contact, and a bundle of two entries the
 * supervisee shared with this journal (tu_path("in.bundle")), for the receive path. */
static void make_bundle(journal *j)
{
	unsigned char seed[IDENTITY_SEEDBYTES], *data = NULL;
	identity *me = NULL, *sam = NULL;
	identity_add_result res;
	entry *v[2] = {make_entry("Shared: the baby slept on my lap.", 1795100000),
		       make_entry("Shared: a hard goodbye at the door.", 1795103600)};
	size_t len = 0;
	FILE *f;

	memset(seed, 0x22, sizeof seed);
	ck_assert_int_eq(identity_ensure(j, &me), RF_OK);
	ck_assert_int_eq(identity_from_seed(seed, "Sam", &sam), RF_OK);
	ck_assert_int_eq(identity_contact_add(j, "Sam", identity_pub(sam), true, &res, NULL), RF_OK);
	v[0]->id = 7;
	v[1]->id = 8;
	ck_assert_int_eq(bundle_write(sam, identity_pub(me), BUNDLE_ENTRIES, v, 2, NULL, 0, NULL,
				      &data, &len),
			 RF_OK);
	f = fopen(tu_path("in.bundle"), "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	free(data);
	identity_free(&me);
	identity_free(&sam);
	entry_free(&v[0]);
	entry_free(&v[1]);
}

static void make_base(void)
{
	journal *j = tu_journal("base.db");
	entry *a = make_entry("The baby turned toward her mother's voice.", 1795190700);
	entry *b = make_entry("Father held the baby close while we talked.", 1795194300);
	int64_t item = 0;

	ck_assert_int_eq(journal_add(j, a), RF_OK);
	ck_assert_int_eq(journal_add(j, b), RF_OK);
	ck_assert_int_eq(journal_item_put(j, "contact", &item, "{\"name\":\"Supervisor\"}", 21), RF_OK);
	entry_set(&a->notice_text, "A draft that was being written");
	ck_assert_int_eq(journal_draft_save(j, a), RF_OK);
	make_bundle(j);
	journal_close(&j);
	entry_free(&a);
	entry_free(&b);
}

static void base_setup(void)
{
	faultvfs_use(false);
	make_base();
	faultvfs_use(true);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;

	ck_assert_ptr_nonnull(in);
	out = fopen(to, "wb");
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* A fresh copy of the base journal at work.db (no WAL, no shm). */
static const char *fresh_work(void)
{
	char p[600];
	const char *work = tu_path("work.db");

	snprintf(p, sizeof p, "%s-wal", work);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", work);
	unlink(p);
	copy_file(tu_path("base.db"), work);
	return tu_path("work.db");
}

/* ---- what a journal holds, as one string ---- */

typedef struct sbuf {
	char *s;
	size_t n;
	FILE *f;
} sbuf;

static int snap_entry(const entry *e, void *ctx)
{
	char *json = entry_to_json(e, ENTRY_JSON_ID);

	ck_assert_ptr_nonnull(json);
	fprintf(((sbuf *)ctx)->f, "entry rev %lld %s\n", (long long)e->rev, json);
	entry_free_text(&json);
	return 0;
}

static int snap_item(int64_t id, const char *data, size_t len, void *ctx)
{
	fprintf(((sbuf *)ctx)->f, "item %lld %.*s\n", (long long)id, (int)len, data);
	return 0;
}

/* Records that hold the time they were made: their presence and size, not their bytes. */
static int snap_item_len(int64_t id, const char *data, size_t len, void *ctx)
{
	(void)data;
	fprintf(((sbuf *)ctx)->f, "item %lld (%zu bytes)\n", (long long)id, len);
	return 0;
}

/* Every entry (both halves), every item of the kinds used here, and the draft. */
static char *snapshot(journal *j)
{
	sbuf b = {0};
	entry *d = NULL;
	rf_status st;

	b.f = open_memstream(&b.s, &b.n);
	ck_assert_ptr_nonnull(b.f);
	ck_assert_int_eq(journal_each(j, NULL, true, snap_entry, &b), RF_OK);
	ck_assert_int_eq(journal_item_each(j, "contact", snap_item, &b), RF_OK);
	ck_assert_int_eq(journal_item_each(j, "shared", snap_item_len, &b), RF_OK);
	ck_assert_int_eq(journal_item_each(j, "share-log", snap_item_len, &b), RF_OK);
	ck_assert_int_eq(journal_item_each(j, "bundle-seen", snap_item_len, &b), RF_OK);
	st = journal_draft_load(j, &d);
	ck_assert_msg(st == RF_OK || st == RF_ERR_NOT_FOUND, "draft: %s", rf_status_name(st));
	if (d != NULL) {
		char *json = entry_to_json(d, ENTRY_JSON_ID);
		fprintf(b.f, "draft %s\n", json);
		entry_free_text(&json);
		entry_free(&d);
	}
	fclose(b.f);
	return b.s;
}

static bool integrity_ok(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	bool ok = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix") == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0 &&
		     sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok;
}

/* ---- the write paths ---- */

typedef struct op {
	const char *name;
	/* Make the change; *kept is what the person wrote (NULL when nothing), still theirs after
	 * the call whatever it returned. */
	rf_status (*run)(journal *j, entry **kept);
	bool passwd; /* the change is the passphrase: check which one opens */
} op;

static rf_status op_add(journal *j, entry **kept)
{
	*kept = make_entry("Mother sang; the baby quieted. I felt my shoulders drop.", 1795197900);
	return journal_add(j, *kept);
}

static rf_status op_update(journal *j, entry **kept)
{
	rf_status st = journal_get(j, 1, kept);

	if (st != RF_OK)
		return st;
	entry_set(&(*kept)->notice_text, "Edited: the baby turned toward her mother's voice, twice.");
	strlist_add(&(*kept)->themes, "attunement");
	return journal_update(j, *kept);
}

static rf_status op_delete(journal *j, entry **kept)
{
	*kept = NULL;
	return journal_delete(j, 2);
}

static rf_status op_passwd(journal *j, entry **kept)
{
	*kept = NULL;
	return journal_passwd(j, NEWPASS, strlen(NEWPASS), &(const rcrypto_level){RCRYPTO_INTERACTIVE});
}

static rf_status op_import(journal *j, entry **kept)
{
	entry *v[3];
	size_t added = 0, skipped = 0;
	rf_status st;

	v[0] = make_entry("Imported one: a long visit, the house was cold.", 1795100000);
	v[1] = make_entry("The baby turned toward her mother's voice.", 1795190700); /* already there */
	v[2] = make_entry("Imported two: grandmother joined us.", 1795000000);
	st = journal_import(j, v, 3, &added, &skipped);
	if (st == RF_OK) {
		ck_assert_uint_eq(added, 2);
		ck_assert_uint_eq(skipped, 1);
	}
	*kept = v[0];
	entry_free(&v[1]);
	entry_free(&v[2]);
	return st;
}

static rf_status op_draft(journal *j, entry **kept)
{
	*kept = make_entry("A newer draft, half a sentence in", 1795199000);
	return journal_draft_save(j, *kept);
}

static rf_status op_item_put(journal *j, entry **kept)
{
	int64_t id = 1;
	const char *card = "{\"name\":\"Supervisor\",\"verified\":true}";

	*kept = NULL;
	return journal_item_put(j, "contact", &id, card, strlen(card));
}

/* What receiving a bundle does: a sealed item and an entry change in one transaction. */
static rf_status op_receive(journal *j, entry **kept)
{
	int64_t id = 0;
	const char *shared = "{\"from\":\"Supervisor\",\"entry\":1}";
	rf_status st = journal_get(j, 1, kept);

	if (st != RF_OK)
		return st;
	st = journal_begin(j);
	if (st != RF_OK)
		return st;
	st = journal_item_put(j, "shared", &id, shared, strlen(shared));
	if (st == RF_OK)
		st = entry_add_response(*kept, "Supervisor", "2026-11-22T09:00:00Z",
					"What did you notice in your own body as she sang?");
	if (st == RF_OK)
		st = journal_update(j, *kept);
	if (st != RF_OK) {
		journal_rollback(j);
		return st;
	}
	return journal_commit(j);
}

/* share_receive on the bundle from make_bundle: checks, then two held entries and a log line
 * in one transaction. */
static rf_status op_share_receive(journal *j, entry **kept)
{
	unsigned char buf[65536];
	identity *me = NULL;
	share_receipt r;
	bundle_reject why;
	FILE *f = fopen(tu_path("in.bundle"), "rb");
	size_t len;
	rf_status st;

	*kept = NULL;
	if (f == NULL)
		return RF_ERR_IO;
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	st = identity_ensure(j, &me);
	if (st == RF_OK)
		st = share_receive(j, me, buf, len, &r, &why);
	identity_free(&me);
	return st;
}

static const op ops[] = {
	{"add", op_add, false},
	{"update", op_update, false},
	{"delete", op_delete, false},
	{"passwd", op_passwd, true},
	{"import", op_import, false},
	{"draft save", op_draft, false},
	{"item put", op_item_put, false},
	{"receive (item + update)", op_receive, false},
	{"share_receive (a bundle)", op_share_receive, false},
};

/* ---- one trial ---- */

typedef struct expect {
	char *old_snap, *new_snap;
	unsigned op_writes, op_syncs, op_points, all_points;
} expect;

static journal *open_work(const char *path, const char *pass)
{
	journal *j = NULL;
	rf_status st = journal_open(path, pass, strlen(pass), &j);

	ck_assert_msg(st == RF_OK, "open: %s", rf_status_name(st));
	return j;
}

/* Open the work file with the plain VFS and check it: intact, and its content old or new.
 * must_be_new when the change had been reported saved. */
static void verify(const op *o, const expect *x, bool must_be_new, const char *what)
{
	const char *path = tu_path("work.db");
	journal *j = NULL;
	rf_status st;
	char *snap;
	bool newpass = false;

	faultvfs_use(false);
	ck_assert_msg(integrity_ok(path), "%s: %s: integrity_check failed", o->name, what);
	st = journal_open(path, TU_PASS, strlen(TU_PASS), &j);
	if (o->passwd && st == RF_ERR_PASSPHRASE) {
		st = journal_open(path, NEWPASS, strlen(NEWPASS), &j);
		newpass = true;
	}
	ck_assert_msg(st == RF_OK, "%s: %s: the journal does not open: %s", o->name, what,
		      rf_status_name(st));
	ck_assert_msg(journal_check(j) == RF_OK, "%s: %s: check finds damage", o->name, what);
	snap = snapshot(j);
	if (o->passwd) {
		ck_assert_msg(!must_be_new || newpass, "%s: %s: a saved passphrase was lost", o->name,
			      what);
		ck_assert_str_eq(snap, x->old_snap);
	} else if (must_be_new) {
		ck_assert_msg(strcmp(snap, x->new_snap) == 0, "%s: %s: a reported save is missing",
			      o->name, what);
	} else {
		ck_assert_msg(strcmp(snap, x->old_snap) == 0 || strcmp(snap, x->new_snap) == 0,
			      "%s: %s: the journal is neither before nor after:\n%s", o->name, what,
			      snap);
	}
	free(snap);
	journal_close(&j);
	faultvfs_use(true);
}

/* What the person wrote is still intact in memory after a failed save. */
static void check_kept(const op *o, entry *kept, const char *want)
{
	char *json;

	if (kept == NULL || want == NULL)
		return;
	json = entry_to_json(kept, 0);
	ck_assert_msg(strcmp(json, want) == 0, "%s: the text in memory changed", o->name);
	entry_free_text(&json);
}

/* The person's entry as it should stay (without id and revision). */
static char *kept_json(const op *o)
{
	journal *j;
	entry *kept = NULL;
	char *json = NULL;

	faultvfs_use(false);
	j = open_work(fresh_work(), TU_PASS);
	ck_assert_int_eq(o->run(j, &kept), RF_OK);
	if (kept != NULL)
		json = entry_to_json(kept, 0);
	entry_free(&kept);
	journal_close(&j);
	faultvfs_use(true);
	return json;
}

static expect measure(const op *o)
{
	expect x = {0};
	journal *j;
	entry *kept = NULL;

	faultvfs_use(false);
	j = open_work(fresh_work(), TU_PASS);
	x.old_snap = snapshot(j);
	journal_close(&j);
	faultvfs_use(true);
	faultvfs_reset();
	j = open_work(tu_path("work.db"), TU_PASS);
	ck_assert_uint_eq(faultvfs_writes(), 0); /* opening writes nothing */
	faultvfs_count_from_here();
	ck_assert_int_eq(o->run(j, &kept), RF_OK);
	x.op_writes = faultvfs_writes();
	x.op_syncs = faultvfs_syncs();
	x.op_points = x.op_writes + x.op_syncs;
	journal_close(&j);
	x.all_points = faultvfs_writes() + faultvfs_syncs();
	entry_free(&kept);
	ck_assert_uint_gt(x.op_writes, 0);
	ck_assert_uint_gt(x.op_syncs, 0);
	j = open_work(tu_path("work.db"), o->passwd ? NEWPASS : TU_PASS);
	x.new_snap = snapshot(j);
	journal_close(&j);
	if (!o->passwd)
		ck_assert_str_ne(x.old_snap, x.new_snap);
	return x;
}

/* Fail the k-th write or sync (once or from then on) during the change. */
static void fault_trial(const op *o, const expect *x, const char *kept_want, fv_op what, unsigned k,
			bool persistent, int rc)
{
	journal *j;
	entry *kept = NULL;
	rf_status st;
	bool fired;
	char label[96];

	snprintf(label, sizeof label, "%s %u %s rc %d", what == FV_WRITE ? "write" : "sync", k,
		 persistent ? "from then on" : "once", rc);
	faultvfs_reset();
	j = open_work(fresh_work(), TU_PASS);
	faultvfs_count_from_here();
	faultvfs_fail(what, k, persistent, rc);
	st = o->run(j, &kept);
	fired = faultvfs_fired();
	points_tried++;
	if (fired) {
		/* The person is told the save failed, and why. */
		ck_assert_msg(st != RF_OK, "%s: %s: the fault was not reported", o->name, label);
		if (rc == SQLITE_FULL && persistent)
			ck_assert_msg(st == RF_ERR_FULL, "%s: %s: a full disk reported as %s", o->name,
				      label, rf_status_name(st));
		check_kept(o, kept, kept_want);
	} else {
		ck_assert_msg(st == RF_OK, "%s: %s: failed without a fault: %s", o->name, label,
			      rf_status_name(st));
	}
	entry_free(&kept);
	faultvfs_reset(); /* the disk recovers */
	if (fired && !persistent) {
		/* Saving again works on the same open journal. */
		st = o->run(j, &kept);
		ck_assert_msg(st == RF_OK, "%s: %s: saving again failed: %s", o->name, label,
			      rf_status_name(st));
		entry_free(&kept);
	}
	journal_close(&j);
	verify(o, x, !fired || !persistent, label);
}

/* Crash at the k-th write-or-sync point (during the change or the close after it). */
static void crash_trial(const op *o, const expect *x, unsigned k, fv_crash mode)
{
	static const char *const modes[] = {"dropped", "garbled", "mixed"};
	journal *j;
	entry *kept = NULL;
	rf_status st;
	char label[96];

	snprintf(label, sizeof label, "crash at point %u, unsynced writes %s", k, modes[mode]);
	faultvfs_reset();
	fresh_work();
	faultvfs_crash_at(k);
	j = open_work(tu_path("work.db"), TU_PASS);
	faultvfs_count_from_here();
	st = o->run(j, &kept);
	points_tried++;
	if (faultvfs_fired())
		ck_assert_msg(st != RF_OK, "%s: %s: the crash was not reported", o->name, label);
	entry_free(&kept);
	journal_close(&j);
	ck_assert_int_ge(faultvfs_crash_apply(mode, k * 7919u + (unsigned)mode), 1);
	verify(o, x, st == RF_OK, label);
}

static void run_op(const op *o)
{
	expect x = measure(o);
	char *want = kept_json(o);
	static const int write_rc[] = {SQLITE_IOERR_WRITE, SQLITE_FULL};

	for (unsigned k = 1; k <= x.op_writes + 1; k++)
		for (int p = 0; p < 2; p++)
			for (int r = 0; r < 2; r++)
				fault_trial(o, &x, want, FV_WRITE, k, p, write_rc[r]);
	for (unsigned k = 1; k <= x.op_syncs + 1; k++)
		for (int p = 0; p < 2; p++)
			fault_trial(o, &x, want, FV_SYNC, k, p, SQLITE_IOERR_FSYNC);
	for (unsigned k = 1; k <= x.all_points + 1; k++)
		for (int m = FV_DROP; m <= FV_MIXED; m++)
			crash_trial(o, &x, k, (fv_crash)m);
	fprintf(stderr, "faults: %-24s %2u writes %u syncs (+%u at close): %u trials so far\n",
		o->name, x.op_writes, x.op_syncs, x.all_points - x.op_points, points_tried);
	free(x.old_snap);
	free(x.new_snap);
	entry_free_text(&want);
}

START_TEST(every_write_path_survives_every_fault_point)
{
	run_op(&ops[_i]);
}
END_TEST

START_TEST(a_full_disk_while_adding_keeps_the_journal_and_says_so)
{
	journal *j;
	entry *e = make_entry("Written while the disk was full", 1795199999);
	size_t n = 0;

	char *before, *after, *want, *added;
	entry *got = NULL;

	faultvfs_reset();
	j = open_work(fresh_work(), TU_PASS);
	before = snapshot(j);
	faultvfs_fail(FV_WRITE, 1, true, SQLITE_FULL);
	ck_assert_int_eq(journal_add(j, e), RF_ERR_FULL);
	ck_assert_str_eq(e->notice_text, "Written while the disk was full");
	ck_assert_int_eq(e->id, 0);
	ck_assert_str_eq(rf_status_message(RF_ERR_FULL), "the disk is full; free some space and try again");
	/* Nothing changed: every entry, item and the draft as they were. */
	faultvfs_reset();
	after = snapshot(j);
	ck_assert_str_eq(after, before);
	free(after);
	/* Space comes back: the same entry saves, as the third, and only it is new. */
	ck_assert_int_eq(journal_add(j, e), RF_OK);
	ck_assert_int_eq(e->id, 3);
	ck_assert_int_eq(journal_count(j, &n), RF_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(journal_get(j, 3, &got), RF_OK);
	added = entry_to_json(got, ENTRY_JSON_ID);
	want = entry_to_json(e, ENTRY_JSON_ID);
	ck_assert_str_eq(added, want);
	entry_free_text(&added);
	entry_free_text(&want);
	entry_free(&got);
	ck_assert_int_eq(journal_delete(j, 3), RF_OK);
	after = snapshot(j);
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	journal_close(&j);
	entry_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");
	SRunner *sr;
	int failed;

	rcrypto_init();
	/* Thousands of opens and closes: on a memory file system they take seconds, not minutes
	 * (the crash model does not depend on the real disk). */
	if (access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	faultvfs_install();
	tcase_set_timeout(tc, 600);
	/* In the parent: every forked case starts from it, with the KDF remembered. */
	tcase_add_unchecked_fixture(tc, base_setup, NULL);
	tcase_add_loop_test(tc, every_write_path_survives_every_fault_point, 0,
			    (int)(sizeof ops / sizeof ops[0]));
	tcase_add_test(tc, a_full_disk_while_adding_keeps_the_journal_and_says_so);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tu_cleanup();
	return failed == 0 ? 0 : 1;
}
