/* commands.c - the table of subcommands, and 'reflect help'. */
#include <stdio.h>
#include <string.h>

#include "reflect/i18n.h"
#include "reflect/cli.h"

#define FILTERS "[--since DATE] [--until DATE] [--theme T] [--emotion E] [--family F] [--search TEXT] [--flagged] [--portfolio]"

const cli_command cli_commands[] = {
	{"init", cmd_init, "reflect init [--kdf interactive|moderate|sensitive]",
	 N_("create a new journal, sealed under a passphrase"),
	 N_("Creates the journal file (by default ~/.local/share/reflect/journal.db) and asks for a\n"
	 "passphrase twice. The passphrase cannot be recovered: without it, nobody (you included)\n"
	 "can read the journal. --kdf sets how costly each guess is (default moderate).")},
	{"add", cmd_add, "reflect add [FILE] | --text [FILE]",
	 N_("add one entry from a JSON object, or plain text (FILE or stdin)"),
	 N_("Reads one entry as a JSON object from FILE or standard input and prints the new\n"
	 "entry's id. Every field is optional:\n"
	 "  visit_date    \"2026-11-20\"            family       \"F-12\"\n"
	 "  visit_type    \"home visit\"            life_stage   \"perinatal\"\n"
	 "  pause         {\"text\": \"...\", \"body\": \"...\", \"activation\": 0 to 10}\n"
	 "  notice        {\"text\": \"...\", \"between\": \"...\", \"stirred\": \"...\",\n"
	 "                 \"emotions\": [\"fear\", \"tenderness\"]}\n"
	 "  curious       {\"text\": \"...\", \"parent\": \"...\", \"infant\": \"...\",\n"
	 "                 \"questions\": [\"What was the baby telling us?\"]}\n"
	 "  themes        [\"ghosts in the nursery\"]   competencies  [\"Reflection\"]\n"
	 "  for_supervision, safety_concern, portfolio   true or false\n"
	 "  written_at    \"2026-11-20T16:05:00Z\" (default: now)\n"
	 "Example: {\"notice\": {\"text\": \"She smiled at him.\", \"emotions\": [\"joy\"]}}\n\n"
	 "With --text the input is plain text, kept as the entry's Notice text (for those who\n"
	 "do not write JSON). Text is never taken from the command line itself: others can\n"
	 "see it there.")},
	{"list", cmd_list, "reflect list " FILTERS " [--limit N]",
	 N_("one line per entry, newest first"),
	 N_("Each line starts with the entry's id, then its date, family code, first words and themes.")},
	{"show", cmd_show, "reflect show ID | --shared [--from NAME] ID",
	 N_("the whole entry, with its thread of responses"),
	 N_("A shared entry is known by its author and the author's own number: 'reflect show\n"
	 "--shared --from Ana 7' is Ana's entry 7 (--from is needed only when two people shared\n"
	 "an entry with the same number).")},
	{"delete", cmd_delete, "reflect delete ID [--force]", N_("delete an entry for good"),
	 N_("Asks first on a terminal; from a script it needs --force.")},
	{"export", cmd_export,
	 "reflect export --format json|md|html|txt|pdf [--layout pnc|gibbs|nmc] [" FILTERS "]\n"
	 "       [--entry ID ...] [--cover] [--title TEXT] [--name NAME]\n"
	 "       [--redact | --keep-identifiers]\n"
	 "       [-o FILE] [--force]",
	 N_("write entries out (readable by anyone who has the file)"),
	 N_("Formats: json ({\"reflect\": 1, \"entries\": [...]}), md (CommonMark), html (one\n"
	 "self-contained page that prints one entry a page), txt and pdf (the html printed by\n"
	 "headless Chromium: page numbers, a running header, contents with page references).\n"
	 "Layouts for md, html, txt and pdf: pnc (Pause / Notice / Be Curious, the default),\n"
	 "gibbs and nmc; entries written with the Gibbs or NMC questions print what was asked,\n"
	 "others say which of their parts fills which heading. --entry ID (one or several)\n"
	 "exports those entries. --portfolio (only entries marked for the portfolio) or --cover\n"
	 "adds a cover: the period, true counts, contents, the eight competency domains with the\n"
	 "entries that evidence each, supervision hours and any supervisor's attestation.\n\n"
	 "Before anything is written every text is checked for names on your identifiers list,\n"
	 "emails, phone numbers, dates of birth and street addresses. If any are found the\n"
	 "export stops and shows where, unless --redact replaces each (a family member's name\n"
	 "by the family code, anything else by [redacted]) or --keep-identifiers keeps them.\n"
	 "With -o the file is written whole or not at all, mode 0600, and an existing file is\n"
	 "only replaced with --force (or a yes).")},
	{"import", cmd_import, "reflect import --format json|jrnl|jrnl-json FILE",
	 N_("add entries from a file; entries already there are skipped"),
	 N_("json reads an export document {\"reflect\":1,\"entries\":[...]} or a bare array of\n"
	 "entries. jrnl reads jrnl's plain-text journal ([YYYY-MM-DD HH:MM] title, then the body)\n"
	 "and jrnl-json its JSON export: the text becomes the Notice text, @tags and #tags become\n"
	 "themes, starred entries are marked for supervision. All in one go: if any entry is\n"
	 "malformed, nothing is added.")},
	{"identifiers", cmd_identifiers,
	 "reflect identifiers add [--kind KIND] | list | remove ID... | allow WORD",
	 N_("the sealed list of names and places kept out of exports"),
	 N_("add reads names from standard input, one a line (so they stay out of shell history);\n"
	 "--kind is child, parent, carer, name (the default), place or other. Each is looked\n"
	 "for in every form (each part, any case or accent, possessives, titles, initials).\n"
	 "A redacted export shows who it was: a child, parent or carer as \"[child F-03]\" with\n"
	 "the family code, a name as \"[name]\", a place as \"[place]\", anything else as\n"
	 "\"[redacted]\". list prints each one's id, kind and text; remove ID deletes it.\n"
	 "allow WORD marks a capitalised word that is no name, so it is never flagged again.")},
	{"review", cmd_review,
	 "reflect review [--format text|json] " FILTERS " [--visit-type V] [--shared [--from NAME]] [--ids] "
	 "[--recent-since DATE] [--recent-until DATE] [--earlier-since DATE] "
	 "[--earlier-until DATE] [--recent-days N] [--min-support N] [--revisit ID] [--width N]",
	 N_("patterns across entries: what keeps coming back, what shifts, what is carried"),
	 N_("Prints what the review pane shows for the entries that pass the filters: entries and\n"
	 "activation per week, feelings and themes by count, what shifted between the recent\n"
	 "period (by default the 28 days ending on the newest entry; --recent-days, or give the\n"
	 "periods, in dates as the filters take them: 2w, yesterday) and the one before, labels that go together more than chance would give (count\n"
	 "and lift, at least --min-support entries: 3, more in large sets), labels with families\n"
	 "and visit types, recurring words and phrases of Notice and Be Curious (in the newest\n"
	 "5000 of them, scored against the whole journal over the same time), questions for\n"
	 "supervision not yet discussed, a self-care note, and earlier entries to revisit for the\n"
	 "newest one (or --revisit ID). --format json prints it for scripts; with --ids every item\n"
	 "lists the ids of the entries behind it.\n\n"
	 "--shared (a supervisor's view) looks across the entries supervisees shared with you\n"
	 "(--from NAME: one of them); ids are then those of 'reflect show --shared ITEM', and a\n"
	 "question counts as discussed once you have responded to its entry.")},
	{"practice", cmd_practice, "reflect practice [N | --skip]",
	 N_("the monthly check-in: how much ACEs, trauma-informed care or resilience are part of "
	    "your practice"),
	 N_("With N (0 to 10) keeps an answer, sealed; --skip lets this month's question be. Without\n"
	 "either, prints the question and its average by month. The TUI offers it on home at most\n"
	 "once a month; the review shows its course beside activation.")},
	{"passwd", cmd_passwd, "reflect passwd [--kdf LEVEL]", N_("change the passphrase"),
	 N_("Asks for the current passphrase, then the new one twice (or reads it from\n"
	 "--new-passphrase-file). Either the old or the new passphrase opens the journal at every\n"
	 "moment, even if the change is interrupted.")},
	{"check", cmd_check, "reflect check [--accept [--yes]]", N_("verify every record in the journal"),
	 N_("Exit status 4 and a list of what is damaged when anything does not authenticate, when\n"
	 "rows were deleted, put back or rolled back, or when the tables were changed.\n"
	 "--accept, after the damage has been seen, takes the journal as it is now as the new\n"
	 "starting point (it asks first; --yes when not run from a terminal), so that a later\n"
	 "deletion shows again instead of hiding under an old warning.")},
	{"drafts", cmd_drafts, "reflect drafts | drafts discard ID [--force]",
	 N_("the sealed drafts kept, and letting one go"),
	 N_("Lists each draft: its id, when it was started, whether it is a new reflection or\n"
	 "changes to an entry, the step it was left at and its first words. Open one in the\n"
	 "full-screen journal (home shows how many wait). discard ID lets one go for good after\n"
	 "asking (--force when not run from a terminal).")},
	{"backup", cmd_backup, "reflect backup FILE [--force]",
	 N_("write a sealed copy of the journal to FILE"),
	 N_("The copy is as sealed as the journal and opens with the same passphrase:\n"
	 "reflect --journal FILE list.")},
	{"id", cmd_id, "reflect id [--fingerprint] [--name NAME] [--credential TEXT]",
	 N_("this journal's contact card, or its fingerprint"),
	 N_("Prints the contact card to give to the person you share with (it survives email and\n"
	 "copy-paste). --fingerprint prints only the short fingerprint that two people read to\n"
	 "each other by phone or in person. --name sets the name shown on the card.\n"
	 "--credential keeps your credential with it (a supervisor's \"IMH-E Mentor\"): your\n"
	 "card shows it and 'supervision confirm' signs it into your confirmations.")},
	{"contact", cmd_contact,
	 "reflect contact add NAME FILE|- [--verified] [--supervisor] | list | verify NAME "
	 "[--fingerprint F] | role NAME supervisor|none | remove NAME",
	 N_("pin the cards of the people you share with"),
	 N_("add pins a card under NAME (--verified once you have read the fingerprint together;\n"
	 "--supervisor: 'reflect sync' sends them what you mark for supervision; 'contact role'\n"
	 "changes that later).\n"
	 "A different card for a pinned name is refused until you check its fingerprint with the\n"
	 "person and run 'contact verify NAME'. list shows each contact and its fingerprint.")},
	{"share", cmd_share,
	 "reflect share --to NAME [--to NAME...] (--flagged | --entry ID ... | --responses [--all]) -o FILE",
	 N_("seal entries (or your responses) in a bundle only the people named can open"),
	 N_("--flagged shares the entries marked for supervision; --entry chooses them by id.\n"
	 "A supervisor sends responses back with --responses (new ones; --all for all again).\n"
	 "The bundle is sealed to each named contact's pinned card (a group's name stands for\n"
	 "its members) and signed by this journal. In a group every member sees the others'\n"
	 "responses.")},
	{"group", cmd_group, "reflect group add NAME MEMBER... | list | remove NAME",
	 N_("a reflective-practice group, usable wherever --to is"),
	 N_("Members are contacts' names. 'reflect share --to NAME' with a group's name seals the\n"
	 "bundle to every member; their responses reach the author and each other.")},
	{"sync", cmd_sync, "reflect sync [DIR]",
	 N_("send and receive through an exchange folder"),
	 N_("DIR is any folder both sides already sync (a network share, Nextcloud, OneDrive,\n"
	 "Syncthing, a git checkout); without it, 'exchange = DIR' in the settings. Entries marked\n"
	 "for supervision (when new or changed) go to every contact pinned as a supervisor;\n"
	 "responses and replies go to the people in the entry's thread. Every bundle in DIR for\n"
	 "this journal is received with the checks of 'reflect receive'; one that fails is named\n"
	 "and left alone (exit status 4); nothing is received twice.")},
	{"receive", cmd_receive, "reflect receive FILE",
	 N_("import a bundle from a contact: shared entries, or responses to yours"),
	 N_("Everything is checked before anything is written: that it is for you, from a pinned\n"
	 "contact, signed, complete, in order, unaltered and not received before. A bundle that\n"
	 "fails any check is refused with exit status 4 and nothing is imported.")},
	{"verify", cmd_verify, "reflect verify FILE.json [--fingerprint FPR]",
	 N_("check the supervisor's attestations in a JSON portfolio, offline"),
	 N_("Each attestation is a statement a supervisor signed with their own key ('reflect\n"
	 "supervision confirm'): these sessions took place, these entries were discussed. verify\n"
	 "checks the signature against the key it names and that what the portfolio shows beside\n"
	 "it (name, credential, period, hours, entries) is what was signed; any difference is\n"
	 "exit status 4. --fingerprint also requires the key to be that supervisor's.")},
	{"respond", cmd_respond, "reflect respond [--from NAME] ID",
	 N_("a message in an entry's thread; the text is read from standard input"),
	 N_("On your own entry (a number from 'reflect list') it is your reply to the responses;\n"
	 "on a shared entry (--from NAME and NAME's number, as 'reflect list --shared' shows) it\n"
	 "is your response. 'reflect sync' sends it, or 'reflect share --responses --to NAME'.")},
	{"supervision", cmd_supervision,
	 "reflect supervision add --minutes N [--date D] [--group] [--peer] [--provider NAME] "
	 "[--endorsement LEVEL] [--consultant] [--entry ID|NAME:ID ...] [--with NAME ...] | list | "
	 "hours [--years 1|2] [--until DATE] | remove ID | confirm --to NAME "
	 "--session DATE:MINUTES[:group] ... [--since D] [--until D] [--entry ID ...] "
	 "[--credential TEXT] -o FILE",
	 N_("the reflective supervision log and its hours"),
	 N_("add logs a session (individual unless --group or two --with; within the agency unless\n"
	 "--consultant; --peer for peer supervision, logged but never counted). Entries given\n"
	 "with --entry (Ana:7 for Ana's 7) were discussed: their open questions count as\n"
	 "discussed. hours totals the last 1 or 2 years against the 24 and 50 hour thresholds\n"
	 "of endorsement.\n\n"
	 "confirm (a supervisor) signs a statement for a supervisee: these sessions took place,\n"
	 "these entries were discussed (by default the entries they shared that you answered in\n"
	 "the period), with your name, credential and key, into a bundle for them. Received, it\n"
	 "marks their logged sessions \"confirmed by\" you, and their portfolios carry it.")},
	{"config", cmd_config, "reflect config", N_("show the settings in force and where they come from"),
	 N_("Settings are read from $XDG_CONFIG_HOME/reflect/config (~/.config/reflect/config), one\n"
	 "'key = value' a line: lock_after (seconds), kdf (interactive|moderate|sensitive),\n"
	 "layout (pnc|gibbs|nmc), prompts (a prompt set file), colour (calm|none).\n"
	 "The prompt set is checked too: a line it cannot read is named here.")},
	{"help", cmd_help, "reflect help [COMMAND]", N_("help on the commands"), NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

const cli_command *cli_find(const char *name)
{
	for (const cli_command *c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cmd_help(int argc, char **argv, const cli_global *g)
{
	(void)g;
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		for (const cli_command *c = cli_commands; c->name != NULL; c++)
			puts(c->name);
		return EXIT_DONE;
	}
	if (argc > 1) {
		const cli_command *c = cli_find(argv[1]);
		if (c == NULL)
			return cli_usage("help", _("there is no command '%s'"), argv[1]);
		printf(_("usage: %s\n"), c->usage);
		printf("\n%s.\n", _(c->summary));
		if (c->help != NULL)
			printf("\n%s\n", _(c->help));
		return EXIT_DONE;
	}
	puts(_("reflect - a sealed journal for reflective practice (Pause, Notice, Be Curious)\n\n"
	       "usage: reflect [OPTIONS]             open the journal (guided reflection)\n"
	       "       reflect [OPTIONS] COMMAND ...\n\n"
	       "Commands:"));
	for (const cli_command *c = cli_commands; c->name != NULL; c++)
		printf("  %-12s %s\n", c->name, _(c->summary));
	puts(_("\nOptions:\n"
	       "  --journal PATH            the journal file (or REFLECT_JOURNAL)\n"
	       "  --passphrase-file FILE    read the passphrase from FILE's first line\n"
	       "                            (or REFLECT_PASSPHRASE_FILE); never on the command line\n"
	       "  --new-passphrase-file F   the new passphrase, for passwd\n"
	       "  --lock-after SECONDS      lock the screen after this much idle time (600)\n"
	       "  --plain                   plain questions and answers, for screen readers\n"
	       "  --prompts FILE            an organisation's own prompt set (see reflect(1))\n"
	       "  --version, --help\n\n"
	       "The language follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG.\n"
	       "Exit status: 0 done, 1 failed, 2 usage, 3 wrong passphrase, 4 damage detected.\n"
	       "'reflect help COMMAND' and reflect(1) say more."));
	return EXIT_DONE;
}
