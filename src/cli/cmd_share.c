/* cmd_share.c - sharing for supervision: 'reflect id', 'contact', 'share', 'receive', 'respond',
 * and the --shared views of list and show. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "reflect/i18n.h"
#include "reflect/bundle.h"
#include "reflect/cli.h"
#include "reflect/export.h"
#include "reflect/identity.h"
#include "reflect/share.h"
#include "reflect/text.h"

static void day_of(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		memcpy(out, "----------", 11);
}

/* Write len bytes to path atomically (a 0600 temporary beside it, fsync, rename), replacing
 * what is there: the callers have already asked. */
static rf_status write_file(const char *path, const unsigned char *data, size_t len)
{
	export_file *f = NULL;
	rf_status st = export_file_open(path, true, &f);

	if (st != RF_OK)
		return st;
	if (len > 0 && fwrite(data, 1, len, export_file_stream(f)) != len) {
		export_file_abort(&f);
		return RF_ERR_IO;
	}
	return export_file_commit(&f);
}

/* Unlock and load the journal's identity. */
static int open_with_identity(const cli_global *g, journal **j, identity **id)
{
	rf_status st;
	int rc = cli_unlock(g, j);

	*id = NULL;
	if (rc != EXIT_DONE)
		return rc;
	if (cli_records_may_be_hidden(*j)) {
		/* the identity record may be hidden: never make a new one in its place */
		fputs(_("reflect: the journal is damaged, so this journal's identity may be hidden; "
			"nothing was done. Run 'reflect check'.\n"),
		      stderr);
		journal_close(j);
		return EXIT_DAMAGED;
	}
	st = identity_ensure(*j, id);
	if (st != RF_OK) {
		journal_close(j);
		return cli_fail(st, "%s", _("could not read this journal's identity"));
	}
	return EXIT_DONE;
}

/* ---- reflect id ---- */

int cmd_id(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"fingerprint", no_argument, NULL, 'f'},
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	bool fpr_only = false;
	const char *name = NULL;
	journal *j = NULL;
	identity *id = NULL;
	char *card = NULL;
	rf_status st;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f')
			fpr_only = true;
		else if (opt == 'n')
			name = optarg;
		else
			return cli_usage("id", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage("id", _("unexpected '%s'"), argv[optind]);
	if (name != NULL && name[0] != '\0' && !identity_name_valid(name))
		return cli_usage("id", _("a name is 1 to %d bytes of text on one line"),
				 IDENTITY_NAME_MAX);
	if (name != NULL && name[0] != '\0' && cli_name_refused("id", name))
		return EXIT_USAGE;
	rc = open_with_identity(g, &j, &id);
	if (rc != EXIT_DONE)
		return rc;
	if (name != NULL) {
		st = identity_set_name(j, id, name);
		if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not change the name on your card"));
			goto out;
		}
	}
	if (fpr_only) {
		char fpr[IDENTITY_FPR_SIZE];
		identity_fingerprint(identity_pub(id), fpr);
		puts(fpr);
	} else {
		st = identity_card(id, &card);
		if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not make your contact card"));
			goto out;
		}
		fputs(card, stdout);
	}
out:
	free(card);
	identity_free(&id);
	journal_close(&j);
	return rc;
}

/* ---- reflect contact ---- */

static void print_changed(const char *name, const identity_public *old, const identity_public *now)
{
	char a[IDENTITY_FPR_SIZE], b[IDENTITY_FPR_SIZE];

	identity_fingerprint(old, a);
	identity_fingerprint(now, b);
	fprintf(stderr,
		_("reflect: the card for '%s' has changed, so it was not accepted.\n"
		"  pinned card: %s\n"
		"  new card:    %s\n"
		"This happens when someone sets up reflect again (a new computer, a new journal),\n"
		"and also when someone else pretends to be them. Call %s or meet them, ask them to\n"
		"read you their fingerprint ('reflect id --fingerprint'), and only if it matches the\n"
		"new card run:  reflect contact verify '%s'\n"),
		name, a, b, name, name);
}

