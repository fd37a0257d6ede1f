/* cmd_attest.c - 'reflect supervision confirm' (a supervisor signs a statement for a period and
 * writes it into a bundle for the practitioner) and 'reflect verify' (anyone checks a JSON
 * portfolio's attestations offline). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "reflect/attest.h"
#include "reflect/bundle.h"
#include "reflect/cli.h"
#include "reflect/crypto.h"
#include "reflect/dates.h"
#include "reflect/export.h"
#include "reflect/i18n.h"
#include "reflect/identity.h"
#include "reflect/share.h"
#include "reflect/supervision.h"

/* "2026-11-05:60" or "2026-11-05:90:group" into s. */
static bool parse_session(const char *arg, attest_session *s)
{
	char buf[64], *min, *kind, *end = NULL;
	long m;

	if (strlen(arg) >= sizeof buf)
		return false;
	strcpy(buf, arg);
	if ((min = strchr(buf, ':')) == NULL)
		return false;
	*min++ = '\0';
	if ((kind = strchr(min, ':')) != NULL)
		*kind++ = '\0';
	m = strtol(min, &end, 10);
	if (!entry_valid_date(buf) || end == min || *end != '\0' || m < 1 || m > 1440 ||
	    (kind != NULL && strcmp(kind, "group") != 0 && strcmp(kind, "individual") != 0))
		return false;
	memset(s, 0, sizeof *s);
	memcpy(s->date, buf, sizeof s->date - 1); /* a valid date is exactly YYYY-MM-DD */
	s->minutes = (int)m;
	s->group = kind != NULL && strcmp(kind, "group") == 0;
	return true;
}

static bool add_id(int64_t **v, size_t *n, const char *arg)
{
	int64_t id, *p;

	if (!cli_parse_id(arg, &id) || *n >= ATTEST_ENTRIES_MAX ||
	    (p = realloc(*v, (*n + 1) * sizeof *p)) == NULL)
		return false;
	*v = p;
	(*v)[(*n)++] = id;
	return true;
}

/* The supervisee's entries held here within the period that were answered here: what was
 * discussed, when the supervisor names none. */
static rf_status discussed(journal *j, const char *to, const char *since, const char *until,
			   int64_t **v, size_t *n)
{
	entry_filter f = {0};
	share_held *h = NULL;
	size_t nh = 0;
	rf_status st;

	f.since = since;
	f.until = until;
	if ((st = share_held_list(j, to, &f, &h, &nh)) != RF_OK)
		return st;
	for (size_t i = nh; i-- > 0 && st == RF_OK;) {
		char idb[32];
		if (h[i].nresponses == 0)
			continue;
		snprintf(idb, sizeof idb, "%lld", (long long)h[i].entry_id);
		if (!add_id(v, n, idb))
			st = RF_ERR_NOMEM;
	}
	share_held_list_free(&h, nh);
	return st;
}

