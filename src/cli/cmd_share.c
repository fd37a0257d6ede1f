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
#include "reflect/deid.h"
#include "reflect/dates.h"
#include "reflect/export.h"
#include "reflect/identity.h"
#include "reflect/prompts.h"
#include "reflect/share.h"
#include "reflect/sync.h"
#include "reflect/text.h"

void cli_local_time(int64_t t, char out[40])
{
	dates_human_time(t, out, 40);
	if (*out == '\0')
		snprintf(out, 40, "-");
}

void cli_iso_local_time(const char *iso, char out[40])
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (iso != NULL && strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		cli_local_time((int64_t)timegm(&tm), out);
	else
		snprintf(out, 40, "%s", iso ? iso : "");
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
		{"credential", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	bool fpr_only = false;
	const char *name = NULL, *cred = NULL;
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
		else if (opt == 'c')
			cred = optarg;
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
	if (cred != NULL && cred[0] != '\0' && !identity_credential_valid(cred))
		return cli_usage("id", _("a credential is 1 to %d bytes of text on one line"),
				 IDENTITY_CREDENTIAL_MAX);
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
	if (cred != NULL) {
		st = identity_set_credential(j, id, cred);
		if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not keep your credential"));
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
		{"supervisor", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	bool verified = false, supervisor = false;
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
		else if (opt == 's')
			supervisor = true;
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
	if (st == RF_OK && supervisor) {
		st = identity_contact_set_role(j, c.name, true, NULL);
		if (st == RF_OK)
			printf(_("%s is pinned as your supervisor: 'reflect sync' sends them what you "
			       "mark for supervision.\n"),
			       c.name);
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
		char fpr[IDENTITY_FPR_SIZE], day[64];
		identity_fingerprint(&v[i].card, fpr);
		dates_human_day_of(v[i].first_seen, day, sizeof day);
		printf(_("%s\t%s\t%s\tsince %s"), v[i].name, v[i].verified ? "verified" : "not verified",
		       fpr, day);
		if (v[i].supervisor)
			printf("\t%s", _("supervisor"));
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

	bool force = cli_take_flag(&argc, argv, "--force");

	if (argc != 2)
		return cli_usage("contact", "%s", _("contact remove takes one name (and --force from a "
					    "script)"));
	if (!force && !cli_confirm(_("Forget this contact's card?"))) {
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

static int contact_role(int argc, char **argv, const cli_global *g)
{
	identity_contact c;
	journal *j = NULL;
	bool supervisor;
	rf_status st;
	int rc;

	if (argc != 3 || (strcmp(argv[2], "supervisor") != 0 && strcmp(argv[2], "none") != 0))
		return cli_usage("contact", "%s", _("contact role takes a name and supervisor or none"));
	supervisor = strcmp(argv[2], "supervisor") == 0;
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = identity_contact_set_role(j, argv[1], supervisor, &c);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no contact named '%s'; 'reflect contact list' "
				"shows them\n"),
			argv[1]);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not change the contact"));
	} else if (supervisor) {
		printf(_("%s is now your supervisor: 'reflect sync' sends them what you mark for "
		       "supervision.\n"),
		       c.name);
	} else {
		printf(_("%s is no longer your supervisor; 'reflect sync' sends them nothing new.\n"),
		       c.name);
	}
	journal_close(&j);
	return rc;
}

int cmd_contact(int argc, char **argv, const cli_global *g)
{
	if (argc < 2)
		return cli_usage("contact", "%s", _("say what to do: add, list, verify, role or remove"));
	if (strcmp(argv[1], "role") == 0)
		return contact_role(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "add") == 0)
		return contact_add(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "list") == 0)
		return contact_list(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "verify") == 0)
		return contact_verify(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "remove") == 0)
		return contact_remove(argc - 1, argv + 1, g);
	return cli_usage("contact", _("there is no 'contact %s'; use add, list, verify, role or remove"),
			 argv[1]);
}