static int contact_add(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"verified", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	bool verified = false;
	unsigned char *text = NULL;
	size_t len = 0;
	identity_public card;
	identity_contact c;
	identity_add_result res;
	journal *j = NULL;
	identity *me = NULL;
	rf_detail d = {0, 0, ""};
	char fpr[IDENTITY_FPR_SIZE];
	rf_status st;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'v')
			verified = true;
		else
			return cli_usage("contact", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage("contact", "%s", _("contact add takes a name and a card file (or - for "
					    "standard input)"));
	if (!identity_name_valid(argv[optind]))
		return cli_usage("contact", _("a contact's name is 1 to %d bytes of text on one line"),
				 IDENTITY_NAME_MAX);
	if (cli_name_refused("contact", argv[optind]))
		return EXIT_USAGE;
	st = cli_read_all(argv[optind + 1], IDENTITY_CARD_MAX, &text, &len);
	if (st == RF_ERR_TOO_BIG)
		return cli_fail(st, "%s", _("that is too long to be a contact card"));
	if (st != RF_OK)
		return cli_fail(st, _("could not read %s"), argv[optind + 1]);
	st = identity_card_parse((const char *)text, len, &card, &d);
	rcrypto_plain_free(&text, len);
	if (st != RF_OK) {
		fprintf(stderr, _("reflect: that is not a usable contact card: %s. Nothing was added.\n"),
			d.text);
		return st == RF_ERR_DAMAGED ? EXIT_DAMAGED : EXIT_FAILED;
	}
	rc = open_with_identity(g, &j, &me);
	if (rc != EXIT_DONE)
		return rc;
	if (identity_same_keys(identity_pub(me), &card)) {
		fputs(_("reflect: that is this journal's own card. Give it to your contact; add theirs "
		      "here.\n"),
		      stderr);
		rc = EXIT_FAILED;
		goto out;
	}
	st = identity_contact_add(j, argv[optind], &card, verified, &res, &c);
	identity_fingerprint(&card, fpr);
	switch (res) {
	case IDENTITY_ADDED:
		if (st != RF_OK)
			break;
		printf(_("Pinned %s's card. Fingerprint: %s\n"), c.name, fpr);
		if (!verified)
			printf(_("Not verified yet: read the fingerprint to each other by phone or in "
			       "person,\nthen run: reflect contact verify '%s'\n"),
			       c.name);
		break;
	case IDENTITY_UNCHANGED:
		printf(_("%s's card was pinned already; nothing changed.\n"), c.name);
		break;
	case IDENTITY_NOW_VERIFIED:
		printf(_("%s's card is now marked verified.\n"), c.name);
		break;
	case IDENTITY_CHANGED:
		if (st == RF_ERR_REJECTED) {
			print_changed(c.name, &c.card, &card);
			rc = EXIT_DAMAGED;
			goto out;
		}
		break;
	case IDENTITY_DUPLICATE:
		if (st == RF_ERR_EXISTS) {
			fprintf(stderr,
				_("reflect: that card is pinned already, as '%s'. Nothing was added.\n"),
				c.name);
			rc = EXIT_FAILED;
			goto out;
		}
		break;
	}
	if (st != RF_OK)
		rc = cli_fail(st, "%s", _("could not add the contact"));
out:
	identity_free(&me);
	journal_close(&j);
	return rc;
}