int cli_supervision_confirm(int argc, char **argv, const cli_global *g)
{
	enum { O_TO = CLI_OPT_FIRST_FREE + 40, O_SINCE, O_UNTIL, O_SESSION, O_ENTRY, O_CRED, O_FORCE };
	static const struct option opts[] = {
	    {"to", required_argument, NULL, O_TO},
	    {"since", required_argument, NULL, O_SINCE},
	    {"until", required_argument, NULL, O_UNTIL},
	    {"session", required_argument, NULL, O_SESSION},
	    {"entry", required_argument, NULL, O_ENTRY},
	    {"credential", required_argument, NULL, O_CRED},
	    {"force", no_argument, NULL, O_FORCE},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *to = NULL, *since = NULL, *until = NULL, *cred = NULL, *path = NULL;
	char since_day[11], until_day[11];
	attest_session *ss = NULL;
	size_t ns = 0, ne = 0;
	int64_t *es = NULL;
	bool force = false;
	journal *j = NULL;
	identity *me = NULL;
	identity_contact c;
	identity_public card;
	bundle_response br = {0, 0, NULL};
	unsigned char *data = NULL;
	size_t len = 0;
	char *record = NULL;
	export_file *f = NULL;
	rf_status st;
	int opt, rc = EXIT_DONE;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (opt) {
		case O_TO: to = optarg; break;
		case O_SINCE: since = optarg; break;
		case O_UNTIL: until = optarg; break;
		case O_CRED: cred = optarg; break;
		case O_FORCE: force = true; break;
		case 'o': path = optarg; break;
		case O_SESSION: {
			attest_session *p;
			if (ns >= ATTEST_SESSIONS_MAX || (p = realloc(ss, (ns + 1) * sizeof *p)) == NULL) {
				rc = cli_fail(RF_ERR_NOMEM, NULL);
				goto out;
			}
			ss = p;
			if (!parse_session(optarg, &ss[ns])) {
				rc = cli_usage("supervision", _("--session is DATE:MINUTES, or DATE:MINUTES:group "
								"for a group session (not '%s')"),
					       optarg);
				goto out;
			}
			ns++;
			break;
		}
		case O_ENTRY:
			if (!add_id(&es, &ne, optarg)) {
				rc = cli_usage("supervision", "%s",
					       _("--entry takes the practitioner's entry id ('Ana #7' is 7)"));
				goto out;
			}
			break;
		default:
			rc = cli_usage("supervision", _("unknown option '%s'"), argv[optind - 1]);
			goto out;
		}
	}
	for (; optind < argc && ne > 0 && add_id(&es, &ne, argv[optind]); optind++)
		;
	if (optind < argc) {
		rc = cli_usage("supervision", _("unexpected '%s'"), argv[optind]);
		goto out;
	}
	if (to == NULL || path == NULL || ns == 0) {
		rc = cli_usage("supervision", "%s",
			       _("supervision confirm needs --to NAME, the sessions (--session "
				 "2026-11-05:60, :group for a group session) and -o FILE"));
		goto out;
	}
	/* natural dates as the filters take them: 'last month', 2w */
	if ((since && !dates_parse_day(since, time(NULL), since_day)) ||
	    (until && !dates_parse_day(until, time(NULL), until_day))) {
		rc = cli_usage("supervision", "%s",
			       _("--since and --until take a date like 2026-11-20, 2w or 'last month'"));
		goto out;
	}
	if (since)
		since = since_day;
	if (until)
		until = until_day;
	if (cred != NULL && strlen(cred) > ATTEST_CREDENTIAL_MAX) {
		rc = cli_usage("supervision", _("the credential is longer than %d bytes"),
			       ATTEST_CREDENTIAL_MAX);
		goto out;
	}
	if ((rc = cli_unlock(g, &j)) != EXIT_DONE)
		goto out;
	if ((st = identity_ensure(j, &me)) != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read this journal's identity"));
		goto out;
	}
	if (identity_pub(me)->name[0] == '\0') {
		fprintf(stderr, "%s", _("reflect: a confirmation carries your full name: set it first "
					"with 'reflect id --name \"Your Name\"'. Nothing was written.\n"));
		rc = EXIT_FAILED;
		goto out;
	}
	if ((st = identity_contact_find(j, to, &c)) != RF_OK) {
		fprintf(stderr, _("reflect: there is no contact '%s'; add their card with 'reflect "
				  "contact add'. Nothing was written.\n"),
			to);
		rc = EXIT_FAILED;
		goto out;
	}
	if (ne == 0 && (st = discussed(j, to, since, until, &es, &ne)) != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the entries shared with you"));
		goto out;
	}
	/* the credential kept with the identity ('reflect id --credential'), unless given here */
	if (cred == NULL && *identity_credential(me) != '\0')
		cred = identity_credential(me);
	card = c.card;
	snprintf(card.name, sizeof card.name, "%s", c.name);
	if ((st = attest_sign(me, cred, &card, since, until, ss, ns, es, ne, &record)) != RF_OK) {
		rc = cli_fail(st, "%s", _("the confirmation could not be signed"));
		goto out;
	}
	br.text = record;
	if ((st = bundle_write(me, &c.card, BUNDLE_ATTESTATION, NULL, 0, &br, 1, NULL, &data,
			       &len)) != RF_OK) {
		rc = cli_fail(st, "%s", _("the bundle could not be made"));
		goto out;
	}
	if ((st = export_file_open(path, force, &f)) != RF_OK) {
		rc = st == RF_ERR_EXISTS
			 ? (fprintf(stderr, _("reflect: %s exists; give --force to replace it. Nothing "
					      "was written.\n"),
				    path),
			    EXIT_FAILED)
			 : cli_fail(st, _("%s could not be written"), path);
		goto out;
	}
	if (fwrite(data, 1, len, export_file_stream(f)) != len ||
	    (st = export_file_commit(&f)) != RF_OK) {
		rc = cli_fail(RF_ERR_IO, _("%s could not be written"), path);
		goto out;
	}
	{
		long mins = 0;
		char h[24];
		for (size_t i = 0; i < ns; i++)
			mins += ss[i].minutes;
		supervision_format_hours(mins, h);
		/* one number at a time, each in its own plural */
		printf(ngettext("Signed: %zu session (%s hours) took place; ",
				"Signed: %zu sessions (%s hours) took place; ", ns),
		       ns, h);
		printf(ngettext("%zu entry was discussed. ", "%zu entries were discussed. ", ne), ne);
		printf(_("Give %s the file %s; 'reflect receive' adds it to their log.\n"), c.name,
		       path);
	}
out:
	export_file_abort(&f);
	free(data);
	free(record);
	free(ss);
	free(es);
	identity_free(&me);
	journal_close(&j);
	return rc;
}