/* ---- reflect share ---- */

int cmd_share(int argc, char **argv, const cli_global *g)
{
	enum { O_TO = CLI_OPT_FIRST_FREE, O_FLAGGED, O_ENTRY, O_RESPONSES, O_ALL, O_FORCE, O_REDACT,
	       O_KEEP };
	static const struct option opts[] = {
		{"redact", no_argument, NULL, O_REDACT},
		{"keep-identifiers", no_argument, NULL, O_KEEP},
		{"to", required_argument, NULL, O_TO},
		{"flagged", no_argument, NULL, O_FLAGGED},
		{"entry", required_argument, NULL, O_ENTRY},
		{"responses", no_argument, NULL, O_RESPONSES},
		{"all", no_argument, NULL, O_ALL},
		{"force", no_argument, NULL, O_FORCE},
		{NULL, 0, NULL, 0},
	};
	const char *to = NULL, *path = NULL;
	const char **tos = NULL;
	size_t ntos = 0;
	bool flagged = false, responses = false, all = false, force = false;
	bool redact = false, keep = false;
	deid_findings found = {0};
	size_t replaced = 0;
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
		case O_TO: {
			const char **q = realloc(tos, (ntos + 1) * sizeof *tos);
			if (q == NULL) {
				free(ids);
				free(tos);
				return cli_fail(RF_ERR_NOMEM, NULL);
			}
			tos = q;
			tos[ntos++] = optarg;
			to = optarg;
			break;
		}
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
		case O_REDACT:
			redact = true;
			break;
		case O_KEEP:
			keep = true;
			break;
		case O_ENTRY:
			if (!cli_parse_id(optarg, &id)) {
				free(ids);
			free(tos);
				return cli_usage("share", "%s", _("--entry takes an entry id, as 'reflect list' "
							  "shows"));
			}
			if (nids >= BUNDLE_COUNT_MAX ||
			    (p = realloc(ids, (nids + 1) * sizeof *ids)) == NULL) {
				free(ids);
			free(tos);
				return cli_fail(RF_ERR_NOMEM, NULL);
			}
			ids = p;
			ids[nids++] = id;
			break;
		default:
			free(ids);
			free(tos);
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
			free(tos);
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
	else if (responses && ntos > 1)
		rc = cli_usage("share", "%s", _("--responses goes to one person at a time ('reflect "
						"sync' sends each to everyone it is for)"));
	else if (path == NULL)
		rc = cli_usage("share", "%s", _("say where to write the bundle with -o FILE"));
	else if (redact && keep)
		rc = cli_usage("share", "%s",
			       _("--redact and --keep-identifiers ask for opposite things; give one"));
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
		st = share_prepare_entries_deid(j, me, tos, ntos, nids ? ids : NULL, nids, false,
						redact ? SHARE_DEID_REDACT
						: keep ? SHARE_DEID_KEEP
						       : SHARE_DEID_STOP,
						&found, &replaced, &o, &d);
	if (st == RF_ERR_REJECTED && found.n > 0 && !redact && !keep) {
		/* The same choices as export: replace, keep, or stop and show where. */
		cli_show_findings(&found);
		deid_findings_clear(&found);
		if (g->interactive &&
		    cli_confirm(_("Replace each with a placeholder such as [child F-03] or [phone]?")))
			redact = true;
		else if (g->interactive &&
			 cli_confirm(_("Keep them in the bundle? Your supervisor will see them.")))
			keep = true;
		else {
			fputs(_("reflect: nothing was written. Give --redact to replace them, or "
				"--keep-identifiers to keep them.\n"),
			      stderr);
			rc = EXIT_FAILED;
			goto out;
		}
		st = share_prepare_entries_deid(j, me, tos, ntos, nids ? ids : NULL, nids, false,
						redact ? SHARE_DEID_REDACT : SHARE_DEID_KEEP, NULL,
						&replaced, &o, &d);
	}
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
	if (redact && replaced > 0)
		fprintf(stderr, ngettext("Replaced %zu identifying detail.\n",
					 "Replaced %zu identifying details.\n", replaced),
			replaced);
	else if (keep)
		fputs(_("reflect: warning: identifying details in these entries were kept, as you "
			"asked.\n"),
		      stderr);
	puts(o->nkeys > 1 ? _("Only they can open it, each with their own card. Send it however "
			      "your agency shares files.")
			  : _("Only they can open it. Send it however your agency shares files."));
	for (size_t i = 0; i < o->nkeys; i++)
		if (identity_contact_by_key(j, o->keys[i], &c) == RF_OK && !c.verified)
			fprintf(stderr,
				_("reflect: note: %s's card is not verified yet. Read your fingerprints "
				"to each other, then run 'reflect contact verify %s'.\n"),
				c.name, c.name);
out:
	deid_findings_clear(&found);
	free(tos);
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

/* What came in, in words. */
static void print_receipt(const share_receipt *r)
{
	if (r->kind == BUNDLE_ENTRIES) {
		if (r->added == 0 && r->updated == 0) {
			printf(ngettext("Nothing changed: %zu entry from %s was here already as it is.\n",
					"Nothing changed: %zu entries from %s were here already as they "
					"are.\n",
					r->unchanged),
			       r->unchanged, r->from);
			if (r->older)
				printf(ngettext("%zu entry in it is older than the copy received before; "
						"the newer copy was kept.\n",
						"%zu entries in it are older than the copies received "
						"before; the newer copies were kept.\n",
						r->older),
				       r->older);
			return;
		}
		printf(ngettext("Received %zu new entry from %s", "Received %zu new entries from %s",
				r->added),
		       r->added, r->from);
		if (r->updated)
			printf(ngettext(" and %zu newer copy of an entry received before",
					" and %zu newer copies of entries received before", r->updated),
			       r->updated);
		if (r->unchanged)
			printf(ngettext(" (%zu unchanged)", " (%zu unchanged)", r->unchanged),
			       r->unchanged);
		printf(_(".\nSee them with: reflect list --shared --from '%s'\n"), r->from);
		if (r->older)
			printf(ngettext("%zu entry in it is older than the copy received before; the newer "
					"copy was kept.\n",
					"%zu entries in it are older than the copies received before; the "
					"newer copies were kept.\n",
					r->older),
			       r->older);
	} else {
		printf(ngettext("Received %zu message from %s", "Received %zu messages from %s",
				r->added),
		       r->added, r->from);
		if (r->skipped)
			printf(ngettext(" (%zu was here already)", " (%zu were here already)",
					r->skipped),
			       r->skipped);
		puts(_(". 'reflect show ID' shows each beside its entry, in its thread."));
		if (r->unmatched)
			printf(ngettext("%zu message answers an entry that is not in this journal or was "
					"not shared with %s; it was not kept.\n",
					"%zu messages answer entries that are not in this journal or were "
					"not shared with %s; they were not kept.\n",
					r->unmatched),
			       r->unmatched, r->from);
	}
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
	if (r.kind == BUNDLE_ATTESTATION)
		printf(_("Received %s's signed confirmation of your supervision. 'reflect supervision "
			 "list' shows the sessions it confirms; portfolios now carry it.\n"),
		       r.from);
	else
		print_receipt(&r);
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

/* Say why a held entry could not be found, from what share_held_find put in d. */
static int held_not_found(rf_status st, const rf_detail *d, int64_t id)
{
	if (st == RF_ERR_NOT_FOUND || st == RF_ERR_EXISTS) {
		fprintf(stderr, _("reflect: %s; 'reflect list --shared' shows them\n"), d->text);
		return EXIT_FAILED;
	}
	return cli_fail(st, _("could not read shared entry %lld"), (long long)id);
}

/* Read a message from standard input; NULL and an exit status in *rc when it cannot be. */
static unsigned char *read_message(const char *to, size_t *len, int *rc)
{
	unsigned char *text = NULL;
	rf_status st;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("Your message to %s (end with Ctrl-D on a line of its own):\n"), to);
	st = cli_read_all("-", 64 * 1024, &text, len);
	if (st != RF_OK) {
		*rc = cli_fail(st, "%s", _("could not read the message"));
		return NULL;
	}
	if (strlen((char *)text) != *len) {
		rcrypto_plain_free(&text, *len);
		*rc = cli_usage("respond", "%s", _("the message is not text"));
		return NULL;
	}
	return text;
}

int cmd_respond(int argc, char **argv, const cli_global *g)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	unsigned char *text = NULL;
	size_t len = 0;
	journal *j = NULL;
	identity *me = NULL;
	share_held h;
	const char *from = NULL;
	rf_detail d = {0, 0, ""};
	entry *own = NULL;
	int64_t id;
	rf_status st;
	int rc, opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f')
			from = optarg;
		else
			return cli_usage("respond", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("respond", "%s",
				 _("respond takes an entry's number: your own entry's, or with --from "
				   "NAME the number NAME gave an entry they shared ('reflect list "
				   "--shared' shows them); the message is read from standard input"));
	rc = open_with_identity(g, &j, &me);
	if (rc != EXIT_DONE)
		return rc;
	memset(&h, 0, sizeof h);
	/* without --from, one's own entry first: a practitioner answering in its thread */
	st = from == NULL ? journal_get(j, id, &own) : RF_ERR_NOT_FOUND;
	if (st == RF_ERR_NOT_FOUND) {
		st = share_held_find(j, from, id, &h, &d);
		if (st != RF_OK) {
			rc = from == NULL && st == RF_ERR_NOT_FOUND
				     ? (fprintf(stderr,
						_("reflect: there is no entry %lld, yours or shared with "
						  "you; 'reflect list' and 'reflect list --shared' show "
						  "them\n"),
						(long long)id),
					EXIT_FAILED)
				     : held_not_found(st, &d, id);
			goto out;
		}
		entry_free(&h.e);
	} else if (st != RF_OK) {
		rc = cli_fail(st, _("could not read entry %lld"), (long long)id);
		goto out;
	}
	text = read_message(own ? _("your supervisor") : h.from, &len, &rc);
	if (text == NULL)
		goto out;
	st = own ? share_reply(j, me, id, (const char *)text, NULL)
		 : share_respond(j, h.item, (const char *)text, NULL);
	if (st == RF_ERR_INVALID) {
		fputs(_("reflect: the message is empty or is not readable text; nothing was saved.\n"),
		      stderr);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not save the message"));
	} else if (own) {
		printf(_("Saved your reply in the thread of entry %lld. 'reflect sync' sends it to "
		       "whoever the entry was shared with.\n"),
		       (long long)id);
	} else {
		printf(_("Saved your response to %s #%lld. Send it with 'reflect sync', or: reflect "
		       "share --responses --to '%s' -o FILE\n"),
		       h.from, (long long)h.entry_id, h.from);
	}
out:
	entry_free(&own);
	rcrypto_plain_free(&text, len);
	identity_free(&me);
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
	if (from != NULL && !share_is_supervisee(j, from, NULL)) {
		fprintf(stderr,
			_("reflect: nothing was shared with you by '%s'; 'reflect list --shared' shows "
			  "who shared what\n"),
			from);
		rc = EXIT_FAILED;
		goto out;
	}
	st = share_held_list(j, from, f, &v, &n);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not list the shared entries"));
		goto out;
	}
	for (size_t i = 0; i < n && (limit <= 0 || (long)i < limit); i++) {
		const entry *e = v[i].e;
		/* the most telling words, as in 'reflect list' and the screens */
		const char *first = entry_first_words(e);
		char iso_day[11], day[64], *ex = text_excerpt(first, 40);
		entry_day(e, iso_day);
		dates_human_day(iso_day, day, sizeof day);
		/* the author's own number: the same on both sides; every field made safe on one
		 * line (a tab or newline in a name, a code or a theme cannot forge a row) */
		char *who = cli_safe(v[i].from), *fam = cli_safe(e->family ? e->family : "-"),
		     *words = cli_safe(ex ? ex : "");
		printf("%lld\t%s\t%s\t%s\t%s", (long long)v[i].entry_id, day, who ? who : "",
		       fam ? fam : "", words ? words : "");
		free(who);
		free(fam);
		free(words);
		for (size_t k = 0; k < e->themes.n; k++) {
			char *t = cli_safe(prompts_word_shown(e->themes.v[k]));
			printf("%s%s", k ? ", " : "\t", t ? t : "");
			free(t);
		}
		if (e->safety_concern)
			printf("\t%s", _("[SAFETY CONCERN]"));
		if (v[i].nresponses)
			printf(ngettext("\t[%zu response]", "\t[%zu responses]", v[i].nresponses),
			       v[i].nresponses);
		if (v[i].reply_waiting)
			printf("\t%s", _("[new reply]"));
		putchar('\n');
		free(ex);
	}
out:
	share_held_list_free(&v, n);
	journal_close(&j);
	return rc;
}