static int contact_list(int argc, char **argv, const cli_global *g)
{
	identity_contact *v = NULL;
	size_t n = 0;
	journal *j = NULL;
	rf_status st;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage("contact", "%s", _("contact list takes no arguments"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = identity_contact_list(j, &v, &n);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the contacts"));
		goto out;
	}
	if (n == 0)
		puts(_("No contacts yet. Add one with: reflect contact add NAME CARD-FILE"));
	for (size_t i = 0; i < n; i++) {
		char fpr[IDENTITY_FPR_SIZE], day[11];
		identity_fingerprint(&v[i].card, fpr);
		day_of(v[i].first_seen, day);
		printf(_("%s\t%s\t%s\tsince %s"), v[i].name, v[i].verified ? "verified" : "not verified",
		       fpr, day);
		if (v[i].has_pending)
			printf(_("\tcard changed: not trusted until 'reflect contact verify %s'"),
			       v[i].name);
		putchar('\n');
	}
out:
	free(v);
	journal_close(&j);
	return rc;
}

static int contact_verify(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"fingerprint", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *typed = NULL, *name;
	identity_contact c;
	journal *j = NULL;
	char fpr[IDENTITY_FPR_SIZE], question[256];
	rf_status st;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f')
			typed = optarg;
		else
			return cli_usage("contact", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage("contact", "%s", _("contact verify takes one name"));
	name = argv[optind];
	if (typed == NULL && !g->interactive) {
		fputs(_("reflect: give the fingerprint your contact read to you with --fingerprint "
		      "'XXXX XXXX ...'. Nothing was changed.\n"),
		      stderr);
		return EXIT_FAILED;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = identity_contact_find(j, name, &c);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no contact named '%s'; 'reflect contact list' "
				"shows them\n"),
			name);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the contacts"));
		goto out;
	}
	identity_fingerprint(c.has_pending ? &c.pending : &c.card, fpr);
	if (typed == NULL) {
		printf(c.has_pending ? _("%s's new card has this fingerprint:\n\n    %s\n\n")
				     : _("%s's card has this fingerprint:\n\n    %s\n\n"),
		       c.name, fpr);
		snprintf(question, sizeof question,
			 _("Did %s read you exactly this, by phone or in person?"), c.name);
		if (!cli_confirm(question)) {
			puts(_("Nothing was changed."));
			goto out;
		}
	}
	st = identity_contact_verify(j, name, typed, &c);
	if (st == RF_ERR_REJECTED) {
		fprintf(stderr,
			c.has_pending
				? _("reflect: that is not the fingerprint of %s's new card (%s). Nothing "
				    "was changed. If they read it to you and it differs, do not trust the "
				    "card: ask them to send it again.\n")
				: _("reflect: that is not the fingerprint of %s's card (%s). Nothing was "
				    "changed. If they read it to you and it differs, do not trust the "
				    "card: ask them to send it again.\n"),
			c.name, fpr);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not verify the contact"));
	} else {
		printf(_("%s's card is verified.\n"), c.name);
	}
out:
	journal_close(&j);
	return rc;
}

static int contact_remove(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	rf_status st;
	int rc;

	if (argc != 2 && !(argc == 3 && strcmp(argv[2], "--force") == 0))
		return cli_usage("contact", "%s", _("contact remove takes one name (and --force from a "
					    "script)"));
	if (argc == 2 && !cli_confirm(_("Forget this contact's card?"))) {
		fputs(_("reflect: give --force to remove a contact from a script. Nothing was "
		      "changed.\n"),
		      stderr);
		return EXIT_FAILED;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = identity_contact_remove(j, argv[1]);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no contact named '%s'\n"), argv[1]);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not remove the contact"));
	} else {
		printf(_("Forgot %s's card.\n"), argv[1]);
	}
	journal_close(&j);
	return rc;
}

int cmd_contact(int argc, char **argv, const cli_global *g)
{
	if (argc < 2)
		return cli_usage("contact", "%s", _("say what to do: add, list, verify or remove"));
	if (strcmp(argv[1], "add") == 0)
		return contact_add(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "list") == 0)
		return contact_list(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "verify") == 0)
		return contact_verify(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "remove") == 0)
		return contact_remove(argc - 1, argv + 1, g);
	return cli_usage("contact", _("there is no 'contact %s'; use add, list, verify or remove"),
			 argv[1]);
}

/* ---- reflect share ---- */

