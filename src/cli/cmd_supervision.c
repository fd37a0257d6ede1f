/* cmd_supervision.c - 'reflect supervision': the reflective supervision log and its hours. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"
#include "reflect/dates.h"
#include "reflect/share.h"
#include "reflect/supervision.h"
#include "reflect/text.h"
#include "reflect/attest.h"

/* "peer group supervision" and the like, in the language in force. */
static const char *kind_phrase(bool peer, bool group)
{
	if (peer)
		return group ? _("peer group supervision") : _("peer individual supervision");
	return group ? _("group supervision") : _("individual supervision");
}

static bool parse_num(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* One discussed entry as given: "7", or whose number it is, "Ana:7" or "Ana #7" (as the
 * supervisor's screens name it). *who gets the name ("" for a plain number). False when it
 * is neither. */
static bool parse_entry(const char *arg, long *id, char who[IDENTITY_NAME_MAX + 1])
{
	const char *sep = strrchr(arg, ':');
	size_t len;

	if (sep == NULL)
		sep = strrchr(arg, '#');
	who[0] = '\0';
	if (sep == NULL)
		return parse_num(arg, 1, LONG_MAX, id);
	len = (size_t)(sep - arg);
	while (len > 0 && arg[len - 1] == ' ')
		len--;
	if (len == 0 || len > IDENTITY_NAME_MAX)
		return false;
	memcpy(who, arg, len);
	who[len] = '\0';
	return identity_name_valid(who) && parse_num(sep + 1, 1, LONG_MAX, id);
}

/* Add one discussed entry (its id and whose it is, "" when not said). */
static int push_entry(supervision_session *s, long id, const char *who)
{
	int64_t *p;

	char **f, *copy;

	if (s->nentries >= 10000 || (p = realloc(s->entries, (s->nentries + 1) * sizeof *p)) == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	s->entries = p;
	if ((f = realloc(s->entry_from, (s->nentries + 1) * sizeof *f)) == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	s->entry_from = f;
	if ((copy = strdup(who)) == NULL)
		return cli_fail(RF_ERR_NOMEM, NULL);
	s->entry_from[s->nentries] = copy;
	s->entries[s->nentries++] = id;
	return EXIT_DONE;
}

/* Whose the i-th discussed entry is, settled before logging: one named ("Ana:7") is an
 * attendee's shared entry; a plain number is this journal's own entry, else the one attendee
 * who shared an entry of that number. Two attendees with that number: say whose. */
static int resolve_entry(journal *j, supervision_session *s, size_t i)
{
	const char *named = s->entry_from[i];
	char *found = NULL;
	size_t holders = 0;
	entry *e = NULL;
	rf_status st = RF_ERR_NOT_FOUND;

	if (*named == '\0') {
		st = journal_get(j, s->entries[i], &e);
		entry_free(&e);
		if (st != RF_ERR_NOT_FOUND)
			return st == RF_OK ? EXIT_DONE : cli_fail(st, "%s", _("could not log the session"));
	}
	for (size_t w = 0; w < s->with.n; w++) {
		share_held h;
		rf_detail d = {0, 0, ""};
		if (*named != '\0' && !identity_name_same(named, s->with.v[w]))
			continue;
		if (share_held_find(j, s->with.v[w], s->entries[i], &h, &d) != RF_OK)
			continue;
		entry_free(&h.e);
		if (holders++ == 0)
			found = s->with.v[w];
	}
	if (holders == 1) { /* kept as held: whose, by the attendee's name */
		char *copy = strdup(found);
		if (copy == NULL)
			return cli_fail(RF_ERR_NOMEM, NULL);
		free(s->entry_from[i]);
		s->entry_from[i] = copy;
		return EXIT_DONE;
	}
	if (holders > 1) {
		fprintf(stderr,
			_("reflect: more than one of those who came shared an entry %lld; say whose, "
			  "e.g. --entry %s:%lld. Nothing was logged.\n"),
			(long long)s->entries[i], found, (long long)s->entries[i]);
		return EXIT_FAILED;
	}
	if (*named != '\0')
		fprintf(stderr,
			_("reflect: %s shared no entry %lld, or is not among those who came (--with); "
			  "nothing was logged\n"),
			named, (long long)s->entries[i]);
	else
		fprintf(stderr, _("reflect: there is no entry %lld; nothing was logged\n"),
			(long long)s->entries[i]);
	return EXIT_FAILED;
}

static int sup_add(int argc, char **argv, const cli_global *g)
{
	enum { O_DATE = CLI_OPT_FIRST_FREE, O_MINUTES, O_FORMAT, O_GROUP, O_PEER, O_PROVIDER,
	       O_ENDORSEMENT, O_SETTING, O_CONSULTANT, O_ENTRY, O_WITH };
	static const struct option opts[] = {
		{"date", required_argument, NULL, O_DATE},
		{"minutes", required_argument, NULL, O_MINUTES},
		{"format", required_argument, NULL, O_FORMAT},
		{"group", no_argument, NULL, O_GROUP},
		{"peer", no_argument, NULL, O_PEER},
		{"provider", required_argument, NULL, O_PROVIDER},
		{"endorsement", required_argument, NULL, O_ENDORSEMENT},
		{"setting", required_argument, NULL, O_SETTING},
		{"consultant", no_argument, NULL, O_CONSULTANT},
		{"entry", required_argument, NULL, O_ENTRY},
		{"with", required_argument, NULL, O_WITH},
		{NULL, 0, NULL, 0},
	};
	supervision_session s;
	journal *j = NULL;
	int64_t item = 0;
	char whose[IDENTITY_NAME_MAX + 1];
	long v;
	rf_status st;
	int opt, rc = EXIT_DONE;
	bool have_date = false, format_said = false;

	memset(&s, 0, sizeof s);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1 && rc == EXIT_DONE) {
		switch (opt) {
		case O_DATE:
			if (!dates_parse_day(optarg, time(NULL), s.date)) {
				rc = cli_usage("supervision", "%s",
					       _("--date takes a date like 2026-11-20, yesterday or "
						 "'3 days ago'"));
				break;
			}
			have_date = true;
			break;
		case O_MINUTES:
			if (!parse_num(optarg, 1, SUPERVISION_MINUTES_MAX, &v))
				rc = cli_usage("supervision", _("--minutes takes a number from 1 to %d"),
					       SUPERVISION_MINUTES_MAX);
			else
				s.minutes = (int)v;
			break;
		case O_FORMAT:
			if (supervision_format_parse(optarg, &s.format) != RF_OK)
				rc = cli_usage("supervision", "%s", _("--format is individual or group"));
			format_said = true;
			break;
		case O_GROUP:
			s.format = SUPERVISION_GROUP;
			format_said = true;
			break;
		case O_PEER:
			s.peer = true;
			break;
		case O_PROVIDER:
			s.provider = optarg;
			break;
		case O_ENDORSEMENT:
			s.endorsement = optarg;
			break;
		case O_SETTING:
			if (supervision_setting_parse(optarg, &s.setting) != RF_OK)
				rc = cli_usage("supervision", "%s", _("--setting is agency or consultant"));
			break;
		case O_CONSULTANT:
			s.setting = SUPERVISION_CONSULTANT;
			break;
		case O_WITH:
			if (!identity_name_valid(optarg))
				rc = cli_usage("supervision", "%s", _("--with takes a supervisee's name"));
			else if (strlist_add(&s.with, optarg) != RF_OK)
				rc = cli_fail(RF_ERR_NOMEM, NULL);
			break;
		case O_ENTRY:
			if (!parse_entry(optarg, &v, whose)) {
				rc = cli_usage("supervision", "%s",
					       _("--entry takes an entry id, or whose it is and the "
						 "number: Ana:7"));
				break;
			}
			rc = push_entry(&s, v, whose);
			break;
		default:
			rc = cli_usage("supervision", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	/* entry ids may also follow --entry as plain words: --entry 1 3 */
	for (; rc == EXIT_DONE && optind < argc && s.nentries > 0; optind++) {
		if (!parse_entry(argv[optind], &v, whose))
			break;
		rc = push_entry(&s, v, whose);
	}
	if (rc == EXIT_DONE && optind < argc)
		rc = cli_usage("supervision", _("unexpected '%s'"), argv[optind]);
	if (rc == EXIT_DONE && have_date) {
		char today[11];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		if (strcmp(s.date, today) > 0)
			rc = cli_usage("supervision", _("%s is after today: log a session once it has "
						      "taken place"),
				       s.date);
	}
	if (rc == EXIT_DONE && s.minutes == 0)
		rc = cli_usage("supervision", "%s", _("say how long it was with --minutes N"));
	/* two or more who came together: a group session, unless said otherwise */
	if (!format_said && s.with.n > 1)
		s.format = SUPERVISION_GROUP;
	if (rc != EXIT_DONE)
		goto out;
	if (!have_date) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(s.date, sizeof s.date, "%Y-%m-%d", &tm);
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		goto out;
	/* attendees are people who shared with this journal (or contacts), named as held */
	for (size_t i = 0; i < s.with.n; i++) {
		char canon[IDENTITY_NAME_MAX + 1];
		identity_contact c;
		if (share_is_supervisee(j, s.with.v[i], canon)) {
			free(s.with.v[i]);
			s.with.v[i] = strdup(canon);
		} else if (identity_contact_find(j, s.with.v[i], &c) == RF_OK) {
			free(s.with.v[i]);
			s.with.v[i] = strdup(c.name);
		} else {
			fprintf(stderr,
				_("reflect: '%s' is neither a contact nor someone who shared with you; "
				  "nothing was logged\n"),
				s.with.v[i]);
			rc = EXIT_FAILED;
			goto out;
		}
		if (s.with.v[i] == NULL) {
			rc = cli_fail(RF_ERR_NOMEM, NULL);
			goto out;
		}
	}
	for (size_t i = 0; i < s.nentries; i++) {
		rc = resolve_entry(j, &s, i);
		if (rc != EXIT_DONE)
			goto out;
	}
	st = supervision_add(j, &s, &item);
	if (st == RF_ERR_INVALID) {
		rc = cli_usage("supervision", _("the provider and endorsement are at most %d characters "
					      "of text on one line"),
			       SUPERVISION_TEXT_MAX);
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not log the session"));
	} else {
		char day[64];
		dates_human_day(s.date, day, sizeof day);
		printf(_("Logged %d minutes of %s on %s (%lld).\n"), s.minutes,
		       kind_phrase(s.peer, s.format == SUPERVISION_GROUP), day, (long long)item);
		if (s.peer)
			puts(_("Peer supervision is kept in the log but does not count toward "
			     "endorsement hours."));
		if (s.nentries)
			printf(ngettext("%zu entry discussed: their open questions now count as discussed.\n",
			 "%zu entries discussed: their open questions now count as discussed.\n", s.nentries),
			       s.nentries);
	}
out:
	for (size_t i = 0; s.entry_from != NULL && i < s.nentries; i++)
		free(s.entry_from[i]);
	free(s.entry_from);
	free(s.entries);
	strlist_clear(&s.with);
	journal_close(&j);
	return rc;
}

/* A session a supervisor confirmed that matches none logged here: listed too, so the log
 * shows what was confirmed (and how to add it). Returns how many were listed. */
static size_t confirmed_only(const supervision_session *v, size_t n, attest *const *att,
			     size_t natt)
{
	size_t listed = 0;

	for (size_t k = 0; k < natt; k++)
		for (size_t i = 0; i < att[k]->nsessions; i++) {
			const attest_session *a = &att[k]->sessions[i];
			bool logged = false;
			char day[64];
			for (size_t m = 0; m < n && !logged; m++)
				logged = !v[m].peer && strcmp(v[m].date, a->date) == 0 &&
					 v[m].minutes == a->minutes &&
					 (v[m].format == SUPERVISION_GROUP) == a->group;
			if (logged)
				continue;
			dates_human_day(a->date, day, sizeof day);
			printf(_("-\t%s\t%d min\t%s\tconfirmed by %s, not in your log: 'reflect "
				 "supervision add --date %s --minutes %d%s' adds it\n"),
			       day, a->minutes, kind_phrase(false, a->group),
			       att[k]->supervisor.name, a->date, a->minutes, a->group ? " --group" : "");
			listed++;
		}
	return listed;
}

static int sup_list(int argc, char **argv, const cli_global *g)
{
	supervision_session *v = NULL;
	attest **att = NULL;
	size_t n = 0, natt = 0;
	journal *j = NULL;
	rf_status st;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage("supervision", "%s", _("supervision list takes no arguments"));
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = supervision_list(j, &v, &n);
	if (st == RF_OK)
		st = attest_list(j, &att, &natt);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not read the supervision log"));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char day[64];
		dates_human_day(v[i].date, day, sizeof day);
		printf(_("%lld\t%s\t%d min\t%s\t%s\t%s"), (long long)v[i].item, day, v[i].minutes,
		       kind_phrase(v[i].peer, v[i].format == SUPERVISION_GROUP),
		       v[i].setting == SUPERVISION_CONSULTANT ? _("outside consultant")
							      : _("within the agency"),
		       v[i].provider ? v[i].provider : "-");
		if (v[i].endorsement)
			printf(" (%s)", v[i].endorsement);
		for (size_t k = 0; k < v[i].with.n; k++)
			printf("%s%s", k ? ", " : _("\twith "), v[i].with.v[k]);
		for (size_t k = 0; k < v[i].nentries; k++)
			/* TRANSLATORS: the column of entries discussed in 'supervision list'. */
			printf("%s%s%s%lld", k ? ", " : _("\tentries "),
			       supervision_entry_shared(&v[i], k) ? v[i].entry_from[k] : "",
			       supervision_entry_shared(&v[i], k) ? " #" : "",
			       (long long)v[i].entries[k]);
		/* A supervisor's signed statement that this session took place. */
		for (size_t k = 0; !v[i].peer && k < natt; k++)
			if (attest_confirms(att[k], v[i].date, v[i].minutes,
					    v[i].format == SUPERVISION_GROUP)) {
				printf(_("\tconfirmed by %s"), att[k]->supervisor.name);
				break;
			}
		putchar('\n');
	}
	if (confirmed_only(v, n, att, natt) == 0 && n == 0)
		puts(_("No sessions logged yet. Add one with: reflect supervision add --minutes N ..."));
out:
	attest_list_free(&att, natt);
	supervision_list_free(&v, n);
	journal_close(&j);
	return rc;
}

static const char *hours(long minutes, char buf[32])
{
	supervision_format_hours(minutes, buf);
	return buf;
}

static void hours_line(const char *label, long minutes)
{
	char b[32], padded[128];
	int w = text_width(label);
	size_t n = (size_t)snprintf(padded, sizeof padded, "%s", label);

	/* padded by display columns, not bytes: "consultoría externa" lines up too */
	for (; w >= 0 && w < 22 && n + 1 < sizeof padded; w++) {
		padded[n++] = ' ';
		padded[n] = '\0';
	}
	printf(_("  %-22s %7s hours\n"), padded, hours(minutes, b));
}

static int sup_hours(int argc, char **argv, const cli_global *g)
{
	enum { O_YEARS = CLI_OPT_FIRST_FREE, O_UNTIL };
	static const struct option opts[] = {
		{"years", required_argument, NULL, O_YEARS},
		{"until", required_argument, NULL, O_UNTIL},
		{NULL, 0, NULL, 0},
	};
	const char *until = NULL;
	char until_day[11];
	supervision_hours h;
	journal *j = NULL;
	long years = 1;
	rf_status st;
	int opt, rc;
	const long thresholds[] = {SUPERVISION_THRESHOLD_LOW, SUPERVISION_THRESHOLD_HIGH};

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == O_YEARS) {
			if (!parse_num(optarg, 1, 2, &years))
				return cli_usage("supervision", "%s", _("--years is 1 or 2"));
		} else if (opt == O_UNTIL) {
			if (!dates_parse_day(optarg, time(NULL), until_day))
				return cli_usage("supervision", "%s",
						 _("--until takes a date like 2026-11-20, yesterday or "
						   "'last month'"));
			until = until_day;
		} else {
			return cli_usage("supervision", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("supervision", _("unexpected '%s'"), argv[optind]);
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = supervision_hours_in(j, until, (int)years, &h);
	if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not total the supervision log"));
		goto out;
	}
	char hfrom[64], hto[64];
	dates_human_day(h.from, hfrom, sizeof hfrom);
	dates_human_day(h.to, hto, sizeof hto);
	printf(ngettext("Reflective supervision from %s to %s (%ld year): ",
			"Reflective supervision from %s to %s (%ld years): ", (unsigned long)years),
	       hfrom, hto, years);
	printf(ngettext("%zu session\n", "%zu sessions\n", h.sessions), h.sessions);
	hours_line(_("total"), h.counted_minutes);
	hours_line(_("individual"), h.individual_minutes);
	hours_line(_("group"), h.group_minutes);
	hours_line(_("within the agency"), h.agency_minutes);
	hours_line(_("outside consultant"), h.consultant_minutes);
	for (size_t i = 0; i < 2; i++) {
		long need = thresholds[i] * 60 - h.counted_minutes;
		char b[32];
		if (need <= 0)
			printf(_("  %ld hours: reached\n"), thresholds[i]);
		else
			printf(_("  %ld hours: %s hours to go\n"), thresholds[i], hours(need, b));
	}
	printf("%s", _("Peer supervision does not count toward endorsement hours"));
	if (h.peer_sessions) {
		char b[32];
		printf(ngettext(": %s hours of peer supervision (%zu session) are not included above",
			 ": %s hours of peer supervision (%zu sessions) are not included above", h.peer_sessions),
		       hours(h.peer_minutes, b), h.peer_sessions);
	}
	puts(".");
	if (h.provided_sessions) {
		char b[32];
		printf(ngettext("Supervision you gave (%s hours, %zu session with attendees) is not "
				"your own and is not included above.\n",
				"Supervision you gave (%s hours, %zu sessions with attendees) is not "
				"your own and is not included above.\n",
				h.provided_sessions),
		       hours(h.provided_minutes, b), h.provided_sessions);
	}
	puts(_("Check the current requirements for your endorsement level with your association."));
out:
	journal_close(&j);
	return rc;
}

static int sup_remove(int argc, char **argv, const cli_global *g)
{
	journal *j = NULL;
	long v;
	rf_status st;
	int rc;
	bool force = cli_take_flag(&argc, argv, "--force");

	if (argc != 2 || !parse_num(argv[1], 1, LONG_MAX, &v))
		return cli_usage("supervision", "%s", _("supervision remove takes one id, as 'reflect "
						"supervision list' shows"));
	if (!force && !cli_confirm(_("Remove this session from the log?"))) {
		fputs(_("reflect: give --force to remove a session from a script. Nothing was "
		      "changed.\n"),
		      stderr);
		return EXIT_FAILED;
	}
	rc = cli_unlock(g, &j);
	if (rc != EXIT_DONE)
		return rc;
	st = supervision_remove(j, v);
	if (st == RF_ERR_NOT_FOUND) {
		fprintf(stderr, _("reflect: there is no session %ld in the log\n"), v);
		rc = EXIT_FAILED;
	} else if (st != RF_OK) {
		rc = cli_fail(st, "%s", _("could not remove the session"));
	} else {
		puts(_("Removed."));
	}
	journal_close(&j);
	return rc;
}

int cmd_supervision(int argc, char **argv, const cli_global *g)
{
	if (argc < 2)
		return cli_usage("supervision", "%s", _("say what to do: add, list, hours or remove"));
	if (strcmp(argv[1], "add") == 0)
		return sup_add(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "list") == 0)
		return sup_list(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "hours") == 0)
		return sup_hours(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "remove") == 0)
		return sup_remove(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "confirm") == 0)
		return cli_supervision_confirm(argc - 1, argv + 1, g);
	return cli_usage("supervision", _("there is no 'supervision %s'; use add, list, hours or "
					"remove"),
			 argv[1]);
}