static void print_message(const char *who, int64_t at, const char *note, const char *text)
{
	char when[40];

	cli_local_time(at, when);
	printf("\n%s, %s%s\n", who, when, note);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t k = nl ? (size_t)(nl - p) : strlen(p);
		printf("  %.*s\n", (int)k, p);
		p += k + (nl ? 1 : 0);
	}
}

static int show_shared(const cli_global *g, const char *from, int64_t id)
{
	share_held h;
	share_message *m = NULL;
	size_t nm = 0;
	journal *j = NULL;
	rf_detail d = {0, 0, ""};
	char when[40];
	rf_status st;
	int rc = cli_unlock(g, &j);

	if (rc != EXIT_DONE)
		return rc;
	st = share_held_find(j, from, id, &h, &d);
	if (st != RF_OK) {
		rc = held_not_found(st, &d, id);
		goto out;
	}
	cli_local_time(h.received, when);
	printf(_("%s #%lld, shared by %s, received %s\n"), h.from, (long long)h.entry_id, h.from,
	       when);
	if (h.e->safety_concern)
		printf("%s\n", _("MARKED AS A SAFETY CONCERN"));
	putchar('\n');
	cli_print_entry(stdout, h.e);
	entry_free(&h.e);
	st = share_thread(j, h.item, &m, &nm);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the thread"));
		goto out;
	}
	if (nm)
		printf("\n%s\n", _("THREAD"));
	for (size_t i = 0; i < nm; i++)
		print_message(m[i].mine ? _("You") : m[i].from, m[i].at,
			      m[i].mine ? (m[i].sent ? "" : _(" (not sent yet)")) : "", m[i].text);