int cmd_share(int argc, char **argv, const cli_global *g)
{
	enum { O_TO = CLI_OPT_FIRST_FREE, O_FLAGGED, O_ENTRY, O_RESPONSES, O_ALL, O_FORCE };
	static const struct option opts[] = {
		{"to", required_argument, NULL, O_TO},
		{"flagged", no_argument, NULL, O_FLAGGED},
		{"entry", required_argument, NULL, O_ENTRY},
		{"responses", no_argument, NULL, O_RESPONSES},
		{"all", no_argument, NULL, O_ALL},
		{"force", no_argument, NULL, O_FORCE},
		{NULL, 0, NULL, 0},
	};
	const char *to = NULL, *path = NULL;
	bool flagged = false, responses = false, all = false, force = false;
	int64_t *ids = NULL;
	size_t nids = 0;
	journal *j = NULL;
	identity *me = NULL;
	share_outgoing *o = NULL;
	identity_contact c;
	rf_detail d = {0, 0, ""};
	rf_status st;
	int opt, rc = EXIT_DONE, modes;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		int64_t id, *p;
		switch (opt) {
		case O_TO:
			to = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case O_FLAGGED:
			flagged = true;
			break;
		case O_RESPONSES:
			responses = true;
			break;
		case O_ALL:
			all = true;
			break;
		case O_FORCE:
			force = true;
			break;
		case O_ENTRY:
			if (!cli_parse_id(optarg, &id)) {
				free(ids);
				return cli_usage("share", "%s", _("--entry takes an entry id, as 'reflect list' "
							  "shows"));
			}
			if (nids >= BUNDLE_COUNT_MAX ||
			    (p = realloc(ids, (nids + 1) * sizeof *ids)) == NULL) {
				free(ids);
				return cli_fail(RF_ERR_NOMEM, NULL);
			}
			ids = p;
			ids[nids++] = id;
			break;
		default:
			free(ids);
			return cli_usage("share", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	/* entry ids may also follow --entry as plain words: --entry 3 5 8 */
	for (; optind < argc && nids > 0; optind++) {
		int64_t id, *p;
		if (!cli_parse_id(argv[optind], &id))
			break;
		if (nids >= BUNDLE_COUNT_MAX || (p = realloc(ids, (nids + 1) * sizeof *ids)) == NULL) {
			free(ids);
			return cli_fail(RF_ERR_NOMEM, NULL);
		}
		ids = p;
		ids[nids++] = id;
	}
	modes = flagged + responses + (nids > 0);
	if (optind < argc)
		rc = cli_usage("share", _("unexpected '%s'"), argv[optind]);
	else if (to == NULL)
		rc = cli_usage("share", "%s", _("say who it is for with --to NAME (a contact's name)"));
	else if (modes != 1)
		rc = cli_usage("share", "%s", _("choose one of --flagged, --entry ID ... or --responses"));
	else if (all && !responses)
		rc = cli_usage("share", "%s", _("--all goes with --responses"));
	else if (path == NULL)
		rc = cli_usage("share", "%s", _("say where to write the bundle with -o FILE"));
	if (rc != EXIT_DONE)
		goto out;
	if (access(path, F_OK) == 0 && !force && !cli_confirm(_("That file exists. Replace it?"))) {
		fprintf(stderr, _("reflect: %s exists; give --force to replace it. Nothing was written.\n"),
			path);
		rc = EXIT_FAILED;
		goto out;
	}
	rc = open_with_identity(g, &j, &me);
	if (rc != EXIT_DONE)
		goto out;
	if (responses)
		st = share_prepare_responses(j, me, to, all, &o, &d);
	else
		st = share_prepare_entries(j, me, to, nids ? ids : NULL, nids, &o, &d);
	if (st != RF_OK) {
		if (d.text[0] != '\0') {
			fprintf(stderr, _("reflect: %s. Nothing was written.\n"), d.text);
			rc = st == RF_ERR_REJECTED ? EXIT_DAMAGED : EXIT_FAILED;
		} else {
			rc = cli_fail(st, "%s", _("could not make the bundle"));
		}
		goto out;
	}
	st = write_file(path, o->data, o->len);
	if (st != RF_OK) {
		rc = cli_fail(st, _("could not write %s"), path);
		goto out;
	}
	st = share_record(j, o);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("the bundle is written, but the share could not be logged"));
		goto out;
	}
	if (o->kind == BUNDLE_ENTRIES)
		printf(ngettext("Shared %zu entry with %s in %s.\n",
			 "Shared %zu entries with %s in %s.\n", o->n), o->n, o->to,
		       path);
	else
		printf(ngettext("Wrote %zu response for %s in %s.\n",
			 "Wrote %zu responses for %s in %s.\n", o->nitems), o->nitems,
		       o->to, path);
	puts(_("Only they can open it. Send it however your agency shares files."));
	if (identity_contact_find(j, to, &c) == RF_OK && !c.verified)
		fprintf(stderr,
			_("reflect: note: %s's card is not verified yet. Read your fingerprints to each "
			"other, then run 'reflect contact verify %s'.\n"),
			to, to);
out:
	free(ids);
	share_outgoing_free(&o);
	identity_free(&me);
	journal_close(&j);
	return rc;
}

/* ---- reflect receive ---- */