/* ---- reflect verify ---- */

/* A member's text, or "". */
static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* True when what the portfolio shows beside an attestation agrees with what was signed. */
static bool summary_agrees(json_t *o, const attest *a)
{
	json_t *es = json_object_get(o, "entries");
	size_t i;
	json_t *v;

	if (strcmp(jstr(o, "supervisor"), a->supervisor.name) != 0 ||
	    strcmp(jstr(o, "credential"), a->credential) != 0 ||
	    strcmp(jstr(o, "fingerprint"), a->fingerprint) != 0 ||
	    strcmp(jstr(o, "from"), a->from) != 0 || strcmp(jstr(o, "to"), a->to) != 0 ||
	    json_integer_value(json_object_get(o, "minutes")) != a->minutes ||
	    json_integer_value(json_object_get(o, "sessions")) != (json_int_t)a->nsessions ||
	    !json_is_array(es) || json_array_size(es) != a->nentries)
		return false;
	json_array_foreach(es, i, v)
	if (json_integer_value(v) != a->entries[i])
		return false;
	return true;
}

int cmd_verify(int argc, char **argv, const cli_global *g)
{
	enum { O_FPR = CLI_OPT_FIRST_FREE + 50 };
	static const struct option opts[] = {
	    {"fingerprint", required_argument, NULL, O_FPR},
	    {NULL, 0, NULL, 0},
	};
	const char *want = NULL;
	unsigned char *data = NULL;
	size_t len = 0, i;
	json_t *doc = NULL, *list, *o;
	rf_status st;
	int opt, rc = EXIT_DONE;

	(void)g;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == O_FPR)
			want = optarg;
		else
			return cli_usage("verify", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage("verify", "%s", _("verify takes one JSON portfolio file"));
	if ((st = cli_read_all(argv[optind], 512u << 20, &data, &len)) != RF_OK)
		return cli_fail(st, _("could not read %s"), argv[optind]);
	doc = json_loadb((const char *)data, len, 0, NULL);
	list = json_object_get(json_object_get(doc, "portfolio"), "attestations");
	if (doc == NULL || !json_is_array(list) || json_array_size(list) == 0) {
		fprintf(stderr, _("reflect: %s holds no supervisor's attestation (a JSON portfolio "
				  "made with 'reflect export --format json --portfolio' after "
				  "receiving one).\n"),
			argv[optind]);
		rc = EXIT_FAILED;
		goto out;
	}
	json_array_foreach(list, i, o)
	{
		const char *rec = jstr(o, "record");
		attest *a = NULL;
		char h[24];
		st = attest_read(rec, strlen(rec), &a);
		if (st != RF_OK) {
			fprintf(stderr,
				st == RF_ERR_DAMAGED
				    ? _("reflect: attestation %zu: the signature does not match what it "
					"says: it was altered after it was signed.\n")
				    : _("reflect: attestation %zu cannot be read: it was altered or "
					"damaged.\n"),
				i + 1);
			rc = EXIT_DAMAGED;
			continue;
		}
		if (!summary_agrees(o, a)) {
			fprintf(stderr,
				_("reflect: attestation %zu: the portfolio's summary of it (name, "
				  "credential, period, hours or entries) differs from what was signed.\n"),
				i + 1);
			rc = EXIT_DAMAGED;
		} else if (want != NULL && !identity_fingerprint_matches(a->fingerprint, want)) {
			fprintf(stderr,
				_("reflect: attestation %zu is signed by the key %s, not the one you "
				  "gave.\n"),
				i + 1, a->fingerprint);
			rc = EXIT_DAMAGED;
		} else {
			supervision_format_hours(a->minutes, h);
			printf(_("Attestation %zu: good signature by %s%s%s, key fingerprint %s.\n"),
			       i + 1, a->supervisor.name, *a->credential ? ", " : "", a->credential,
			       a->fingerprint);
			printf(_("  For %s, from %s to %s: %zu sessions (%s hours, %zu in a group) took "
				 "place; %zu entries were discussed.\n"),
			       a->practitioner, *a->from ? a->from : "-", *a->to ? a->to : "-",
			       a->nsessions, h, a->group_sessions, a->nentries);
		}
		attest_free(&a);
	}
	if (rc == EXIT_DONE && want == NULL)
		printf("%s", _("Compare the fingerprint with the supervisor's own (they read it with "
			       "'reflect id --fingerprint'), or give --fingerprint to check it.\n"));
out:
	json_decref(doc);
	rcrypto_plain_free(&data, len);
	return rc;
}