out:
	share_thread_free(&m, nm);
	journal_close(&j);
	return rc;
}

int cli_show_shared(int argc, char **argv, const cli_global *g)
{
	const char *from = NULL;
	const char *idarg = NULL;
	int64_t id;

	/* show --shared [--from NAME] ID, in any order after --shared */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			from = argv[++i];
		else if (strncmp(argv[i], "--from=", 7) == 0)
			from = argv[i] + 7;
		else if (idarg == NULL)
			idarg = argv[i];
		else
			idarg = "";
	}
	if (idarg == NULL || !cli_parse_id(idarg, &id))
		return cli_usage("show", "%s",
				 _("show --shared takes an entry's number, as 'reflect list --shared' "
				   "shows (--from NAME says whose)"));
	return show_shared(g, from, id);
}

/* Does the journal hold a shared entry with this number? Then say how to show it. */
bool cli_hint_shared(journal *j, int64_t id)
{
	share_held h;
	rf_detail d = {0, 0, ""};
	rf_status st = share_held_find(j, NULL, id, &h, &d);

	if (st == RF_OK) {
		fprintf(stderr,
			_("reflect: there is no entry %lld of your own, but %s shared their entry %lld "
			  "with you: reflect show --shared --from '%s' %lld\n"),
			(long long)id, h.from, (long long)id, h.from, (long long)id);
		entry_free(&h.e);
		return true;
	}
	if (st == RF_ERR_EXISTS) {
		fprintf(stderr,
			_("reflect: there is no entry %lld of your own, but %s; for example: reflect "
			  "show --shared --from NAME %lld\n"),
			(long long)id, d.text, (long long)id);
		return true;
	}
	return false;
}