static int refuse(const char *path, bundle_reject why, const share_receipt *r)
{
	fprintf(stderr, _("reflect: refused %s: %s.\n"), path, _(bundle_reject_message(why)));
	switch (why) {
	case BUNDLE_UNKNOWN_SENDER:
		fprintf(stderr,
			_("It says it is from '%s', key fingerprint %s. If you expect it, add their "
			"card with 'reflect contact add NAME CARD-FILE', check the fingerprint with "
			"them, and receive it again.\n"),
			r->from, r->fingerprint);
		break;
	case BUNDLE_CHANGED_KEY:
		fprintf(stderr,
			_("It names your contact '%s' but is signed with a different key (fingerprint "
			"%s). Call them or meet them: if they set up reflect again, ask for their new "
			"card, add it with 'reflect contact add', verify it with 'reflect contact "
			"verify', then receive this again.\n"),
			r->from, r->fingerprint);
		break;
	case BUNDLE_NOT_FOR_ME:
		fputs(_("Ask the sender to make it for this journal's card ('reflect id').\n"), stderr);
		break;
	case BUNDLE_TRUNCATED:
	case BUNDLE_REORDERED:
	case BUNDLE_ALTERED:
		fputs(_("Ask the sender to send it again.\n"), stderr);
		break;
	default:
		break;
	}
	fputs(_("Nothing was imported; the journal is unchanged.\n"), stderr);
	return EXIT_DAMAGED;
}

int cmd_receive(int argc, char **argv, const cli_global *g)
{
	unsigned char *data = NULL;
	size_t len = 0;
	journal *j = NULL;
	identity *me = NULL;
	share_receipt r;
	bundle_reject why = BUNDLE_INTACT;
	rf_status st;
	int rc;

	if (argc != 2)
		return cli_usage("receive", "%s", _("receive takes one bundle file"));
	st = cli_read_all(argv[1], BUNDLE_FILE_MAX, &data, &len);
	if (st == RF_ERR_TOO_BIG) {
		memset(&r, 0, sizeof r);
		return refuse(argv[1], BUNDLE_TOO_BIG, &r);
	}
	if (st != RF_OK)
		return cli_fail(st, _("could not read %s"), argv[1]);
	rc = open_with_identity(g, &j, &me);
	if (rc != EXIT_DONE)
		goto out;
	st = share_receive(j, me, data, len, &r, &why);
	if (st == RF_ERR_REJECTED) {
		rc = refuse(argv[1], why, &r);
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, _("could not receive %s; nothing was imported"), argv[1]);
		goto out;
	}
	if (r.kind == BUNDLE_ENTRIES) {
		printf(ngettext("Received %zu new entry from %s",
			 "Received %zu new entries from %s", r.added), r.added, r.from);
		if (r.updated)
			printf(ngettext(" and %zu newer copy of entries received before",
			 " and %zu newer copies of entries received before", r.updated), r.updated);
		printf(_(".\nSee them with: reflect list --shared --from '%s'\n"), r.from);
		if (r.older)
			printf(ngettext("%zu entry in it is older than the copy received before; the newer "
					"copy was kept.\n",
					"%zu entries in it are older than the copies received before; the "
					"newer copies were kept.\n",
					r.older),
			       r.older);
	} else {
		printf(ngettext("Received %zu response from %s",
			 "Received %zu responses from %s", r.added), r.added, r.from);
		if (r.skipped)
			printf(_(" (%zu were here already)"), r.skipped);
		puts(_(". 'reflect show ID' shows each beside its entry."));
		if (r.unmatched)
			printf(ngettext("%zu response answer entries that are no longer in this journal or were not shared with %s; they were not kept.\n",
			 "%zu responses answer entries that are no longer in this journal or were not shared with %s; they were not kept.\n", r.unmatched),
			       r.unmatched, r.from);
	}
	if (!r.from_verified)
		fprintf(stderr,
			_("reflect: note: %s's card is not verified yet. Read your fingerprints to each "
			"other, then run 'reflect contact verify %s'.\n"),
			r.from, r.from);
out:
	rcrypto_plain_free(&data, len);
	identity_free(&me);
	journal_close(&j);
	return rc;
}

/* ---- reflect respond ---- */