/* ---- reflect group ---- */

int cmd_group(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	rf_detail d = {0, 0, ""};
	rf_status st;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0 &&
			 strcmp(argv[1], "remove") != 0))
		return cli_usage("group", "%s", _("say what to do: add NAME MEMBER..., list or remove NAME"));
	if (strcmp(argv[1], "add") == 0 && argc < 4)
		return cli_usage("group", "%s", _("group add takes the group's name and its members' "
						  "names (contacts)"));
	if (strcmp(argv[1], "list") == 0 && argc != 2)
		return cli_usage("group", "%s", _("group list takes no arguments"));
	if (strcmp(argv[1], "remove") == 0 && argc != 3)
		return cli_usage("group", "%s", _("group remove takes one group's name"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	if (strcmp(argv[1], "add") == 0) {
		st = share_group_add(j, argv[2], (const char *const *)argv + 3, (size_t)argc - 3, &d);
		if (st == RF_OK) {
			printf(_("The group %s has %d members. Share with all of them with: reflect "
			       "share --to '%s' ...\n"),
			       argv[2], argc - 3, argv[2]);
		} else if (d.text[0] != '\0') {
			fprintf(stderr, _("reflect: %s. Nothing was changed.\n"), d.text);
			rc = EXIT_FAILED;
		} else {
			rc = cli_fail(st, "%s", _("could not keep the group"));
		}
	} else if (strcmp(argv[1], "list") == 0) {
		share_group *v = NULL;
		size_t n = 0;
		st = share_group_list(j, &v, &n);
		if (st != RF_OK)
			rc = cli_fail(st, "%s", _("could not read the groups"));
		if (st == RF_OK && n == 0)
			puts(_("No groups yet. Make one with: reflect group add NAME MEMBER..."));
		for (size_t i = 0; i < n; i++) {
			printf("%s\t", v[i].name);
			for (size_t k = 0; k < v[i].members.n; k++)
				printf("%s%s", k ? ", " : "", v[i].members.v[k]);
			putchar('\n');
		}
		share_group_list_free(&v, n);
	} else {
		st = share_group_remove(j, argv[2]);
		if (st == RF_ERR_NOT_FOUND) {
			fprintf(stderr, _("reflect: there is no group named '%s'\n"), argv[2]);
			rc = EXIT_FAILED;
		} else if (st != RF_OK) {
			rc = cli_fail(st, "%s", _("could not remove the group"));
		} else {
			printf(_("Removed the group %s (its members stay your contacts).\n"), argv[2]);
		}
	}
	journal_close(&j);
	return rc;
}

/* ---- reflect sync ---- */

static void cli_print_sync(FILE *out, const sync_event *v, size_t n)
{
	size_t sent = 0, in = 0, held = 0;

	for (size_t i = 0; i < n; i++) {
		const sync_event *e = &v[i];
		if (e->what == SYNC_SENT) {
			sent++;
			if (e->kind == BUNDLE_ENTRIES)
				fprintf(out, ngettext("Sent %zu entry to %s.\n", "Sent %zu entries to %s.\n",
						      e->count),
					e->count, e->to);
			else
				fprintf(out, ngettext("Sent %zu message to %s.\n",
						      "Sent %zu messages to %s.\n", e->count),
					e->count, e->to);
		} else if (e->what == SYNC_RECEIVED) {
			in++;
			if (e->kind == BUNDLE_ENTRIES && e->r.added + e->r.updated == 0)
				continue;
			if (e->kind == BUNDLE_ENTRIES)
				fprintf(out, ngettext("Received %zu entry from %s.\n",
						      "Received %zu entries from %s.\n",
						      e->r.added + e->r.updated),
					e->r.added + e->r.updated, e->r.from);
			else
				fprintf(out, ngettext("Received %zu message from %s.\n",
						      "Received %zu messages from %s.\n", e->r.added),
					e->r.added, e->r.from);
		} else if (e->what == SYNC_HELD) {
			held++;
			fprintf(stderr,
				ngettext("reflect: nothing went to %s: %zu identifying detail was "
					 "found, in entry %lld. 'reflect share --to %s --flagged -o FILE' "
					 "lists it; change the entry, or 'reflect identifiers allow WORD' "
					 "for a word that is no name.\n",
					 "reflect: nothing went to %s: %zu identifying details were "
					 "found, the first in entry %lld. 'reflect share --to %s --flagged "
					 "-o FILE' lists them; change the entries, or 'reflect identifiers "
					 "allow WORD' for a word that is no name.\n",
					 e->count),
				e->to, e->count, (long long)e->entry, e->to);
		} else {
			fprintf(stderr, _("reflect: left %s alone: %s"), e->file,
				_(bundle_reject_message(e->why)));
			if (e->why == BUNDLE_UNKNOWN_SENDER || e->why == BUNDLE_CHANGED_KEY)
				fprintf(stderr, _(" (it says it is from '%s', fingerprint %s)"), e->r.from,
					e->r.fingerprint);
			fputs(".\n", stderr);
		}
	}
	if (sent == 0 && in == 0 && held == 0)
		fputs(_("Nothing came in and nothing was due to go out.\n"), out);
}

int cmd_sync(int argc, char **argv, const cli_global *g)
{
	const char *dir;
	journal *j = NULL;
	identity *me = NULL;
	sync_event *v = NULL;
	size_t n = 0;
	rf_detail d = {0, 0, ""};
	rf_status st;
	int rc;

	if (argc > 2)
		return cli_usage("sync", "%s", _("sync takes at most one folder"));
	dir = argc == 2 ? argv[1] : g->cfg->exchange;
	if (dir == NULL || *dir == '\0')
		return cli_usage("sync", "%s",
				 _("say which folder to sync through: reflect sync DIR, or 'exchange = "
				   "DIR' in the settings file ('reflect config' shows where it is)"));
	rc = open_with_identity(g, &j, &me);
	if (rc != EXIT_DONE)
		return rc;
	st = sync_run(j, me, dir, &v, &n, &d);
	cli_print_sync(stdout, v, n);
	if (st != RF_OK) {
		if (d.text[0] != '\0') {
			fprintf(stderr, _("reflect: %s\n"), d.text);
			rc = EXIT_FAILED;
		} else {
			rc = cli_fail(st, "%s", _("could not finish syncing; what is listed above is done"));
		}
	} else {
		/* a bundle failing its checks is tampering or damage (4); entries held back for
		 * identifying details stop as any share would (1) */
		for (size_t i = 0; i < n; i++)
			if (v[i].what == SYNC_REFUSED)
				rc = EXIT_DAMAGED;
			else if (v[i].what == SYNC_HELD && rc == EXIT_DONE)
				rc = EXIT_FAILED;
	}
	free(v);
	identity_free(&me);
	journal_close(&j);
	return rc;
}