int cmd_respond(int argc, char **argv, const cli_global *g)
{
	unsigned char *text = NULL;
	size_t len = 0;
	journal *j = NULL;
	share_held h;
	int64_t id;
	rf_status st;
	int rc;

	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage("respond", "%s", _("respond takes the id of a shared entry, as 'reflect list "
					    "--shared' shows; the response is read from standard input"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = share_held_get(j, id, &h);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no shared entry %lld; 'reflect list --shared' "
				"shows them\n"),
			(long long)id);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, _("could not read shared entry %lld"), (long long)id);
		goto out;
	}
	entry_free(&h.e);
	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("Your response to %s (end with Ctrl-D on a line of its own):\n"),
			h.from);
	st = cli_read_all("-", 64 * 1024, &text, &len);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the response"));
		goto out;
	}
	if (strlen((char *)text) != len) {
		rc = cli_usage("respond", "%s", _("the response is not text"));
		goto out;
	}
	st = share_respond(j, id, (const char *)text, NULL);
	if (st == RF_ERR_INVALID) {
		fputs(_("reflect: the response is empty or is not readable text; nothing was saved.\n"),
		      stderr);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not save the response"));
	} else {
		printf(_("Saved your response for %s. Send it with: reflect share --responses --to '%s' "
		       "-o FILE\n"),
		       h.from, h.from);
	}
out:
	rcrypto_plain_free(&text, len);
	journal_close(&j);
	return rc;
}

/* ---- list --shared, show --shared ---- */

int cli_list_shared(const cli_global *g, const entry_filter *f, const char *from, long limit)
{
	share_held *v = NULL;
	size_t n = 0;
	journal *j = NULL;
	rf_status st;
	int rc = cli_unlock(g, &j);

	if (rc != EXIT_DONE)
		return rc;
	st = share_held_list(j, from, f, &v, &n);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not list the shared entries"));
		goto out;
	}
	for (size_t i = 0; i < n && (limit <= 0 || (long)i < limit); i++) {
		const entry *e = v[i].e;
		const char *first = e->notice_text ? e->notice_text
				    : e->pause_text ? e->pause_text
				    : e->curious_text ? e->curious_text : "";
		char day[11], *ex = text_excerpt(first, 40);
		entry_day(e, day);
		printf("%lld\t%s\t%s\t%s\t%s", (long long)v[i].item, day, v[i].from,
		       e->family ? e->family : "-", ex ? ex : "");
		for (size_t k = 0; k < e->themes.n; k++)
			printf("%s%s", k ? ", " : "\t", e->themes.v[k]);
		if (v[i].nresponses)
			printf(ngettext("\t[%zu response]",
			 "\t[%zu responses]", v[i].nresponses), v[i].nresponses);
		putchar('\n');
		free(ex);
	}
out:
	share_held_list_free(&v, n);
	journal_close(&j);
	return rc;
}

static int show_shared(const cli_global *g, int64_t id)
{
	share_held h;
	share_response_out *ro = NULL;
	size_t nro = 0;
	journal *j = NULL;
	char day[11];
	rf_status st;
	int rc = cli_unlock(g, &j);

	if (rc != EXIT_DONE)
		return rc;
	st = share_held_get(j, id, &h);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no shared entry %lld; 'reflect list --shared' "
				"shows them\n"),
			(long long)id);
		rc = EXIT_FAILED;
		goto out;
	}
	if (st != RF_OK) {
		rc = cli_fail(st, _("could not read shared entry %lld"), (long long)id);
		goto out;
	}
	day_of(h.received, day);
	printf(_("Shared by %s (their entry %lld), received %s\n\n"), h.from, (long long)h.entry_id,
	       day);
	cli_print_entry(stdout, h.e);
	entry_free(&h.e);
	st = share_responses_out(j, id, &ro, &nro);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read your responses"));
		goto out;
	}
	for (size_t i = 0; i < nro; i++) {
		char at[11], sent[11];
		day_of(ro[i].at, at);
		day_of(ro[i].sent, sent);
		printf(_("\nYOUR RESPONSE, %s (%s%s)\n"), at, ro[i].sent ? "sent " : "not sent yet",
		       ro[i].sent ? sent : "");
		for (const char *p = ro[i].text; *p;) {
			const char *nl = strchr(p, '\n');
			size_t k = nl ? (size_t)(nl - p) : strlen(p);
			printf("  %.*s\n", (int)k, p);
			p += k + (nl ? 1 : 0);
		}
	}
out:
	share_responses_out_free(&ro, nro);
	journal_close(&j);
	return rc;
}

int cli_show_shared(int argc, char **argv, const cli_global *g)
{
	int64_t id;

	if (argc != 3 || !cli_parse_id(argv[2], &id))
		return cli_usage("show", "%s", _("show --shared takes one id, as 'reflect list --shared' shows"));
	return show_shared(g, id);
}
